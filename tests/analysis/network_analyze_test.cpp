// analyze_network on small hand-made networks whose answers can be worked out on paper.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "infracov/analysis/network.hpp"
#include "infracov/geo/geometry.hpp"

namespace infracov::analysis {
namespace {

constexpr double kToleranceM = 1e-9;

void add_road(RoadLines& lines, const geo::GeosContext& ctx, const std::string& wkt,
              const std::string& road_class = "") {
  lines.add_feature(static_cast<std::int64_t>(lines.feature_fid.size()) + 100, road_class,
                    geo::Geometry::from_wkt(ctx, wkt).lines());
}

NetworkKind kind_within_m(std::vector<geo::Point> facilities, double max_m) {
  NetworkKind kind;
  kind.name = "clinic";
  kind.facilities = std::move(facilities);
  kind.max_m = max_m;
  return kind;
}

// A 100 m square (0 0)-(100 100) with a 100 m spur from (100 0) east to (200 0).
RoadLines square_with_spur(const geo::GeosContext& ctx) {
  RoadLines lines;
  add_road(lines, ctx, "LINESTRING (0 0, 100 0)");
  add_road(lines, ctx, "LINESTRING (100 0, 100 100)");
  add_road(lines, ctx, "LINESTRING (100 100, 0 100)");
  add_road(lines, ctx, "LINESTRING (0 100, 0 0)");
  add_road(lines, ctx, "LINESTRING (100 0, 200 0)");
  return lines;
}

TEST(NetworkAnalysis, SquareWithSpurGivesDistancesAlongRoadsAndSingleAccessOnTheSpur) {
  geo::GeosContext ctx;
  NetworkOptions options;
  options.max_access_m = 100;
  SeatSpec seat;
  seat.location = geo::Point{50, -5};
  const std::vector<geo::Point> villages{{200, 10}, {50, 105}, {50, 300}};
  const NetworkResult result = analyze_network(square_with_spur(ctx), villages,
                                               {kind_within_m({{-10, 50}}, 1000)}, seat, options);

  EXPECT_EQ(result.graph.nodes, 5u);
  EXPECT_EQ(result.graph.edges, 5u);
  EXPECT_EQ(result.graph.bridges, 1u);
  EXPECT_EQ(result.seat, (geo::Point{50, 0}));
  EXPECT_EQ(result.main_component, 0);

  const VillageNetwork& spur_end = result.villages[0];
  EXPECT_NEAR(spur_end.road_dist_m, 10.0, kToleranceM);
  EXPECT_TRUE(spur_end.road_access);
  EXPECT_EQ(spur_end.component, 0);
  EXPECT_TRUE(spur_end.connected);
  EXPECT_TRUE(spur_end.single_access);
  // 10 access + 100 spur + 100 south side + 50 up the west side + 10 access.
  ASSERT_TRUE(result.kinds[0].value[0].has_value());
  EXPECT_NEAR(*result.kinds[0].value[0], 270.0, kToleranceM);
  EXPECT_EQ(result.kinds[0].nearest[0], 0u);

  const VillageNetwork& on_square = result.villages[1];
  EXPECT_TRUE(on_square.connected);
  EXPECT_FALSE(on_square.single_access);
  EXPECT_NEAR(*result.kinds[0].value[1], 5.0 + 50.0 + 50.0 + 10.0, kToleranceM);

  // Beyond max_access_m: the distance is still reported, nothing else.
  const VillageNetwork& far = result.villages[2];
  EXPECT_NEAR(far.road_dist_m, 200.0, kToleranceM);
  EXPECT_FALSE(far.road_access);
  EXPECT_FALSE(far.component.has_value());
  EXPECT_FALSE(far.connected);
  EXPECT_FALSE(far.single_access);
  EXPECT_FALSE(far.paved_connected);
  EXPECT_FALSE(result.kinds[0].value[2].has_value());
  EXPECT_FALSE(result.kinds[0].nearest[2].has_value());

  ASSERT_EQ(result.roads.size(), 5u);
  EXPECT_TRUE(result.roads[4].bridge);
  EXPECT_FALSE(result.roads[0].bridge);
  EXPECT_EQ(result.roads[4].source_fid, 104);
  EXPECT_NEAR(result.roads[4].length_m, 100.0, kToleranceM);
}

TEST(NetworkAnalysis, TwoAttachmentsOnOneEdgeAreTheExactLengthApartAlongIt) {
  geo::GeosContext ctx;
  RoadLines lines;
  add_road(lines, ctx, "LINESTRING (0 0, 100 0, 100 100)");
  NetworkOptions options;
  options.max_access_m = 100;
  // Facility 0 is too far from the road to attach; facility 1 lies 3 m off the second segment.
  const NetworkResult result =
      analyze_network(lines, {{30, 5}, {70, -2}}, {kind_within_m({{500, 500}, {103, 60}}, 1000)},
                      SeatSpec{}, options);
  EXPECT_EQ(result.graph.edges, 1u);  // attachments do not change the graph summary
  ASSERT_TRUE(result.kinds[0].value[0].has_value());
  EXPECT_NEAR(*result.kinds[0].value[0], 5.0 + 130.0 + 3.0, kToleranceM);
  EXPECT_EQ(result.kinds[0].nearest[0], 1u);
  EXPECT_NEAR(*result.kinds[0].value[1], 2.0 + 90.0 + 3.0, kToleranceM);
  ASSERT_EQ(result.roads.size(), 1u);  // the roads layer is not split by attachments
}

TEST(NetworkAnalysis, PointProjectingOntoANodeAttachesToTheNode) {
  geo::GeosContext ctx;
  RoadLines lines;
  add_road(lines, ctx, "LINESTRING (0 0, 100 0)");
  add_road(lines, ctx, "LINESTRING (100 0, 200 0)");
  const NetworkResult result = analyze_network(lines, {{100, 7}, {-4, 3}},
                                               {kind_within_m({{200, -1}}, 1000)}, SeatSpec{}, {});
  EXPECT_NEAR(*result.kinds[0].value[0], 7.0 + 100.0 + 1.0, kToleranceM);
  EXPECT_NEAR(*result.kinds[0].value[1], 5.0 + 200.0 + 1.0, kToleranceM);
  EXPECT_NEAR(result.villages[1].road_dist_m, 5.0, kToleranceM);
}

TEST(NetworkAnalysis, FacilityBeyondABridgeIsReachedOverItAndVillagesThereHaveSingleAccess) {
  geo::GeosContext ctx;
  RoadLines lines;
  add_road(lines, ctx, "LINESTRING (0 0, 100 0, 100 50, 100 100, 0 100, 0 0)");
  add_road(lines, ctx, "LINESTRING (100 50, 300 50)");  // the bridge
  add_road(lines, ctx, "LINESTRING (300 50, 300 0, 400 0, 400 100, 300 100, 300 50)");
  SeatSpec seat;
  seat.location = geo::Point{-5, 50};
  NetworkOptions options;
  options.max_access_m = 50;
  const NetworkResult result = analyze_network(lines, {{50, -10}, {350, 110}},
                                               {kind_within_m({{410, 50}}, 300)}, seat, options);
  EXPECT_EQ(result.graph.bridges, 1u);
  EXPECT_EQ(result.graph.components, 1u);
  EXPECT_EQ(result.seat, (geo::Point{0, 50}));
  EXPECT_FALSE(result.villages[0].single_access);
  EXPECT_TRUE(result.villages[1].single_access);
  EXPECT_TRUE(result.villages[1].connected);
  // 10 + 100 to the bridge + 200 across + 200 round the far ring + 10.
  EXPECT_NEAR(*result.kinds[0].value[0], 520.0, kToleranceM);
  EXPECT_NEAR(*result.kinds[0].value[1], 10.0 + 50.0 + 50.0 + 10.0, kToleranceM);
  int bridges_in_roads = 0;
  for (const RoadEdge& road : result.roads) bridges_in_roads += road.bridge ? 1 : 0;
  EXPECT_EQ(bridges_in_roads, 1);
}

TEST(NetworkAnalysis, WithoutASeatTheLongestComponentIsMainAndOthersAreNotConnected) {
  geo::GeosContext ctx;
  RoadLines lines;
  add_road(lines, ctx, "LINESTRING (50 150, 150 50)");
  add_road(lines, ctx, "LINESTRING (0 0, 200 200)");
  const NetworkResult result = analyze_network(lines, {{190, 200}, {60, 150}},
                                               {kind_within_m({{0, -5}}, 1000)}, SeatSpec{}, {});
  EXPECT_EQ(result.main_component, 0);
  EXPECT_EQ(result.seat, (geo::Point{200, 200}));  // node of component 0 nearest (125 175)
  EXPECT_TRUE(result.villages[0].connected);
  EXPECT_EQ(result.villages[1].component, 1);
  EXPECT_FALSE(result.villages[1].connected);
  EXPECT_FALSE(result.villages[1].single_access);
  EXPECT_TRUE(result.kinds[0].value[0].has_value());
  EXPECT_FALSE(result.kinds[0].value[1].has_value());  // other component: unreachable
}

TEST(NetworkAnalysis, TravelTimeTakesTheFasterLongerRoad) {
  geo::GeosContext ctx;
  RoadLines lines;
  add_road(lines, ctx, "LINESTRING (0 0, 1000 0)", "national");
  add_road(lines, ctx, "LINESTRING (1000 0, 1000 1000)", "track");
  add_road(lines, ctx, "LINESTRING (0 0, 0 2000, 1000 2000, 1000 1000)", "motorway");
  NetworkOptions options;
  options.speed_kmh = {{"national", 60.0}, {"motorway", 80.0}};
  options.default_speed_kmh = 20.0;
  options.access_speed_kmh = 5.0;
  NetworkKind by_length = kind_within_m({{1010, 1000}}, 5000);
  NetworkKind by_time;
  by_time.name = "clinic_minutes";
  by_time.facilities = {{1010, 1000}};
  by_time.max_minutes = 30.0;
  const NetworkResult result =
      analyze_network(lines, {{0, -10}}, {by_length, by_time}, SeatSpec{}, options);
  // Shortest: 10 m + 1000 m national + 1000 m track + 10 m.
  EXPECT_NEAR(*result.kinds[0].value[0], 2020.0, kToleranceM);
  // Quickest: 0.12 min walking + 4 km at 80 km/h (3 min) + 0.12 min walking; the short way
  // would take 1 + 3 minutes on the roads.
  EXPECT_NEAR(*result.kinds[1].value[0], 3.24, 1e-12);
}

TEST(NetworkAnalysis, PavedConnectedOverAPavedRoadTheAttachmentDidNotChoose) {
  geo::GeosContext ctx;
  RoadLines lines;
  add_road(lines, ctx, "LINESTRING (0 0, 1000 0)", "county");
  add_road(lines, ctx, "LINESTRING (0 50, 1000 50)", "gravel");
  add_road(lines, ctx, "LINESTRING (1000 0, 1000 50)", "gravel");
  add_road(lines, ctx, "LINESTRING (1000 50, 1000 3000)", "gravel");
  add_road(lines, ctx, "LINESTRING (0 3000, 1000 3000)", "county");
  NetworkOptions options;
  options.paved_classes = {"county"};
  SeatSpec seat;
  seat.location = geo::Point{0, -10};
  const NetworkResult result = analyze_network(lines, {{500, 40}, {500, 3010}}, {}, seat, options);
  // Village 0 attaches to the gravel road 10 m away, but the paved road 40 m away reaches the
  // seat on paved edges alone.
  EXPECT_NEAR(result.villages[0].road_dist_m, 10.0, kToleranceM);
  EXPECT_TRUE(result.villages[0].connected);
  EXPECT_TRUE(result.villages[0].paved_connected);
  // Village 1's paved road joins the rest only over gravel.
  EXPECT_TRUE(result.villages[1].connected);
  EXPECT_FALSE(result.villages[1].paved_connected);
}

TEST(NetworkAnalysis, ServiceAreaCoversTheRoadUpToTheLimitCutExactly) {
  geo::GeosContext ctx;
  RoadLines lines;
  add_road(lines, ctx, "LINESTRING (0 0, 1000 0)");
  NetworkOptions options;
  options.max_access_m = 200;
  options.service_area_width_m = 10;
  // 100 m access leg, so 200 m of the 300 m limit remain along the road.
  const NetworkResult result =
      analyze_network(lines, {{0, 0}}, {kind_within_m({{0, -100}}, 300)}, SeatSpec{}, options);
  // The reached piece is exactly 0..200 m of the road; buffered by 10 m it is the service area.
  ASSERT_EQ(result.kinds[0].reach.size(), 1u);
  const geo::Geometry area = geo::Geometry::buffered_union(ctx, result.kinds[0].reach, 10);
  ASSERT_FALSE(area.is_null());
  const geo::Envelope box = area.envelope();
  EXPECT_NEAR(box.min_x, -10.0, 1e-6);
  EXPECT_NEAR(box.max_x, 210.0, 1e-6);
  EXPECT_NEAR(box.min_y, -10.0, 1e-6);
  EXPECT_NEAR(box.max_y, 10.0, 1e-6);
}

TEST(NetworkAnalysis, ServiceAreasOfSeveralFacilitiesAreOneDissolvedGeometry) {
  geo::GeosContext ctx;
  RoadLines lines;
  add_road(lines, ctx, "LINESTRING (0 0, 1000 0)");
  NetworkOptions options;
  options.service_area_width_m = 10;
  const NetworkResult overlapping =
      analyze_network(lines, {}, {kind_within_m({{0, 0}, {400, 0}}, 300)}, SeatSpec{}, options);
  const geo::Geometry joined = geo::Geometry::buffered_union(ctx, overlapping.kinds[0].reach, 10);
  EXPECT_EQ(joined.type_name(), "Polygon");
  EXPECT_NEAR(joined.envelope().max_x, 710.0, 1e-6);
  const NetworkResult apart =
      analyze_network(lines, {}, {kind_within_m({{0, 0}, {1000, 0}}, 300)}, SeatSpec{}, options);
  EXPECT_EQ(geo::Geometry::buffered_union(ctx, apart.kinds[0].reach, 10).type_name(),
            "MultiPolygon");
}

TEST(NetworkAnalysis, NoRoadsMeansNoAccessAndNaNDistance) {
  geo::GeosContext ctx;
  const NetworkResult result =
      analyze_network(RoadLines{}, {{0, 0}}, {kind_within_m({{1, 1}}, 10)}, SeatSpec{}, {});
  EXPECT_TRUE(std::isnan(result.villages[0].road_dist_m));
  EXPECT_FALSE(result.villages[0].road_access);
  EXPECT_FALSE(result.kinds[0].value[0].has_value());
  EXPECT_TRUE(result.kinds[0].reach.empty());
  EXPECT_EQ(result.graph.nodes, 0u);
}

}  // namespace
}  // namespace infracov::analysis
