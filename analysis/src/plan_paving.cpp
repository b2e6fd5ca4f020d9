// Paving upgrades: a Steiner tree by the Takahashi-Matsuyama shortest-path heuristic, with one
// incremental multi-source Dijkstra instead of one search per terminal.
#include <cmath>
#include <cstdint>
#include <queue>
#include <stdexcept>
#include <string>
#include <utility>

#include "infracov/analysis/plan.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::analysis {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Adjacency in compressed rows: the neighbours of node v are arcs[first[v] .. first[v + 1]).
struct Adjacency {
  struct Arc {
    std::uint32_t to;
    std::uint32_t edge;
  };
  std::vector<std::size_t> first;
  std::vector<Arc> arcs;
};

Adjacency make_adjacency(std::size_t node_count, std::span<const PavingEdge> edges) {
  Adjacency adj;
  adj.first.assign(node_count + 1, 0);
  for (const PavingEdge& e : edges) {
    ++adj.first[e.from + 1];
    ++adj.first[e.to + 1];
  }
  for (std::size_t v = 0; v < node_count; ++v) adj.first[v + 1] += adj.first[v];
  adj.arcs.resize(adj.first[node_count]);
  std::vector<std::size_t> fill(adj.first.begin(), adj.first.end() - 1);
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const auto edge = static_cast<std::uint32_t>(k);
    adj.arcs[fill[edges[k].from]++] = {edges[k].to, edge};
    adj.arcs[fill[edges[k].to]++] = {edges[k].from, edge};
  }
  return adj;
}

}  // namespace

PavingPlan plan_paving(std::size_t node_count, std::span<const PavingEdge> edges,
                       std::uint32_t root, std::span<const std::uint32_t> terminal_nodes) {
  if (root >= node_count) throw std::invalid_argument("plan_paving: root is out of range");
  if (node_count >= kNone || edges.size() >= kNone) {
    throw std::invalid_argument("plan_paving: more than 2^32 - 1 nodes or edges");
  }
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const PavingEdge& e = edges[k];
    if (e.from >= node_count || e.to >= node_count) {
      throw std::invalid_argument("plan_paving: edge " + std::to_string(k) +
                                  " has a node out of range");
    }
    if (!std::isfinite(e.length_m) || e.length_m < 0.0) {
      throw InputError("plan paving: edge " + std::to_string(k) + " has length " +
                       std::to_string(e.length_m) + " m; lengths must be finite and >= 0");
    }
  }
  std::vector<std::uint32_t> villages_at(node_count, 0);
  for (const std::uint32_t t : terminal_nodes) {
    if (t >= node_count) throw std::invalid_argument("plan_paving: terminal out of range");
    ++villages_at[t];
  }

  const Adjacency adj = make_adjacency(node_count, edges);
  auto cost = [&](std::uint32_t e) { return edges[e].paved ? 0.0 : edges[e].length_m; };
  auto other = [&](std::uint32_t e, std::uint32_t v) {
    return edges[e].from == v ? edges[e].to : edges[e].from;
  };

  // Labels are distances to the current tree. Invariant: every node whose label dropped since
  // it was last scanned is in the heap with that label, so the smallest key popped is exact
  // even after new tree nodes (sources at 0) are added mid-search.
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> dist(node_count, inf);
  std::vector<std::uint32_t> pred_edge(node_count, kNone);
  std::vector<char> in_tree(node_count, 0);
  std::vector<std::uint32_t> tree_order;  // tree nodes, every parent before its children
  using Item = std::pair<double, std::uint32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;

  std::size_t remaining = 0;  // distinct terminal nodes not yet in the tree
  for (std::size_t v = 0; v < node_count; ++v) {
    if (villages_at[v] > 0 && v != root) ++remaining;
  }
  in_tree[root] = 1;
  dist[root] = 0.0;
  tree_order.push_back(root);
  heap.push({0.0, root});
  std::vector<std::uint32_t> path;
  while (!heap.empty() && remaining > 0) {
    const auto [d, u] = heap.top();
    heap.pop();
    if (d > dist[u]) continue;
    if (villages_at[u] > 0 && !in_tree[u]) {
      // u is the nearest terminal outside the tree: add its path, tree side first.
      path.clear();
      for (std::uint32_t v = u; !in_tree[v]; v = other(pred_edge[v], v)) path.push_back(v);
      for (auto it = path.rbegin(); it != path.rend(); ++it) {
        in_tree[*it] = 1;
        tree_order.push_back(*it);
        dist[*it] = 0.0;
        heap.push({0.0, *it});
      }
      --remaining;
      continue;
    }
    for (std::size_t k = adj.first[u]; k < adj.first[u + 1]; ++k) {
      const Adjacency::Arc arc = adj.arcs[k];
      const double nd = d + cost(arc.edge);
      if (nd < dist[arc.to]) {
        dist[arc.to] = nd;
        pred_edge[arc.to] = arc.edge;
        heap.push({nd, arc.to});
      }
    }
  }

  // The tree: for each node, the first unpaved edge on its way up to the root (its work).
  std::vector<std::uint32_t> up_work(node_count, kNone);
  std::vector<std::size_t> work_of_edge(edges.size(), kNoParent);
  std::vector<std::uint32_t> works;  // unpaved tree edges, parents before children
  std::vector<std::size_t> work_parent;
  for (std::size_t k = 1; k < tree_order.size(); ++k) {
    const std::uint32_t v = tree_order[k];
    const std::uint32_t e = pred_edge[v];
    const std::uint32_t parent_node = other(e, v);
    if (edges[e].paved) {
      up_work[v] = up_work[parent_node];
    } else {
      up_work[v] = static_cast<std::uint32_t>(works.size());
      work_of_edge[e] = works.size();
      works.push_back(e);
      work_parent.push_back(up_work[parent_node] == kNone ? kNoParent : up_work[parent_node]);
    }
  }

  PavingPlan plan;
  std::vector<double> completed(works.size(), 0.0);
  std::vector<std::size_t> served(works.size(), 0);
  for (const std::uint32_t v : tree_order) {
    if (villages_at[v] == 0) continue;
    if (up_work[v] == kNone) {
      plan.villages_already_paved += villages_at[v];
    } else {
      completed[up_work[v]] += villages_at[v];
    }
  }
  for (std::size_t w = works.size(); w-- > 0;) {
    served[w] += static_cast<std::size_t>(completed[w]);
    if (work_parent[w] != kNoParent) served[work_parent[w]] += served[w];
  }
  std::vector<double> cost_km(works.size());
  for (std::size_t w = 0; w < works.size(); ++w) cost_km[w] = edges[works[w]].length_m / 1000.0;
  const std::vector<std::size_t> order = build_order_on_tree(work_parent, completed, cost_km);
  std::vector<std::size_t> position(works.size());
  for (std::size_t k = 0; k < order.size(); ++k) position[order[k]] = k;
  for (const std::size_t w : order) {
    PavingUpgrade up;
    up.edge = works[w];
    up.length_m = edges[works[w]].length_m;
    up.villages_served = served[w];
    up.villages_completed = static_cast<std::size_t>(completed[w]);
    if (work_parent[w] != kNoParent) up.depends_on = position[work_parent[w]];
    plan.total_length_m += up.length_m;
    plan.upgrades.push_back(up);
  }
  for (std::size_t t = 0; t < terminal_nodes.size(); ++t) {
    if (!in_tree[terminal_nodes[t]]) plan.unreachable_terminals.push_back(t);
  }
  return plan;
}

}  // namespace infracov::analysis
