// The report page and the map of `infracov compare` (report_compare.hpp).
#include "report_compare.hpp"

#include "infracov/analysis/checklist.hpp"
#include "language.hpp"
#include "options.hpp"

namespace infracov::cli {
namespace {

using analysis::ChangeReport;
using analysis::Presence;

// The map's village classes, in drawing order: what lost a check is drawn last, on top.
enum ChangeClass : std::size_t { kUnchanged, kGained, kGainedAndLost, kLost };

ChangeClass change_class(const analysis::VillageChange& v) {
  if (v.lost.empty()) return v.gained.empty() ? kUnchanged : kGained;
  return v.gained.empty() ? kLost : kGainedAndLost;
}

std::string label_of(const CompareWording& wording, const std::string& check) {
  const auto found = wording.check_label.find(check);
  return found == wording.check_label.end() ? check : found->second;
}

std::string labels_of(const CompareWording& wording, const std::vector<std::string>& checks) {
  std::string out;
  for (const auto& c : checks) {
    out += (out.empty() ? "" : (wording.language == "zh" ? "；" : "; ")) + label_of(wording, c);
  }
  return out;
}

std::string presence_label(Presence p, const std::string& language) {
  switch (p) {
    case Presence::kBoth:
      return text(language, "两次都有", "in both");
    case Presence::kOnlyBase:
      return text(language, "仅基准", "only in base");
    case Presence::kOnlyOther:
      return text(language, "仅对比", "only in other");
  }
  return "";
}

}  // namespace

CompareWording compare_wording(const analysis::Project* project,
                               const std::vector<std::string>& village_names) {
  CompareWording wording;
  wording.language =
      analysis::resolve_language(project ? project->language : "auto", village_names);
  if (project != nullptr) {
    for (const FieldAlias& alias : village_field_aliases(*project, wording.language)) {
      wording.check_label[alias.field] = alias.alias;
    }
  }
  return wording;
}

MapDrawn draw_compare_map(const ChangeReport& report, const Results& other,
                          const std::filesystem::path& out, const CompareWording& wording) {
  const std::string& language = wording.language;
  MapOptions options;
  VillageClasses classes;
  classes.classes = {{text(language, "无变化", "unchanged"), palette::kVillageUnchanged},
                     {text(language, "有改善", "gained a check"), palette::kVillageOk},
                     {text(language, "有增有减", "gained and lost"), palette::kVillageOneMissing},
                     {text(language, "有减少", "lost a check"), palette::kVillageFlagged}};
  std::size_t changed = 0;
  for (const auto& v : report.villages) {
    const ChangeClass c = change_class(v);
    if (c != kUnchanged) ++changed;
    if (v.presence != Presence::kOnlyBase) classes.class_of[v.id] = c;
  }
  options.villages = std::move(classes);
  options.language = language;
  options.title = text(language, "变化情况：" + std::to_string(changed) + " 个村有变化",
                       "What changed: " + std::to_string(changed) + " villages");
  return draw_results_map(other, out, options);
}

std::string compare_report_html(const ChangeReport& report, const std::string& base,
                                const std::string& other, const CompareWording& wording,
                                const std::string& map_file) {
  const std::string& language = wording.language;
  const auto t = [&language](std::string_view zh, std::string_view en) {
    return text(language, zh, en);
  };
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"" + t("zh-CN", "en") +
      "\">\n<head>\n<meta charset=\"utf-8\">\n<title>infracov: " + t("变化情况", "what changed") +
      "</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-"
      "collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}.gained{color:"
      "#1a9641}.lost{color:#d7191c}img{max-width:100%}</style>\n</head>\n<body>\n"
      "<h1>" +
      t("变化情况", "What changed") + "</h1>\n<p>" + t("基准", "Base") + ": " + xml_escape(base) +
      "<br>" + t("对比", "Other") + ": " + xml_escape(other) + "</p>\n<p>" +
      t("两次都有的村", "Villages in both") + ": " + std::to_string(report.both) +
      t("；仅基准", "; only in base") + ": " + std::to_string(report.only_base) +
      t("；仅对比", "; only in other") + ": " + std::to_string(report.only_other) +
      t("；未达标村", "; flagged") + ": " + std::to_string(report.flagged_base) + " &rarr; " +
      std::to_string(report.flagged_other) + "</p>\n";
  if (!map_file.empty()) {
    html += "<p><img src=\"" + xml_escape(map_file) + "\" alt=\"" +
            t("变化地图", "map of what changed") + "\"></p>\n";
  }
  html += "<h2>" + t("各项检查", "Checks") + "</h2>\n<table>\n<tr><th>" + t("检查", "check") +
          "</th><th>" + t("新达标", "gained") + "</th><th>" + t("不再达标", "lost") + "</th><th>" +
          t("两次都达标", "ok in both") + "</th><th>" + t("两次都未达标", "missing in both") +
          "</th></tr>\n";
  for (std::size_t c = 0; c < report.check_names.size(); ++c) {
    const auto& n = report.counts[c];
    html += "<tr><td>" + xml_escape(label_of(wording, report.check_names[c])) +
            "</td><td class=\"gained\">" + std::to_string(n.gained) + "</td><td class=\"lost\">" +
            std::to_string(n.lost) + "</td><td>" + std::to_string(n.ok_both) + "</td><td>" +
            std::to_string(n.missing_both) + "</td></tr>\n";
  }
  html += "</table>\n<h2>" + t("有变化的村", "Villages that changed") + "</h2>\n<table>\n<tr><th>" +
          t("村编号", "id") + "</th><th>" + t("村名", "name") + "</th><th>" + t("状态", "status") +
          "</th><th>" + t("新达标", "gained") + "</th><th>" + t("不再达标", "lost") +
          "</th></tr>\n";
  for (const auto& v : report.villages) {
    if (v.presence == Presence::kBoth && v.gained.empty() && v.lost.empty()) continue;
    html += "<tr><td>" + xml_escape(v.id) + "</td><td>" + xml_escape(v.name) + "</td><td>" +
            presence_label(v.presence, language) + "</td><td class=\"gained\">" +
            xml_escape(labels_of(wording, v.gained)) + "</td><td class=\"lost\">" +
            xml_escape(labels_of(wording, v.lost)) + "</td></tr>\n";
  }
  return html + "</table>\n</body>\n</html>\n";
}

}  // namespace infracov::cli
