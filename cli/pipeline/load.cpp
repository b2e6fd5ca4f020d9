// The load stage (see load.hpp). Messages name the file, the layer, the feature and the fix.
#include "pipeline/load.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <sstream>

#include "infracov/geo/error.hpp"
#include "infracov/geo/reader.hpp"
#include "pipeline/input_checks.hpp"

namespace infracov::cli {
namespace {

using analysis::DataWarning;
using analysis::Project;

// The analysis CRS: `auto` is the UTM zone of the villages' centre; anything else must be a
// projected CRS in metres, because every length we report is metres in it.
geo::Crs choose_crs(const Project& project) {
  if (project.crs == "auto") {
    const geo::LayerProbe probe = geo::probe_layer(project.villages);
    // An empty layer is named as such, not as a CRS problem the user cannot fix by setting crs.
    if (probe.feature_count == 0) {
      const std::string layer =
          project.villages.layer.empty() ? "" : "'" + project.villages.layer + "' in ";
      throw InputError("empty layer: " + layer + "'" + project.villages.source +
                       "' for villages has no features; point villages at a layer with point or "
                       "polygon features");
    }
    if (probe.extent_lonlat.empty()) {
      throw InputError(
          "cannot choose a CRS: layer '" + project.villages.layer + "' in '" +
          project.villages.source +
          "' has no extent; set [analysis] crs to a projected CRS such as \"EPSG:32651\"");
    }
    const geo::Point centre = probe.extent_lonlat.centre();
    return geo::Crs::utm_for(centre.x, centre.y);
  }
  geo::Crs crs = geo::Crs::from_user(project.crs, "[analysis] crs");
  if (!crs.is_projected_metres()) {
    throw CrsError("analysis CRS '" + project.crs + "' in '" + project.file.string() +
                   "' is not projected in metres; use \"auto\" or a projected CRS such as "
                   "\"EPSG:4550\"");
  }
  return crs;
}

std::optional<std::int64_t> as_integer(const geo::FieldValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) {
    if (std::isfinite(*d)) return static_cast<std::int64_t>(std::llround(*d));
  }
  if (const auto* s = std::get_if<std::string>(&value)) {
    std::int64_t parsed = 0;
    const auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), parsed);
    if (ec == std::errc() && ptr == s->data() + s->size()) return parsed;
  }
  return std::nullopt;
}

// "FID 3, 7, ..." for the first FIDs of `count` features.
std::string fid_list(const std::vector<std::int64_t>& fids, std::size_t count) {
  std::string out = fids.empty() ? "" : ": FID ";
  for (std::size_t i = 0; i < fids.size(); ++i) out += (i ? ", " : "") + std::to_string(fids[i]);
  if (!fids.empty() && count > fids.size()) out += ", ...";
  return out;
}

// Turns what the reader fixed or skipped into warnings, in a fixed order: repaired, null or
// empty, other type. Each lists the first ReadReport::kListedFids FIDs.
void report_read(const geo::ReadReport& report, const geo::LayerSpec& spec, const WarningSink& warn,
                 std::vector<DataWarning>& warnings) {
  constexpr std::size_t kListed = geo::ReadReport::kListedFids;
  const std::string layer = report.layer.empty() ? spec.layer : report.layer;
  // The source as the project file gives it: summary.json then reads the same on every machine.
  const std::string& source = spec.shown_source();
  const std::string where = "layer '" + layer + "' in '" + source + "' (" + spec.role + ")";
  auto say = [&](std::string code, std::size_t count, std::vector<std::int64_t> fids,
                 const std::string& what) {
    if (fids.size() > kListed) fids.resize(kListed);
    std::string message = std::to_string(count) + " " + what + " in " + where;
    message += fid_list(fids, count);
    DataWarning w{std::move(code), layer, source, count, std::move(fids), std::move(message)};
    if (warn) warn(w);
    warnings.push_back(std::move(w));
  };
  if (report.repaired > 0) {
    say("repaired", report.repaired, report.repaired_fids,
        "invalid geometries repaired with make-valid");
  }
  if (!report.null_or_empty.empty()) {
    say("null_geometry", report.null_or_empty.size(), report.null_or_empty,
        "features with null or empty geometry skipped");
  }
  if (report.wrong_type > 0) {
    say("other_type", report.wrong_type, report.wrong_type_fids,
        "features of type " + report.wrong_type_name + " skipped");
  }
}

