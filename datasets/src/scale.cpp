// Scale inputs for benchmarks. Every coordinate is a pure function of (seed, lattice or feature
// index), so features are written as they are computed and nothing of the size of the input is
// kept: the memory of a nation-sized run is the memory of a county-sized one.
//
// The road network is built on a jittered square lattice of nodes, 780 m apart:
// - Row and column roads run from lattice node to lattice node, bent through 5 shape vertices per
//   lattice edge. A feature spans two lattice edges and passes through the middle node as an
//   interior vertex; rows and columns are staggered so that at every node one line passes through
//   and the other ends there (junctions at shared interior vertices, as in OpenStreetMap data).
// - Every lattice cell has one dead-end gravel track, starting at a shape vertex of the cell's
//   bottom or left edge (which that vertex then splits). Tracks are bridges: with two lattice
//   edges and one track per cell, a quarter of the noded edges are.
// - Overpasses: one cell in 20 has a track that crosses the next row road with no shared vertex
//   and ends 150 m beyond it.
// - Snapped ends: one lattice edge in 50 is cut into two features at a shape vertex whose two end
//   points lie 0.25 m apart (snap_m = 1 joins them).
// - Gaps: some interior lattice edges, never two at one node, are cut the same way with the ends
//   5 m apart (they must stay apart: all the pieces of that edge become bridges).
// Rows and columns 2, 10, 18, ... (every 8th) are county roads, every 24th provincial, every 48th
// national; the other features are village_paved or (one in four) gravel.
#include "infracov/datasets/scale.hpp"
#include "infracov/geo/error.hpp"

#include <array>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/writer.hpp"
#include "plane.hpp"

namespace infracov::datasets {
namespace {

using detail::polar;
using detail::operator+;
using detail::operator-;
using detail::operator*;
using geo::FieldType;
using geo::Point;

constexpr double kCellM = 780.0;        // lattice spacing
constexpr double kNodeJitterM = 40.0;   // each lattice node moves up to this in x and y
constexpr double kBendM = 15.0;         // shape vertices lie up to this off the chord
constexpr int kShapeVertices = 5;       // per lattice edge: vertex 0 and 6 are the lattice nodes
constexpr double kTrackMinM = 300.0;    // dead-end track lengths; the margins to the next road
constexpr double kTrackMaxM = 550.0;    // (jitter + bend + wiggle) keep tracks inside their cell
constexpr double kTrackWiggleM = 10.0;  // sideways offset of track vertices
constexpr double kTrackVertexM = 120.0;
constexpr double kOverpassBeyondM = 150.0;  // how far an overpass track runs past the road
constexpr double kSnapOffsetM = 0.25;
constexpr double kGapM = 5.0;
constexpr double kSnapRate = 0.02;      // per lattice edge
constexpr double kGapRate = 0.1;        // per lattice edge eligible for a gap (1 in 16)
constexpr double kOverpassRate = 0.05;  // per cell
constexpr double kVillagesPerTown = 20.0;

enum Salt : std::uint64_t {
  kJitterX = 1,
  kJitterY,
  kBend,
  kSnap,
  kGap,
  kSplitVertex,
  kOverpass,
  kTrackSide,
  kTrackVertex,
  kTrackLength,
  kTrackWiggle,
  kRoadClass,
  kVillageCellX,
  kVillageCellY,
  kVillageX,
  kVillageY,
  kPopulation,
  kClinicDistance,
  kClinicAngle,
  kStandardized,
  kPowerStart,
  kPowerAngle,
  kPowerVertices,
  kPowerStep,
  kPowerTurn,
  kWaterCentre,
  kWaterAngle,
  kWaterRadius,
  kWaterVertex,
};

// A random number in [0, 1) fixed by the seed and up to three indexes.
double hashed(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  detail::Random r(seed ^ (a * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL) ^
                   (c * 0x165667B19E3779F9ULL));
  return r.uniform();
}
std::size_t hashed_index(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c,
                         std::size_t n) {
  return std::min(n - 1, static_cast<std::size_t>(hashed(seed, a, b, c) * static_cast<double>(n)));
}

enum class Dir { kRow, kColumn };  // a lattice edge from node (i, j) to (i + 1, j) or (i, j + 1)

struct Track {
  Dir host = Dir::kRow;  // kRow: from the cell's bottom edge upwards; kColumn: from its left edge
  int vertex = 0;        // shape vertex of the host edge it starts at
  bool overpass = false;
};

struct EdgeInfo {
  int track_vertex = 0;  // 0: no track starts on this edge
  int split_vertex = 0;  // 0: not cut; else the features meet (snap) or stop (gap) there
  bool gap = false;
};

class Network {
 public:
  Network(std::size_t side, std::uint64_t seed) : n_(side), seed_(seed) {
    // Centred on the zone's central meridian, so UTM zone 51N holds it without distortion worries.
    origin_ = {500000.0 - kCellM * static_cast<double>(side) / 2,
               4'800'000.0 - kCellM * static_cast<double>(side) / 2};
  }
  std::size_t side() const { return n_; }
  std::size_t cells_per_side() const { return n_ - 1; }
  Point nominal(double i, double j) const {
    return {origin_.x + kCellM * i, origin_.y + kCellM * j};
  }

