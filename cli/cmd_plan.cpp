#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "commands.hpp"
#include "huge_pages.hpp"
#include "infracov/analysis/plan_run.hpp"
#include "infracov/analysis/schema.hpp"
#include "infracov/geo/inspect.hpp"
#include "infracov/geo/writer.hpp"
#include "interrupt.hpp"
#include "options.hpp"
#include "pipeline/run.hpp"
#include "pipeline/write.hpp"
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
  bool json = false;
};

// `--json`: each plan's figures and layers as one document on stdout.
void print_json(const std::string& out, const std::vector<analysis::PlanOutput>& plans) {
  nlohmann::ordered_json doc;
  doc["command"] = "plan";
  doc["out"] = out;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& plan : plans) {
    nlohmann::ordered_json layers = nlohmann::ordered_json::object();
    for (const auto& layer : plan.layers) layers[layer.name] = layer.rows.size();
    list.push_back({{"name", plan.name},
                    {"figures", nlohmann::ordered_json::parse(plan.figures_json)},
                    {"layers", layers}});
  }
  doc["plans"] = list;
  std::cout << doc.dump(2) << "\n";
}

int run_plans(const std::vector<std::string>& which, const PlanOptions& options,
              const GlobalOptions& global) {
  const std::string config = project_file(options.config);
  const analysis::Project project = read_project(config, global.set);
  use_huge_pages_for(project);
  std::vector<PlanRequest> requests;
  for (const std::string& name : which) {
    PlanRequest request;
    request.which = name;
    request.cost_per_km = options.cost_per_km;
    if (name == "roads" && !options.avoid.empty())
      request.avoid = parse_layer_option(options.avoid);
    request.grid_kind = options.grid_kind;
    request.site_kind = options.site_kind;
    request.count = options.count;
    request.target_share = options.target;
    if (name == "sites" && !options.candidates.empty()) {
      request.candidates = parse_layer_option(options.candidates);
    }
    requests.push_back(std::move(request));
  }
  // Plans add to an existing output folder (replacing only their own layers) or create one.
  const bool fresh = !std::filesystem::exists(options.out);
  geo::OutputDirectory out(options.out, fresh ? geo::OutputDirectory::Mode::kCreate
                                              : geo::OutputDirectory::Mode::kUpdate);
  const RemoveOnInterrupt staged(out.staging());
  ProgressPrinter progress(global);
  std::string command = "plan";
  for (const auto& name : which) command += " " + name;
  StageTimings timings(command, global.timings, worker_threads(global));
  const geo::GeosContext ctx;
  const auto run = run_stages(
      ctx, project, requests, timings,
      [&progress](double f, const std::string& stage) { progress(f * 0.9, stage); }, print_warning);
  timings.begin("write");
  // Also when updating a folder: results.gpkg may be missing there, and the styles need them.
  // Computed on the second core while the other outputs are written.
  ServiceAreaJob areas(run->analysis, project, worker_threads(global));
  const ResultLayer* boundary = run->boundary ? &*run->boundary : nullptr;
  write_plans(run->plans, run->analysis, project, areas.source(), out.staging(), fresh, boundary);
  // QGIS opens results.gpkg styled (layer_styles) and results.qgs with every layer in order.
  std::vector<StyledLayer> layers =
      styled_layers(run->analysis, project, areas.get(), run->plans, boundary);
  const auto gpkg = out.staging() / "results.gpkg";
  if (!fresh) {
    // An updated folder keeps the analysis layers it had: one written before facilities_K,
    // nearest_facility and boundary existed must not get a QGIS project naming layers it lacks.
    std::set<std::string> present;
    for (const auto& info : geo::inspect_source(gpkg.string(), "", "", false)) {
      present.insert(info.name);
    }
    std::erase_if(layers, [&](const StyledLayer& layer) {
      const bool analysis_extra = layer.name.rfind(analysis::schema::kFacilitiesPrefix, 0) == 0 ||
                                  layer.name == analysis::schema::kNearestFacility ||
                                  layer.name == analysis::schema::kBoundary;
      return analysis_extra && present.count(layer.name) == 0;
    });
  }
  for (auto& earlier : earlier_layers(gpkg, layers, run->analysis.crs)) {
    layers.push_back(std::move(earlier));
  }
  write_qgis_styles(gpkg, out.staging() / "results.qgs", layers, run->analysis.crs);
  timings.end();
  timings.note_seconds("service areas (during write)", areas.wall_s());
  if (global.timings) timings.write(out.staging());
  uninterrupted([&out] { out.commit(); });
  progress.finish();
  if (options.json) {
    print_json(options.out, run->plans);
  } else if (!global.quiet) {
    for (const auto& plan : run->plans) {
      std::printf("plan %s: %s\n", plan.name.c_str(), plan.figures_json.c_str());
      for (const auto& layer : plan.layers) {
        std::printf("  %s: %zu features in %s/results.gpkg\n", layer.name.c_str(),
                    layer.rows.size(), options.out.c_str());
      }
    }
  }
  return kExitOk;
}

}  // namespace

