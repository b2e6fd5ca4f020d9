// Build order on a tree of works: Horn's rule against every order that respects the tree.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

#include "infracov/analysis/plan.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::analysis {
namespace {

// sum_i benefit_i * (cost built when i is done): lower means villages connected sooner per km.
double weighted_completion(const std::vector<std::size_t>& order,
                           const std::vector<double>& benefit, const std::vector<double>& cost) {
  double built = 0.0, total = 0.0;
  for (const std::size_t i : order) {
    built += cost[i];
    total += benefit[i] * built;
  }
  return total;
}

bool respects_tree(const std::vector<std::size_t>& order, const std::vector<std::size_t>& parent) {
  std::vector<char> done(parent.size(), 0);
  for (const std::size_t i : order) {
    if (parent[i] != kNoParent && !done[parent[i]]) return false;
    done[i] = 1;
  }
  return true;
}

TEST(PlanBuildOrder, ChildrenComeAfterTheirParent) {
  // 0 hangs from the root, 1 and 2 from 0, 3 from 2; 3 is by far the best per km.
  const std::vector<std::size_t> parent{kNoParent, 0, 0, 2};
  const std::vector<double> benefit{0, 1, 0, 100};
  const std::vector<double> cost{1, 1, 1, 1};
  const auto order = build_order_on_tree(parent, benefit, cost);
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 2, 3, 1}));
}

TEST(PlanBuildOrder, MostVillagesPerKmFirstAmongIndependentWorks) {
  const std::vector<std::size_t> parent{kNoParent, kNoParent, kNoParent};
  const std::vector<double> benefit{2, 9, 3};  // per km: 1, 3, 3 -> tie goes to lower index
  const std::vector<double> cost{2, 3, 1};
  const auto order = build_order_on_tree(parent, benefit, cost);
  EXPECT_EQ(order, (std::vector<std::size_t>{1, 2, 0}));
}

TEST(PlanBuildOrder, FreeWorksComeFirst) {
  const std::vector<std::size_t> parent{kNoParent, kNoParent};
  const std::vector<double> benefit{5, 0};
  const std::vector<double> cost{1, 0};
  EXPECT_EQ(build_order_on_tree(parent, benefit, cost), (std::vector<std::size_t>{1, 0}));
}

TEST(PlanBuildOrder, CycleIsRejected) {
  const std::vector<std::size_t> parent{1, 0};
  const std::vector<double> benefit{1, 1};
  const std::vector<double> cost{1, 1};
  EXPECT_THROW(build_order_on_tree(parent, benefit, cost), InternalError);
}

TEST(PlanBuildOrder, IsOptimalAgainstEveryOrderOnRandomTrees) {
  for (unsigned seed = 1; seed <= 60; ++seed) {
    std::mt19937 rng(seed);
    const std::size_t n = 3 + seed % 5;  // 3..7 works
    std::vector<std::size_t> parent(n);
    std::vector<double> benefit(n), cost(n);
    for (std::size_t i = 0; i < n; ++i) {
      // Parents have lower indices, so this is a forest hanging from the root.
      parent[i] = (i == 0 || rng() % 3 == 0) ? kNoParent : rng() % i;
      benefit[i] = static_cast<double>(rng() % 6);
      cost[i] = 0.5 + static_cast<double>(rng() % 8);
    }
    const auto order = build_order_on_tree(parent, benefit, cost);
    ASSERT_TRUE(respects_tree(order, parent)) << "seed " << seed;
    std::vector<std::size_t> perm(n);
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    double best = std::numeric_limits<double>::infinity();
    do {
      if (respects_tree(perm, parent))
        best = std::min(best, weighted_completion(perm, benefit, cost));
    } while (std::next_permutation(perm.begin(), perm.end()));
    EXPECT_NEAR(weighted_completion(order, benefit, cost), best, 1e-9) << "seed " << seed;
  }
}

}  // namespace
}  // namespace infracov::analysis