analysis::VillageLayer load_villages(const geo::GeosContext& ctx, const Project& project,
                                     const geo::Crs& crs, const WarningSink& warn,
                                     std::vector<DataWarning>& warnings) {
  geo::LayerSpec spec = project.villages;
  spec.role = "villages";
  spec.fields = {project.village_id};
  if (!project.village_name.empty()) spec.fields.push_back(project.village_name);
  if (!project.village_population.empty()) spec.fields.push_back(project.village_population);
  if (!project.village_group.empty()) spec.fields.push_back(project.village_group);
  geo::ReadOptions options;
  options.usable = {geo::GeometryClass::kPoint, geo::GeometryClass::kPolygon};
  geo::FeatureTable table = geo::read_layer(ctx, spec, geo::GeometryClass::kAny, crs, options);

  // Villages are points or polygons; stray lines are skipped and counted like any stray type.
  std::vector<geo::Feature> kept;
  std::size_t lines = 0;
  std::vector<std::int64_t> line_fids;
  for (auto& feature : table.features) {
    const auto cls = feature.geometry.geometry_class();
    if (cls == geo::GeometryClass::kPoint || cls == geo::GeometryClass::kPolygon) {
      kept.push_back(std::move(feature));
    } else {
      if (lines < geo::ReadReport::kListedFids) line_fids.push_back(feature.fid);
      ++lines;
    }
  }
  if (kept.empty()) {
    throw InputError("no point or polygon features: layer '" + table.report.layer + "' in '" +
                     spec.source + "' for villages holds " + std::to_string(lines) +
                     " line features, not points or polygons; point villages at a layer of "
                     "points or polygons");
  }
  if (lines > 0) {
    table.report.wrong_type += lines;
    for (const std::int64_t fid : line_fids) {
      if (table.report.wrong_type_fids.size() < geo::ReadReport::kListedFids) {
        table.report.wrong_type_fids.push_back(fid);
      }
    }
    if (table.report.wrong_type_name.empty()) table.report.wrong_type_name = "LineString";
  }
  table.features = std::move(kept);
  report_read(table.report, spec, warn, warnings);

  std::map<std::string, std::int64_t, std::less<>> seen;
  std::vector<std::string> duplicates;
  for (const auto& feature : table.features) {
    const std::string id = geo::to_string(feature.values[0]);
    if (id.empty()) {
      throw InputError("empty village id: field '" + project.village_id + "' of feature " +
                       std::to_string(feature.fid) + " in layer '" + spec.layer + "' of '" +
                       spec.source + "'; give every village a unique id");
    }
    if (!seen.emplace(id, feature.fid).second && duplicates.size() < 5) duplicates.push_back(id);
  }
  if (!duplicates.empty()) {
    std::string list;
    for (const auto& d : duplicates) list += (list.empty() ? "'" : ", '") + d + "'";
    throw InputError(
        "duplicate village ids: " + list + " in field '" + project.village_id + "' of layer '" +
        spec.layer + "' in '" + spec.source +
        "'; village ids must be unique (choose another [villages] id field or fix the data)");
  }

  analysis::VillageLayer out;
  const std::size_t n = table.features.size();
  out.ids.reserve(n);
  out.names.reserve(n);
  out.populations.reserve(n);
  out.points.reserve(n);
  if (!project.village_group.empty()) out.groups.reserve(n);
  bool any_polygon = false;
  for (const auto& feature : table.features) {
    any_polygon = any_polygon || feature.geometry.geometry_class() == geo::GeometryClass::kPolygon;
  }
  if (any_polygon) out.polygons.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto& feature = table.features[i];
    std::size_t field = 0;
    out.ids.push_back(geo::to_string(feature.values[field++]));
    out.names.push_back(project.village_name.empty() ? std::string()
                                                     : geo::to_string(feature.values[field++]));
    out.populations.push_back(
        project.village_population.empty() ? std::nullopt : as_integer(feature.values[field++]));
    // Villages with no group value make up the group "", reported like any other.
    if (!project.village_group.empty())
      out.groups.push_back(geo::to_string(feature.values[field++]));
    out.points.push_back(feature.geometry.point_on_surface());
    if (feature.geometry.geometry_class() == geo::GeometryClass::kPolygon) {
      out.polygons[i] = std::move(feature.geometry);
    }
  }
  return out;
}

// How near an added road's or a pave line's end must lie to the inside of a road to get a vertex
// there: plans place a link's end (a paving piece's end) on the road exactly; a centimetre covers
// the rounding of a round trip through a file.
constexpr double kJunctionToleranceM = 0.01;

