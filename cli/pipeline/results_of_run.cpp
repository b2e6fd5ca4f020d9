// results_of_run: the map's and the report's view of a run, from the in-memory result.
#include <algorithm>

#include "infracov/analysis/schema.hpp"
#include "pipeline/write.hpp"

namespace infracov::cli {
namespace {

std::vector<std::string> names(const std::vector<geo::FieldDef>& fields) {
  std::vector<std::string> out;
  for (const auto& field : fields) out.push_back(field.name);
  return out;
}

ResultLayer layer_of(std::string_view name, std::string geometry_type,
                     const std::vector<geo::FieldDef>& fields, const geo::Crs& crs) {
  ResultLayer layer;
  layer.name = std::string(name);
  layer.geometry_type = std::move(geometry_type);
  layer.fields = names(fields);
  layer.table.source_crs = crs;
  return layer;
}

}  // namespace

Results results_of_run(const analysis::AnalysisResult& result, const analysis::Project& project,
                       const std::vector<ServiceArea>& service_areas,
                       const std::vector<analysis::PlanOutput>& plans,
                       const ResultLayer* boundary) {
  namespace schema = analysis::schema;
  Results results;
  results.ctx = std::make_unique<geo::GeosContext>();
  const geo::GeosContext& ctx = *results.ctx;
  results.crs = result.crs;
  // As read_results does: layers without features are left out (nothing to draw from them).
  auto keep = [&results](ResultLayer layer) {
    if (!layer.table.features.empty()) results.layers.emplace(layer.name, std::move(layer));
  };

  ResultLayer villages = layer_of(schema::kVillages, "Point", village_fields(project), result.crs);
  std::int64_t fid = 1;
  for (const auto& row : result.villages) {
    villages.table.features.push_back(
        {fid++, village_values(row, project), geo::Geometry::point(ctx, row.location)});
  }
  keep(std::move(villages));

  ResultLayer roads = layer_of(schema::kRoads, "MultiLineString", road_fields(project), result.crs);
  fid = 1;
  for (std::size_t e = 0; e < result.network.roads.size(); ++e) {
    roads.table.features.push_back(
        {fid++, road_values(result, e), geo::Geometry::line(ctx, result.network.road_geometry(e))});
  }
  keep(std::move(roads));

  ResultLayer areas =
      layer_of(schema::kServiceAreas, "MultiPolygon", service_area_fields(), result.crs);
  fid = 1;
  for (const ServiceArea& area : service_areas) {
    areas.table.features.push_back(
        {fid++, service_area_values(project.facilities[area.kind]), area.area.clone()});
  }
  keep(std::move(areas));

  for (const auto& plan : plans) {
    for (const auto& layer : plan.layers) {
      const bool points = layer.geometry == geo::GeometryClass::kPoint;
      ResultLayer out =
          layer_of(layer.name, points ? "Point" : "MultiLineString", layer.fields, result.crs);
      for (std::size_t i = 0; i < layer.rows.size(); ++i) {
        out.table.features.push_back({static_cast<std::int64_t>(i + 1), layer.rows[i],
                                      points ? geo::Geometry::point(ctx, layer.points[i])
                                             : geo::Geometry::line(ctx, layer.lines[i])});
      }
      keep(std::move(out));
    }
  }
  for (std::size_t k = 0; k < project.facilities.size() && k < result.facilities.size(); ++k) {
    const analysis::FacilityFeatures& features = result.facilities[k];
    results.facility_kinds.push_back(project.facilities[k].name);
    ResultLayer out = layer_of(schema::facilities_layer(project.facilities[k]),
                               layer_geometry_type(features.geometry_class),
                               facility_fields(project.facilities[k]), result.crs);
    for (std::size_t i = 0; i < features.size(); ++i) {
      out.table.features.push_back({static_cast<std::int64_t>(i + 1), facility_values(features, i),
                                    facility_geometry(ctx, features, i)});
    }
    keep(std::move(out));
  }
  ResultLayer nearest =
      layer_of(schema::kNearestFacility, "MultiLineString", nearest_fields(), result.crs);
  fid = 1;
  for (const analysis::NearestLine& line : result.nearest_lines) {
    nearest.table.features.push_back(
        {fid++, nearest_values(result, project, line), geo::Geometry::line(ctx, line.line)});
  }
  keep(std::move(nearest));
  std::sort(results.facility_kinds.begin(), results.facility_kinds.end());
  if (boundary != nullptr) {
    ResultLayer copy;
    copy.name = boundary->name;
    copy.fields = boundary->fields;
    copy.geometry_type = boundary->geometry_type;
    copy.table.source_crs = boundary->table.source_crs;
    for (const auto& f : boundary->table.features) {
      // The copy lives in the boundary's own context (the run's), which outlives these results.
      copy.table.features.push_back({f.fid, f.values, f.geometry.clone()});
    }
    results.boundary = std::move(copy);
  }
  return results;
}

void write_map_and_report(const analysis::AnalysisResult& result, const analysis::Project& project,
                          const std::vector<ServiceArea>& service_areas,
                          const std::vector<analysis::PlanOutput>& plans,
                          const std::string& summary_text, const std::filesystem::path& dir,
                          bool map, bool report, const ResultLayer* boundary) {
  if (!map && !report) return;
  Results results = results_of_run(result, project, service_areas, plans, boundary);
  if (boundary == nullptr) {
    if (const auto found = find_boundary("", project)) {
      results.boundary = read_boundary(*results.ctx, *found, result.crs);
    }
  }
  if (map) {
    MapOptions options;
    options.language = result.language;
    options.title = default_map_title(result.villages.size(), result.language);
    draw_results_map(results, dir / "map.png", options);
  }
  if (report) {
    write_report(results, summary_text, dir / "report.html",
                 "infracov report: " + project.file.stem().string(), result.language, &project);
  }
}

}  // namespace infracov::cli
