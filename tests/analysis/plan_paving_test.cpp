// Paving upgrades: the Steiner heuristic against the exact optimum over every edge subset.
#include <gtest/gtest.h>

#include <numeric>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

#include "infracov/analysis/plan.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::analysis {
namespace {

// True when paved edges plus the chosen ones join every terminal to the root.
bool connects(std::size_t node_count, const std::vector<PavingEdge>& edges,
              const std::vector<char>& chosen, std::uint32_t root,
              const std::vector<std::uint32_t>& terminals) {
  std::vector<std::size_t> uf(node_count);
  std::iota(uf.begin(), uf.end(), std::size_t{0});
  auto find = [&](std::size_t v) {
    while (uf[v] != v) v = uf[v] = uf[uf[v]];
    return v;
  };
  for (std::size_t k = 0; k < edges.size(); ++k) {
    if (edges[k].paved || chosen[k]) uf[find(edges[k].from)] = find(edges[k].to);
  }
  for (const std::uint32_t t : terminals) {
    if (find(t) != find(root)) return false;
  }
  return true;
}

double exact_optimum(std::size_t node_count, const std::vector<PavingEdge>& edges,
                     std::uint32_t root, const std::vector<std::uint32_t>& terminals) {
  double best = std::numeric_limits<double>::infinity();
  std::vector<char> chosen(edges.size());
  for (std::uint32_t mask = 0; mask < (1u << edges.size()); ++mask) {
    double total = 0.0;
    for (std::size_t k = 0; k < edges.size(); ++k) {
      chosen[k] = static_cast<char>((mask >> k) & 1u);
      if (chosen[k]) total += edges[k].paved ? 0.0 : edges[k].length_m;
    }
    if (total < best && connects(node_count, edges, chosen, root, terminals)) best = total;
  }
  return best;
}

std::vector<char> chosen_by(const PavingPlan& plan, std::size_t edge_count) {
  std::vector<char> chosen(edge_count, 0);
  for (const PavingUpgrade& up : plan.upgrades) chosen[up.edge] = 1;
  return chosen;
}

TEST(PlanPaving, PathPavesExactlyTheUnpavedEdgesUpToTheFarthestVillage) {
  // 0 - 1 - 2 - 3 - 4 with 1-2 already paved; the village is at 3, the seat at 0.
  const std::vector<PavingEdge> edges{
      {0, 1, 100, false}, {1, 2, 200, true}, {2, 3, 300, false}, {3, 4, 400, false}};
  const std::vector<std::uint32_t> terminals{3};
  const PavingPlan plan = plan_paving(5, edges, 0, terminals);
  ASSERT_EQ(plan.upgrades.size(), 2u);
  EXPECT_DOUBLE_EQ(plan.total_length_m, 400.0);
  EXPECT_EQ(plan.upgrades[0].edge, 0u);
  EXPECT_EQ(plan.upgrades[1].edge, 2u);
  EXPECT_EQ(plan.upgrades[1].depends_on, 0u);
  EXPECT_EQ(plan.upgrades[0].villages_served, 1u);
  EXPECT_EQ(plan.upgrades[0].villages_completed, 0u);
  EXPECT_EQ(plan.upgrades[1].villages_completed, 1u);
}

TEST(PlanPaving, VillagesOnPavedRoadsNeedNothing) {
  const std::vector<PavingEdge> edges{{0, 1, 100, true}, {1, 2, 100, true}, {2, 3, 50, false}};
  const std::vector<std::uint32_t> terminals{2, 2, 0};
  const PavingPlan plan = plan_paving(4, edges, 0, terminals);
  EXPECT_TRUE(plan.upgrades.empty());
  EXPECT_DOUBLE_EQ(plan.total_length_m, 0.0);
  EXPECT_EQ(plan.villages_already_paved, 3u);
}

TEST(PlanPaving, UsesAPavedDetourInsteadOfPavingAShortcut) {
  // Village at 3: direct unpaved 0-3 is 500 m; 0-1-2 is paved and 2-3 unpaved 100 m.
  const std::vector<PavingEdge> edges{
      {0, 3, 500, false}, {0, 1, 1000, true}, {1, 2, 1000, true}, {2, 3, 100, false}};
  const std::vector<std::uint32_t> terminals{3};
  const PavingPlan plan = plan_paving(4, edges, 0, terminals);
  ASSERT_EQ(plan.upgrades.size(), 1u);
  EXPECT_EQ(plan.upgrades[0].edge, 3u);
  EXPECT_DOUBLE_EQ(plan.total_length_m, 100.0);
}

TEST(PlanPaving, SharedTrunkCountsEveryVillageBehindIt) {
  // Seat 0, trunk 0-1 (1 km), branches 1-2 (1 km, 2 villages) and 1-3 (0.1 km, 5 villages).
  const std::vector<PavingEdge> edges{{0, 1, 1000, false}, {1, 2, 1000, false}, {1, 3, 100, false}};
  const std::vector<std::uint32_t> terminals{2, 2, 3, 3, 3, 3, 3};
  const PavingPlan plan = plan_paving(4, edges, 0, terminals);
  ASSERT_EQ(plan.upgrades.size(), 3u);
  EXPECT_DOUBLE_EQ(plan.total_length_m, 2100.0);
  EXPECT_EQ(plan.upgrades[0].edge, 0u);
  EXPECT_EQ(plan.upgrades[0].villages_served, 7u);
  EXPECT_EQ(plan.upgrades[1].edge, 2u);  // 5 villages per 0.1 km before 2 per km
  EXPECT_EQ(plan.upgrades[1].villages_completed, 5u);
  EXPECT_EQ(plan.upgrades[2].edge, 1u);
  EXPECT_EQ(plan.upgrades[2].depends_on, 0u);
}

TEST(PlanPaving, UnreachableTerminalsAreReported) {
  const std::vector<PavingEdge> edges{{0, 1, 10, false}, {2, 3, 10, false}};
  const std::vector<std::uint32_t> terminals{1, 3, 2};
  const PavingPlan plan = plan_paving(4, edges, 0, terminals);
  ASSERT_EQ(plan.upgrades.size(), 1u);
  EXPECT_EQ(plan.unreachable_terminals, (std::vector<std::size_t>{1, 2}));
}

TEST(PlanPaving, BadInputIsRejected) {
  const std::vector<PavingEdge> bad_node{{0, 7, 10, false}};
  EXPECT_THROW(plan_paving(2, bad_node, 0, {}), InternalError);
  const std::vector<PavingEdge> negative{{0, 1, -1, false}};
  EXPECT_THROW(plan_paving(2, negative, 0, {}), InputError);
  const std::vector<PavingEdge> fine{{0, 1, 1, false}};
  EXPECT_THROW(plan_paving(2, fine, 2, {}), InternalError);
}

TEST(PlanPaving, IsExactOnRandomTrees) {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(seed);
    const std::size_t n = 6 + seed % 7;  // 6..12 nodes, n - 1 edges
    std::vector<PavingEdge> edges;
    for (std::uint32_t v = 1; v < n; ++v) {
      edges.push_back({static_cast<std::uint32_t>(rng() % v), v,
                       static_cast<double>(10 + rng() % 90), rng() % 3 == 0});
    }
    std::vector<std::uint32_t> terminals;
    const std::size_t count = 1 + rng() % 4;
    for (std::size_t k = 0; k < count; ++k) {
      terminals.push_back(static_cast<std::uint32_t>(rng() % n));
    }
    const auto root = static_cast<std::uint32_t>(rng() % n);
    const PavingPlan plan = plan_paving(n, edges, root, terminals);
    EXPECT_NEAR(plan.total_length_m, exact_optimum(n, edges, root, terminals), 1e-9)
        << "seed " << seed;
  }
}

