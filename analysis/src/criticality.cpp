// compute_criticality: shortest-path trees on the attached graph, subtree sums of villages and
// people, and relabelling searches for the critical segments.
#include "infracov/analysis/criticality.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "csr_graph.hpp"
#include "infracov/analysis/road_graph.hpp"
#include "infracov/analysis/shortest_paths.hpp"
#include "infracov/geo/parallel.hpp"
#include "infracov/geo/types.hpp"

namespace infracov::analysis {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A shortest-path tree (one source) or forest (several), with each node's parent piece chosen
// by a fixed rule so that routes never depend on arc order.
struct Tree {
  std::vector<double> cost;          // per node; +inf when unreached
  std::vector<EdgeId> pred;          // per node: the piece to its parent; kNoId for roots
  std::vector<NodeId> order;         // reached nodes, parents first (ShortestPaths::order)
  std::vector<std::uint32_t> first;  // children of n: children[first[n] .. first[n+1])
  std::vector<NodeId> children;
};

NodeId other_end(const AttachedGraph& graph, EdgeId piece, NodeId node) {
  return graph.edge_u(piece) == node ? graph.edge_v(piece) : graph.edge_u(piece);
}

// The tree of multi_source_shortest_paths (which hangs the dead-end trees on after its search);
// `dead_end` receives its dead-end marks.
Tree shortest_tree(const AttachedGraph& graph, std::span<const double> weight,
                   std::span<const PathSource> sources, std::vector<std::uint8_t>& dead_end) {
  const std::size_t n = graph.node_count();
  ShortestPaths paths = multi_source_shortest_paths(graph.csr(), weight, sources);
  Tree tree;
  tree.pred.assign(n, kNoId);
  std::vector<std::uint32_t> position(n, kNoId);
  for (std::size_t k = 0; k < paths.order.size(); ++k) {
    position[paths.order[k]] = static_cast<std::uint32_t>(k);
  }
  // The parent: among the arcs that give the node its cost from a node reached before it (with
  // the same nearest source), the lowest node, then the lowest edge.
  const CsrGraph& csr = graph.csr();
  for (const NodeId v : paths.order) {
    if (paths.pred[v] == kNoId) continue;  // a source
    NodeId best_node = kNoId;
    EdgeId best_edge = kNoId;
    for (auto [it, end] = boost::out_edges(v, csr); it != end; ++it) {
      const EdgeId e = csr[*it].edge;
      const NodeId u = boost::target(*it, csr);
      if (u == v || position[u] == kNoId || position[u] >= position[v]) continue;
      if (paths.label[u] != paths.label[v] || paths.cost[u] + weight[e] != paths.cost[v]) continue;
      if (u < best_node || (u == best_node && e < best_edge)) {
        best_node = u;
        best_edge = e;
      }
    }
    tree.pred[v] = best_edge;
  }
  tree.cost = std::move(paths.cost);
  tree.order = std::move(paths.order);
  dead_end = std::move(paths.dead_end);
  tree.first.assign(n + 1, 0);
  for (const NodeId v : tree.order) {
    if (tree.pred[v] != kNoId) ++tree.first[other_end(graph, tree.pred[v], v) + 1];
  }
  for (std::size_t i = 0; i < n; ++i) tree.first[i + 1] += tree.first[i];
  tree.children.resize(tree.first[n]);
  std::vector<std::uint32_t> fill(tree.first.begin(), tree.first.end() - 1);
  for (const NodeId v : tree.order) {
    if (tree.pred[v] != kNoId) tree.children[fill[other_end(graph, tree.pred[v], v)]++] = v;
  }
  return tree;
}

// Villages and people hanging below each node of the tree (the node's own included).
struct SubtreeSums {
  std::vector<std::uint32_t> villages;
  std::vector<std::int64_t> people;
};

SubtreeSums subtree_sums(const AttachedGraph& graph, const Tree& tree,
                         std::span<const NodeId> village_node,
                         std::span<const std::int64_t> people) {
  SubtreeSums sums;
  sums.villages.assign(graph.node_count(), 0);
  sums.people.assign(graph.node_count(), 0);
  for (std::size_t i = 0; i < village_node.size(); ++i) {
    const NodeId node = village_node[i];
    if (node == kNoId || !std::isfinite(tree.cost[node])) continue;
    ++sums.villages[node];
    sums.people[node] += people[i];
  }
  for (auto it = tree.order.rbegin(); it != tree.order.rend(); ++it) {
    const NodeId v = *it;
    if (tree.pred[v] == kNoId) continue;
    const NodeId parent = other_end(graph, tree.pred[v], v);
    sums.villages[parent] += sums.villages[v];
    sums.people[parent] += sums.people[v];
  }
  return sums;
}

// The tree pieces of one road edge through which its routes enter it: a piece whose parent end
// is reached over another piece of the same edge only continues a route already counted.
// Calls visit(child) for each such piece.
template <class Visit>
void entering_pieces(const AttachedGraph& graph, const Tree& tree, std::uint32_t first_piece,
                     std::uint32_t end_piece, Visit&& visit) {
  for (EdgeId p = first_piece; p < end_piece; ++p) {
    NodeId child = kNoId;
    if (tree.pred[graph.edge_v(p)] == p) {
      child = graph.edge_v(p);
    } else if (tree.pred[graph.edge_u(p)] == p) {
      child = graph.edge_u(p);
    }
    if (child == kNoId) continue;
    const NodeId parent = other_end(graph, p, child);
    const EdgeId above = tree.pred[parent];
    if (above != kNoId && graph.edge_parent(above) == graph.edge_parent(p)) continue;
    visit(child);
  }
}

// One network kind (or the seat, as kind "seat"): its tree, weights and sources.
struct RouteSet {
  std::span<const double> weight;  // lengths or minutes, per attached edge
  std::vector<PathSource> sources;
  std::optional<double> limit;   // on the node cost plus the access leg; none: reachable
  std::vector<double> leg_cost;  // per village: the access leg in this weight's unit
  Tree tree;
  std::vector<std::uint8_t> dead_end;  // the tree's dead-end marks (ShortestPaths::dead_end)
  std::vector<NodeId> village_anchor;  // per village: its node, or its dead-end tree's anchor
};

// The anchor of `node` in `set`: the node its dead-end tree hangs from (itself outside them);
// kNoId when the tree does not reach it. Every route into a dead-end tree passes its anchor, then
// the tree's one path, so closing a segment elsewhere changes the node's cost exactly as its
// anchor's: the closures search outside the dead-end trees only.
NodeId anchor_of(const AttachedGraph& graph, const RouteSet& set, NodeId node) {
  while (set.dead_end[node]) {
    const EdgeId up = set.tree.pred[node];
    if (up == kNoId) return kNoId;
    node = other_end(graph, up, node);
  }
  return std::isfinite(set.tree.cost[node]) ? node : kNoId;
}

// The cost of `node` given its anchor's: the pieces down the dead-end tree added in the order a
// search adds them, so that the sum is the search's to the last bit.
double cost_from_anchor(const AttachedGraph& graph, const RouteSet& set, NodeId node,
                        double anchor_cost, std::vector<EdgeId>& path) {
  path.clear();
  while (set.dead_end[node]) {
    path.push_back(set.tree.pred[node]);
    node = other_end(graph, path.back(), node);
  }
  for (auto it = path.rbegin(); it != path.rend(); ++it) anchor_cost += set.weight[*it];
  return anchor_cost;
}

// Per-thread workspace of the critical searches: one search serves every route set in turn.
struct Workspace {
  std::optional<PathSearch> search;
  std::vector<std::uint8_t> affected;
  std::vector<NodeId> affected_nodes;
  std::vector<EdgeId> path;  // cost_from_anchor's
};

// Marks every node below the pieces of `edge` in `set`'s tree (the nodes whose route uses it),
// dead-end nodes left out.
void mark_affected(const AttachedGraph& graph, const RouteSet& set, std::uint32_t first_piece,
                   std::uint32_t end_piece, Workspace& ws) {
  for (const NodeId n : ws.affected_nodes) ws.affected[n] = 0;
  ws.affected_nodes.clear();
  std::vector<NodeId> stack;
  entering_pieces(graph, set.tree, first_piece, end_piece, [&](NodeId child) {
    stack.push_back(child);
    while (!stack.empty()) {
      const NodeId v = stack.back();
      stack.pop_back();
      if (ws.affected[v]) continue;
      ws.affected[v] = 1;
      ws.affected_nodes.push_back(v);
      for (std::uint32_t c = set.tree.first[v]; c < set.tree.first[v + 1]; ++c) {
        if (!set.dead_end[set.tree.children[c]]) stack.push_back(set.tree.children[c]);
      }
    }
  });
}

// New costs of the affected nodes with the pieces closed: every other node keeps its cost, so
// the search starts from the affected nodes' open arcs to them (and their own sources) and
// stays among the affected nodes. A dead-end node is not a start: its cost is stale when its
// anchor is affected, and it offers no route that does not pass its anchor.
void relabel(const AttachedGraph& graph, const RouteSet& set, std::uint32_t first_piece,
             std::uint32_t end_piece, Workspace& ws) {
  PathSearch& search = *ws.search;
  search.reset();
  search.set_weights(set.weight);
  search.close_edges(first_piece, end_piece);
  const CsrGraph& csr = graph.csr();
  const double limit = set.limit.value_or(kInfinity);
  // An affected facility still serves its own node (add_source keeps a node's lowest cost).
  for (const PathSource& source : set.sources) {
    if (ws.affected[source.node]) search.add_source(source.node, source.cost);
  }
  for (const NodeId v : ws.affected_nodes) {
    for (auto [it, end] = boost::out_edges(v, csr); it != end; ++it) {
      const NodeId u = boost::target(*it, csr);
      const EdgeId piece = csr[*it].edge;
      if (ws.affected[u] || set.dead_end[u] || (piece >= first_piece && piece < end_piece) ||
          !(set.tree.cost[u] < kInfinity)) {
        continue;
      }
      const double w = set.weight[piece];
      if (set.tree.cost[u] + w <= limit) search.add_source(v, set.tree.cost[u] + w);
    }
  }
  while (const auto node = search.settle(limit)) search.expand_within(*node, limit, ws.affected, 1);
}

}  // namespace

