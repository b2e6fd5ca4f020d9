// The benchmark input generator: sizes, noding and determinism on a small instance.
#include <gtest/gtest.h>

#include <map>

#include "infracov/datasets/scale.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/reader.hpp"
#include "support/test_support.hpp"

namespace infracov::datasets {
namespace {

geo::FeatureTable read(const std::filesystem::path& gpkg, const std::string& layer,
                       geo::GeometryClass cls, const geo::GeosContext& ctx) {
  geo::LayerSpec spec;
  spec.source = gpkg.string();
  spec.layer = layer;
  return geo::read_layer(ctx, spec, cls, geo::Crs::from_user("EPSG:32651"));
}

TEST(ScaleInput, WritesTheRequestedVillagesOnANodedLattice) {
  test::ScratchDir scratch;
  // 800 edges ask for a 21 x 21 lattice: 2 * 21 * 20 = 840 edges.
  const ScaleFigures f = write_scale_input(scratch.path(), 300, 800, 7);
  EXPECT_EQ(f.villages, 300u);
  EXPECT_EQ(f.road_edges, 840u);
  EXPECT_EQ(f.clinics, 150u);
  const geo::GeosContext ctx;
  const auto villages = read(scratch / "scale.gpkg", "villages", geo::GeometryClass::kPoint, ctx);
  const auto roads = read(scratch / "scale.gpkg", "roads", geo::GeometryClass::kLine, ctx);
  const auto clinics = read(scratch / "scale.gpkg", "clinics", geo::GeometryClass::kPoint, ctx);
  ASSERT_EQ(villages.features.size(), 300u);
  ASSERT_EQ(roads.features.size(), 840u);
  EXPECT_EQ(clinics.features.size(), 150u);
  // Every end point is shared exactly by the 2 to 4 lines that meet at that lattice node.
  std::map<std::pair<double, double>, int> ends;
  std::vector<geo::Point> nodes;
  for (const auto& f_road : roads.features) {
    const auto lines = f_road.geometry.lines();
    ASSERT_EQ(lines.size(), 1u);
    ASSERT_EQ(lines[0].size(), 2u);
    for (const auto& p : lines[0]) ++ends[{p.x, p.y}];
  }
  EXPECT_EQ(ends.size(), 21u * 21u);
  for (const auto& [p, n] : ends) {
    EXPECT_GE(n, 2);
    EXPECT_LE(n, 4);
    nodes.push_back({p.first, p.second});
  }
  for (const auto& v : villages.features) {
    const geo::Point at = v.geometry.points().front();
    double nearest = INFINITY;
    for (const auto& n : nodes) nearest = std::min(nearest, geo::distance_m(at, n));
    EXPECT_LE(nearest, 400.0 + 1e-9);
  }
  EXPECT_TRUE(std::filesystem::exists(scratch / "scale.toml"));
  EXPECT_NE(test::read_text(scratch / "scale.toml").find("source = \"scale.gpkg\""),
            std::string::npos);
}

TEST(ScaleInput, SameSeedGivesTheSameGeometry) {
  test::ScratchDir scratch;
  write_scale_input(scratch / "a", 50, 100, 3);
  write_scale_input(scratch / "b", 50, 100, 3);
  const geo::GeosContext ctx;
  const auto a = read(scratch / "a" / "scale.gpkg", "roads", geo::GeometryClass::kLine, ctx);
  const auto b = read(scratch / "b" / "scale.gpkg", "roads", geo::GeometryClass::kLine, ctx);
  ASSERT_EQ(a.features.size(), b.features.size());
  for (std::size_t i = 0; i < a.features.size(); ++i) {
    EXPECT_EQ(a.features[i].geometry.lines(), b.features[i].geometry.lines());
  }
  const auto va = read(scratch / "a" / "scale.gpkg", "villages", geo::GeometryClass::kPoint, ctx);
  const auto vb = read(scratch / "b" / "scale.gpkg", "villages", geo::GeometryClass::kPoint, ctx);
  ASSERT_EQ(va.features.size(), 50u);
  for (std::size_t i = 0; i < va.features.size(); ++i) {
    EXPECT_EQ(va.features[i].geometry.points(), vb.features[i].geometry.points());
  }
}

}  // namespace
}  // namespace infracov::datasets
