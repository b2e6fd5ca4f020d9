// The three plans as the CLI runs them: each takes a finished analysis, calls the planning
// algorithms of plan.hpp on what it measured, and returns layers and figures ready to write.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "infracov/analysis/analyze.hpp"
#include "infracov/analysis/project.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/reader.hpp"
#include "infracov/geo/writer.hpp"

namespace infracov::analysis {

// One output layer of a plan: rows of values with a line or a point each.
struct PlanLayer {
  std::string name;
  geo::GeometryClass geometry = geo::GeometryClass::kLine;
  std::vector<geo::FieldDef> fields;
  std::vector<std::vector<geo::FieldValue>> rows;
  std::vector<geo::Polyline> lines;  // kLine: one per row
  std::vector<geo::Point> points;    // kPoint: one per row
};

struct PlanOutput {
  std::string name;          // "roads", "grid" or "sites": the key under summary.json's plans
  std::string figures_json;  // a JSON object
  std::vector<PlanLayer> layers;
};

struct RoadPlanOptions {
  std::optional<geo::LayerSpec> avoid;  // polygons new links may not cross
  std::optional<double> cost_per_km;
};
// New links (minimum spanning tree over components and unattached villages) and paving
// (Takahashi-Matsuyama Steiner tree): layers proposed_roads and paving_upgrades.
PlanOutput run_road_plan(const geo::GeosContext& ctx, const Project& project,
                         const AnalysisResult& analysis, const RoadPlanOptions& options);

struct GridPlanOptions {
  std::string kind = "power";  // the facility kind holding the existing grid
  std::optional<double> cost_per_km;
};
// Prim's tree from the existing grid to every village farther than the kind's max_m: layer
// proposed_grid.
PlanOutput run_grid_plan(const geo::GeosContext& ctx, const Project& project,
                         const AnalysisResult& analysis, const GridPlanOptions& options);

struct SitePlanOptions {
  std::string kind;
  std::optional<std::size_t> count;
  std::optional<double> target_share;
  std::optional<geo::LayerSpec> candidates;  // points; default: the villages
};
// Greedy maximal covering (lazy) of the people the kind does not serve yet: layer proposed_sites.
PlanOutput run_site_plan(const geo::GeosContext& ctx, const Project& project,
                         const AnalysisResult& analysis, const SitePlanOptions& options);

// Writes a plan into `dir`: when `fresh`, the whole analysis first (as analyze does); then the
// plan's layers replace their namesakes in results.gpkg and its figures go under plans.NAME in
// summary.json, keeping the other plans already there.
void write_plan(const PlanOutput& plan, const AnalysisResult& analysis, const Project& project,
                const std::filesystem::path& dir, bool fresh);

}  // namespace infracov::analysis
