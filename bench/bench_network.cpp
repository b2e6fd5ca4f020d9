// Road graph at scale: noding + build, components and bridges, one multi-source search, on
// generated grid-like networks of about 10 thousand, 1 million and 10 million edges.
//   infracov_bench --benchmark_filter=BM_Network         10k and 1M
//   infracov_bench --benchmark_filter=NetworkHuge        10M (minutes, several GiB)
// Each benchmark reports the process's peak resident memory so far (peak_rss_mib); run one
// size per process to read the peak of that size alone.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "infracov/analysis/road_graph.hpp"

namespace {

using infracov::analysis::RoadGraph;
using infracov::analysis::RoadLines;

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// A side x side grid, 100 m spacing with jitter, every street between neighbours one line with
// a bend in the middle; ~2*side^2 edges. Some streets are missing so that bridges and dead ends
// exist, and street ends miss their node by 0.3 m now and then so that snapping has work.
RoadLines grid_roads(std::size_t target_edges) {
  const auto side =
      static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(target_edges) / 2.0)));
  std::mt19937 random(7);
  std::uniform_real_distribution<double> jitter(-20.0, 20.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<infracov::geo::Point> nodes(side * side);
  for (std::size_t i = 0; i < side; ++i) {
    for (std::size_t j = 0; j < side; ++j) {
      nodes[i * side + j] = {static_cast<double>(i) * 100.0 + jitter(random),
                             static_cast<double>(j) * 100.0 + jitter(random)};
    }
  }
  RoadLines lines;
  lines.class_names = {"county", "gravel"};
  lines.vertices.reserve(side * side * 6);
  auto street = [&](std::size_t a, std::size_t b) {
    const infracov::geo::Point pa = nodes[a];
    infracov::geo::Point pb = nodes[b];
    if (unit(random) < 0.05) pb.x += 0.3;
    lines.vertices.push_back(pa);
    lines.vertices.push_back(
        {(pa.x + pb.x) / 2 + jitter(random) / 4, (pa.y + pb.y) / 2 + jitter(random) / 4});
    lines.vertices.push_back(pb);
    lines.part_offsets.push_back(lines.vertices.size());
    const auto feature = static_cast<std::uint32_t>(lines.feature_fid.size());
    lines.part_feature.push_back(feature);
    lines.feature_fid.push_back(feature);
    lines.feature_class.push_back(unit(random) < 0.3 ? 0 : 1);
  };
  for (std::size_t i = 0; i < side; ++i) {
    for (std::size_t j = 0; j < side; ++j) {
      const std::size_t n = i * side + j;
      if (i + 1 < side && unit(random) < 0.97) street(n, n + side);
      if (j + 1 < side && unit(random) < 0.97) street(n, n + 1);
    }
  }
  return lines;
}

struct Fixture {
  infracov::geo::GeosContext ctx;
  RoadLines lines;
  std::unique_ptr<RoadGraph> graph;
};

Fixture& fixture(std::size_t edges) {
  // Built once per size and kept, so the later benchmarks of a size time only their own step.
  static std::map<std::size_t, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[edges];
  if (!slot) {
    slot = std::make_unique<Fixture>();
    slot->lines = grid_roads(edges);
    slot->graph = std::make_unique<RoadGraph>(RoadGraph::build(slot->lines, 1.0));
  }
  return *slot;
}

void report(benchmark::State& state, const RoadGraph& graph) {
  state.counters["edges"] = static_cast<double>(graph.edge_count());
  state.counters["nodes"] = static_cast<double>(graph.node_count());
  state.counters["peak_rss_mib"] = peak_rss_mib();
}

void BM_NetworkBuild(benchmark::State& state) {
  infracov::geo::GeosContext ctx;
  const RoadLines lines = grid_roads(static_cast<std::size_t>(state.range(0)));
  std::size_t edges = 0;
  for (auto _ : state) {
    RoadGraph graph = RoadGraph::build(lines, 1.0);
    edges = graph.edge_count();
    benchmark::DoNotOptimize(edges);
    state.counters["components"] = static_cast<double>(graph.stats().components);
    state.counters["snapped_joins"] = static_cast<double>(graph.stats().snapped_joins);
  }
  state.counters["edges"] = static_cast<double>(edges);
  state.counters["peak_rss_mib"] = peak_rss_mib();
}

void BM_NetworkComponentsAndBridges(benchmark::State& state) {
  const RoadGraph& graph = *fixture(static_cast<std::size_t>(state.range(0))).graph;
  for (auto _ : state) {
    const auto structure = infracov::analysis::compute_structure(graph.csr(), graph.edge_count());
    benchmark::DoNotOptimize(structure.bridge_count);
    state.counters["bridges"] = static_cast<double>(structure.bridge_count);
  }
  report(state, graph);
}

void BM_NetworkMultiSourceSearch(benchmark::State& state) {
  const RoadGraph& graph = *fixture(static_cast<std::size_t>(state.range(0))).graph;
  std::vector<double> weight(graph.edge_count());
  for (infracov::analysis::EdgeId e = 0; e < graph.edge_count(); ++e) {
    weight[e] = graph.edge_length_m(e);
  }
  // One facility per ~1000 nodes, like clinics among villages.
  std::vector<infracov::analysis::PathSource> sources;
  for (std::size_t n = 0; n < graph.node_count(); n += 997) {
    sources.push_back({static_cast<infracov::analysis::NodeId>(n), 50.0,
                       static_cast<std::uint32_t>(sources.size())});
  }
  for (auto _ : state) {
    const auto paths =
        infracov::analysis::multi_source_shortest_paths(graph.csr(), weight, sources);
    benchmark::DoNotOptimize(paths.cost.data());
  }
  state.counters["sources"] = static_cast<double>(sources.size());
  report(state, graph);
}

BENCHMARK(BM_NetworkBuild)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NetworkComponentsAndBridges)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NetworkMultiSourceSearch)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// 10 million edges: minutes and several GiB, so only on request.
BENCHMARK(BM_NetworkBuild)
    ->Name("NetworkHuge/Build")
    ->Arg(10'000'000)
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
BENCHMARK(BM_NetworkComponentsAndBridges)
    ->Name("NetworkHuge/ComponentsAndBridges")
    ->Arg(10'000'000)
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
BENCHMARK(BM_NetworkMultiSourceSearch)
    ->Name("NetworkHuge/MultiSourceSearch")
    ->Arg(10'000'000)
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

}  // namespace
