// The attached graph: the road graph with villages, the seat and facilities split into the edges
// they attach to, and cutting a polyline by distance along it.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "csr_graph.hpp"
#include "graph_ids.hpp"
#include "infracov/analysis/road_graph.hpp"

namespace infracov::analysis {

using detail::checked_id;

geo::Polyline cut_polyline(std::span<const geo::Point> line, double from_m, double to_m) {
  geo::Polyline piece;
  if (line.empty()) return piece;
  if (line.size() == 1 || to_m <= from_m) {
    piece.push_back(line.front());
    return piece;
  }
  auto point_at = [](geo::Point a, geo::Point b, double fraction) {
    return geo::Point{a.x + (b.x - a.x) * fraction, a.y + (b.y - a.y) * fraction};
  };
  double start_m = 0.0;  // distance along the line to line[i-1]
  bool open = false;
  if (from_m <= 0.0) {
    piece.push_back(line.front());
    open = true;
  }
  for (std::size_t i = 1; i < line.size(); ++i) {
    const double segment_m = geo::distance_m(line[i - 1], line[i]);
    const double end_m = start_m + segment_m;
    if (!open && from_m < end_m) {
      piece.push_back(point_at(line[i - 1], line[i], (from_m - start_m) / segment_m));
      open = true;
    }
    if (open) {
      if (to_m < end_m) {
        piece.push_back(point_at(line[i - 1], line[i], (to_m - start_m) / segment_m));
        return piece;
      }
      piece.push_back(line[i]);
    }
    start_m = end_m;
  }
  if (piece.empty()) piece.push_back(line.back());
  return piece;
}

// ---------------------------------------------------------------------------------------------
// RoadGraph

AttachedGraph::AttachedGraph(const RoadGraph& base, std::span<const EdgeLocation> locations)
    : base_(&base), location_node_(locations.size(), kNoId) {
  struct Split {
    EdgeId edge;
    double along_m;
    std::size_t location;
  };
  std::vector<Split> splits;
  for (std::size_t i = 0; i < locations.size(); ++i) {
    const EdgeLocation& loc = locations[i];
    const auto geometry = base.edge_geometry(loc.edge);
    const std::size_t segments = geometry.size() - 1;
    if ((loc.segment == 0 && loc.t <= 0.0) || loc.along_m <= 0.0) {
      location_node_[i] = base.edge_u(loc.edge);
    } else if ((loc.segment + 1 == segments && loc.t >= 1.0) ||
               loc.along_m >= base.edge_length_m(loc.edge)) {
      location_node_[i] = base.edge_v(loc.edge);
    } else {
      splits.push_back({loc.edge, loc.along_m, i});
    }
  }
  std::sort(splits.begin(), splits.end(), [](const Split& a, const Split& b) {
    if (a.edge != b.edge) return a.edge < b.edge;
    if (a.along_m != b.along_m) return a.along_m < b.along_m;
    return a.location < b.location;
  });
  // Locations at the same point of an edge share one split node.
  std::vector<std::size_t> split_node_of(splits.size());
  for (std::size_t s = 0; s < splits.size(); ++s) {
    if (s > 0 && splits[s].edge == splits[s - 1].edge &&
        splits[s].along_m == splits[s - 1].along_m) {
      split_node_of[s] = split_node_of[s - 1];
    } else {
      split_node_of[s] = split_points_.size();
      split_points_.push_back(locations[splits[s].location].point);
      split_parent_.push_back(splits[s].edge);
    }
    location_node_[splits[s].location] = checked_id(base.node_count() + split_node_of[s], "nodes");
  }

  const std::size_t m = base.edge_count();
  u_.reserve(m + split_points_.size());
  v_.reserve(m + split_points_.size());
  parent_.reserve(m + split_points_.size());
  from_m_.reserve(m + split_points_.size());
  to_m_.reserve(m + split_points_.size());
  std::size_t s = 0;
  for (EdgeId e = 0; e < m; ++e) {
    NodeId from_node = base.edge_u(e);
    double from_m = 0.0;
    while (s < splits.size() && splits[s].edge == e) {
      const NodeId node = location_node_[splits[s].location];
      if (node != from_node) {
        u_.push_back(from_node);
        v_.push_back(node);
        parent_.push_back(e);
        from_m_.push_back(from_m);
        to_m_.push_back(splits[s].along_m);
        from_node = node;
        from_m = splits[s].along_m;
      }
      ++s;
    }
    u_.push_back(from_node);
    v_.push_back(base.edge_v(e));
    parent_.push_back(e);
    from_m_.push_back(from_m);
    to_m_.push_back(base.edge_length_m(e));
  }
  checked_id(u_.size(), "edges");
  csr_ = make_csr_graph(node_count(), u_, v_);
}

AttachedGraph::~AttachedGraph() = default;

geo::Point AttachedGraph::node_point(NodeId n) const {
  const std::size_t base_nodes = base_->node_count();
  return n < base_nodes ? base_->node_point(n) : split_points_[n - base_nodes];
}

std::uint32_t AttachedGraph::node_component(NodeId n) const {
  const std::size_t base_nodes = base_->node_count();
  return n < base_nodes ? base_->node_component(n)
                        : base_->edge_component(split_parent_[n - base_nodes]);
}

geo::Polyline AttachedGraph::edge_geometry(EdgeId e, double from_m, double to_m) const {
  return cut_polyline(base_->edge_geometry(parent_[e]), from_m_[e] + from_m, from_m_[e] + to_m);
}

}  // namespace infracov::analysis
