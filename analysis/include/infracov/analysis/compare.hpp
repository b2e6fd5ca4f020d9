// Comparing two runs (DESIGN.md "Scenarios and comparisons"): two scenarios, or two vintages of
// the data, with villages matched by id. Plain values in and out; cli/ reads the two results
// folders and writes changes.gpkg, changes.csv and summary.json.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "infracov/geo/types.hpp"

namespace infracov::analysis {

// One run's villages layer as values: checks are 0/1 fields (road_access, connected,
// paved_connected, single_access, every K_ok, every check_i), distances every K_dist_m or
// K_minutes field.
struct RunVillages {
  std::vector<std::string> ids;
  std::vector<std::string> names;
  std::vector<geo::Point> points;
  std::vector<bool> flagged;  // a non-empty `missing`
  std::vector<std::string> check_names;
  std::vector<std::vector<std::optional<bool>>> checks;  // [check][village]
  std::vector<std::string> distance_names;
  std::vector<std::vector<std::optional<double>>> distances;  // [distance][village]
};

enum class Presence { kBoth, kOnlyBase, kOnlyOther };

struct VillageChange {
  std::string id;
  std::string name;  // OTHER's, else BASE's
  geo::Point point;  // OTHER's, else BASE's
  Presence presence = Presence::kBoth;
  std::vector<std::optional<bool>> base, other;  // per check of ChangeReport::check_names
  std::vector<std::optional<double>> distance_base, distance_other, distance_change;
  std::vector<std::string> gained, lost;  // checks passing only in OTHER / only in BASE
};

struct CheckCounts {
  std::size_t gained = 0, lost = 0, ok_both = 0, missing_both = 0;
};

struct ChangeReport {
  std::vector<std::string> check_names;     // BASE's order, then those only OTHER has
  std::vector<std::string> distance_names;  // likewise
  std::vector<VillageChange> villages;      // BASE's order, then villages only OTHER has
  std::size_t both = 0, only_base = 0, only_other = 0;
  std::vector<CheckCounts> counts;  // per check, over villages in both
  std::size_t flagged_base = 0, flagged_other = 0;
};

// Whether a check "passes" at value v: single_access passes when false (a village hanging on a
// bridge fails it), every other check when true.
bool check_passes(const std::string& check, bool value);

// Throws InputError naming the run when an id appears twice in it.
ChangeReport compare_runs(const RunVillages& base, const RunVillages& other);

}  // namespace infracov::analysis
