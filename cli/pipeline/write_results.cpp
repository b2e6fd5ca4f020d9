// The write stage for analyze: results.gpkg (or any driver), villages.csv and summary.json, as
// DESIGN.md's output contract gives them.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <deque>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <set>

#include "infracov/analysis/road_graph.hpp"
#include "infracov/analysis/schema.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/service_area.hpp"
#include "infracov/geo/writer.hpp"
#include "pipeline/write.hpp"

namespace infracov::cli {
namespace {

namespace schema = analysis::schema;
using analysis::AnalysisResult;
using analysis::GraphStats;
using analysis::KindResult;
using analysis::Project;
using analysis::Rule;
using analysis::to_string;
using analysis::VillageNetwork;
using analysis::VillageRow;

using geo::FieldDef;
using geo::FieldType;
using geo::FieldValue;

FieldValue flag(bool value) { return std::int64_t{value ? 1 : 0}; }

FieldValue optional_real(std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return std::monostate{};
  return *value;
}

}  // namespace

std::vector<FieldDef> village_fields(const Project& project) {
  std::vector<FieldDef> fields = {{"id", FieldType::kString}, {"name", FieldType::kString}};
  if (!project.village_group.empty()) {
    fields.push_back({std::string(schema::kGroup), FieldType::kString});
  }
  for (FieldDef field : std::initializer_list<FieldDef>{{"population", FieldType::kInteger64},
                                                        {"road_dist_m", FieldType::kReal},
                                                        {"road_access", FieldType::kInteger},
                                                        {"component", FieldType::kInteger64},
                                                        {"connected", FieldType::kInteger},
                                                        {"paved_connected", FieldType::kInteger},
                                                        {"single_access", FieldType::kInteger}}) {
    fields.push_back(std::move(field));
  }
  for (const auto& kind : project.facilities) {
    fields.push_back({analysis::schema::distance_field(kind), FieldType::kReal});
    fields.push_back({analysis::schema::nearest_field(kind), FieldType::kString});
    fields.push_back({analysis::schema::ok_field(kind), FieldType::kInteger});
  }
  for (std::size_t i = 0; i < project.checklist.size(); ++i) {
    fields.push_back({schema::check_field(i), FieldType::kInteger});
  }
  fields.push_back({std::string(analysis::schema::kMissing), FieldType::kString});
  return fields;
}

std::vector<FieldValue> village_values(const VillageRow& row, const Project& project) {
  const VillageNetwork& net = row.network;
  std::vector<FieldValue> values = {row.id, row.name};
  if (!project.village_group.empty()) values.emplace_back(row.group);
  values.insert(values.end(),
                {
                    row.population ? FieldValue{*row.population} : FieldValue{std::monostate{}},
                    optional_real(net.road_dist_m),
                    flag(net.road_access),
                    net.component ? FieldValue{*net.component} : FieldValue{std::monostate{}},
                    flag(net.connected),
                    flag(net.paved_connected),
                    flag(net.single_access),
                });
  for (const auto& kind : row.kinds) {
    values.push_back(optional_real(kind.value));
    values.push_back(kind.nearest.empty() ? FieldValue{std::monostate{}}
                                          : FieldValue{kind.nearest});
    values.push_back(flag(kind.ok));
  }
  for (const bool check : row.checks) values.push_back(flag(check));
  values.push_back(row.missing);
  return values;
}

std::vector<FieldDef> road_fields(const Project& project) {
  std::vector<FieldDef> fields{{"source_fid", FieldType::kInteger64},
                               {"class", FieldType::kString},
                               {"length_m", FieldType::kReal},
                               {"component", FieldType::kInteger64},
                               {"bridge", FieldType::kInteger},
                               {std::string(schema::kVillagesCutOff), FieldType::kInteger},
                               {std::string(schema::kPeopleCutOff), FieldType::kInteger64},
                               {std::string(schema::kRoutePeople), FieldType::kInteger64}};
  const std::vector<std::size_t> network_index = analysis::network_kind_index(project);
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    if (network_index[k] == SIZE_MAX) continue;
    fields.push_back({schema::route_people_field(project.facilities[k]), FieldType::kInteger64});
  }
  fields.push_back({std::string(schema::kDetourPersonKm), FieldType::kReal});
  fields.push_back({std::string(schema::kDetourMaxKm), FieldType::kReal});
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    if (network_index[k] == SIZE_MAX) continue;
    fields.push_back({schema::lost_field(project.facilities[k]), FieldType::kInteger});
  }
  return fields;
}

