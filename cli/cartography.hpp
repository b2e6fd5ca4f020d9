// What the map, the report and the QGIS styles share: one palette, so a village amber in QGIS is
// amber on paper and in the browser, and the results of `analyze`/`plan` read back for drawing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "infracov/analysis/project.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/reader.hpp"
#include "infracov/geo/render.hpp"

namespace infracov::cli {

namespace palette {
// Villages by the number of checks they fail: 0, 1, 2 or more.
inline constexpr std::string_view kVillageOk = "#1a9641";
inline constexpr std::string_view kVillageOneMissing = "#f5a300";
inline constexpr std::string_view kVillageFlagged = "#d7191c";
// compare's map: villages whose checks did not change.
inline constexpr std::string_view kVillageUnchanged = "#9e9e9e";
inline constexpr std::string_view kBridge = "#e41a1c";
inline constexpr std::string_view kBoundary = "#555555";
inline constexpr std::string_view kCritical = "#7b3294";  // the report's critical segments
inline constexpr std::string_view kProposedRoads = "#c51b7d";
inline constexpr std::string_view kPavingUpgrades = "#ff7f00";
inline constexpr std::string_view kProposedGrid = "#1f78b4";
inline constexpr std::string_view kProposedSites = "#7b3294";
inline constexpr double kServiceAreaAlpha = 0.25;

std::string_view village_colour(int failed_checks);
// Known road classes get fixed colours and widths; other classes cycle through greys.
struct RoadLook {
  std::string_view colour;
  double width_mm;
};
RoadLook road_look(std::string_view road_class, std::size_t index_among_unknown);
bool is_known_road_class(std::string_view road_class);
std::string_view service_area_colour(std::size_t kind_index);
// Facilities by kind. `rank` is the kind's place among the run's kinds sorted by name (so that
// QGIS, the map and the report agree whatever order the layers are listed in): it picks a colour
// and, for point kinds, a marker shape unlike the villages' circles. Water kinds are blue and
// power kinds purple whatever their rank, as on any utility map.
struct FacilityLook {
  std::string_view colour;
  geo::render::MarkerShape shape;
  std::string_view qgis_shape;  // QGIS's SimpleMarker name for the same shape
};
FacilityLook facility_look(std::size_t rank, std::string_view kind);
// Light, with a full-colour outline: facility areas lie over the service areas' tints.
inline constexpr double kFacilityAreaAlpha = 0.12;
// Larger than a village's circle and drawn under it, so a facility in a village frames it and
// one elsewhere shows whole.
inline constexpr double kFacilityMarkerMm = 3.2;
}  // namespace palette

// Number of checks a village fails: the ';'-separated items of its `missing` field.
int failed_checks(std::string_view missing);

// Layers drawn on top first: villages above plans above roads above service areas.
const std::vector<std::string>& result_layer_order();

struct ResultLayer {
  std::string name;
  std::vector<std::string> fields;  // every attribute field, in the layer's order
  std::string geometry_type;        // "Point", "MultiLineString", ...
  geo::FeatureTable table;

  // Index of `field` in `fields`, or nullopt.
  std::optional<std::size_t> field_index(std::string_view field) const;
  // The field's value as text ("" for null or a missing field).
  std::string text(const geo::Feature& feature, std::string_view field) const;
};

// The results of `analyze`/`plan`, read back in the results' CRS.
struct Results {
  std::unique_ptr<geo::GeosContext> ctx;  // first: every geometry below must die before it
  std::filesystem::path gpkg;
  geo::Crs crs;
  std::map<std::string, ResultLayer> layers;  // result layers present, by name
  std::optional<ResultLayer> boundary;
  // K of every facilities_K layer of the results, sorted (empty layers too): a kind's place here
  // is its palette::facility_look rank.
  std::vector<std::string> facility_kinds;

