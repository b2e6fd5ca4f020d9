#include "project.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

#include "infracov/analysis/checklist.hpp"
#include "infracov/analysis/schema.hpp"
#include "infracov/geo/error.hpp"
#include "project_overrides.hpp"
#include "project_reader.hpp"
#include "scenario.hpp"

namespace infracov::cli {
namespace {

namespace fs = std::filesystem;
using project_detail::apply_scenario;
using project_detail::line_of;
using project_detail::Range;
using project_detail::Reader;
using project_detail::shown;

// max_access_m and max_m: 0 m leaves nothing within reach (the `within` rule is there for
// "inside"); 10,000 km is wider than any country, and a projected CRS is meaningless at that size.
Range length_range(const std::string& example) {
  return {false,
          1e7,
          "metres",
          example,
          "0 m leaves nothing within reach",
          "no county, province or nation is that wide"};
}
// snap_m: 0 is meaningful (only end points that coincide are one node); end points a kilometre
// apart are different roads, and joining them would invent road that is not there.
const Range kSnap{
    true,     1000.0,
    "metres", "snap_m = 1.0 (0 joins only end points that coincide)",
    "",       "end points that far apart are different roads; joining them invents roads"};
// service_area_width_m: 0 skips the service-area polygons; they are a band along the roads
// reached, so more than 10 km no longer draws roads.
const Range kServiceAreaWidth{true,     1e4,
                              "metres", "service_area_width_m = 200 (0 skips the service areas)",
                              "",       "a service area is a band along the roads reached"};
// speed_kmh and access_speed_kmh: at 0 km/h nothing is ever reached; no road travel is faster
// than 300 km/h.
Range speed_range(const std::string& example) {
  return {false,
          300.0,
          "km/h",
          example,
          "at 0 km/h nothing is ever reached",
          "no road travel is faster"};
}
// max_minutes: 0 leaves nothing within reach; more than a day of travel is no service limit.
const Range kMinutes{false,
                     1440.0,
                     "minutes",
                     "max_minutes = 30",
                     "0 minutes leaves nothing within reach",
                     "a day of travel"};

// A number as the user would write it: "-5", "0.5", "1e+08", "nan", "inf".

const std::set<std::string> kLayerKeys = {"source",     "layer",        "where", "encoding",
                                          "assume_crs", "open_options", "x",     "y"};

std::set<std::string> with(std::set<std::string> keys, std::initializer_list<const char*> more) {
  for (const char* k : more) keys.insert(k);
  return keys;
}

std::string ascii_lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// Kind names become field names of the villages layer (K_dist_m, K_nearest, K_ok) and values of
// its `missing` field: none may be empty, hold the separator, or take a name the output already
// uses. GeoPackage, Shapefile and PostgreSQL compare field names ignoring case, so do we.
void check_kind_names(const Reader& r, const toml::table& facilities,
                      const analysis::Project& project) {
  namespace schema = analysis::schema;
  // Every output name and what holds it, lower-cased.
  std::map<std::string, std::string> taken;
  for (const auto& f : schema::base_village_fields()) taken[f] = "a field of the villages layer";
  taken[std::string(schema::kMissing)] = "a field of the villages layer";
  taken[std::string(schema::kFailedRoad)] = "a value of the villages' `missing` field";
  taken[std::string(schema::kFailedConnectivity)] = "a value of the villages' `missing` field";
  for (const auto& m : analysis::builtin_measures())
    taken.emplace(m, "a built-in checklist measure");
  std::map<std::string, std::string> kinds;  // lower-cased kind name -> as written
  for (const auto& kind : project.facilities) {
    const std::string section = "[facilities." + kind.name + "]";
    const toml::node* node = facilities.get(kind.name);
    const std::string fix = "rename the table, e.g. [facilities." + kind.name + "_service]";
    if (kind.name.empty() || kind.name.find(schema::kMissingSeparator) != std::string::npos) {
      r.fail("kind name '" + kind.name + "' of " + section +
                 " cannot name output fields (empty, or holding the `missing` separator ';')",
             node, "use letters, digits and _, e.g. [facilities.clinic]");
    }
    const std::string lower = ascii_lower(kind.name);
    if (const auto same = kinds.find(lower); same != kinds.end()) {
      r.fail("duplicate kind name: " + section + " and [facilities." + same->second +
                 "] differ only in case, and output field names ignore case",
             node, "give each kind its own name");
    }
    kinds[lower] = kind.name;
    if (const auto hit = taken.find(lower); hit != taken.end()) {
      r.fail("kind name '" + kind.name + "' of " + section + " collides with '" + hit->first +
                 "', " + hit->second,
             node, fix);
    }
    for (const std::string& field :
         {schema::distance_field(kind), schema::nearest_field(kind), schema::ok_field(kind)}) {
      const auto [hit, fresh] = taken.emplace(ascii_lower(field), "the field of " + section);
      if (!fresh) {
        r.fail("kind name '" + kind.name + "' of " + section + " makes the field '" + field +
                   "', which collides with '" + hit->first + "', " + hit->second,
               node, fix);
      }
    }
  }
}

// claim: a share of villages; 0 is meaningful (a claim nobody made still lists the failing
// villages), more than 1 promises more villages than there are.
const Range kClaim{true,      1.0,
                   "a share", "claim = 0.95 (0.95: 95% of the villages)",
                   "",        "a share of villages is at most 1"};

std::string joined(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return list;
}

// One measure name of a checklist item: a string the project knows.
std::string measure_name(const Reader& r, const toml::node& node, const std::string& item,
                         const std::vector<std::string>& valid) {
  const auto* s = node.as_string();
  if (s == nullptr) {
    r.fail("a measure of " + item + " must be a string", &node,
           "quote each measure name, e.g. \"paved_connected\"");
  }
  if (std::find(valid.begin(), valid.end(), s->get()) == valid.end()) {
    r.fail("unknown measure '" + s->get() + "' in " + item, &node,
           "use a facility kind or a built-in measure: " + joined(valid));
  }
  return s->get();
}

// measure = "a" | ["a", "b"] (every one must hold) | { any = ["a", "b"] } (one must hold).
void read_measure(const Reader& r, const toml::table& table, const std::string& item,
                  const std::vector<std::string>& valid, analysis::ChecklistItem& out) {
  using Combine = analysis::ChecklistItem::Combine;
  const toml::node* node = table.get("measure");
  const std::string example =
      "measure = \"paved_connected\", measure = [\"clinic_in_village\", " +
      std::string("\"clinic\"] or measure = { any = [\"water\", \"well\"] }");
  if (node == nullptr) r.fail("missing key 'measure' in " + item, &table, "give e.g. " + example);
  const toml::array* list = nullptr;
  if (node->is_string()) {
    out.combine = Combine::kSingle;
    out.measures.push_back(measure_name(r, *node, item, valid));
    return;
  }
  if (const auto* any = node->as_table()) {
    r.check_keys(*any, "measure of " + item, {"any"});
    const toml::node* inner = any->get("any");
    list = inner ? inner->as_array() : nullptr;
    if (list == nullptr) r.fail("'measure' of " + item + " needs any = [...]", node, example);
    out.combine = Combine::kAny;
  } else {
    list = node->as_array();
    out.combine = Combine::kAll;
  }
  if (list == nullptr || list->empty()) {
    r.fail("'measure' in " + item + " must be a measure name, a non-empty list or { any = [...] }",
           node, "write " + example);
  }
  for (const auto& m : *list) out.measures.push_back(measure_name(r, m, item, valid));
}

// [[checklist]]: an ordered list of claims, each decided per village by its measure.
void read_checklist(const Reader& r, const toml::table& root, analysis::Project& project) {
  const toml::node* node = root.get("checklist");
  if (node == nullptr) return;
  const auto* items = node->as_array();
  if (items == nullptr) {
    r.fail("'checklist' must be a list of tables", node, "write each item as [[checklist]]");
  }
  const std::vector<std::string> valid = analysis::valid_measures(project);
  std::set<std::string> labels_en;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const toml::node& entry = *items->get(i);
    const std::string item = "[[checklist]] item " + std::to_string(i + 1);
    const std::string section = "checklist item " + std::to_string(i + 1);  // for Reader's [..]
    const auto* table = entry.as_table();
    if (table == nullptr) r.fail(item + " must be a table", &entry, "write it as [[checklist]]");
    r.check_keys(*table, section, {"label", "label_en", "measure", "claim"});
    analysis::ChecklistItem out;
    out.label = r.text(*table, section, "label");
    out.label_en = r.text(*table, section, "label_en");
    const std::string named = item + (out.label.empty() ? "" : " ('" + out.label + "')");
    if (out.label.empty()) {
      r.fail("missing key 'label' in " + item, table,
             "give the claim's label, e.g. label = \"通硬化路\"");
    }
    if (out.label_en.empty()) {
      r.fail("missing key 'label_en' in " + named, table,
             "give its English label, e.g. label_en = \"Paved road to the village\"");
    }
    if (out.label_en.find(analysis::schema::kMissingSeparator) != std::string::npos) {
      r.fail("label_en of " + named + " holds ';', the separator of the villages' `missing` field",
             table->get("label_en"), "write it without ';'");
    }
    if (!labels_en.insert(out.label_en).second) {
      r.fail("duplicate label_en '" + out.label_en + "' in " + named, table->get("label_en"),
             "give each item its own label_en: `missing` names failed items by it");
    }
    read_measure(r, *table, named, valid, out);
    if (const auto claim = r.number(*table, section, "claim")) {
      r.check(*claim, kClaim, table->get("claim"), "key 'claim' in " + named);
      out.claim = *claim;
    }
    project.checklist.push_back(std::move(out));
  }
}

}  // namespace