  Point node(std::size_t i, std::size_t j) const {
    return nominal(static_cast<double>(i), static_cast<double>(j)) +
           Point{(hashed(seed_, i, j, kJitterX) - 0.5) * 2 * kNodeJitterM,
                 (hashed(seed_, i, j, kJitterY) - 0.5) * 2 * kNodeJitterM};
  }
  // Vertex k (0 to kShapeVertices + 1) of the lattice edge from node (i, j) in direction d. The
  // end vertices are the nodes themselves, bit for bit, so the lines meeting there share them.
  Point vertex(Dir d, std::size_t i, std::size_t j, int k) const {
    const Point a = node(i, j);
    const Point b = d == Dir::kRow ? node(i + 1, j) : node(i, j + 1);
    if (k == 0) return a;
    if (k == kShapeVertices + 1) return b;
    const double t = static_cast<double>(k) / (kShapeVertices + 1);
    const double off =
        (hashed(seed_, i * 2 + salt_dir(d), j, kBend * 8 + static_cast<std::uint64_t>(k)) - 0.5) *
        2 * kBendM;
    return a + (b - a) * t + detail::perpendicular(detail::unit(b - a)) * off;
  }

  // One cell in 20 (and cell (1, 1), so that every input has one), never two above each other:
  // an overpass ends in the cell above it, whose track must keep clear.
  bool overpass(std::size_t ci, std::size_t cj) const {
    if (cj + 2 > cells_per_side()) return false;  // needs the cell above to end in
    return overpass_candidate(ci, cj) && !(cj >= 1 && overpass_candidate(ci, cj - 1));
  }
  Track track(std::size_t ci, std::size_t cj) const {
    if (overpass(ci, cj)) return {Dir::kRow, 3, true};
    // Above an overpass the track leaves the left edge high enough to clear the overpass' end.
    if (cj >= 1 && overpass(ci, cj - 1)) {
      return {Dir::kColumn, 3 + static_cast<int>(hashed_index(seed_, ci, cj, kTrackVertex, 3)),
              false};
    }
    if (hashed(seed_, ci, cj, kTrackSide) < 0.5) {
      constexpr std::array<int, 4> kOffCentre{1, 2, 4, 5};  // the middle is for overpasses
      return {Dir::kRow, kOffCentre[hashed_index(seed_, ci, cj, kTrackVertex, 4)], false};
    }
    return {Dir::kColumn, 1 + static_cast<int>(hashed_index(seed_, ci, cj, kTrackVertex, 5)),
            false};
  }

