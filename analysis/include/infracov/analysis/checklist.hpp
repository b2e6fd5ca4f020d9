// The checklist and the per-group figures (DESIGN.md "Checklist, groups and language"): which of
// the project's published claims hold in each village, their shares over all villages, and every
// summary figure again per value of the [villages] group field. Pure functions of the measured
// result; the measure stage calls add_checklist last.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "infracov/analysis/analyze.hpp"
#include "infracov/analysis/project.hpp"

namespace infracov::analysis {

// The measures every project has, besides its facility kinds' names (each kind's K_ok).
// two_access is connected and not single_access.
inline constexpr std::string_view kRoadAccess = "road_access";
inline constexpr std::string_view kConnected = "connected";
inline constexpr std::string_view kPavedConnected = "paved_connected";
inline constexpr std::string_view kTwoAccess = "two_access";
const std::vector<std::string>& builtin_measures();

// Every measure name a checklist item of `project` may use: the built-in ones, then the kinds.
std::vector<std::string> valid_measures(const Project& project);

// Whether `measure` (a name from valid_measures) holds for the measured village. Throws
// InternalError for a name the project does not know (the project reader refuses those).
bool measure_holds(const Project& project, const VillageRow& row, const std::string& measure);

// Whether the item holds for the village: its one measure, all of a list, or any of `any`.
bool item_holds(const Project& project, const VillageRow& row, const ChecklistItem& item);

// "zh" or "en" for Project::language: as given, or for "auto" zh when more than half of the
// village names hold a CJK ideograph (an empty list gives en).
std::string resolve_language(const std::string& setting, const std::vector<std::string>& names);

// Fills every row's `checks`, appends each failed item's label_en to its `missing`, recounts
// `flagged`, and fills result.checklist and, with Project::village_group, result.groups (sorted
// by value, from the rows' `group`). Populations weigh shares as in measure(): with no population
// field every village counts 1.
void add_checklist(const Project& project, AnalysisResult& result);

// The road figures of the villages at `rows` (indexes into result.villages).
RoadFigures road_figures(const AnalysisResult& result, const std::vector<std::size_t>& rows,
                         bool weigh_population);

}  // namespace infracov::analysis
