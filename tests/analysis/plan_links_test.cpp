// New road links: minimum spanning tree over groups, against exhaustive spanning trees.
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <vector>

#include "infracov/analysis/plan.hpp"
#include "infracov/geo/error.hpp"
#include "plan_test_support.hpp"

namespace infracov::analysis {
namespace {

using geo::Point;
using geo::Polyline;
using plan_test::brute_force_mst;
using plan_test::pieces;
using plan_test::set_distance_m;

LinkGroup village(Point p) {
  LinkGroup g;
  g.points = {p};
  g.villages = 1;
  return g;
}

LinkGroup roads(std::vector<Polyline> lines, std::size_t villages) {
  LinkGroup g;
  g.lines = std::move(lines);
  g.villages = villages;
  return g;
}

std::vector<std::vector<double>> group_distances(const std::vector<LinkGroup>& groups) {
  std::vector<std::vector<double>> w(groups.size(), std::vector<double>(groups.size(), 0.0));
  for (std::size_t i = 0; i < groups.size(); ++i) {
    for (std::size_t j = i + 1; j < groups.size(); ++j) {
      w[i][j] = w[j][i] = set_distance_m(pieces(groups[i].lines, groups[i].points),
                                         pieces(groups[j].lines, groups[j].points));
    }
  }
  return w;
}

TEST(PlanLinks, VillageJoinsTheMiddleOfTheNearestSegment) {
  const std::vector<LinkGroup> groups{roads({{{0, 0}, {100, 0}, {100, 100}}}, 0),
                                      village({40, 30})};
  const LinkPlan plan = plan_links(groups);
  ASSERT_EQ(plan.links.size(), 1u);
  const PlannedLink& link = plan.links[0];
  EXPECT_DOUBLE_EQ(link.length_m, 30.0);
  EXPECT_DOUBLE_EQ(plan.total_length_m, 30.0);
  EXPECT_EQ(link.far_end.group, 1u);
  EXPECT_EQ(link.far_end.kind, LineEndKind::kPoint);
  EXPECT_EQ(link.far_end.at, (Point{40, 30}));
  EXPECT_EQ(link.near_end.group, 0u);
  EXPECT_EQ(link.near_end.kind, LineEndKind::kLineMiddle);
  EXPECT_EQ(link.near_end.part, 0u);
  EXPECT_EQ(link.near_end.segment, 0u);
  EXPECT_EQ(link.near_end.at, (Point{40, 0}));
  EXPECT_EQ(link.villages_joined, 1u);
  EXPECT_EQ(link.villages_served, 1u);
  EXPECT_FALSE(link.depends_on.has_value());
  EXPECT_TRUE(plan.unreached_groups.empty());
}

TEST(PlanLinks, EndsOnVerticesSayWhetherTheyAreLineEnds) {
  // The village faces the inner vertex (100, 0); the second component's nearest point is the
  // first vertex of its line.
  const std::vector<LinkGroup> groups{roads({{{0, 0}, {100, 0}, {200, 0}}}, 0), village({100, -50}),
                                      roads({{{100, 40}, {100, 90}}}, 3)};
  const LinkPlan plan = plan_links(groups);
  ASSERT_EQ(plan.links.size(), 2u);
  EXPECT_DOUBLE_EQ(plan.total_length_m, 90.0);
  for (const PlannedLink& link : plan.links) {
    EXPECT_EQ(link.near_end.group, 0u);
    EXPECT_EQ(link.near_end.kind, LineEndKind::kLineVertex);
    EXPECT_EQ(link.near_end.vertex, 1u);
    EXPECT_EQ(link.near_end.at, (Point{100, 0}));
    if (link.far_end.group == 2) {
      EXPECT_EQ(link.far_end.kind, LineEndKind::kLineEnd);
      EXPECT_EQ(link.far_end.vertex, 0u);
      EXPECT_DOUBLE_EQ(link.length_m, 40.0);
    } else {
      EXPECT_EQ(link.far_end.kind, LineEndKind::kPoint);
      EXPECT_DOUBLE_EQ(link.length_m, 50.0);
    }
  }
  // Three villages over 40 m before one village over 50 m.
  EXPECT_EQ(plan.links[0].far_end.group, 2u);
}

TEST(PlanLinks, CrossingComponentsJoinWithAZeroLengthLinkAtTheCrossing) {
  const std::vector<LinkGroup> groups{roads({{{0, 0}, {100, 0}}}, 0),
                                      roads({{{50, -50}, {50, 50}}}, 2)};
  const LinkPlan plan = plan_links(groups);
  ASSERT_EQ(plan.links.size(), 1u);
  EXPECT_DOUBLE_EQ(plan.links[0].length_m, 0.0);
  EXPECT_EQ(plan.links[0].near_end.at, (Point{50, 0}));
  EXPECT_EQ(plan.links[0].near_end.kind, LineEndKind::kLineMiddle);
  EXPECT_EQ(plan.links[0].far_end.kind, LineEndKind::kLineMiddle);
}

TEST(PlanLinks, ChainOfVillagesDependsOnTheLinkTowardsTheMain) {
  const std::vector<LinkGroup> groups{roads({{{0, 0}, {0, 1000}}}, 0), village({300, 500}),
                                      village({600, 500}), village({900, 500})};
  const LinkPlan plan = plan_links(groups);
  ASSERT_EQ(plan.links.size(), 3u);
  EXPECT_DOUBLE_EQ(plan.total_length_m, 900.0);
  EXPECT_EQ(plan.links[0].far_end.group, 1u);
  EXPECT_EQ(plan.links[0].villages_served, 3u);
  EXPECT_FALSE(plan.links[0].depends_on.has_value());
  EXPECT_EQ(plan.links[1].far_end.group, 2u);
  EXPECT_EQ(plan.links[1].near_end.group, 1u);
  EXPECT_EQ(plan.links[1].villages_served, 2u);
  EXPECT_EQ(plan.links[1].depends_on, 0u);
  EXPECT_EQ(plan.links[2].depends_on, 1u);
  EXPECT_EQ(plan.links[2].villages_served, 1u);
}

TEST(PlanLinks, BuildOrderPrefersVillagesPerKmOverTheTree) {
  // A 1 km relay village (1 village) leads to a component with 20 villages 100 m beyond it;
  // another village lies 500 m from the main. Relay + big component: 21 villages over 1.1 km
  // beats 1 village over 0.5 km, so the relay goes first although it alone is worse.
  const std::vector<LinkGroup> groups{roads({{{0, 0}, {0, 10000}}}, 0), village({1000, 0}),
                                      roads({{{1100, -50}, {1100, 50}}}, 20),
                                      village({-500, 5000})};
  const LinkPlan plan = plan_links(groups);
  ASSERT_EQ(plan.links.size(), 3u);
  EXPECT_EQ(plan.links[0].far_end.group, 1u);
  EXPECT_EQ(plan.links[1].far_end.group, 2u);
  EXPECT_EQ(plan.links[2].far_end.group, 3u);
  EXPECT_EQ(plan.links[0].villages_served, 21u);
}

TEST(PlanLinks, MaxLinkLengthLeavesFarGroupsUnreached) {
  const std::vector<LinkGroup> groups{roads({{{0, 0}, {100, 0}}}, 0), village({50, 80}),
                                      village({50, 5000}), village({60, 5010})};
  LinkOptions options;
  options.max_link_m = 1000.0;
  const LinkPlan plan = plan_links(groups, options);
  ASSERT_EQ(plan.links.size(), 1u);  // the far pair joins each other but never the main
  EXPECT_DOUBLE_EQ(plan.total_length_m, 80.0);
  EXPECT_EQ(plan.unreached_groups, (std::vector<std::size_t>{2, 3}));
}

TEST(PlanLinks, AvoidPredicateForcesTheNextBestLink) {
  // A lake between x = 40 and 60 below y = 90: the village's straight link down to (50, 0) is
  // vetoed; it goes to the neighbouring village instead, which reaches the road around it.
  const std::vector<LinkGroup> groups{roads({{{0, 0}, {100, 0}}}, 0), village({50, 100}),
                                      village({70, 100})};
  LinkOptions options;
  std::size_t calls = 0;
  options.link_allowed = [&calls](Point a, Point b) {
    ++calls;
    const double lo = std::min(a.x, b.x), hi = std::max(a.x, b.x);
    return !(hi >= 40 && lo <= 60 && std::min(a.y, b.y) < 90);
  };
  const LinkPlan plan = plan_links(groups, options);
  ASSERT_EQ(plan.links.size(), 2u);
  EXPECT_DOUBLE_EQ(plan.total_length_m, 120.0);
  for (const PlannedLink& link : plan.links) {
    EXPECT_TRUE(options.link_allowed(link.near_end.at, link.far_end.at));
  }
  EXPECT_GT(calls, 0u);
}

TEST(PlanLinks, BadMainGroupIsRejected) {
  const std::vector<LinkGroup> groups{village({0, 0})};
  LinkOptions options;
  options.main_group = 1;
  EXPECT_THROW(plan_links(groups, options), InternalError);
}

TEST(PlanLinks, EqualsTheBestOfAllSpanningTreesOnRandomInstances) {
  for (unsigned seed = 1; seed <= 80; ++seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> coord(0.0, 1000.0);
    const std::size_t n = 4 + seed % 4;  // 4..7 groups
    std::vector<LinkGroup> groups;
    for (std::size_t g = 0; g < n; ++g) {
      if (g == 0 || rng() % 2 == 0) {
        Polyline line;
        const std::size_t vertices = 1 + rng() % 3;
        for (std::size_t v = 0; v < vertices + 1; ++v) line.push_back({coord(rng), coord(rng)});
        groups.push_back(roads({line}, rng() % 4));
      } else {
        groups.push_back(village({coord(rng), coord(rng)}));
      }
    }
    const auto w = group_distances(groups);
    LinkOptions options;
    options.main_group = seed % n;
    const LinkPlan plan = plan_links(groups, options);
    ASSERT_EQ(plan.links.size(), n - 1) << "seed " << seed;
    EXPECT_TRUE(plan.unreached_groups.empty());
    EXPECT_NEAR(plan.total_length_m, brute_force_mst(w), 1e-6) << "seed " << seed;
    for (const PlannedLink& link : plan.links) {
      EXPECT_NEAR(link.length_m, w[link.near_end.group][link.far_end.group], 1e-6);
      EXPECT_NEAR(link.length_m, geo::distance_m(link.near_end.at, link.far_end.at), 1e-6);
      if (link.depends_on) {
        EXPECT_EQ(plan.links[*link.depends_on].far_end.group, link.near_end.group);
      }
    }
  }
}

TEST(PlanLinks, EqualsTheBestSpanningTreeUnderAnAvoidPredicate) {
  // Villages only, so a link's end points are the villages themselves and the reference can
  // veto the same segments.
  for (unsigned seed = 1; seed <= 60; ++seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> coord(0.0, 1000.0);
    const std::size_t n = 4 + seed % 4;
    std::vector<LinkGroup> groups;
    for (std::size_t g = 0; g < n; ++g) groups.push_back(village({coord(rng), coord(rng)}));
    // Avoid the disc of radius 250 around the centre.
    auto allowed = [](Point a, Point b) {
      return plan_test::point_segment_m({500, 500}, a, b) > 250.0;
    };
    auto w = group_distances(groups);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (i != j && !allowed(groups[i].points[0], groups[j].points[0])) {
          w[i][j] = std::numeric_limits<double>::infinity();
        }
      }
    }
    LinkOptions options;
    options.link_allowed = allowed;
    const LinkPlan plan = plan_links(groups, options);
    const double best = brute_force_mst(w);
    for (const PlannedLink& link : plan.links) {
      EXPECT_TRUE(allowed(link.near_end.at, link.far_end.at)) << "seed " << seed;
    }
    if (std::isinf(best)) {
      EXPECT_FALSE(plan.unreached_groups.empty()) << "seed " << seed;
    } else {
      EXPECT_TRUE(plan.unreached_groups.empty()) << "seed " << seed;
      EXPECT_NEAR(plan.total_length_m, best, 1e-6) << "seed " << seed;
    }
  }
}

