// Noding (DESIGN.md "Road graph") and the nearest-edge queries. The CSR graph and its structure
// are in graph_structure.cpp, attachment in attached_graph.cpp.
#include "infracov/analysis/road_graph.hpp"

#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

#include <boost/property_map/function_property_map.hpp>

#include "csr_graph.hpp"
#include "graph_ids.hpp"
#include "infracov/analysis/shortest_paths.hpp"
#include "infracov/geo/union_find.hpp"
#include "network_hash.hpp"

namespace infracov::analysis {

using detail::checked_id;

namespace {

constexpr double kDangleReachM = 10.0;  // DESIGN.md: dead ends within 10 m of another edge

// The bounding box of the polyline vertices[offsets[e]..offsets[e + 1]).
geo::Envelope edge_envelope(std::span<const std::uint64_t> offsets,
                            std::span<const geo::Point> vertices, std::size_t e) {
  geo::Envelope box;
  for (std::size_t k = offsets[e]; k < offsets[e + 1]; ++k) box.expand(vertices[k]);
  return box;
}

// The segment of edge e nearest to q (ties: the first) and its exact distance.
std::pair<std::size_t, double> nearest_segment(std::span<const std::uint64_t> offsets,
                                               std::span<const geo::Point> vertices, std::size_t e,
                                               geo::Point q) {
  std::size_t best_k = offsets[e];
  double best_m = std::numeric_limits<double>::infinity();
  for (std::size_t k = offsets[e]; k + 1 < offsets[e + 1]; ++k) {
    const double d = geo::project_onto_segment(q, vertices[k], vertices[k + 1]).distance_m;
    if (d < best_m) {
      best_m = d;
      best_k = k;
    }
  }
  return {best_k, best_m};
}

// The degree-1 nodes within kDangleReachM of an edge they are not on: their count, and the
// features of their own edges (sorted, unique).
std::pair<std::size_t, std::vector<std::uint32_t>> find_dangles(
    std::span<const geo::Point> nodes, std::span<const std::uint64_t> offsets,
    std::span<const geo::Point> vertices, std::span<const std::uint32_t> features,
    const CsrGraph& csr, const geo::SpatialIndex& index) {
  std::size_t count = 0;
  std::vector<std::uint32_t> found;
  for (NodeId n = 0; n < nodes.size(); ++n) {
    if (boost::out_degree(n, csr) != 1) continue;
    const EdgeId own = csr[*boost::out_edges(n, csr).first].edge;
    const geo::Point q = nodes[n];
    bool near = false;
    index.query(geo::Envelope{q.x, q.y, q.x, q.y}.grown(kDangleReachM), [&](std::size_t e) {
      near = near || (e != own && nearest_segment(offsets, vertices, e, q).second <= kDangleReachM);
    });
    if (!near) continue;
    ++count;
    found.push_back(features[own]);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return {count, std::move(found)};
}

geo::Point normalised(geo::Point p) {
  // -0.0 == 0.0 compares equal but hashes differently; adding 0.0 turns -0.0 into +0.0.
  return {p.x + 0.0, p.y + 0.0};
}

double polyline_length_m(std::span<const geo::Point> line) {
  double length_m = 0.0;
  for (std::size_t i = 1; i < line.size(); ++i) length_m += geo::distance_m(line[i - 1], line[i]);
  return length_m;
}

}  // namespace

RoadGraph::RoadGraph(RoadGraph&&) noexcept = default;
RoadGraph& RoadGraph::operator=(RoadGraph&&) noexcept = default;
RoadGraph::~RoadGraph() = default;

std::size_t RoadGraph::degree(NodeId n) const { return boost::out_degree(n, *csr_); }

RoadGraph RoadGraph::build(const RoadLines& lines, double snap_m,
                           const std::function<bool(std::uint32_t feature)>& keep,
                           unsigned dangle_threads) {
  RoadGraph g;
  GraphStats& stats = g.stats_;

  // 1. Clean parts: drop zero-length segments (repeated vertices), count multipart features.
  std::vector<geo::Point> points;
  std::vector<std::uint64_t> part_start{0};
  std::vector<std::uint32_t> cleaned_feature;  // feature of each cleaned part
  points.reserve(lines.vertices.size());
  std::vector<std::uint32_t> parts_of_feature(lines.feature_fid.size(), 0);
  for (std::size_t p = 0; p < lines.part_count(); ++p) {
    const std::uint32_t feature = lines.part_feature[p];
    if (keep && !keep(feature)) continue;
    if (feature < parts_of_feature.size()) ++parts_of_feature[feature];
    const std::size_t begin = lines.part_offsets[p];
    const std::size_t end = lines.part_offsets[p + 1];
    const std::size_t start = points.size();
    for (std::size_t i = begin; i < end; ++i) {
      const geo::Point q = normalised(lines.vertices[i]);
      if (points.size() > start && points.back() == q) {
        ++stats.zero_length_segments;
        continue;
      }
      points.push_back(q);
    }
    if (points.size() - start < 2) {
      // Nothing of the part is left but a point.
      if (end - begin == 1) ++stats.zero_length_segments;
      points.resize(start);
      continue;
    }
    part_start.push_back(points.size());
    cleaned_feature.push_back(feature);
  }
  for (const std::uint32_t count : parts_of_feature) {
    if (count > 1) ++stats.multipart_features;
  }
  const std::size_t part_count = part_start.size() - 1;
  checked_id(part_count, "line parts");
  checked_id(points.size(), "vertices");
  auto part_points = [&](std::size_t p) {
    return std::span<const geo::Point>(points.data() + part_start[p],
                                       points.data() + part_start[p + 1]);
  };

  // 2. Duplicate lines (the same vertex sequence in either direction as an earlier part) are
  // counted. They stay in the graph (DESIGN.md): each copy is a line of its own, so the copies
  // share every vertex and give parallel edges, none of them a bridge.
  {
    detail::IdTable table(part_count);
    for (std::size_t p = 0; p < part_count; ++p) {
      const auto seq = part_points(p);
      const auto [found, inserted] = table.find_or_insert(
          detail::hash_sequence(seq), static_cast<std::uint32_t>(p), [&](std::uint32_t q) {
            return detail::same_sequence_either_direction(seq, part_points(q));
          });
      if (!inserted) ++stats.duplicate_lines;
    }
  }

  // 3. Distinct coordinates (exact equality) and how many lines (parts) pass each: a vertex that
  // one line visits twice is not shared (DESIGN.md's node rule counts lines, not visits).
  std::vector<std::uint32_t> coord_of(points.size(), kNoId);
  std::vector<geo::Point> coords;
  std::vector<std::uint8_t> coord_count;       // lines through it, saturating at 2 ("shared")
  std::vector<std::uint32_t> coord_last_part;  // the last part seen through it
  std::vector<std::uint8_t> coord_is_end;
  // Room for every vertex being distinct: growing by doubling copied and paged in the arrays
  // again and again (0.5 s on a province), and capacity never written costs no memory.
  coords.reserve(points.size());
  coord_count.reserve(points.size());
  coord_last_part.reserve(points.size());
  coord_is_end.reserve(points.size());
  {
    detail::IdTable table(points.size());
    for (std::size_t p = 0; p < part_count; ++p) {
      for (std::size_t i = part_start[p]; i < part_start[p + 1]; ++i) {
        const geo::Point q = points[i];
        const auto candidate = static_cast<std::uint32_t>(coords.size());
        const auto [id, inserted] = table.find_or_insert(
            detail::hash_point(q), candidate, [&](std::uint32_t c) { return coords[c] == q; });
        if (inserted) {
          coords.push_back(q);
          coord_count.push_back(1);
          coord_last_part.push_back(static_cast<std::uint32_t>(p));
          coord_is_end.push_back(0);
        } else if (coord_last_part[id] != p) {
          coord_count[id] = 2;
          coord_last_part[id] = static_cast<std::uint32_t>(p);
        }
        coord_of[i] = id;
        if (i == part_start[p] || i + 1 == part_start[p + 1]) coord_is_end[id] = 1;
      }
    }
  }

  // 4. Snap end points: single linkage of end points within snap_m, through the spatial index.
  std::vector<std::uint32_t> end_of_coord(coords.size(), kNoId);
  std::vector<std::uint32_t> end_coords;
  for (std::size_t c = 0; c < coords.size(); ++c) {
    if (coord_is_end[c] != 0) {
      end_of_coord[c] = static_cast<std::uint32_t>(end_coords.size());
      end_coords.push_back(static_cast<std::uint32_t>(c));
    }
  }
  geo::UnionFind<std::uint32_t> clusters(end_coords.size());
  if (snap_m > 0.0 && end_coords.size() > 1) {
    geo::SpatialIndex index;
    for (std::size_t i = 0; i < end_coords.size(); ++i) {
      const geo::Point q = coords[end_coords[i]];
      index.insert(i, geo::Envelope{q.x, q.y, q.x, q.y});
    }
    for (std::size_t i = 0; i < end_coords.size(); ++i) {
      const geo::Point q = coords[end_coords[i]];
      index.query(geo::Envelope{q.x, q.y, q.x, q.y}.grown(snap_m), [&](std::size_t j) {
        if (j > i && geo::distance_m(q, coords[end_coords[j]]) <= snap_m &&
            clusters.unite(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j))) {
          ++stats.snapped_joins;
        }
      });
    }
  }
  // Cluster means, summed in end-point order so that they are reproducible to the bit.
  std::vector<geo::Point> cluster_sum(end_coords.size(), geo::Point{0.0, 0.0});
  std::vector<std::uint32_t> cluster_size(end_coords.size(), 0);
  for (std::size_t i = 0; i < end_coords.size(); ++i) {
    const std::uint32_t root = clusters.find(static_cast<std::uint32_t>(i));
    cluster_sum[root].x += coords[end_coords[i]].x;
    cluster_sum[root].y += coords[end_coords[i]].y;
    ++cluster_size[root];
  }

