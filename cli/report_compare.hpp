// What `infracov compare` writes for people: a report page and a map of what changed, in the
// project's language, made with the same map drawing and phrasing as analyze's.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "cartography.hpp"
#include "infracov/analysis/compare.hpp"

namespace infracov::cli {

// How the page and the map name things: the language ("zh" or "en") and each check field's label
// (road_access, K_ok, check_i, ...); a check without a label is shown by its field name.
struct CompareWording {
  std::string language = "en";
  std::map<std::string, std::string> check_label;
};

// The wording for a comparison: with a project, its [analysis] language (auto resolved on OTHER's
// village names, as analyze resolves it) and its field aliases; without one, `auto` on the names
// and field names.
CompareWording compare_wording(const analysis::Project* project,
                               const std::vector<std::string>& village_names);

// The map of what changed: OTHER's results (roads, facilities, works) with its villages coloured
// as unchanged, gained, gained and lost, or lost.
MapDrawn draw_compare_map(const analysis::ChangeReport& report, const Results& other,
                          const std::filesystem::path& out, const CompareWording& wording);

// The report page: the villages matched, gained and lost per check, every village that changed
// with what it gained and lost, and the map (`map_file`, relative to the page; none when empty).
std::string compare_report_html(const analysis::ChangeReport& report, const std::string& base,
                                const std::string& other, const CompareWording& wording,
                                const std::string& map_file);

}  // namespace infracov::cli
