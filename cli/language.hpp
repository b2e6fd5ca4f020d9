// Labels in the run's language (AnalysisResult::language, "zh" or "en"): field aliases for QGIS,
// the console table and the report. Field names themselves stay ASCII everywhere; only what a
// person reads is translated.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "infracov/analysis/project.hpp"

namespace infracov::cli {

// `zh` when the language is Chinese, else `en`: one call per phrase keeps both next to each other.
inline std::string text(std::string_view language, std::string_view zh, std::string_view en) {
  return std::string(language == "zh" ? zh : en);
}

// A facility kind's name as a person reads it: a known kind's Chinese name for zh (clinic is
// 卫生室), otherwise the kind's own name.
std::string kind_label(const std::string& kind, std::string_view language);

// A road class as a person reads it: the classes of DESIGN.md's project file by their Chinese
// names for zh (national is 国道); any other class keeps its own name, "" reads as road.
std::string road_class_label(const std::string& road_class, std::string_view language);

// The legend's words shared by the map and the QGIS styles, so both read the same:
// villages by failed checks (0, 1, 2 or more), a kind's service area, bridges.
std::string village_status_label(int failed_checks, std::string_view language);
std::string service_area_label(const std::string& kind, std::string_view language);
std::string bridge_label(std::string_view language);
// A line from a flagged village to the nearest facility of `kind` (report map, QGIS legend).
std::string nearest_line_label(const std::string& kind, std::string_view language);
// The report map's layer switcher: the name of each layer infracov draws ("villages", "roads",
// "critical_segments", "service_areas", "nearest_facility", "boundary", "proposed_sites",
// "proposed_roads", "paving_upgrades", "proposed_grid"); any other name is returned as it is.
std::string map_layer_title(std::string_view layer, std::string_view language);

// A facility rule (network, euclid, within, in_village) as a person reads it.
std::string rule_label(const std::string& rule, std::string_view language);
// The report's summary figures: summary.json's keys ("villages", "road.connected", ...) in words;
// a key not known is returned as it is.
std::string summary_label(const std::string& key, std::string_view language);

// A plan's own words in the language: the method its figures name (summary.json's
// plans.*.method, written in English by the plan) and the group a new road joins ("main",
// "village ID", "component N", as proposed_roads' `joins` field says). Unknown text is returned
// as it is.
std::string plan_method_label(const std::string& method, std::string_view language);
std::string plan_work_label(const std::string& work, std::string_view language);

// A checklist item's label in the language: `label` for zh, `label_en` for en (each falling back
// on the other when empty).
std::string item_label(const analysis::ChecklistItem& item, std::string_view language);

struct FieldAlias {
  std::string field;
  std::string alias;
};

// Every field of the villages layer, in layer order, with its alias: check_i gets item i's label.
std::vector<FieldAlias> village_field_aliases(const analysis::Project& project,
                                              std::string_view language);
// Every field of the `groups` table (one row per group, write_groups.cpp), in table order, with
// its alias: check_i_* get item i's label.
std::vector<FieldAlias> group_field_aliases(const analysis::Project& project,
                                            std::string_view language);
// Every field of the roads layer, in layer order, with its alias.
std::vector<FieldAlias> road_field_aliases(const analysis::Project& project,
                                           std::string_view language);

}  // namespace infracov::cli