void add_plan(CLI::App& app, Runner& run, const GlobalOptions& global) {
  auto* plan = app.add_subcommand("plan", "Plan the cheapest works that close the gaps");
  // Several plans in one call (`plan roads grid sites`) share one load, network and measure.
  plan->require_subcommand(1, 3);
  set_examples(*plan, {"infracov plan roads --out plans",
                       "infracov plan roads grid sites --kind clinic --count 50 --out plans",
                       "infracov plan sites --kind clinic --target 0.95 --out plans --json"});
  auto options = std::make_shared<PlanOptions>();
  auto common = [options](CLI::App* cmd) {
    cmd->add_option("--config", options->config,
                    "Project file (TOML); default: the bundled sample");
    cmd->add_option("--out", options->out, "Output folder; created, or updated when it exists");
    cmd->add_flag("--json", options->json,
                  "Print the plans as JSON on stdout (out; plans: name, figures, layers with "
                  "their feature counts)");
  };
  auto* roads = plan->add_subcommand(
      "roads", "New links to every unconnected village and paving to the seat");
  common(roads);
  set_examples(*roads, {"infracov plan roads --config county.toml --out plans",
                        "infracov plan roads --out plans --avoid reserves.gpkg:core_zones "
                        "--cost-per-km 1.2e6"});
  roads->add_option("--avoid", options->avoid,
                    "Polygons new links may not cross (SOURCE or SOURCE:LAYER)");
  roads->add_option("--cost-per-km", options->cost_per_km, "Cost of one km of new or paved road");
  auto* grid = plan->add_subcommand("grid", "Extend the power grid to every village beyond max_m");
  common(grid);
  set_examples(*grid, {"infracov plan grid --config county.toml --out plans --kind power",
                       "infracov plan grid --out plans --cost-per-km 300000 --json"});
  grid->add_option("--kind", options->grid_kind,
                   "Facility kind holding the existing grid (default power)");
  grid->add_option("--cost-per-km", options->cost_per_km, "Cost of one km of new line");
  auto* sites =
      plan->add_subcommand("sites", "Choose new facility sites that serve the most people");
  common(sites);
  set_examples(*sites, {"infracov plan sites --kind clinic --count 10 --out plans",
                        "infracov plan sites --kind clinic --target 0.95 --candidates "
                        "sites.gpkg:candidates --out plans"});
  sites->add_option("--kind", options->site_kind, "Facility kind, e.g. clinic")->required();
  sites->add_option("--count", options->count, "Number of sites to choose");
  sites->add_option("--target", options->target, "Choose sites until this share is served (0-1]")
      ->check(CLI::Range(0.0, 1.0));
  sites->add_option("--candidates", options->candidates,
                    "Candidate points (default: the villages)");
  plan->callback([&run, &global, options, plan] {
    std::vector<std::string> which;
    for (const CLI::App* cmd : plan->get_subcommands()) which.push_back(cmd->get_name());
    run = [&global, options, which] { return run_plans(which, *options, global); };
  });
}

}  // namespace infracov::cli
