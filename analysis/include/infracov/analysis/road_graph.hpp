// The noded road graph and the graph algorithms behind analyze_network, for code that needs more
// than network.hpp's per-village answers (planning). DESIGN.md's "Road graph" and "Attachment"
// definitions are the contract; network.hpp's analyze_network is built only from what is here.
//
// Storage is compact and static so that tens of millions of edges fit in memory: a
// boost::compressed_sparse_row_graph holds both directions of every undirected edge (each arc
// carries its undirected edge id), and per-edge data and geometry live in flat arrays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "infracov/analysis/network.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/spatial_index.hpp"
#include "infracov/geo/types.hpp"

namespace infracov::analysis {

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
inline constexpr std::uint32_t kNoId = std::numeric_limits<std::uint32_t>::max();

// Directed CSR graph (Boost.Graph's compressed_sparse_row_graph) with both arcs of every
// undirected edge; opaque here, so that callers of the road graph never see Boost types.
struct CsrGraph;
// Owns a CsrGraph where its type is not complete (deleted in graph_structure.cpp).
struct CsrGraphDeleter {
  void operator()(CsrGraph* graph) const;
};
using CsrGraphPtr = std::unique_ptr<CsrGraph, CsrGraphDeleter>;

// Builds the CSR graph of undirected edges u[e]-v[e] over `node_count` nodes.
CsrGraphPtr make_csr_graph(std::size_t node_count, std::span<const NodeId> u,
                           std::span<const NodeId> v);

// Components, bridges and 2-edge-connected components found in one iterative DFS (lowlink), so
// that no recursion depth limit applies. Parallel edges between two nodes are never bridges.
struct GraphStructure {
  std::vector<std::uint32_t> component;  // per node, in DFS discovery order of roots
  std::size_t component_count = 0;
  std::vector<std::uint32_t> two_edge_component;  // per node
  std::size_t two_edge_component_count = 0;
  std::vector<std::uint8_t> bridge;  // per undirected edge, 1 for a bridge
  std::size_t bridge_count = 0;
};
GraphStructure compute_structure(const CsrGraph& graph, std::size_t edge_count);

// Multi-source shortest paths (one Dijkstra pass). Each source starts at its own cost (an access
// leg); every node learns its least cost and the label of the source that gives it, ties going
// to the lowest label so results never depend on arc order.
struct PathSource {
  NodeId node = kNoId;
  double cost = 0.0;
  std::uint32_t label = 0;
};
struct ShortestPaths {
  std::vector<double> cost;          // per node; +infinity when no source reaches it
  std::vector<std::uint32_t> label;  // per node; kNoId when no source reaches it
  // Per node: the edge to its parent in the tree of shortest paths, kNoId at a source and where
  // nothing reached (followed from a village, it leads to the nearest facility's node).
  std::vector<EdgeId> pred;
  // The reached nodes, parents before children: the search's settle order, then dead ends.
  std::vector<NodeId> order;
  // Per node, 1 in the dead-end trees: the trees that hang off the rest of the graph by one node
  // (found by taking away ends of degree one until none is left; a source's node never is).
  // Every route from a source into such a tree passes that node, then the tree's one path, so
  // the search leaves them out and hangs them on afterwards, with the costs, labels and parents
  // it would have given (a third of the generated province's nodes).
  std::vector<std::uint8_t> dead_end;
};
// `edge_weight` is indexed by undirected edge id and must be non-negative.
ShortestPaths multi_source_shortest_paths(const CsrGraph& graph,
                                          std::span<const double> edge_weight,
                                          std::span<const PathSource> sources);

// Where a point meets the road: the nearest point of the nearest edge.
struct EdgeLocation {
  EdgeId edge = kNoId;
  std::uint32_t segment = 0;  // segment of the edge's polyline holding the point
  double t = 0.0;             // 0..1 along that segment
  double along_m = 0.0;       // distance from the edge's first vertex along its polyline
  geo::Point point;           // the nearest point on the edge
  double distance_m = 0.0;    // straight line from the query point to `point`
};

// The road network noded as DESIGN.md defines it (nodes at end points, at shared vertices and at
// snapped end-point clusters), with its components (numbered 0.. by decreasing road length, ties
// by lowest node id), bridges and a spatial index over edge segments.
class RoadGraph {
 public:
  // Nodes the parts of `lines` whose feature passes `keep` (all when empty). Node ids follow the
  // first occurrence of their vertex in `lines`, edge ids the order of the parts, so the result
  // is deterministic.
  // `dangle_threads`: 0 skips the search for dangles near lines (GraphStats), for a graph whose
  // statistics nobody reads (the paved one); 1 searches before returning; more search on a thread
  // of their own while the caller goes on, until stats() is first asked for.
  static RoadGraph build(const RoadLines& lines, double snap_m,
                         const std::function<bool(std::uint32_t feature)>& keep = {},
                         unsigned dangle_threads = 1);

  RoadGraph(RoadGraph&&) noexcept;
  RoadGraph& operator=(RoadGraph&&) noexcept;
  ~RoadGraph();

