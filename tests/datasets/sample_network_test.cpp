// The bundled banner sample's road network rebuilt independently (a brute-force graph over the
// written lines, no analysis code): the planted connectivity defects come out exactly.
#include "sample_test_support.hpp"

namespace infracov::datasets {
namespace {

// Its own suite name: each test file has its own copy of the fixture class.
using BannerSampleNetwork = BannerSample;

struct NetworkOutcome {
  std::set<std::string> no_access, not_connected, single_access;
  int snapped_joins = 0;
  int dangles_near_lines = 0;
};

NetworkOutcome analyse(const Sample& s, double snap_m) {
  const auto key = [](Point p) { return std::pair{p.x, p.y}; };
  std::map<std::pair<double, double>, std::set<std::size_t>> users;
  for (std::size_t l = 0; l < s.roads.size(); ++l) {
    for (const Point& p : s.roads[l]) users[key(p)].insert(l);
  }
  std::map<std::pair<double, double>, int> node_of;
  std::vector<Point> ends;
  for (const auto& r : s.roads) {
    ends.push_back(r.front());
    ends.push_back(r.back());
  }
  // Single-linkage snapping of end points.
  std::vector<std::size_t> parent(ends.size());
  std::iota(parent.begin(), parent.end(), 0);
  const auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (std::size_t a = 0; a < ends.size(); ++a) {
    for (std::size_t b = a + 1; b < ends.size(); ++b) {
      if (geo::distance_m(ends[a], ends[b]) <= snap_m) parent[find(a)] = find(b);
    }
  }
  NetworkOutcome out;
  int nodes = 0;
  std::map<std::size_t, int> cluster_node;
  std::map<std::size_t, std::set<std::pair<double, double>>> cluster_points;
  for (std::size_t e = 0; e < ends.size(); ++e) {
    auto [it, added] = cluster_node.try_emplace(find(e), nodes);
    if (added) ++nodes;
    node_of[key(ends[e])] = it->second;
    cluster_points[find(e)].insert(key(ends[e]));
  }
  for (const auto& [root, points] : cluster_points)
    out.snapped_joins += static_cast<int>(points.size()) - 1;
  for (const auto& [p, lines] : users) {
    if (lines.size() >= 2 && !node_of.count(p)) node_of[p] = nodes++;
  }
  // Edges as vertex runs between nodes.
  struct Edge {
    int u, v;
    Polyline pts;
  };
  std::vector<Edge> edges;
  for (const auto& r : s.roads) {
    Polyline run{r.front()};
    for (std::size_t i = 1; i < r.size(); ++i) {
      run.push_back(r[i]);
      if (node_of.count(key(r[i]))) {
        edges.push_back({node_of[key(run.front())], node_of[key(run.back())], run});
        run = {r[i]};
      }
    }
  }
  std::vector<int> degree(static_cast<std::size_t>(nodes), 0);
  for (const auto& e : edges) {
    ++degree[static_cast<std::size_t>(e.u)];
    ++degree[static_cast<std::size_t>(e.v)];
  }
  for (const auto& [p, n] : node_of) {
    if (degree[static_cast<std::size_t>(n)] != 1) continue;
    const Point at{p.first, p.second};
    for (const auto& e : edges) {
      if (e.u != n && e.v != n && line_distance_m(at, e.pts) <= 10.0) {
        ++out.dangles_near_lines;
        break;
      }
    }
  }
  // Attach villages: split edges at the attachment points.
  struct Attach {
    std::size_t village;
    std::size_t seg;
    double t;
  };
  std::map<std::size_t, std::vector<Attach>> on_edge;
  std::vector<int> village_node(s.villages.size(), -1);
  for (std::size_t v = 0; v < s.villages.size(); ++v) {
    double best = INFINITY;
    std::size_t best_edge = 0, best_seg = 0;
    double best_t = 0.0;
    for (std::size_t e = 0; e < edges.size(); ++e) {
      for (std::size_t i = 0; i + 1 < edges[e].pts.size(); ++i) {
        const geo::SegmentProjection on =
            geo::project_onto_segment(s.villages[v].at, edges[e].pts[i], edges[e].pts[i + 1]);
        const double d = on.distance_m;
        const double t = on.t;
        if (d < best) {
          best = d;
          best_edge = e;
          best_seg = i;
          best_t = t;
        }
      }
    }
    if (best <= 2000.0) {
      on_edge[best_edge].push_back({v, best_seg, best_t});
    } else {
      out.no_access.insert(s.villages[v].code);
    }
  }
  std::vector<std::pair<int, int>> graph_edges;
  for (std::size_t e = 0; e < edges.size(); ++e) {
    auto it = on_edge.find(e);
    if (it == on_edge.end()) {
      graph_edges.push_back({edges[e].u, edges[e].v});
      continue;
    }
    auto list = it->second;
    std::sort(list.begin(), list.end(), [](const Attach& a, const Attach& b) {
      return a.seg != b.seg ? a.seg < b.seg : a.t < b.t;
    });
    int prev = edges[e].u;
    for (const auto& a : list) {
      const int n = nodes++;
      graph_edges.push_back({prev, n});
      village_node[a.village] = n;
      prev = n;
    }
    graph_edges.push_back({prev, edges[e].v});
  }
  // Adjacency, then Tarjan's bridges iteratively.
  std::vector<std::vector<std::pair<int, std::size_t>>> adj(static_cast<std::size_t>(nodes));
  for (std::size_t e = 0; e < graph_edges.size(); ++e) {
    adj[static_cast<std::size_t>(graph_edges[e].first)].push_back({graph_edges[e].second, e});
    adj[static_cast<std::size_t>(graph_edges[e].second)].push_back({graph_edges[e].first, e});
  }
  std::vector<int> disc(adj.size(), -1), low(adj.size(), 0);
  std::vector<bool> bridge(graph_edges.size(), false);
  int timer = 0;
  for (std::size_t root = 0; root < adj.size(); ++root) {
    if (disc[root] != -1) continue;
    struct Frame {
      std::size_t node;
      std::size_t via;
      std::size_t next = 0;
    };
    std::vector<Frame> stack{{root, SIZE_MAX}};
    disc[root] = low[root] = timer++;
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next < adj[f.node].size()) {
        const auto [to, e] = adj[f.node][f.next++];
        if (e == f.via) continue;
        const auto t = static_cast<std::size_t>(to);
        if (disc[t] == -1) {
          disc[t] = low[t] = timer++;
          stack.push_back({t, e});
        } else {
          low[f.node] = std::min(low[f.node], disc[t]);
        }
      } else {
        const Frame done = f;
        stack.pop_back();
        if (!stack.empty()) {
          const std::size_t up = stack.back().node;
          low[up] = std::min(low[up], low[done.node]);
          if (low[done.node] > disc[up]) bridge[done.via] = true;
        }
      }
    }
  }
  const auto reach = [&](int from, bool skip_bridges) {
    std::vector<bool> seen(adj.size(), false);
    std::vector<int> todo{from};
    seen[static_cast<std::size_t>(from)] = true;
    while (!todo.empty()) {
      const auto n = static_cast<std::size_t>(todo.back());
      todo.pop_back();
      for (const auto& [to, e] : adj[n]) {
        if ((skip_bridges && bridge[e]) || seen[static_cast<std::size_t>(to)]) continue;
        seen[static_cast<std::size_t>(to)] = true;
        todo.push_back(to);
      }
    }
    return seen;
  };
  const int seat = village_node[0];  // the first village is the banner seat
  const auto connected = reach(seat, false);
  const auto two_edge = reach(seat, true);
  for (std::size_t v = 0; v < s.villages.size(); ++v) {
    if (village_node[v] < 0) {
      out.not_connected.insert(s.villages[v].code);
    } else if (!connected[static_cast<std::size_t>(village_node[v])]) {
      out.not_connected.insert(s.villages[v].code);
    } else if (!two_edge[static_cast<std::size_t>(village_node[v])]) {
      out.single_access.insert(s.villages[v].code);
    }
  }
  return out;
}

