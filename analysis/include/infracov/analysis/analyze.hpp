// The whole coverage run: load → graph → measure → write, as DESIGN.md defines it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "infracov/analysis/network.hpp"
#include "infracov/analysis/project.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/geometry.hpp"

namespace infracov::analysis {

// Reports progress in [0, 1] for a named stage; may be empty.
using Progress = std::function<void(double fraction, const std::string& stage)>;
// Receives one-line warnings (repaired geometries, skipped features, ...).
using Warn = std::function<void(const std::string& message)>;

struct KindOutcome {
  std::optional<double> value;  // metres, or minutes for a max_minutes kind; null: unreachable
  std::string nearest;          // facility id or FID; "" when none
  bool ok = false;
};

struct VillageRow {
  std::string id;
  std::string name;
  std::optional<std::int64_t> population;
  geo::Point location;  // analysis CRS
  VillageNetwork network;
  std::vector<KindOutcome> kinds;  // parallel to Project::facilities
  std::string missing;             // failed checks joined by ';'
};

struct KindSummary {
  std::string name;
  std::size_t ok = 0;
  std::size_t missing = 0;
  std::optional<double> population_share;
};

struct AnalysisResult {
  geo::Crs crs;
  std::vector<VillageRow> villages;
  std::vector<KindSummary> kinds;
  NetworkResult network;
  std::size_t flagged = 0;
  double rural_access_index = 0.0;
  std::vector<std::string> warnings;
  // The inputs as read, in the analysis CRS, kept for the plans that build on this analysis.
  RoadLines roads;
  std::vector<std::vector<geo::Geometry>> facility_geometries;  // parallel to Project::facilities
  std::vector<std::vector<std::string>> facility_ids;           // what K_nearest reports
};

// Loads every layer the project names and measures everything. Throws InputError for bad input.
AnalysisResult analyze(const geo::GeosContext& ctx, const Project& project,
                       const Progress& progress = {}, const Warn& warn = {});

// The output field name of a kind's distance: K_dist_m, or K_minutes for a max_minutes kind.
std::string value_field_name(const FacilityKind& kind);

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
};

// Writes the layers as `options` say, and villages.csv and summary.json into `dir`.
void write_results(const AnalysisResult& result, const Project& project,
                   const std::filesystem::path& dir, const ExportOptions& options = {});

// The CRS the layers are written in for these options (see ExportOptions::out_crs).
geo::Crs output_crs(const ExportOptions& options, const geo::Crs& analysis_crs);

// Field names fitting `max_bytes` (UTF-8, never cut inside a character), unique ignoring ASCII
// case, in the order given: names that fit keep their spelling, longer ones are cut and, on a
// clash, end in _1, _2, ... Deterministic, so the same project always gives the same names.
std::vector<std::string> short_field_names(const std::vector<std::string>& names,
                                           std::size_t max_bytes);

// The summary.json document (ordered, deterministic) as text; `plans_json` is the JSON object that
// goes under "plans" ("{}" for none).
std::string summary_json(const AnalysisResult& result, const Project& project,
                         const std::string& plans_json = "{}");

}  // namespace infracov::analysis
