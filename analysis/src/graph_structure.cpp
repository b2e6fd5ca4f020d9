// The CSR graph, its structure (components, bridges, 2-edge-connected components in one
// iterative pass) and the multi-source shortest paths of the network rule.
#include <algorithm>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/transform_iterator.hpp>
#include <stdexcept>
#include <utility>

#include "csr_graph.hpp"
#include "graph_ids.hpp"
#include "infracov/analysis/road_graph.hpp"
#include "infracov/analysis/shortest_paths.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::analysis {

using detail::checked_id;

void CsrGraphDeleter::operator()(CsrGraph* graph) const { delete graph; }

namespace {

// Arc a of the CSR graph: edge a's u -> v for a < m, then edge (a - m)'s v -> u. Read on the fly
// by Boost's counting sort, so no list of 2m arcs is materialised.
struct ArcEnds {
  const NodeId* u = nullptr;
  const NodeId* v = nullptr;
  std::size_t m = 0;
  std::pair<NodeId, NodeId> operator()(std::size_t a) const {
    return a < m ? std::pair{u[a], v[a]} : std::pair{v[a - m], u[a - m]};
  }
};

struct ArcEdge {
  std::size_t m = 0;
  ArcProperties operator()(std::size_t a) const { return {static_cast<EdgeId>(a < m ? a : a - m)}; }
};

}  // namespace

CsrGraphPtr make_csr_graph(std::size_t node_count, std::span<const NodeId> u,
                           std::span<const NodeId> v) {
  const std::size_t m = u.size();
  checked_id(2 * m, "edges");
  // A stable counting sort by source (two sequential passes over the arcs): each node's arcs
  // keep arc order, forward arcs by edge id, then reverse ones. Boost's in-place variant
  // permuted three 2m-long arrays by following cycles, several times slower on a million edges.
  const boost::counting_iterator<std::size_t> first(0);
  const boost::counting_iterator<std::size_t> last(2 * m);
  const ArcEnds ends{u.data(), v.data(), m};
  return CsrGraphPtr(new CsrGraph(
      boost::edges_are_unsorted_multi_pass, boost::make_transform_iterator(first, ends),
      boost::make_transform_iterator(last, ends), boost::make_transform_iterator(first, ArcEdge{m}),
      static_cast<NodeId>(node_count)));
}

GraphStructure compute_structure(const CsrGraph& graph, std::size_t edge_count) {
  const std::size_t n = boost::num_vertices(graph);
  GraphStructure s;
  s.component.assign(n, kNoId);
  s.two_edge_component.assign(n, kNoId);
  s.bridge.assign(edge_count, 0);

  using OutIter = boost::graph_traits<CsrGraph>::out_edge_iterator;
  struct Frame {
    NodeId node;
    EdgeId parent_edge;
    OutIter next;
    OutIter end;
  };
  std::vector<std::uint32_t> discovered(n, kNoId);
  std::vector<std::uint32_t> low(n, 0);
  std::vector<Frame> frames;
  std::vector<NodeId> open;  // nodes whose 2-edge-connected component is not closed yet
  std::uint32_t clock = 0;
  std::uint32_t component = 0;
  std::uint32_t two_edge_component = 0;

  for (NodeId root = 0; root < n; ++root) {
    if (discovered[root] != kNoId) continue;
    discovered[root] = low[root] = clock++;
    s.component[root] = component;
    open.push_back(root);
    auto [first, last] = boost::out_edges(root, graph);
    frames.push_back({root, kNoId, first, last});
    while (!frames.empty()) {
      Frame& top = frames.back();
      if (top.next != top.end) {
        const auto arc = *top.next;
        ++top.next;
        const EdgeId edge = graph[arc].edge;
        // Skip only the arc back along the same undirected edge: a parallel edge to the
        // parent is another way back, so it keeps the tree edge from being a bridge.
        if (edge == top.parent_edge) continue;
        const NodeId w = boost::target(arc, graph);
        if (discovered[w] == kNoId) {
          discovered[w] = low[w] = clock++;
          s.component[w] = component;
          open.push_back(w);
          auto [wf, wl] = boost::out_edges(w, graph);
          frames.push_back({w, edge, wf, wl});  // invalidates `top`
        } else {
          low[top.node] = std::min(low[top.node], discovered[w]);
        }
        continue;
      }
      const NodeId v = top.node;
      const EdgeId parent_edge = top.parent_edge;
      frames.pop_back();
      if (!frames.empty()) {
        const NodeId parent = frames.back().node;
        low[parent] = std::min(low[parent], low[v]);
      }
      if (low[v] == discovered[v]) {
        // Nothing below v reaches above it: the tree edge into v is a bridge, and v closes a
        // 2-edge-connected component holding every node still open from v on.
        if (parent_edge != kNoId) {
          s.bridge[parent_edge] = 1;
          ++s.bridge_count;
        }
        NodeId x;
        do {
          x = open.back();
          open.pop_back();
          s.two_edge_component[x] = two_edge_component;
        } while (x != v);
        ++two_edge_component;
      }
    }
    ++component;
  }
  s.component_count = component;
  s.two_edge_component_count = two_edge_component;
  return s;
}

