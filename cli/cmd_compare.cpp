// `infracov compare BASE OTHER --out DIR`: two results folders (two scenarios, or two vintages of
// the data), villages matched by id; writes DIR/changes.gpkg (village_changes), DIR/changes.csv,
// DIR/summary.json, DIR/report.html and DIR/map.png (report_compare.cpp), in the project's
// language when --config names the project.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "commands.hpp"
#include "infracov/analysis/compare.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/inspect.hpp"
#include "infracov/geo/reader.hpp"
#include "infracov/geo/writer.hpp"
#include "interrupt.hpp"
#include "options.hpp"
#include "project.hpp"
#include "report_compare.hpp"

namespace infracov::cli {
namespace {

namespace fs = std::filesystem;
using analysis::ChangeReport;
using analysis::Presence;
using analysis::RunVillages;
using geo::FieldType;
using geo::FieldValue;

bool ends_with(const std::string& text, std::string_view tail) {
  return text.size() > tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

bool is_check(const std::string& field) {
  return field == "road_access" || field == "connected" || field == "paved_connected" ||
         field == "single_access" || ends_with(field, "_ok") || field.rfind("check_", 0) == 0;
}

bool is_distance(const std::string& field) {
  return field != "road_dist_m" && (ends_with(field, "_dist_m") || ends_with(field, "_minutes"));
}

struct ReadRun {
  RunVillages villages;
  geo::Crs crs;
};

// The villages layer of a results folder as values.
ReadRun read_run(const fs::path& folder, const char* which) {
  const fs::path gpkg = folder / "results.gpkg";
  std::error_code ec;
  if (!fs::exists(gpkg, ec)) {
    throw InputError("compare: " + std::string(which) + " '" + folder.string() +
                     "' has no results.gpkg; pass a folder written by `infracov analyze --out`");
  }
  const auto infos = geo::inspect_source(gpkg.string(), "villages", "", false);
  geo::LayerSpec spec;
  spec.source = gpkg.string();
  spec.layer = "villages";
  spec.role = "villages";
  for (const auto& f : infos.front().fields) spec.fields.push_back(f.name);
  for (const char* required : {"id", "name", "missing"}) {
    if (std::find(spec.fields.begin(), spec.fields.end(), required) == spec.fields.end()) {
      throw InputError("compare: the villages layer of '" + gpkg.string() + "' has no '" +
                       required + "' field; it was not written by `infracov analyze`");
    }
  }
  ReadRun run;
  run.crs = geo::probe_layer(spec).crs;
  const geo::GeosContext ctx;
  const geo::FeatureTable table = geo::read_layer(ctx, spec, geo::GeometryClass::kPoint, run.crs);
  RunVillages& v = run.villages;
  std::vector<std::size_t> check_at, distance_at;
  for (std::size_t f = 0; f < spec.fields.size(); ++f) {
    if (is_check(spec.fields[f])) {
      v.check_names.push_back(spec.fields[f]);
      check_at.push_back(f);
    } else if (is_distance(spec.fields[f])) {
      v.distance_names.push_back(spec.fields[f]);
      distance_at.push_back(f);
    }
  }
  v.checks.resize(check_at.size());
  v.distances.resize(distance_at.size());
  auto at = [&](const char* name) {
    return static_cast<std::size_t>(std::find(spec.fields.begin(), spec.fields.end(), name) -
                                    spec.fields.begin());
  };
  const std::size_t id = at("id"), name = at("name"), missing = at("missing");
  auto text = [](const FieldValue& value) -> std::string {
    if (const auto* s = std::get_if<std::string>(&value)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
    return "";
  };
  for (const geo::Feature& feature : table.features) {
    v.ids.push_back(text(feature.values[id]));
    v.names.push_back(text(feature.values[name]));
    v.points.push_back(feature.geometry.points().front());
    v.flagged.push_back(!text(feature.values[missing]).empty());
    for (std::size_t c = 0; c < check_at.size(); ++c) {
      const FieldValue& value = feature.values[check_at[c]];
      std::optional<bool> flag;
      if (const auto* i = std::get_if<std::int64_t>(&value)) flag = *i != 0;
      v.checks[c].push_back(flag);
    }
    for (std::size_t d = 0; d < distance_at.size(); ++d) {
      const FieldValue& value = feature.values[distance_at[d]];
      std::optional<double> number;
      if (const auto* x = std::get_if<double>(&value)) number = *x;
      if (const auto* i = std::get_if<std::int64_t>(&value)) number = static_cast<double>(*i);
      v.distances[d].push_back(number);
    }
  }
  return run;
}

const char* presence_text(Presence p) {
  switch (p) {
    case Presence::kBoth:
      return "both";
    case Presence::kOnlyBase:
      return "only_base";
    case Presence::kOnlyOther:
      return "only_other";
  }
  return "";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ";") + item;
  return out;
}

std::vector<geo::FieldDef> change_fields(const ChangeReport& report) {
  std::vector<geo::FieldDef> fields{
      {"id", FieldType::kString}, {"name", FieldType::kString}, {"status", FieldType::kString}};
  for (const auto& c : report.check_names) {
    fields.push_back({c + "_base", FieldType::kInteger});
    fields.push_back({c + "_other", FieldType::kInteger});
  }
  for (const auto& d : report.distance_names) {
    fields.push_back({d + "_base", FieldType::kReal});
    fields.push_back({d + "_other", FieldType::kReal});
    // K_dist_m -> K_dist_change_m, K_minutes -> K_minutes_change
    const bool metres = ends_with(d, "_dist_m");
    fields.push_back(
        {metres ? d.substr(0, d.size() - 2) + "change_m" : d + "_change", FieldType::kReal});
  }
  fields.push_back({"gained", FieldType::kString});
  fields.push_back({"lost", FieldType::kString});
  return fields;
}

std::vector<FieldValue> change_values(const analysis::VillageChange& v) {
  std::vector<FieldValue> values{v.id, v.name, std::string(presence_text(v.presence))};
  auto flag = [](const std::optional<bool>& b) {
    return b ? FieldValue{std::int64_t{*b ? 1 : 0}} : FieldValue{};
  };
  auto number = [](const std::optional<double>& x) {
    return x ? FieldValue{std::round(*x * 100.0) / 100.0} : FieldValue{};
  };
  for (std::size_t c = 0; c < v.base.size(); ++c) {
    values.push_back(flag(v.base[c]));
    values.push_back(flag(v.other[c]));
  }
  for (std::size_t d = 0; d < v.distance_base.size(); ++d) {
    values.push_back(number(v.distance_base[d]));
    values.push_back(number(v.distance_other[d]));
    values.push_back(number(v.distance_change[d]));
  }
  values.emplace_back(joined(v.gained));
  values.emplace_back(joined(v.lost));
  return values;
}

std::string summary_json(const ChangeReport& report, const std::string& base,
                         const std::string& other) {
  nlohmann::ordered_json doc;
  doc["base"] = base;
  doc["other"] = other;
  doc["villages"] = {
      {"both", report.both}, {"only_base", report.only_base}, {"only_other", report.only_other}};
  nlohmann::ordered_json checks = nlohmann::ordered_json::object();
  for (std::size_t c = 0; c < report.check_names.size(); ++c) {
    const auto& n = report.counts[c];
    checks[report.check_names[c]] = {{"gained", n.gained},
                                     {"lost", n.lost},
                                     {"ok_both", n.ok_both},
                                     {"missing_both", n.missing_both}};
  }
  doc["checks"] = std::move(checks);
  doc["flagged"] = {{"base", report.flagged_base}, {"other", report.flagged_other}};
  return doc.dump(2) + "\n";
}

}  // namespace

void add_compare(CLI::App& app, Runner& run, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand(
      "compare", "Compare two results folders (scenarios or vintages), villages matched by id");
  struct Options {
    std::string base, other, out = "changes", config;
    bool overwrite = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  cmd->add_option("BASE", options->base, "The results folder to compare from")
      ->required()
      ->type_name("DIR");
  cmd->add_option("OTHER", options->other, "The results folder to compare to")
      ->required()
      ->type_name("DIR");
  cmd->add_option("--out", options->out, "Output folder (default: changes)")->type_name("DIR");
  cmd->add_option("--config", options->config,
                  "Project file: the report and map use its language and checklist labels "
                  "(default: language from the village names, fields by name)")
      ->type_name("FILE");
  cmd->add_flag("--overwrite", options->overwrite, "Replace the output folder when it exists");
  cmd->add_flag("--json", options->json,
                "Print the comparison's summary.json document on stdout instead of the table");
  set_examples(*cmd, {"infracov compare out rainy --out rainy-changes",
                      "infracov compare 2014 2018 --config county.toml --out changes",
                      "infracov analyze --scenario rainy_season --out rainy && infracov compare "
                      "out rainy --out changes"});
  cmd->callback([&run, &global, options] {
    run = [&global, options] {
      std::optional<analysis::Project> project;
      if (!options->config.empty()) project = read_project(options->config, global.set);
      ReadRun base = read_run(options->base, "BASE");
      ReadRun other = read_run(options->other, "OTHER");
      const CompareWording wording =
          compare_wording(project ? &*project : nullptr, other.villages.names);
      // The map draws OTHER's results (its roads and works) under the villages that changed.
      const Results other_results =
          read_results(fs::path(options->other) / "results.gpkg",
                       project ? find_boundary("", *project) : std::nullopt);
      // Points are written in OTHER's CRS: BASE-only villages are moved into it.
      if (!base.crs.same_as(other.crs)) {
        const geo::Transform to_other(base.crs, other.crs);
        for (auto& p : base.villages.points) p = to_other.apply(p);
      }
      const ChangeReport report = analysis::compare_runs(base.villages, other.villages);
      geo::OutputDirectory out(options->out, options->overwrite
                                                 ? geo::OutputDirectory::Mode::kOverwrite
                                                 : geo::OutputDirectory::Mode::kCreate);
      const RemoveOnInterrupt staged(out.staging());
      const std::vector<geo::FieldDef> fields = change_fields(report);
      {
        geo::DatasetWriter gpkg(out.file("changes.gpkg"));
        auto& layer =
            gpkg.create_layer("village_changes", geo::GeometryClass::kPoint, other.crs, fields);
        for (const auto& v : report.villages) layer.write(change_values(v), v.point);
        gpkg.close();
        geo::DatasetWriter csv(out.file("changes.csv"), "CSV");
        auto& rows = csv.create_layer("changes", geo::GeometryClass::kAny, other.crs, fields);
        const geo::Geometry none;
        for (const auto& v : report.villages) rows.write(change_values(v), none);
        csv.close();
      }
      const std::string summary = summary_json(report, options->base, options->other);
      draw_compare_map(report, other_results, out.file("map.png"), wording);
      const std::string page =
          compare_report_html(report, options->base, options->other, wording, "map.png");
      for (const auto& [name, text] :
           {std::pair{"summary.json", summary}, std::pair{"report.html", page}}) {
        std::ofstream file(out.file(name), std::ios::binary);
        file << text;
        if (!file.flush()) throw OutputError("cannot write '" + out.file(name).string() + "'");
      }
      uninterrupted([&out] { out.commit(); });
      if (options->json) {
        std::cout << summary;
      } else if (!global.quiet) {
        std::printf("villages: %zu in both, %zu only in base, %zu only in other\n", report.both,
                    report.only_base, report.only_other);
        for (std::size_t c = 0; c < report.check_names.size(); ++c) {
          std::printf("  %-26s gained %zu, lost %zu\n", report.check_names[c].c_str(),
                      report.counts[c].gained, report.counts[c].lost);
        }
        std::printf(
            "changes in %s/ (changes.gpkg, changes.csv, summary.json, report.html, map.png)\n",
            options->out.c_str());
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace infracov::cli
