// The measure stage on inputs built in memory (no files): a 10 km county road with three villages,
// a clinic measured along the road, a power line in a straight line, a water polygon and culture
// rooms named by village id. Every figure and line below is worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

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

struct County {
  geo::GeosContext ctx;
  Project project;
  Inputs inputs;

  County() {
    project.village_population = "population";
    project.paved = {"county"};
    project.facilities = {kind("clinic", Rule::kNetwork, 5000.0),
                          kind("power", Rule::kEuclid, 1000.0), kind("water", Rule::kWithin, {}),
                          kind("culture", Rule::kInVillage, {})};
    // V1 100 m north of the road at x = 1000, V2 300 m south at x = 5000, V3 2.5 km off it.
    inputs.villages.ids = {"V1", "V2", "V3"};
    inputs.villages.names = {"甲", "乙", "丙"};
    inputs.villages.populations = {1000, 3000, 6000};
    inputs.villages.points = {{1000, 100}, {5000, -300}, {9000, 2500}};
    inputs.roads.add_feature(7, "county", {{{0, 0}, {4000, 0}, {10000, 0}}});
    FacilityLayer clinics;  // 50 m off the road at x = 3000
    clinics.geometries.push_back(geo::Geometry::point(ctx, {3000, 50}));
    clinics.ids = {"C1"};
    clinics.village_ids = {""};
    FacilityLayer power;  // a line along y = 600
    power.geometries.push_back(
        geo::Geometry::line(ctx, std::vector<geo::Point>{{0, 600}, {10000, 600}}));
    power.ids = {"0"};
    power.village_ids = {""};
    FacilityLayer water;  // a square over V1
    water.geometries.push_back(geo::Geometry::polygon(
        ctx,
        std::vector<geo::Point>{{500, -400}, {1500, -400}, {1500, 600}, {500, 600}, {500, -400}}));
    water.ids = {"0"};
    water.village_ids = {""};
    FacilityLayer culture;  // a room naming V2 by attribute
    culture.geometries.push_back(geo::Geometry::point(ctx, {5100, -300}));
    culture.ids = {"0"};
    culture.village_ids = {"V2"};
    inputs.facilities.push_back(std::move(clinics));
    inputs.facilities.push_back(std::move(power));
    inputs.facilities.push_back(std::move(water));
    inputs.facilities.push_back(std::move(culture));
  }

  AnalysisResult measured() const {
    const Network network(inputs.roads, inputs.villages.points, network_kinds(project, inputs), {},
                          inputs.seat, network_options(project));
    return measure(project, inputs, network);
  }
};

TEST(Measure, EveryVillageGetsTheHandWorkedFigures) {
  const County county;
  const AnalysisResult r = county.measured();
  ASSERT_EQ(r.villages.size(), 3u);
  const VillageRow& v1 = r.villages[0];
  const VillageRow& v2 = r.villages[1];
  const VillageRow& v3 = r.villages[2];
  EXPECT_EQ(v1.id, "V1");
  EXPECT_EQ(v1.name, "甲");
  EXPECT_EQ(v1.population, 1000);
  EXPECT_DOUBLE_EQ(v1.network.road_dist_m, 100.0);
  EXPECT_TRUE(v1.network.road_access);
  EXPECT_TRUE(v1.network.connected);
  EXPECT_TRUE(v1.network.paved_connected);
  // Clinic along the road: 100 m leg + 2000 m road + 50 m leg.
  ASSERT_TRUE(v1.kinds[0].value.has_value());
  EXPECT_DOUBLE_EQ(*v1.kinds[0].value, 2150.0);
  EXPECT_EQ(v1.kinds[0].nearest, "C1");
  EXPECT_TRUE(v1.kinds[0].ok);
  EXPECT_DOUBLE_EQ(*v1.kinds[1].value, 500.0);  // power line 500 m north
  EXPECT_TRUE(v1.kinds[2].ok);                  // inside the water square
  EXPECT_FALSE(v1.kinds[3].ok);                 // no culture room names V1
  EXPECT_EQ(v1.missing, "culture");

  EXPECT_DOUBLE_EQ(*v2.kinds[0].value, 300.0 + 2000.0 + 50.0);
  EXPECT_DOUBLE_EQ(*v2.kinds[1].value, 900.0);
  EXPECT_TRUE(v2.kinds[1].ok);
  EXPECT_TRUE(v2.kinds[3].ok);
  EXPECT_EQ(v2.missing, "water");

  // V3: 2.5 km from the road, beyond max_access_m (2 km): no road, no network distance.
  EXPECT_DOUBLE_EQ(v3.network.road_dist_m, 2500.0);
  EXPECT_FALSE(v3.network.road_access);
  EXPECT_FALSE(v3.network.component.has_value());
  EXPECT_FALSE(v3.kinds[0].value.has_value());
  EXPECT_EQ(v3.kinds[0].nearest, "");
  EXPECT_DOUBLE_EQ(*v3.kinds[1].value, 1900.0);
  EXPECT_EQ(v3.missing, "road;connectivity;clinic;power;water;culture");
}

