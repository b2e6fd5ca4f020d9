#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "infracov/analysis/plan_run.hpp"
#include "infracov/geo/writer.hpp"
#include "options.hpp"
#include "project.hpp"
#include "qgis_styles.hpp"

namespace infracov::cli {
namespace {

struct PlanOptions {
  std::string config;
  std::string out = "out";
  std::optional<double> cost_per_km;
  // roads
  std::string avoid;
  // grid
  std::string grid_kind = "power";
  // sites
  std::string site_kind;
  std::optional<std::size_t> count;
  std::optional<double> target;
  std::string candidates;
};

int run_plan(const std::string& which, const PlanOptions& options, const GlobalOptions& global) {
  const std::string config = project_file(options.config);
  const analysis::Project project = read_project(config);
  // Plans add to an existing output folder (replacing only their own layers) or create one.
  const bool fresh = !std::filesystem::exists(options.out);
  geo::OutputDirectory out(options.out, fresh ? geo::OutputDirectory::Mode::kCreate
                                              : geo::OutputDirectory::Mode::kUpdate);
  ProgressPrinter progress(!global.quiet);
  const geo::GeosContext ctx;
  const auto result = analysis::analyze(
      ctx, project, [&progress](double f, const std::string& stage) { progress(f * 0.7, stage); },
      [&global](const std::string& message) {
        if (!global.quiet) std::cerr << "infracov: warning: " << message << "\n";
      });
  analysis::PlanOutput plan;
  if (which == "roads") {
    analysis::RoadPlanOptions road;
    if (!options.avoid.empty()) road.avoid = parse_layer_option(options.avoid);
    road.cost_per_km = options.cost_per_km;
    plan = analysis::run_road_plan(ctx, project, result, road);
  } else if (which == "grid") {
    analysis::GridPlanOptions grid;
    grid.kind = options.grid_kind;
    grid.cost_per_km = options.cost_per_km;
    plan = analysis::run_grid_plan(ctx, project, result, grid);
  } else {
    analysis::SitePlanOptions sites;
    sites.kind = options.site_kind;
    sites.count = options.count;
    sites.target_share = options.target;
    if (!options.candidates.empty()) sites.candidates = parse_layer_option(options.candidates);
    plan = analysis::run_site_plan(ctx, project, result, sites);
  }
  progress(0.9, "writing");
  analysis::write_plan(plan, result, project, out.staging(), fresh);
  // QGIS opens results.gpkg styled (layer_styles) and results.qgs with every layer in order.
  write_qgis_styles(out.staging() / "results.gpkg", out.staging() / "results.qgs");
  out.commit();
  progress.finish();
  if (!global.quiet) {
    std::printf("plan %s: %s\n", plan.name.c_str(), plan.figures_json.c_str());
    for (const auto& layer : plan.layers) {
      std::printf("  %s: %zu features in %s/results.gpkg\n", layer.name.c_str(), layer.rows.size(),
                  options.out.c_str());
    }
  }
  return kExitOk;
}

}  // namespace

void add_plan(CLI::App& app, Runner& run, const GlobalOptions& global) {
  auto* plan = app.add_subcommand("plan", "Plan the cheapest works that close the gaps");
  plan->require_subcommand(1);
  auto options = std::make_shared<PlanOptions>();
  auto common = [options](CLI::App* cmd) {
    cmd->add_option("--config", options->config,
                    "Project file (TOML); default: the bundled sample");
    cmd->add_option("--out", options->out, "Output folder; created, or updated when it exists");
  };
  auto* roads = plan->add_subcommand(
      "roads", "New links to every unconnected village and paving to the seat");
  common(roads);
  roads->add_option("--avoid", options->avoid,
                    "Polygons new links may not cross (SOURCE or SOURCE:LAYER)");
  roads->add_option("--cost-per-km", options->cost_per_km, "Cost of one km of new or paved road");
  auto* grid = plan->add_subcommand("grid", "Extend the power grid to every village beyond max_m");
  common(grid);
  grid->add_option("--kind", options->grid_kind,
                   "Facility kind holding the existing grid (default power)");
  grid->add_option("--cost-per-km", options->cost_per_km, "Cost of one km of new line");
  auto* sites =
      plan->add_subcommand("sites", "Choose new facility sites that serve the most people");
  common(sites);
  sites->add_option("--kind", options->site_kind, "Facility kind, e.g. clinic")->required();
  sites->add_option("--count", options->count, "Number of sites to choose");
  sites->add_option("--target", options->target, "Choose sites until this share is served (0-1]")
      ->check(CLI::Range(0.0, 1.0));
  sites->add_option("--candidates", options->candidates,
                    "Candidate points (default: the villages)");
  for (auto* cmd : {roads, grid, sites}) {
    const std::string which = cmd->get_name();
    cmd->callback([&run, &global, options, which] {
      run = [&global, options, which] { return run_plan(which, *options, global); };
    });
  }
}

}  // namespace infracov::cli