// Whether a scenario's added layer holds any feature. A plan with nothing to build writes its
// layer empty; applying it builds nothing, which is no error (a misspelt layer still is: probing
// it fails).
bool holds_features(const geo::LayerSpec& spec) {
  return geo::probe_layer(spec).feature_count != 0;
}

// Reads a scenario's works layer (added roads or pave lines) into `lines` as classless features,
// keeping each part's two ends in `ends` (they may need a junction on a road) and calling
// `each_feature` after each one; returns GDAL's read report.
template <class EachFeature>
geo::ReadReport read_works(const geo::LayerSpec& spec, const geo::Crs& crs,
                           analysis::RoadLines& lines, std::vector<geo::Point>& ends,
                           EachFeature&& each_feature) {
  return geo::read_lines(
      spec, crs,
      [&](std::int64_t fid, std::vector<geo::FieldValue>&&, std::vector<geo::Polyline>&& parts) {
        for (const geo::Polyline& part : parts) {
          ends.push_back(part.front());
          ends.push_back(part.back());
        }
        lines.add_feature(fid, "", parts);
        each_feature();
      });
}

// A scenario's pave lines, after every road (RoadLines::first_pave_feature). Each must lie on the
// roads within snap_m, the project's own "same place" distance: a plan's paving_upgrades are
// pieces of road edges, so they pass exactly; a line drawn beside the road is refused rather than
// paving a road that is not there. An end on the middle of a paved road gets a vertex there (as
// added roads do), so the paved graph joins them.
void append_pave_lines(const Project& project, const geo::Crs& crs, analysis::RoadLines& lines,
                       const WarningSink& warn, std::vector<DataWarning>& warnings) {
  if (project.pave.empty()) return;
  const std::size_t road_parts = lines.part_count();
  lines.first_pave_feature = static_cast<std::uint32_t>(lines.feature_fid.size());
  std::vector<geo::Point> ends;
  std::vector<std::size_t> layer_of;     // per pave feature, its index in project.pave
  std::vector<std::string> layer_names;  // as read (a source without a layer name has one)
  for (std::size_t l = 0; l < project.pave.size(); ++l) {
    geo::LayerSpec spec = project.pave[l];
    layer_names.push_back(spec.layer);
    if (!holds_features(spec)) continue;
    spec.role = "pave (scenario)";
    spec.fields.clear();
    const geo::ReadReport report =
        read_works(spec, crs, lines, ends, [&] { layer_of.push_back(l); });
    report_read(report, spec, warn, warnings);
    if (!report.layer.empty()) layer_names.back() = report.layer;
  }
  const auto off = analysis::pave_off_road(lines, project.snap_m);
  if (!off.empty()) {
    const std::uint32_t f = off.front().feature;
    const std::size_t l = layer_of[f - lines.first_pave_feature];
    std::ostringstream snap;
    snap << project.snap_m;
    throw InputError("pave line FID " + std::to_string(lines.feature_fid[f]) + " of layer '" +
                     layer_names[l] + "' in '" + project.pave[l].source + "' lies " +
                     std::to_string(static_cast<long long>(std::ceil(off.front().distance_m))) +
                     " m off every road (snap_m = " + snap.str() +
                     "); pave only lines drawn on existing roads, such as a plan's "
                     "paving_upgrades, or add new roads with add_roads");
  }
  analysis::insert_junctions(lines, road_parts, ends, kJunctionToleranceM);
}

analysis::RoadLines load_roads(const Project& project, const geo::Crs& crs, const WarningSink& warn,
                               std::vector<DataWarning>& warnings, std::string& layer_read) {
  geo::LayerSpec spec = project.roads;
  spec.role = "roads";
  spec.fields.clear();
  if (!project.road_class.empty()) spec.fields.push_back(project.road_class);
  analysis::RoadLines lines;
  const geo::ReadReport report = geo::read_lines(
      spec, crs,
      [&](std::int64_t fid, std::vector<geo::FieldValue>&& values,
          std::vector<geo::Polyline>&& parts) {
        const std::string road_class = values.empty() ? std::string() : geo::to_string(values[0]);
        lines.add_feature(fid, road_class, parts);
      });
  report_read(report, spec, warn, warnings);
  lines.repaired = report.repaired;
  layer_read = report.layer.empty() ? spec.layer : report.layer;
  // A scenario's added roads, applied as built: each one that ends on the middle of a road gets a
  // vertex there, so the node rule joins them (as a plan's ends_mid_line says).
  const std::size_t base_parts = lines.part_count();
  std::vector<geo::Point> ends;
  for (geo::LayerSpec extra : project.added_roads) {
    if (!holds_features(extra)) continue;
    extra.role = "roads (added by the scenario)";
    extra.fields.clear();
    const geo::ReadReport more = read_works(extra, crs, lines, ends, [] {});
    report_read(more, extra, warn, warnings);
    lines.repaired += more.repaired;
  }
  analysis::insert_junctions(lines, base_parts, ends, kJunctionToleranceM);
  append_pave_lines(project, crs, lines, warn, warnings);
  return lines;
}