Criticality compute_criticality(const Network& network, const NetworkResult& measured,
                                std::span<const std::int64_t> people, std::size_t critical_count,
                                unsigned threads) {
  const AttachedGraph& graph = network.attached();
  const RoadGraph& roads = network.roads();
  const std::size_t road_edges = roads.edge_count();
  const std::size_t village_count = people.size();
  Criticality out;
  out.villages_cut_off.assign(road_edges, 0);
  out.people_cut_off.assign(road_edges, 0);
  out.route_people.assign(road_edges, 0);
  const std::size_t kind_count = network.kinds().size();
  out.route_people_kind.assign(kind_count, std::vector<std::int64_t>(road_edges, 0));
  out.critical_index.assign(road_edges, UINT32_MAX);
  const auto seat = network.seat_node();
  if (!seat || graph.edge_count() == 0) return out;

  // The pieces of road edge e are attached edges piece_first[e] .. piece_first[e+1]-1.
  std::vector<std::uint32_t> piece_first(road_edges + 1, 0);
  for (EdgeId p = 0; p < graph.edge_count(); ++p) ++piece_first[graph.edge_parent(p) + 1];
  for (std::size_t e = 0; e < road_edges; ++e) piece_first[e + 1] += piece_first[e];

  std::vector<NodeId> village_node(village_count, kNoId);
  for (std::size_t i = 0; i < village_count; ++i) {
    if (const auto node = network.village_node(i)) village_node[i] = *node;
  }

  // Route set 0: to the seat by length; then one per network kind.
  std::vector<RouteSet> sets(1 + kind_count);
  const std::vector<double> lengths = network.length_weights();
  std::vector<double> minutes;
  for (std::size_t s = 0; s < sets.size(); ++s) {
    RouteSet& set = sets[s];
    const bool by_time = s > 0 && network.kinds()[s - 1].max_minutes.has_value();
    if (by_time && minutes.empty()) minutes = network.minutes_weights();
    set.weight = by_time ? std::span<const double>(minutes) : std::span<const double>(lengths);
    set.leg_cost.assign(village_count, 0.0);
    if (s == 0) {
      set.sources.push_back({*seat, 0.0, 0});
    } else {
      const NetworkKind& kind = network.kinds()[s - 1];
      set.sources = network.kind_sources(s - 1);
      set.limit = by_time ? kind.max_minutes : kind.max_m;
      for (std::size_t i = 0; i < village_count; ++i) {
        if (village_node[i] == kNoId) continue;
        const double leg_m = network.village_leg_m(i);
        set.leg_cost[i] = by_time ? network.access_minutes(leg_m) : leg_m;
      }
    }
  }
  // The trees share nothing: one search per thread.
  geo::parallel_for(sets.size(), threads, [&] {
    return [&](std::size_t s) {
      RouteSet& set = sets[s];
      set.tree = shortest_tree(graph, set.weight, set.sources, set.dead_end);
      set.village_anchor.assign(village_count, kNoId);
      for (std::size_t i = 0; i < village_count; ++i) {
        if (village_node[i] != kNoId)
          set.village_anchor[i] = anchor_of(graph, set, village_node[i]);
      }
    };
  });

  // Cut-off and route figures from subtree sums.
  for (std::size_t s = 0; s < sets.size(); ++s) {
    const Tree& tree = sets[s].tree;
    const SubtreeSums sums = subtree_sums(graph, tree, village_node, people);
    std::vector<std::int64_t>& route = s == 0 ? out.route_people : out.route_people_kind[s - 1];
    for (EdgeId e = 0; e < road_edges; ++e) {
      entering_pieces(graph, tree, piece_first[e], piece_first[e + 1],
                      [&](NodeId child) { route[e] += sums.people[child]; });
      if (s != 0 || !roads.is_bridge(e)) continue;
      // On a bridge every piece in the seat's component is a tree piece; the one nearest the
      // seat cuts off the most.
      for (EdgeId p = piece_first[e]; p < piece_first[e + 1]; ++p) {
        for (const NodeId child : {graph.edge_u(p), graph.edge_v(p)}) {
          if (tree.pred[child] != p) continue;
          out.villages_cut_off[e] = std::max(out.villages_cut_off[e], sums.villages[child]);
          out.people_cut_off[e] = std::max(out.people_cut_off[e], sums.people[child]);
        }
      }
    }
  }

  // The closures walk the trees by their children, never in settle order: its memory (75 MB a
  // route set at the nation's size) goes before theirs comes.
  for (RouteSet& set : sets) geo::release(set.tree.order);

  // The critical segments: the busiest that are not bridges.
  std::vector<std::uint32_t> busiest;
  for (EdgeId e = 0; e < road_edges; ++e) {
    if (!roads.is_bridge(e) && out.route_people[e] > 0) busiest.push_back(e);
  }
  std::sort(busiest.begin(), busiest.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (out.route_people[a] != out.route_people[b]) {
      return out.route_people[a] > out.route_people[b];
    }
    return a < b;
  });
  if (busiest.size() > critical_count) busiest.resize(critical_count);
  out.critical.resize(busiest.size());
  for (std::size_t c = 0; c < busiest.size(); ++c) {
    out.critical_index[busiest[c]] = static_cast<std::uint32_t>(c);
  }

  // One closure: every route set relabelled without the edge's pieces.
  auto close_and_measure = [&](Workspace& ws, std::size_t c) {
    const std::uint32_t e = busiest[c];
    CriticalEdge& result = out.critical[c];
    result.edge = e;
    result.kind_lost.assign(kind_count, 0);
    for (std::size_t s = 0; s < sets.size(); ++s) {
      const RouteSet& set = sets[s];
      mark_affected(graph, set, piece_first[e], piece_first[e + 1], ws);
      relabel(graph, set, piece_first[e], piece_first[e + 1], ws);
      for (std::size_t i = 0; i < village_count; ++i) {
        const NodeId node = village_node[i];
        const NodeId anchor = set.village_anchor[i];
        if (anchor == kNoId || !ws.affected[anchor]) continue;
        const double before = set.tree.cost[node];
        const double anchor_after = ws.search->cost(anchor);
        const double after = anchor == node
                                 ? anchor_after
                                 : cost_from_anchor(graph, set, node, anchor_after, ws.path);
        if (s == 0) {
          // Villages on the closed edge itself have no route left: not a detour.
          if (!(after < kInfinity)) continue;
          const double extra_km = (after - before) / 1000.0;
          result.detour_person_km += static_cast<double>(people[i]) * extra_km;
          result.detour_max_km = std::max(result.detour_max_km, extra_km);
        } else {
          const auto& value = measured.kinds[s - 1].value[i];
          const bool ok_now = value && (!set.limit || *value <= *set.limit);
          const double new_value = set.leg_cost[i] + after;
          const bool ok_closed = new_value < kInfinity && (!set.limit || new_value <= *set.limit);
          if (ok_now && !ok_closed) ++result.kind_lost[s - 1];
        }
      }
    }
  };

  // Closures share nothing but read-only trees and weights: each thread takes the next one in
  // turn, with its own search (which closes the edge's pieces by their range).
  geo::parallel_for(busiest.size(), threads, [&] {
    auto ws = std::make_shared<Workspace>();
    ws->affected.assign(graph.node_count(), 0);
    ws->search.emplace(graph.csr(), lengths);
    return [&, ws](std::size_t c) { close_and_measure(*ws, c); };
  });
  return out;
}

}  // namespace infracov::analysis