  // 5. Nodes: end points (one per cluster) and shared vertices, numbered by first occurrence.
  std::vector<NodeId> node_of_coord(coords.size(), kNoId);
  std::vector<NodeId> node_of_cluster(end_coords.size(), kNoId);
  std::vector<geo::Point> node_points;
  node_points.reserve(coords.size());
  auto node_at = [&](std::uint32_t c) -> NodeId {
    if (node_of_coord[c] != kNoId) return node_of_coord[c];
    if (end_of_coord[c] != kNoId) {
      const std::uint32_t root = clusters.find(end_of_coord[c]);
      if (node_of_cluster[root] == kNoId) {
        node_of_cluster[root] = static_cast<NodeId>(node_points.size());
        const double size = cluster_size[root];
        node_points.push_back(
            size == 1.0 ? coords[end_coords[root]]
                        : geo::Point{cluster_sum[root].x / size, cluster_sum[root].y / size});
      }
      return node_of_coord[c] = node_of_cluster[root];
    }
    if (coord_count[c] >= 2) {
      node_of_coord[c] = static_cast<NodeId>(node_points.size());
      node_points.push_back(coords[c]);
      return node_of_coord[c];
    }
    return kNoId;
  };

  // 6. Edges: cut every part at its nodes, each piece between two consecutive nodes one edge.
  // Snapped ends move onto their node (the lines end there). A closed way that meets no other
  // line is one edge from its node to itself (a self-loop, never a bridge); a piece from a node
  // back to it with no vertex between is the gap that snapping closed, not an edge.
  std::vector<NodeId> edge_u;
  std::vector<NodeId> edge_v;
  std::vector<std::uint32_t> edge_feature;
  std::vector<std::uint64_t> offsets{0};
  std::vector<geo::Point> geometry;
  // Room for the vertices and the nodes' copies; capacity never written is never paged in, so the
  // spare quarter costs address space only (shrinking it afterwards copied 40 MB per graph).
  geometry.reserve(points.size() + points.size() / 4);