analysis::FacilityLayer load_facilities(const geo::GeosContext& ctx,
                                        const analysis::FacilityKind& kind, const geo::Crs& crs,
                                        const WarningSink& warn,
                                        std::vector<DataWarning>& warnings) {
  geo::LayerSpec spec = kind.layer;
  spec.role = kind.name;
  spec.fields.clear();
  if (!kind.id_field.empty()) spec.fields.push_back(kind.id_field);
  if (!kind.village_id_field.empty()) spec.fields.push_back(kind.village_id_field);
  const geo::GeometryClass expected = kind.rule == analysis::Rule::kWithin
                                          ? geo::GeometryClass::kPolygon
                                          : geo::GeometryClass::kAny;
  geo::ReadOptions options;
  options.allow_empty = true;  // a county may truly have none yet
  geo::FeatureTable table = geo::read_layer(ctx, spec, expected, crs, options);
  report_read(table.report, spec, warn, warnings);
  if (table.features.empty()) {
    const std::string layer = table.report.layer.empty() ? spec.layer : table.report.layer;
    const std::string filtered =
        spec.where.empty() ? std::string() : " matching where '" + spec.where + "'";
    DataWarning w{"empty_layer",
                  layer,
                  spec.source,
                  0,
                  {},
                  "no " + kind.name + " in layer '" + layer + "' in '" + spec.source + "'" +
                      filtered + ": every village misses " + kind.name +
                      "; if that is wrong, point [facilities." + kind.name +
                      "] at the layer that holds them"};
    if (warn) warn(w);
    warnings.push_back(std::move(w));
  }
  analysis::FacilityLayer set;
  for (auto& feature : table.features) {
    std::size_t field = 0;
    set.ids.push_back(kind.id_field.empty() ? std::to_string(feature.fid)
                                            : geo::to_string(feature.values[field++]));
    set.village_ids.push_back(
        kind.village_id_field.empty() ? std::string() : geo::to_string(feature.values[field]));
    set.geometries.push_back(std::move(feature.geometry));
  }
  // A scenario's added layers: built as if they stood there (plan sites, new wells).
  for (geo::LayerSpec extra : kind.added) {
    if (!holds_features(extra)) continue;
    extra.role = kind.name + " (added by the scenario)";
    geo::FeatureTable more = geo::read_layer(ctx, extra, expected, crs);
    report_read(more.report, extra, warn, warnings);
    const std::string prefix = (more.report.layer.empty() ? extra.layer : more.report.layer) + ":";
    for (auto& feature : more.features) {
      set.ids.push_back(prefix + std::to_string(feature.fid));
      set.village_ids.emplace_back();
      set.geometries.push_back(std::move(feature.geometry));
    }
  }
  return set;
}