// Prim's algorithm on a full distance matrix, from node 0.
double dense_prim(const std::vector<std::vector<double>>& w) {
  const std::size_t n = w.size();
  std::vector<double> key(n, std::numeric_limits<double>::infinity());
  std::vector<char> done(n, 0);
  key[0] = 0.0;
  double total = 0.0;
  for (std::size_t step = 0; step < n; ++step) {
    std::size_t pick = n;
    for (std::size_t g = 0; g < n; ++g) {
      if (!done[g] && (pick == n || key[g] < key[pick])) pick = g;
    }
    done[pick] = 1;
    total += key[pick];
    for (std::size_t g = 0; g < n; ++g) {
      if (!done[g]) key[g] = std::min(key[g], w[pick][g]);
    }
  }
  return total;
}

TEST(PlanLinks, MatchesPrimOverGroupDistancesWithManyLineGroups) {
  // Long and short segments, points and lines mixed: exercises rings around long segments and
  // many Boruvka rounds with multi-element components.
  for (unsigned seed = 1; seed <= 5; ++seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> coord(0.0, 20000.0);
    std::uniform_real_distribution<double> step(-800.0, 800.0);
    std::vector<LinkGroup> groups;
    for (std::size_t g = 0; g < 80; ++g) {
      if (g % 4 == 3) {
        groups.push_back(village({coord(rng), coord(rng)}));
        continue;
      }
      Polyline line{{coord(rng), coord(rng)}};
      const std::size_t vertices = 1 + rng() % 6;
      for (std::size_t v = 0; v < vertices; ++v) {
        const bool long_jump = rng() % 5 == 0;
        const Point last = line.back();
        line.push_back(long_jump ? Point{coord(rng), coord(rng)}
                                 : Point{last.x + step(rng), last.y + step(rng)});
      }
      groups.push_back(roads({line}, 1));
    }
    const LinkPlan plan = plan_links(groups);
    ASSERT_EQ(plan.links.size(), groups.size() - 1) << "seed " << seed;
    EXPECT_NEAR(plan.total_length_m, dense_prim(group_distances(groups)), 1e-6) << "seed " << seed;
  }
}