  // Keeps geometry[start..) as edge u-v unless snapping left it a single point.
  auto emit_edge = [&](NodeId u, NodeId v, std::size_t start, std::uint32_t feature) {
    if (geometry.size() - start < 2) {  // two nodes at one point: nothing to walk along
      geometry.resize(start);
      return;
    }
    checked_id(edge_u.size(), "edges");
    if (u == v) ++stats.self_loops;
    edge_u.push_back(u);
    edge_v.push_back(v);
    edge_feature.push_back(feature);
    offsets.push_back(geometry.size());
  };
  for (std::size_t p = 0; p < part_count; ++p) {
    const std::size_t begin = part_start[p];
    const std::size_t end = part_start[p + 1];
    NodeId u = node_at(coord_of[begin]);
    std::size_t start = geometry.size();
    std::size_t between = 0;  // vertices of the piece that are not nodes
    geometry.push_back(node_points[u]);
    for (std::size_t i = begin + 1; i < end; ++i) {
      const NodeId n = node_at(coord_of[i]);
      const geo::Point q = n == kNoId ? points[i] : node_points[n];
      // A segment that snapping shrank to nothing is skipped without counting: the data held
      // a short segment, not a zero-length one.
      if (geometry.back() != q) geometry.push_back(q);
      if (n == kNoId) {
        ++between;
        continue;
      }
      if (n == u && between == 0) {
        geometry.resize(start);  // the closed gap between two snapped end points
      } else {
        emit_edge(u, n, start, cleaned_feature[p]);
      }
      u = n;
      between = 0;
      start = geometry.size();
      geometry.push_back(node_points[u]);
    }
    geometry.resize(start);  // the open start of a piece that never closed (the part's end)
  }

