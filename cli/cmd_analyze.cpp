#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "huge_pages.hpp"
#include "infracov/analysis/analyze.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/writer.hpp"
#include "interrupt.hpp"
#include "language.hpp"
#include "pipeline/run.hpp"
#include "pipeline/write.hpp"
#include "project.hpp"
#include "qgis_styles.hpp"

namespace infracov::cli {
namespace {

// Columns padded by display width: a CJK character takes two columns in a terminal, and
// printf's %-26s counts bytes, which would misalign a Chinese table.
std::string padded(const std::string& label, std::size_t width) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < label.size();) {
    const auto c = static_cast<unsigned char>(label[i]);
    const std::size_t bytes = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    columns += bytes >= 3 ? 2 : 1;  // three- and four-byte UTF-8: CJK and wide symbols
    i += bytes;
  }
  return label + std::string(columns < width ? width - columns : 1, ' ');
}

// The short table `./dev.sh demo` prints: what a planner reads first, in the run's language,
// ending with one row per checklist item (its label, villages meeting it, share, verdict).
void print_table(const analysis::AnalysisResult& result, const analysis::Project& project) {
  const std::string& lang = result.language;
  const auto t = [&lang](std::string_view zh, std::string_view en) { return text(lang, zh, en); };
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
    std::printf("  %s %7zu / %-7zu %s\n", padded(label, 26).c_str(), count, total, extra.c_str());
  };
  auto percent = [](double share) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", share * 100.0);
    return std::string(buffer);
  };
  std::printf(
      lang == "zh"
          ? "村数: %zu   坐标系: %s   路网: %.1f 公里, %zu 个连通分量, %zu 座桥\n"
          : "villages: %zu   crs: %s   road network: %.1f km, %zu components, %zu bridges\n",
      n, result.crs.label().c_str(), result.network.graph.road_km, result.network.graph.components,
      result.network.graph.bridges);
  line(t("通公路", "road access"), n - no_access, n);
  line(t("与驻地连通", "connected to the seat"), connected, n);
  line(t("硬化路通驻地", "paved to the seat"), paved, n);
  line(t("单一通道(桥)", "single access (bridge)"), single, n);
  std::printf("  %s %s\n", padded(t("农村可达性指数", "rural access index"), 26).c_str(),
              percent(result.rural_access_index).c_str());
  for (const auto& kind : result.kinds) {
    std::string share;
    if (kind.population_share) {
      share = t("(人口的 ", "(") + percent(*kind.population_share) + t(")", " of people)");
    }
    line(t(kind_label(kind.name, lang) + " 达标", kind.name + " ok"), kind.ok, n, share);
  }
  std::printf("  %s %7zu\n", padded(t("标记的村", "villages flagged"), 26).c_str(), result.flagged);
  if (result.checklist.empty()) return;
  std::printf("%s\n", t("核查清单（达标村数 / 总村数，占比，承诺是否成立）",
                        "checklist (villages meeting it / all, share, claim holds or not)")
                          .c_str());
  for (std::size_t i = 0; i < result.checklist.size() && i < project.checklist.size(); ++i) {
    const analysis::ChecklistSummary& item = result.checklist[i];
    const std::string verdict = item.holds ? t("成立", "holds")
                                           : t("不成立（承诺 ", "does not hold (claim ") +
                                                 percent(project.checklist[i].claim) + t("）", ")");
    line(item_label(project.checklist[i], lang), item.ok, n,
         padded(percent(item.share), 7) + verdict);
  }
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
                  "keys, added roads and facilities, paved lines) and write that scenario's full "
                  "outputs")
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
      use_huge_pages_for(project);
      project.critical_edges = options->critical;
      // Formats, CRS and schema are checked before any work, so a typo costs nothing.
      ExportOptions exported;
      exported.threads = worker_threads(global);
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
      const RemoveOnInterrupt staged(out.staging());
      ProgressPrinter progress(global);
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
      uninterrupted([&out] { out.commit(); });
      progress.finish();
      if (options->json) {
        print_json(folder, exported.database,
                   exported.driver.empty() ? "PostgreSQL" : exported.driver,
                   summary_json(result, project));
      } else if (!global.quiet) {
        print_table(result, project);
        if (to_database) {
          std::printf("layers in %s%s; villages.csv and summary.json in %s/\n",
                      options->out.c_str(),
                      options->schema.empty() ? "" : (" schema " + options->schema).c_str(),
                      folder.c_str());
        } else {
          std::printf(result.language == "zh"
                          ? "结果在 %s/（%s 图层、villages.csv、summary.json）\n"
                          : "results in %s/ (%s layers, villages.csv, summary.json)\n",
                      folder.c_str(), exported.driver.c_str());
        }
      }
      return (options->fail_on_flags && result.flagged > 0) ? static_cast<int>(kExitFlagged)
                                                            : static_cast<int>(kExitOk);
    };
  });
}

}  // namespace infracov::cli
