// PathSearch: Dijkstra with a 4-ary heap of (cost, label, node) and lazy deletion. Labels only
// ever drop, so a popped item whose (cost, label) is no longer the node's is stale and skipped;
// a node lowered after it was expanded (a paving source added mid-search) is simply expanded
// again.
#include "infracov/analysis/shortest_paths.hpp"

#include <boost/heap/d_ary_heap.hpp>

#include "csr_graph.hpp"
#include "infracov/analysis/road_graph.hpp"

namespace infracov::analysis {

// Boost.Heap's 4-ary heap: half the levels of a binary heap, and a node's four children share a
// cache line; the binary heap's pops were a third of the CPU time of the searches over millions
// of nodes (criticality on five million edges).
struct PathSearch::Heap
    : boost::heap::d_ary_heap<Item, boost::heap::arity<4>, boost::heap::compare<Later>> {};

void PathSearch::HeapDeleter::operator()(Heap* heap) const { delete heap; }

PathSearch::PathSearch(const CsrGraph& graph, std::span<const double> edge_weight)
    : graph_(&graph),
      weight_(edge_weight),
      cost_(boost::num_vertices(graph), kUnbounded),
      label_(boost::num_vertices(graph), kNone),
      pred_(boost::num_vertices(graph), kNone),
      heap_(new Heap) {}

bool PathSearch::Later::operator()(const Item& a, const Item& b) const {
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
  heap_->clear();
}

bool PathSearch::add_source(std::uint32_t node, double cost, std::uint32_t label) {
  if (!(cost < cost_[node] || (cost == cost_[node] && label < label_[node]))) return false;
  if (label_[node] == kNone && cost_[node] == kUnbounded) touched_.push_back(node);
  cost_[node] = cost;
  label_[node] = label;
  pred_[node] = kNone;
  heap_->push({cost, label, node});
  return true;
}

void PathSearch::requeue(std::uint32_t node) { heap_->push({cost_[node], label_[node], node}); }

std::optional<std::uint32_t> PathSearch::settle(double limit) {
  while (!heap_->empty()) {
    const Item top = heap_->top();
    if (top.cost > limit) return std::nullopt;
    heap_->pop();
    if (top.cost == cost_[top.node] && top.label == label_[top.node]) return top.node;
  }
  return std::nullopt;
}

template <class Keep>
void PathSearch::relax(std::uint32_t node, double limit, Keep&& keep) {
  const double base = cost_[node];
  const std::uint32_t label = label_[node];
  for (auto [it, end] = boost::out_edges(node, *graph_); it != end; ++it) {
    const std::uint32_t to = boost::target(*it, *graph_);
    if (!keep(to)) continue;
    const std::uint32_t edge = (*graph_)[*it].edge;
    if (edge - closed_first_ < closed_count_) continue;  // unsigned: one test for the range
    const double next = base + weight_[edge];
    if (next > limit) continue;
    if (next < cost_[to] || (next == cost_[to] && label < label_[to])) {
      if (cost_[to] == kUnbounded) touched_.push_back(to);
      cost_[to] = next;
      label_[to] = label;
      pred_[to] = edge;
      heap_->push({next, label, to});
    }
  }
}

void PathSearch::expand(std::uint32_t node, double limit) {
  relax(node, limit, [](std::uint32_t) { return true; });
}

void PathSearch::expand_within(std::uint32_t node, double limit, std::span<const std::uint8_t> part,
                               std::uint8_t inside) {
  relax(node, limit, [&](std::uint32_t to) { return part[to] == inside; });
}

}  // namespace infracov::analysis
