#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "infracov/analysis/analyze.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/writer.hpp"
#include "pipeline/run.hpp"
#include "pipeline/write.hpp"
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

// `--json`: what the run wrote and its summary.json, as one document on stdout.
void print_json(const std::string& folder, const std::string& database, const std::string& driver,
                const std::string& summary) {
  nlohmann::ordered_json doc;
  doc["command"] = "analyze";
  doc["out"] = folder;
  doc["database"] =
      database.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(database);
  doc["format"] = driver;
  doc["summary"] = nlohmann::ordered_json::parse(summary);
  std::cout << doc.dump(2) << "\n";
}

}  // namespace

void add_analyze(CLI::App& app, Runner& run, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand(
      "analyze", "Measure coverage; with no arguments, on the bundled banner sample into out/");
  struct Options {
    std::string config;
    std::string out = "out";
    std::string out_files = "out";
    std::string format = "GPKG";
    std::string out_crs;
    std::string schema = "infracov";
    bool overwrite = false;
    bool fail_on_flags = false;
    bool map = false;
    bool report = false;
    std::size_t critical = 100;
    std::string scenario;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  cmd->add_option("--config", options->config, "Project file (TOML); default: the bundled sample");
  cmd->add_option("--out", options->out,
                  "Output folder (default: out), or a PostGIS database (PG:dbname=...) to write "
                  "the layers into");
  cmd->add_option("-f,--format", options->format,
                  "GDAL vector driver for the layers: GPKG (default), \"ESRI Shapefile\", "
                  "GeoJSON, KML, FlatGeobuf, CSV, ...");
  cmd->add_option("--out-crs", options->out_crs,
                  "CRS of the output layers (EPSG code, WKT, PROJ string); default: EPSG:4326 "
                  "for KML and GeoJSON, the analysis CRS otherwise");
  CLI::Option* schema_option = cmd->add_option(
      "--schema", options->schema,
      "With --out PG:...: the schema for the tables, created when missing (default: "
      "infracov, so results never replace input tables in public)");
  cmd->add_option("--out-files", options->out_files,
                  "With --out PG:...: the folder for villages.csv and summary.json (default: out)");
  cmd->add_flag("--overwrite", options->overwrite, "Replace the output folder when it exists");
  cmd->add_flag("--fail-on-flags", options->fail_on_flags,
                "Exit with 4 when any village is flagged");
  cmd->add_option("--scenario", options->scenario,
                  "Apply the project file's [scenarios.NAME] (closed roads, speeds, facility "
                  "keys) and write that scenario's full outputs")
      ->type_name("NAME");
  cmd->add_option("--critical", options->critical,
                  "Measure the closure of the N busiest road edges that are not bridges "
                  "(detours, villages losing a facility; default 100, 0 for none)")
      ->type_name("N");
  cmd->add_flag("--map", options->map, "Also draw DIR/map.png from this run's result");
  cmd->add_flag("--report", options->report, "Also write DIR/report.html from this run's result");
  cmd->add_flag("--json", options->json,
                "Print the run as JSON on stdout (out, database, format, summary: the "
                "summary.json document) instead of the table");
  set_examples(
      *cmd, {"infracov analyze", "infracov analyze --config county.toml --out results --overwrite",
             "infracov analyze --config county.toml --out results -f \"ESRI Shapefile\"",
             "infracov analyze --config county.toml --out results --map --report",
             "infracov analyze --config county.toml --out PG:dbname=gis --schema coverage",
             "infracov --set analysis.max_access_m=1500 analyze --out strict --json"});
  cmd->callback([&run, &global, options, schema_option] {
    run = [&global, options, schema_option] {
      const std::string config = project_file(options->config);
      analysis::Project project = read_project(config, global.set, options->scenario);
      project.critical_edges = options->critical;
      // Formats, CRS and schema are checked before any work, so a typo costs nothing.
      ExportOptions exported;
      const bool to_database = options->out.rfind("PG:", 0) == 0;
      if (to_database) {
        exported.database = options->out;
        exported.schema = options->schema;
      } else {
        if (schema_option->count() > 0) {
          throw InputError(
              "--schema needs a database: --out PG:dbname=...; leave it out for a "
              "folder output");
        }
        exported.driver = geo::driver_info(options->format).name;
      }
      if (!options->out_crs.empty()) {
        exported.out_crs = geo::Crs::from_user(options->out_crs, "--out-crs");
      }
      if (to_database && (options->map || options->report)) {
        throw InputError(
            "--map and --report need a folder output; leave them out with --out PG:...");
      }
      const std::string folder = to_database ? options->out_files : options->out;
      // Refuse an existing output before any work, so a mistake costs nothing.
      geo::OutputDirectory out(folder, options->overwrite ? geo::OutputDirectory::Mode::kOverwrite
                                                          : geo::OutputDirectory::Mode::kCreate);
      ProgressPrinter progress(!global.quiet);
      StageTimings timings("analyze", global.timings, worker_threads(global));
      const geo::GeosContext ctx;
      const auto stages = run_stages(
          ctx, project, {}, timings,
          [&progress](double f, const std::string& stage) { progress(f * 0.9, stage); },
          print_warning);
      const analysis::AnalysisResult& result = stages->analysis;
      timings.begin("write");
      // Service areas are computed on the second core while the other outputs are written.
      ServiceAreaJob areas(result, project, worker_threads(global));
      const ResultLayer* boundary = stages->boundary ? &*stages->boundary : nullptr;
      write_results(result, project, areas.source(), out.staging(), exported, boundary);
      const bool gpkg = !to_database && exported.driver == "GPKG";
      if (gpkg) {
        // QGIS opens results.gpkg styled (layer_styles) and results.qgs with every layer in order.
        write_qgis_styles(out.staging() / "results.gpkg", out.staging() / "results.qgs",
                          styled_layers(result, project, areas.get(), {}, boundary), result.crs);
      }
      if (options->map || options->report) {
        write_map_and_report(result, project, areas.get(), {}, summary_json(result, project),
                             out.staging(), options->map, options->report, boundary);
      }
      timings.end();
      timings.note_seconds("service areas (during write)", areas.wall_s());
      if (global.timings) timings.write(out.staging());
      out.commit();
      progress.finish();
      if (options->json) {
        print_json(folder, exported.database,
                   exported.driver.empty() ? "PostgreSQL" : exported.driver,
                   summary_json(result, project));
      } else if (!global.quiet) {
        print_table(result);
        if (to_database) {
          std::printf("layers in %s%s; villages.csv and summary.json in %s/\n",
                      options->out.c_str(),
                      options->schema.empty() ? "" : (" schema " + options->schema).c_str(),
                      folder.c_str());
        } else {
          std::printf("results in %s/ (%s layers, villages.csv, summary.json)\n", folder.c_str(),
                      exported.driver.c_str());
        }
      }
      return (options->fail_on_flags && result.flagged > 0) ? static_cast<int>(kExitFlagged)
                                                            : static_cast<int>(kExitOk);
    };
  });
}

}  // namespace infracov::cli
