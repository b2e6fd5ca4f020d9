#include "language.hpp"

#include <map>

#include "infracov/analysis/analyze.hpp"
#include "infracov/analysis/schema.hpp"

namespace infracov::cli {

namespace schema = analysis::schema;

std::string kind_label(const std::string& kind, std::string_view language) {
  if (language != "zh") return kind;
  // The kinds the bundled sample and DESIGN.md's examples use; any other keeps its own name,
  // which the planner chose.
  static const std::map<std::string, std::string, std::less<>> kChinese{
      {"clinic", "卫生室"},
      {"clinic_in_village", "村内卫生室"},
      {"hospital", "医院"},
      {"school", "学校"},
      {"store", "超市"},
      {"power", "电力线路"},
      {"water", "供水区"},
      {"well", "水井"},
      {"well_in_village", "村内水井"},
      {"culture_room", "文化室"},
      {"telecom", "广播电视网络"},
      {"post", "邮政"},
      {"market", "集市"}};
  const auto it = kChinese.find(kind);
  return it == kChinese.end() ? kind : it->second;
}

std::string village_status_label(int failed_checks, std::string_view language) {
  if (failed_checks <= 0) return text(language, "全部达标", "all checks pass");
  if (failed_checks == 1) return text(language, "1 项未达标", "fails 1 check");
  return text(language, "2 项及以上未达标", "fails 2 or more checks");
}

std::string service_area_label(const std::string& kind, std::string_view language) {
  return text(language, kind_label(kind, language) + "服务范围", kind + " service area");
}

std::string bridge_label(std::string_view language) {
  return text(language, "桥（单一通道）", "bridge (single link)");
}

std::string nearest_line_label(const std::string& kind, std::string_view language) {
  return text(language, "到最近" + kind_label(kind, language) + "的路线", "to the nearest " + kind);
}

std::string map_layer_title(std::string_view layer, std::string_view language) {
  static const std::map<std::string, std::pair<std::string, std::string>, std::less<>> kTitles{
      {"villages", {"村庄", "Villages"}},
      {"roads", {"公路（红色为桥）", "Roads (bridges red)"}},
      {"critical_segments", {"关键路段", "Critical segments"}},
      {"service_areas", {"服务范围", "Service areas"}},
      {"nearest_facility", {"到最近设施的路线", "Lines to the nearest facility"}},
      {"boundary", {"边界", "Boundary"}},
      {"proposed_sites", {"新址", "Proposed sites"}},
      {"proposed_roads", {"新建道路", "Proposed roads"}},
      {"paving_upgrades", {"硬化路段", "Paving upgrades"}},
      {"proposed_grid", {"新建线路", "Proposed grid"}}};
  const auto it = kTitles.find(layer);
  if (it == kTitles.end()) return std::string(layer);
  return text(language, it->second.first, it->second.second);
}

std::string rule_label(const std::string& rule, std::string_view language) {
  static const std::map<std::string, std::pair<std::string, std::string>, std::less<>> kRules{
      {"network", {"沿公路距离", "along the roads"}},
      {"euclid", {"直线距离", "straight line"}},
      {"within", {"位于范围内", "inside an area"}},
      {"in_village", {"村内", "in the village"}}};
  const auto it = kRules.find(rule);
  if (it == kRules.end()) return rule;
  return text(language, it->second.first, it->second.second);
}

std::string summary_label(const std::string& key, std::string_view language) {
  static const std::map<std::string, std::pair<std::string, std::string>, std::less<>> kKeys{
      {"villages", {"村庄数", "villages"}},
      {"crs", {"坐标系", "CRS"}},
      {"flagged", {"未达标村数", "villages flagged"}},
      {"road.components", {"路网连通分量", "road components"}},
      {"road.connected", {"与驻地连通村数", "villages connected to the seat"}},
      {"road.no_access", {"不通公路村数", "villages without road access"}},
      {"road.single_access", {"单一通道村数", "villages with a single access"}},
      {"road.paved_connected", {"通硬化路村数", "villages paved-connected"}},
      {"road.rural_access_index", {"农村通达指数", "Rural Access Index"}}};
  const auto it = kKeys.find(key);
  if (it == kKeys.end()) return key;
  return text(language, it->second.first, it->second.second);
}

std::string plan_method_label(const std::string& method, std::string_view language) {
  if (language != "zh") return method;
  // The methods analysis/src/plan_run.cpp names, word for word.
  static const std::map<std::string, std::string, std::less<>> kChinese{
      {"minimum spanning tree over components and unattached villages",
       "在路网片区与未通路村庄之间求最小生成树"},
      {"Takahashi-Matsuyama Steiner heuristic, within 2(1-1/l) of optimal",
       "Takahashi-Matsuyama 斯坦纳树启发式算法，不超过最优解的 2(1-1/l) 倍"},
      {"Prim's tree rooted at the existing grid", "以现有电网为根的 Prim 最小生成树"},
      {"greedy maximal covering with lazy evaluation (within 1-1/e of optimal)",
       "惰性求值的贪心最大覆盖算法（不低于最优解的 1-1/e）"}};
  const auto it = kChinese.find(method);
  return it == kChinese.end() ? method : it->second;
}

std::string plan_work_label(const std::string& work, std::string_view language) {
  if (language != "zh") return work;
  // The groups a new road joins, as analysis/src/plan_run.cpp names them.
  if (work == "main") return "主路网";
  if (work.rfind("village ", 0) == 0) return "村 " + work.substr(8);
  if (work.rfind("component ", 0) == 0) return "路网片区 " + work.substr(10);
  return work;
}

std::string road_class_label(const std::string& road_class, std::string_view language) {
  if (road_class.empty()) return text(language, "公路", "road");
  if (language != "zh") return road_class;
  static const std::map<std::string, std::string, std::less<>> kChinese{
      {"national", "国道"},
      {"provincial", "省道"},
      {"county", "县道"},
      {"village_paved", "村级硬化路"},
      {"gravel", "砂石路"}};
  const auto it = kChinese.find(road_class);
  return it == kChinese.end() ? road_class : it->second;
}

std::string item_label(const analysis::ChecklistItem& item, std::string_view language) {
  const std::string& first = language == "zh" ? item.label : item.label_en;
  const std::string& second = language == "zh" ? item.label_en : item.label;
  return first.empty() ? second : first;
}

std::vector<FieldAlias> village_field_aliases(const analysis::Project& project,
                                              std::string_view language) {
  const auto t = [language](std::string_view zh, std::string_view en) {
    return text(language, zh, en);
  };
  std::vector<FieldAlias> out{{"id", t("村编号", "Village id")}, {"name", t("村名", "Village")}};
  if (!project.village_group.empty()) {
    out.push_back({std::string(schema::kGroup), t("所属分组", "Group")});
  }
  out.push_back({"population", t("人口", "Population")});
  out.push_back({"road_dist_m", t("到公路距离(米)", "Distance to road (m)")});
  out.push_back({"road_access", t("通公路", "Road access")});
  out.push_back({"component", t("路网连通分量", "Road component")});
  out.push_back({"connected", t("与驻地连通", "Connected to the seat")});
  out.push_back({"paved_connected", t("硬化路通驻地", "Paved to the seat")});
  out.push_back({"single_access", t("单一通道(桥)", "Single access (bridge)")});
  for (const auto& kind : project.facilities) {
    const std::string k = kind_label(kind.name, language);
    if (kind.max_minutes) {
      out.push_back(
          {schema::distance_field(kind), t("到" + k + "时间(分钟)", "Time to " + k + " (min)")});
    } else {
      out.push_back(
          {schema::distance_field(kind), t("到" + k + "距离(米)", "Distance to " + k + " (m)")});
    }
    out.push_back({schema::nearest_field(kind), t("最近" + k, "Nearest " + k)});
    out.push_back({schema::ok_field(kind), t(k + " 达标", k + " ok")});
  }
  for (std::size_t i = 0; i < project.checklist.size(); ++i) {
    out.push_back({schema::check_field(i), item_label(project.checklist[i], language)});
  }
  out.push_back({std::string(schema::kMissing), t("未达标项", "Failed checks")});
  return out;
}

std::vector<FieldAlias> group_field_aliases(const analysis::Project& project,
                                            std::string_view language) {
  const auto t = [language](std::string_view zh, std::string_view en) {
    return text(language, zh, en);
  };
  std::vector<FieldAlias> out{
      {std::string(schema::kGroup), t("分组", "Group")},
      {"villages", t("村数", "Villages")},
      {"population", t("人口", "Population")},
      {"flagged", t("标记村数", "Flagged villages")},
      {"road_components", t("路网连通分量数", "Road components")},
      {"road_connected", t("与驻地连通村数", "Villages connected")},
      {"road_no_access", t("不通公路村数", "Villages without road access")},
      {"road_single_access", t("单一通道村数", "Villages with single access")},
      {"road_paved_connected", t("硬化路通驻地村数", "Villages paved to the seat")},
      {"road_rural_access_index", t("农村可达性指数", "Rural access index")}};
  for (const auto& kind : project.facilities) {
    const std::string k = kind_label(kind.name, language);
    out.push_back({kind.name + "_ok", t(k + "达标村数", k + ": villages ok")});
    out.push_back({kind.name + "_missing", t(k + "未达标村数", k + ": villages missing")});
    out.push_back(
        {kind.name + "_population_share", t(k + "达标人口占比", k + ": population share")});
  }
  for (std::size_t i = 0; i < project.checklist.size(); ++i) {
    const std::string check = schema::check_field(i);
    const std::string label = item_label(project.checklist[i], language);
    out.push_back({check + "_ok", t(label + "达标村数", label + ": villages passing")});
    out.push_back({check + "_missing", t(label + "未达标村数", label + ": villages failing")});
    out.push_back({check + "_share", t(label + "达标率", label + ": share passing")});
  }
  return out;
}

std::vector<FieldAlias> road_field_aliases(const analysis::Project& project,
                                           std::string_view language) {
  const auto t = [language](std::string_view zh, std::string_view en) {
    return text(language, zh, en);
  };
  std::vector<FieldAlias> out{
      {"source_fid", t("源要素号", "Source FID")},
      {"class", t("道路等级", "Road class")},
      {"length_m", t("长度(米)", "Length (m)")},
      {"component", t("路网连通分量", "Road component")},
      {"bridge", t("桥(断开即失联)", "Bridge (cut-off if closed)")},
      {std::string(schema::kVillagesCutOff), t("断开后失联村数", "Villages cut off")},
      {std::string(schema::kPeopleCutOff), t("断开后失联人口", "People cut off")},
      {std::string(schema::kRoutePeople), t("途经人口", "People routed over it")}};
  // The same test as the roads layer's writer: per-kind fields for network kinds only.
  const std::vector<std::size_t> network_index = analysis::network_kind_index(project);
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    if (network_index[k] == SIZE_MAX) continue;
    const std::string name = kind_label(project.facilities[k].name, language);
    out.push_back({schema::route_people_field(project.facilities[k]),
                   t("前往" + name + "途经人口", "People routed to " + name)});
  }
  out.push_back({std::string(schema::kDetourPersonKm), t("绕行人公里", "Detour person-km")});
  out.push_back({std::string(schema::kDetourMaxKm), t("最大绕行(公里)", "Largest detour (km)")});
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    if (network_index[k] == SIZE_MAX) continue;
    const std::string name = kind_label(project.facilities[k].name, language);
    out.push_back({schema::lost_field(project.facilities[k]),
                   t("断开后失去" + name + "的村数", "Villages losing " + name)});
  }
  return out;
}

}  // namespace infracov::cli
