// Components, bridges and 2-edge-connected components of the CSR graph, checked against
// Boost.Graph's own biconnected_components on many small random graphs.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/connected_components.hpp>

#include "infracov/analysis/road_graph.hpp"

namespace infracov::analysis {
namespace {

struct EdgeList {
  std::size_t nodes = 0;
  std::vector<NodeId> u;
  std::vector<NodeId> v;
};

GraphStructure structure_of(const EdgeList& edges) {
  return compute_structure(*make_csr_graph(edges.nodes, edges.u, edges.v), edges.u.size());
}

TEST(GraphStructure, PathEdgesAreAllBridges) {
  const EdgeList path{4, {0, 1, 2}, {1, 2, 3}};
  const GraphStructure s = structure_of(path);
  EXPECT_EQ(s.component_count, 1u);
  EXPECT_EQ(s.bridge_count, 3u);
  EXPECT_EQ(s.two_edge_component_count, 4u);
}

TEST(GraphStructure, ParallelEdgesAreNotBridges) {
  // 0=1 doubled, then a spur 1-2.
  const EdgeList doubled{3, {0, 1, 1}, {1, 0, 2}};
  const GraphStructure s = structure_of(doubled);
  EXPECT_EQ(s.bridge, (std::vector<std::uint8_t>{0, 0, 1}));
  EXPECT_EQ(s.two_edge_component[0], s.two_edge_component[1]);
  EXPECT_NE(s.two_edge_component[1], s.two_edge_component[2]);
}

TEST(GraphStructure, TwoCyclesJoinedByOneEdgeHaveOneBridge) {
  // Triangle 0-1-2, triangle 3-4-5, joined by 2-3; node 6 alone.
  const EdgeList graph{7, {0, 1, 2, 3, 4, 5, 2}, {1, 2, 0, 4, 5, 3, 3}};
  const GraphStructure s = structure_of(graph);
  EXPECT_EQ(s.component_count, 2u);
  EXPECT_EQ(s.bridge, (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(s.two_edge_component_count, 3u);
  EXPECT_EQ(s.component[0], s.component[5]);
  EXPECT_NE(s.component[0], s.component[6]);
}

TEST(GraphStructure, DeepPathNeedsNoRecursion) {
  // 200,000 nodes in a line would overflow a recursive DFS's stack in a debug build.
  EdgeList path;
  path.nodes = 200'000;
  for (NodeId i = 0; i + 1 < path.nodes; ++i) {
    path.u.push_back(i);
    path.v.push_back(i + 1);
  }
  const GraphStructure s = structure_of(path);
  EXPECT_EQ(s.bridge_count, path.nodes - 1);
  EXPECT_EQ(s.component_count, 1u);
}

TEST(GraphStructure, AgreesWithBoostBiconnectedComponentsOnRandomGraphs) {
  using Boost =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                            boost::property<boost::edge_index_t, std::size_t>>;
  std::mt19937 random(20261130);
  for (int round = 0; round < 300; ++round) {
    EdgeList edges;
    edges.nodes = 2 + random() % 14;
    const std::size_t wanted = random() % (2 * edges.nodes);
    std::uniform_int_distribution<NodeId> pick(0, static_cast<NodeId>(edges.nodes - 1));
    while (edges.u.size() < wanted) {
      const NodeId a = pick(random);
      const NodeId b = pick(random);
      if (a == b) continue;  // road graphs hold no self-loops
      // Boost's biconnected_components skips the arc back to the parent vertex, not the parent
      // edge, so it mistakes parallel edges; they are checked in ParallelEdgesAreNotBridges.
      bool parallel = false;
      for (std::size_t e = 0; e < edges.u.size(); ++e) {
        parallel = parallel || (edges.u[e] == a && edges.v[e] == b) ||
                   (edges.u[e] == b && edges.v[e] == a);
      }
      if (parallel) {
        if (edges.u.size() * 2 >= edges.nodes * (edges.nodes - 1)) break;  // complete graph
        continue;
      }
      edges.u.push_back(a);
      edges.v.push_back(b);
    }
    const std::size_t m = edges.u.size();
    const GraphStructure s = structure_of(edges);

    Boost reference(edges.nodes);
    for (std::size_t e = 0; e < m; ++e) boost::add_edge(edges.u[e], edges.v[e], e, reference);
    std::vector<std::size_t> bicomponent(m);
    const auto edge_index = boost::get(boost::edge_index, reference);
    boost::biconnected_components(
        reference, boost::make_iterator_property_map(bicomponent.begin(), edge_index));
    std::map<std::size_t, std::size_t> bicomponent_size;
    for (const std::size_t c : bicomponent) ++bicomponent_size[c];
    std::vector<std::uint8_t> expected_bridge(m);
    for (std::size_t e = 0; e < m; ++e) expected_bridge[e] = bicomponent_size[bicomponent[e]] == 1;
    ASSERT_EQ(s.bridge, expected_bridge) << "round " << round;

    std::vector<int> component(edges.nodes);
    const int component_count = boost::connected_components(reference, component.data());
    ASSERT_EQ(s.component_count, static_cast<std::size_t>(component_count));

    // 2-edge-connected components = components of the graph without its bridges.
    Boost no_bridges(edges.nodes);
    for (std::size_t e = 0; e < m; ++e) {
      if (expected_bridge[e] == 0) boost::add_edge(edges.u[e], edges.v[e], e, no_bridges);
    }
    std::vector<int> expected_tecc(edges.nodes);
    const int tecc_count = boost::connected_components(no_bridges, expected_tecc.data());
    ASSERT_EQ(s.two_edge_component_count, static_cast<std::size_t>(tecc_count));
    for (std::size_t a = 0; a < edges.nodes; ++a) {
      for (std::size_t b = 0; b < edges.nodes; ++b) {
        ASSERT_EQ(s.two_edge_component[a] == s.two_edge_component[b],
                  expected_tecc[a] == expected_tecc[b]);
      }
    }
  }
}

TEST(MultiSourceShortestPaths, NearestSourceWinsAndTiesGoToTheLowestLabel) {
  // Path 0-1-2-3-4 with unit weights; sources at 0 (label 5) and 4 (label 2) with no leg.
  const EdgeList path{5, {0, 1, 2, 3}, {1, 2, 3, 4}};
  const auto graph = make_csr_graph(path.nodes, path.u, path.v);
  const std::vector<double> weight{1.0, 1.0, 1.0, 1.0};
  const std::vector<PathSource> sources{{0, 0.0, 5}, {4, 0.0, 2}};
  const ShortestPaths paths = multi_source_shortest_paths(*graph, weight, sources);
  EXPECT_EQ(paths.cost, (std::vector<double>{0, 1, 2, 1, 0}));
  EXPECT_EQ(paths.label, (std::vector<std::uint32_t>{5, 5, 2, 2, 2}));  // node 2: tie -> 2
}

TEST(MultiSourceShortestPaths, StartingCostsCountAndUnreachedNodesStayInfinite) {
  const EdgeList graph_edges{4, {0, 1}, {1, 2}};
  const auto graph = make_csr_graph(graph_edges.nodes, graph_edges.u, graph_edges.v);
  const std::vector<double> weight{10.0, 10.0};
  const std::vector<PathSource> sources{{0, 25.0, 0}, {2, 1.0, 1}};
  const ShortestPaths paths = multi_source_shortest_paths(*graph, weight, sources);
  EXPECT_EQ(paths.cost[0], 21.0);
  EXPECT_EQ(paths.label[0], 1u);
  EXPECT_EQ(paths.cost[1], 11.0);
  EXPECT_TRUE(std::isinf(paths.cost[3]));
  EXPECT_EQ(paths.label[3], kNoId);
}

}  // namespace
}  // namespace infracov::analysis
