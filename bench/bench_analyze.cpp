// The whole coverage run (issue 3): analyze() with euclid/within rules on generated inputs of a
// county (262 villages), 10,000 and 500,000 villages, facilities and roads in proportion; then
// write_results() on the same result, and GDAL alone streaming the roads layer (the read floor).
//   infracov_bench --benchmark_filter='BM_Analyze/262/'      one size per process, so that
//   infracov_bench --benchmark_filter='BM_Analyze/10000/'    peak_rss_mib is that size's peak
//   infracov_bench --benchmark_filter='BM_Analyze/500000/'   (~1M road edges; minutes)
//   infracov_bench --benchmark_filter='BM_WriteResults/262/'
//   infracov_bench --benchmark_filter='BM_ReadRoads/12000/'  GDAL read of the province roads
// Province (12,000 villages / 1M edges) and 100,000 / 5M are registered too, for the CLI runs.
// Inputs are generated once per size into INFRACOV_BENCH_CACHE (the build folder) and reused:
// writing the 500k input alone takes minutes.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "infracov/analysis/analyze.hpp"
#include "infracov/analysis/project.hpp"
#include "infracov/datasets/scale.hpp"
#include "infracov/geo/reader.hpp"
#include "pipeline/run.hpp"
#include "pipeline/write.hpp"

namespace infracov::analysis {
namespace {

namespace fs = std::filesystem;

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// The generated input for a size, written on first use. A marker file is written last, so an
// interrupted generation is redone rather than read half-written.
fs::path cached_input(std::size_t villages, std::size_t road_edges) {
  // Appended piece by piece: g++ 12 warns (-Wrestrict, a false positive) on "v" + to_string().
  // "n2": the noded network generator (multi-vertex lines, tracks, snaps, gaps); older caches
  // hold the plain lattice and are not reused.
  std::string name = "n2_v";
  name += std::to_string(villages);
  name += "_e";
  name += std::to_string(road_edges);
  const fs::path dir = fs::path(INFRACOV_BENCH_CACHE) / name;
  const fs::path done = dir / "complete";
  if (!fs::exists(done)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    const datasets::ScaleFigures figures = datasets::write_scale_input(dir, villages, road_edges);
    std::ofstream(done) << figures.villages << " villages, " << figures.road_edges
                        << " road edges, " << figures.clinics << " clinics, " << figures.power_lines
                        << " power lines, " << figures.water_service_areas
                        << " water service areas\n";
  }
  return dir;
}

geo::LayerSpec gpkg_layer(const fs::path& dir, const std::string& layer) {
  geo::LayerSpec spec;
  spec.source = (dir / "scale.gpkg").string();
  spec.layer = layer;
  return spec;
}

// The generated scale.toml with every facility rule straight-line (the "euclid rules"):
// clinic euclid 5000 m, power euclid 1000 m, water within. Built here because bench/ does not
// link cli/, which owns the TOML reader.
Project euclid_project(const fs::path& dir) {
  Project project;
  project.crs = "EPSG:32651";
  project.seat = "V0000000";
  project.max_access_m = 2000.0;
  project.snap_m = 1.0;

  project.villages = gpkg_layer(dir, "villages");
  project.village_id = "code";
  project.village_name = "name";
  project.village_population = "population";

  project.roads = gpkg_layer(dir, "roads");
  project.road_class = "class";
  project.paved = {"national", "provincial", "county", "village_paved"};
  project.speed_kmh = {{"national", 80.0},
                       {"provincial", 60.0},
                       {"county", 40.0},
                       {"village_paved", 30.0},
                       {"gravel", 20.0}};

  FacilityKind clinic;
  clinic.name = "clinic";
  clinic.layer = gpkg_layer(dir, "clinics");
  clinic.layer.where = "standardized = 1";
  clinic.id_field = "clinic_id";
  clinic.rule = Rule::kEuclid;
  clinic.max_m = 5000.0;
  project.facilities.push_back(std::move(clinic));

  FacilityKind power;
  power.name = "power";
  power.layer = gpkg_layer(dir, "power_lines");
  power.rule = Rule::kEuclid;
  power.max_m = 1000.0;
  project.facilities.push_back(std::move(power));

  FacilityKind water;
  water.name = "water";
  water.layer = gpkg_layer(dir, "water_service_areas");
  water.rule = Rule::kWithin;
  project.facilities.push_back(std::move(water));
  return project;
}

// Load, network and measure, as `infracov analyze` runs them.
AnalysisResult analyze(const geo::GeosContext& ctx, const Project& project) {
  cli::StageTimings timings("bench", false, 1);
  return std::move(cli::run_stages(ctx, project, {}, timings, {}, {})->analysis);
}

std::pair<std::size_t, std::size_t> size_of(const benchmark::State& state) {
  return {static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1))};
}

