// The report's flagged villages, each with its reasons in plain words ("最近的标准化卫生室沿公路
// 8.0 km（限 5 km）"): read from the villages layer's fields as `analyze` wrote them, with the
// limits of the project file. Formatting only: whether a village passes is the layer's verdict.
#include <algorithm>
#include <cstdio>

#include "cartography.hpp"
#include "infracov/analysis/schema.hpp"
#include "language.hpp"
#include "options.hpp"

namespace infracov::cli {
namespace {

namespace schema = analysis::schema;
using analysis::ChecklistItem;
using analysis::FacilityKind;
using analysis::Rule;

// Metres as kilometres with one decimal ("8.0"); "" for an empty or unreadable field.
std::string km_one_decimal(const std::string& metres_text) {
  try {
    char out[32];
    std::snprintf(out, sizeof out, "%.1f", std::stod(metres_text) / 1000.0);
    return out;
  } catch (const std::exception&) {
    return "";
  }
}

// A limit as written by a person: 5000 m is "5", 2500 m is "2.5".
std::string limit_number(double value) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f", value);
  std::string s = out;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

// A label used inside an English sentence: "Standardized clinic" reads "standardized clinic",
// while an acronym ("TV coverage") keeps its capitals.
std::string mid_sentence(std::string label, std::string_view language) {
  if (language != "zh" && label.size() > 1 && label[0] >= 'A' && label[0] <= 'Z' &&
      label[1] >= 'a' && label[1] <= 'z') {
    label[0] = static_cast<char>(label[0] - 'A' + 'a');
  }
  return label;
}

// A kind's name in a sentence: its Chinese name for zh, its own name with spaces for en.
std::string kind_name(const std::string& kind, std::string_view language) {
  std::string name = kind_label(kind, language);
  if (language != "zh") std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

// A kind's name without "in the village", which the in_village sentence says itself.
std::string in_village_name(const std::string& kind, std::string_view language) {
  std::string name = kind_label(kind, language);
  if (language == "zh") {
    const std::string prefix = "村内";
    if (name.rfind(prefix, 0) == 0 && name.size() > prefix.size()) name.erase(0, prefix.size());
    return name;
  }
  const std::string suffix = "_in_village";
  if (name.size() > suffix.size() &&
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
    name.resize(name.size() - suffix.size());
  }
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

// ASCII-case-insensitive: whether `text` contains `part`.
bool contains(std::string text, std::string part) {
  const auto lower = [](std::string& s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  };
  lower(text);
  lower(part);
  return !part.empty() && text.find(part) != std::string::npos;
}

// What a reason calls the facility of `measure` failing for `item`: the item's label when it
// names the kind more precisely ("标准化卫生室" for clinic, whose layer keeps only standardized
// ones), else the kind's own name ("电力线路" for 通动力电, each water source of 安全饮水 when any
// of them would do).
std::string facility_name(const ChecklistItem& item, const std::string& measure,
                          const FacilityKind* kind, const std::string& language) {
  if (kind == nullptr) return measure;
  const std::string own = kind->rule == Rule::kInVillage ? in_village_name(measure, language)
                                                         : kind_name(measure, language);
  const std::string label = item_label(item, language);
  if (item.combine != ChecklistItem::Combine::kAny && contains(label, own)) return label;
  return own;
}

class Reasons {
 public:
  Reasons(const ResultLayer& villages, const geo::Feature& village,
          const analysis::Project& project, const std::string& language)
      : villages_(villages), village_(village), project_(project), language_(language) {}

  bool is(std::string_view field) const { return villages_.text(village_, field) == "1"; }

  std::string t(std::string_view zh, std::string_view en) const { return text(language_, zh, en); }

  std::string no_road() const {
    const std::string km = km_one_decimal(villages_.text(village_, "road_dist_m"));
    const std::string limit = limit_number(project_.max_access_m / 1000.0);
    return t("距最近公路 " + km + " km（限 " + limit + " km）",
             km + " km from the nearest road (limit " + limit + " km)");
  }
  std::string not_connected() const {
    return is("road_access") ? t("公路不通驻地", "not connected to the seat by road") : no_road();
  }
  std::string not_paved() const {
    return is("connected") ? t("无硬化路通驻地", "no paved road to the seat") : not_connected();
  }
  std::string single_access() const {
    return is("connected") ? t("仅经一座桥通驻地", "reaches the seat over a single bridge only")
                           : not_connected();
  }

  // Whether `measure` holds for the village, as the layer says.
  bool holds(const std::string& measure) const {
    if (measure == "two_access") return is("connected") && !is("single_access");
    if (const FacilityKind* kind = find_kind(measure)) return is(schema::ok_field(*kind));
    return is(measure);  // road_access | connected | paved_connected
  }

  // Why `measure` fails; `name` is what the sentence calls the facility.
  std::string why(const std::string& measure, const std::string& name) const {
    if (measure == "road_access") return no_road();
    if (measure == "connected") return not_connected();
    if (measure == "paved_connected") return not_paved();
    if (measure == "two_access") return single_access();
    const FacilityKind* kind = find_kind(measure);
    if (kind == nullptr) return measure;
    const std::string value = villages_.text(village_, schema::distance_field(*kind));
    const std::string km = km_one_decimal(value);
    const std::string n = mid_sentence(name, language_);
    switch (kind->rule) {
      case Rule::kInVillage:
        return t("村内无" + n, "no " + n + " in the village");
      case Rule::kWithin:
        if (km.empty()) return t("不在" + n + "范围内", "outside every " + n + " area");
        return t("不在" + n + "范围内（相距 " + km + " km）",
                 "outside every " + n + " area (" + km + " km away)");
      case Rule::kEuclid: {
        if (km.empty()) return t("无" + n, "no " + n);
        const std::string limit = kind->max_m ? limit_number(*kind->max_m / 1000.0) : "";
        return t(
            "最近的" + n + "相距 " + km + " km" + (limit.empty() ? "" : "（限 " + limit + " km）"),
            "nearest " + n + " " + km + " km away" +
                (limit.empty() ? "" : " (limit " + limit + " km)"));
      }
      case Rule::kNetwork:
        if (value.empty()) return t("沿公路到不了" + n, "no " + n + " reachable by road");
        if (kind->max_minutes) {
          const std::string minutes = limit_number(std::stod(value));
          const std::string limit = limit_number(*kind->max_minutes);
          return t("最近的" + n + "沿公路 " + minutes + " 分钟（限 " + limit + " 分钟）",
                   "nearest " + n + " " + minutes + " min by road (limit " + limit + " min)");
        }
        {
          const std::string limit = kind->max_m ? limit_number(*kind->max_m / 1000.0) : "";
          return t("最近的" + n + "沿公路 " + km + " km" +
                       (limit.empty() ? "" : "（限 " + limit + " km）"),
                   "nearest " + n + " " + km + " km by road" +
                       (limit.empty() ? "" : " (limit " + limit + " km)"));
        }
    }
    return measure;
  }

  const FacilityKind* find_kind(const std::string& name) const {
    for (const auto& kind : project_.facilities) {
      if (kind.name == name) return &kind;
    }
    return nullptr;
  }

 private:
  const ResultLayer& villages_;
  const geo::Feature& village_;
  const analysis::Project& project_;
  const std::string& language_;
};

// The distance-like fields of a village (road_dist_m, K_dist_m, K_minutes), in layer order.
std::vector<std::string> distance_fields(const ResultLayer& villages) {
  std::vector<std::string> out;
  for (const auto& f : villages.fields) {
    if (schema::is_distance_field(f)) out.push_back(f);
  }
  return out;
}

std::string format_number(const std::string& text) {
  if (text.empty()) return "&ndash;";
  try {
    char out[32];
    std::snprintf(out, sizeof out, "%.0f", std::stod(text));
    return out;
  } catch (const std::exception&) {
    return xml_escape(text);
  }
}

}  // namespace

std::string flagged_section(const ResultLayer& villages, const analysis::Project* project,
                            const std::string& language) {
  const auto t = [&language](std::string_view zh, std::string_view en) {
    return text(language, zh, en);
  };
  // Flagged villages: those failing most first, then by id.
  std::vector<const geo::Feature*> flagged;
  for (const auto& f : villages.table.features) {
    if (failed_checks(villages.text(f, schema::kMissing)) > 0) flagged.push_back(&f);
  }
  std::stable_sort(flagged.begin(), flagged.end(), [&](const auto* a, const auto* b) {
    const int fa = failed_checks(villages.text(*a, schema::kMissing));
    const int fb = failed_checks(villages.text(*b, schema::kMissing));
    if (fa != fb) return fa > fb;
    return villages.text(*a, "id") < villages.text(*b, "id");
  });
  const auto distances = distance_fields(villages);
  std::string html = "<h2>" + t("标记的村", "Flagged villages") + " (" +
                     std::to_string(flagged.size()) + ")</h2>\n";
  if (flagged.empty()) {
    return html + "<p>" + t("每个村都通过全部核查。", "Every village passes every check.") +
           "</p>\n";
  }
  html += "<table id=\"flagged\">\n<tr><th>id</th><th>name</th><th>missing</th>";
  if (project != nullptr) html += "<th>" + t("原因", "why") + "</th>";
  for (const auto& d : distances) html += "<th>" + xml_escape(d) + "</th>";
  html += "</tr>\n";
  const std::string separator = t("；", "; ");
  for (const auto* f : flagged) {
    const int failed = failed_checks(villages.text(*f, schema::kMissing));
    const std::string id = villages.text(*f, "id");
    html += "<tr data-village=\"" + xml_escape(id) + "\"><td>" + xml_escape(id) + "</td><td>" +
            xml_escape(villages.text(*f, "name")) +
            "</td><td><span class=\"swatch\" style=\"background:" +
            std::string(palette::village_colour(failed)) + "\"></span>" +
            xml_escape(villages.text(*f, schema::kMissing)) + "</td>";
    if (project != nullptr) {
      std::string why;
      for (const auto& reason : village_reasons(villages, *f, *project, language)) {
        why += (why.empty() ? "" : separator) + reason;
      }
      html += "<td class=\"why\">" + xml_escape(why) + "</td>";
    }
    for (const auto& d : distances) {
      html += "<td class=\"num\">" + format_number(villages.text(*f, d)) + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

std::vector<std::string> village_reasons(const ResultLayer& villages, const geo::Feature& village,
                                         const analysis::Project& project,
                                         const std::string& language) {
  const Reasons r(villages, village, project, language);
  std::vector<std::string> out;
  const auto add = [&out](std::string reason) {
    if (std::find(out.begin(), out.end(), reason) == out.end()) out.push_back(std::move(reason));
  };
  // Road access and connectivity flag every village (schema::kFailedRoad, kFailedConnectivity).
  if (!r.is("road_access")) {
    add(r.no_road());
  } else if (!r.is("connected")) {
    add(r.not_connected());
  }
  // Each failed checklist item by its failing measures.
  std::vector<std::string> explained;
  for (std::size_t i = 0; i < project.checklist.size(); ++i) {
    if (villages.text(village, schema::check_field(i)) != "0") continue;
    const ChecklistItem& item = project.checklist[i];
    for (const std::string& measure : item.measures) {
      if (r.holds(measure)) continue;
      add(r.why(measure, facility_name(item, measure, r.find_kind(measure), language)));
      explained.push_back(measure);
    }
  }
  // Kinds that flag a village by themselves and no failed item explained.
  for (const FacilityKind& kind : project.facilities) {
    if (!kind.flag || r.holds(kind.name)) continue;
    if (std::find(explained.begin(), explained.end(), kind.name) != explained.end()) continue;
    add(r.why(kind.name, kind.rule == Rule::kInVillage ? in_village_name(kind.name, language)
                                                       : kind_name(kind.name, language)));
  }
  return out;
}

}  // namespace infracov::cli
