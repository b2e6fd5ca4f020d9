// Build order on a tree of works (Horn's algorithm) and greedy site selection (CELF).
#include "infracov/analysis/plan.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <string>

#include "infracov/geo/error.hpp"
#include "infracov/geo/union_find.hpp"

namespace infracov::analysis {

namespace {

// A chain of works already fixed in order, as Horn's algorithm merges them.
struct Chain {
  double benefit = 0.0;
  double cost = 0.0;
  std::size_t head = 0;  // the chain's first work; also its name
  std::uint64_t version = 0;
};

// True when chain a should come before chain b: higher benefit/cost, zero cost counting as
// infinite, ties to the lower head.
bool ratio_before(const Chain& a, const Chain& b) {
  const bool a_free = a.cost <= 0.0;
  const bool b_free = b.cost <= 0.0;
  if (a_free != b_free) return a_free;
  if (!a_free) {
    const double lhs = a.benefit * b.cost;
    const double rhs = b.benefit * a.cost;
    if (lhs != rhs) return lhs > rhs;
  }
  return a.head < b.head;
}

}  // namespace

std::vector<std::size_t> build_order_on_tree(std::span<const std::size_t> parent,
                                             std::span<const double> benefit,
                                             std::span<const double> cost) {
  const std::size_t n = parent.size();
  if (benefit.size() != n || cost.size() != n) {
    throw InternalError("build_order_on_tree: parent, benefit and cost differ in size");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (parent[i] != kNoParent && parent[i] >= n) {
      throw InternalError("build_order_on_tree: parent of work " + std::to_string(i) +
                          " is out of range");
    }
  }

  // Union-find from a work to the chain holding it; a chain's name is its head work.
  geo::UnionFind<std::size_t> chain_of(n);
  auto find = [&chain_of](std::size_t i) { return chain_of.find(i); };
  std::vector<Chain> chains(n);
  std::vector<std::size_t> next(n, kNoParent);  // linked list of each chain's works
  std::vector<std::size_t> tail(n);
  std::vector<char> scheduled(n, 0);  // the chain is already in the output
  for (std::size_t i = 0; i < n; ++i) {
    chains[i] = {benefit[i], cost[i], i, 0};
    tail[i] = i;
  }

  auto worse = [](const Chain& a, const Chain& b) { return ratio_before(b, a); };
  std::priority_queue<Chain, std::vector<Chain>, decltype(worse)> heap(worse);
  for (const Chain& c : chains) heap.push(c);

  std::vector<std::size_t> order;
  order.reserve(n);
  auto emit = [&](std::size_t head) {
    for (std::size_t w = head; w != kNoParent; w = next[w]) order.push_back(w);
    scheduled[head] = 1;
  };

  while (!heap.empty()) {
    const Chain top = heap.top();
    heap.pop();
    const std::size_t j = top.head;
    if (find(j) != j || scheduled[j] || top.version != chains[j].version) continue;  // stale
    const std::size_t p = parent[j];
    if (p == kNoParent) {
      emit(j);
      continue;
    }
    const std::size_t i = find(p);
    if (i == j) throw InternalError("build_order_on_tree: the parents form a cycle");
    if (scheduled[i]) {
      // The parent chain is built already: j is the best thing to build next.
      emit(j);
      chain_of.attach(j, i);  // later children of j's works see a scheduled chain too
      continue;
    }
    next[tail[i]] = j;
    tail[i] = tail[j];
    chain_of.attach(j, i);
    chains[i].benefit += chains[j].benefit;
    chains[i].cost += chains[j].cost;
    ++chains[i].version;
    heap.push(chains[i]);
  }
  if (order.size() != n) throw InternalError("build_order_on_tree: the parents form a cycle");
  return order;
}

SitePlan plan_sites(std::span<const std::vector<std::uint32_t>> covers,
                    std::span<const double> weights, const SiteOptions& options,
                    std::span<const std::uint32_t> already_covered) {
  const std::size_t demand_count = weights.size();
  SitePlan plan;
  for (std::size_t d = 0; d < demand_count; ++d) {
    if (!std::isfinite(weights[d]) || weights[d] < 0.0) {
      throw InputError("plan sites: weight of demand point " + std::to_string(d) + " is " +
                       std::to_string(weights[d]) + "; weights must be finite and >= 0");
    }
    plan.total_weight += weights[d];
  }
  // Sorted, duplicate-free covers: a demand listed twice must count once, and both greedy
  // variants then sum gains in the same order, so they see bit-identical numbers.
  std::vector<std::vector<std::uint32_t>> sets(covers.size());
  for (std::size_t c = 0; c < covers.size(); ++c) {
    sets[c] = covers[c];
    std::sort(sets[c].begin(), sets[c].end());
    sets[c].erase(std::unique(sets[c].begin(), sets[c].end()), sets[c].end());
    if (!sets[c].empty() && sets[c].back() >= demand_count) {
      throw InternalError("plan_sites: candidate " + std::to_string(c) +
                          " covers an out-of-range demand point");
    }
  }
  std::vector<char> covered(demand_count, 0);
  for (const std::uint32_t d : already_covered) {
    if (d >= demand_count) throw InternalError("plan_sites: already_covered out of range");
    if (!covered[d]) {
      covered[d] = 1;
      plan.covered_weight += weights[d];
    }
  }

  auto share = [&] {
    return plan.total_weight > 0.0 ? plan.covered_weight / plan.total_weight : 1.0;
  };
  auto target_met = [&] { return options.target_share && share() >= *options.target_share; };
  auto gain_of = [&](std::size_t c) {
    ++plan.gain_evaluations;
    double gain = 0.0;
    for (const std::uint32_t d : sets[c]) {
      if (!covered[d]) gain += weights[d];
    }
    return gain;
  };

  struct Entry {
    double gain;
    std::size_t candidate;
    std::size_t round;  // number of picks when the gain was computed
  };
  auto lower = [](const Entry& a, const Entry& b) {
    if (a.gain != b.gain) return a.gain < b.gain;
    return a.candidate > b.candidate;
  };
  std::priority_queue<Entry, std::vector<Entry>, decltype(lower)> heap(lower);
  if (options.lazy) {
    for (std::size_t c = 0; c < sets.size(); ++c) heap.push({gain_of(c), c, 0});
  }

  while (plan.picks.size() < options.max_sites && !target_met()) {
    std::optional<Entry> best;
    const std::size_t round = plan.picks.size();
    if (options.lazy) {
      // A fresh top beats every stale bound, and stale bounds are >= their fresh gains.
      while (!heap.empty()) {
        Entry top = heap.top();
        heap.pop();
        if (top.round == round) {
          best = top;
          break;
        }
        top.gain = gain_of(top.candidate);
        top.round = round;
        heap.push(top);
      }
    } else {
      for (std::size_t c = 0; c < sets.size(); ++c) {
        const Entry e{gain_of(c), c, round};
        if (!best || lower(*best, e)) best = e;
      }
    }
    if (!best || best->gain <= 0.0) break;
    SitePick pick;
    pick.candidate = best->candidate;
    pick.gain = best->gain;
    for (const std::uint32_t d : sets[best->candidate]) {
      if (!covered[d]) {
        covered[d] = 1;
        ++pick.demands_added;
      }
    }
    plan.covered_weight += pick.gain;
    pick.covered_weight = plan.covered_weight;
    pick.covered_share = share();
    plan.picks.push_back(pick);
  }
  plan.covered_share = share();
  plan.target_reached = options.target_share.has_value() && target_met();
  return plan;
}

}  // namespace infracov::analysis
