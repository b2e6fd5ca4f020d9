#include "infracov/analysis/checklist.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "infracov/analysis/schema.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::analysis {
namespace {

// Weight of a village in population shares: its people, or 1 each when the project names no
// population field (so shares are then shares of villages, as in measure()).
double weight_of(const VillageRow& row, bool weigh_population) {
  return weigh_population ? static_cast<double>(row.population.value_or(0)) : 1.0;
}

// The next code point of UTF-8 `text` from `at`, advancing it; malformed bytes count as one
// U+FFFD each, so a name in a legacy encoding is simply not CJK.
char32_t next_code_point(std::string_view text, std::size_t& at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 1;
  char32_t code = lead;
  if (lead >= 0xF0) {
    length = 4;
    code = lead & 0x07u;
  } else if (lead >= 0xE0) {
    length = 3;
    code = lead & 0x0Fu;
  } else if (lead >= 0xC0) {
    length = 2;
    code = lead & 0x1Fu;
  } else if (lead >= 0x80) {
    ++at;
    return U'\uFFFD';
  }
  if (at + length > text.size()) {
    at = text.size();
    return U'\uFFFD';
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0u) != 0x80u) {
      ++at;
      return U'\uFFFD';
    }
    code = (code << 6) | (byte(at + i) & 0x3Fu);
  }
  at += length;
  return code;
}

bool holds_cjk_ideograph(std::string_view name) {
  for (std::size_t at = 0; at < name.size();) {
    const char32_t c = next_code_point(name, at);
    // CJK Unified Ideographs, Extension A, Compatibility Ideographs, Extensions B to F.
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F)) {
      return true;
    }
  }
  return false;
}

// Kind counts and population shares over `rows`, as measure() gives them for every village.
std::vector<KindSummary> kind_figures(const Project& project, const AnalysisResult& result,
                                      const std::vector<std::size_t>& rows, bool weigh_population) {
  std::vector<KindSummary> kinds(project.facilities.size());
  std::vector<double> ok_weight(kinds.size(), 0.0);
  double total = 0.0;
  for (const std::size_t v : rows) {
    const VillageRow& row = result.villages[v];
    const double weight = weight_of(row, weigh_population);
    total += weight;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      if (row.kinds[k].ok) {
        ++kinds[k].ok;
        ok_weight[k] += weight;
      } else {
        ++kinds[k].missing;
      }
    }
  }
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    kinds[k].name = project.facilities[k].name;
    if (total > 0.0) kinds[k].population_share = ok_weight[k] / total;
  }
  return kinds;
}

std::vector<ChecklistSummary> checklist_figures(const Project& project,
                                                const AnalysisResult& result,
                                                const std::vector<std::size_t>& rows,
                                                bool weigh_population) {
  std::vector<ChecklistSummary> items(project.checklist.size());
  std::vector<double> ok_weight(items.size(), 0.0);
  double total = 0.0;
  for (const std::size_t v : rows) {
    const VillageRow& row = result.villages[v];
    const double weight = weight_of(row, weigh_population);
    total += weight;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (row.checks[i]) {
        ++items[i].ok;
        ok_weight[i] += weight;
      } else {
        ++items[i].missing;
        items[i].failing.push_back(row.id);
      }
    }
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    ChecklistSummary& item = items[i];
    item.share =
        rows.empty() ? 0.0 : static_cast<double>(item.ok) / static_cast<double>(rows.size());
    if (total > 0.0) item.population_share = ok_weight[i] / total;
    item.holds = !rows.empty() && item.share >= project.checklist[i].claim;
    std::sort(item.failing.begin(), item.failing.end());
  }
  return items;
}

}  // namespace

const std::vector<std::string>& builtin_measures() {
  static const std::vector<std::string> names{std::string(kRoadAccess), std::string(kConnected),
                                              std::string(kPavedConnected),
                                              std::string(kTwoAccess)};
  return names;
}

std::vector<std::string> valid_measures(const Project& project) {
  std::vector<std::string> names = builtin_measures();
  for (const auto& kind : project.facilities) names.push_back(kind.name);
  return names;
}

