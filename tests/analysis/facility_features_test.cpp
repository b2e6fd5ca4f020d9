// The facilities_K layers' content on a hand-built county: a 10 km road along y = 0, clinics
// measured along it, stores in a straight line, a power line, and a kind mixing points and
// polygons. Every figure is worked out by hand.
#include <gtest/gtest.h>

#include "infracov/analysis/analyze.hpp"
#include "infracov/analysis/inputs.hpp"
#include "infracov/analysis/network.hpp"
#include "infracov/geo/geometry.hpp"

namespace infracov::analysis {
namespace {

FacilityKind kind(const std::string& name, Rule rule, std::optional<double> max_m) {
  FacilityKind k;
  k.name = name;
  k.rule = rule;
  k.max_m = max_m;
  return k;
}

FacilityLayer layer(std::vector<geo::Geometry> geometries) {
  FacilityLayer out;
  for (std::size_t i = 0; i < geometries.size(); ++i) {
    out.ids.push_back("F" + std::to_string(i + 1));
    out.village_ids.emplace_back();
  }
  out.geometries = std::move(geometries);
  return out;
}

struct County {
  geo::GeosContext ctx;
  Project project;
  Inputs inputs;

  County() {
    project.facilities = {
        kind("clinic", Rule::kNetwork, 5000.0), kind("store", Rule::kEuclid, 3000.0),
        kind("power", Rule::kEuclid, 1000.0), kind("mixed", Rule::kEuclid, 1000.0)};
    // V3 lies 2.5 km off the road: no access, so no nearest clinic.
    inputs.villages.ids = {"V1", "V2", "V3", "V4"};
    inputs.villages.names = {"", "", "", ""};
    inputs.villages.populations = {1, 1, 1, 1};
    inputs.villages.points = {{1000, 100}, {5000, -300}, {9000, 2500}, {9800, 300}};
    inputs.roads.add_feature(1, "county", {{{0, 0}, {10000, 0}}});
    std::vector<geo::Geometry> clinics;
    clinics.push_back(geo::Geometry::point(ctx, {3000, 50}));    // leg 50 m
    clinics.push_back(geo::Geometry::point(ctx, {8000, 2500}));  // beyond max_access_m
    clinics.push_back(geo::Geometry::point(ctx, {9500, -20}));   // leg 20 m
    std::vector<geo::Geometry> stores;
    stores.push_back(geo::Geometry::point(ctx, {2000, 150}));
    stores.push_back(geo::Geometry::point(ctx, {6000, 2100}));
    std::vector<geo::Geometry> power;
    power.push_back(geo::Geometry::line(ctx, std::vector<geo::Point>{{0, 600}, {10000, 600}}));
    std::vector<geo::Geometry> mixed;
    mixed.push_back(geo::Geometry::point(ctx, {4000, 10}));
    mixed.push_back(geo::Geometry::polygon(
        ctx, std::vector<geo::Point>{{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}}));
    inputs.facilities.push_back(layer(std::move(clinics)));
    inputs.facilities.push_back(layer(std::move(stores)));
    inputs.facilities.push_back(layer(std::move(power)));
    inputs.facilities.push_back(layer(std::move(mixed)));
  }

  AnalysisResult measured() const {
    const Network network(inputs.roads, inputs.villages.points, network_kinds(project, inputs), {},
                          inputs.seat, network_options(project));
    return measure(project, inputs, network);
  }
};

TEST(FacilityFeatures, NetworkKindsCarryTheirAccessLegAndTheVillagesTheyServe) {
  const County county;
  const AnalysisResult r = county.measured();
  ASSERT_EQ(r.facilities.size(), 4u);
  const FacilityFeatures& clinics = r.facilities[0];
  EXPECT_EQ(clinics.geometry_class, geo::GeometryClass::kPoint);
  EXPECT_EQ(clinics.ids, (std::vector<std::string>{"F1", "F2", "F3"}));
  ASSERT_EQ(clinics.points.size(), 3u);
  EXPECT_EQ(clinics.points[2], (geo::Point{9500, -20}));
  EXPECT_EQ(clinics.access_m, (std::vector<std::optional<double>>{50.0, std::nullopt, 20.0}));
  // V1 (2,150 m via F1 against 8,620 via F3) and V2 (2,350 against 4,820) go to F1, V4 (620 m)
  // to F3; V3 has no road access; F2 does not attach and serves nobody.
  EXPECT_EQ(clinics.villages_served, (std::vector<std::int64_t>{2, 0, 1}));
  std::int64_t with_nearest = 0;
  for (const auto& row : r.villages) with_nearest += row.kinds[0].nearest.empty() ? 0 : 1;
  EXPECT_EQ(with_nearest, 3);
}

TEST(FacilityFeatures, OtherKindsAttachPointsOnlyAndServeNoCount) {
  const County county;
  const AnalysisResult r = county.measured();
  const FacilityFeatures& stores = r.facilities[1];
  // The attachment test without routing: 150 m is within max_access_m, 2,100 m is not.
  EXPECT_EQ(stores.access_m, (std::vector<std::optional<double>>{150.0, std::nullopt}));
  EXPECT_TRUE(stores.villages_served.empty());

  const FacilityFeatures& power = r.facilities[2];
  EXPECT_EQ(power.geometry_class, geo::GeometryClass::kLine);
  ASSERT_EQ(power.geometries.size(), 1u);
  EXPECT_TRUE(power.points.empty());
  EXPECT_NEAR(power.geometries[0].length_m(), 10000.0, 1e-9);
  EXPECT_EQ(power.access_m, (std::vector<std::optional<double>>{std::nullopt}));

  // Points and polygons in one kind: one point layer, each by the point it is located by.
  const FacilityFeatures& mixed = r.facilities[3];
  EXPECT_EQ(mixed.geometry_class, geo::GeometryClass::kPoint);
  ASSERT_EQ(mixed.points.size(), 2u);
  EXPECT_EQ(mixed.points[0], (geo::Point{4000, 10}));
  EXPECT_EQ(mixed.access_m[0], 10.0);
}

}  // namespace
}  // namespace infracov::analysis
