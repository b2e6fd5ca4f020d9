// The report's map: every result layer as inline GeoJSON in longitude/latitude, and the script
// that draws it with Leaflet (inlined by cmd_report.cpp; no tile server, nothing fetched). Each
// facility kind is drawn in its palette::facility_look (the colour and marker shape QGIS and the
// static map give it), and each flagged village has a line to the nearest facility of every kind
// that explains it (along the roads for network rules, straight otherwise).
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <tuple>

#include "cartography.hpp"
#include "infracov/analysis/schema.hpp"
#include "infracov/geo/crs.hpp"
#include "language.hpp"
#include "options.hpp"

namespace infracov::cli {
namespace {

using nlohmann::json;
namespace schema = analysis::schema;

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

// The name of marker `shape` for the page's script (which draws it as inline SVG).
std::string shape_name(geo::render::MarkerShape shape) {
  switch (shape) {
    case geo::render::MarkerShape::kSquare:
      return "square";
    case geo::render::MarkerShape::kDiamond:
      return "diamond";
    case geo::render::MarkerShape::kTriangle:
      return "triangle";
    default:
      break;
  }
  return "circle";
}

json layer(std::string kind, std::string title, json data) {
  return {{"kind", std::move(kind)}, {"title", std::move(title)}, {"data", std::move(data)}};
}

// The facility kinds' layers, one per kind in rank order, and their geometry class: points above
// the roads, lines with them, areas below them.
struct FacilityLayers {
  std::vector<json> points, lines, areas;
};

FacilityLayers facility_layers(const Results& results, const geo::Transform& to_wgs84,
                               const std::string& language) {
  FacilityLayers out;
  for (std::size_t rank = 0; rank < results.facility_kinds.size(); ++rank) {
    const std::string& kind = results.facility_kinds[rank];
    const ResultLayer* features = results.layer(std::string(schema::kFacilitiesPrefix) + kind);
    if (features == nullptr) continue;
    const palette::FacilityLook look = palette::facility_look(rank, kind);
    const bool is_line = features->geometry_type.find("Line") != std::string::npos;
    const bool is_area = features->geometry_type.find("Polygon") != std::string::npos;
    json fc = collection();
    for (const auto& f : features->table.features) {
      add_feature(fc, to_wgs84, f, {{"id", features->text(f, "id")}});
    }
    json entry = layer("facility", kind_label(kind, language), std::move(fc));
    entry["facilityKind"] = kind;
    entry["colour"] = look.colour;
    entry["shape"] = is_line ? "line" : is_area ? "area" : shape_name(look.shape);
    (is_line ? out.lines : is_area ? out.areas : out.points).push_back(std::move(entry));
  }
  return out;
}

// Each flagged village's lines to its nearest facilities, coloured as the facility kind.
json nearest_layer(const Results& results, const geo::Transform& to_wgs84,
                   const std::string& language) {
  const ResultLayer* lines = results.layer(std::string(schema::kNearestFacility));
  if (lines == nullptr) return nullptr;
  std::map<std::string, std::string> names;
  if (const ResultLayer* villages = results.layer(std::string(schema::kVillages))) {
    for (const auto& f : villages->table.features) {
      names[villages->text(f, "id")] = villages->text(f, "name");
    }
  }
  json fc = collection();
  for (const auto& f : lines->table.features) {
    const std::string kind = lines->text(f, schema::kKind);
    const std::string village = lines->text(f, schema::kVillageId);
    add_feature(
        fc, to_wgs84, f,
        {{"kind", kind},
         {"kindLabel", kind_label(kind, language)},
         {"village", village},
         {"villageName", names[village]},
         {"facility", lines->text(f, schema::kFacilityId)},
         {"alongRoads", lines->text(f, schema::kAlongRoads) == "1"},
         {"length_m", lines->text(f, schema::kLengthM)},
         {"colour",
          palette::facility_look(facility_rank(results.facility_kinds, kind), kind).colour}});
  }
  return layer("nearest", map_layer_title(schema::kNearestFacility, language), std::move(fc));
}

// A village's `missing` list as its popup shows it: each failed check in `language` (kinds by
// their label, checklist items by the label of the language), joined by "、" or ", ".
std::string missing_words(const std::string& missing, const analysis::Project* project,
                          const std::string& language) {
  std::string out;
  std::size_t from = 0;
  while (from < missing.size()) {
    std::size_t end = missing.find(schema::kMissingSeparator, from);
    if (end == std::string::npos) end = missing.size();
    const std::string check = missing.substr(from, end - from);
    std::string word = check == schema::kFailedRoad ? text(language, "不通公路", "road")
                       : check == schema::kFailedConnectivity
                           ? text(language, "未与驻地连通", "connectivity")
                           : kind_label(check, language);
    if (project != nullptr) {
      for (const analysis::ChecklistItem& item : project->checklist) {
        if (item.label_en == check) word = item_label(item, language);
      }
    }
    out += (out.empty() ? "" : text(language, "、", ", ")) + word;
    from = end + 1;
  }
  return out;
}

}  // namespace

json report_map_data(const Results& results, const json& summary, const std::string& language,
                     const analysis::Project* project) {
  const geo::Transform to_wgs84(results.crs, geo::Crs::wgs84());
  const ResultLayer& villages = *results.layer(std::string(schema::kVillages));
  const auto title = [&language](std::string_view layer_name) {
    return map_layer_title(layer_name, language);
  };

  // ---- top layer first
  json layers = json::array();
  {
    json fc = collection();
    for (const auto& f : villages.table.features) {
      const int failed = failed_checks(villages.text(f, schema::kMissing));
      add_feature(
          fc, to_wgs84, f,
          {{"id", villages.text(f, "id")},
           {"name", villages.text(f, "name")},
           {"missing", missing_words(villages.text(f, schema::kMissing), project, language)},
           {"failed", std::min(failed, 2)},
           {"colour", palette::village_colour(failed)}});
    }
    layers.push_back(layer("villages", title(schema::kVillages), std::move(fc)));
  }
  if (const ResultLayer* sites = results.layer(std::string(schema::kProposedSites))) {
    json fc = collection();
    for (const auto& f : sites->table.features) {
      add_feature(fc, to_wgs84, f, {{"colour", palette::kProposedSites}});
    }
    layers.push_back(layer("sites", title(schema::kProposedSites), std::move(fc)));
  }
  const std::vector<std::pair<std::string_view, std::string_view>> plan_lines{
      {schema::kProposedRoads, palette::kProposedRoads},
      {schema::kPavingUpgrades, palette::kPavingUpgrades},
      {schema::kProposedGrid, palette::kProposedGrid}};
  for (const auto& [name, colour] : plan_lines) {
    if (const ResultLayer* works = results.layer(std::string(name))) {
      json fc = collection();
      for (const auto& f : works->table.features) {
        add_feature(fc, to_wgs84, f, {{"colour", colour}, {"weight", 3}, {"dash", "8 5"}});
      }
      layers.push_back(layer("lines", title(name), std::move(fc)));
    }
  }
  FacilityLayers facilities = facility_layers(results, to_wgs84, language);
  for (json& entry : facilities.points) layers.push_back(std::move(entry));
  if (json nearest = nearest_layer(results, to_wgs84, language); !nearest.is_null()) {
    layers.push_back(std::move(nearest));
  }
  for (json& entry : facilities.lines) layers.push_back(std::move(entry));
  if (const ResultLayer* roads = results.layer(std::string(schema::kRoads))) {
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
      layers.push_back(layer("lines", title("critical_segments"), std::move(critical)));
    }
    layers.push_back(layer("lines", title(schema::kRoads), std::move(fc)));
  }
  for (json& entry : facilities.areas) layers.push_back(std::move(entry));
  if (const ResultLayer* areas = results.layer(std::string(schema::kServiceAreas))) {
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
    layers.push_back(layer("areas", title(schema::kServiceAreas), std::move(fc)));
  }
  if (results.boundary) {
    json fc = collection();
    for (const auto& f : results.boundary->table.features) {
      add_feature(fc, to_wgs84, f,
                  {{"colour", palette::kBoundary}, {"weight", 2}, {"dash", "6 3"}});
    }
    layers.push_back(layer("boundary", title(schema::kBoundary), std::move(fc)));
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
  return {{"bbox", {lonlat.min_x, lonlat.min_y, lonlat.max_x, lonlat.max_y}},
          {"layers", std::move(layers)},
          {"language", language}};
}

// Runs after Leaflet: draws the layers from the inline GeoJSON and records what it drew in
// #infracov-status, for the tests that read the page's DOM.
const char* report_map_script() {
  return R"(
(function () {
  var data = JSON.parse(document.getElementById('infracov-data').textContent);
  var map = L.map('map');
  // The view comes before any vector layer: Leaflet cannot project without one.
  map.fitBounds([[data.bbox[1], data.bbox[0]], [data.bbox[3], data.bbox[2]]], {padding: [10, 10]});
  // Facility markers lie under the vector layers: a village stays on top, and a facility in a
  // village frames it, as on the printed map.
  map.createPane('infracov-facilities').style.zIndex = 390;
  var overlays = {};
  var drawnLayers = [];
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
  // A marker shape as inline SVG: an inlined page has no marker images to load.
  function shapeSvg(shape, colour, size, kind) {
    var h = size / 2, e = size - 1, body;
    if (shape === 'square') {
      body = '<rect x="2" y="2" width="' + (size - 4) + '" height="' + (size - 4) + '"/>';
    } else if (shape === 'diamond') {
      body = '<polygon points="' + h + ',1 ' + e + ',' + h + ' ' + h + ',' + e + ' 1,' + h + '"/>';
    } else if (shape === 'triangle') {
      body = '<polygon points="' + h + ',1 ' + e + ',' + e + ' 1,' + e + '"/>';
    } else if (shape === 'line') {
      body = '<line x1="1" y1="' + h + '" x2="' + e + '" y2="' + h + '" stroke="' + colour +
             '" stroke-width="3"/>';
    } else {
      body = '<rect x="1" y="1" width="' + (size - 2) + '" height="' + (size - 2) +
             '" fill-opacity="0.3" stroke="' + colour + '"/>';
    }
    return '<svg' + (kind ? ' data-kind="' + escapeText(kind) + '"' : '') + ' width="' + size +
           '" height="' + size + '" viewBox="0 0 ' + size + ' ' + size + '"><g fill="' + colour +
           '" stroke="#232323" stroke-width="1">' + body + '</g></svg>';
  }
  // The layer switcher doubles as the legend: each entry shows how its layer is drawn.
  function switcherEntry(layer) {
    var mark = '';
    if (layer.kind === 'facility') {
      mark = shapeSvg(layer.shape, layer.colour, 12, null);
    } else if (layer.kind === 'nearest') {
      mark = '<svg width="12" height="12"><line x1="0" y1="6" x2="12" y2="6" stroke="#555" ' +
             'stroke-width="2" stroke-dasharray="3 2"/></svg>';
    }
    return '<span class="switcher-entry" data-layer="' + escapeText(layer.facilityKind || layer.kind) +
           '">' + mark + ' ' + escapeText(layer.title) + '</span>';
  }
  function facilityLayer(layer) {
    if (layer.shape === 'line' || layer.shape === 'area') {
      var area = layer.shape === 'area';
      return L.geoJSON(layer.data, {
        style: {color: layer.colour, weight: area ? 1 : 2, opacity: 0.9, fill: area,
                fillColor: layer.colour, fillOpacity: area ? 0.12 : 0,
                className: 'infracov-facility-path'},
        onEachFeature: function (f, path) {
          path.bindTooltip(escapeText(layer.title + ' ' + f.properties.id));
        }
      });
    }
    return L.geoJSON(layer.data, {
      pointToLayer: function (f, latlng) {
        return L.marker(latlng, {
          pane: 'infracov-facilities', keyboard: false,
          icon: L.divIcon({className: 'infracov-facility', iconSize: [14, 14],
                           html: shapeSvg(layer.shape, layer.colour, 14, layer.facilityKind)})
        });
      },
      onEachFeature: function (f, marker) {
        marker.bindTooltip(escapeText(layer.title + ' ' + f.properties.id));
      }
    });
  }
  function nearestLayer(layer) {
    return L.geoJSON(layer.data, {
      // Along the roads solid, straight lines dashed: a dash says "as the crow flies".
      style: function (f) {
        return {color: f.properties.colour, weight: 2.5, opacity: 0.9,
                dashArray: f.properties.alongRoads ? null : '5 4', className: 'infracov-nearest'};
      },
      onEachFeature: function (f, path) {
        var p = f.properties;
        var km = (Number(p.length_m) / 1000).toFixed(1) + ' km';
        path.bindTooltip(escapeText(p.villageName + ' (' + p.village + ') → ' + p.kindLabel + ' ' +
                                    p.facility + ': ' + km +
                                    (p.alongRoads ? (zh ? '，沿公路' : ', along the roads')
                                                  : (zh ? '，直线' : ', straight line'))));
      }
    });
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
    } else if (layer.kind === 'facility') {
      drawn = facilityLayer(layer);
    } else if (layer.kind === 'nearest') {
      drawn = nearestLayer(layer);
    } else {
      drawn = L.geoJSON(layer.data, {style: lineStyle});
    }
    overlays[switcherEntry(layer)] = drawn;
    drawnLayers.push({layer: layer, drawn: drawn});
  });
  // Added bottom-up so that villages end on top.
  for (var i = drawnLayers.length - 1; i >= 0; --i) drawnLayers[i].drawn.addTo(map);
  L.control.layers(null, overlays, {collapsed: false}).addTo(map);
  L.control.scale({imperial: false}).addTo(map);
  // Each drawn path names its facility kind, so a reader (or a test) can tell the kinds apart.
  drawnLayers.forEach(function (entry) {
    if (entry.layer.kind !== 'facility' && entry.layer.kind !== 'nearest') return;
    entry.drawn.eachLayer(function (l) {
      var element = l.getElement ? l.getElement() : null;
      if (!element || element.tagName.toLowerCase() !== 'path') return;
      var nearest = entry.layer.kind === 'nearest';
      element.setAttribute('data-kind', nearest ? l.feature.properties.kind
                                                : entry.layer.facilityKind);
      if (nearest) element.setAttribute('data-village', l.feature.properties.village);
    });
  });
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
  status.setAttribute('data-facility-markers',
                      String(document.querySelectorAll('.infracov-facility svg[data-kind]').length));
  status.setAttribute('data-nearest-lines',
                      String(document.querySelectorAll('path.infracov-nearest[data-kind]').length));
  status.setAttribute('data-switcher-entries',
                      String(document.querySelectorAll('.leaflet-control-layers .switcher-entry').length));
  status.setAttribute('data-done', '1');
})();
)";
}

}  // namespace infracov::cli
