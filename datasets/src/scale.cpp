// Scale inputs for benchmarks. Every coordinate is a pure function of (seed, lattice index), so
// features are written as they are computed and nothing of the size of the input is kept.
#include "infracov/datasets/scale.hpp"
#include "infracov/geo/error.hpp"

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
using geo::FieldType;
using geo::Point;

constexpr double kNodeSpacingM = 1500.0;
constexpr double kNodeJitterM = 300.0;
constexpr std::size_t kPowerChunkNodes = 64;
constexpr std::size_t kWaterBlockNodes = 16;

// A random number in [0, 1) fixed by the seed and up to three indexes.
double hashed(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  detail::Random r(seed ^ (a * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL) ^
                   (c * 0x165667B19E3779F9ULL));
  return r.uniform();
}

class Lattice {
 public:
  Lattice(std::size_t side, std::uint64_t seed) : side_(side), seed_(seed) {
    // Centred on the zone's central meridian, so UTM zone 51N holds it without distortion worries.
    origin_ = {500000.0 - kNodeSpacingM * static_cast<double>(side) / 2,
               4'800'000.0 - kNodeSpacingM * static_cast<double>(side) / 2};
  }
  std::size_t side() const { return side_; }
  Point node(std::size_t i, std::size_t j) const {
    return {origin_.x + kNodeSpacingM * static_cast<double>(i) +
                (hashed(seed_, i, j, 1) - 0.5) * 2 * kNodeJitterM,
            origin_.y + kNodeSpacingM * static_cast<double>(j) +
                (hashed(seed_, i, j, 2) - 0.5) * 2 * kNodeJitterM};
  }
  Point corner(std::size_t i, std::size_t j) const {  // unjittered, for block polygons
    return {origin_.x + kNodeSpacingM * (static_cast<double>(i) - 0.5),
            origin_.y + kNodeSpacingM * (static_cast<double>(j) - 0.5)};
  }

 private:
  std::size_t side_;
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

}  // namespace

