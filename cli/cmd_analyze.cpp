#include <cmath>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "infracov/analysis/analyze.hpp"
#include "infracov/geo/writer.hpp"
#include "project.hpp"
#include "qgis_styles.hpp"

namespace infracov::cli {
namespace {

// The short table `./dev.sh demo` prints: what a planner reads first.
void print_table(const analysis::AnalysisResult& result) {
  const std::size_t n = result.villages.size();
  std::size_t connected = 0;
  std::size_t no_access = 0;
  std::size_t single = 0;
  std::size_t paved = 0;
  for (const auto& row : result.villages) {
    connected += row.network.connected;
    no_access += !row.network.road_access;
    single += row.network.single_access;
    paved += row.network.paved_connected;
  }
  auto line = [](const std::string& label, std::size_t count, std::size_t total,
                 const std::string& extra = "") {
    std::printf("  %-26s %7zu / %-7zu %s\n", label.c_str(), count, total, extra.c_str());
  };
  std::printf("villages: %zu   crs: %s   road network: %.1f km, %zu components, %zu bridges\n", n,
              result.crs.label().c_str(), result.network.graph.road_km,
              result.network.graph.components, result.network.graph.bridges);
  line("road access", n - no_access, n);
  line("connected to the seat", connected, n);
  line("paved to the seat", paved, n);
  line("single access (bridge)", single, n);
  char rai[64];
  std::snprintf(rai, sizeof rai, "%.1f%%", result.rural_access_index * 100.0);
  std::printf("  %-26s %s\n", "rural access index", rai);
  for (const auto& kind : result.kinds) {
    std::string share;
    if (kind.population_share) {
      char text[64];
      std::snprintf(text, sizeof text, "(%.1f%% of people)", *kind.population_share * 100.0);
      share = text;
    }
    line(kind.name + " ok", kind.ok, n, share);
  }
  std::printf("  %-26s %7zu\n", "villages flagged", result.flagged);
}

}  // namespace

void add_analyze(CLI::App& app, Runner& run, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand(
      "analyze", "Measure coverage; with no arguments, on the bundled banner sample into out/");
  struct Options {
    std::string config;
    std::string out = "out";
    bool overwrite = false;
    bool fail_on_flags = false;
  };
  auto options = std::make_shared<Options>();
  cmd->add_option("--config", options->config, "Project file (TOML); default: the bundled sample");
  cmd->add_option("--out", options->out, "Output folder (default: out)");
  cmd->add_flag("--overwrite", options->overwrite, "Replace the output folder when it exists");
  cmd->add_flag("--fail-on-flags", options->fail_on_flags,
                "Exit with 4 when any village is flagged");
  cmd->callback([&run, &global, options] {
    run = [&global, options] {
      const std::string config =
          options->config.empty() ? default_sample_project() : options->config;
      const analysis::Project project = read_project(config);
      // Refuse an existing output before any work, so a mistake costs nothing.
      geo::OutputDirectory out(options->out, options->overwrite
                                                 ? geo::OutputDirectory::Mode::kOverwrite
                                                 : geo::OutputDirectory::Mode::kCreate);
      ProgressPrinter progress(!global.quiet);
      const geo::GeosContext ctx;
      const auto result = analysis::analyze(
          ctx, project,
          [&progress](double f, const std::string& stage) { progress(f * 0.9, stage); },
          [&global](const std::string& message) {
            if (!global.quiet) std::cerr << "infracov: warning: " << message << "\n";
          });
      analysis::write_results(result, project, out.staging());
      // QGIS opens results.gpkg styled (layer_styles) and results.qgs with every layer in order.
      write_qgis_styles(out.staging() / "results.gpkg", out.staging() / "results.qgs");
      out.commit();
      progress.finish();
      if (!global.quiet) {
        print_table(result);
        std::printf("results in %s/ (results.gpkg, villages.csv, summary.json)\n",
                    options->out.c_str());
      }
      return (options->fail_on_flags && result.flagged > 0) ? static_cast<int>(kExitFlagged)
                                                            : static_cast<int>(kExitOk);
    };
  });
}

}  // namespace infracov::cli
