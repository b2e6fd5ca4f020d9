// The plan stage: each plan takes the run's inputs, its network and its measures (all built once),
// calls the planning algorithms of plan.hpp and returns layers and figures for the write stage.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "infracov/analysis/analyze.hpp"
#include "infracov/analysis/inputs.hpp"
#include "infracov/analysis/network.hpp"
#include "infracov/analysis/project.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/table.hpp"

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

// What every plan reads: the run's stages so far.
struct PlanBasis {
  const Project& project;
  const Inputs& inputs;
  const Network& network;
  const AnalysisResult& analysis;
};

struct RoadPlanOptions {
  geo::Geometry avoid;  // polygons new links may not cross (null: none)
  std::optional<double> cost_per_km;
};
// New links (minimum spanning tree over components and unattached villages) and paving
// (Takahashi-Matsuyama Steiner tree): layers proposed_roads and paving_upgrades.
PlanOutput run_road_plan(const geo::GeosContext& ctx, const PlanBasis& basis,
                         const RoadPlanOptions& options);

struct GridPlanOptions {
  std::string kind = "power";  // the facility kind holding the existing grid
  std::optional<double> cost_per_km;
};
// Prim's tree from the existing grid to every village farther than the kind's max_m: layer
// proposed_grid.
PlanOutput run_grid_plan(const geo::GeosContext& ctx, const PlanBasis& basis,
                         const GridPlanOptions& options);

struct SitePlanOptions {
  std::string kind;
  std::optional<std::size_t> count;
  std::optional<double> target_share;
  // Candidate sites: the network's extra points, with these ids; default (false): the villages.
  bool extra_candidates = false;
  std::vector<geo::Point> candidate_points;
  std::vector<std::string> candidate_ids;
};
// Greedy maximal covering (lazy) of the people the kind does not serve yet: layer proposed_sites.
PlanOutput run_site_plan(const geo::GeosContext& ctx, const PlanBasis& basis,
                         const SitePlanOptions& options);

}  // namespace infracov::analysis