void BM_Analyze(benchmark::State& state) {
  const auto [villages, edges] = size_of(state);
  const fs::path dir = cached_input(villages, edges);
  const Project project = euclid_project(dir);
  const geo::GeosContext ctx;
  std::size_t flagged = 0;
  std::size_t graph_edges = 0;
  for (auto _ : state) {
    const AnalysisResult result = analyze(ctx, project);
    flagged = result.flagged;
    graph_edges = result.network.roads.size();
    benchmark::DoNotOptimize(flagged);
  }
  state.counters["villages"] = static_cast<double>(villages);
  state.counters["road_lines"] = static_cast<double>(graph_edges);
  state.counters["flagged"] = static_cast<double>(flagged);
  state.counters["peak_rss_mib"] = peak_rss_mib();
}

void BM_WriteResults(benchmark::State& state) {
  const auto [villages, edges] = size_of(state);
  const fs::path dir = cached_input(villages, edges);
  const Project project = euclid_project(dir);
  const geo::GeosContext ctx;
  const AnalysisResult result = analyze(ctx, project);
  const fs::path out = dir / "bench-out";
  for (auto _ : state) {
    // A fresh folder each time: the timing should be the write, not GDAL appending or failing.
    state.PauseTiming();
    fs::remove_all(out);
    fs::create_directories(out);
    state.ResumeTiming();
    cli::write_results(result, project, {}, out);
  }
  state.counters["villages"] = static_cast<double>(villages);
  state.counters["peak_rss_mib"] = peak_rss_mib();
}

// GDAL alone: stream the roads layer through the reader with no graph, to see how much of
// analyze() is the read itself.
void BM_ReadRoads(benchmark::State& state) {
  const auto [villages, edges] = size_of(state);
  const fs::path dir = cached_input(villages, edges);
  geo::LayerSpec spec = gpkg_layer(dir, "roads");
  spec.fields = {"class"};
  spec.role = "roads";
  const geo::Crs target = probe_layer(spec).crs;  // same CRS: no transformation cost
  std::size_t vertices = 0;
  for (auto _ : state) {
    vertices = 0;
    geo::read_lines(
        spec, target,
        [&](std::int64_t, std::vector<geo::FieldValue>&&, std::vector<geo::Polyline>&& parts) {
          for (const auto& part : parts) vertices += part.size();
        });
    benchmark::DoNotOptimize(vertices);
  }
  state.counters["vertices"] = static_cast<double>(vertices);
  state.counters["peak_rss_mib"] = peak_rss_mib();
}

// {villages, road edges}: county (~1,500 edges like the real banner), 10k, province, 100k, 500k.
void sizes(benchmark::internal::Benchmark* bench) {
  bench->Args({262, 1500})
      ->Args({10000, 60000})
      ->Args({12000, 1000000})
      ->Args({100000, 5000000})
      ->Args({500000, 1000000});
}

BENCHMARK(BM_Analyze)->Apply(sizes)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_WriteResults)->Apply(sizes)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_ReadRoads)->Apply(sizes)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace infracov::analysis
