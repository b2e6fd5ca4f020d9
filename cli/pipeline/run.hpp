// The one place where a run's stages are put together: load → network → measure → plan, each
// once, over plain in-memory types; the commands then hand the result to the write stage.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cartography.hpp"
#include "infracov/analysis/analyze.hpp"
#include "infracov/analysis/inputs.hpp"
#include "infracov/analysis/network.hpp"
#include "infracov/analysis/plan_run.hpp"
#include "infracov/analysis/project.hpp"
#include "pipeline/timings.hpp"

namespace infracov::cli {

// One plan asked for on the command line, with its options.
struct PlanRequest {
  std::string which;  // "roads", "grid" or "sites"
  std::optional<double> cost_per_km;
  std::optional<geo::LayerSpec> avoid;  // roads
  std::string grid_kind = "power";      // grid
  std::string site_kind;                // sites
  std::optional<std::size_t> count;
  std::optional<double> target_share;
  std::optional<geo::LayerSpec> candidates;
};

// Everything one run computed, kept together because the network refers to the inputs.
struct RunResult {
  analysis::Inputs inputs;
  std::unique_ptr<analysis::Network> network;  // released once the plans are done
  // (inputs.roads too: the result holds every edge's geometry)
  analysis::AnalysisResult analysis;
  std::vector<analysis::PlanOutput> plans;
  // [analysis] boundary as loaded (in the analysis CRS, every attribute kept); only written and
  // drawn, never measured.
  std::optional<ResultLayer> boundary;
};

using ProgressFn = std::function<void(double fraction, const std::string& stage)>;
using WarningFn = std::function<void(const analysis::DataWarning&)>;

// Runs load, network, measure and every requested plan, timing each stage in `timings`. Throws
// InputError for bad input (exit 1).
std::unique_ptr<RunResult> run_stages(const geo::GeosContext& ctx, const analysis::Project& project,
                                      const std::vector<PlanRequest>& plans, StageTimings& timings,
                                      const ProgressFn& progress, const WarningFn& warn);

}  // namespace infracov::cli
