#include "project.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

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
                     std::string(error.description()) + "); fix the TOML syntax there");
  }
  apply_overrides(root, overrides);
  const Reader r(file);
  r.check_keys(root, "top level", {"analysis", "villages", "roads", "facilities", "scenarios"});
  const auto added = apply_scenario(r, root, scenario);

  analysis::Project project;
  project.file = file;
  project.scenario = scenario;

  const toml::table& a = r.section(root, "analysis", false);
  r.check_keys(a, "analysis",
               {"crs", "seat", "max_access_m", "snap_m", "access_speed_kmh", "service_area_width_m",
                "boundary"});
  project.crs = r.text(a, "analysis", "crs", "auto");
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
  r.check_keys(v, "villages", with(kLayerKeys, {"id", "name", "population"}));
  project.villages = r.layer(v, "villages");
  project.village_id = r.text(v, "villages", "id");
  if (project.village_id.empty()) {
    r.fail("missing key 'id' in [villages]", &v,
           "name the field holding each village's unique id, e.g. id = \"code\"");
  }
  project.village_name = r.text(v, "villages", "name");
  project.village_population = r.text(v, "villages", "population");

  const toml::table& roads = r.section(root, "roads", true);
  r.check_keys(roads, "roads", with(kLayerKeys, {"class", "paved", "speed_kmh"}));
  project.roads = r.layer(roads, "roads");
  project.road_class = r.text(roads, "roads", "class");
  project.added_roads = added.roads;
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
                 with(kLayerKeys, {"id", "rule", "max_m", "max_minutes", "village_id"}));
    analysis::FacilityKind kind;
    kind.name = name;
    kind.layer = r.layer(*table, section);
    kind.id_field = r.text(*table, section, "id");
    kind.village_id_field = r.text(*table, section, "village_id");
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
  return project;
}

}  // namespace infracov::cli
