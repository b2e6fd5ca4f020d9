#include "pipeline/run.hpp"

#include "infracov/geo/error.hpp"
#include "infracov/geo/types.hpp"
#include "pipeline/load.hpp"

namespace infracov::cli {
namespace {

// Checks what a plan needs of the project before any work, so a typo costs nothing.
void check_plan(const PlanRequest& plan) {
  if (plan.which == "sites" && !plan.count && !plan.target_share) {
    throw InputError("plan sites: give --count K or --target SHARE (e.g. 0.95)");
  }
}

}  // namespace

std::unique_ptr<RunResult> run_stages(const geo::GeosContext& ctx, const analysis::Project& project,
                                      const std::vector<PlanRequest>& plans, StageTimings& timings,
                                      const ProgressFn& progress, const WarningFn& warn) {
  auto step = [&](double fraction, const std::string& stage) {
    if (progress) progress(fraction, stage);
  };
  for (const auto& plan : plans) check_plan(plan);
  auto run = std::make_unique<RunResult>();

  timings.begin("load");
  step(0.0, "reading the layers");
  run->inputs = load_inputs(ctx, project, warn);
  if (project.boundary) run->boundary = read_boundary(ctx, *project.boundary, run->inputs.crs);
  // Extra layers of the plans are inputs too: read here, once, with the others.
  analysis::RoadPlanOptions road_options;
  analysis::SitePlanOptions site_options;
  for (const auto& plan : plans) {
    if (plan.which == "roads" && plan.avoid) {
      road_options.avoid = load_polygons(ctx, *plan.avoid, "avoid", run->inputs.crs);
    }
    if (plan.which == "sites" && plan.candidates) {
      PointLayer candidates = load_points(ctx, *plan.candidates, "candidates", run->inputs.crs);
      site_options.extra_candidates = true;
      site_options.candidate_points = std::move(candidates.points);
      site_options.candidate_ids = std::move(candidates.ids);
    }
  }

  timings.begin("network");
  step(0.35, "building the road network");
  analysis::NetworkOptions network_options = analysis::network_options(project);
  network_options.threads = timings.threads();
  run->network = std::make_unique<analysis::Network>(
      run->inputs.roads, run->inputs.villages.points, analysis::network_kinds(project, run->inputs),
      site_options.candidate_points, run->inputs.seat, network_options);
  // The graphs hold their own copy of every vertex: the read ones go now (about 60 MB on a
  // province), lowering the peak of the stages below. Each feature's FID and class stay.
  geo::release(run->inputs.roads.vertices);
  geo::release(run->inputs.roads.part_offsets);
  run->inputs.roads.part_offsets.push_back(0);
  geo::release(run->inputs.roads.part_feature);

  timings.begin("measure");
  step(0.55, "measuring");
  run->analysis = analysis::measure(project, run->inputs, *run->network);
  run->network->release_paved();  // measured: criticality and the plans never read it
  if (auto dangles = dangles_warning(project, run->inputs, run->analysis.network.graph)) {
    if (warn) warn(*dangles);
    run->analysis.warnings.push_back(std::move(*dangles));
  }

  timings.begin("criticality");
  step(0.65, "ranking critical road segments");
  analysis::add_criticality(project, *run->network, run->analysis, timings.threads());

  const analysis::PlanBasis basis{project, run->inputs, *run->network, run->analysis};
  for (const auto& plan : plans) {
    timings.begin("plan " + plan.which);
    step(0.8, "planning " + plan.which);
    if (plan.which == "roads") {
      road_options.cost_per_km = plan.cost_per_km;
      run->plans.push_back(analysis::run_road_plan(ctx, basis, road_options));
    } else if (plan.which == "grid") {
      analysis::GridPlanOptions grid;
      grid.kind = plan.grid_kind;
      grid.cost_per_km = plan.cost_per_km;
      run->plans.push_back(analysis::run_grid_plan(ctx, basis, grid));
    } else {
      site_options.kind = plan.site_kind;
      site_options.count = plan.count;
      site_options.target_share = plan.target_share;
      run->plans.push_back(analysis::run_site_plan(ctx, basis, site_options));
    }
  }
  timings.end();
  timings.note("network_builds", analysis::Network::builds());
  // Writing needs only the typed results: the graphs, their indexes and the raw road lines go
  // now, so that the write stage reuses their memory rather than adding to it.
  run->network.reset();
  run->inputs.roads = {};
  return run;
}

}  // namespace infracov::cli
