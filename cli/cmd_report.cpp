// `infracov report`: one HTML page that opens anywhere with no network: Leaflet (Debian's
// libjs-leaflet), its images and the data are all inside the page.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cartography.hpp"
#include "commands.hpp"
#include "infracov/analysis/checklist.hpp"
#include "infracov/analysis/schema.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/error.hpp"
#include "interrupt.hpp"
#include "language.hpp"
#include "options.hpp"
#include "pipeline/timings.hpp"
#include "project.hpp"

namespace infracov::cli {
namespace {

using nlohmann::json;

const std::filesystem::path kLeafletDir = "/usr/share/javascript/leaflet";

std::string read_file(const std::filesystem::path& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(
        "cannot read " + what + ": '" + path.string() +
        "' is missing; install Debian's libjs-leaflet (apt-get install libjs-leaflet)");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63u];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size())
      v |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kAlphabet[(v >> 18) & 63u];
    out += kAlphabet[(v >> 12) & 63u];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63u] : '=';
    out += '=';
  }
  return out;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Leaflet's stylesheet with its images as data URIs: a file:// page cannot fetch images/.
std::string leaflet_css() {
  std::string css = read_file(kLeafletDir / "leaflet.css", "Leaflet's stylesheet");
  for (const char* image : {"layers-2x.png", "layers.png", "marker-icon.png"}) {
    const auto path = kLeafletDir / "images" / image;
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      replace_all(css, std::string("url(images/") + image + ")",
                  "url(data:image/png;base64," + base64(read_file(path, "Leaflet's images")) + ")");
    }
  }
  return css;
}

std::string leaflet_js() {
  std::string js = read_file(kLeafletDir / "leaflet.min.js", "Leaflet");
  // The source map is not shipped inside the page; a reference to it would only 404.
  const auto map_at = js.rfind("//# sourceMappingURL=");
  if (map_at != std::string::npos) js.erase(map_at);
  replace_all(js, "</script", "<\\/script");
  return js;
}

std::string cell(const json& value) {
  if (value.is_string()) return xml_escape(value.get<std::string>());
  if (value.is_number_float()) {
    std::ostringstream out;
    out.precision(6);
    out << value.get<double>();
    return out.str();
  }
  return xml_escape(value.dump());
}

