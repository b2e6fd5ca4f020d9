// Paving upgrades: a Steiner tree by the Takahashi-Matsuyama shortest-path heuristic, with one
// incremental multi-source Dijkstra instead of one search per terminal.
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "infracov/analysis/plan.hpp"
#include "infracov/analysis/road_graph.hpp"
#include "infracov/analysis/shortest_paths.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::analysis {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

}  // namespace

PavingPlan plan_paving(std::size_t node_count, std::span<const PavingEdge> edges,
                       std::uint32_t root, std::span<const std::uint32_t> terminal_nodes) {
  if (root >= node_count) throw InternalError("plan_paving: root is out of range");
  if (node_count >= kNone || edges.size() >= kNone) {
    throw InternalError("plan_paving: more than 2^32 - 1 nodes or edges");
  }
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const PavingEdge& e = edges[k];
    if (e.from >= node_count || e.to >= node_count) {
      throw InternalError("plan_paving: edge " + std::to_string(k) + " has a node out of range");
    }
    if (!std::isfinite(e.length_m) || e.length_m < 0.0) {
      throw InputError("plan paving: edge " + std::to_string(k) + " has length " +
                       std::to_string(e.length_m) + " m; lengths must be finite and >= 0");
    }
  }
  std::vector<std::uint32_t> villages_at(node_count, 0);
  for (const std::uint32_t t : terminal_nodes) {
    if (t >= node_count) throw InternalError("plan_paving: terminal out of range");
    ++villages_at[t];
  }

  std::vector<NodeId> from(edges.size());
  std::vector<NodeId> to(edges.size());
  std::vector<double> cost(edges.size());
  for (std::size_t k = 0; k < edges.size(); ++k) {
    from[k] = edges[k].from;
    to[k] = edges[k].to;
    cost[k] = edges[k].paved ? 0.0 : edges[k].length_m;
  }
  const CsrGraphPtr graph = make_csr_graph(node_count, from, to);
  auto other = [&](std::uint32_t e, std::uint32_t v) {
    return edges[e].from == v ? edges[e].to : edges[e].from;
  };

  // Labels are distances to the current tree. A node joining the tree becomes a source at 0 in
  // the running search, so the next node settled is always the nearest to the tree as it is now.
  PathSearch search(*graph, cost);
  std::vector<char> in_tree(node_count, 0);
  std::vector<std::uint32_t> tree_order;  // tree nodes, every parent before its children
  std::vector<std::uint32_t> tree_pred(node_count, kNone);  // edge to the parent in the tree

  std::size_t remaining = 0;  // distinct terminal nodes not yet in the tree
  for (std::size_t v = 0; v < node_count; ++v) {
    if (villages_at[v] > 0 && v != root) ++remaining;
  }
  in_tree[root] = 1;
  tree_order.push_back(root);
  search.add_source(root, 0.0);
  std::vector<std::uint32_t> path;
  while (remaining > 0) {
    const auto settled = search.settle();
    if (!settled) break;
    const std::uint32_t u = *settled;
    if (villages_at[u] > 0 && !in_tree[u]) {
      // u is the nearest terminal outside the tree: add its path, tree side first.
      path.clear();
      for (std::uint32_t v = u; !in_tree[v]; v = other(tree_pred[v], v)) {
        tree_pred[v] = search.pred_edge(v);
        path.push_back(v);
      }
      for (auto it = path.rbegin(); it != path.rend(); ++it) {
        in_tree[*it] = 1;
        tree_order.push_back(*it);
        if (!search.add_source(*it, 0.0)) search.requeue(*it);
      }
      --remaining;
      continue;
    }
    search.expand(u);
  }
  auto pred_edge = [&](std::uint32_t v) { return tree_pred[v]; };

  // The tree: for each node, the first unpaved edge on its way up to the root (its work).
  std::vector<std::uint32_t> up_work(node_count, kNone);
  std::vector<std::size_t> work_of_edge(edges.size(), kNoParent);
  std::vector<std::uint32_t> works;  // unpaved tree edges, parents before children
  std::vector<std::size_t> work_parent;
  for (std::size_t k = 1; k < tree_order.size(); ++k) {
    const std::uint32_t v = tree_order[k];
    const std::uint32_t e = pred_edge(v);
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