TEST(PlanPaving, StaysWithinTwiceOneMinusOneOverLOfTheExactOptimum) {
  std::size_t strictly_worse = 0;
  for (unsigned seed = 1; seed <= 120; ++seed) {
    std::mt19937 rng(seed);
    const std::size_t n = 7 + seed % 2;   // 7..8 nodes
    const std::size_t m = 10 + seed % 3;  // 10..12 edges
    std::vector<PavingEdge> edges;
    for (std::uint32_t v = 1; v < n; ++v) {  // a spanning tree keeps it connected
      edges.push_back({static_cast<std::uint32_t>(rng() % v), v,
                       static_cast<double>(1 + rng() % 20), rng() % 4 == 0});
    }
    while (edges.size() < m) {
      const auto a = static_cast<std::uint32_t>(rng() % n);
      const auto b = static_cast<std::uint32_t>(rng() % n);
      if (a != b) edges.push_back({a, b, static_cast<double>(1 + rng() % 20), rng() % 4 == 0});
    }
    std::vector<std::uint32_t> terminals;
    const std::size_t count = 2 + rng() % 4;
    while (terminals.size() < count)
      terminals.push_back(static_cast<std::uint32_t>(1 + rng() % (n - 1)));
    const std::uint32_t root = 0;
    std::set<std::uint32_t> distinct(terminals.begin(), terminals.end());
    distinct.insert(root);
    // l = leaves of an optimal tree <= distinct terminals including the root.
    const double l = static_cast<double>(distinct.size());

    const PavingPlan plan = plan_paving(n, edges, root, terminals);
    const double optimum = exact_optimum(n, edges, root, terminals);
    ASSERT_TRUE(plan.unreachable_terminals.empty());
    EXPECT_TRUE(connects(n, edges, chosen_by(plan, edges.size()), root, terminals))
        << "seed " << seed;
    EXPECT_GE(plan.total_length_m, optimum - 1e-9) << "seed " << seed;
    EXPECT_LE(plan.total_length_m, 2.0 * (1.0 - 1.0 / l) * optimum + 1e-9) << "seed " << seed;
    if (plan.total_length_m > optimum + 1e-9) ++strictly_worse;
    for (const PavingUpgrade& up : plan.upgrades) EXPECT_FALSE(edges[up.edge].paved);
  }
  // The instances are hard enough to show the heuristic is a heuristic.
  EXPECT_GT(strictly_worse, 0u);
}

}  // namespace
}  // namespace infracov::analysis