  std::size_t node_count() const { return node_points_.size(); }
  std::size_t edge_count() const { return edge_u_.size(); }
  geo::Point node_point(NodeId n) const { return node_points_[n]; }
  NodeId edge_u(EdgeId e) const { return edge_u_[e]; }
  NodeId edge_v(EdgeId e) const { return edge_v_[e]; }
  double edge_length_m(EdgeId e) const { return edge_length_m_[e]; }
  std::uint16_t edge_class(EdgeId e) const { return edge_class_[e]; }      // RoadLines class index
  std::uint32_t edge_feature(EdgeId e) const { return edge_feature_[e]; }  // RoadLines feature
  // The polyline from node u to node v (first and last vertex are exactly the node points).
  std::span<const geo::Point> edge_geometry(EdgeId e) const {
    return {geometry_.data() + geometry_offsets_[e], geometry_.data() + geometry_offsets_[e + 1]};
  }
  const CsrGraph& csr() const { return *csr_; }
  std::size_t degree(NodeId n) const;

  // Components numbered by decreasing road length.
  std::size_t component_count() const { return component_length_m_.size(); }
  std::uint32_t node_component(NodeId n) const { return node_component_[n]; }
  std::uint32_t edge_component(EdgeId e) const { return node_component_[edge_u_[e]]; }
  double component_length_m(std::uint32_t c) const { return component_length_m_[c]; }
  bool is_bridge(EdgeId e) const { return structure_.bridge[e] != 0; }
  std::uint32_t two_edge_component(NodeId n) const { return structure_.two_edge_component[n]; }
  const GraphStructure& structure() const { return structure_; }

  // Counts of the noded network (DESIGN.md's `graph` summary); waits for the dangle search.
  const GraphStats& stats() const;

  // The nearest point of the nearest edge (exact point-segment distance; ties to the lowest
  // segment), whatever the distance; nullopt when the graph has no edge.
  std::optional<EdgeLocation> nearest_edge(geo::Point p) const;

 private:
  RoadGraph() = default;

  std::vector<geo::Point> node_points_;
  std::vector<NodeId> edge_u_;
  std::vector<NodeId> edge_v_;
  std::vector<double> edge_length_m_;
  std::vector<std::uint16_t> edge_class_;
  std::vector<std::uint32_t> edge_feature_;
  std::vector<std::uint64_t> geometry_offsets_{0};
  std::vector<geo::Point> geometry_;
  CsrGraphPtr csr_;
  GraphStructure structure_;
  std::vector<std::uint32_t> node_component_;
  std::vector<double> component_length_m_;
  mutable GraphStats stats_;  // completed by stats() once the dangle search is in
  // Items are edge numbers; their boxes are read from geometry_.
  std::unique_ptr<geo::SpatialIndex> edge_index_;
  // The dangle search: how many dangles, and the features of their edges (sorted, unique). The
  // last member: destroyed first, its destructor waits for the thread before anything the thread
  // reads goes.
  mutable std::future<std::pair<std::size_t, std::vector<std::uint32_t>>> dangle_search_;
};

// The road graph with points attached: every edge holding an attachment is split there (several
// attachments on one edge in order along it); a location on an edge end attaches to that node,
// so no zero-length edge appears. Nodes 0..base.node_count()-1 are the base graph's nodes.
class AttachedGraph {
 public:
  AttachedGraph(const RoadGraph& base, std::span<const EdgeLocation> locations);
  ~AttachedGraph();
  AttachedGraph(const AttachedGraph&) = delete;
  AttachedGraph& operator=(const AttachedGraph&) = delete;

  const RoadGraph& base() const { return *base_; }
  // The node location i attached to.
  NodeId location_node(std::size_t i) const { return location_node_[i]; }
  std::size_t node_count() const { return base_->node_count() + split_points_.size(); }
  std::size_t edge_count() const { return parent_.size(); }
  geo::Point node_point(NodeId n) const;
  // The base component of a node (split nodes take their edge's).
  std::uint32_t node_component(NodeId n) const;
  NodeId edge_u(EdgeId e) const { return u_[e]; }
  NodeId edge_v(EdgeId e) const { return v_[e]; }
  EdgeId edge_parent(EdgeId e) const { return parent_[e]; }  // the base edge it is part of
  double edge_from_m(EdgeId e) const { return from_m_[e]; }  // along the base edge
  double edge_to_m(EdgeId e) const { return to_m_[e]; }
  double edge_length_m(EdgeId e) const { return to_m_[e] - from_m_[e]; }
  // The piece of this edge's polyline between from_m and to_m of its own length (0..length).
  geo::Polyline edge_geometry(EdgeId e, double from_m, double to_m) const;
  const CsrGraph& csr() const { return *csr_; }

 private:
  const RoadGraph* base_;
  std::vector<NodeId> location_node_;
  std::vector<geo::Point> split_points_;  // node base.node_count()+i
  std::vector<EdgeId> split_parent_;      // the base edge each split node lies on
  std::vector<NodeId> u_;
  std::vector<NodeId> v_;
  std::vector<EdgeId> parent_;
  std::vector<double> from_m_;
  std::vector<double> to_m_;
  CsrGraphPtr csr_;
};

// The part of `line` between from_m and to_m measured along it (clamped to the line).
geo::Polyline cut_polyline(std::span<const geo::Point> line, double from_m, double to_m);

}  // namespace infracov::analysis