  // 7. Drop nodes left without edges (their only pieces were closed snapping gaps), keeping the
  // first-occurrence order of the others.
  std::vector<NodeId> renumber(node_points.size(), kNoId);
  for (std::size_t e = 0; e < edge_u.size(); ++e) {
    renumber[edge_u[e]] = 0;
    renumber[edge_v[e]] = 0;
  }
  for (std::size_t n = 0; n < node_points.size(); ++n) {
    if (renumber[n] == 0) {
      renumber[n] = static_cast<NodeId>(g.node_points_.size());
      g.node_points_.push_back(node_points[n]);
    }
  }
  // Noding's working arrays go before the CSR graph and the segment index are built, which
  // keeps the peak memory of a 10-million-edge network to what the graph itself needs.
  geo::release(node_points);
  geo::release(points);
  geo::release(part_start);
  geo::release(cleaned_feature);
  geo::release(coord_of);
  geo::release(coords);
  geo::release(coord_count);
  geo::release(coord_last_part);
  geo::release(coord_is_end);
  geo::release(end_of_coord);
  geo::release(end_coords);
  clusters = geo::UnionFind<std::uint32_t>(0);
  geo::release(cluster_sum);
  geo::release(cluster_size);
  geo::release(node_of_coord);
  geo::release(node_of_cluster);
  for (auto& u : edge_u) u = renumber[u];
  for (auto& v : edge_v) v = renumber[v];
  geo::release(renumber);

  g.edge_u_ = std::move(edge_u);
  g.edge_v_ = std::move(edge_v);
  g.edge_feature_ = std::move(edge_feature);
  g.geometry_offsets_ = std::move(offsets);
  g.geometry_ = std::move(geometry);
  const std::size_t m = g.edge_u_.size();
  g.edge_length_m_.resize(m);
  g.edge_class_.resize(m);
  double total_m = 0.0;
  for (std::size_t e = 0; e < m; ++e) {
    g.edge_length_m_[e] = polyline_length_m(g.edge_geometry(static_cast<EdgeId>(e)));
    g.edge_class_[e] = g.edge_feature_[e] < lines.feature_class.size()
                           ? lines.feature_class[g.edge_feature_[e]]
                           : std::uint16_t{0};
    total_m += g.edge_length_m_[e];
  }

  // 8. Edge index (attachment, dangles), packed on another thread while the structure is found.
  // It keeps only edge numbers and reads each edge's box from geometry_ (final here, and its
  // buffer moves with the graph). An edge rather than a segment an item: a quarter of the items
  // to pack (0.85 -> 0.2 s of CPU on a province) for a few more exact distances per query.
  std::vector<std::uint32_t> edge_items(m);
  std::iota(edge_items.begin(), edge_items.end(), std::uint32_t{0});
  const std::span<const std::uint64_t> offsets_view = g.geometry_offsets_;
  const std::span<const geo::Point> vertices_view = g.geometry_;
  g.edge_index_ = std::make_unique<geo::SpatialIndex>(
      geo::SpatialIndex::over(std::move(edge_items), [offsets_view, vertices_view](std::size_t e) {
        return edge_envelope(offsets_view, vertices_view, e);
      }));
  std::future<void> packing;
  if (dangle_threads > 1) {
    packing = std::async(std::launch::async, [&index = *g.edge_index_] { index.prepare(); });
  }