bool measure_holds(const Project& project, const VillageRow& row, const std::string& measure) {
  const VillageNetwork& net = row.network;
  if (measure == kRoadAccess) return net.road_access;
  if (measure == kConnected) return net.connected;
  if (measure == kPavedConnected) return net.paved_connected;
  if (measure == kTwoAccess) return net.connected && !net.single_access;
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    if (project.facilities[k].name == measure) return row.kinds.at(k).ok;
  }
  throw InternalError("checklist measure '" + measure +
                      "' is neither built in nor a facility kind of the project");
}

bool item_holds(const Project& project, const VillageRow& row, const ChecklistItem& item) {
  const auto holds = [&](const std::string& m) { return measure_holds(project, row, m); };
  if (item.combine == ChecklistItem::Combine::kAny) {
    return std::any_of(item.measures.begin(), item.measures.end(), holds);
  }
  return std::all_of(item.measures.begin(), item.measures.end(), holds);
}

std::string resolve_language(const std::string& setting, const std::vector<std::string>& names) {
  if (setting != "auto") return setting;
  const auto cjk = std::count_if(names.begin(), names.end(),
                                 [](const std::string& name) { return holds_cjk_ideograph(name); });
  return static_cast<std::size_t>(cjk) * 2 > names.size() ? "zh" : "en";
}

RoadFigures road_figures(const AnalysisResult& result, const std::vector<std::size_t>& rows,
                         bool weigh_population) {
  RoadFigures figures;
  std::set<std::int64_t> components;
  double total = 0.0;
  double near_paved = 0.0;
  for (const std::size_t v : rows) {
    const VillageRow& row = result.villages[v];
    const VillageNetwork& net = row.network;
    if (net.component) components.insert(*net.component);
    figures.connected += net.connected ? 1 : 0;
    figures.no_access += net.road_access ? 0 : 1;
    figures.single_access += net.single_access ? 1 : 0;
    figures.paved_connected += net.paved_connected ? 1 : 0;
    const double weight = weight_of(row, weigh_population);
    total += weight;
    if (net.paved_dist_m <= kRuralAccessDistanceM) near_paved += weight;
  }
  figures.components = components.size();
  figures.rural_access_index = total > 0.0 ? near_paved / total : 0.0;
  return figures;
}

void add_checklist(const Project& project, AnalysisResult& result) {
  const bool weigh_population = !project.village_population.empty();
  for (VillageRow& row : result.villages) {
    row.checks.assign(project.checklist.size(), false);
    for (std::size_t i = 0; i < project.checklist.size(); ++i) {
      const ChecklistItem& item = project.checklist[i];
      row.checks[i] = item_holds(project, row, item);
      if (row.checks[i]) continue;
      if (!row.missing.empty()) row.missing += schema::kMissingSeparator;
      row.missing += item.label_en;
    }
  }
  result.flagged = static_cast<std::size_t>(
      std::count_if(result.villages.begin(), result.villages.end(),
                    [](const VillageRow& row) { return !row.missing.empty(); }));

  std::vector<std::size_t> all(result.villages.size());
  for (std::size_t v = 0; v < all.size(); ++v) all[v] = v;
  result.checklist = checklist_figures(project, result, all, weigh_population);

  result.groups.clear();
  if (project.village_group.empty()) return;
  std::map<std::string, std::vector<std::size_t>> members;  // sorted by value (bytes)
  for (std::size_t v = 0; v < result.villages.size(); ++v) {
    members[result.villages[v].group].push_back(v);
  }
  for (const auto& [value, rows] : members) {
    GroupSummary group;
    group.value = value;
    group.villages = rows.size();
    for (const std::size_t v : rows) {
      const VillageRow& row = result.villages[v];
      group.population += row.population.value_or(0);
      group.flagged += row.missing.empty() ? 0 : 1;
    }
    group.road = road_figures(result, rows, weigh_population);
    group.kinds = kind_figures(project, result, rows, weigh_population);
    group.checklist = checklist_figures(project, result, rows, weigh_population);
    result.groups.push_back(std::move(group));
  }
}

}  // namespace infracov::analysis
