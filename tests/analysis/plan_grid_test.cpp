// Grid extension: the tree rooted at the existing grid, against every parent assignment.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "infracov/analysis/plan.hpp"
#include "plan_test_support.hpp"

namespace infracov::analysis {
namespace {

using geo::Point;
using geo::Polyline;

double to_grid_m(const std::vector<Polyline>& grid, Point p) {
  return plan_test::set_distance_m(plan_test::pieces(grid, {}), {{p, p}});
}

// Cheapest way to give every village a parent (the grid or another village) such that every
// village reaches the grid: all (n+1)^n assignments, keeping the acyclic ones.
double brute_force_parents(const std::vector<Polyline>& grid, const std::vector<Point>& villages) {
  const std::size_t n = villages.size();
  std::vector<std::size_t> parent(n, 0);  // 0 = grid, k = village k - 1
  std::vector<double> grid_m(n);
  for (std::size_t v = 0; v < n; ++v) grid_m[v] = to_grid_m(grid, villages[v]);
  double best = std::numeric_limits<double>::infinity();
  for (;;) {
    bool acyclic = true;
    for (std::size_t v = 0; v < n && acyclic; ++v) {
      std::size_t at = v + 1, steps = 0;
      while (at != 0 && steps <= n) {
        at = parent[at - 1];
        ++steps;
      }
      acyclic = at == 0;
    }
    if (acyclic) {
      double total = 0.0;
      for (std::size_t v = 0; v < n; ++v) {
        total += parent[v] == 0 ? grid_m[v] : geo::distance_m(villages[v], villages[parent[v] - 1]);
      }
      best = std::min(best, total);
    }
    std::size_t k = 0;
    while (k < n && ++parent[k] == n + 1) parent[k++] = 0;
    if (k == n) break;
  }
  return best;
}

TEST(PlanGrid, OnlyVillagesBeyondMaxAreConnected) {
  const std::vector<Polyline> grid{{{0, 0}, {1000, 0}}};
  const std::vector<Point> villages{{500, 900}, {500, 1500}, {200, -1200}};
  GridOptions options;
  options.max_m = 1000.0;
  const GridPlan plan = plan_grid(grid, villages, options);
  EXPECT_EQ(plan.villages_to_connect, (std::vector<std::size_t>{1, 2}));
  ASSERT_EQ(plan.lines.size(), 2u);
  EXPECT_DOUBLE_EQ(plan.total_length_m, 2700.0);
  for (const PlannedGridLine& line : plan.lines) {
    EXPECT_FALSE(line.to_village.has_value());  // village 0 is served but is not a relay
    EXPECT_EQ(line.grid_end.kind, LineEndKind::kLineMiddle);
  }
  EXPECT_FALSE(plan.total_cost.has_value());
  EXPECT_TRUE(plan.unreached_villages.empty());
}

TEST(PlanGrid, FarVillageConnectsThroughANearerOne) {
  const std::vector<Polyline> grid{{{0, 0}, {0, 10000}}};
  const std::vector<Point> villages{{3000, 5000}, {4000, 5000}};
  GridOptions options;
  options.max_m = 1000.0;
  options.cost_per_km = 50000.0;
  const GridPlan plan = plan_grid(grid, villages, options);
  ASSERT_EQ(plan.lines.size(), 2u);
  EXPECT_EQ(plan.lines[0].village, 0u);
  EXPECT_EQ(plan.lines[0].to, (Point{0, 5000}));
  EXPECT_EQ(plan.lines[0].villages_served, 2u);
  EXPECT_DOUBLE_EQ(*plan.lines[0].cost, 150000.0);
  EXPECT_EQ(plan.lines[1].village, 1u);
  EXPECT_EQ(plan.lines[1].to_village, 0u);
  EXPECT_EQ(plan.lines[1].from, (Point{4000, 5000}));
  EXPECT_EQ(plan.lines[1].to, (Point{3000, 5000}));
  EXPECT_EQ(plan.lines[1].depends_on, 0u);
  EXPECT_DOUBLE_EQ(plan.lines[1].length_m, 1000.0);
  EXPECT_DOUBLE_EQ(*plan.total_cost, 200000.0);
}

TEST(PlanGrid, LineAllowedVetoIsRespected) {
  // The direct line from the village to the grid crosses a reserve; it goes via its neighbour.
  const std::vector<Polyline> grid{{{0, 0}, {10000, 0}}};
  const std::vector<Point> villages{{5000, 3000}, {8000, 3000}};
  GridOptions options;
  options.max_m = 1000.0;
  options.line_allowed = [](Point a, Point b) {
    return std::max(a.x, b.x) < 4000 || std::min(a.x, b.x) > 6000 || std::min(a.y, b.y) > 2000;
  };
  const GridPlan plan = plan_grid(grid, villages, options);
  ASSERT_EQ(plan.lines.size(), 2u);
  EXPECT_DOUBLE_EQ(plan.total_length_m, 6000.0);
  EXPECT_EQ(plan.lines[1].village, 0u);
  EXPECT_EQ(plan.lines[1].to_village, 1u);
}

TEST(PlanGrid, WithoutAGridEveryVillageIsUnreached) {
  const std::vector<Point> villages{{0, 0}, {10, 0}};
  const GridPlan plan = plan_grid({}, villages, GridOptions{});
  EXPECT_TRUE(plan.lines.empty());
  EXPECT_EQ(plan.unreached_villages, (std::vector<std::size_t>{0, 1}));
}

TEST(PlanGrid, EqualsTheBestOfAllParentAssignmentsOnRandomInstances) {
  for (unsigned seed = 1; seed <= 50; ++seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> coord(0.0, 10000.0);
    std::vector<Polyline> grid;
    const std::size_t lines = 1 + seed % 2;
    for (std::size_t l = 0; l < lines; ++l) {
      grid.push_back(
          {{coord(rng), coord(rng)}, {coord(rng), coord(rng)}, {coord(rng), coord(rng)}});
    }
    std::vector<Point> villages;
    const std::size_t n = 3 + seed % 4;  // 3..6 villages, all far enough to need a line
    while (villages.size() < n) {
      const Point p{coord(rng), coord(rng)};
      if (to_grid_m(grid, p) > 300.0) villages.push_back(p);
    }
    GridOptions options;
    options.max_m = 300.0;
    const GridPlan plan = plan_grid(grid, villages, options);
    ASSERT_EQ(plan.villages_to_connect.size(), n) << "seed " << seed;
    ASSERT_EQ(plan.lines.size(), n) << "seed " << seed;
    EXPECT_NEAR(plan.total_length_m, brute_force_parents(grid, villages), 1e-6) << "seed " << seed;
    for (const PlannedGridLine& line : plan.lines) {
      EXPECT_NEAR(line.length_m, geo::distance_m(line.from, line.to), 1e-6);
      if (!line.to_village) {
        EXPECT_NEAR(line.length_m, to_grid_m(grid, line.from), 1e-6);
      }
    }
  }
}

}  // namespace
}  // namespace infracov::analysis