  EdgeInfo edge(Dir d, std::size_t i, std::size_t j) const {
    EdgeInfo info;
    if (i < cells_per_side() && j < cells_per_side()) {
      const Track t = track(i, j);
      if (t.host == d) info.track_vertex = t.vertex;
    }
    // Gaps only on interior edges, at most one at any node: rows from i = 1 mod 4 on rows 2 mod 4,
    // columns from j = 0 mod 4 on columns 3 mod 4 (these node sets are disjoint). The lattice
    // then stays two-edge-connected, so exactly the pieces of the gapped edge become bridges.
    const std::size_t last = n_ - 1;
    const bool eligible =
        d == Dir::kRow ? (i % 4 == 1 && j % 4 == 2 && i + 2 <= last && j + 1 <= last)
                       : (i % 4 == 3 && j % 4 == 0 && j >= 1 && i + 1 <= last && j + 2 <= last);
    const std::uint64_t a = i * 2 + salt_dir(d);
    if (eligible &&
        ((d == Dir::kRow && i == 1 && j == 2) || hashed(seed_, a, j, kGap) < kGapRate)) {
      info.gap = true;
    }
    const bool snap = !info.gap && ((d == Dir::kRow && i == 0 && j == 0) ||
                                    hashed(seed_, a, j, kSnap) < kSnapRate);
    if (info.gap || snap) {
      std::array<int, 3> choices{};
      std::size_t count = 0;
      for (const int k : {1, 2, 4, 5}) {
        if (k != info.track_vertex && count < choices.size()) choices[count++] = k;
      }
      info.split_vertex = choices[hashed_index(seed_, a, j, kSplitVertex, count)];
    }
    return info;
  }

  // The track of cell (ci, cj), from its start vertex (shared with the host edge) to its dead end.
  geo::Polyline track_line(std::size_t ci, std::size_t cj) const {
    const Track t = track(ci, cj);
    const Point start = vertex(t.host, ci, cj, t.vertex);
    const Point along = t.host == Dir::kRow ? Point{0.0, 1.0} : Point{1.0, 0.0};
    double length = kTrackMinM + (kTrackMaxM - kTrackMinM) * hashed(seed_, ci, cj, kTrackLength);
    if (t.overpass) {
      length = nominal(0.0, static_cast<double>(cj + 1)).y + kOverpassBeyondM - start.y;
    }
    const auto segments =
        static_cast<std::size_t>(std::max(3.0, std::ceil(length / kTrackVertexM)));
    geo::Polyline line{start};
    for (std::size_t q = 1; q <= segments; ++q) {
      const double wiggle =
          (hashed(seed_, ci * 64 + q, cj, kTrackWiggle) - 0.5) * 2 * kTrackWiggleM;
      line.push_back(start +
                     along * (length * static_cast<double>(q) / static_cast<double>(segments)) +
                     detail::perpendicular(along) * wiggle);
    }
    return line;
  }

 private:
  bool overpass_candidate(std::size_t ci, std::size_t cj) const {
    const auto forced = [](std::size_t x, std::size_t y) { return x == 1 && y == 1; };
    return forced(ci, cj) ||
           (!forced(ci, cj + 1) && hashed(seed_, ci, cj, kOverpass) < kOverpassRate);
  }
  static std::uint64_t salt_dir(Dir d) { return d == Dir::kRow ? 0 : 1; }
  std::size_t n_;
  std::uint64_t seed_;
  Point origin_;
};

std::string padded(const char* prefix, std::size_t n, int width) {
  std::string digits = std::to_string(n);
  if (static_cast<int>(digits.size()) < width) {
    digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  }
  return prefix + digits;
}

// Villages are spread over square blocks of cells, one town per block, about 20 villages a town.
class VillagePlan {
 public:
  VillagePlan(const Network& net, std::size_t villages, std::uint64_t seed)
      : net_(net), villages_(villages), seed_(seed) {
    const double cells = static_cast<double>(net.cells_per_side());
    const double per_side =
        std::sqrt(kVillagesPerTown * cells * cells / static_cast<double>(villages));
    block_ = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(per_side)));
    blocks_per_side_ = (net.cells_per_side() + block_ - 1) / block_;
  }
  std::size_t town(std::size_t k) const {
    return k * (blocks_per_side_ * blocks_per_side_) / villages_;
  }
  // The seat (the project file's anchor) is the middle village.
  std::size_t seat() const { return villages_ / 2; }
  Point point(std::size_t k) const {
    const std::size_t b = town(k);
    const std::size_t bx = b % blocks_per_side_;
    const std::size_t by = b / blocks_per_side_;
    const std::size_t cells = net_.cells_per_side();
    const std::size_t cx = bx * block_ + hashed_index(seed_, k, 0, kVillageCellX,
                                                      std::min(block_, cells - bx * block_));
    const std::size_t cy = by * block_ + hashed_index(seed_, k, 0, kVillageCellY,
                                                      std::min(block_, cells - by * block_));
    if (k == seat()) {
      // 28 m from a lattice node with i and j multiples of 4, whose edges are never gapped and
      // whose tracks start over 100 m away: the seat attaches to a road on a loop. On a dead-end
      // track, that track's bridge would separate every village from the seat.
      const std::size_t last = (cells - 1) / 4 * 4;
      return net_.node(std::min(last, (cx + 2) / 4 * 4), std::min(last, (cy + 2) / 4 * 4)) +
             Point{20.0, 20.0};
    }
    // Inside the cell, clear of its edges: at most about 400 m from a road.
    return net_.nominal(static_cast<double>(cx) + 0.15 + 0.7 * hashed(seed_, k, 0, kVillageX),
                        static_cast<double>(cy) + 0.15 + 0.7 * hashed(seed_, k, 0, kVillageY));
  }