std::vector<FieldValue> road_values(const AnalysisResult& result, std::size_t e) {
  const analysis::RoadEdge& edge = result.network.roads[e];
  const analysis::Criticality& c = result.criticality;
  const std::size_t kinds = result.network.kinds.size();
  std::vector<FieldValue> values{edge.source_fid, result.network.road_class(e),
                                 round_to(edge.length_m, 0.01), edge.component, flag(edge.bridge)};
  values.reserve(values.size() + 5 + 2 * kinds);
  // Criticality is empty when its stage did not run: its fields are then null.
  if (e >= c.route_people.size()) {
    values.resize(values.size() + 5 + 2 * kinds);
    return values;
  }
  values.emplace_back(static_cast<std::int64_t>(c.villages_cut_off[e]));
  values.emplace_back(c.people_cut_off[e]);
  values.emplace_back(c.route_people[e]);
  for (const auto& per_kind : c.route_people_kind) values.emplace_back(per_kind[e]);
  const std::uint32_t rank = c.critical_index[e];
  if (rank == UINT32_MAX) {
    values.resize(values.size() + 2 + kinds);  // null: not among the --critical edges
    return values;
  }
  const analysis::CriticalEdge& critical = c.critical[rank];
  values.emplace_back(round_to(critical.detour_person_km, 0.001));
  values.emplace_back(round_to(critical.detour_max_km, 0.001));
  for (const std::uint32_t lost : critical.kind_lost) {
    values.emplace_back(static_cast<std::int64_t>(lost));
  }
  return values;
}

const std::vector<FieldDef>& service_area_fields() {
  static const std::vector<FieldDef> fields{
      {"kind", FieldType::kString}, {"max_m", FieldType::kReal}, {"max_minutes", FieldType::kReal}};
  return fields;
}

std::vector<FieldValue> service_area_values(const analysis::FacilityKind& kind) {
  return {kind.name, optional_real(kind.max_m), optional_real(kind.max_minutes)};
}

namespace {

nlohmann::ordered_json json_value(const FieldValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* text = std::get_if<std::string>(&v)) return *text;
  return nullptr;
}

// DESIGN.md's `criticality`: the 20 road edges cutting off the most people, then the 20 with the
// most detour person-km, each with its roads-layer fields, its fid there and its midpoint.
nlohmann::ordered_json criticality_json(const AnalysisResult& result, const Project& project) {
  using nlohmann::ordered_json;
  constexpr std::size_t kListed = 20;
  const analysis::Criticality& c = result.criticality;
  const std::vector<FieldDef> fields = road_fields(project);
  auto entry = [&](std::size_t e) {
    ordered_json item;
    item["fid"] = e + 1;
    const std::vector<FieldValue> values = road_values(result, e);
    for (std::size_t f = 0; f < fields.size(); ++f) item[fields[f].name] = json_value(values[f]);
    const analysis::RoadEdge& edge = result.network.roads[e];
    const geo::Polyline middle = analysis::cut_polyline(result.network.road_geometry(e),
                                                        edge.length_m / 2.0, edge.length_m / 2.0);
    item["midpoint"] = {round_to(middle.front().x, 0.01), round_to(middle.front().y, 0.01)};
    return item;
  };
  std::vector<std::size_t> cut_off;
  for (std::size_t e = 0; e < c.people_cut_off.size(); ++e) {
    if (c.villages_cut_off[e] > 0) cut_off.push_back(e);
  }
  std::stable_sort(cut_off.begin(), cut_off.end(), [&](std::size_t a, std::size_t b) {
    if (c.people_cut_off[a] != c.people_cut_off[b])
      return c.people_cut_off[a] > c.people_cut_off[b];
    return c.villages_cut_off[a] > c.villages_cut_off[b];
  });
  if (cut_off.size() > kListed) cut_off.resize(kListed);
  std::vector<const analysis::CriticalEdge*> detour;
  for (const analysis::CriticalEdge& edge : c.critical) detour.push_back(&edge);
  std::stable_sort(detour.begin(), detour.end(), [](const auto* a, const auto* b) {
    return a->detour_person_km > b->detour_person_km;
  });
  if (detour.size() > kListed) detour.resize(kListed);
  ordered_json doc;
  doc["critical_edges"] = c.critical.size();
  doc["cut_off"] = ordered_json::array();
  for (const std::size_t e : cut_off) doc["cut_off"].push_back(entry(e));
  doc["detour"] = ordered_json::array();
  for (const auto* edge : detour) doc["detour"].push_back(entry(edge->edge));
  return doc;
}

}  // namespace

