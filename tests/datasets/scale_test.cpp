// The benchmark input generator: counts, the noding properties a real road layer has (junctions at
// shared interior vertices, snapped ends, 5 m gaps, overpasses) and determinism, on a small
// instance, measured on the written GeoPackage independently of the generator.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "infracov/datasets/scale.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/reader.hpp"
#include "support/test_support.hpp"

namespace infracov::datasets {
namespace {

geo::FeatureTable read(const std::filesystem::path& gpkg, const std::string& layer,
                       geo::GeometryClass cls, const geo::GeosContext& ctx,
                       std::vector<std::string> fields = {}) {
  geo::LayerSpec spec;
  spec.source = gpkg.string();
  spec.layer = layer;
  spec.fields = std::move(fields);
  return geo::read_layer(ctx, spec, cls, geo::Crs::from_user("EPSG:32651"));
}

using Key = std::pair<double, double>;
Key key(geo::Point p) { return {p.x, p.y}; }

// Grid buckets of `cell` metres, for near pairs without a quadratic scan.
std::pair<long, long> bucket(geo::Point p, double cell) {
  return {static_cast<long>(std::floor(p.x / cell)), static_cast<long>(std::floor(p.y / cell))};
}

// Whether segments ab and cd cross at one point strictly inside both.
bool proper_crossing(geo::Point a, geo::Point b, geo::Point c, geo::Point d) {
  const auto orient = [](geo::Point p, geo::Point q, geo::Point r) {
    const double v = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
    return v > 0 ? 1 : (v < 0 ? -1 : 0);
  };
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}

TEST(ScaleInput, WritesTheRequestedCountsAndARealisticallyNodedNetwork) {
  test::ScratchDir scratch;
  const ScaleFigures f = write_scale_input(scratch.path(), 60, 3000, 7);
  // Exact counts: 1.5 clinics, 3/4 power lines and 7/30 water areas per village; the road
  // figures are those of this seed (a 28 x 28 node lattice).
  EXPECT_EQ(f.villages, 60u);
  EXPECT_EQ(f.clinics, 90u);
  EXPECT_EQ(f.power_lines, 45u);
  EXPECT_EQ(f.water_service_areas, 14u);
  EXPECT_EQ(f.road_features, 1549u);
  EXPECT_EQ(f.road_edges, 3006u);
  EXPECT_EQ(f.bridges, 740u);
  EXPECT_EQ(f.snapped_joins, 31u);
  EXPECT_EQ(f.gaps, 5u);
  EXPECT_EQ(f.overpasses, 31u);

  const geo::GeosContext ctx;
  const auto gpkg = scratch / "scale.gpkg";
  const auto villages = read(gpkg, "villages", geo::GeometryClass::kPoint, ctx, {"code", "town"});
  const auto roads = read(gpkg, "roads", geo::GeometryClass::kLine, ctx, {"class"});
  EXPECT_EQ(villages.features.size(), 60u);
  EXPECT_EQ(read(gpkg, "clinics", geo::GeometryClass::kPoint, ctx).features.size(), 90u);
  EXPECT_EQ(read(gpkg, "power_lines", geo::GeometryClass::kLine, ctx).features.size(), 45u);
  EXPECT_EQ(read(gpkg, "water_service_areas", geo::GeometryClass::kPolygon, ctx).features.size(),
            14u);
  ASSERT_EQ(roads.features.size(), f.road_features);

  // Classes: all five, tracks and some village roads gravel.
  std::set<std::string> classes;
  for (const auto& feature : roads.features) {
    classes.insert(std::get<std::string>(feature.values.at(0)));
  }
  EXPECT_EQ(classes,
            (std::set<std::string>{"county", "gravel", "national", "provincial", "village_paved"}));

  // Every distinct coordinate: in how many lines it occurs, whether as an interior vertex.
  std::vector<geo::Polyline> lines;
  std::map<Key, int> lines_at;
  std::set<Key> interior;
  std::size_t vertices = 0;
  for (const auto& feature : roads.features) {
    const auto parts = feature.geometry.lines();
    ASSERT_EQ(parts.size(), 1u);
    ASSERT_GE(parts[0].size(), 2u);
    vertices += parts[0].size();
    for (std::size_t i = 0; i < parts[0].size(); ++i) {
      ++lines_at[key(parts[0][i])];
      if (i > 0 && i + 1 < parts[0].size()) interior.insert(key(parts[0][i]));
    }
    lines.push_back(parts[0]);
  }
  // The seat lies by a junction (a lattice node), so it attaches to a road on a loop, not a track.
  geo::Point seat{};
  std::set<std::string> towns;
  for (const auto& v : villages.features) {
    if (std::get<std::string>(v.values.at(0)) == "V0000030") seat = v.geometry.points().front();
    towns.insert(std::get<std::string>(v.values.at(1)));
  }
  EXPECT_EQ(towns.size(), f.towns);
  double seat_to_junction = INFINITY;
  for (const auto& [p, n] : lines_at) {
    if (n >= 3)
      seat_to_junction = std::min(seat_to_junction, geo::distance_m(seat, {p.first, p.second}));
  }
  EXPECT_LT(seat_to_junction, 30.0);
  // Multi-vertex lines, not two-point segments.
  EXPECT_GT(static_cast<double>(vertices) / static_cast<double>(lines.size()), 6.0);
  // Junctions at shared interior vertices: a line passes through a vertex another line has too.
  std::size_t shared_interior = 0;
  for (const auto& p : interior) shared_interior += lines_at[p] >= 2 ? 1 : 0;
  EXPECT_GT(shared_interior, f.road_features / 2);

  // Noded edges (DESIGN.md: nodes at end points and shared vertices) as the generator promises.
  std::size_t edges = 0;
  for (const auto& line : lines) {
    std::size_t nodes = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (i == 0 || i + 1 == line.size() || lines_at[key(line[i])] >= 2) ++nodes;
    }
    edges += nodes - 1;
  }
  EXPECT_EQ(edges, f.road_edges);
  EXPECT_NEAR(static_cast<double>(f.road_edges) / static_cast<double>(f.road_features), 2.0, 0.2);
  EXPECT_NEAR(f.road_km * 1000.0 / static_cast<double>(f.road_edges), 500.0, 50.0);
  EXPECT_NEAR(static_cast<double>(f.bridges) / static_cast<double>(f.road_edges), 0.25, 0.03);