// "lon,lat" or a village id.
analysis::SeatSpec resolve_seat(const Project& project, const geo::Crs& crs,
                                const analysis::VillageLayer& villages) {
  analysis::SeatSpec seat;
  if (project.seat.empty()) return seat;
  for (std::size_t i = 0; i < villages.size(); ++i) {
    if (villages.ids[i] == project.seat) {
      seat.location = villages.points[i];
      return seat;
    }
  }
  const auto comma = project.seat.find(',');
  if (comma != std::string::npos) {
    // Leading blanks and a '+' are allowed ("123.0, +43.5"), as people type them.
    auto number_text = [](std::string text) {
      const auto start = text.find_first_not_of(" \t");
      text = start == std::string::npos ? std::string() : text.substr(start);
      if (!text.empty() && text.front() == '+') text.erase(0, 1);
      return text;
    };
    const std::string lon_text = number_text(project.seat.substr(0, comma));
    const std::string lat_text = number_text(project.seat.substr(comma + 1));
    double lon = 0.0;
    double lat = 0.0;
    const auto lon_end = lon_text.data() + lon_text.size();
    const auto lat_end = lat_text.data() + lat_text.size();
    const auto [lon_ptr, lon_ec] = std::from_chars(lon_text.data(), lon_end, lon);
    const auto [lat_ptr, lat_ec] = std::from_chars(lat_text.data(), lat_end, lat);
    if (lon_ec == std::errc() && lat_ec == std::errc() && lon_ptr == lon_end &&
        lat_ptr == lat_end) {
      // from_chars reads "nan" and "inf" too: a seat must be a place on the Earth.
      if (!(std::abs(lon) <= 180.0) || !(std::abs(lat) <= 90.0)) {
        throw InputError("seat '" + project.seat + "' in [analysis] of '" + project.file.string() +
                         "' is no place on the Earth (longitude " + lon_text + ", latitude " +
                         lat_text +
                         "); give \"lon,lat\" in degrees, longitude first, e.g. \"122.35,43.0\"");
      }
      const geo::Transform to_analysis(geo::Crs::wgs84(), crs);
      seat.location = to_analysis.apply(geo::Point{lon, lat});
      return seat;
    }
  }
  throw InputError("unknown seat '" + project.seat + "' in [analysis] of '" +
                   project.file.string() + "': it is neither a village id in field '" +
                   project.village_id + "' nor \"lon,lat\"; give one of those or leave seat out");
}

}  // namespace

analysis::Inputs load_inputs(const geo::GeosContext& ctx, const Project& project,
                             const WarningSink& warn) {
  analysis::Inputs in;
  in.crs = choose_crs(project);
  in.villages = load_villages(ctx, project, in.crs, warn, in.warnings);
  in.roads = load_roads(project, in.crs, warn, in.warnings, in.roads_layer);
  check_villages_spread(project, in.villages);
  check_villages_meet_roads(project, in.villages, in.roads);
  in.facilities.reserve(project.facilities.size());
  for (const auto& kind : project.facilities) {
    in.facilities.push_back(load_facilities(ctx, kind, in.crs, warn, in.warnings));
  }
  in.seat = resolve_seat(project, in.crs, in.villages);
  return in;
}

geo::Geometry load_polygons(const geo::GeosContext& ctx, geo::LayerSpec spec,
                            const std::string& role, const geo::Crs& crs) {
  spec.role = role;
  geo::FeatureTable table = geo::read_layer(ctx, spec, geo::GeometryClass::kPolygon, crs);
  std::vector<geo::Geometry> parts;
  for (auto& feature : table.features) parts.push_back(std::move(feature.geometry));
  return geo::Geometry::union_all(ctx, std::move(parts));
}

PointLayer load_points(const geo::GeosContext& ctx, geo::LayerSpec spec, const std::string& role,
                       const geo::Crs& crs) {
  spec.role = role;
  const geo::FeatureTable table = geo::read_layer(ctx, spec, geo::GeometryClass::kPoint, crs);
  PointLayer out;
  for (const auto& feature : table.features) {
    out.points.push_back(feature.geometry.point_on_surface());
    out.ids.push_back(std::to_string(feature.fid));
  }
  return out;
}

std::optional<DataWarning> dangles_warning(const Project& project, const analysis::Inputs& inputs,
                                           const analysis::GraphStats& graph) {
  const analysis::RoadLines& roads = inputs.roads;
  if (graph.dangles_near_lines == 0) return std::nullopt;
  std::vector<std::int64_t> fids;
  for (const std::uint32_t feature : graph.dangle_features) {
    if (feature < roads.feature_fid.size()) fids.push_back(roads.feature_fid[feature]);
  }
  std::sort(fids.begin(), fids.end());
  fids.erase(std::unique(fids.begin(), fids.end()), fids.end());
  const std::size_t roads_concerned = fids.size();
  if (fids.size() > geo::ReadReport::kListedFids) fids.resize(geo::ReadReport::kListedFids);
  const std::size_t count = graph.dangles_near_lines;
  // The source as the project file gives it, as in every read warning (report_read).
  const std::string& source = project.roads.shown_source();
  std::string message =
      std::to_string(count) + " road end" + (count == 1 ? "" : "s") +
      " stop within 10 m of another road without joining it (possible gaps in the data: what "
      "lies beyond may look cut off) in layer '" +
      inputs.roads_layer + "' in '" + source + "' (roads)" + fid_list(fids, roads_concerned) +
      "; look at them in QGIS and move an end onto the road it should join";
  return DataWarning{"dangles", inputs.roads_layer, source,
                     count,     std::move(fids),    std::move(message)};
}

}  // namespace infracov::cli