std::string summary_json(const AnalysisResult& result, const Project& project,
                         const std::string& plans_json) {
  using nlohmann::ordered_json;
  std::size_t connected = 0;
  std::size_t no_access = 0;
  std::size_t single_access = 0;
  std::size_t paved_connected = 0;
  for (const auto& row : result.villages) {
    connected += row.network.connected ? 1 : 0;
    no_access += row.network.road_access ? 0 : 1;
    single_access += row.network.single_access ? 1 : 0;
    paved_connected += row.network.paved_connected ? 1 : 0;
  }
  const GraphStats& g = result.network.graph;
  ordered_json doc;
  if (!project.scenario.empty()) doc["scenario"] = project.scenario;
  doc["villages"] = result.villages.size();
  doc["crs"] = result.crs.label();
  doc["road"] = {{"components", g.components},
                 {"connected", connected},
                 {"no_access", no_access},
                 {"single_access", single_access},
                 {"paved_connected", paved_connected},
                 {"rural_access_index", round_to(result.rural_access_index, 1e-6)}};
  doc["graph"] = {{"nodes", g.nodes},
                  {"edges", g.edges},
                  {"road_km", round_to(g.road_km, 1e-3)},
                  {"components", g.components},
                  {"bridges", g.bridges},
                  {"snapped_joins", g.snapped_joins},
                  {"dangles_near_lines", g.dangles_near_lines},
                  {"repaired", g.repaired},
                  {"zero_length_segments", g.zero_length_segments},
                  {"duplicate_lines", g.duplicate_lines},
                  {"self_loops", g.self_loops},
                  {"multipart_features", g.multipart_features}};
  ordered_json facilities = ordered_json::object();
  for (std::size_t k = 0; k < result.kinds.size(); ++k) {
    const auto& kind = result.kinds[k];
    ordered_json entry = {{"rule", to_string(project.facilities[k].rule)},
                          {"ok", kind.ok},
                          {"missing", kind.missing}};
    entry["population_share"] = kind.population_share
                                    ? ordered_json(round_to(*kind.population_share, 1e-6))
                                    : ordered_json();
    facilities[kind.name] = std::move(entry);
  }
  doc["facilities"] = std::move(facilities);
  doc["flagged"] = result.flagged;
  if (!project.checklist.empty()) doc["checklist"] = checklist_json(result, project);
  if (!project.village_group.empty()) doc["groups"] = groups_json(result, project);
  doc["criticality"] = criticality_json(result, project);
  doc["plans"] = ordered_json::parse(plans_json);
  // Every data warning of the run, in the order the load stage found them.
  ordered_json warnings = ordered_json::array();
  for (const auto& w : result.warnings) {
    warnings.push_back({{"code", w.code},
                        {"layer", w.layer},
                        {"source", w.source},
                        {"count", w.count},
                        {"fids", w.fids},
                        {"message", w.message}});
  }
  doc["warnings"] = std::move(warnings);
  return doc.dump(2) + "\n";
}

