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

// Writes results.gpkg (villages, roads, service_areas), villages.csv and summary.json into `dir`.
void write_results(const AnalysisResult& result, const Project& project,
                   const std::filesystem::path& dir);

// The summary.json document (ordered, deterministic) as text; `plans_json` is the JSON object that
// goes under "plans" ("{}" for none).
std::string summary_json(const AnalysisResult& result, const Project& project,
                         const std::string& plans_json = "{}");

}  // namespace infracov::analysis