TEST_F(BannerSampleNetwork, NetworkOutcomesMatchTheTruthOnAnIndependentGraph) {
  const auto& t = sample().truth;
  ASSERT_EQ(sample().villages.front().code, kBannerSeat);
  const NetworkOutcome o = analyse(sample(), 1.0);
  EXPECT_EQ(o.no_access, code_set(t.at("no_road_access")));
  EXPECT_EQ(o.not_connected, code_set(t.at("not_connected")));
  EXPECT_EQ(o.single_access, code_set(t.at("single_access")));
  EXPECT_EQ(o.snapped_joins, t.at("expected_graph").at("snapped_joins").get<int>());
  EXPECT_EQ(o.dangles_near_lines, t.at("expected_graph").at("dangles_near_lines").get<int>());
}

TEST_F(BannerSampleNetwork, WithoutSnappingThePetalVillagesAreCutOff) {
  const auto& t = sample().truth;
  const NetworkOutcome o = analyse(sample(), 0.0);
  auto expected = code_set(t.at("not_connected"));
  for (const auto& c : t.at("joined_by_snap")) expected.insert(c.get<std::string>());
  EXPECT_EQ(t.at("joined_by_snap").size(), 2u);
  EXPECT_EQ(o.not_connected, expected);
  EXPECT_EQ(o.snapped_joins, 0);
}

TEST_F(BannerSampleNetwork, JoiningTheFiveMetreGapWouldConnectTheIsland) {
  // At snap_m = 6 the 5 m gap joins too; the island then hangs on a dead-end spur.
  const auto& t = sample().truth;
  const NetworkOutcome o = analyse(sample(), 6.0);
  EXPECT_EQ(o.not_connected, code_set(t.at("no_road_access")));
  for (const auto& c : t.at("island")) EXPECT_TRUE(o.single_access.count(c.get<std::string>()));
}

}  // namespace
}  // namespace infracov::datasets
