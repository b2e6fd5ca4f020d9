// The `network` rule (one multi-source pass per kind) against a brute force that attaches each
// village on its own and runs one Dijkstra per village, on many small random networks.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "infracov/analysis/network.hpp"
#include "infracov/geo/geometry.hpp"

namespace infracov::analysis {
namespace {

struct Line {
  geo::Polyline points;
  std::size_t from = 0;  // end-point node indexes
  std::size_t to = 0;
  double length_m = 0.0;
  double cost_per_m = 1.0;
};

struct Spot {
  std::size_t line = 0;
  double along_m = 0.0;
  double distance_m = std::numeric_limits<double>::infinity();
};

// The nearest point of any line, by scanning every segment.
Spot nearest_spot(const std::vector<Line>& lines, geo::Point p) {
  Spot best;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    double start_m = 0.0;
    const geo::Polyline& pts = lines[l].points;
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
      const geo::Point a = pts[i];
      const geo::Point b = pts[i + 1];
      const double segment_m = geo::distance_m(a, b);
      double t = ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / (segment_m * segment_m);
      t = std::clamp(t, 0.0, 1.0);
      const geo::Point q{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
      const double d = geo::distance_m(p, q);
      if (d < best.distance_m) best = {l, start_m + t * segment_m, d};
      start_m += segment_m;
    }
  }
  return best;
}

// Least cost from `spot` to every node, by Dijkstra over the lines.
std::vector<double> costs_from(const std::vector<Line>& lines, std::size_t node_count,
                               const Spot& spot) {
  std::vector<std::vector<std::pair<std::size_t, double>>> adjacent(node_count);
  for (const Line& line : lines) {
    adjacent[line.from].push_back({line.to, line.length_m * line.cost_per_m});
    adjacent[line.to].push_back({line.from, line.length_m * line.cost_per_m});
  }
  std::vector<double> cost(node_count, std::numeric_limits<double>::infinity());
  using Item = std::pair<double, std::size_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
  const Line& on = lines[spot.line];
  cost[on.from] = spot.along_m * on.cost_per_m;
  cost[on.to] = std::min(cost[on.to], (on.length_m - spot.along_m) * on.cost_per_m);
  queue.push({cost[on.from], on.from});
  queue.push({cost[on.to], on.to});
  while (!queue.empty()) {
    const auto [c, n] = queue.top();
    queue.pop();
    if (c > cost[n]) continue;
    for (const auto& [m, w] : adjacent[n]) {
      if (c + w < cost[m]) {
        cost[m] = c + w;
        queue.push({cost[m], m});
      }
    }
  }
  return cost;
}

TEST(NetworkRule, AgreesWithOneDijkstraPerVillageOnRandomNetworks) {
  std::mt19937 random(42);
  std::uniform_real_distribution<double> jitter(-20.0, 20.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  geo::GeosContext ctx;
  int compared = 0;
  for (int round = 0; round < 60; ++round) {
    // Nodes on a jittered 6x6 grid, 100 m apart; roads between grid neighbours (and some
    // diagonals, which may cross without connecting), each with up to two bends.
    const int side = 6;
    std::vector<geo::Point> nodes;
    for (int i = 0; i < side; ++i) {
      for (int j = 0; j < side; ++j)
        nodes.push_back({i * 100.0 + jitter(random), j * 100.0 + jitter(random)});
    }
    const double speed_a = 40.0;
    const double speed_b = 15.0;
    std::vector<Line> lines;
    RoadLines road_lines;
    auto connect = [&](std::size_t a, std::size_t b) {
      Line line;
      line.from = a;
      line.to = b;
      line.points.push_back(nodes[a]);
      const int bends = static_cast<int>(random() % 3);
      for (int k = 1; k <= bends; ++k) {
        const double f = static_cast<double>(k) / (bends + 1);
        line.points.push_back({nodes[a].x + f * (nodes[b].x - nodes[a].x) + jitter(random) / 2,
                               nodes[a].y + f * (nodes[b].y - nodes[a].y) + jitter(random) / 2});
      }
      line.points.push_back(nodes[b]);
      for (std::size_t i = 0; i + 1 < line.points.size(); ++i) {
        line.length_m += geo::distance_m(line.points[i], line.points[i + 1]);
      }
      const bool fast = unit(random) < 0.5;
      line.cost_per_m = 60.0 / 1000.0 / (fast ? speed_a : speed_b);
      road_lines.add_feature(static_cast<std::int64_t>(lines.size()), fast ? "a" : "b",
                             {line.points});
      lines.push_back(std::move(line));
    };
    for (int i = 0; i < side; ++i) {
      for (int j = 0; j < side; ++j) {
        const auto n = static_cast<std::size_t>(i * side + j);
        if (i + 1 < side && unit(random) < 0.6) connect(n, n + side);
        if (j + 1 < side && unit(random) < 0.6) connect(n, n + 1);
        if (i + 1 < side && j + 1 < side && unit(random) < 0.15) connect(n, n + side + 1);
      }
    }
    if (lines.empty()) continue;

    std::uniform_real_distribution<double> coordinate(-50.0, 550.0);
    std::vector<geo::Point> villages(20);
    for (auto& v : villages) v = {coordinate(random), coordinate(random)};
    NetworkKind by_length;
    by_length.name = "by_length";
    by_length.max_m = 400.0;
    const std::size_t facility_count = 1 + random() % 4;
    for (std::size_t f = 0; f < facility_count; ++f) {
      by_length.facilities.push_back({coordinate(random), coordinate(random)});
    }
    NetworkKind by_time = by_length;
    by_time.name = "by_time";
    by_time.max_m.reset();
    by_time.max_minutes = 5.0;

    NetworkOptions options;
    options.max_access_m = 60.0;
    options.speed_kmh = {{"a", speed_a}, {"b", speed_b}};
    options.access_speed_kmh = 5.0;
    options.service_area_width_m = 5.0;
    const NetworkResult result =
        analyze_network(road_lines, villages, {by_length, by_time}, SeatSpec{}, options);

    for (int timed = 0; timed < 2; ++timed) {
      std::vector<Line> weighted = lines;
      if (timed == 0) {
        for (Line& line : weighted) line.cost_per_m = 1.0;
      }
      const double leg_cost_per_m = timed == 0 ? 1.0 : 60.0 / 1000.0 / options.access_speed_kmh;
      const KindResult& kind = result.kinds[static_cast<std::size_t>(timed)];
      for (std::size_t v = 0; v < villages.size(); ++v) {
        const Spot village = nearest_spot(weighted, villages[v]);
        std::optional<double> best;
        std::optional<double> second;
        std::size_t best_facility = 0;
        if (village.distance_m <= options.max_access_m) {
          const std::vector<double> cost = costs_from(weighted, nodes.size(), village);
          for (std::size_t f = 0; f < facility_count; ++f) {
            const Spot facility = nearest_spot(weighted, by_length.facilities[f]);
            if (facility.distance_m > options.max_access_m) continue;
            const Line& on = weighted[facility.line];
            double road = std::min(cost[on.from] + facility.along_m * on.cost_per_m,
                                   cost[on.to] + (on.length_m - facility.along_m) * on.cost_per_m);
            if (facility.line == village.line) {
              road = std::min(road, std::abs(facility.along_m - village.along_m) * on.cost_per_m);
            }
            if (!std::isfinite(road)) continue;
            const double total = (village.distance_m + facility.distance_m) * leg_cost_per_m + road;
            if (!best || total < *best) {
              second = best;
              best = total;
              best_facility = f;
            } else if (!second || total < *second) {
              second = total;
            }
          }
        }
        ASSERT_EQ(kind.value[v].has_value(), best.has_value())
            << "round " << round << " village " << v << " timed " << timed;
        if (!best) continue;
        EXPECT_NEAR(*kind.value[v], *best, 1e-6)
            << "round " << round << " village " << v << " timed " << timed;
        if (!second || *second - *best > 1e-6) {
          EXPECT_EQ(kind.nearest[v], best_facility);
        }
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 500);  // the rounds really exercised reachable villages
}

}  // namespace
}  // namespace infracov::analysis
