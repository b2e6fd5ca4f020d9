// The write stage: the typed result of a run, written as GIS layers (any GDAL driver),
// villages.csv, summary.json, plan layers and QGIS styles. Nothing here measures anything, and
// nothing reads back what the run wrote.
#pragma once

#include <cmath>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cartography.hpp"
#include "infracov/analysis/analyze.hpp"
#include "infracov/analysis/plan_run.hpp"
#include "infracov/analysis/project.hpp"
#include "infracov/geo/crs.hpp"
#include "qgis_styles.hpp"

namespace infracov::cli {

// How and where write_results writes the GIS layers (villages, roads, service_areas).
struct ExportOptions {
  // Any GDAL vector driver that can create. A driver holding several layers writes one dataset,
  // dir/results.<ext> (results.gpkg, results.kml); others one file per layer, dir/<layer>.<ext>,
  // or dir/layers/<layer>.<ext> when that would clash with villages.csv or summary.json (CSV).
  // Shapefile field names are shortened to 10 bytes and the mapping written to field_names.csv.
  std::string driver = "GPKG";
  // Unknown: EPSG:4326 for KML and GeoJSON (their specifications require it), else the analysis
  // CRS.
  geo::Crs out_crs{};
  // A GDAL connection string ("PG:dbname=...") to write the layers into instead of `dir`;
  // `driver` is then ignored.
  std::string database{};
  std::string schema{};  // database schema for the layers (created when missing); "": default
  unsigned threads = 1;  // the writer's (--threads): a GeoPackage's index packed beside the rest
};

// The service-area polygon of each network kind that reaches anything: its reached road pieces
// buffered by [analysis] service_area_width_m, rasterized (geo/io service_area.hpp).
struct ServiceArea {
  std::size_t kind = 0;  // index into Project::facilities
  geo::Geometry area;
};
std::vector<ServiceArea> make_service_areas(const geo::GeosContext& ctx,
                                            const analysis::AnalysisResult& result,
                                            const analysis::Project& project, unsigned threads = 1);

// Service areas as the writer asks for them, once the layers before them are written: computed
// on a second thread meanwhile (ServiceAreaJob) or at once.
using ServiceAreaSource = std::function<const std::vector<ServiceArea>&()>;

// Computes the service areas on a thread of its own (with its own GEOS context, which owns the
// polygons) when more than one thread may run, else when first asked for.
class ServiceAreaJob {
 public:
  ServiceAreaJob(const analysis::AnalysisResult& result, const analysis::Project& project,
                 unsigned threads);
  ~ServiceAreaJob();
  ServiceAreaJob(const ServiceAreaJob&) = delete;
  ServiceAreaJob& operator=(const ServiceAreaJob&) = delete;
  const std::vector<ServiceArea>& get();     // waits; rethrows what the computation threw
  double wall_s() const { return wall_s_; }  // the computation's own wall time
  ServiceAreaSource source() {
    return [this]() -> const std::vector<ServiceArea>& { return get(); };
  }