  const ResultLayer* layer(const std::string& name) const;
  geo::Envelope extent() const;  // of the boundary when there is one, else of every layer
};

// Reads every layer of result_layer_order() and every facilities_K layer that `gpkg` holds
// (villages is required), and the boundary: the layer `boundary` names (read into the results'
// CRS), else the `boundary` layer of `gpkg` when the run wrote one.
Results read_results(const std::filesystem::path& gpkg,
                     const std::optional<geo::LayerSpec>& boundary);

// The boundary for a project: `option` ("SOURCE" or "SOURCE:LAYER", resolved against the
// working folder) when given, else the project's [analysis] boundary, else a `boundary` layer in
// the villages' source, else none.
std::optional<geo::LayerSpec> find_boundary(const std::string& option,
                                            const analysis::Project& project);

// The rank of each kind name among `kinds` sorted (see palette::facility_look).
std::size_t facility_rank(const std::vector<std::string>& sorted_kinds, std::string_view kind);

// A printable map of the results: boundary, service areas, roads by class, proposed works,
// villages by status with labels that do not collide, legend, scale bar, north arrow, title.
// Villages drawn by classes of the caller's instead of by failed checks (compare draws gained,
// lost and unchanged villages this way): class i has a legend text and a colour; villages whose
// id is not in `class_of` are class 0. Higher classes are drawn on top and labelled first.
struct VillageClass {
  std::string legend;
  std::string_view colour;
};
struct VillageClasses {
  std::vector<VillageClass> classes;
  std::map<std::string, std::size_t> class_of;  // by village id
};
struct MapOptions {
  geo::render::PageOptions page;
  std::string title;
  std::optional<VillageClasses> villages;  // unset: by failed checks
  // "zh" or "en": the legend's title and every entry the map writes itself (villages' status,
  // road classes, facility kinds, service areas, plans, boundary); the caller's title and
  // village classes are used as given.
  std::string language = "en";
};
struct MapDrawn {
  std::map<std::string, geo::Point> village_px;  // page pixel of each village, by id
  std::size_t labels_placed = 0;
  std::size_t labels_skipped = 0;   // no room without overlapping
  std::vector<std::string> legend;  // the legend's entries, top down
  std::string legend_title;
};
MapDrawn draw_results_map(const Results& results, const std::filesystem::path& out,
                          const MapOptions& options);
// The 0-based index of the checklist item `item` names, for `map --item`: its label or label_en
// as written in [[checklist]], its field name check_i or its 1-based index i. Throws InputError
// naming the valid labels when `item` is none of them.
std::size_t checklist_item_index(const analysis::Project& project, const std::string& item);
// The villages as passing (class 0) or failing (class 1) checklist item `index`, read from the
// villages layer's check_i; the legend says the item's label in `language`.
VillageClasses checklist_item_classes(const analysis::Project& project, const ResultLayer& villages,
                                      std::size_t index, const std::string& language);
// The map's default title in `language`: the number of villages it shows.
std::string default_map_title(std::size_t village_count, const std::string& language);

// The self-contained HTML report: `summary_text` is analyze's summary.json ("" when absent);
// `language` ("zh" or "en") is the run's, for the headings and the checklist's labels.
void write_report(const Results& results, const std::string& summary_text,
                  const std::filesystem::path& out, const std::string& title,
                  const std::string& language, const analysis::Project* project = nullptr);
// The report map's data (every layer as GeoJSON in longitude/latitude, top first, with its
// switcher title in `language`, and the view) and the script that draws it with Leaflet. With
// `project`, the villages' failed checklist items are named by their label in `language`.
nlohmann::json report_map_data(const Results& results, const nlohmann::json& summary,
                               const std::string& language,
                               const analysis::Project* project = nullptr);
const char* report_map_script();
// The report's claims table (summary.json's `checklist`, its failing villages as links to the
// map, named by `village_names` by id) and per-group table with a bar per item; "" without them.
std::string checklist_section(const nlohmann::json& summary, const std::string& language,
                              const std::map<std::string, std::string>& village_names);
std::string groups_section(const nlohmann::json& summary, const std::string& language);
// summary.json's `graph` block and `warnings` in a collapsed section for the end of the report.
std::string engineering_section(const nlohmann::json& summary, const std::string& language);
// The report's "Critical road segments" section from summary.json's `criticality` ("" without
// one) in `language`, and the roads-layer fids it lists (highlighted on the report's map).
std::string criticality_section(const nlohmann::json& summary, const std::string& language);
std::set<std::int64_t> critical_fids(const nlohmann::json& summary);
// Why a flagged village is flagged, in plain words in `language` ("最近的标准化卫生室沿公路 8.0
// km（限 5 km）", "2.6 km from the nearest road (limit 2 km)"): its failed road checks, each failed
// checklist item's failing measures, and each flagging kind that fails, from the village's fields
// in `villages` and the limits in `project`. Empty for a village that passes everything.
std::vector<std::string> village_reasons(const ResultLayer& villages, const geo::Feature& village,
                                         const analysis::Project& project,
                                         const std::string& language);
// The report's table of flagged villages, worst first, with their reasons when `project` is given.
std::string flagged_section(const ResultLayer& villages, const analysis::Project* project,
                            const std::string& language);
// The report's plans: each plan's headline figures (summary.json's `plans`) and its works (the
// plan layers in `results`) in build order with length, cost and villages served, and totals;
// "" when no plan was run.
std::string plans_section(const Results& results, const nlohmann::json& summary,
                          const std::string& language);
// The text of a results folder's summary.json, "" when there is none.
std::string read_summary(const std::filesystem::path& summary_json);

// The boundary layer `spec` names, read into `crs` (every attribute field kept).
ResultLayer read_boundary(const geo::GeosContext& ctx, const geo::LayerSpec& spec,
                          const geo::Crs& crs);

}  // namespace infracov::cli