const char* kPageStyle = R"(
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
th { background: #f3f3f3; }
td.num { text-align: right; }
#map { height: 640px; border: 1px solid #999; }
.infracov-facility svg { display: block; }
.switcher-entry svg { vertical-align: middle; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.3em; }
#infracov-status, #infracov-errors { display: none; }
td.holds { color: #1a7f37; } td.fails { color: #c0392b; font-weight: bold; }
td.failing { max-width: 40em; }
.bar { display: inline-block; width: 4em; height: 0.7em; background: #eee; vertical-align: middle; }
.bar-fill { display: block; height: 100%; background: #2e8b57; }
.bar-fill.short { background: #e67e22; }
/* A4 print: the page's width for the map and tables, every collapsed section open (the script
   opens <details> before printing: a closed one prints its summary only, whatever the CSS). */
@page { size: A4; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  #map { width: 100%; height: 170mm; break-inside: avoid; }
  .leaflet-control-container { display: none; }
  table { width: 100%; break-inside: auto; }
  tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  details > summary { list-style: none; font-weight: bold; }
  a { color: inherit; text-decoration: none; }
}
)";

}  // namespace

std::string read_summary(const std::filesystem::path& summary_json) {
  std::error_code ec;
  if (!std::filesystem::exists(summary_json, ec)) return {};
  return read_file(summary_json, "the summary");
}

void write_report(const Results& results, const std::string& summary_text,
                  const std::filesystem::path& out, const std::string& title,
                  const std::string& language, const analysis::Project* project) {
  json summary = json::object();
  if (!summary_text.empty()) {
    try {
      summary = json::parse(summary_text);
    } catch (const json::exception& e) {
      throw InputError(std::string("cannot read the summary (") + e.what() +
                       "); run `infracov analyze` again");
    }
  }
  const ResultLayer& villages = *results.layer("villages");
  const json data = report_map_data(results, summary, language, project);
  std::string data_text = data.dump(-1, ' ', false, json::error_handler_t::replace);
  replace_all(data_text, "</", "<\\/");

  // ---- tables
  std::string html;
  html += "<!DOCTYPE html>\n<html lang=\"" + text(language, "zh-CN", "en") +
          "\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + xml_escape(title) + "</title>\n";
  // First of all scripts, so that errors in Leaflet or in the drawing code are recorded too.
  html += R"(<script>
window.infracovErrors = [];
function infracovRecord(message) {
  window.infracovErrors.push(String(message));
  var list = document.getElementById('infracov-errors');
  if (list) { var item = document.createElement('li'); item.textContent = String(message); list.appendChild(item); }
}
window.onerror = function (message, source, line) { infracovRecord(message + ' (' + source + ':' + line + ')'); };
window.addEventListener('unhandledrejection', function (e) { infracovRecord(e.reason); });
(function () { var original = console.error; console.error = function () {
  infracovRecord(Array.prototype.join.call(arguments, ' ')); return original.apply(console, arguments); }; })();
</script>
)";
  html += "<style>\n" + leaflet_css() + "\n" + kPageStyle + "</style>\n</head>\n<body>\n";
  html += "<ul id=\"infracov-errors\"></ul>\n";
  html += "<div id=\"infracov-status\" data-villages=\"" +
          std::to_string(villages.table.features.size()) +
          "\" data-markers=\"0\" data-done=\"0\"></div>\n";
  html += "<h1>" + xml_escape(title) + "</h1>\n";
  // The planner's questions first: do the published claims hold, and where not; then by town.
  std::map<std::string, std::string> names;
  for (const auto& f : villages.table.features)
    names[villages.text(f, "id")] = villages.text(f, "name");
  html += checklist_section(summary, language, names);
  html += groups_section(summary, language);

  const auto t = [&language](std::string_view zh, std::string_view en) {
    return text(language, zh, en);
  };
  html += "<h2>" + t("概况", "Summary") + "</h2>\n<table>\n";
  for (const char* key : {"villages", "crs", "flagged"}) {
    if (summary.contains(key)) {
      html += "<tr><th>" + xml_escape(summary_label(key, language)) + "</th><td>" +
              cell(summary[key]) + "</td></tr>\n";
    }
  }
  if (summary.contains("road") && summary["road"].is_object()) {
    for (const auto& item : summary["road"].items()) {
      if (item.value().is_object()) continue;
      html += "<tr><th>" + xml_escape(summary_label("road." + item.key(), language)) + "</th><td>" +
              cell(item.value()) + "</td></tr>\n";
    }
  }
  html += "</table>\n";

  if (summary.contains("facilities") && summary["facilities"].is_object()) {
    html += "<h2>" + t("设施", "Facilities") + "</h2>\n<table>\n<tr><th>" + t("设施", "kind") +
            "</th><th>" + t("规则", "rule") + "</th><th>" + t("达标村数", "ok") + "</th><th>" +
            t("未达标村数", "missing") + "</th><th>" + t("人口覆盖率", "population share") +
            "</th></tr>\n";
    // Named variables rather than a structured binding: clang 14 (the fuzz build) cannot
    // capture a binding in the lambda below.
    for (const auto& item : summary["facilities"].items()) {
      const std::string kind = item.key();
      const nlohmann::json& entry = item.value();
      auto get = [&](const char* k) { return entry.contains(k) ? cell(entry[k]) : std::string(); };
      std::string share;
      if (entry.contains("population_share") && entry["population_share"].is_number()) {
        std::ostringstream s;
        s.setf(std::ios::fixed);
        s.precision(1);
        s << entry["population_share"].get<double>() * 100.0 << " %";
        share = s.str();
      }
      const std::string rule = entry.contains("rule") && entry["rule"].is_string()
                                   ? rule_label(entry["rule"].get<std::string>(), language)
                                   : get("rule");
      html += "<tr><td>" + xml_escape(kind_label(kind, language)) + "</td><td>" + xml_escape(rule) +
              "</td><td class=\"num\">" + get("ok") + "</td><td class=\"num\">" + get("missing") +
              "</td><td class=\"num\">" + share + "</td></tr>\n";
    }
    html += "</table>\n";
  }

  html += flagged_section(villages, project, language);

  html += plans_section(results, summary, language);
  html += criticality_section(summary, language);
  html += "<h2>" + t("地图", "Map") + "</h2>\n<div id=\"map\"></div>\n";
  html += engineering_section(summary, language);
  html += "<script type=\"application/json\" id=\"infracov-data\">" + data_text + "</script>\n";
  html += "<script>\n" + leaflet_js() + "\n</script>\n";
  html += std::string("<script>") + report_map_script() + "</script>\n";
  html += R"(<script>
function infracovOpenForPrint() {
  Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
}
window.addEventListener('beforeprint', infracovOpenForPrint);
if (window.matchMedia) window.matchMedia('print').addListener(function (m) { if (m.matches) infracovOpenForPrint(); });
</script>
</body>
</html>
)";

  // Written beside the destination and renamed, so a failure leaves no half page.
  const auto partial = std::filesystem::path(out.string() + ".partial");
  std::error_code ec;
  const RemoveOnInterrupt staged(partial);
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    file << html;
    file.close();
    if (!file) {
      std::filesystem::remove(partial, ec);
      throw OutputError("cannot write the report: '" + out.string() +
                        "'; check the folder exists and is writable");
    }
  }
  uninterrupted([&] { std::filesystem::rename(partial, out, ec); });
  if (ec) {
    std::filesystem::remove(partial, ec);
    throw OutputError("cannot write the report: '" + out.string() + "' (" + ec.message() + ")");
  }
}

void add_report(CLI::App& app, Runner& run, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("report", "Write the results as one self-contained HTML page");
  struct Options {
    ResultsSource source;
    std::string out;
    std::string title;
  };
  auto options = std::make_shared<Options>();
  add_results_source(*cmd, options->source);
  cmd->add_option("--out", options->out, "HTML file to write")->required();
  cmd->add_option("--title", options->title, "Page title");
  set_examples(*cmd, {"infracov report --results out --out report.html",
                      "infracov report --config county.toml --results results --out report.html "
                      "--title \"Banner 2026\""});
  cmd->callback([&run, &global, options] {
    run = [&global, options] {
      StageTimings timings("report", global.timings, worker_threads(global));
      timings.begin("load");
      const std::string config = project_file(options->source.config);
      const analysis::Project project = read_project(config, global.set);
      const std::filesystem::path dir(options->source.results);
      const Results results =
          read_results(dir / "results.gpkg", find_boundary(options->source.boundary, project));
      const std::string title =
          options->title.empty()
              ? "infracov report: " + std::filesystem::path(config).stem().string()
              : options->title;
      timings.begin("write");
      // The run's language as analyze resolved it, from the same setting and village names.
      std::vector<std::string> names;
      if (const ResultLayer* villages = results.layer("villages")) {
        for (const auto& f : villages->table.features) names.push_back(villages->text(f, "name"));
      }
      write_report(results, read_summary(dir / "summary.json"), options->out, title,
                   analysis::resolve_language(project.language, names), &project);
      timings.end();
      if (!global.quiet) std::cout << "report: " << options->out << "\n";
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace infracov::cli
