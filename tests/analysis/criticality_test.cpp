// Criticality against brute force on 200 small random networks with parallel edges and closed
// ways (self-loops): cut-off figures by removing each piece in turn and searching again, route
// figures by walking every village's own shortest route, detours and kinds lost by a full
// Dijkstra on the graph without the closed edge.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <random>
#include <set>
#include <vector>

#include "infracov/analysis/criticality.hpp"
#include "infracov/analysis/network.hpp"
#include "infracov/analysis/road_graph.hpp"

namespace infracov::analysis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Oracle {
  const AttachedGraph& graph;
  // Pieces left out of every search (the closed edge or piece).
  std::vector<std::uint8_t> closed;

  explicit Oracle(const AttachedGraph& g) : graph(g), closed(g.edge_count(), 0) {}

  // Least (cost, label) per node from the sources, over open pieces weighted by `weight`.
  std::pair<std::vector<double>, std::vector<std::uint32_t>> search(
      const std::vector<double>& weight, const std::vector<PathSource>& sources) const {
    const std::size_t n = graph.node_count();
    std::vector<double> cost(n, kInf);
    std::vector<std::uint32_t> label(n, kNoId);
    using Item = std::tuple<double, std::uint32_t, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    auto offer = [&](NodeId v, double c, std::uint32_t l) {
      if (c < cost[v] || (c == cost[v] && l < label[v])) {
        cost[v] = c;
        label[v] = l;
        queue.push({c, l, v});
      }
    };
    for (const PathSource& s : sources) offer(s.node, s.cost, s.label);
    while (!queue.empty()) {
      const auto [c, l, v] = queue.top();
      queue.pop();
      if (c != cost[v] || l != label[v]) continue;
      for (EdgeId p = 0; p < graph.edge_count(); ++p) {
        if (closed[p]) continue;
        if (graph.edge_u(p) == v) offer(graph.edge_v(p), c + weight[p], l);
        if (graph.edge_v(p) == v) offer(graph.edge_u(p), c + weight[p], l);
      }
    }
    return {cost, label};
  }

  // The road edges on node v's route back to its source: the parent is the lowest node, then
  // the lowest piece, giving v its cost from a cheaper node with the same label.
  std::set<EdgeId> route_edges(NodeId v, const std::vector<double>& weight,
                               const std::vector<double>& cost,
                               const std::vector<std::uint32_t>& label) const {
    std::set<EdgeId> edges;
    while (true) {
      NodeId best_u = kNoId;
      EdgeId best_p = kNoId;
      for (EdgeId p = 0; p < graph.edge_count(); ++p) {
        for (const auto& [a, b] : {std::pair{graph.edge_u(p), graph.edge_v(p)},
                                   std::pair{graph.edge_v(p), graph.edge_u(p)}}) {
          if (b != v || a == v || !(cost[a] < cost[v]) || label[a] != label[v]) continue;
          if (cost[a] + weight[p] != cost[v]) continue;
          if (a < best_u || (a == best_u && p < best_p)) {
            best_u = a;
            best_p = p;
          }
        }
      }
      if (best_u == kNoId) return edges;
      edges.insert(graph.edge_parent(best_p));
      v = best_u;
    }
  }
};

struct RandomCase {
  RoadLines lines;
  std::vector<geo::Point> villages;
  std::vector<std::int64_t> people;
  std::vector<NetworkKind> kinds;
  SeatSpec seat;
};