namespace {

std::string ascii_lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// The first `max_bytes` bytes of `text`, cut back to a character boundary.
std::string utf8_prefix(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

bool is_wgs84_format(const std::string& driver) {
  return driver == "KML" || driver == "LIBKML" || driver == "GeoJSON" || driver == "GeoJSONSeq";
}

// Schema names go into SQL quoted, but only plain lower-case identifiers are accepted, so the
// name the user typed is the name PostgreSQL shows.
void check_schema(const std::string& schema) {
  bool plain = !schema.empty() && !(schema[0] >= '0' && schema[0] <= '9');
  for (char c : schema) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (!plain) {
    throw InputError("invalid schema name: '" + schema +
                     "'; use lower-case letters, digits and _ (e.g. --schema coverage)");
  }
}

// Where the result layers go: one dataset, one file per layer, or database tables. Field names
// are shortened here when the driver needs it, and the mapping kept for field_names.csv.
class LayerOutput {
 public:
  LayerOutput(const std::filesystem::path& dir, const ExportOptions& options,
              const geo::Crs& analysis_crs)
      : dir_(dir),
        info_(geo::driver_info(options.database.empty() ? options.driver : "PostgreSQL")),
        analysis_crs_(analysis_crs),
        write_crs_(output_crs(options, analysis_crs)) {
    if (!options.database.empty()) {
      shared_.push_back(geo::DatasetWriter::open_database(options.database));
      if (!options.schema.empty()) {
        check_schema(options.schema);
        shared_.back().execute_sql("CREATE SCHEMA IF NOT EXISTS \"" + options.schema + "\"");
        layer_options_.push_back("SCHEMA=" + options.schema);
      }
      // Tables of an earlier run are replaced, as a folder is with --overwrite.
      layer_options_.push_back("OVERWRITE=YES");
      return;
    }
    if (info_.name == "ESRI Shapefile") layer_options_.push_back("ENCODING=UTF-8");  // the .cpg
    if (info_.name == "CSV") layer_options_.push_back("GEOMETRY=AS_WKT");
    if (info_.multiple_layers) {
      const std::string file = info_.extension.empty() ? "results" : "results." + info_.extension;
      shared_.emplace_back(dir_ / file, info_.name);
      shared_.back().set_threads(options.threads);
    }
  }

  geo::LayerWriter& create(const std::string& name, geo::GeometryClass geometry,
                           std::vector<FieldDef> fields) {
    if (info_.max_field_name > 0) {
      std::vector<std::string> names;
      for (const auto& f : fields) names.push_back(f.name);
      const std::vector<std::string> shortened = short_field_names(names, info_.max_field_name);
      for (std::size_t i = 0; i < fields.size(); ++i) {
        mapping_.push_back({name, fields[i].name, shortened[i]});
        fields[i].name = shortened[i];
      }
    }
    geo::DatasetWriter* writer = nullptr;
    if (!shared_.empty()) {
      writer = &shared_.front();
    } else {
      const std::string file = info_.extension.empty() ? name : name + "." + info_.extension;
      // A per-layer CSV (with WKT) must not replace the plain villages.csv of the contract.
      const bool clash = file == "villages.csv" || file == "summary.json" ||
                         file == "field_names.csv" || file == "groups.csv";
      std::filesystem::path folder = dir_;
      if (clash || in_subfolder_) {
        in_subfolder_ = true;
        folder = dir_ / "layers";
        std::filesystem::create_directories(folder);
      }
      per_layer_.emplace_back(folder / file, info_.name);
      writer = &per_layer_.back();
    }
    return writer->create_layer(name, geometry, analysis_crs_, fields, layer_options_, write_crs_);
  }

  // Whether a table without geometry goes beside the layers: into one dataset that holds several
  // (GeoPackage, a database), never KML, whose features are placemarks. Formats of one file per
  // layer have groups.csv.
  bool holds_tables() const {
    return (info_.multiple_layers || info_.database) && info_.name != "KML" &&
           info_.name != "LIBKML";
  }

  void close() {
    for (auto& w : shared_) w.close();
    for (auto& w : per_layer_) w.close();
    if (mapping_.empty()) return;
    geo::DatasetWriter csv(dir_ / "field_names.csv", "CSV");
    geo::LayerWriter& rows = csv.create_layer("field_names", geo::GeometryClass::kAny, geo::Crs(),
                                              {{"layer", FieldType::kString},
                                               {"field", FieldType::kString},
                                               {"short_name", FieldType::kString}});
    const geo::Geometry none;
    for (const auto& m : mapping_) rows.write({m[0], m[1], m[2]}, none);
    csv.close();
  }

 private:
  std::filesystem::path dir_;
  geo::DriverInfo info_;
  geo::Crs analysis_crs_;
  geo::Crs write_crs_;
  std::vector<std::string> layer_options_;
  std::vector<geo::DatasetWriter> shared_;    // the one dataset holding every layer
  std::deque<geo::DatasetWriter> per_layer_;  // a deque: LayerWriters refer into its elements
  bool in_subfolder_ = false;
  std::vector<std::array<std::string, 3>> mapping_;  // layer, field, short name
};

}  // namespace

geo::Crs output_crs(const ExportOptions& options, const geo::Crs& analysis_crs) {
  if (options.out_crs.known()) return options.out_crs;
  if (options.database.empty() && is_wgs84_format(options.driver)) return geo::Crs::wgs84();
  return analysis_crs;
}

std::vector<std::string> short_field_names(const std::vector<std::string>& names,
                                           std::size_t max_bytes) {
  std::vector<std::string> out(names.size());
  std::set<std::string> taken;  // lower-cased: dBASE field names ignore case
  // Names that already fit are reserved first, so a cut name never takes a real one's spelling.
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].size() <= max_bytes && taken.insert(ascii_lower(names[i])).second) {
      out[i] = names[i];
    }
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!out[i].empty()) continue;
    std::string candidate = utf8_prefix(names[i], max_bytes);
    for (int n = 1; !taken.insert(ascii_lower(candidate)).second; ++n) {
      const std::string suffix = "_" + std::to_string(n);
      candidate = utf8_prefix(names[i], max_bytes - suffix.size()) + suffix;
    }
    out[i] = candidate;
  }
  return out;
}