  // 9. Structure, and components renumbered by decreasing road length (ties: lowest node id).
  g.csr_ = make_csr_graph(g.node_points_.size(), g.edge_u_, g.edge_v_);
  g.structure_ = compute_structure(*g.csr_, m);
  {
    // Roots are visited in increasing node id, so raw component ids already follow the lowest
    // node id of each component: a stable sort by length alone gives the tie rule.
    const std::size_t k = g.structure_.component_count;
    std::vector<double> raw_length(k, 0.0);
    for (std::size_t e = 0; e < m; ++e) {
      raw_length[g.structure_.component[g.edge_u_[e]]] += g.edge_length_m_[e];
    }
    std::vector<std::uint32_t> order(k);
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      return raw_length[a] > raw_length[b];
    });
    std::vector<std::uint32_t> rank(k);
    g.component_length_m_.resize(k);
    for (std::size_t i = 0; i < k; ++i) {
      rank[order[i]] = static_cast<std::uint32_t>(i);
      g.component_length_m_[i] = raw_length[order[i]];
    }
    g.node_component_.resize(g.node_points_.size());
    for (std::size_t n = 0; n < g.node_points_.size(); ++n) {
      g.node_component_[n] = rank[g.structure_.component[n]];
    }
  }

  if (packing.valid()) packing.get();
  // Dangles: degree-1 nodes within reach of another edge. Only GraphStats reports them, so on
  // a thread of its own the search runs beside the attachment and the measures (single-threaded
  // stages) instead of before them. It reads the graph's buffers, which stay where they are when
  // the graph is moved.
  if (dangle_threads > 0) {
    const std::span<const geo::Point> nodes = g.node_points_;
    const std::span<const std::uint64_t> edge_offsets = g.geometry_offsets_;
    const std::span<const geo::Point> edge_vertices = g.geometry_;
    const std::span<const std::uint32_t> features = g.edge_feature_;
    const CsrGraph& csr = *g.csr_;
    const geo::SpatialIndex& index = *g.edge_index_;
    g.dangle_search_ =
        std::async(dangle_threads > 1 ? std::launch::async : std::launch::deferred,
                   [nodes, edge_offsets, edge_vertices, features, &csr, &index] {
                     return find_dangles(nodes, edge_offsets, edge_vertices, features, csr, index);
                   });
  }

  stats.nodes = g.node_points_.size();
  stats.edges = m;
  stats.road_km = total_m / 1000.0;
  stats.components = g.component_length_m_.size();
  stats.bridges = g.structure_.bridge_count;
  // DESIGN.md: only geometries that GEOS found invalid and make-valid changed, as the reader
  // counted them; the ordinary data above is counted under its own names.
  stats.repaired = lines.repaired;
  return g;
}

const GraphStats& RoadGraph::stats() const {
  if (dangle_search_.valid()) {
    const auto [dangles, features] = dangle_search_.get();
    stats_.dangles_near_lines = dangles;
    stats_.dangle_features = features;
  }
  return stats_;
}

std::optional<EdgeLocation> RoadGraph::nearest_edge(geo::Point p) const {
  if (!edge_index_ || edge_count() == 0) return std::nullopt;
  // Ties between edges go to the lowest edge and within one to its first segment: together, to
  // the lowest segment of the whole graph, whose segments are numbered edge by edge.
  const auto hit = edge_index_->nearest(p, [this](std::size_t e, geo::Point q) {
    return nearest_segment(geometry_offsets_, geometry_, e, q).second;
  });
  if (!hit) return std::nullopt;
  const auto e = static_cast<EdgeId>(hit->item);
  const std::size_t k = nearest_segment(geometry_offsets_, geometry_, e, p).first;
  const geo::SegmentProjection on = geo::project_onto_segment(p, geometry_[k], geometry_[k + 1]);
  EdgeLocation location;
  location.edge = e;
  location.segment = static_cast<std::uint32_t>(k - geometry_offsets_[e]);
  location.t = on.t;
  location.point = on.point;
  location.distance_m = on.distance_m;
  if (on.t >= 1.0 && k + 2 == geometry_offsets_[e + 1]) {
    location.along_m = edge_length_m_[e];  // exactly the end node
  } else {
    double along_m = 0.0;
    for (std::size_t i = geometry_offsets_[e]; i < k; ++i) {
      along_m += geo::distance_m(geometry_[i], geometry_[i + 1]);
    }
    location.along_m = along_m + geo::distance_m(geometry_[k], on.point);
  }
  return location;
}

// ---------------------------------------------------------------------------------------------
// AttachedGraph

}  // namespace infracov::analysis