namespace {

// ShortestPaths::dead_end for `sources`. A node's degree counts its arcs, so a self-loop counts
// twice and parallel edges apiece: neither is ever taken away as an end.
std::vector<std::uint8_t> dead_end_nodes(const CsrGraph& graph,
                                         std::span<const PathSource> sources) {
  const std::size_t n = boost::num_vertices(graph);
  std::vector<std::uint32_t> degree(n);
  for (NodeId v = 0; v < n; ++v) {
    degree[v] = static_cast<std::uint32_t>(boost::out_degree(v, graph));
  }
  std::vector<std::uint8_t> kept(n, 0);
  for (const PathSource& source : sources) kept[source.node] = 1;
  std::vector<std::uint8_t> dead_end(n, 0);
  std::vector<NodeId> ends;
  for (NodeId v = 0; v < n; ++v) {
    if (degree[v] == 1) ends.push_back(v);
  }
  while (!ends.empty()) {
    const NodeId v = ends.back();
    ends.pop_back();
    if (dead_end[v] || kept[v] || degree[v] != 1) continue;
    dead_end[v] = 1;
    for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it) {
      const NodeId u = boost::target(*it, graph);
      if (!dead_end[u] && --degree[u] == 1) ends.push_back(u);
    }
  }
  return dead_end;
}

}  // namespace

ShortestPaths multi_source_shortest_paths(const CsrGraph& graph,
                                          std::span<const double> edge_weight,
                                          std::span<const PathSource> sources) {
  const std::size_t n = boost::num_vertices(graph);
  for (const PathSource& source : sources) {
    if (source.node >= n) throw InternalError("multi_source_shortest_paths: source node");
  }
  ShortestPaths result;
  result.dead_end = dead_end_nodes(graph, sources);
  result.order.reserve(n);  // exactly: grown push by push it could end at twice that
  {
    PathSearch search(graph, edge_weight);
    for (const PathSource& source : sources) {
      search.add_source(source.node, source.cost, source.label);
    }
    // Costs are (distance, label) pairs compared lexicographically, so among equally near
    // sources the lowest label wins no matter in which order arcs are relaxed.
    while (const auto node = search.settle()) {
      result.order.push_back(*node);
      search.expand_within(*node, PathSearch::kUnbounded, result.dead_end, 0);
    }
    result.cost.resize(n);
    result.label.resize(n);
    result.pred.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      result.cost[i] = search.cost(static_cast<NodeId>(i));
      result.label[i] = search.label(static_cast<NodeId>(i));
      const std::uint32_t pred = search.pred_edge(static_cast<NodeId>(i));
      result.pred[i] = pred == PathSearch::kNone ? kNoId : pred;
    }
  }
  // The dead-end trees, down from the nodes they hang from: the cost added as the search adds
  // it, so that it is the search's to the last bit.
  for (std::size_t k = 0; k < result.order.size(); ++k) {
    const NodeId v = result.order[k];
    for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it) {
      const NodeId c = boost::target(*it, graph);
      if (!result.dead_end[c] || result.label[c] != kNoId) continue;
      const EdgeId e = graph[*it].edge;
      result.order.push_back(c);
      result.cost[c] = result.cost[v] + edge_weight[e];
      result.label[c] = result.label[v];
      result.pred[c] = e;
    }
  }
  return result;
}

}  // namespace infracov::analysis