 private:
  const Network& net_;
  std::size_t villages_;
  std::uint64_t seed_;
  std::size_t block_ = 1;
  std::size_t blocks_per_side_ = 1;
};

// Lattice side for about `edges` noded edges: with m cells a side there are 2(m+1)m lattice edges
// (a few cut by snaps and gaps) and m^2 tracks, each adding itself and a cut of its host edge.
std::size_t lattice_side(std::size_t edges) {
  constexpr double kCutRate = kSnapRate + kGapRate / 16.0;
  const double a = 4.0 + 2.0 * kCutRate;
  const double b = 2.0 * (1.0 + kCutRate);
  const double m = (-b + std::sqrt(b * b + 4.0 * a * static_cast<double>(edges))) / (2.0 * a);
  return std::max<std::size_t>(2, static_cast<std::size_t>(std::llround(m)) + 1);
}

const char* trunk_class(std::size_t line) {
  if (line % 48 == 6) return "national";
  if (line % 24 == 18) return "provincial";
  if (line % 8 == 2) return "county";
  return nullptr;
}

}  // namespace

ScaleFigures write_scale_input(const std::filesystem::path& dir, std::size_t village_count,
                               std::size_t road_edges_target, std::uint64_t seed) {
  if (village_count == 0) throw InternalError("write_scale_input: village_count is 0");
  std::filesystem::create_directories(dir);
  const std::filesystem::path gpkg = dir / "scale.gpkg";
  std::filesystem::remove(gpkg);
  const Network net(lattice_side(road_edges_target), seed);
  const std::size_t n = net.side();
  const VillagePlan plan(net, village_count, seed);
  const geo::Crs crs = geo::Crs::from_user("EPSG:32651");
  ScaleFigures figures;
  geo::DatasetWriter out(gpkg);

  auto& villages = out.create_layer("villages", geo::GeometryClass::kPoint, crs,
                                    {{"code", FieldType::kString},
                                     {"name", FieldType::kString},
                                     {"population", FieldType::kInteger64},
                                     {"town", FieldType::kString}});
  for (std::size_t k = 0; k < village_count; ++k) {
    const std::size_t town = plan.town(k);
    if (k == 0 || town != plan.town(k - 1)) ++figures.towns;
    villages.write({padded("V", k, 7), "Village " + std::to_string(k),
                    static_cast<std::int64_t>(200 + 1800 * hashed(seed, k, 0, kPopulation)),
                    padded("T", town, 5)},
                   plan.point(k));
  }
  figures.villages = village_count;

  auto& roads =
      out.create_layer("roads", geo::GeometryClass::kLine, crs, {{"class", FieldType::kString}});
  std::vector<geo::Polyline> feature(1);
  const auto emit = [&](const std::string& cls) {
    roads.write({cls}, feature);
    figures.road_km += detail::polyline_length_m(feature[0]) / 1000.0;
    ++figures.road_features;
  };
  // Rows (d = kRow, line = j) and columns (d = kColumn, line = i), node s along the line.
  for (const Dir d : {Dir::kRow, Dir::kColumn}) {
    const std::size_t ends_parity = d == Dir::kRow ? 0 : 1;
    for (std::size_t line = 0; line < n; ++line) {
      const char* trunk = trunk_class(line);
      std::size_t ordinal = 0;  // features along this line, for their class
      const auto line_class = [&]() -> std::string {
        if (trunk != nullptr) return trunk;
        const std::uint64_t key = line * 2 + (d == Dir::kRow ? 0 : 1);
        return hashed(seed, key, ordinal, kRoadClass) < 0.25 ? "gravel" : "village_paved";
      };
      const auto at = [&](std::size_t s) {
        return d == Dir::kRow ? std::pair{s, line} : std::pair{line, s};
      };
      auto& pts = feature[0];
      pts.assign(1, net.node(at(0).first, at(0).second));
      for (std::size_t s = 0; s + 1 < n; ++s) {
        const auto [i, j] = at(s);
        const EdgeInfo info = net.edge(d, i, j);
        figures.road_edges +=
            1 + (info.track_vertex != 0 ? 1 : 0) + (info.split_vertex != 0 ? 1 : 0);
        if (info.gap) {
          figures.bridges += 2 + (info.track_vertex != 0 ? 1 : 0);
          ++figures.gaps;
        } else if (info.split_vertex != 0) {
          ++figures.snapped_joins;
        }
        for (int k = 1; k <= kShapeVertices; ++k) {
          const Point p = net.vertex(d, i, j, k);
          pts.push_back(p);
          if (k == info.split_vertex) {
            emit(line_class());
            ++ordinal;
            const Point towards = detail::unit(net.vertex(d, i, j, k + 1) - p);
            pts.assign(1, p + towards * (info.gap ? kGapM : kSnapOffsetM));
          }
        }
        pts.push_back(net.vertex(d, i, j, kShapeVertices + 1));
        if (s + 2 == n || (s + 1 + line) % 2 == ends_parity) {
          emit(line_class());
          ++ordinal;
          const auto [ni, nj] = at(s + 1);
          pts.assign(1, net.node(ni, nj));
        }
      }
    }
  }
  for (std::size_t cj = 0; cj + 1 < n; ++cj) {
    for (std::size_t ci = 0; ci + 1 < n; ++ci) {
      feature[0] = net.track_line(ci, cj);
      emit("gravel");
      ++figures.road_edges;
      ++figures.bridges;
      if (net.overpass(ci, cj)) ++figures.overpasses;
    }
  }

  // One clinic by every village, a second a few kilometres off by every other one; four in five
  // standardized.
  auto& clinics = out.create_layer("clinics", geo::GeometryClass::kPoint, crs,
                                   {{"clinic_id", FieldType::kString},
                                    {"standardized", FieldType::kInteger},
                                    {"village_id", FieldType::kString}});
  for (std::size_t k = 0; k < village_count; ++k) {
    const Point v = plan.point(k);
    for (std::size_t c = 0; c < (k % 2 == 0 ? 2u : 1u); ++c) {
      const double r = c == 0 ? 100.0 + 300.0 * hashed(seed, k, c, kClinicDistance)
                              : 1000.0 + 2000.0 * hashed(seed, k, c, kClinicDistance);
      const Point p = v + polar(r, 2 * detail::kPi * hashed(seed, k, c, kClinicAngle));
      clinics.write(
          {padded("C", figures.clinics, 7),
           std::int64_t{hashed(seed, k, c, kStandardized) < 0.8 ? 1 : 0}, padded("V", k, 7)},
          p);
      ++figures.clinics;
    }
  }

  // 10 kV lines: three for every four villages, each a bent line of 6 to 10 vertices starting a
  // few hundred metres from its village.
  auto& power = out.create_layer("power_lines", geo::GeometryClass::kLine, crs,
                                 {{"line_id", FieldType::kString}});
  const std::size_t power_count = std::max<std::size_t>(1, village_count * 3 / 4);
  for (std::size_t m = 0; m < power_count; ++m) {
    const std::size_t k = m * village_count / power_count;
    Point p = plan.point(k) + polar(200.0 + 400.0 * hashed(seed, m, 0, kPowerStart),
                                    2 * detail::kPi * hashed(seed, m, 1, kPowerStart));
    double heading = 2 * detail::kPi * hashed(seed, m, 0, kPowerAngle);
    const std::size_t vertices = 6 + hashed_index(seed, m, 0, kPowerVertices, 5);
    feature[0].assign(1, p);
    for (std::size_t q = 1; q < vertices; ++q) {
      heading += (hashed(seed, m, q, kPowerTurn) - 0.5) * 0.8;
      p = p + polar(400.0 + 400.0 * hashed(seed, m, q, kPowerStep), heading);
      feature[0].push_back(p);
    }
    power.write({padded("P", m, 7)}, feature);
    ++figures.power_lines;
  }

  // Water service areas: 7 for every 30 villages, star-shaped 16-gons of 1.5 to 3 km radius
  // around a village (so some villages lie in none, some in two).
  auto& water = out.create_layer("water_service_areas", geo::GeometryClass::kPolygon, crs,
                                 {{"area_id", FieldType::kString}});
  const geo::GeosContext ctx;
  const std::size_t water_count = std::max<std::size_t>(1, village_count * 7 / 30);
  constexpr std::size_t kWaterVertices = 16;
  for (std::size_t m = 0; m < water_count; ++m) {
    const std::size_t k = m * village_count / water_count;
    const Point centre = plan.point(k) + polar(500.0 * hashed(seed, m, 0, kWaterCentre),
                                               2 * detail::kPi * hashed(seed, m, 1, kWaterCentre));
    const double radius = 1500.0 + 1500.0 * hashed(seed, m, 0, kWaterRadius);
    const double turn = 2 * detail::kPi * hashed(seed, m, 0, kWaterAngle);
    std::vector<Point> ring;
    for (std::size_t q = 0; q < kWaterVertices; ++q) {
      const double angle = turn + 2 * detail::kPi * static_cast<double>(q) / kWaterVertices;
      ring.push_back(centre +
                     polar(radius * (0.8 + 0.4 * hashed(seed, m, q, kWaterVertex)), angle));
    }
    ring.push_back(ring.front());
    water.write({padded("WS", m, 6)}, geo::Geometry::polygon(ctx, ring));
    ++figures.water_service_areas;
  }
  out.close();

  std::ofstream toml(dir / "scale.toml", std::ios::binary | std::ios::trunc);
  toml << "# Generated by infracov::datasets::write_scale_input: " << village_count << " villages, "
       << figures.road_features << " road features, " << figures.road_edges
       << " noded road edges, seed " << seed << ".\n"
       << "[analysis]\n"
       << "crs = \"EPSG:32651\"\n"
       << "seat = \"" << padded("V", plan.seat(), 7) << "\"\n"
       << R"(max_access_m = 2000
snap_m = 1.0

[villages]
source = "scale.gpkg"
layer = "villages"
id = "code"
name = "name"
population = "population"

[roads]
source = "scale.gpkg"
layer = "roads"
class = "class"
paved = ["national", "provincial", "county", "village_paved"]
speed_kmh = { national = 80, provincial = 60, county = 40, village_paved = 30, gravel = 20 }

[facilities.clinic]
source = "scale.gpkg"
layer = "clinics"
id = "clinic_id"
where = "standardized = 1"
rule = "network"
max_m = 5000

[facilities.power]
source = "scale.gpkg"
layer = "power_lines"
rule = "euclid"
max_m = 1000

[facilities.water]
source = "scale.gpkg"
layer = "water_service_areas"
rule = "within"
)";
  if (!toml) throw OutputError("writing '" + (dir / "scale.toml").string() + "' failed");
  return figures;
}

}  // namespace infracov::datasets
