// The report's plans: for each plan `infracov plan` wrote, its headline figures (summary.json's
// `plans`) and its works in build order with length, cost and villages served (the plan layers
// of results.gpkg), with totals. Formatting only: every figure is the plan's own.
#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "cartography.hpp"
#include "language.hpp"
#include "options.hpp"

namespace infracov::cli {
namespace {

using json = nlohmann::json;

std::string fixed(double value, int decimals) {
  char out[64];
  std::snprintf(out, sizeof out, "%.*f", decimals, value);
  return out;
}

double number_or_zero(const std::string& text) {
  try {
    return text.empty() ? 0.0 : std::stod(text);
  } catch (const std::exception&) {
    return 0.0;
  }
}

// A headline figure's name in the language; a figure not listed here shows its key.
std::string figure_label(const std::string& key, const std::string& language) {
  static const std::map<std::string, std::pair<const char*, const char*>> kLabels{
      {"new_links", {"新建路段数", "new links"}},
      {"new_road_km", {"新建道路（km）", "new road (km)"}},
      {"villages_joined", {"接通村数", "villages joined"}},
      {"groups_unreached", {"无法接通的片区", "groups unreached"}},
      {"paving_parts", {"硬化路段数", "paving parts"}},
      {"paving_km", {"硬化里程（km）", "paving (km)"}},
      {"villages_to_pave", {"待硬化通达村数", "villages to pave"}},
      {"villages_already_paved", {"已通硬化路村数", "villages already paved"}},
      {"villages_unreachable_for_paving", {"无法硬化通达村数", "villages unreachable for paving"}},
      {"cost", {"造价", "cost"}},
      {"kind", {"设施", "facility"}},
      {"villages_to_connect", {"待接电村数", "villages to connect"}},
      {"villages_unreached", {"无法接通村数", "villages unreached"}},
      {"new_lines", {"新建线路数", "new lines"}},
      {"new_line_km", {"新建线路（km）", "new line (km)"}},
      {"sites", {"新址数", "sites"}},
      {"share_before", {"规划前覆盖率", "share before"}},
      {"share_after", {"规划后覆盖率", "share after"}},
      {"target_share", {"目标覆盖率", "target share"}},
      {"target_reached", {"达到目标", "target reached"}},
      {"gain_evaluations", {"增益计算次数", "gain evaluations"}},
      {"method", {"方法", "method"}}};
  const auto it = kLabels.find(key);
  if (it == kLabels.end()) return key;
  return text(language, it->second.first, it->second.second);
}

// A figure's value as the page shows it: the kind and the method in the language (the plan
// writes them in English), yes or no, shares in per cent, other numbers as they are.
std::string figure_value(const std::string& key, const json& value, const std::string& language) {
  if (key == "method" && value.is_object()) {
    // One method per part of the plan: "new roads: ...; paving: ...".
    std::string out;
    for (const auto& [part, method] : value.items()) {
      if (!method.is_string()) continue;
      // The roads plan's two parts; another part keeps its key.
      const std::string name = part == "links"    ? text(language, "新建道路", "new roads")
                               : part == "paving" ? text(language, "路面硬化", "paving")
                                                  : part;
      out += (out.empty() ? "" : text(language, "；", "; ")) + name + text(language, "：", ": ") +
             plan_method_label(method.get<std::string>(), language);
    }
    return out;
  }
  if (key == "method" && value.is_string()) {
    return plan_method_label(value.get<std::string>(), language);
  }
  if (key == "kind" && value.is_string()) return kind_label(value.get<std::string>(), language);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean())
    return text(language, value.get<bool>() ? "是" : "否", value.get<bool>() ? "yes" : "no");
  if (!value.is_number()) return value.dump();
  const double v = value.get<double>();
  if (key.rfind("share", 0) == 0) return fixed(v * 100.0, 1) + " %";
  if (key == "cost") return fixed(v, 0);
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  return fixed(v, 2);
}

struct PlanLayers {
  const char* plan;  // summary.json's key
  const char* zh;
  const char* en;
  std::vector<std::pair<const char*, std::pair<const char*, const char*>>> layers;
};

const std::vector<PlanLayers>& plan_layers() {
  static const std::vector<PlanLayers> kPlans{
      {"roads",
       "道路规划",
       "Road plan",
       {{"proposed_roads", {"新建道路", "New roads"}},
        {"paving_upgrades", {"硬化路段", "Paving upgrades"}}}},
      {"grid", "电网规划", "Grid plan", {{"proposed_grid", {"新建线路", "New lines"}}}},
      {"sites", "选址规划", "Site plan", {{"proposed_sites", {"新址", "New sites"}}}}};
  return kPlans;
}

// One plan layer's works in build order, with a totals row.
std::string works_table(const ResultLayer& layer, const std::string& caption,
                        const std::map<std::string, std::string>& names,
                        const std::string& language) {
  const auto t = [&language](std::string_view zh, std::string_view en) {
    return text(language, zh, en);
  };
  const std::string order = layer.field_index("build_order") ? "build_order" : "pick_order";
  const bool has_length = layer.field_index("length_m").has_value();
  const bool has_cost = layer.field_index("cost").has_value();
  // What each work is: the village it connects, the components it joins, the class it paves or
  // the village a site stands in.
  std::string detail;
  for (const char* field : {"village", "candidate", "joins", "class"}) {
    if (detail.empty() && layer.field_index(field)) detail = field;
  }
  std::vector<const geo::Feature*> works;
  for (const auto& f : layer.table.features) works.push_back(&f);
  std::stable_sort(works.begin(), works.end(), [&](const auto* a, const auto* b) {
    return number_or_zero(layer.text(*a, order)) < number_or_zero(layer.text(*b, order));
  });
  std::string html = "<h4>" + xml_escape(caption) +
                     "</h4>\n<table class=\"plan-works\" id=\"plan-" + layer.name +
                     "\">\n<tr><th>" + t("建设顺序", "build order") + "</th>";
  if (has_length) html += "<th>" + t("长度（km）", "length (km)") + "</th>";
  if (has_cost) html += "<th>" + t("造价", "cost") + "</th>";
  html += "<th>" + t("受益村数", "villages served") + "</th>";
  if (!detail.empty()) html += "<th>" + t("说明", "what") + "</th>";
  html += "</tr>\n";
  double length_m = 0.0, cost = 0.0;
  for (const auto* f : works) {
    html += "<tr><td class=\"num\">" + xml_escape(layer.text(*f, order)) + "</td>";
    if (has_length) {
      length_m += number_or_zero(layer.text(*f, "length_m"));
      html += "<td class=\"num\">" + fixed(number_or_zero(layer.text(*f, "length_m")) / 1000.0, 2) +
              "</td>";
    }
    if (has_cost) {
      cost += number_or_zero(layer.text(*f, "cost"));
      html += "<td class=\"num\">" + fixed(number_or_zero(layer.text(*f, "cost")), 0) + "</td>";
    }
    html += "<td class=\"num\">" + xml_escape(layer.text(*f, "villages_served")) + "</td>";
    if (!detail.empty()) {
      const std::string value = layer.text(*f, detail);
      // The village a work serves by its name too; a joined group and a road class in words.
      std::string id = value;
      if (detail == "joins" && value.rfind("village ", 0) == 0) id = value.substr(8);
      std::string what = value;
      if (detail == "joins") what = plan_work_label(value, language);
      if (detail == "class") what = road_class_label(value, language);
      if (const auto name = names.find(id); name != names.end() && !name->second.empty()) {
        what += " " + name->second;
      }
      html += "<td>" + xml_escape(what) + "</td>";
    }
    html += "</tr>\n";
  }
  html += "<tr class=\"total\"><th>" + t("合计", "total") + "</th>";
  if (has_length) html += "<th class=\"num\">" + fixed(length_m / 1000.0, 2) + "</th>";
  if (has_cost) html += "<th class=\"num\">" + fixed(cost, 0) + "</th>";
  // No total of villages served: works of one plan serve some villages twice (a paving part and
  // the link before it); the plan's figures above count each village once.
  html += "<th></th>";
  if (!detail.empty()) html += "<th></th>";
  return html + "</tr>\n</table>\n";
}

}  // namespace