RandomCase random_case(std::mt19937_64& random) {
  RandomCase c;
  std::uniform_real_distribution<double> coord(0.0, 1000.0);
  std::uniform_int_distribution<int> node_count(4, 10);
  const int n = node_count(random);
  std::vector<geo::Point> nodes;
  for (int i = 0; i < n; ++i) nodes.push_back({coord(random), coord(random)});
  std::uniform_int_distribution<int> pick(0, n - 1);
  std::uniform_int_distribution<int> line_count(n - 1, 2 * n);
  const int m = line_count(random);
  std::int64_t fid = 0;
  for (int i = 0; i < m; ++i) {
    const int a = pick(random);
    int b = pick(random);
    geo::Polyline line{nodes[a]};
    if (a == b || i % 7 == 3) {
      // A closed way (self-loop) through two points of its own.
      line.push_back({nodes[a].x + 30.0 + coord(random) / 20.0, nodes[a].y + 10.0});
      line.push_back({nodes[a].x + 5.0, nodes[a].y + 40.0 + coord(random) / 20.0});
      line.push_back(nodes[a]);
    } else {
      // Through a bend of its own, so a second line between the same nodes is a parallel edge
      // of another length.
      const geo::Point mid{(nodes[a].x + nodes[b].x) / 2 + coord(random) / 10.0 - 50.0,
                           (nodes[a].y + nodes[b].y) / 2 + coord(random) / 10.0 - 50.0};
      line.push_back(mid);
      line.push_back(nodes[b]);
      if (i % 5 == 0) {
        geo::Polyline twin{nodes[a], {mid.x + 20.0 + coord(random) / 50.0, mid.y - 15.0}, nodes[b]};
        c.lines.add_feature(fid++, "road", {twin});
      }
    }
    c.lines.add_feature(fid++, "road", {line});
  }
  std::uniform_int_distribution<int> village_count(3, 9);
  const int v = village_count(random);
  std::uniform_int_distribution<std::int64_t> population(1, 900);
  for (int i = 0; i < v; ++i) {
    c.villages.push_back({coord(random), coord(random)});
    c.people.push_back(population(random));
  }
  NetworkKind clinic;
  clinic.name = "clinic";
  clinic.max_m = 700.0 + coord(random);
  for (int i = 0; i < 2; ++i) clinic.facilities.push_back({coord(random), coord(random)});
  c.kinds.push_back(clinic);
  c.seat.location = nodes[pick(random)];
  return c;
}

// The nodes of the trees hanging off the network (not the seat), by taking away ends of degree
// one until none is left.
std::vector<bool> dead_end_nodes(const AttachedGraph& graph, NodeId seat) {
  std::vector<bool> gone(graph.node_count(), false);
  for (bool changed = true; changed;) {
    changed = false;
    std::vector<int> degree(graph.node_count(), 0);
    for (EdgeId p = 0; p < graph.edge_count(); ++p) {
      if (gone[graph.edge_u(p)] || gone[graph.edge_v(p)]) continue;
      ++degree[graph.edge_u(p)];
      ++degree[graph.edge_v(p)];
    }
    for (NodeId n = 0; n < graph.node_count(); ++n) {
      if (!gone[n] && degree[n] == 1 && n != seat) gone[n] = changed = true;
    }
  }
  return gone;
}

