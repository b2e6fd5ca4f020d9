#include "infracov/analysis/analyze.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "coverage.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/reader.hpp"

namespace infracov::analysis {
namespace {

constexpr double kRuralAccessDistanceM = 2000.0;  // World Bank's Rural Access Index: 2 km

// The analysis CRS: `auto` is the UTM zone of the villages' centre; anything else must be a
// projected CRS in metres, because every length we report is metres in it.
geo::Crs choose_crs(const Project& project) {
  if (project.crs == "auto") {
    const geo::LayerProbe probe = geo::probe_layer(project.villages);
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

void report_read(const geo::ReadReport& report, const geo::LayerSpec& spec, const Warn& warn,
                 std::vector<std::string>& warnings) {
  auto say = [&](const std::string& message) {
    warnings.push_back(message);
    if (warn) warn(message);
  };
  const std::string where =
      "layer '" + spec.layer + "' in '" + spec.source + "' (" + spec.role + ")";
  if (report.repaired > 0) {
    say(std::to_string(report.repaired) + " invalid geometries repaired with make-valid in " +
        where);
  }
  if (!report.null_or_empty.empty()) {
    std::ostringstream ids;
    for (std::size_t i = 0; i < report.null_or_empty.size() && i < 10; ++i) {
      ids << (i ? ", " : "") << report.null_or_empty[i];
    }
    if (report.null_or_empty.size() > 10) ids << ", ...";
    say(std::to_string(report.null_or_empty.size()) +
        " features with null or empty geometry skipped in " + where + ": FID " + ids.str());
  }
  if (report.wrong_type > 0) {
    say(std::to_string(report.wrong_type) + " features of type " + report.wrong_type_name +
        " skipped in " + where);
  }
}

struct LoadedVillages {
  geo::FeatureTable table;
  std::vector<geo::Geometry> polygons;  // kept for in_village; null geometry for point villages
  VillageShapes shapes;
};

LoadedVillages load_villages(const geo::GeosContext& ctx, const Project& project,
                             const geo::Crs& crs, const Warn& warn,
                             std::vector<std::string>& warnings) {
  geo::LayerSpec spec = project.villages;
  spec.role = "villages";
  spec.fields = {project.village_id};
  if (!project.village_name.empty()) spec.fields.push_back(project.village_name);
  if (!project.village_population.empty()) spec.fields.push_back(project.village_population);
  LoadedVillages out;
  out.table = geo::read_layer(ctx, spec, geo::GeometryClass::kAny, crs);

  // Villages are points or polygons; stray lines are skipped and counted like any stray type.
  std::vector<geo::Feature> kept;
  std::size_t lines = 0;
  for (auto& feature : out.table.features) {
    const auto cls = feature.geometry.geometry_class();
    if (cls == geo::GeometryClass::kPoint || cls == geo::GeometryClass::kPolygon) {
      kept.push_back(std::move(feature));
    } else {
      ++lines;
    }
  }
  if (kept.empty()) {
    throw InputError(
        "no point or polygon villages: layer '" + spec.layer + "' in '" + spec.source +
        "' holds only lines or collections; point [villages] at a point or polygon layer");
  }
  if (lines > 0) {
    out.table.report.wrong_type += lines;
    if (out.table.report.wrong_type_name.empty()) out.table.report.wrong_type_name = "LineString";
  }
  out.table.features = std::move(kept);
  report_read(out.table.report, spec, warn, warnings);

  std::map<std::string, std::int64_t, std::less<>> seen;
  std::vector<std::string> duplicates;
  for (const auto& feature : out.table.features) {
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

  const std::size_t n = out.table.features.size();
  out.polygons.resize(n);
  out.shapes.ids.reserve(n);
  out.shapes.points.reserve(n);
  bool any_polygon = false;
  for (std::size_t i = 0; i < n; ++i) {
    auto& feature = out.table.features[i];
    out.shapes.ids.push_back(geo::to_string(feature.values[0]));
    out.shapes.points.push_back(feature.geometry.point_on_surface());
    if (feature.geometry.geometry_class() == geo::GeometryClass::kPolygon) {
      out.polygons[i] = feature.geometry.clone();
      any_polygon = true;
    }
  }
  if (any_polygon) {
    out.shapes.polygons.resize(n, nullptr);
    for (std::size_t i = 0; i < n; ++i) {
      if (!out.polygons[i].is_null()) out.shapes.polygons[i] = &out.polygons[i];
    }
  }
  return out;
}

RoadLines load_roads(const Project& project, const geo::Crs& crs, const Warn& warn,
                     std::vector<std::string>& warnings) {
  geo::LayerSpec spec = project.roads;
  spec.role = "roads";
  spec.fields.clear();
  if (!project.road_class.empty()) spec.fields.push_back(project.road_class);
  RoadLines lines;
  const geo::ReadReport report = geo::read_lines(
      spec, crs,
      [&](std::int64_t fid, std::vector<geo::FieldValue>&& values,
          std::vector<geo::Polyline>&& parts) {
        const std::string road_class = values.empty() ? std::string() : geo::to_string(values[0]);
        lines.add_feature(fid, road_class, parts);
      });
  report_read(report, spec, warn, warnings);
  return lines;
}

FacilitySet load_facilities(const geo::GeosContext& ctx, const FacilityKind& kind,
                            const geo::Crs& crs, const Warn& warn,
                            std::vector<std::string>& warnings) {
  geo::LayerSpec spec = kind.layer;
  spec.role = kind.name;
  spec.fields.clear();
  if (!kind.id_field.empty()) spec.fields.push_back(kind.id_field);
  if (!kind.village_id_field.empty()) spec.fields.push_back(kind.village_id_field);
  const geo::GeometryClass expected =
      kind.rule == Rule::kWithin ? geo::GeometryClass::kPolygon : geo::GeometryClass::kAny;
  geo::FeatureTable table = geo::read_layer(ctx, spec, expected, crs);
  report_read(table.report, spec, warn, warnings);
  FacilitySet set;
  for (auto& feature : table.features) {
    std::size_t field = 0;
    set.ids.push_back(kind.id_field.empty() ? std::to_string(feature.fid)
                                            : geo::to_string(feature.values[field++]));
    set.village_ids.push_back(
        kind.village_id_field.empty() ? std::string() : geo::to_string(feature.values[field]));
    set.geometries.push_back(std::move(feature.geometry));
  }
  return set;
}

// "lon,lat" or a village id.
SeatSpec resolve_seat(const Project& project, const geo::Crs& crs, const VillageShapes& villages) {
  SeatSpec seat;
  if (project.seat.empty()) return seat;
  for (std::size_t i = 0; i < villages.ids.size(); ++i) {
    if (villages.ids[i] == project.seat) {
      seat.location = villages.points[i];
      return seat;
    }
  }
  const auto comma = project.seat.find(',');
  if (comma != std::string::npos) {
    try {
      std::size_t used_lon = 0;
      std::size_t used_lat = 0;
      const std::string lon_text = project.seat.substr(0, comma);
      const std::string lat_text = project.seat.substr(comma + 1);
      const double lon = std::stod(lon_text, &used_lon);
      const double lat = std::stod(lat_text, &used_lat);
      if (used_lon == lon_text.size() && used_lat == lat_text.size()) {
        const geo::Transform to_analysis(geo::Crs::wgs84(), crs);
        seat.location = to_analysis.apply(geo::Point{lon, lat});
        return seat;
      }
    } catch (const std::logic_error&) {
      // not numbers: fall through to the error below
    }
  }
  throw InputError("unknown seat '" + project.seat + "' in [analysis] of '" +
                   project.file.string() + "': it is neither a village id in field '" +
                   project.village_id + "' nor \"lon,lat\"; give one of those or leave seat out");
}

double round_cm(double value) { return std::round(value * 100.0) / 100.0; }

}  // namespace

std::string to_string(Rule rule) {
  switch (rule) {
    case Rule::kNetwork:
      return "network";
    case Rule::kEuclid:
      return "euclid";
    case Rule::kWithin:
      return "within";
    case Rule::kInVillage:
      return "in_village";
  }
  return "?";
}

std::string value_field_name(const FacilityKind& kind) {
  return kind.name + (kind.max_minutes ? "_minutes" : "_dist_m");
}

AnalysisResult analyze(const geo::GeosContext& ctx, const Project& project,
                       const Progress& progress, const Warn& warn) {
  auto step = [&](double fraction, const std::string& stage) {
    if (progress) progress(fraction, stage);
  };
  AnalysisResult result;
  step(0.0, "choosing the CRS");
  result.crs = choose_crs(project);

  step(0.05, "reading villages");
  LoadedVillages villages = load_villages(ctx, project, result.crs, warn, result.warnings);
  const std::size_t n = villages.shapes.points.size();

  step(0.15, "reading roads");
  RoadLines roads = load_roads(project, result.crs, warn, result.warnings);

  step(0.35, "reading facilities");
  std::vector<FacilitySet> facility_sets;
  facility_sets.reserve(project.facilities.size());
  for (const auto& kind : project.facilities) {
    facility_sets.push_back(load_facilities(ctx, kind, result.crs, warn, result.warnings));
  }

  // Every network kind goes into one graph build: attachments are split into the same graph.
  std::vector<NetworkKind> network_kinds;
  std::vector<std::size_t> network_kind_of(project.facilities.size(), SIZE_MAX);
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    const auto& kind = project.facilities[k];
    if (kind.rule != Rule::kNetwork) continue;
    NetworkKind nk;
    nk.name = kind.name;
    nk.max_m = kind.max_m;
    nk.max_minutes = kind.max_minutes;
    for (const auto& geometry : facility_sets[k].geometries) {
      nk.facilities.push_back(geometry.point_on_surface());
    }
    network_kind_of[k] = network_kinds.size();
    network_kinds.push_back(std::move(nk));
  }

  NetworkOptions options;
  options.snap_m = project.snap_m;
  options.max_access_m = project.max_access_m;
  options.paved_classes = project.paved;
  options.speed_kmh = project.speed_kmh;
  options.access_speed_kmh = project.access_speed_kmh;
  options.service_area_width_m = project.service_area_width_m;

  step(0.45, "building the road network");
  const SeatSpec seat = resolve_seat(project, result.crs, villages.shapes);
  result.network =
      analyze_network(ctx, roads, villages.shapes.points, network_kinds, seat, options);

  step(0.8, "measuring facilities");
  std::vector<std::vector<KindOutcome>> outcomes(project.facilities.size());
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    const auto& kind = project.facilities[k];
    const auto& set = facility_sets[k];
    switch (kind.rule) {
      case Rule::kNetwork: {
        const KindResult& kr = result.network.kinds[network_kind_of[k]];
        const std::optional<double> limit = kind.max_minutes ? kind.max_minutes : kind.max_m;
        auto& out = outcomes[k];
        out.resize(n);
        for (std::size_t v = 0; v < n; ++v) {
          if (!kr.value[v]) continue;
          out[v].value = kr.value[v];
          out[v].nearest = set.ids[*kr.nearest[v]];
          out[v].ok = !limit || *kr.value[v] <= *limit;
        }
        break;
      }
      case Rule::kEuclid:
        outcomes[k] = measure_euclid(ctx, villages.shapes, set, kind.max_m);
        break;
      case Rule::kWithin:
        outcomes[k] = measure_within(ctx, villages.shapes, set);
        break;
      case Rule::kInVillage:
        outcomes[k] = measure_in_village(ctx, villages.shapes, set);
        break;
    }
  }

  // Rows, the `missing` list and the summary counts.
  double population_total = 0.0;
  double population_near_paved = 0.0;
  const bool has_population = !project.village_population.empty();
  result.kinds.resize(project.facilities.size());
  std::vector<double> kind_population(project.facilities.size(), 0.0);
  result.villages.resize(n);
  for (std::size_t v = 0; v < n; ++v) {
    const auto& feature = villages.table.features[v];
    VillageRow& row = result.villages[v];
    std::size_t field = 0;
    row.id = geo::to_string(feature.values[field++]);
    if (!project.village_name.empty()) row.name = geo::to_string(feature.values[field++]);
    if (has_population) row.population = as_integer(feature.values[field++]);
    row.location = villages.shapes.points[v];
    row.network = result.network.villages[v];
    if (std::isfinite(row.network.road_dist_m))
      row.network.road_dist_m = round_cm(row.network.road_dist_m);

    std::string missing;
    auto fail = [&missing](const std::string& check) {
      missing += (missing.empty() ? "" : ";") + check;
    };
    if (!row.network.road_access) fail("road");
    if (!row.network.connected) fail("connectivity");
    const double weight = has_population ? static_cast<double>(row.population.value_or(0)) : 1.0;
    population_total += weight;
    row.kinds.resize(project.facilities.size());
    for (std::size_t k = 0; k < project.facilities.size(); ++k) {
      KindOutcome outcome = outcomes[k][v];
      if (outcome.value) outcome.value = round_cm(*outcome.value);
      if (outcome.ok) {
        ++result.kinds[k].ok;
        kind_population[k] += weight;
      } else {
        ++result.kinds[k].missing;
        fail(project.facilities[k].name);
      }
      row.kinds[k] = std::move(outcome);
    }
    row.missing = std::move(missing);
    if (!row.missing.empty()) ++result.flagged;
    if (row.network.paved_dist_m <= kRuralAccessDistanceM) {
      population_near_paved += weight;
    }
  }
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    result.kinds[k].name = project.facilities[k].name;
    if (population_total > 0.0)
      result.kinds[k].population_share = kind_population[k] / population_total;
  }
  result.rural_access_index =
      population_total > 0.0 ? population_near_paved / population_total : 0.0;
  result.roads = std::move(roads);
  for (auto& set : facility_sets) {
    result.facility_geometries.push_back(std::move(set.geometries));
    result.facility_ids.push_back(std::move(set.ids));
  }
  step(1.0, "done");
  return result;
}

}  // namespace infracov::analysis
