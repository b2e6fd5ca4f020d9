// Writing the output contract of DESIGN.md: results.gpkg, villages.csv and summary.json.
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "infracov/analysis/analyze.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/writer.hpp"

namespace infracov::analysis {
namespace {

using geo::FieldDef;
using geo::FieldType;
using geo::FieldValue;

FieldValue flag(bool value) { return std::int64_t{value ? 1 : 0}; }

FieldValue optional_real(std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return std::monostate{};
  return *value;
}

std::vector<FieldDef> village_fields(const Project& project) {
  std::vector<FieldDef> fields = {
      {"id", FieldType::kString},
      {"name", FieldType::kString},
      {"population", FieldType::kInteger64},
      {"road_dist_m", FieldType::kReal},
      {"road_access", FieldType::kInteger},
      {"component", FieldType::kInteger64},
      {"connected", FieldType::kInteger},
      {"paved_connected", FieldType::kInteger},
      {"single_access", FieldType::kInteger},
  };
  for (const auto& kind : project.facilities) {
    fields.push_back({value_field_name(kind), FieldType::kReal});
    fields.push_back({kind.name + "_nearest", FieldType::kString});
    fields.push_back({kind.name + "_ok", FieldType::kInteger});
  }
  fields.push_back({"missing", FieldType::kString});
  return fields;
}

std::vector<FieldValue> village_values(const VillageRow& row) {
  const VillageNetwork& net = row.network;
  std::vector<FieldValue> values = {
      row.id,
      row.name,
      row.population ? FieldValue{*row.population} : FieldValue{std::monostate{}},
      optional_real(net.road_dist_m),
      flag(net.road_access),
      net.component ? FieldValue{*net.component} : FieldValue{std::monostate{}},
      flag(net.connected),
      flag(net.paved_connected),
      flag(net.single_access),
  };
  for (const auto& kind : row.kinds) {
    values.push_back(optional_real(kind.value));
    values.push_back(kind.nearest.empty() ? FieldValue{std::monostate{}}
                                          : FieldValue{kind.nearest});
    values.push_back(flag(kind.ok));
  }
  values.push_back(row.missing);
  return values;
}

// Rounds to a multiple of `step` (a power of ten) so that JSON shows the short decimal form:
// dividing by the inverse gives the double nearest that decimal, multiplying would not.
double round_to(double value, double step) { return std::round(value / step) / (1.0 / step); }

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
  doc["plans"] = ordered_json::parse(plans_json);
  return doc.dump(2) + "\n";
}

void write_results(const AnalysisResult& result, const Project& project,
                   const std::filesystem::path& dir) {
  const std::vector<FieldDef> fields = village_fields(project);
  {
    geo::DatasetWriter gpkg(dir / "results.gpkg");
    geo::LayerWriter& villages =
        gpkg.create_layer("villages", geo::GeometryClass::kPoint, result.crs, fields);
    for (const auto& row : result.villages) villages.write(village_values(row), row.location);

    geo::LayerWriter& roads = gpkg.create_layer("roads", geo::GeometryClass::kLine, result.crs,
                                                {{"source_fid", FieldType::kInteger64},
                                                 {"class", FieldType::kString},
                                                 {"length_m", FieldType::kReal},
                                                 {"component", FieldType::kInteger64},
                                                 {"bridge", FieldType::kInteger}});
    for (const auto& edge : result.network.roads) {
      roads.write({edge.source_fid, edge.road_class, round_to(edge.length_m, 0.01), edge.component,
                   flag(edge.bridge)},
                  std::vector<geo::Polyline>{edge.geometry});
    }

    geo::LayerWriter& areas =
        gpkg.create_layer("service_areas", geo::GeometryClass::kPolygon, result.crs,
                          {{"kind", FieldType::kString},
                           {"max_m", FieldType::kReal},
                           {"max_minutes", FieldType::kReal}});
    std::size_t network_index = 0;
    for (const auto& kind : project.facilities) {
      if (kind.rule != Rule::kNetwork) continue;
      const KindResult& kr = result.network.kinds[network_index++];
      if (kr.service_area.is_null()) continue;
      areas.write({kind.name, optional_real(kind.max_m), optional_real(kind.max_minutes)},
                  kr.service_area);
    }
    gpkg.close();
  }
  {
    geo::DatasetWriter csv(dir / "villages.csv", "CSV");
    geo::LayerWriter& rows =
        csv.create_layer("villages", geo::GeometryClass::kAny, result.crs, fields);
    const geo::Geometry none;
    for (const auto& row : result.villages) rows.write(village_values(row), none);
    csv.close();
  }
  std::ofstream summary(dir / "summary.json", std::ios::binary);
  summary << summary_json(result, project);
  if (!summary.flush()) {
    throw OutputError("cannot write '" + (dir / "summary.json").string() + "'; check disk space");
  }
}

}  // namespace infracov::analysis
