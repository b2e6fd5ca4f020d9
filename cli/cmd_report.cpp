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

// A JSON object as a two-column table; nested objects become nested rows "a.b".
void key_value_rows(const json& object, const std::string& prefix, std::string& out) {
  for (const auto& [key, value] : object.items()) {
    if (value.is_object()) {
      key_value_rows(value, prefix + key + ".", out);
    } else {
      out += "<tr><th>" + xml_escape(prefix + key) + "</th><td>" + cell(value) + "</td></tr>\n";
    }
  }
}

double round6(double v) { return std::round(v * 1e6) / 1e6; }

json coordinates(const geo::Transform& to_wgs84, const geo::Polyline& line) {
  geo::Polyline points = line;
  to_wgs84.apply(points);
  json out = json::array();
  for (const auto& p : points) out.push_back({round6(p.x), round6(p.y)});
  return out;
}

// A GeoJSON geometry in EPSG:4326 (lon, lat order, as GeoJSON requires).
json geojson_geometry(const geo::Transform& to_wgs84, const geo::Geometry& g) {
  json polygons = json::array();
  for (const auto& rings : geo::render::polygon_rings(g)) {
    json p = json::array();
    for (const auto& ring : rings) p.push_back(coordinates(to_wgs84, ring));
    polygons.push_back(std::move(p));
  }
  if (!polygons.empty()) return {{"type", "MultiPolygon"}, {"coordinates", polygons}};
  const auto lines = g.lines();
  if (!lines.empty()) {
    json parts = json::array();
    for (const auto& line : lines) parts.push_back(coordinates(to_wgs84, line));
    return {{"type", "MultiLineString"}, {"coordinates", parts}};
  }
  const auto points = g.points();
  if (!points.empty()) {
    const auto p = to_wgs84.apply(points.front());
    return {{"type", "Point"}, {"coordinates", {round6(p.x), round6(p.y)}}};
  }
  return nullptr;
}

json collection() { return {{"type", "FeatureCollection"}, {"features", json::array()}}; }

void add_feature(json& fc, const geo::Transform& to_wgs84, const geo::Feature& f, json properties) {
  json geometry = geojson_geometry(to_wgs84, f.geometry);
  if (geometry.is_null()) return;
  fc["features"].push_back({{"type", "Feature"},
                            {"geometry", std::move(geometry)},
                            {"properties", std::move(properties)}});
}