 private:
  std::unique_ptr<geo::GeosContext> ctx_;
  std::future<std::vector<ServiceArea>> future_;
  std::optional<std::vector<ServiceArea>> areas_;
  double wall_s_ = 0.0;
};

// Writes the layers as `options` say, and villages.csv and summary.json into `dir`; `boundary`
// is the project's boundary layer as loaded (null: none).
void write_results(const analysis::AnalysisResult& result, const analysis::Project& project,
                   const ServiceAreaSource& service_areas, const std::filesystem::path& dir,
                   const ExportOptions& options = {}, const ResultLayer* boundary = nullptr);

// The CRS the layers are written in for these options (see ExportOptions::out_crs).
geo::Crs output_crs(const ExportOptions& options, const geo::Crs& analysis_crs);

// Field names fitting `max_bytes` (UTF-8, never cut inside a character), unique ignoring ASCII
// case, in the order given: names that fit keep their spelling, longer ones are cut and, on a
// clash, end in _1, _2, ... Deterministic, so the same project always gives the same names.
std::vector<std::string> short_field_names(const std::vector<std::string>& names,
                                           std::size_t max_bytes);

// The summary.json document (ordered, deterministic) as text; `plans_json` is the JSON object that
// goes under "plans" ("{}" for none).
std::string summary_json(const analysis::AnalysisResult& result, const analysis::Project& project,
                         const std::string& plans_json = "{}");

// Writes plans into `dir`: when `fresh`, the whole analysis first (as analyze does); then each
// plan's layers replace their namesakes in results.gpkg and its figures go under plans.NAME in
// summary.json, keeping the other plans a previous run left there.
void write_plans(const std::vector<analysis::PlanOutput>& plans,
                 const analysis::AnalysisResult& analysis, const analysis::Project& project,
                 const ServiceAreaSource& service_areas, const std::filesystem::path& dir,
                 bool fresh, const ResultLayer* boundary = nullptr);

// The attribute fields and values of the result layers (one definition for every output).
std::vector<geo::FieldDef> village_fields(const analysis::Project& project);
std::vector<geo::FieldValue> village_values(const analysis::VillageRow& row,
                                            const analysis::Project& project);
std::vector<geo::FieldDef> road_fields(const analysis::Project& project);
std::vector<geo::FieldValue> road_values(const analysis::AnalysisResult& result, std::size_t edge);
const std::vector<geo::FieldDef>& service_area_fields();
std::vector<geo::FieldValue> service_area_values(const analysis::FacilityKind& kind);

// The facilities_K layers: id, access_m and, for network kinds, villages_served; points as the
// analysis locates them, lines and polygons as read.
std::vector<geo::FieldDef> facility_fields(const analysis::FacilityKind& kind);
std::vector<geo::FieldValue> facility_values(const analysis::FacilityFeatures& features,
                                             std::size_t i);
geo::Geometry facility_geometry(const geo::GeosContext& ctx,
                                const analysis::FacilityFeatures& features, std::size_t i);
// The nearest_facility layer: per flagged village and kind that explains it, the line to the
// kind's nearest facility (village_id, kind, facility_id, along_roads, length_m).
const std::vector<geo::FieldDef>& nearest_fields();
std::vector<geo::FieldValue> nearest_values(const analysis::AnalysisResult& result,
                                            const analysis::Project& project,
                                            const analysis::NearestLine& line);
// "Point", "MultiLineString" or "MultiPolygon", as GDAL declares the layer written for `geometry`.
std::string layer_geometry_type(geo::GeometryClass geometry);
// The boundary layer as written: its own fields (typed by their values) and geometry class.
std::vector<geo::FieldDef> boundary_fields(const ResultLayer& boundary);
geo::GeometryClass boundary_class(const ResultLayer& boundary);

// The run's result layers as the map and the report take them, built from memory: the same as
// read_results gives for the folder the run writes, without reading it back. Geometries live in
// the returned context; the service areas stay in their job's, which must outlive the result.
Results results_of_run(const analysis::AnalysisResult& result, const analysis::Project& project,
                       const std::vector<ServiceArea>& service_areas,
                       const std::vector<analysis::PlanOutput>& plans, const ResultLayer* boundary);

// With `map` and/or `report`, draws DIR/map.png and writes DIR/report.html from the run's result
// (with `boundary`, the project's, else the boundary layer of the villages' source when there is
// one), as the map and report commands would from the folder.
void write_map_and_report(const analysis::AnalysisResult& result, const analysis::Project& project,
                          const std::vector<ServiceArea>& service_areas,
                          const std::vector<analysis::PlanOutput>& plans,
                          const std::string& summary_text, const std::filesystem::path& dir,
                          bool map, bool report, const ResultLayer* boundary = nullptr);

// Rounds to a multiple of `step` (a power of ten) so that JSON shows the short decimal form:
// dividing by the inverse gives the double nearest that decimal, multiplying would not.
inline double round_to(double value, double step) {
  return std::round(value / step) / (1.0 / step);
}

// summary.json's `checklist` (one entry per item) and `groups` (an object keyed by value), and
// the `groups` table (results.gpkg, groups.csv): one row per group, the same figures as columns.
nlohmann::ordered_json checklist_json(const analysis::AnalysisResult& result,
                                      const analysis::Project& project);
nlohmann::ordered_json groups_json(const analysis::AnalysisResult& result,
                                   const analysis::Project& project);
std::vector<geo::FieldDef> group_fields(const analysis::Project& project);
std::vector<geo::FieldValue> group_values(const analysis::GroupSummary& group);
// Writes DIR/groups.csv (nothing without a group field).
void write_groups_csv(const analysis::AnalysisResult& result, const analysis::Project& project,
                      const std::filesystem::path& dir);

// The layers this run writes into results.gpkg, described for the QGIS styles.
std::vector<StyledLayer> styled_layers(const analysis::AnalysisResult& result,
                                       const analysis::Project& project,
                                       const std::vector<ServiceArea>& service_areas,
                                       const std::vector<analysis::PlanOutput>& plans,
                                       const ResultLayer* boundary = nullptr);

}  // namespace infracov::cli
