// PathSearch: Dijkstra with a binary heap of (cost, label, node) and lazy deletion. Labels only
// ever drop, so a popped item whose (cost, label) is no longer the node's is stale and skipped;
// a node lowered after it was expanded (a paving source added mid-search) is simply expanded
// again.
#include "infracov/analysis/shortest_paths.hpp"

#include <algorithm>

#include "csr_graph.hpp"
#include "infracov/analysis/road_graph.hpp"

namespace infracov::analysis {

PathSearch::PathSearch(const CsrGraph& graph, std::span<const double> edge_weight)
    : graph_(&graph),
      weight_(edge_weight),
      cost_(boost::num_vertices(graph), kUnbounded),
      label_(boost::num_vertices(graph), kNone),
      pred_(boost::num_vertices(graph), kNone) {}

bool PathSearch::later(const Item& a, const Item& b) {
  if (a.cost != b.cost) return a.cost > b.cost;
  if (a.label != b.label) return a.label > b.label;
  return a.node > b.node;
}

void PathSearch::reset() {
  for (const std::uint32_t n : touched_) {
    cost_[n] = kUnbounded;
    label_[n] = kNone;
    pred_[n] = kNone;
  }
  touched_.clear();
  heap_.clear();
}

bool PathSearch::add_source(std::uint32_t node, double cost, std::uint32_t label) {
  if (!(cost < cost_[node] || (cost == cost_[node] && label < label_[node]))) return false;
  if (label_[node] == kNone && cost_[node] == kUnbounded) touched_.push_back(node);
  cost_[node] = cost;
  label_[node] = label;
  pred_[node] = kNone;
  heap_.push_back({cost, label, node});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return true;
}

void PathSearch::requeue(std::uint32_t node) {
  heap_.push_back({cost_[node], label_[node], node});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

std::optional<std::uint32_t> PathSearch::settle(double limit) {
  while (!heap_.empty()) {
    const Item top = heap_.front();
    if (top.cost > limit) return std::nullopt;
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
    if (top.cost == cost_[top.node] && top.label == label_[top.node]) return top.node;
  }
  return std::nullopt;
}

void PathSearch::expand(std::uint32_t node, double limit) {
  const double base = cost_[node];
  const std::uint32_t label = label_[node];
  for (auto [it, end] = boost::out_edges(node, *graph_); it != end; ++it) {
    const std::uint32_t edge = (*graph_)[*it].edge;
    const std::uint32_t to = boost::target(*it, *graph_);
    const double next = base + weight_[edge];
    if (next > limit) continue;
    if (next < cost_[to] || (next == cost_[to] && label < label_[to])) {
      if (cost_[to] == kUnbounded) touched_.push_back(to);
      cost_[to] = next;
      label_[to] = label;
      pred_[to] = edge;
      heap_.push_back({next, label, to});
      std::push_heap(heap_.begin(), heap_.end(), later);
    }
  }
}

}  // namespace infracov::analysis
