// A scenario's pave lines (RoadLines::first_pave_feature) on a hand-made network whose answers can
// be worked out on paper: a 1 km paved road from the seat, then 1 km of gravel to a village 100 m
// off its end. With max_access_m = 500 the village is paved-connected only when the whole gravel
// road is paved: its nearest paved edge must lie within 500 m and reach the seat.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "infracov/analysis/network.hpp"

namespace infracov::analysis {
namespace {

constexpr double kToleranceM = 1e-9;

RoadLines paved_then_gravel() {
  RoadLines lines;
  lines.add_feature(1, "county", {{{0, 0}, {1000, 0}}});
  lines.add_feature(2, "gravel", {{{1000, 0}, {1500, 0}, {2000, 0}}});
  return lines;
}

void add_pave(RoadLines& lines, std::int64_t fid, geo::Polyline line) {
  if (lines.first_pave_feature > lines.feature_fid.size()) {
    lines.first_pave_feature = static_cast<std::uint32_t>(lines.feature_fid.size());
  }
  lines.add_feature(fid, "", {std::move(line)});
}

NetworkResult run(const RoadLines& lines) {
  NetworkOptions options;
  options.max_access_m = 500;
  options.paved_classes = {"county"};
  SeatSpec seat;
  seat.location = geo::Point{0, 0};
  return analyze_network(lines, {{2000, 100}}, {}, seat, options);
}

TEST(Pave, WithoutPaveTheVillageBeyondTheGravelIsNotPavedConnected) {
  const NetworkResult result = run(paved_then_gravel());
  EXPECT_TRUE(result.villages[0].connected);
  EXPECT_FALSE(result.villages[0].paved_connected);
  EXPECT_NEAR(result.villages[0].paved_dist_m, std::hypot(1000.0, 100.0), kToleranceM);
}

TEST(Pave, PavingTheWholeGravelRoadMakesItPavedConnectedAndLeavesTheRoadGraphAlone) {
  RoadLines lines = paved_then_gravel();
  add_pave(lines, 7, {{1000, 0}, {1500, 0}, {2000, 0}});
  const NetworkResult result = run(lines);
  EXPECT_TRUE(result.villages[0].paved_connected);
  EXPECT_NEAR(result.villages[0].paved_dist_m, 100.0, kToleranceM);
  // The pave line is not a road: the graph has the same two edges and no parallel third.
  EXPECT_EQ(result.graph.edges, 2u);
  EXPECT_EQ(result.roads.size(), 2u);
  EXPECT_EQ(result.graph.bridges, 2u);
}

TEST(Pave, TwoPiecesMeetingMidRoadJoinLikeOneLine) {
  RoadLines lines = paved_then_gravel();
  add_pave(lines, 7, {{1000, 0}, {1500, 0}});
  add_pave(lines, 8, {{1500, 0}, {2000, 0}});
  EXPECT_TRUE(run(lines).villages[0].paved_connected);
}

TEST(Pave, HalfTheGravelRoadIsNotEnough) {
  // Paved from the seat side: the nearest paved edge is 509.9 m away, beyond max_access_m.
  RoadLines near_half = paved_then_gravel();
  add_pave(near_half, 7, {{1000, 0}, {1500, 0}});
  const NetworkResult near = run(near_half);
  EXPECT_FALSE(near.villages[0].paved_connected);
  EXPECT_NEAR(near.villages[0].paved_dist_m, std::hypot(500.0, 100.0), kToleranceM);
  // Paved at the village's end: near enough, but a paved piece of its own, not the seat's.
  RoadLines far_half = paved_then_gravel();
  add_pave(far_half, 7, {{1500, 0}, {2000, 0}});
  const NetworkResult far = run(far_half);
  EXPECT_FALSE(far.villages[0].paved_connected);
  EXPECT_NEAR(far.villages[0].paved_dist_m, 100.0, kToleranceM);
}

TEST(Pave, LinesOffTheRoadAreReportedWithTheirDistance) {
  RoadLines lines = paved_then_gravel();
  add_pave(lines, 7, {{1000, 0}, {2000, 0}});      // on the road (its midpoint too)
  add_pave(lines, 8, {{1000, 0}, {1500, 5}});      // ends 5 m beside it
  add_pave(lines, 9, {{0, 0}, {0, 3}, {0, 0.5}});  // a vertex 3 m off
  const std::vector<OffRoadPave> off = pave_off_road(lines, 1.0);
  ASSERT_EQ(off.size(), 2u);
  EXPECT_EQ(off[0].feature, 3u);
  EXPECT_NEAR(off[0].distance_m, 5.0, kToleranceM);
  EXPECT_EQ(off[1].feature, 4u);
  EXPECT_NEAR(off[1].distance_m, 3.0, kToleranceM);
  EXPECT_TRUE(pave_off_road(paved_then_gravel(), 1.0).empty());
}

}  // namespace
}  // namespace infracov::analysis