const char* kPageStyle = R"(
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
th { background: #f3f3f3; }
td.num { text-align: right; }
#map { height: 640px; border: 1px solid #999; }
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

// Runs after Leaflet: draws the layers from the inline GeoJSON and records what it drew.
const char* kMapScript = R"(
(function () {
  var data = JSON.parse(document.getElementById('infracov-data').textContent);
  var map = L.map('map');
  // The view comes before any vector layer: Leaflet cannot project without one.
  map.fitBounds([[data.bbox[1], data.bbox[0]], [data.bbox[3], data.bbox[2]]], {padding: [10, 10]});
  var overlays = {};
  var markersById = {};
  var zh = data.language === 'zh';
  function escapeText(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }
  function lineStyle(f) {
    var p = f.properties;
    return {color: p.colour, weight: p.weight, opacity: 0.9, dashArray: p.dash || null,
            fill: p.fill || false, fillColor: p.colour, fillOpacity: p.fill ? 0.25 : 0};
  }
  data.layers.forEach(function (layer) {
    var drawn;
    if (layer.kind === 'villages') {
      drawn = L.geoJSON(layer.data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, {radius: 5 + f.properties.failed, color: '#ffffff', weight: 1,
                                         fillColor: f.properties.colour, fillOpacity: 1,
                                         className: 'infracov-village'});
        },
        onEachFeature: function (f, marker) {
          var p = f.properties;
          marker.bindPopup('<b>' + escapeText(p.name) + '</b> (' + escapeText(p.id) + ')<br>' +
                           (p.missing ? (zh ? '未达标：' : 'missing: ') + escapeText(p.missing)
                                      : (zh ? '全部达标' : 'all checks pass')));
          marker.bindTooltip(escapeText(p.name));
          markersById[p.id] = marker;
        }
      });
    } else if (layer.kind === 'sites') {
      drawn = L.geoJSON(layer.data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, {radius: 7, color: f.properties.colour, weight: 3,
                                         fillOpacity: 0});
        }
      });
    } else {
      drawn = L.geoJSON(layer.data, {style: lineStyle});
    }
    overlays[layer.title] = drawn;
  });
  // Added bottom-up so that villages end on top.
  for (var i = data.layers.length - 1; i >= 0; --i) overlays[data.layers[i].title].addTo(map);
  L.control.layers(null, overlays, {collapsed: false}).addTo(map);
  L.control.scale({imperial: false}).addTo(map);
  // The claims table's failing villages: a click zooms the map to the village and opens it.
  var links = document.querySelectorAll('a.village-link');
  var resolved = 0;
  Array.prototype.forEach.call(links, function (link) {
    var marker = markersById[link.getAttribute('data-village')];
    if (!marker) return;
    ++resolved;
    link.addEventListener('click', function () {
      map.setView(marker.getLatLng(), Math.max(map.getZoom(), 14));
      marker.openPopup();
    });
  });
  var status = document.getElementById('infracov-status');
  status.setAttribute('data-links', String(links.length));
  status.setAttribute('data-links-resolved', String(resolved));
  var markers = document.querySelectorAll('path.infracov-village').length;
  status.setAttribute('data-markers', String(markers));
  status.setAttribute('data-done', '1');
})();
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
  const geo::Transform to_wgs84(results.crs, geo::Crs::wgs84());
  const ResultLayer& villages = *results.layer("villages");

  // ---- map data, top layer first
  json layers = json::array();
  json bbox_fc = collection();
  {
    json fc = collection();
    for (const auto& f : villages.table.features) {
      const int failed = failed_checks(villages.text(f, analysis::schema::kMissing));
      add_feature(fc, to_wgs84, f,
                  {{"id", villages.text(f, "id")},
                   {"name", villages.text(f, "name")},
                   {"missing", villages.text(f, analysis::schema::kMissing)},
                   {"failed", std::min(failed, 2)},
                   {"colour", palette::village_colour(failed)}});
    }
    layers.push_back({{"kind", "villages"}, {"title", "Villages"}, {"data", std::move(fc)}});
  }
  if (const ResultLayer* sites = results.layer("proposed_sites")) {
    json fc = collection();
    for (const auto& f : sites->table.features) {
      add_feature(fc, to_wgs84, f, {{"colour", palette::kProposedSites}});
    }
    layers.push_back({{"kind", "sites"}, {"title", "Proposed sites"}, {"data", std::move(fc)}});
  }
  const std::vector<std::tuple<std::string, std::string, std::string_view>> plan_lines{
      {"proposed_roads", "Proposed roads", palette::kProposedRoads},
      {"paving_upgrades", "Paving upgrades", palette::kPavingUpgrades},
      {"proposed_grid", "Proposed grid", palette::kProposedGrid}};
  for (const auto& [name, layer_title, colour] : plan_lines) {
    if (const ResultLayer* layer = results.layer(name)) {
      json fc = collection();
      for (const auto& f : layer->table.features) {
        add_feature(fc, to_wgs84, f, {{"colour", colour}, {"weight", 3}, {"dash", "8 5"}});
      }
      layers.push_back({{"kind", "lines"}, {"title", layer_title}, {"data", std::move(fc)}});
    }
  }
  if (const ResultLayer* roads = results.layer("roads")) {
    json fc = collection();
    std::map<std::string, std::size_t> unknown_index;
    for (const auto& f : roads->table.features) {
      const std::string road_class = roads->text(f, "class");
      if (!palette::is_known_road_class(road_class)) {
        unknown_index.emplace(road_class, unknown_index.size());
      }
      const bool bridge = roads->text(f, "bridge") == "1";
      const auto look = palette::road_look(
          road_class, palette::is_known_road_class(road_class) ? 0 : unknown_index.at(road_class));
      add_feature(fc, to_wgs84, f,
                  {{"colour", bridge ? palette::kBridge : look.colour},
                   {"weight", bridge ? 4.0 : std::max(1.0, look.width_mm * 3.0)}});
    }
    // The critical segments drawn again, wide and on top of the roads.
    const std::set<std::int64_t> fids = critical_fids(summary);
    json critical = collection();
    for (const auto& f : roads->table.features) {
      if (fids.count(f.fid)) {
        add_feature(critical, to_wgs84, f, {{"colour", palette::kCritical}, {"weight", 7}});
      }
    }
    if (!fids.empty()) {
      layers.push_back(
          {{"kind", "lines"}, {"title", "Critical segments"}, {"data", std::move(critical)}});
    }
    layers.push_back(
        {{"kind", "lines"}, {"title", "Roads (bridges red)"}, {"data", std::move(fc)}});
  }
  if (const ResultLayer* areas = results.layer("service_areas")) {
    json fc = collection();
    std::vector<std::string> kinds;
    for (const auto& f : areas->table.features) {
      const std::string kind = areas->text(f, "kind");
      auto it = std::find(kinds.begin(), kinds.end(), kind);
      const auto index = static_cast<std::size_t>(it - kinds.begin());
      if (it == kinds.end()) kinds.push_back(kind);
      add_feature(fc, to_wgs84, f,
                  {{"colour", palette::service_area_colour(index)}, {"weight", 1}, {"fill", true}});
    }
    layers.push_back({{"kind", "areas"}, {"title", "Service areas"}, {"data", std::move(fc)}});
  }
  if (results.boundary) {
    json fc = collection();
    for (const auto& f : results.boundary->table.features) {
      add_feature(fc, to_wgs84, f,
                  {{"colour", palette::kBoundary}, {"weight", 2}, {"dash", "6 3"}});
    }
    layers.push_back({{"kind", "boundary"}, {"title", "Boundary"}, {"data", std::move(fc)}});
  }
  // The view: the extent in longitude/latitude, from the densified edges of the projected one.
  geo::Envelope lonlat;
  const geo::Envelope e = results.extent();
  for (int i = 0; i <= 8; ++i) {
    const double t = i / 8.0;
    for (geo::Point p : {geo::Point{e.min_x + t * (e.max_x - e.min_x), e.min_y},
                         geo::Point{e.min_x + t * (e.max_x - e.min_x), e.max_y},
                         geo::Point{e.min_x, e.min_y + t * (e.max_y - e.min_y)},
                         geo::Point{e.max_x, e.min_y + t * (e.max_y - e.min_y)}}) {
      lonlat.expand(to_wgs84.apply(p));
    }
  }
  json data = {{"bbox", {lonlat.min_x, lonlat.min_y, lonlat.max_x, lonlat.max_y}},
               {"layers", std::move(layers)},
               {"language", language}};
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
      html += "<tr><th>" + std::string(key) + "</th><td>" + cell(summary[key]) + "</td></tr>\n";
    }
  }
  if (summary.contains("road")) key_value_rows(summary["road"], "road.", html);
  html += "</table>\n";

  if (summary.contains("facilities") && summary["facilities"].is_object()) {
    html += "<h2>" + t("设施", "Facilities") +
            "</h2>\n<table>\n<tr><th>kind</th><th>rule</th><th>ok</th><th>missing</th>"
            "<th>population share</th></tr>\n";
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
      html += "<tr><td>" + xml_escape(kind) + "</td><td>" + get("rule") +
              "</td><td class=\"num\">" + get("ok") + "</td><td class=\"num\">" + get("missing") +
              "</td><td class=\"num\">" + share + "</td></tr>\n";
    }
    html += "</table>\n";
  }

  html += flagged_section(villages, project, language);

  html += plans_section(results, summary, language);
  html += criticality_section(summary);
  html += "<h2>" + t("地图", "Map") + "</h2>\n<div id=\"map\"></div>\n";
  html += engineering_section(summary, language);
  html += "<script type=\"application/json\" id=\"infracov-data\">" + data_text + "</script>\n";
  html += "<script>\n" + leaflet_js() + "\n</script>\n";
  html += std::string("<script>") + kMapScript + "</script>\n";
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
