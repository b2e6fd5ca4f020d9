// Writing a roads-like GeoPackage layer: 200,000 two-vertex lines with 14 fields, through
// geo::DatasetWriter (one transaction per batch, the packed spatial index at close).
//   infracov_bench --benchmark_filter=BM_WriteRoads
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <filesystem>
#include <random>

#include "infracov/geo/writer.hpp"

namespace {

using namespace infracov::geo;

void BM_WriteRoads(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const auto path = std::filesystem::temp_directory_path() /
                    ("infracov-bench-write-" + std::to_string(::getpid()) + ".gpkg");
  std::vector<FieldDef> fields{{"source_fid", FieldType::kInteger64},
                               {"class", FieldType::kString},
                               {"length_m", FieldType::kReal}};
  for (int i = 0; i < 11; ++i) fields.push_back({"f" + std::to_string(i), FieldType::kInteger64});
  std::mt19937 random(5);
  std::uniform_real_distribution<double> coordinate(0, 700000);
  std::vector<Polyline> lines(count);
  for (auto& line : lines) {
    const Point a{coordinate(random), coordinate(random)};
    line = {a, {a.x + 300, a.y + 400}};
  }
  for (auto _ : state) {
    std::filesystem::remove(path);
    DatasetWriter writer(path);
    LayerWriter& layer =
        writer.create_layer("roads", GeometryClass::kLine, Crs::from_user("EPSG:32651"), fields);
    std::vector<FieldValue> values(fields.size());
    for (std::size_t i = 0; i < count; ++i) {
      values[0] = static_cast<std::int64_t>(i);
      values[1] = std::string("village_paved");
      values[2] = 500.0;
      for (std::size_t f = 3; f < values.size(); ++f) {
        values[f] = f % 3 == 0 ? FieldValue{} : FieldValue{static_cast<std::int64_t>(i % 97)};
      }
      layer.write(values, std::vector<Polyline>{lines[i]});
    }
    writer.close();
  }
  std::filesystem::remove(path);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
}
BENCHMARK(BM_WriteRoads)->Arg(200000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

}  // namespace