TEST(PlanLinks, MatchesDensePrimOnAThousandVillages) {
  // Many Boruvka rounds and ring sizes: the total must equal a plain O(n^2) Prim's.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> coord(0.0, 50000.0);
  std::vector<LinkGroup> groups{roads({{{0, 0}, {50000, 50000}}, {{0, 50000}, {20000, 30000}}}, 0)};
  for (int v = 0; v < 1000; ++v) groups.push_back(village({coord(rng), coord(rng)}));
  const LinkPlan plan = plan_links(groups);
  ASSERT_EQ(plan.links.size(), 1000u);

  const auto main_pieces = pieces(groups[0].lines, {});
  std::vector<double> key(groups.size());
  std::vector<char> done(groups.size(), 0);
  for (std::size_t g = 1; g < groups.size(); ++g) {
    key[g] = set_distance_m(main_pieces, pieces({}, groups[g].points));
  }
  double total = 0.0;
  for (std::size_t step = 1; step < groups.size(); ++step) {
    std::size_t pick = 0;
    for (std::size_t g = 1; g < groups.size(); ++g) {
      if (!done[g] && (pick == 0 || key[g] < key[pick])) pick = g;
    }
    done[pick] = 1;
    total += key[pick];
    for (std::size_t g = 1; g < groups.size(); ++g) {
      if (!done[g]) {
        key[g] = std::min(key[g], geo::distance_m(groups[g].points[0], groups[pick].points[0]));
      }
    }
  }
  EXPECT_NEAR(plan.total_length_m, total, 1e-6);
}

}  // namespace
}  // namespace infracov::analysis
