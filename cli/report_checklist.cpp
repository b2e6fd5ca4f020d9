// The report's planner sections from summary.json: the claims table (one row per [[checklist]]
// item, its failing villages as links that zoom the map) and the per-group table with a small bar
// per item. Figures are summary.json's own; nothing is recomputed here.
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "cartography.hpp"
#include "language.hpp"
#include "options.hpp"

namespace infracov::cli {
namespace {

using json = nlohmann::json;

std::string percent(double share) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %%", share * 100.0);
  return buffer;
}

std::string label_of(const json& item, const std::string& language) {
  const std::string zh = item.value("label", std::string());
  const std::string en = item.value("label_en", std::string());
  if (language == "zh") return zh.empty() ? en : zh;
  return en.empty() ? zh : en;
}

std::size_t count(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
}

double number(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : 0.0;
}

}  // namespace

std::string checklist_section(const json& summary, const std::string& language,
                              const std::map<std::string, std::string>& village_names) {
  const auto it = summary.find("checklist");
  if (it == summary.end() || !it->is_array() || it->empty()) return {};
  const auto t = [&language](std::string_view zh, std::string_view en) {
    return text(language, zh, en);
  };
  std::string html = "<h2>" + t("承诺核查", "The claims, checked") + "</h2>\n";
  html += "<table id=\"claims\">\n<thead><tr><th>" + t("项目", "Item") + "</th><th>" +
          t("承诺", "Claim") + "</th><th>" +
          t("实测（达标村数）", "Measured (villages meeting it)") + "</th><th>" +
          t("是否成立", "Holds") + "</th><th>" +
          t("未达标的村（点击在地图上定位）", "Failing villages (click to zoom the map)") +
          "</th></tr></thead>\n<tbody>\n";
  const std::size_t villages = count(summary, "villages");
  for (const json& item : *it) {
    const bool holds = item.value("holds", false);
    const std::size_t ok = count(item, "ok");
    const std::size_t missing = count(item, "missing");
    html += "<tr class=\"claim\" data-ok=\"" + std::to_string(ok) + "\" data-missing=\"" +
            std::to_string(missing) + "\"><td>" + xml_escape(label_of(item, language)) +
            "</td><td class=\"num\">" + percent(number(item, "claim")) + "</td><td class=\"num\">" +
            percent(number(item, "share")) + " (" + std::to_string(ok) + " / " +
            std::to_string(villages) + ")</td><td class=\"" +
            (holds ? "holds\">" + t("✓ 成立", "✓ holds")
                   : "fails\">" + t("✗ 不成立", "✗ does not hold")) +
            "</td><td class=\"failing\">";
    bool first = true;
    for (const json& id_value : item.value("failing", json::array())) {
      if (!id_value.is_string()) continue;
      const std::string id = id_value.get<std::string>();
      const auto name = village_names.find(id);
      // The link's text is the village's name a planner knows; its id finds the map marker.
      html += std::string(first ? "" : ", ") +
              "<a href=\"#map\" class=\"village-link\" data-village=\"" + xml_escape(id) +
              "\" title=\"" + xml_escape(id) + "\">" +
              xml_escape(name == village_names.end() || name->second.empty() ? id : name->second) +
              "</a>";
      first = false;
    }
    html += "</td></tr>\n";
  }
  return html + "</tbody></table>\n";
}

std::string groups_section(const json& summary, const std::string& language) {
  const auto groups = summary.find("groups");
  const auto items = summary.find("checklist");
  if (groups == summary.end() || !groups->is_object() || groups->empty()) return {};
  const auto t = [&language](std::string_view zh, std::string_view en) {
    return text(language, zh, en);
  };
  std::string html = "<h2>" + t("分乡镇", "By group") +
                     "</h2>\n<table id=\"groups\">\n<thead><tr><th>" + t("分组", "Group") +
                     "</th><th>" + t("村数", "Villages") + "</th><th>" + t("人口", "Population") +
                     "</th><th>" + t("标记的村", "Flagged") + "</th>";
  std::size_t n_items = 0;
  if (items != summary.end() && items->is_array()) {
    for (const json& item : *items) {
      html += "<th>" + xml_escape(label_of(item, language)) + "</th>";
      ++n_items;
    }
  }
  html += "</tr></thead>\n<tbody>\n";
  for (const auto& [value, group] : groups->items()) {
    const std::size_t villages = count(group, "villages");
    html += "<tr class=\"group\"><td>" + xml_escape(value) + "</td><td class=\"num\">" +
            std::to_string(villages) + "</td><td class=\"num\">" +
            std::to_string(count(group, "population")) + "</td><td class=\"num\">" +
            std::to_string(count(group, "flagged")) + "</td>";
    const json checklist = group.value("checklist", json::array());
    for (std::size_t i = 0; i < n_items; ++i) {
      if (i >= checklist.size()) {
        html += "<td></td>";
        continue;
      }
      const double share = number(checklist[i], "share");
      char width[32];
      std::snprintf(width, sizeof width, "%.1f%%", share * 100.0);
      // The bar is the share; red when a village of the group fails, so weak towns stand out.
      html += "<td class=\"bar-cell\"><span class=\"bar\"><span class=\"" +
              std::string(count(checklist[i], "missing") > 0 ? "bar-fill short" : "bar-fill") +
              "\" style=\"width:" + width + "\"></span></span> " +
              std::to_string(count(checklist[i], "ok")) + "/" + std::to_string(villages) + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</tbody></table>\n";
}

std::string engineering_section(const json& summary, const std::string& language) {
  const auto graph = summary.find("graph");
  const auto warnings = summary.find("warnings");
  const bool has_graph = graph != summary.end() && graph->is_object() && !graph->empty();
  const bool has_warnings = warnings != summary.end() && warnings->is_array() && !warnings->empty();
  if (!has_graph && !has_warnings) return {};
  // Collapsed and last: the network's repairs and the data warnings matter to whoever prepares
  // the data, not to the planner reading the claims.
  std::string html = "<details id=\"engineering\"><summary>" +
                     text(language, "工程数据（路网图、数据警告）",
                          "Engineering figures (road graph, data warnings)") +
                     "</summary>\n";
  if (has_graph) {
    html += "<table id=\"graph\">\n";
    for (const auto& [key, value] : graph->items()) {
      html += "<tr><th>graph." + xml_escape(key) + "</th><td class=\"num\">" +
              xml_escape(value.dump()) + "</td></tr>\n";
    }
    html += "</table>\n";
  }
  if (has_warnings) {
    html += "<table id=\"warnings\">\n<tr><th>code</th><th>layer</th><th>count</th><th>" +
            text(language, "说明", "message") + "</th></tr>\n";
    for (const json& w : *warnings) {
      html += "<tr><td>" + xml_escape(w.value("code", std::string())) + "</td><td>" +
              xml_escape(w.value("layer", std::string())) + "</td><td class=\"num\">" +
              std::to_string(count(w, "count")) + "</td><td>" +
              xml_escape(w.value("message", std::string())) + "</td></tr>\n";
    }
    html += "</table>\n";
  }
  return html + "</details>\n";
}

}  // namespace infracov::cli
