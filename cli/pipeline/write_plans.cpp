// The write stage for plans: their layers into results.gpkg and their figures into summary.json.
#include <fstream>
#include <nlohmann/json.hpp>

#include "infracov/geo/error.hpp"
#include "infracov/geo/writer.hpp"
#include "pipeline/write.hpp"

namespace infracov::cli {

void write_plans(const std::vector<analysis::PlanOutput>& plans,
                 const analysis::AnalysisResult& analysis, const analysis::Project& project,
                 const ServiceAreaSource& service_areas, const std::filesystem::path& dir,
                 bool fresh, const ResultLayer* boundary) {
  using nlohmann::ordered_json;
  ordered_json figures = ordered_json::object();
  const auto summary_path = dir / "summary.json";
  // An existing folder keeps the figures of plans an earlier run wrote (a previous run's output,
  // never this run's).
  if (!fresh && std::filesystem::exists(summary_path)) {
    std::ifstream in(summary_path);
    try {
      const ordered_json old = ordered_json::parse(in);
      if (old.contains("plans") && old["plans"].is_object()) figures = old["plans"];
    } catch (const nlohmann::json::exception& e) {
      throw InputError("cannot read '" + summary_path.string() + "' (" + e.what() +
                       "); remove the folder or choose another --out");
    }
  }
  if (fresh || !std::filesystem::exists(dir / "results.gpkg")) {
    write_results(analysis, project, service_areas, dir, {}, boundary);
  }
  {
    geo::DatasetWriter gpkg = geo::DatasetWriter::open_for_update(dir / "results.gpkg");
    for (const analysis::PlanOutput& plan : plans) {
      figures[plan.name] = ordered_json::parse(plan.figures_json);
      for (const analysis::PlanLayer& layer : plan.layers) {
        geo::LayerWriter& writer =
            gpkg.create_layer(layer.name, layer.geometry, analysis.crs, layer.fields);
        for (std::size_t i = 0; i < layer.rows.size(); ++i) {
          if (layer.geometry == geo::GeometryClass::kPoint) {
            writer.write(layer.rows[i], layer.points[i]);
          } else {
            writer.write(layer.rows[i], std::vector<geo::Polyline>{layer.lines[i]});
          }
        }
      }
    }
    gpkg.close();
  }
  std::ofstream summary(summary_path, std::ios::binary);
  summary << summary_json(analysis, project, figures.dump());
  if (!summary.flush()) throw OutputError("cannot write '" + summary_path.string() + "'");
}

}  // namespace infracov::cli
