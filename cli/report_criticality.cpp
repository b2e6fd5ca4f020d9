// The report's critical road segments: summary.json's `criticality` lists as two tables, and the
// fids to highlight on the map.
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cartography.hpp"
#include "language.hpp"
#include "options.hpp"

namespace infracov::cli {
namespace {

using json = nlohmann::json;

std::string number(const json& value, int decimals) {
  if (value.is_null()) return "";
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value.get<double>());
  return text;
}

std::string table(const json& rows, const std::string& caption, const std::string& language) {
  const auto t = [&language](std::string_view zh, std::string_view en) {
    return text(language, zh, en);
  };
  std::string html = "<h3>" + caption + "</h3>\n<table>\n<tr><th>#</th><th>fid</th><th>" +
                     t("等级", "class") + "</th><th>" + t("断联村数", "villages cut off") +
                     "</th><th>" + t("断联人口", "people cut off") + "</th><th>" +
                     t("途经人口", "people routed over it") + "</th><th>" +
                     t("绕行人·公里", "detour person-km") + "</th><th>" +
                     t("最大绕行（km）", "largest detour km") + "</th><th>" +
                     t("中点", "midpoint") + "</th></tr>\n";
  int rank = 0;
  for (const json& row : rows) {
    const json& mid = row.value("midpoint", json::array());
    html += "<tr><td class=\"num\">" + std::to_string(++rank) + "</td><td class=\"num\">" +
            number(row.value("fid", json()), 0) + "</td><td>" +
            xml_escape(road_class_label(row.value("class", std::string()), language)) +
            "</td><td class=\"num\">" + number(row.value("villages_cut_off", json()), 0) +
            "</td><td class=\"num\">" + number(row.value("people_cut_off", json()), 0) +
            "</td><td class=\"num\">" + number(row.value("route_people", json()), 0) +
            "</td><td class=\"num\">" + number(row.value("detour_person_km", json()), 1) +
            "</td><td class=\"num\">" + number(row.value("detour_max_km", json()), 2) +
            "</td><td>" +
            (mid.size() == 2 ? number(mid[0], 0) + ", " + number(mid[1], 0) : std::string()) +
            "</td></tr>\n";
  }
  return html + "</table>\n";
}

}  // namespace

std::string criticality_section(const json& summary, const std::string& language) {
  if (!summary.contains("criticality") || !summary["criticality"].is_object()) return {};
  const json& c = summary["criticality"];
  const json cut_off = c.value("cut_off", json::array());
  const json detour = c.value("detour", json::array());
  if (cut_off.empty() && detour.empty()) return {};
  std::string html =
      "<h2>" + text(language, "关键路段", "Critical road segments") + "</h2>\n<p>" +
      text(language,
           "先列出一旦中断即使村庄与驻地断联的路段（路网中的桥），再列出其余路段中封闭后绕行最多"
           "的路段。两者在地图上均以紫色显示；fid 为 roads 图层的要素编号，中点坐标采用汇总文件的"
           "坐标系。",
           "Segments whose failure cuts villages off from the seat (bridges of the network), "
           "then the busiest other segments by the extra travel their closure causes. Both are "
           "drawn in purple on the map; fids are those of the roads layer, midpoints in the "
           "summary's CRS.") +
      "</p>\n";
  if (!cut_off.empty()) {
    html += table(cut_off, text(language, "致人口断联", "Cutting people off"), language);
  }
  if (!detour.empty()) {
    html +=
        table(detour, text(language, "封闭后绕行最多", "Largest detours when closed"), language);
  }
  return html;
}

std::set<std::int64_t> critical_fids(const json& summary) {
  std::set<std::int64_t> fids;
  if (!summary.contains("criticality") || !summary["criticality"].is_object()) return fids;
  for (const char* list : {"cut_off", "detour"}) {
    for (const json& row : summary["criticality"].value(list, json::array())) {
      if (row.contains("fid") && row["fid"].is_number_integer()) {
        fids.insert(row["fid"].get<std::int64_t>());
      }
    }
  }
  return fids;
}

}  // namespace infracov::cli
