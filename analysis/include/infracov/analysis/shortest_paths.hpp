// The one shortest-path search of infracov: Dijkstra over a road graph with a reusable workspace.
// It serves every caller: the network rule (multi-source, labelled by the nearest facility),
// plan sites (one bounded search per candidate, resetting only the nodes it touched) and paving
// (sources added while the search runs, as the Steiner tree grows).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace infracov::analysis {

struct CsrGraph;

class PathSearch {
 public:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  static constexpr double kUnbounded = std::numeric_limits<double>::infinity();

  // `edge_weight` is indexed by undirected edge id and must be non-negative; both must outlive
  // the search.
  PathSearch(const CsrGraph& graph, std::span<const double> edge_weight);

  // Forgets every label (cost only as large as the nodes the last searches touched).
  void reset();
  // Between searches: the weights of the next ones (same rules as the constructor's).
  void set_weights(std::span<const double> edge_weight) { weight_ = edge_weight; }
  // Edges first .. end-1 are left out of every expansion until the next call (0, 0: none), as
  // if closed; a range, because the pieces of one road edge are numbered together.
  void close_edges(std::uint32_t first, std::uint32_t end) {
    closed_first_ = first;
    closed_count_ = end - first;
  }
  // Lowers `node` to (cost, label) when that is better (lower cost, then lower label); allowed
  // while a search runs. Returns whether it was lowered.
  bool add_source(std::uint32_t node, double cost, std::uint32_t label = 0);
  // Queues `node` again at its current label, so that it is settled (and can be expanded) once
  // more in order: a node settled but left unexpanded joins the search this way.
  void requeue(std::uint32_t node);
  // Takes the next node in (cost, label, node) order whose cost is at most `limit`, without
  // expanding it; nullopt when none is left within the limit (a later call with a higher limit
  // resumes the same search).
  std::optional<std::uint32_t> settle(double limit = kUnbounded);
  // Relaxes the arcs of `node`; labels that would exceed `limit` are not recorded.
  void expand(std::uint32_t node, double limit = kUnbounded);
  // The same, over the arcs to nodes n with part[n] == inside only: a search confined to a part
  // of the graph, whose other nodes the caller labels itself.
  void expand_within(std::uint32_t node, double limit, std::span<const std::uint8_t> part,
                     std::uint8_t inside);
  // settle and expand until nothing is left within `limit`; visit(node) at each settled node.
  template <class Visit>
  void run(double limit, Visit&& visit) {
    while (const auto node = settle(limit)) {
      visit(*node);
      expand(*node, limit);
    }
  }

  double cost(std::uint32_t node) const { return cost_[node]; }              // +inf: not reached
  std::uint32_t label(std::uint32_t node) const { return label_[node]; }     // kNone: not reached
  std::uint32_t pred_edge(std::uint32_t node) const { return pred_[node]; }  // kNone: a source
  std::size_t node_count() const { return cost_.size(); }

 private:
  struct Item {
    double cost;
    std::uint32_t label;
    std::uint32_t node;
  };
  // Heap order: true when a comes out after b. (cost, label, node) is a total order, so the
  // settle sequence does not depend on how the heap breaks ties.
  struct Later {
    bool operator()(const Item& a, const Item& b) const;
  };
  // The queue (shortest_paths.cpp), kept out of this header as the graph's Boost types are.
  struct Heap;
  struct HeapDeleter {
    void operator()(Heap* heap) const;
  };
  // expand's relaxation over the arcs to nodes `keep(node)` accepts (shortest_paths.cpp).
  template <class Keep>
  void relax(std::uint32_t node, double limit, Keep&& keep);

  const CsrGraph* graph_;
  std::span<const double> weight_;
  std::uint32_t closed_first_ = 0;
  std::uint32_t closed_count_ = 0;
  std::vector<double> cost_;
  std::vector<std::uint32_t> label_;
  std::vector<std::uint32_t> pred_;
  std::vector<std::uint32_t> touched_;
  std::unique_ptr<Heap, HeapDeleter> heap_;
};

}  // namespace infracov::analysis
