// The facilities_K and boundary layers' fields and values, one definition for results.gpkg, the
// map, the report and the QGIS styles.
#include <cmath>

#include "infracov/analysis/schema.hpp"
#include "pipeline/write.hpp"

namespace infracov::cli {

std::vector<geo::FieldDef> facility_fields(const analysis::FacilityKind& kind) {
  namespace schema = analysis::schema;
  std::vector<geo::FieldDef> fields{{"id", geo::FieldType::kString},
                                    {std::string(schema::kAccessM), geo::FieldType::kReal}};
  if (kind.rule == analysis::Rule::kNetwork) {
    fields.push_back({std::string(schema::kVillagesServed), geo::FieldType::kInteger64});
  }
  return fields;
}

std::vector<geo::FieldValue> facility_values(const analysis::FacilityFeatures& features,
                                             std::size_t i) {
  std::vector<geo::FieldValue> values{features.ids[i], std::monostate{}};
  if (const auto& access = features.access_m[i]; access && std::isfinite(*access)) {
    values[1] = *access;
  }
  if (!features.villages_served.empty()) values.emplace_back(features.villages_served[i]);
  return values;
}

const std::vector<geo::FieldDef>& nearest_fields() {
  namespace schema = analysis::schema;
  static const std::vector<geo::FieldDef> fields{
      {std::string(schema::kVillageId), geo::FieldType::kString},
      {std::string(schema::kKind), geo::FieldType::kString},
      {std::string(schema::kFacilityId), geo::FieldType::kString},
      {std::string(schema::kAlongRoads), geo::FieldType::kInteger},
      {std::string(schema::kLengthM), geo::FieldType::kReal}};
  return fields;
}

std::vector<geo::FieldValue> nearest_values(const analysis::AnalysisResult& result,
                                            const analysis::Project& project,
                                            const analysis::NearestLine& line) {
  double length_m = 0.0;
  for (std::size_t i = 1; i < line.line.size(); ++i) {
    length_m +=
        std::hypot(line.line[i].x - line.line[i - 1].x, line.line[i].y - line.line[i - 1].y);
  }
  const analysis::VillageRow& row = result.villages[line.village];
  return {row.id, project.facilities[line.kind].name, row.kinds[line.kind].nearest,
          std::int64_t{line.along_roads ? 1 : 0}, std::round(length_m * 100.0) / 100.0};
}

std::string layer_geometry_type(geo::GeometryClass geometry) {
  switch (geometry) {
    case geo::GeometryClass::kLine:
      return "MultiLineString";
    case geo::GeometryClass::kPolygon:
      return "MultiPolygon";
    case geo::GeometryClass::kPoint:
    case geo::GeometryClass::kAny:
      break;
  }
  return "Point";
}

geo::Geometry facility_geometry(const geo::GeosContext& ctx,
                                const analysis::FacilityFeatures& features, std::size_t i) {
  if (features.geometry_class == geo::GeometryClass::kPoint) {
    return geo::Geometry::point(ctx, features.points[i]);
  }
  return features.geometries[i].clone();
}

geo::GeometryClass boundary_class(const ResultLayer& boundary) {
  for (const auto& f : boundary.table.features) {
    const geo::GeometryClass c = f.geometry.geometry_class();
    if (c != geo::GeometryClass::kAny) return c;
  }
  return geo::GeometryClass::kPolygon;
}

std::vector<geo::FieldDef> boundary_fields(const ResultLayer& boundary) {
  // Types from the values read (the first non-null one of each field), so the layer keeps its
  // attributes as it had them; a field that is null throughout is text.
  std::vector<geo::FieldDef> fields;
  for (std::size_t i = 0; i < boundary.fields.size(); ++i) {
    geo::FieldDef def{boundary.fields[i], geo::FieldType::kString};
    for (const auto& f : boundary.table.features) {
      if (i >= f.values.size() || std::holds_alternative<std::monostate>(f.values[i])) continue;
      if (std::holds_alternative<std::int64_t>(f.values[i])) def.type = geo::FieldType::kInteger64;
      if (std::holds_alternative<double>(f.values[i])) def.type = geo::FieldType::kReal;
      break;
    }
    fields.push_back(std::move(def));
  }
  return fields;
}

}  // namespace infracov::cli
