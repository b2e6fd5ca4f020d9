// Planning at province scale: about 12,000 villages and 1,000,000 road edges, generated here
// (deterministic seeds) so each benchmark times only the algorithm.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "infracov/analysis/plan.hpp"

namespace infracov::analysis {
namespace {

using geo::Point;
using geo::Polyline;

constexpr std::size_t kVillages = 12000;
constexpr std::size_t kSide = 730;   // road grid nodes per side
constexpr double kSpacingM = 500.0;  // 365 km x 365 km
constexpr double kExtentM = kSide * kSpacingM;

// Main component: a 730 x 730 road grid drawn as polylines (992,140 segments); 300 small
// components of 2-5 segments and 2,000 villages without roads lie in a gap of the grid
// (a 100 km x 100 km block where only every 20th line runs), so links are 0.1-5 km long.
std::vector<LinkGroup> province_groups() {
  std::mt19937 rng(11);
  std::vector<LinkGroup> groups(1);
  auto in_gap = [](std::size_t i) { return i >= 100 && i < 300 && i % 20 != 0; };
  for (std::size_t i = 0; i < kSide; ++i) {
    Polyline row, column;
    for (std::size_t j = 0; j < kSide; ++j) {
      const double a = static_cast<double>(i) * kSpacingM, b = static_cast<double>(j) * kSpacingM;
      row.push_back({b, a});
      column.push_back({a, b});
    }
    if (!in_gap(i)) {
      groups[0].lines.push_back(std::move(row));
      groups[0].lines.push_back(std::move(column));
    } else {
      // Keep the parts outside the gap.
      groups[0].lines.push_back(Polyline(row.begin(), row.begin() + 100));
      groups[0].lines.push_back(Polyline(row.begin() + 300, row.end()));
      groups[0].lines.push_back(Polyline(column.begin(), column.begin() + 100));
      groups[0].lines.push_back(Polyline(column.begin() + 300, column.end()));
    }
  }
  std::uniform_real_distribution<double> gap(50000.0, 150000.0);
  std::uniform_real_distribution<double> step(-400.0, 400.0);
  for (int c = 0; c < 300; ++c) {
    LinkGroup g;
    Polyline line{{gap(rng), gap(rng)}};
    const std::size_t segments = 2 + rng() % 4;
    for (std::size_t s = 0; s < segments; ++s) {
      line.push_back({line.back().x + step(rng), line.back().y + step(rng)});
    }
    g.lines.push_back(std::move(line));
    g.villages = 1 + rng() % 3;
    groups.push_back(std::move(g));
  }
  for (int v = 0; v < 2000; ++v) {
    LinkGroup g;
    g.points.push_back({gap(rng), gap(rng)});
    g.villages = 1;
    groups.push_back(std::move(g));
  }
  return groups;
}

void BM_PlanLinks(benchmark::State& state) {
  const std::vector<LinkGroup> groups = province_groups();
  std::size_t segments = 0;
  for (const Polyline& l : groups[0].lines) segments += l.size() - 1;
  for (auto _ : state) {
    const LinkPlan plan = plan_links(groups);
    benchmark::DoNotOptimize(plan.total_length_m);
    state.counters["links"] = static_cast<double>(plan.links.size());
    state.counters["new_km"] = plan.total_length_m / 1000.0;
  }
  state.counters["main_segments"] = static_cast<double>(segments);
  state.counters["groups"] = static_cast<double>(groups.size());
}
BENCHMARK(BM_PlanLinks)->Unit(benchmark::kMillisecond)->Iterations(1);

// A 700 x 715 grid graph (999,285 edges), 1 km trunk roads paved every 20th line, seat in the
// centre, 12,000 villages at random nodes.
void BM_PlanPaving(benchmark::State& state) {
  constexpr std::uint32_t kCols = 700, kRows = 715;
  std::vector<PavingEdge> edges;
  auto node = [](std::uint32_t r, std::uint32_t c) { return r * kCols + c; };
  std::mt19937 rng(12);
  std::uniform_real_distribution<double> length(400.0, 600.0);
  for (std::uint32_t r = 0; r < kRows; ++r) {
    for (std::uint32_t c = 0; c < kCols; ++c) {
      if (c + 1 < kCols) edges.push_back({node(r, c), node(r, c + 1), length(rng), r % 20 == 0});
      if (r + 1 < kRows) edges.push_back({node(r, c), node(r + 1, c), length(rng), c % 20 == 0});
    }
  }
  std::vector<std::uint32_t> terminals(kVillages);
  for (std::uint32_t& t : terminals) t = static_cast<std::uint32_t>(rng() % (kRows * kCols));
  const std::uint32_t root = node(kRows / 2, kCols / 2);
  for (auto _ : state) {
    const PavingPlan plan = plan_paving(kRows * kCols, edges, root, terminals);
    benchmark::DoNotOptimize(plan.total_length_m);
    state.counters["upgrades"] = static_cast<double>(plan.upgrades.size());
    state.counters["pave_km"] = plan.total_length_m / 1000.0;
  }
  state.counters["edges"] = static_cast<double>(edges.size());
}
BENCHMARK(BM_PlanPaving)->Unit(benchmark::kMillisecond)->Iterations(1);

// 400 random power lines of 10-40 km with 1 km vertex spacing; 12,000 villages, max_m 2 km.
void BM_PlanGrid(benchmark::State& state) {
  std::mt19937 rng(13);
  std::uniform_real_distribution<double> coord(0.0, kExtentM);
  std::uniform_real_distribution<double> angle(0.0, 6.283185307179586);
  std::vector<Polyline> grid;
  for (int l = 0; l < 400; ++l) {
    Polyline line{{coord(rng), coord(rng)}};
    const double heading = angle(rng);
    const int vertices = 10 + static_cast<int>(rng() % 31);
    for (int v = 0; v < vertices; ++v) {
      line.push_back(
          {line.back().x + 1000.0 * std::cos(heading), line.back().y + 1000.0 * std::sin(heading)});
    }
    grid.push_back(std::move(line));
  }
  std::vector<Point> villages(kVillages);
  for (Point& p : villages) p = {coord(rng), coord(rng)};
  GridOptions options;
  options.max_m = 2000.0;
  options.cost_per_km = 120000.0;
  for (auto _ : state) {
    const GridPlan plan = plan_grid(grid, villages, options);
    benchmark::DoNotOptimize(plan.total_length_m);
    state.counters["to_connect"] = static_cast<double>(plan.villages_to_connect.size());
    state.counters["new_km"] = plan.total_length_m / 1000.0;
  }
}
BENCHMARK(BM_PlanGrid)->Unit(benchmark::kMillisecond)->Iterations(1);

// 12,000 villages with populations, 5,000 candidate sites each covering the villages within
// 5 km; pick 200 sites.
void BM_PlanSites(benchmark::State& state) {
  std::mt19937 rng(14);
  std::uniform_real_distribution<double> coord(0.0, kExtentM);
  std::vector<Point> villages(kVillages);
  std::vector<double> population(kVillages);
  for (std::size_t v = 0; v < kVillages; ++v) {
    villages[v] = {coord(rng), coord(rng)};
    population[v] = static_cast<double>(200 + rng() % 3000);
  }
  // Buckets of 5 km so building the coverage sets is not quadratic.
  constexpr double kReachM = 5000.0;
  const auto cells = static_cast<std::size_t>(kExtentM / kReachM) + 1;
  std::vector<std::vector<std::uint32_t>> bucket(cells * cells);
  auto cell_of = [&](double x) {
    return std::min(cells - 1, static_cast<std::size_t>(x / kReachM));
  };
  for (std::size_t v = 0; v < kVillages; ++v) {
    bucket[cell_of(villages[v].y) * cells + cell_of(villages[v].x)].push_back(
        static_cast<std::uint32_t>(v));
  }
  std::vector<std::vector<std::uint32_t>> covers(5000);
  for (auto& cover : covers) {
    const Point site{coord(rng), coord(rng)};
    const std::size_t cx = cell_of(site.x), cy = cell_of(site.y);
    for (std::size_t y = cy == 0 ? 0 : cy - 1; y <= std::min(cells - 1, cy + 1); ++y) {
      for (std::size_t x = cx == 0 ? 0 : cx - 1; x <= std::min(cells - 1, cx + 1); ++x) {
        for (const std::uint32_t v : bucket[y * cells + x]) {
          if (geo::distance_m(site, villages[v]) <= kReachM) cover.push_back(v);
        }
      }
    }
  }
  SiteOptions options;
  options.max_sites = 200;
  options.lazy = state.range(0) != 0;
  for (auto _ : state) {
    const SitePlan plan = plan_sites(covers, population, options);
    benchmark::DoNotOptimize(plan.covered_weight);
    state.counters["share"] = plan.covered_share;
    state.counters["gain_evals"] = static_cast<double>(plan.gain_evaluations);
  }
}
BENCHMARK(BM_PlanSites)
    ->Arg(1)
    ->Arg(0)
    ->ArgName("lazy")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
}  // namespace infracov::analysis