analysis::Project read_project(const fs::path& file, const std::vector<std::string>& overrides,
                               const std::string& scenario) {
  if (!fs::exists(file)) {
    throw InputError("project file not found: '" + file.string() +
                     "'; give the path of a .toml project file (see DESIGN.md)");
  }
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& error) {
    const std::string what(error.description());
    if (what.find("cannot redefine") != std::string::npos) {
      // Two [facilities.clinic] tables, or a key given twice: TOML keeps neither.
      throw InputError("duplicate table or key in project file '" + file.string() + "' (line " +
                       std::to_string(error.source().begin.line) + ": " + what +
                       "); give each [facilities.NAME] its own name and each key once");
    }
    throw InputError("malformed project file '" + file.string() + "' (line " +
                     std::to_string(error.source().begin.line) + ", column " +
                     std::to_string(error.source().begin.column) + ": " +
                     std::string(error.description()) + "); " +
                     // Notepad in a Chinese locale saves GBK: the syntax is fine, the encoding not.
                     (what.find("utf-8") != std::string::npos
                          ? "save the file as UTF-8 (it looks like GBK or another legacy encoding)"
                          : "fix the TOML syntax there"));
  }
  apply_overrides(root, overrides);
  const Reader r(file);
  r.check_keys(root, "top level",
               {"analysis", "villages", "roads", "facilities", "scenarios", "checklist"});
  const auto added = apply_scenario(r, root, scenario);

  analysis::Project project;
  project.file = file;
  project.scenario = scenario;

  const toml::table& a = r.section(root, "analysis", false);
  r.check_keys(a, "analysis",
               {"crs", "seat", "max_access_m", "snap_m", "access_speed_kmh", "service_area_width_m",
                "language", "boundary"});
  project.crs = r.text(a, "analysis", "crs", "auto");
  project.language = r.text(a, "analysis", "language", "auto");
  if (project.language != "zh" && project.language != "en" && project.language != "auto") {
    r.fail("unknown language '" + project.language + "' in [analysis]", a.get("language"),
           "use \"zh\", \"en\" or \"auto\" (zh when most village names are Chinese)");
  }
  project.seat = r.text(a, "analysis", "seat");
  if (const std::string boundary = r.text(a, "analysis", "boundary"); !boundary.empty()) {
    project.boundary = project_detail::layer_reference(r, boundary);
  }
  project.max_access_m = r.ranged(a, "analysis", "max_access_m",
                                  length_range("max_access_m = 2000"), project.max_access_m);
  // 0 is meaningful: only end points that coincide are one node.
  project.snap_m = r.ranged(a, "analysis", "snap_m", kSnap, project.snap_m);
  project.access_speed_kmh =
      r.ranged(a, "analysis", "access_speed_kmh", speed_range("access_speed_kmh = 5"),
               project.access_speed_kmh);
  // 0 skips the service-area polygons, which dominate the run time of province-size inputs.
  project.service_area_width_m = r.ranged(a, "analysis", "service_area_width_m", kServiceAreaWidth,
                                          project.service_area_width_m);

  const toml::table& v = r.section(root, "villages", true);
  r.check_keys(v, "villages", with(kLayerKeys, {"id", "name", "population", "group"}));
  project.villages = r.layer(v, "villages");
  project.village_id = r.text(v, "villages", "id");
  if (project.village_id.empty()) {
    r.fail("missing key 'id' in [villages]", &v,
           "name the field holding each village's unique id, e.g. id = \"code\"");
  }
  project.village_name = r.text(v, "villages", "name");
  project.village_population = r.text(v, "villages", "population");
  project.village_group = r.text(v, "villages", "group");

  const toml::table& roads = r.section(root, "roads", true);
  r.check_keys(roads, "roads", with(kLayerKeys, {"class", "paved", "speed_kmh"}));
  project.roads = r.layer(roads, "roads");
  project.road_class = r.text(roads, "roads", "class");
  project.added_roads = added.roads;
  project.pave = added.pave;
  if (const toml::node* paved = roads.get("paved")) {
    const auto* list = paved->as_array();
    if (list == nullptr)
      r.fail("'paved' in [roads] must be a list of class names", paved,
             "write paved = [\"national\", \"county\"]");
    for (const auto& item : *list) {
      const auto* s = item.as_string();
      if (s == nullptr)
        r.fail("'paved' in [roads] must hold strings", &item, "quote each class name");
      project.paved.push_back(s->get());
    }
  }
  if (const toml::node* speeds = roads.get("speed_kmh")) {
    const auto* table = speeds->as_table();
    if (table == nullptr)
      r.fail("'speed_kmh' in [roads] must be a table", speeds,
             "write speed_kmh = { national = 80, gravel = 20 }");
    for (const auto& [cls, value] : *table) {
      const std::string what = "speed_kmh." + std::string(cls.str()) + " in [roads]";
      const auto speed = value.value<double>();
      if (!speed || value.is_string() || value.is_boolean())
        r.fail(what + " must be a number", &value, "give km/h without quotes, e.g. 40");
      r.check(*speed, speed_range(std::string(cls.str()) + " = 40"), &value, what);
      project.speed_kmh[std::string(cls.str())] = *speed;
    }
  }

  const toml::table& facilities = r.section(root, "facilities", false);
  // toml++ keeps keys sorted; the project file's order is the order of their lines.
  std::vector<std::pair<std::uint32_t, std::string>> order;
  for (const auto& [name, node] : facilities) {
    order.emplace_back(node.source().begin.line, std::string(name.str()));
  }
  std::sort(order.begin(), order.end());
  for (const auto& [line, name] : order) {
    const std::string section = "facilities." + name;
    const toml::node* node = facilities.get(name);
    const auto* table = node->as_table();
    if (table == nullptr)
      r.fail("[" + section + "] must be a table", node, "write it as [" + section + "]");
    r.check_keys(*table, section,
                 with(kLayerKeys, {"id", "rule", "max_m", "max_minutes", "village_id", "flag"}));
    analysis::FacilityKind kind;
    kind.name = name;
    kind.layer = r.layer(*table, section);
    kind.id_field = r.text(*table, section, "id");
    kind.village_id_field = r.text(*table, section, "village_id");
    if (const toml::node* flag = table->get("flag")) {
      if (!flag->is_boolean()) {
        r.fail("flag in [" + section + "] must be true or false", flag,
               "write flag = false for a kind that only serves checklist items");
      }
      kind.flag = flag->as_boolean()->get();
    }
    const std::string rule = r.text(*table, section, "rule", "euclid");
    if (rule == "network") {
      kind.rule = analysis::Rule::kNetwork;
    } else if (rule == "euclid") {
      kind.rule = analysis::Rule::kEuclid;
    } else if (rule == "within") {
      kind.rule = analysis::Rule::kWithin;
    } else if (rule == "in_village") {
      kind.rule = analysis::Rule::kInVillage;
      if (kind.village_id_field.empty()) kind.village_id_field = "village_id";
    } else {
      r.fail("unknown rule '" + rule + "' in [" + section + "]", table->get("rule"),
             "use network, euclid, within or in_village");
    }
    kind.max_m = r.ranged(*table, section, "max_m", length_range("max_m = 5000"));
    kind.max_minutes = r.ranged(*table, section, "max_minutes", kMinutes);
    if (kind.max_minutes && kind.rule != analysis::Rule::kNetwork) {
      r.fail("max_minutes in [" + section + "] needs rule = \"network\"", table->get("max_minutes"),
             "use max_m for a straight-line rule");
    }
    if (kind.max_minutes && kind.max_m) {
      r.fail("[" + section + "] gives both max_m and max_minutes", table->get("max_minutes"),
             "keep one of them");
    }
    if ((kind.rule == analysis::Rule::kNetwork || kind.rule == analysis::Rule::kEuclid) &&
        !kind.max_m && !kind.max_minutes) {
      r.fail("[" + section + "] with rule '" + rule + "' needs max_m", table,
             "add e.g. max_m = 5000");
    }
    if (const auto found = added.kinds.find(name); found != added.kinds.end()) {
      kind.added = found->second;
    }
    project.facilities.push_back(std::move(kind));
  }
  check_kind_names(r, facilities, project);
  read_checklist(r, root, project);
  return project;
}

}  // namespace infracov::cli
