// Noding: what becomes a node, what connects, what is repaired and counted.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "infracov/analysis/road_graph.hpp"
#include "infracov/analysis/shortest_paths.hpp"
#include "infracov/geo/geometry.hpp"

namespace infracov::analysis {
namespace {

constexpr double kToleranceM = 1e-9;

void add_road(RoadLines& lines, const geo::GeosContext& ctx, const std::string& wkt,
              const std::string& road_class = "") {
  lines.add_feature(static_cast<std::int64_t>(lines.feature_fid.size()) + 100, road_class,
                    geo::Geometry::from_wkt(ctx, wkt).lines());
}

RoadLines roads(const geo::GeosContext& ctx, const std::vector<std::string>& wkts) {
  RoadLines lines;
  for (const std::string& wkt : wkts) add_road(lines, ctx, wkt);
  return lines;
}

// A 100 m square from (0 0) with a 100 m spur east from its corner (100 0).
RoadLines square_with_spur(const geo::GeosContext& ctx) {
  return roads(
      ctx, {"LINESTRING (0 0, 100 0)", "LINESTRING (100 0, 100 100)", "LINESTRING (100 100, 0 100)",
            "LINESTRING (0 100, 0 0)", "LINESTRING (100 0, 200 0)"});
}

TEST(RoadGraph, SquareWithSpurHasOneComponentAndTheSpurIsTheOnlyBridge) {
  geo::GeosContext ctx;
  const RoadLines lines = square_with_spur(ctx);
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  EXPECT_EQ(graph.stats().nodes, 5u);
  EXPECT_EQ(graph.stats().edges, 5u);
  EXPECT_EQ(graph.stats().components, 1u);
  EXPECT_EQ(graph.stats().bridges, 1u);
  EXPECT_NEAR(graph.stats().road_km, 0.5, kToleranceM);
  for (EdgeId e = 0; e < graph.edge_count(); ++e) EXPECT_EQ(graph.is_bridge(e), e == 4) << e;
  EXPECT_EQ(graph.stats().repaired, 0u);
  EXPECT_EQ(graph.stats().dangles_near_lines, 0u);
}

// PathSearch's closed range and confined expansion (criticality's closures rely on both): the
// square of the test above, from its corner (0 0).
TEST(PathSearch, ClosedEdgesAreLeftOutUntilReopenedAndExpansionStaysInsideItsPart) {
  geo::GeosContext ctx;
  const RoadLines lines = square_with_spur(ctx);
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  ASSERT_EQ(graph.node_count(), 5u);  // (0 0), (100 0), (100 100), (0 100), (200 0)
  std::vector<double> length(graph.edge_count());
  for (EdgeId e = 0; e < graph.edge_count(); ++e) length[e] = graph.edge_length_m(e);
  PathSearch search(graph.csr(), length);
  auto from_corner = [&](const std::vector<std::uint8_t>* part) {
    search.reset();
    search.add_source(0, 0.0);
    while (const auto node = search.settle()) {
      if (part) {
        search.expand_within(*node, PathSearch::kUnbounded, *part, 1);
      } else {
        search.expand(*node);
      }
    }
    std::vector<double> cost;
    for (NodeId n = 0; n < graph.node_count(); ++n) cost.push_back(search.cost(n));
    return cost;
  };
  const double inf = PathSearch::kUnbounded;
  EXPECT_EQ(from_corner(nullptr), (std::vector<double>{0, 100, 200, 100, 200}));
  search.close_edges(0, 1);  // (0 0)-(100 0): the way round the square
  EXPECT_EQ(from_corner(nullptr), (std::vector<double>{0, 300, 200, 100, 400}));
  search.close_edges(0, 2);  // and (100 0)-(100 100): the spur's corner is cut off
  EXPECT_EQ(from_corner(nullptr), (std::vector<double>{0, inf, 200, 100, inf}));
  search.close_edges(0, 0);
  EXPECT_EQ(from_corner(nullptr), (std::vector<double>{0, 100, 200, 100, 200}));
  // Confined to the nodes marked 1: an unmarked node is never labelled, nor anything beyond it.
  const std::vector<std::uint8_t> square{1, 1, 1, 1, 0};
  EXPECT_EQ(from_corner(&square), (std::vector<double>{0, 100, 200, 100, inf}));
  const std::vector<std::uint8_t> no_far_corner{1, 1, 0, 1, 1};
  EXPECT_EQ(from_corner(&no_far_corner), (std::vector<double>{0, 100, inf, 100, 200}));
}

TEST(RoadGraph, LinesCrossingWithoutASharedVertexDoNotConnect) {
  geo::GeosContext ctx;
  // An overpass: the long road first in component order, whatever the input order.
  const RoadLines lines = roads(ctx, {"LINESTRING (50 150, 150 50)", "LINESTRING (0 0, 200 200)"});
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  EXPECT_EQ(graph.stats().nodes, 4u);
  EXPECT_EQ(graph.stats().edges, 2u);
  EXPECT_EQ(graph.stats().components, 2u);
  EXPECT_EQ(graph.stats().bridges, 2u);
  EXPECT_EQ(graph.edge_component(1), 0u);  // the 283 m road
  EXPECT_EQ(graph.edge_component(0), 1u);
}

TEST(RoadGraph, LinesSharingAnInteriorVertexAreCutThere) {
  geo::GeosContext ctx;
  const RoadLines lines =
      roads(ctx, {"LINESTRING (50 150, 100 100, 150 50)", "LINESTRING (0 0, 100 100, 200 200)"});
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  EXPECT_EQ(graph.stats().nodes, 5u);
  EXPECT_EQ(graph.stats().edges, 4u);
  EXPECT_EQ(graph.stats().components, 1u);
  EXPECT_EQ(graph.stats().bridges, 4u);
  EXPECT_EQ(graph.degree(1), 4u);  // node 1 is (100 100), second vertex seen
  EXPECT_EQ(graph.node_point(1), (geo::Point{100, 100}));
}

TEST(RoadGraph, EndPointsThreeTenthsOfAMetreApartAreJoinedAtTheirMean) {
  geo::GeosContext ctx;
  const RoadLines lines = roads(ctx, {"LINESTRING (0 0, 100 0)", "LINESTRING (100.3 0, 200 0)"});
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  EXPECT_EQ(graph.stats().nodes, 3u);
  EXPECT_EQ(graph.stats().components, 1u);
  EXPECT_EQ(graph.stats().snapped_joins, 1u);
  EXPECT_EQ(graph.stats().dangles_near_lines, 0u);
  EXPECT_NEAR(graph.node_point(1).x, 100.15, kToleranceM);
  // The lines end at the node: the gap adds no length.
  EXPECT_NEAR(graph.edge_length_m(0), 100.15, kToleranceM);
  EXPECT_NEAR(graph.edge_length_m(1), 99.85, kToleranceM);
  EXPECT_NEAR(graph.stats().road_km, 0.2, kToleranceM);
}

TEST(RoadGraph, EndPointsFiveMetresApartStaySeparateAndCountAsDangles) {
  geo::GeosContext ctx;
  const RoadLines lines = roads(ctx, {"LINESTRING (0 0, 100 0)", "LINESTRING (105 0, 200 0)"});
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  EXPECT_EQ(graph.stats().nodes, 4u);
  EXPECT_EQ(graph.stats().components, 2u);
  EXPECT_EQ(graph.stats().snapped_joins, 0u);
  EXPECT_EQ(graph.stats().dangles_near_lines, 2u);
}

TEST(RoadGraph, SnappingIsTransitive) {
  geo::GeosContext ctx;
  // 0.8 m steps: the first and last ends are 1.6 m apart but join through the middle one.
  const RoadLines lines = roads(ctx, {"LINESTRING (0 0, 100 0)", "LINESTRING (100.8 0, 100.8 100)",
                                      "LINESTRING (101.6 0, 200 0)"});
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  EXPECT_EQ(graph.stats().nodes, 4u);
  EXPECT_EQ(graph.stats().snapped_joins, 2u);
  EXPECT_EQ(graph.stats().components, 1u);
  EXPECT_NEAR(graph.node_point(1).x, 100.8, kToleranceM);
}

TEST(RoadGraph, AnEndPointDoesNotSnapToTheMiddleOfAnotherLine) {
  geo::GeosContext ctx;
  const RoadLines lines = roads(ctx, {"LINESTRING (0 0, 100 0)", "LINESTRING (50 0.3, 50 100)"});
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  EXPECT_EQ(graph.stats().components, 2u);
  EXPECT_EQ(graph.stats().snapped_joins, 0u);
  EXPECT_EQ(graph.stats().dangles_near_lines, 1u);  // (50 0.3) lies 0.3 m from the other road
}

// DESIGN.md: closed ways, repeated vertices, duplicate lines and zero-length segments are
// ordinary data. They stay in the graph as the node rule says, are counted under their own
// names, and none of them is `repaired` (that counts make-valid's changes only).
TEST(RoadGraph, DuplicatesZeroLengthSegmentsSelfLoopsAndMultipartsAreCountedNotRepaired) {
  geo::GeosContext ctx;
  RoadLines lines;
  add_road(lines, ctx, "LINESTRING (0 0, 100 0)");
  add_road(lines, ctx, "LINESTRING (100 0, 0 0)");           // duplicate, reversed: parallel edge
  add_road(lines, ctx, "LINESTRING (100 0, 100 0, 200 0)");  // one zero-length segment
  add_road(lines, ctx, "LINESTRING (200 0, 250 0, 200 0)");  // closed (a spike): a self-loop
  add_road(lines, ctx, "MULTILINESTRING ((0 100, 100 100), (100 100, 200 100))");  // multipart
  add_road(lines, ctx, "LINESTRING (300 0, 300.5 0)");  // both ends snap together: no edge
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  const GraphStats& stats = graph.stats();
  EXPECT_EQ(stats.duplicate_lines, 1u);
  EXPECT_EQ(stats.zero_length_segments, 1u);
  EXPECT_EQ(stats.self_loops, 1u);
  EXPECT_EQ(stats.multipart_features, 1u);
  EXPECT_EQ(stats.snapped_joins, 1u);
  EXPECT_EQ(stats.repaired, 0u);
  EXPECT_EQ(stats.nodes, 6u);  // the snapped-away line leaves no node behind
  EXPECT_EQ(stats.edges, 6u);
  EXPECT_EQ(stats.components, 2u);
  // (100 0)-(200 0) and the two edges of the multipart line; not the duplicated pair, not the loop.
  EXPECT_EQ(stats.bridges, 3u);
  EXPECT_FALSE(graph.is_bridge(0));
  EXPECT_FALSE(graph.is_bridge(1));
  EXPECT_NEAR(stats.road_km, 0.6, kToleranceM);
}

TEST(RoadGraph, RepairedIsWhatTheReaderRepaired) {
  geo::GeosContext ctx;
  RoadLines lines = roads(ctx, {"LINESTRING (0 0, 100 0)"});
  lines.repaired = 3;
  EXPECT_EQ(RoadGraph::build(lines, 1.0).stats().repaired, 3u);
}

TEST(RoadGraph, AClosedWayIsOneEdgeFromItsNodeToItselfAndNeverABridge) {
  geo::GeosContext ctx;
  const RoadLines lines = roads(
      ctx,
      {"LINESTRING (0 50, 100 50)", "LINESTRING (100 50, 100 0, 200 0, 200 100, 100 100, 100 50)"});
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  EXPECT_EQ(graph.stats().self_loops, 1u);
  EXPECT_EQ(graph.stats().nodes, 2u);
  EXPECT_EQ(graph.stats().edges, 2u);
  EXPECT_EQ(graph.stats().bridges, 1u);  // the spur
  EXPECT_TRUE(graph.is_bridge(0));
  EXPECT_FALSE(graph.is_bridge(1));
  EXPECT_EQ(graph.edge_u(1), graph.edge_v(1));
  EXPECT_EQ(graph.degree(graph.edge_u(1)), 3u);  // the spur and both ends of the loop
  EXPECT_NEAR(graph.edge_length_m(1), 400.0, kToleranceM);
  EXPECT_NEAR(graph.stats().road_km, 0.5, kToleranceM);
}

TEST(RoadGraph, AVertexOneLineVisitsTwiceIsNotANode) {
  geo::GeosContext ctx;
  // A figure-of-eight through (100 0): shared by no other line, so no node there.
  const RoadLines lines = roads(ctx, {"LINESTRING (0 0, 100 0, 150 50, 150 -50, 100 0, 200 0)",
                                      "LINESTRING (300 0, 350 0, 350 50, 300 50, 350 0, 400 0)"});
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  EXPECT_EQ(graph.stats().nodes, 4u);
  EXPECT_EQ(graph.stats().edges, 2u);
  EXPECT_EQ(graph.stats().self_loops, 0u);
  EXPECT_EQ(graph.stats().bridges, 2u);
}

TEST(RoadGraph, AVertexTwoLinesShareIsANodeEvenWhenOneVisitsItTwice) {
  geo::GeosContext ctx;
  const RoadLines lines = roads(ctx, {"LINESTRING (0 0, 100 0, 150 50, 150 -50, 100 0, 200 0)",
                                      "LINESTRING (100 0, 100 100)"});
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  EXPECT_EQ(graph.stats().nodes, 4u);  // (0 0), (100 0), (200 0), (100 100)
  EXPECT_EQ(graph.stats().edges, 4u);  // in, the loop through (150 +-50), out, the second line
  EXPECT_EQ(graph.stats().self_loops, 1u);
  EXPECT_EQ(graph.stats().bridges, 3u);
}

TEST(RoadGraph, PavedSubgraphKeepsOnlyTheChosenFeatures) {
  geo::GeosContext ctx;
  RoadLines lines;
  add_road(lines, ctx, "LINESTRING (0 0, 100 0)", "county");
  add_road(lines, ctx, "LINESTRING (100 0, 200 0)", "gravel");
  add_road(lines, ctx, "LINESTRING (200 0, 300 0)", "county");
  const RoadGraph paved = RoadGraph::build(lines, 1.0, [&](std::uint32_t feature) {
    return lines.class_names[lines.feature_class[feature]] == "county";
  });
  EXPECT_EQ(paved.stats().edges, 2u);
  EXPECT_EQ(paved.stats().components, 2u);
  EXPECT_EQ(paved.edge_feature(1), 2u);
  EXPECT_EQ(lines.class_names[paved.edge_class(1)], "county");
}

TEST(RoadGraph, NearestEdgeGivesTheExactPointAndDistanceAlongTheEdge) {
  geo::GeosContext ctx;
  const RoadLines lines = roads(ctx, {"LINESTRING (0 0, 100 0, 100 100)"});
  const RoadGraph graph = RoadGraph::build(lines, 1.0);
  const auto location = graph.nearest_edge({103, 60});
  ASSERT_TRUE(location.has_value());
  EXPECT_EQ(location->edge, 0u);
  EXPECT_EQ(location->segment, 1u);
  EXPECT_NEAR(location->along_m, 160.0, kToleranceM);
  EXPECT_NEAR(location->distance_m, 3.0, kToleranceM);
  EXPECT_NEAR(location->point.x, 100.0, kToleranceM);
  EXPECT_NEAR(location->point.y, 60.0, kToleranceM);
}

TEST(CutPolyline, CutsAtExactDistancesAlongTheLine) {
  const geo::Polyline line{{0, 0}, {100, 0}, {100, 100}};
  EXPECT_EQ(cut_polyline(line, 50, 150), (geo::Polyline{{50, 0}, {100, 0}, {100, 50}}));
  EXPECT_EQ(cut_polyline(line, 0, 200), line);
  EXPECT_EQ(cut_polyline(line, 100, 200), (geo::Polyline{{100, 0}, {100, 100}}));
}

}  // namespace
}  // namespace infracov::analysis