TEST(Criticality, EqualsBruteForceOnRandomNetworks) {
  std::mt19937_64 random(11);
  std::size_t bridges_seen = 0, cut_off_seen = 0, critical_seen = 0, lost_seen = 0;
  std::size_t dead_end_detours_seen = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const RandomCase c = random_case(random);
    NetworkOptions options;
    options.max_access_m = 5000.0;
    options.service_area_width_m = 0.0;
    const Network network(c.lines, c.villages, c.kinds, {}, c.seat, options);
    const NetworkResult measured = network.measure();
    const Criticality result =
        compute_criticality(network, measured, c.people, 4, trial % 2 == 0 ? 1 : 2);
    const AttachedGraph& graph = network.attached();
    const RoadGraph& roads = network.roads();
    Oracle oracle(graph);
    std::vector<double> length(graph.edge_count());
    for (EdgeId p = 0; p < graph.edge_count(); ++p) length[p] = graph.edge_length_m(p);
    const NodeId seat = *network.seat_node();
    const std::vector<PathSource> from_seat{{seat, 0.0, 0}};
    const auto [dist, seat_label] = oracle.search(length, from_seat);
    const std::vector<bool> dead_end = dead_end_nodes(graph, seat);
    std::vector<NodeId> node(c.villages.size(), kNoId);
    for (std::size_t i = 0; i < c.villages.size(); ++i) {
      if (const auto n = network.village_node(i)) node[i] = *n;
    }
    auto connected = [&](std::size_t i, const std::vector<double>& d) {
      return node[i] != kNoId && d[node[i]] < kInf;
    };

    // Cut-off: remove each piece in turn.
    for (EdgeId e = 0; e < roads.edge_count(); ++e) {
      std::uint32_t villages = 0;
      std::int64_t people = 0;
      for (EdgeId p = 0; p < graph.edge_count(); ++p) {
        if (graph.edge_parent(p) != e) continue;
        oracle.closed[p] = 1;
        const auto [without, unused] = oracle.search(length, from_seat);
        oracle.closed[p] = 0;
        std::uint32_t lost_villages = 0;
        std::int64_t lost_people = 0;
        for (std::size_t i = 0; i < c.villages.size(); ++i) {
          if (connected(i, dist) && !connected(i, without)) {
            ++lost_villages;
            lost_people += c.people[i];
          }
        }
        villages = std::max(villages, lost_villages);
        people = std::max(people, lost_people);
      }
      ASSERT_EQ(result.villages_cut_off[e], villages) << "trial " << trial << " edge " << e;
      ASSERT_EQ(result.people_cut_off[e], people) << "trial " << trial << " edge " << e;
      bridges_seen += roads.is_bridge(e);
      cut_off_seen += villages > 0;
      if (!roads.is_bridge(e)) {
        ASSERT_EQ(villages, 0u);
      }
    }

    // Routes: each village's own route to the seat, and to its nearest clinic.
    const std::vector<PathSource> clinics = network.kind_sources(0);
    const auto [to_clinic, clinic_label] = oracle.search(length, clinics);
    std::vector<std::int64_t> route(roads.edge_count(), 0), route_clinic(roads.edge_count(), 0);
    for (std::size_t i = 0; i < c.villages.size(); ++i) {
      if (connected(i, dist)) {
        for (EdgeId e : oracle.route_edges(node[i], length, dist, seat_label)) {
          route[e] += c.people[i];
        }
      }
      if (connected(i, to_clinic)) {
        for (EdgeId e : oracle.route_edges(node[i], length, to_clinic, clinic_label)) {
          route_clinic[e] += c.people[i];
        }
      }
    }
    ASSERT_EQ(result.route_people, route) << "trial " << trial;
    ASSERT_EQ(result.route_people_kind[0], route_clinic) << "trial " << trial;

    // The critical edges: the busiest non-bridges, then their closures.
    std::vector<EdgeId> busiest;
    for (EdgeId e = 0; e < roads.edge_count(); ++e) {
      if (!roads.is_bridge(e) && route[e] > 0) busiest.push_back(e);
    }
    std::stable_sort(busiest.begin(), busiest.end(),
                     [&](EdgeId a, EdgeId b) { return route[a] > route[b]; });
    if (busiest.size() > 4) busiest.resize(4);
    ASSERT_EQ(result.critical.size(), busiest.size()) << "trial " << trial;
    for (std::size_t k = 0; k < busiest.size(); ++k) {
      const CriticalEdge& got = result.critical[k];
      ASSERT_EQ(got.edge, busiest[k]) << "trial " << trial;
      for (EdgeId p = 0; p < graph.edge_count(); ++p) {
        oracle.closed[p] = graph.edge_parent(p) == got.edge;
      }
      const auto [after, unused] = oracle.search(length, from_seat);
      const auto [clinic_after, unused2] = oracle.search(length, clinics);
      std::fill(oracle.closed.begin(), oracle.closed.end(), 0);
      double person_km = 0.0, max_km = 0.0;
      std::uint32_t lost = 0;
      for (std::size_t i = 0; i < c.villages.size(); ++i) {
        if (connected(i, dist) && connected(i, after)) {
          const double extra_km = (after[node[i]] - dist[node[i]]) / 1000.0;
          person_km += static_cast<double>(c.people[i]) * extra_km;
          max_km = std::max(max_km, extra_km);
          // A village at the end of a dead end takes its detour from where the dead end leaves
          // the rest of the network (criticality.cpp's pendant trees).
          dead_end_detours_seen += extra_km > 0.0 && dead_end[node[i]];
        }
        const auto& now = measured.kinds[0].value[i];
        const bool ok_now = now && *now <= *c.kinds[0].max_m;
        const double closed_value =
            node[i] == kNoId ? kInf : network.village_leg_m(i) + clinic_after[node[i]];
        if (ok_now && !(closed_value <= *c.kinds[0].max_m)) ++lost;
      }
      EXPECT_NEAR(got.detour_person_km, person_km, 1e-9 * std::max(1.0, person_km))
          << "trial " << trial;
      EXPECT_NEAR(got.detour_max_km, max_km, 1e-12) << "trial " << trial;
      ASSERT_EQ(got.kind_lost.size(), 1u);
      EXPECT_EQ(got.kind_lost[0], lost) << "trial " << trial;
      ++critical_seen;
      lost_seen += lost > 0;
    }
  }
  // The random cases exercise what they claim to.
  EXPECT_GT(bridges_seen, 100u);
  EXPECT_GT(cut_off_seen, 50u);
  EXPECT_GT(critical_seen, 200u);
  EXPECT_GT(lost_seen, 5u);
  EXPECT_GT(dead_end_detours_seen, 20u);
}

}  // namespace
}  // namespace infracov::analysis
