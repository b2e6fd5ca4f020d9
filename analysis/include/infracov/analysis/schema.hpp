// The result schema, defined once: the layers of results.gpkg, the per-kind field names of the
// villages layer and the values of its `missing` field. Outputs, styles, map and report all use
// these names (DESIGN.md's output contract).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "infracov/analysis/project.hpp"

namespace infracov::analysis::schema {

// Layers, in drawing order (top first).
inline constexpr std::string_view kVillages = "villages";
inline constexpr std::string_view kProposedSites = "proposed_sites";
inline constexpr std::string_view kProposedRoads = "proposed_roads";
inline constexpr std::string_view kPavingUpgrades = "paving_upgrades";
inline constexpr std::string_view kProposedGrid = "proposed_grid";
inline constexpr std::string_view kNearestFacility = "nearest_facility";
inline constexpr std::string_view kRoads = "roads";
inline constexpr std::string_view kServiceAreas = "service_areas";
inline const std::vector<std::string>& layer_order() {
  static const std::vector<std::string> order{
      std::string(kVillages),       std::string(kProposedSites), std::string(kProposedRoads),
      std::string(kPavingUpgrades), std::string(kProposedGrid),  std::string(kNearestFacility),
      std::string(kRoads),          std::string(kServiceAreas)};
  return order;
}

// Layers whose names depend on the project: facilities_K for each kind K (drawn above the roads,
// below the plans) and the project's boundary (drawn at the bottom).
inline constexpr std::string_view kFacilitiesPrefix = "facilities_";
inline std::string facilities_layer(const FacilityKind& kind) {
  return std::string(kFacilitiesPrefix) + kind.name;
}
inline constexpr std::string_view kBoundary = "boundary";
// Fields of the nearest_facility layer (analysis::NearestLine): one line per flagged village and
// kind that explains it, to that kind's nearest facility.
inline constexpr std::string_view kVillageId = "village_id";
inline constexpr std::string_view kKind = "kind";
inline constexpr std::string_view kFacilityId = "facility_id";
inline constexpr std::string_view kAlongRoads = "along_roads";
inline constexpr std::string_view kLengthM = "length_m";
// Fields of a facilities_K layer: id, access_m, and villages_served for network kinds.
inline constexpr std::string_view kAccessM = "access_m";
inline constexpr std::string_view kVillagesServed = "villages_served";

// `missing`: the failed checks joined by kMissingSeparator, in this order: kFailedRoad,
// kFailedConnectivity, then the kinds' names in project order.
inline constexpr std::string_view kMissing = "missing";
inline constexpr char kMissingSeparator = ';';
inline constexpr std::string_view kFailedRoad = "road";
inline constexpr std::string_view kFailedConnectivity = "connectivity";

// The fields of the villages layer before the per-kind ones, in order; `missing` comes last.
inline const std::vector<std::string>& base_village_fields() {
  static const std::vector<std::string> fields{
      "id",        "name",      "population",      "road_dist_m",  "road_access",
      "component", "connected", "paved_connected", "single_access"};
  return fields;
}

// Per-kind fields of the villages layer.
inline std::string distance_field(const FacilityKind& kind) {  // K_dist_m, or K_minutes
  return kind.name + (kind.max_minutes ? "_minutes" : "_dist_m");
}
inline std::string nearest_field(const FacilityKind& kind) { return kind.name + "_nearest"; }
inline std::string ok_field(const FacilityKind& kind) { return kind.name + "_ok"; }

// With [villages] group: the villages layer's field holding the value (after `name`), and the
// non-spatial table (and groups.csv) with one row per value.
inline constexpr std::string_view kGroup = "group";
inline constexpr std::string_view kGroups = "groups";
// Checklist item i (0-based here, 1-based in the name): check_1, check_2, ... after the kinds.
inline std::string check_field(std::size_t item) { return "check_" + std::to_string(item + 1); }

// Criticality fields of the roads layer (DESIGN.md "Criticality of road segments").
inline constexpr std::string_view kVillagesCutOff = "villages_cut_off";
inline constexpr std::string_view kPeopleCutOff = "people_cut_off";
inline constexpr std::string_view kRoutePeople = "route_people";
inline constexpr std::string_view kDetourPersonKm = "detour_person_km";
inline constexpr std::string_view kDetourMaxKm = "detour_max_km";
inline std::string route_people_field(const FacilityKind& kind) {
  return std::string(kRoutePeople) + "_" + kind.name;
}
inline std::string lost_field(const FacilityKind& kind) { return kind.name + "_lost"; }

// True for the fields holding a distance or a time of the villages layer: road_dist_m and every
// kind's distance_field(), which are the only fields named so.
inline bool is_distance_field(std::string_view field) {
  auto ends = [&](std::string_view tail) {
    return field.size() > tail.size() && field.substr(field.size() - tail.size()) == tail;
  };
  return field == "road_dist_m" || ends("_dist_m") || ends("_minutes");
}

}  // namespace infracov::analysis::schema
