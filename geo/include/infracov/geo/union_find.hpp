// The one union-find (disjoint sets) of infracov, over members 0..n-1. `unite` keeps the lowest
// member as the root, so set identities never depend on the order of the unions; `attach` lets a
// caller choose the root itself (Horn's chains hang a chain under its parent's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace infracov::geo {

template <class Index = std::uint32_t>
class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), Index{0});
  }

  std::size_t size() const { return parent_.size(); }

  // The root of x's set (path halving keeps later finds short).
  Index find(Index x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }

  // Joins the sets of a and b under the lower of their roots; false when already one set.
  bool unite(Index a, Index b) {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    if (b < a) std::swap(a, b);
    parent_[b] = a;
    return true;
  }

  // Makes `root` (a root) the root of `child_root`'s set (a root too).
  void attach(Index child_root, Index root) { parent_[child_root] = root; }

 private:
  std::vector<Index> parent_;
};

}  // namespace infracov::geo
