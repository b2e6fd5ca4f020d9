// The flagged villages' lines to their nearest facilities: what the report draws so that a
// planner sees, beside each reason, where the facility the village lacks actually is.
#include <algorithm>

#include "infracov/analysis/analyze.hpp"

namespace infracov::analysis {
namespace {

// The kinds whose failure flags the village: failing flagging kinds, and the failing kinds among
// the measures of each checklist item it fails (an `any` item fails only when all of them do).
std::vector<bool> explaining_kinds(const Project& project, const VillageRow& row) {
  std::vector<bool> explains(project.facilities.size(), false);
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    explains[k] = project.facilities[k].flag && !row.kinds[k].ok;
  }
  for (std::size_t i = 0; i < project.checklist.size() && i < row.checks.size(); ++i) {
    if (row.checks[i]) continue;
    for (const std::string& measure : project.checklist[i].measures) {
      for (std::size_t k = 0; k < project.facilities.size(); ++k) {
        if (project.facilities[k].name == measure && !row.kinds[k].ok) explains[k] = true;
      }
    }
  }
  return explains;
}

}  // namespace

std::vector<NearestLine> nearest_lines(const Project& project, const Inputs& inputs,
                                       const AnalysisResult& result) {
  const std::vector<std::size_t> network_kind_of = network_kind_index(project);
  std::vector<NearestLine> lines;
  for (std::size_t v = 0; v < result.villages.size(); ++v) {
    const VillageRow& row = result.villages[v];
    if (row.missing.empty()) continue;
    const std::vector<bool> explains = explaining_kinds(project, row);
    for (std::size_t k = 0; k < project.facilities.size(); ++k) {
      const KindOutcome& outcome = row.kinds[k];
      if (!explains[k] || !outcome.nearest_index) continue;
      NearestLine line{v, k, false, {}};
      if (project.facilities[k].rule == Rule::kNetwork) {
        const KindResult& kind = result.network.kinds[network_kind_of[k]];
        if (v < kind.route.size()) line.line = kind.route[v];
        line.along_roads = true;
      } else {
        const geo::Geometry& facility = inputs.facilities[k].geometries[*outcome.nearest_index];
        line.line = {row.location, facility.nearest_point(row.location)};
      }
      // A village on its facility's edge (0 m) has nothing to draw.
      if (line.line.size() < 2 ||
          std::all_of(line.line.begin(), line.line.end(), [&](const geo::Point& p) {
            return p.x == line.line.front().x && p.y == line.line.front().y;
          })) {
        continue;
      }
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace infracov::analysis