TEST(Measure, SummaryCountsAndPopulationShares) {
  const County county;
  const AnalysisResult r = county.measured();
  EXPECT_EQ(r.flagged, 3u);
  ASSERT_EQ(r.kinds.size(), 4u);
  EXPECT_EQ(r.kinds[0].name, "clinic");
  EXPECT_EQ(r.kinds[0].ok, 2u);
  EXPECT_EQ(r.kinds[0].missing, 1u);
  EXPECT_DOUBLE_EQ(*r.kinds[0].population_share, 4000.0 / 10000.0);
  EXPECT_DOUBLE_EQ(*r.kinds[1].population_share, 4000.0 / 10000.0);  // V1 and V2 within 1 km
  EXPECT_DOUBLE_EQ(*r.kinds[2].population_share, 1000.0 / 10000.0);
  EXPECT_DOUBLE_EQ(*r.kinds[3].population_share, 3000.0 / 10000.0);
  // Rural Access Index: V1 and V2 lie within 2 km of the paved county road.
  EXPECT_DOUBLE_EQ(r.rural_access_index, 4000.0 / 10000.0);
  EXPECT_EQ(r.network.graph.edges, 1u);
}

TEST(Measure, WithoutPopulationEveryVillageWeighsOne) {
  County county;
  county.project.village_population.clear();
  county.inputs.villages.populations = {std::nullopt, std::nullopt, std::nullopt};
  const AnalysisResult r = county.measured();
  EXPECT_DOUBLE_EQ(*r.kinds[0].population_share, 2.0 / 3.0);
  EXPECT_FALSE(r.villages[0].population.has_value());
}

// Each flagged village's lines to the nearest facility of every kind that flags it: along the
// road for the network rule (the village's leg, the road, the clinic's leg), straight to the
// nearest point of the facility otherwise; none where nothing is reachable.
TEST(Measure, FlaggedVillagesGetALineToTheNearestFacilityOfEachFailingKind) {
  County county;
  county.project.facilities[0].max_m = 2000.0;  // V1 (2150 m) and V2 (2350 m) now lack a clinic
  const AnalysisResult r = county.measured();
  std::map<std::pair<std::size_t, std::size_t>, const NearestLine*> line;  // (village, kind)
  for (const NearestLine& l : r.nearest_lines) line[{l.village, l.kind}] = &l;
  auto expect_line = [&](std::size_t village, std::size_t kind, bool along_roads,
                         const geo::Polyline& points) {
    SCOPED_TRACE("village " + std::to_string(village) + ", kind " + std::to_string(kind));
    ASSERT_TRUE(line.count({village, kind}));
    const NearestLine& l = *line.at({village, kind});
    EXPECT_EQ(l.along_roads, along_roads);
    ASSERT_EQ(l.line.size(), points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      EXPECT_NEAR(l.line[i].x, points[i].x, 1e-6);
      EXPECT_NEAR(l.line[i].y, points[i].y, 1e-6);
    }
  };
  expect_line(0, 0, true, {{1000, 100}, {1000, 0}, {3000, 0}, {3000, 50}});
  expect_line(0, 3, false, {{1000, 100}, {5100, -300}});
  // V2 back along the road through its vertex at x = 4000.
  expect_line(1, 0, true, {{5000, -300}, {5000, 0}, {4000, 0}, {3000, 0}, {3000, 50}});
  expect_line(1, 2, false, {{5000, -300}, {1500, -300}});
  // V3 has no road, so no clinic line; the rest straight.
  expect_line(2, 1, false, {{9000, 2500}, {9000, 600}});
  expect_line(2, 2, false, {{9000, 2500}, {1500, 600}});
  expect_line(2, 3, false, {{9000, 2500}, {5100, -300}});
  EXPECT_EQ(r.nearest_lines.size(), 7u);
  // The routes are held once, in the lines.
  for (const KindResult& kind : r.network.kinds) EXPECT_TRUE(kind.route.empty());
}

}  // namespace
}  // namespace infracov::analysis
