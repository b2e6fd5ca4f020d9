// What a project file asks for, as plain values. cli/ reads the TOML into this; analysis/ runs it.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "infracov/geo/table.hpp"

namespace infracov::analysis {

enum class Rule { kNetwork, kEuclid, kWithin, kInVillage };

std::string to_string(Rule rule);

struct FacilityKind {
  std::string name;              // the table name in [facilities.NAME]; prefixes output fields
  geo::LayerSpec layer;          // fields: [id_field?, village_id_field?] as requested below
  std::string id_field;          // K_nearest reports this field, else the FID
  std::string village_id_field;  // in_village: the attribute naming the village, if any
  Rule rule = Rule::kEuclid;
  std::optional<double> max_m;
  std::optional<double> max_minutes;  // network rule only: limit in travel time
  // A scenario's `add`: more layers of this kind (e.g. a plan's proposed_sites), read with the
  // same geometry rule; their features' ids are "LAYER:FID".
  std::vector<geo::LayerSpec> added;
  // `flag = false`: a building block of checklist items (a well in the village, say, where piped
  // water also serves). Measured and written as every kind, but lacking it alone neither lists it
  // in `missing` nor flags the village: the checklist item it belongs to does, when it fails.
  bool flag = true;
};

// One [[checklist]] item: a published claim ("every village has a standardized clinic") and the
// measures that decide it per village (DESIGN.md "Checklist, groups and language").
struct ChecklistItem {
  enum class Combine { kSingle, kAll, kAny };  // measure = "a" | ["a", "b"] | { any = [...] }
  std::string label;                  // in the project's language, e.g. "标准化卫生室"
  std::string label_en;               // also the text `missing` lists for a failed item
  std::vector<std::string> measures;  // facility kind names or road_access | connected | ...
  Combine combine = Combine::kSingle;
  double claim = 1.0;  // share of villages the claim promises, 0..1
};

struct Project {
  std::filesystem::path file;  // the project file, for messages ("" for one built in code)
  std::string scenario;        // the [scenarios.NAME] applied, "" for none

  // [analysis]
  std::string crs = "auto";
  std::string seat;  // village id, "lon,lat", or empty
  double max_access_m = 2000.0;
  double snap_m = 1.0;
  double access_speed_kmh = 5.0;
  double service_area_width_m = 200.0;
  std::string language = "auto";  // zh | en | auto (see analysis::resolve_language)
  // `boundary = "SOURCE:LAYER"`: an outline written to results.gpkg as it is (reprojected) and
  // drawn by the map; nothing is measured against it. Unset: none.
  std::optional<geo::LayerSpec> boundary;

  // [villages]
  geo::LayerSpec villages;
  std::string village_id;
  std::string village_name;
  std::string village_population;
  std::string village_group;  // optional: every figure is also given per value of this field

  // [roads]
  geo::LayerSpec roads;
  // A scenario's add_roads: line layers applied as built (class "", FIDs their own).
  std::vector<geo::LayerSpec> added_roads;
  // A scenario's pave: line layers on existing roads; the parts of roads they cover count as paved.
  std::vector<geo::LayerSpec> pave;
  std::string road_class;
  std::vector<std::string> paved;
  std::map<std::string, double> speed_kmh;

  // [facilities.*], in project-file order
  std::vector<FacilityKind> facilities;

  // [[checklist]], in project-file order
  std::vector<ChecklistItem> checklist;

  // Not from the file: `analyze --critical N`, the busiest non-bridge edges whose closure is
  // measured (DESIGN.md "Criticality of road segments").
  std::size_t critical_edges = 100;
};

}  // namespace infracov::analysis