std::vector<ServiceArea> make_service_areas(const geo::GeosContext& ctx,
                                            const AnalysisResult& result, const Project& project,
                                            unsigned threads) {
  std::vector<ServiceArea> out;
  const std::vector<std::size_t> network_index = analysis::network_kind_index(project);
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    if (network_index[k] == SIZE_MAX) continue;
    const KindResult& kr = result.network.kinds[network_index[k]];
    if (kr.reach.empty()) continue;
    geo::RasterBuffer buffer =
        geo::rasterized_buffered_union(ctx, kr.reach, project.service_area_width_m, threads);
    if (buffer.area.is_null()) continue;
    out.push_back({k, std::move(buffer.area)});
  }
  return out;
}

ServiceAreaJob::ServiceAreaJob(const AnalysisResult& result, const Project& project,
                               unsigned threads)
    : ctx_(std::make_unique<geo::GeosContext>()) {
  auto work = [this, &result, &project, threads] {
    const auto started = std::chrono::steady_clock::now();
    std::vector<ServiceArea> areas = make_service_areas(*ctx_, result, project, threads);
    wall_s_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return areas;
  };
  future_ = std::async(threads > 1 ? std::launch::async : std::launch::deferred, work);
}

ServiceAreaJob::~ServiceAreaJob() {
  // A failed write must not leave the thread running on a result that is going away.
  if (future_.valid()) future_.wait();
}

const std::vector<ServiceArea>& ServiceAreaJob::get() {
  if (!areas_) areas_ = future_.get();
  return *areas_;
}