std::string plans_section(const Results& results, const nlohmann::json& summary,
                          const std::string& language) {
  const json* figures =
      summary.contains("plans") && summary["plans"].is_object() ? &summary["plans"] : nullptr;
  std::map<std::string, std::string> names;
  if (const ResultLayer* villages = results.layer("villages")) {
    for (const auto& f : villages->table.features) {
      names[villages->text(f, "id")] = villages->text(f, "name");
    }
  }
  std::string html;
  for (const PlanLayers& plan : plan_layers()) {
    const bool has_figures = figures != nullptr && figures->contains(plan.plan);
    bool has_layer = false;
    for (const auto& [layer, caption] : plan.layers) has_layer |= results.layer(layer) != nullptr;
    if (!has_figures && !has_layer) continue;
    html += "<h3>" + text(language, plan.zh, plan.en) + "</h3>\n";
    if (has_figures && (*figures)[plan.plan].is_object()) {
      html += "<table class=\"plan-figures\" id=\"plan-" + std::string(plan.plan) + "\">\n";
      for (const auto& [key, value] : (*figures)[plan.plan].items()) {
        if (value.is_array() || (value.is_object() && key != "method")) continue;
        // Words left-aligned, numbers right-aligned.
        const bool words = value.is_string() || value.is_object() || value.is_boolean();
        html += "<tr><th>" + xml_escape(figure_label(key, language)) + "</th><td" +
                (words ? "" : " class=\"num\"") + ">" +
                xml_escape(figure_value(key, value, language)) + "</td></tr>\n";
      }
      html += "</table>\n";
    }
    for (const auto& [layer, caption] : plan.layers) {
      if (const ResultLayer* works = results.layer(layer)) {
        html += works_table(*works, text(language, caption.first, caption.second), names, language);
      }
    }
  }
  if (html.empty()) return "";
  return "<h2 id=\"plans\">" + text(language, "规划", "Plans") + "</h2>\n" + html;
}

}  // namespace infracov::cli
