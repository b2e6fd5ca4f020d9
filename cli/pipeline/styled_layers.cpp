// What the QGIS styles need of this run's layers, from the in-memory result.
#include <algorithm>
#include <set>

#include "infracov/analysis/schema.hpp"
#include "language.hpp"
#include "pipeline/write.hpp"
#include "qgis_styles.hpp"

namespace infracov::cli {

std::vector<StyledLayer> styled_layers(const analysis::AnalysisResult& result,
                                       const analysis::Project& project,
                                       const std::vector<ServiceArea>& service_areas,
                                       const std::vector<analysis::PlanOutput>& plans,
                                       const ResultLayer* boundary) {
  std::vector<StyledLayer> layers;
  StyledLayer villages{"villages", "Point", static_cast<std::int64_t>(result.villages.size()),
                       {},         {},      {}};
  // Aliases in the run's language, so QGIS's attribute table reads 到公路距离(米), not road_dist_m.
  villages.aliases = village_field_aliases(project, result.language);
  for (const auto& row : result.villages) villages.extent.expand(row.location);
  layers.push_back(std::move(villages));

  StyledLayer roads{
      "roads", "MultiLineString", static_cast<std::int64_t>(result.network.roads.size()), {}, {},
      {}};
  roads.aliases = road_field_aliases(project, result.language);
  std::set<std::string> classes;
  for (const auto& p : result.network.road_vertices) roads.extent.expand(p);
  for (std::size_t e = 0; e < result.network.roads.size(); ++e) {
    const std::string& road_class = result.network.road_class(e);
    if (!road_class.empty()) classes.insert(road_class);
  }
  roads.categories.assign(classes.begin(), classes.end());
  layers.push_back(std::move(roads));

  StyledLayer areas{std::string(analysis::schema::kServiceAreas), "MultiPolygon", 0, {}, {}, {}};
  std::set<std::string> kinds;
  for (const ServiceArea& area : service_areas) {
    ++areas.feature_count;
    kinds.insert(project.facilities[area.kind].name);
    areas.extent.expand(area.area.envelope());
  }
  areas.categories.assign(kinds.begin(), kinds.end());
  layers.push_back(std::move(areas));

  // Each kind's facilities: categories hold the kind and its rank among the kinds by name, which
  // picks its look.
  std::vector<std::string> kinds_by_name;
  for (const auto& kind : project.facilities) kinds_by_name.push_back(kind.name);
  std::sort(kinds_by_name.begin(), kinds_by_name.end());
  for (std::size_t k = 0; k < project.facilities.size() && k < result.facilities.size(); ++k) {
    const analysis::FacilityFeatures& features = result.facilities[k];
    const std::string& kind = project.facilities[k].name;
    StyledLayer styled{analysis::schema::facilities_layer(project.facilities[k]),
                       layer_geometry_type(features.geometry_class),
                       static_cast<std::int64_t>(features.size()),
                       {},
                       {kind, std::to_string(facility_rank(kinds_by_name, kind))},
                       {}};
    for (const auto& p : features.points) styled.extent.expand(p);
    for (const auto& g : features.geometries) styled.extent.expand(g.envelope());
    layers.push_back(std::move(styled));
  }
  StyledLayer nearest{std::string(analysis::schema::kNearestFacility),
                      "MultiLineString",
                      static_cast<std::int64_t>(result.nearest_lines.size()),
                      {},
                      {},
                      {}};
  nearest.categories = kinds_by_name;
  for (const analysis::NearestLine& line : result.nearest_lines) {
    for (const auto& p : line.line) nearest.extent.expand(p);
  }
  layers.push_back(std::move(nearest));
  if (!project.village_group.empty()) {
    // A table without geometry: its style carries only the aliases, for the attribute table.
    StyledLayer groups{std::string(analysis::schema::kGroups),
                       "None",
                       static_cast<std::int64_t>(result.groups.size()),
                       {},
                       {},
                       {}};
    groups.aliases = group_field_aliases(project, result.language);
    layers.push_back(std::move(groups));
  }
  if (boundary != nullptr) {
    StyledLayer styled{std::string(analysis::schema::kBoundary),
                       layer_geometry_type(boundary_class(*boundary)),
                       static_cast<std::int64_t>(boundary->table.features.size()),
                       {},
                       {},
                       {}};
    for (const auto& f : boundary->table.features) styled.extent.expand(f.geometry.envelope());
    layers.push_back(std::move(styled));
  }

  for (const auto& plan : plans) {
    for (const auto& layer : plan.layers) {
      StyledLayer styled{layer.name,
                         layer.geometry == geo::GeometryClass::kPoint ? "Point" : "MultiLineString",
                         static_cast<std::int64_t>(layer.rows.size()),
                         {},
                         {},
                         {}};
      for (const auto& p : layer.points) styled.extent.expand(p);
      for (const auto& line : layer.lines) {
        for (const auto& p : line) styled.extent.expand(p);
      }
      layers.push_back(std::move(styled));
    }
  }
  // Every legend label (village status, road classes, bridges, service areas) in the run's
  // language, as on the map.
  for (StyledLayer& layer : layers) layer.language = result.language;
  return layers;
}

}  // namespace infracov::cli