void write_results(const AnalysisResult& result, const Project& project,
                   const ServiceAreaSource& service_areas, const std::filesystem::path& dir,
                   const ExportOptions& options, const ResultLayer* boundary) {
  const std::vector<FieldDef> fields = village_fields(project);
  // The plain files (villages.csv, groups.csv, summary.json) go on a thread of their own beside
  // the layers (0.3 s of GDAL's CSV driver on a province). A failure in either reaches the
  // caller: the layers' by their throw (the future's destructor waits for the files), the files'
  // by get() below.
  auto plain_files = [&] {
    {
      geo::DatasetWriter csv(dir / "villages.csv", "CSV");
      geo::LayerWriter& rows =
          csv.create_layer("villages", geo::GeometryClass::kAny, result.crs, fields);
      const geo::Geometry none;
      for (const auto& row : result.villages) rows.write(village_values(row, project), none);
      csv.close();
    }
    write_groups_csv(result, project, dir);
    std::ofstream summary(dir / "summary.json", std::ios::binary);
    summary << summary_json(result, project);
    if (!summary.flush()) {
      throw geo::write_failed("cannot write '" + (dir / "summary.json").string() + "'",
                              dir / "summary.json");
    }
  };
  std::future<void> plain =
      std::async(options.threads > 1 ? std::launch::async : std::launch::deferred, plain_files);
  LayerOutput out(dir, options, result.crs);
  geo::LayerWriter& villages =
      out.create(std::string(analysis::schema::kVillages), geo::GeometryClass::kPoint, fields);
  for (const auto& row : result.villages)
    villages.write(village_values(row, project), row.location);

  geo::LayerWriter& roads = out.create(std::string(analysis::schema::kRoads),
                                       geo::GeometryClass::kLine, road_fields(project));
  for (std::size_t e = 0; e < result.network.roads.size(); ++e) {
    const auto geometry = result.network.road_geometry(e);
    roads.write(road_values(result, e),
                std::vector<geo::Polyline>{geo::Polyline(geometry.begin(), geometry.end())});
  }
  roads.done();  // its spatial index is packed while the other layers go in

  geo::LayerWriter& areas = out.create(std::string(analysis::schema::kServiceAreas),
                                       geo::GeometryClass::kPolygon, service_area_fields());
  for (const ServiceArea& area : service_areas()) {
    areas.write(service_area_values(project.facilities[area.kind]), area.area);
  }
  if (!project.village_group.empty() && out.holds_tables()) {
    geo::LayerWriter& groups =
        out.create(std::string(schema::kGroups), geo::GeometryClass::kAny, group_fields(project));
    const geo::Geometry none;
    for (const analysis::GroupSummary& group : result.groups) {
      groups.write(group_values(group), none);
    }
  }

  // Each kind's facilities as used: every layer in the writer's batched transactions, so 18,000
  // clinics cost two commits.
  for (std::size_t k = 0; k < project.facilities.size() && k < result.facilities.size(); ++k) {
    const analysis::FacilityFeatures& features = result.facilities[k];
    geo::LayerWriter& layer =
        out.create(schema::facilities_layer(project.facilities[k]), features.geometry_class,
                   facility_fields(project.facilities[k]));
    const bool points = features.geometry_class == geo::GeometryClass::kPoint;
    for (std::size_t i = 0; i < features.size(); ++i) {
      if (points) {
        layer.write(facility_values(features, i), features.points[i]);
      } else {
        layer.write(facility_values(features, i), features.geometries[i]);
      }
    }
  }
  geo::LayerWriter& nearest = out.create(std::string(schema::kNearestFacility),
                                         geo::GeometryClass::kLine, nearest_fields());
  for (const analysis::NearestLine& line : result.nearest_lines) {
    nearest.write(nearest_values(result, project, line), std::vector<geo::Polyline>{line.line});
  }
  if (boundary != nullptr) {
    geo::LayerWriter& layer = out.create(std::string(schema::kBoundary), boundary_class(*boundary),
                                         boundary_fields(*boundary));
    for (const auto& f : boundary->table.features) layer.write(f.values, f.geometry);
  }
  out.close();
  plain.get();
}

}  // namespace infracov::cli