ScaleFigures write_scale_input(const std::filesystem::path& dir, std::size_t village_count,
                               std::size_t road_edges_target, std::uint64_t seed) {
  if (village_count == 0) throw InternalError("write_scale_input: village_count is 0");
  std::filesystem::create_directories(dir);
  const std::filesystem::path gpkg = dir / "scale.gpkg";
  std::filesystem::remove(gpkg);
  // A square lattice of n x n nodes has 2n(n-1) edges: pick n to match the target.
  const double edges = static_cast<double>(std::max(road_edges_target, village_count));
  const auto side = std::max<std::size_t>(
      2, static_cast<std::size_t>(std::ceil((1.0 + std::sqrt(1.0 + 2.0 * edges)) / 2.0)));
  const Lattice lattice(side, seed);
  const std::size_t nodes = side * side;
  const geo::Crs crs = geo::Crs::from_user("EPSG:32651");
  ScaleFigures figures;
  geo::DatasetWriter out(gpkg);

  auto& villages = out.create_layer("villages", geo::GeometryClass::kPoint, crs,
                                    {{"code", FieldType::kString},
                                     {"name", FieldType::kString},
                                     {"population", FieldType::kInteger64}});
  auto& clinics = out.create_layer("clinics", geo::GeometryClass::kPoint, crs,
                                   {{"clinic_id", FieldType::kString},
                                    {"standardized", FieldType::kInteger},
                                    {"village_id", FieldType::kString}});
  for (std::size_t k = 0; k < village_count; ++k) {
    // Villages spread evenly over the nodes, several per node when there are more villages.
    const std::size_t at = k * nodes / village_count;  // fits: both are below 10^7
    const Point node = lattice.node(at % side, at / side);
    const Point p = node + polar(100.0 + 300.0 * hashed(seed, k, 0, 3),
                                 2 * detail::kPi * hashed(seed, k, 0, 4));
    const std::string code = padded("V", k, 7);
    villages.write({code, "Village " + std::to_string(k),
                    static_cast<std::int64_t>(200 + 1800 * hashed(seed, k, 0, 5))},
                   p);
    if (k % 2 == 0) {  // one clinic per two villages, four in five standardized
      const Point c =
          p + polar(50.0 + 100.0 * hashed(seed, k, 0, 6), 2 * detail::kPi * hashed(seed, k, 0, 7));
      clinics.write(
          {padded("C", k / 2, 7), std::int64_t{hashed(seed, k, 0, 8) < 0.8 ? 1 : 0}, code}, c);
      ++figures.clinics;
    }
  }
  figures.villages = village_count;

  auto& roads =
      out.create_layer("roads", geo::GeometryClass::kLine, crs, {{"class", FieldType::kString}});
  std::vector<geo::Polyline> line(1, geo::Polyline(2));
  const auto road_class = [&](std::size_t along, std::size_t across,
                              std::size_t salt) -> std::string {
    if (across % 10 == 0) return "county";  // every tenth row and column is a county road
    return hashed(seed, along, across, salt) < 0.3 ? "gravel" : "village_paved";
  };
  for (std::size_t j = 0; j < side; ++j) {
    for (std::size_t i = 0; i < side; ++i) {
      const Point here = lattice.node(i, j);
      if (i + 1 < side) {
        line[0][0] = here;
        line[0][1] = lattice.node(i + 1, j);
        roads.write({road_class(i, j, 9)}, line);
        figures.road_km += geo::distance_m(line[0][0], line[0][1]) / 1000.0;
        ++figures.road_edges;
      }
      if (j + 1 < side) {
        line[0][0] = here;
        line[0][1] = lattice.node(i, j + 1);
        roads.write({road_class(j, i, 10)}, line);
        figures.road_km += geo::distance_m(line[0][0], line[0][1]) / 1000.0;
        ++figures.road_edges;
      }
    }
  }

  // 10 kV lines along every lattice row, 200 m off the nodes, in chunks.
  auto& power = out.create_layer("power_lines", geo::GeometryClass::kLine, crs,
                                 {{"line_id", FieldType::kString}});
  for (std::size_t j = 0; j < side; ++j) {
    for (std::size_t start = 0; start + 1 < side; start += kPowerChunkNodes) {
      geo::Polyline chunk;
      for (std::size_t i = start; i < std::min(side, start + kPowerChunkNodes + 1); ++i) {
        chunk.push_back(lattice.node(i, j) + Point{0.0, 200.0});
      }
      power.write({padded("P", figures.power_lines, 7)}, std::vector<geo::Polyline>{chunk});
      ++figures.power_lines;
    }
  }

  // Square service areas over blocks of nodes, covering the whole lattice.
  auto& water = out.create_layer("water_service_areas", geo::GeometryClass::kPolygon, crs,
                                 {{"area_id", FieldType::kString}});
  const geo::GeosContext ctx;
  for (std::size_t bj = 0; bj < side; bj += kWaterBlockNodes) {
    for (std::size_t bi = 0; bi < side; bi += kWaterBlockNodes) {
      const Point lo = lattice.corner(bi, bj);
      const Point hi = lattice.corner(std::min(side, bi + kWaterBlockNodes),
                                      std::min(side, bj + kWaterBlockNodes));
      const std::vector<Point> ring{lo, {hi.x, lo.y}, hi, {lo.x, hi.y}, lo};
      water.write({padded("WS", figures.water_service_areas, 6)},
                  geo::Geometry::polygon(ctx, ring));
      ++figures.water_service_areas;
    }
  }
  out.close();

  std::ofstream toml(dir / "scale.toml", std::ios::binary | std::ios::trunc);
  toml << "# Generated by infracov::datasets::write_scale_input: " << village_count << " villages, "
       << figures.road_edges << " road edges, seed " << seed << ".\n"
       << R"([analysis]
crs = "EPSG:32651"
seat = "V0000000"
max_access_m = 2000
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
paved = ["county", "village_paved"]
speed_kmh = { county = 40, village_paved = 30, gravel = 20 }

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