  // End points at distinct positions: 0.25 m apart (snapped) and 5 m apart (gaps, not joined).
  std::map<std::pair<long, long>, std::vector<geo::Point>> ends;
  for (const auto& line : lines) {
    for (const geo::Point p : {line.front(), line.back()}) ends[bucket(p, 10.0)].push_back(p);
  }
  std::size_t snapped = 0;
  std::size_t gaps = 0;
  std::set<std::pair<Key, Key>> seen;
  for (const auto& [b, points] : ends) {
    for (long dx = -1; dx <= 1; ++dx) {
      for (long dy = -1; dy <= 1; ++dy) {
        const auto other = ends.find({b.first + dx, b.second + dy});
        if (other == ends.end()) continue;
        for (const auto& p : points) {
          for (const auto& q : other->second) {
            if (!(key(p) < key(q)) || !seen.insert({key(p), key(q)}).second) continue;
            const double d = geo::distance_m(p, q);
            if (d > 0.0 && d <= 0.3) ++snapped;
            if (d > 4.99 && d < 5.01) ++gaps;
          }
        }
      }
    }
  }
  EXPECT_EQ(snapped, f.snapped_joins);
  EXPECT_GE(snapped, 1u);
  EXPECT_EQ(gaps, f.gaps);
  EXPECT_GE(gaps, 1u);

  // Overpasses: segments of two lines crossing with no shared vertex.
  std::map<std::pair<long, long>, std::vector<std::pair<std::size_t, std::size_t>>> segments;
  constexpr double kBucket = 200.0;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    for (std::size_t s = 0; s + 1 < lines[l].size(); ++s) {
      const geo::Point a = lines[l][s];
      const geo::Point b = lines[l][s + 1];
      const auto lo = bucket({std::min(a.x, b.x), std::min(a.y, b.y)}, kBucket);
      const auto hi = bucket({std::max(a.x, b.x), std::max(a.y, b.y)}, kBucket);
      for (long bx = lo.first; bx <= hi.first; ++bx) {
        for (long by = lo.second; by <= hi.second; ++by) segments[{bx, by}].push_back({l, s});
      }
    }
  }
  std::set<std::pair<std::size_t, std::size_t>> crossing_lines;
  for (const auto& [b, list] : segments) {
    for (std::size_t x = 0; x < list.size(); ++x) {
      for (std::size_t y = x + 1; y < list.size(); ++y) {
        const auto [la, sa] = list[x];
        const auto [lb, sb] = list[y];
        if (la == lb) continue;
        if (proper_crossing(lines[la][sa], lines[la][sa + 1], lines[lb][sb], lines[lb][sb + 1])) {
          crossing_lines.insert({std::min(la, lb), std::max(la, lb)});
        }
      }
    }
  }
  EXPECT_EQ(crossing_lines.size(), f.overpasses);
  EXPECT_GE(f.overpasses, 1u);

  const std::string toml = test::read_text(scratch / "scale.toml");
  EXPECT_NE(toml.find("source = \"scale.gpkg\""), std::string::npos);
  EXPECT_NE(toml.find("seat = \"V0000030\""), std::string::npos);
  EXPECT_NE(toml.find("rule = \"network\"\nmax_m = 5000"), std::string::npos);
  EXPECT_NE(toml.find("rule = \"euclid\"\nmax_m = 1000"), std::string::npos);
  EXPECT_NE(toml.find("rule = \"within\""), std::string::npos);
}

// ogrinfo's full dump of every layer, run from the folder so that the path it prints is the same.
std::string dump(const std::filesystem::path& dir) {
  const std::string command =
      "cd '" + dir.string() + "' && ogrinfo -ro -al scale.gpkg > dump.txt 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  return test::read_text(dir / "dump.txt");
}

TEST(ScaleInput, SameSeedGivesIdenticalOgrinfoDumps) {
  test::ScratchDir scratch;
  write_scale_input(scratch / "a", 40, 1500, 3);
  write_scale_input(scratch / "b", 40, 1500, 3);
  write_scale_input(scratch / "c", 40, 1500, 4);
  const std::string a = dump(scratch / "a");
  EXPECT_GT(a.size(), 100000u);
  EXPECT_NE(a.find("Layer name: water_service_areas"), std::string::npos);
  EXPECT_EQ(a, dump(scratch / "b"));
  EXPECT_NE(a, dump(scratch / "c"));
  EXPECT_EQ(test::read_text(scratch / "a" / "scale.toml"),
            test::read_text(scratch / "b" / "scale.toml"));
}

}  // namespace
}  // namespace infracov::datasets
