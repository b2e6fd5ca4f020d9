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

namespace infracov::cli {
namespace {

namespace fs = std::filesystem;

std::string line_of(const toml::node& node) {
  const auto& begin = node.source().begin;
  return begin.line > 0 ? " (line " + std::to_string(begin.line) + ")" : "";
}

// The range of one number of the project file. NaN and infinities are never accepted; zero only
// where it means something; the maximum marks values no real project gives (a typo, a unit
// mistake such as kilometres for metres the other way round, or a missing decimal point).
struct Range {
  bool zero_allowed;
  double max;
  std::string unit;     // "metres", "km/h", "minutes"
  std::string example;  // a sensible value, as the user would write it
  std::string zero_why;
  std::string max_why;
};

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
std::string shown(double value) {
  std::ostringstream text;
  text << std::setprecision(15) << value;
  return text.str();
}

class Reader {
 public:
  explicit Reader(fs::path file) : file_(std::move(file)) {}
  const fs::path& file() const { return file_; }

  [[noreturn]] void fail(const std::string& what, const toml::node* where,
                         const std::string& fix) const {
    throw InputError(what + " in '" + file_.string() + "'" + (where ? line_of(*where) : "") + "; " +
                     fix);
  }

  // Refuses keys the section does not know: a typo must not be silently ignored.
  void check_keys(const toml::table& table, const std::string& section,
                  const std::set<std::string>& allowed) const {
    for (const auto& [key, node] : table) {
      if (allowed.count(std::string(key.str())) == 0) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        throw InputError("unknown key '" + std::string(key.str()) + "' in [" + section + "] of '" +
                         file_.string() + "'" + line_of(node) + "; the keys allowed there are " +
                         list);
      }
    }
  }

  std::string text(const toml::table& table, const std::string& section, const std::string& key,
                   const std::string& fallback = "") const {
    const toml::node* node = table.get(key);
    if (node == nullptr) return fallback;
    if (const auto* s = node->as_string()) return s->get();
    fail("key '" + key + "' in [" + section + "] must be a string", node,
         "write it in quotes, e.g. " + key + " = \"...\"");
  }

  std::optional<double> number(const toml::table& table, const std::string& section,
                               const std::string& key) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* i = node->as_integer()) return static_cast<double>(i->get());
    if (const auto* f = node->as_floating_point()) return f->get();
    fail("key '" + key + "' in [" + section + "] must be a number", node,
         "write a number without quotes, e.g. " + key + " = 1000");
  }

  // A number within `range`, or nullopt when the key is absent.
  std::optional<double> ranged(const toml::table& table, const std::string& section,
                               const std::string& key, const Range& range) const {
    const auto value = number(table, section, key);
    if (value) check(*value, range, table.get(key), "key '" + key + "' in [" + section + "]");
    return value;
  }
  double ranged(const toml::table& table, const std::string& section, const std::string& key,
                const Range& range, double fallback) const {
    return ranged(table, section, key, range).value_or(fallback);
  }

  // Refuses NaN, infinities and anything outside `range`, naming the key, the value and the fix.
  void check(double value, const Range& range, const toml::node* node,
             const std::string& what) const {
    const bool low = range.zero_allowed ? !(value >= 0.0) : !(value > 0.0);
    if (!low && value <= range.max) return;
    std::string why;
    if (std::isnan(value)) {
      why = "is not a number";
    } else if (std::isinf(value)) {
      why = "is infinite";
    } else if (value < 0.0) {
      why = "must not be negative";
    } else if (value == 0.0) {
      why = "must be greater than 0 (" + range.zero_why + ")";
    } else {
      why = "is too large (" + range.max_why + ")";
    }
    const std::string expected =
        (range.zero_allowed ? "from 0 to " : "greater than 0 and at most ") + shown(range.max);
    throw InputError(what + " of '" + file_.string() + "'" + (node ? line_of(*node) : "") + " is " +
                     shown(value) + ": it " + why + "; give " + range.unit + " " + expected +
                     ", e.g. " + range.example);
  }

  const toml::table& section(const toml::table& root, const std::string& name,
                             bool required) const {
    static const toml::table empty;
    const toml::node* node = root.get(name);
    if (node == nullptr) {
      if (required) {
        fail("missing section [" + name + "]", nullptr, "add it as DESIGN.md shows");
      }
      return empty;
    }
    const auto* table = node->as_table();
    if (table == nullptr)
      fail("[" + name + "] must be a table", node, "write it as [" + name + "]");
    return *table;
  }

  // A GDAL dataset name relative to the project file; connection strings and virtual paths stay.
  std::string resolve_source(const std::string& source) const {
    if (source.rfind("PG:", 0) == 0 || source.rfind("/vsi", 0) == 0 || source.empty()) {
      return source;
    }
    const fs::path path(source);
    if (path.is_absolute()) return source;
    return (fs::absolute(file_).parent_path() / path).lexically_normal().string();
  }

  geo::LayerSpec layer(const toml::table& table, const std::string& section) const {
    geo::LayerSpec spec;
    spec.source = resolve_source(text(table, section, "source"));
    if (spec.source.empty()) {
      fail("missing key 'source' in [" + section + "]", &table,
           "give the GDAL dataset to read, e.g. source = \"villages.gpkg\"");
    }
    spec.layer = text(table, section, "layer");
    spec.where = text(table, section, "where");
    spec.encoding = text(table, section, "encoding");
    spec.assume_crs = text(table, section, "assume_crs");
    spec.role = section;
    return spec;
  }

 private:
  fs::path file_;
};

const std::set<std::string> kLayerKeys = {"source", "layer", "where", "encoding", "assume_crs"};

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

// An OGR SQL string literal.
std::string sql_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

// Adds `condition` to the layer table's `where` (AND).
void restrict_where(toml::table& layer, const std::string& condition) {
  const std::string before = layer["where"].value_or(std::string());
  layer.insert_or_assign("where",
                         before.empty() ? condition : "(" + before + ") AND (" + condition + ")");
}

// DESIGN.md's [scenarios.NAME], applied to the parsed file before it is read: closed road classes
// and filters narrow [roads] where, speed_kmh and facility keys override the base ones. Every
// scenario's keys are checked even when another one (or none) runs, so a typo shows at once.
// The layers a scenario adds: roads (add_roads) and each kind's (add), by kind name.
struct ScenarioLayers {
  std::vector<geo::LayerSpec> roads;
  std::map<std::string, std::vector<geo::LayerSpec>> kinds;
};

// "SOURCE:LAYER" (or "SOURCE") with SOURCE relative to the project file.
geo::LayerSpec layer_reference(const Reader& r, const std::string& text) {
  geo::LayerSpec spec;
  spec.source = r.resolve_source(text);
  const std::size_t colon = text.rfind(':');
  if (colon != std::string::npos && colon > 0 && text.rfind("PG:", 0) != 0) {
    spec.source = r.resolve_source(text.substr(0, colon));
    spec.layer = text.substr(colon + 1);
  }
  return spec;
}

// A scenario key holding a list of "SOURCE:LAYER".
std::vector<geo::LayerSpec> layer_list(const Reader& r, const toml::node& node,
                                       const std::string& what) {
  const auto* list = node.as_array();
  if (list == nullptr) {
    r.fail(what + " must be a list of \"SOURCE:LAYER\"", &node,
           "write e.g. [\"works/results.gpkg:proposed_sites\"]");
  }
  std::vector<geo::LayerSpec> specs;
  for (const auto& item : *list) {
    const auto* text = item.as_string();
    if (text == nullptr) r.fail(what + " must hold strings", &item, "quote each layer");
    specs.push_back(layer_reference(r, text->get()));
  }
  return specs;
}

ScenarioLayers apply_scenario(const Reader& r, toml::table& root, const std::string& name) {
  ScenarioLayers added;
  toml::table* scenarios = root["scenarios"].as_table();
  if (root.contains("scenarios") && scenarios == nullptr) {
    r.fail("[scenarios] must be a table of scenarios", root.get("scenarios"),
           "write [scenarios.rainy_season]");
  }
  std::string known;
  if (scenarios != nullptr) {
    for (auto& [key, node] : *scenarios) {
      const std::string section = "scenarios." + std::string(key.str());
      const toml::table* table = node.as_table();
      if (table == nullptr) {
        r.fail("[" + section + "] must be a table", &node, "write [" + section + "] and its keys");
      }
      r.check_keys(
          *table, section,
          {"close_classes", "close_where", "speed_kmh", "add_roads", "pave", "facilities"});
      known += (known.empty() ? "" : ", ") + std::string(key.str());
    }
  }
  if (name.empty()) return added;
  toml::table* scenario = scenarios ? (*scenarios)[name].as_table() : nullptr;
  if (scenario == nullptr) {
    throw InputError("unknown scenario '" + name + "' in project file '" + r.file().string() +
                     "'; " +
                     (known.empty() ? std::string("the file defines no [scenarios.NAME]")
                                    : "it defines: " + known));
  }
  const std::string section = "scenarios." + name;
  if (scenario->contains("pave")) {
    r.fail("'pave' in [" + section + "] is not supported yet", scenario->get("pave"),
           "leave it out; give the upgraded roads a paved class in the roads layer instead");
  }
  if (const toml::node* roads_added = scenario->get("add_roads")) {
    added.roads = layer_list(r, *roads_added, "'add_roads' in [" + section + "]");
  }
  toml::table* roads = root["roads"].as_table();
  if (roads == nullptr) return added;  // read_project reports the missing [roads]
  if (const toml::node* classes = scenario->get("close_classes")) {
    const auto* list = classes->as_array();
    if (list == nullptr || list->empty()) {
      r.fail("'close_classes' in [" + section + "] must be a list of road classes", classes,
             "write close_classes = [\"gravel\"]");
    }
    const std::string field = (*roads)["class"].value_or(std::string());
    if (field.empty()) {
      r.fail("'close_classes' in [" + section + "] needs 'class' in [roads]", classes,
             "name the road class field in [roads]");
    }
    std::string in;
    for (const auto& item : *list) {
      const auto* text = item.as_string();
      if (text == nullptr) r.fail("'close_classes' must hold strings", &item, "quote each class");
      in += (in.empty() ? "" : ", ") + sql_quoted(text->get());
    }
    // Roads without a class stay open.
    const std::string quoted = "\"" + field + "\"";
    restrict_where(*roads, quoted + " IS NULL OR " + quoted + " NOT IN (" + in + ")");
  }
  if (const toml::node* filter = scenario->get("close_where")) {
    const auto* text = filter->as_string();
    if (text == nullptr || text->get().empty()) {
      r.fail("'close_where' in [" + section + "] must be an OGR filter", filter,
             "write close_where = \"surface = 'earth'\"");
    }
    restrict_where(*roads, "NOT (" + text->get() + ")");
  }
  if (const toml::node* speeds = scenario->get("speed_kmh")) {
    const auto* table = speeds->as_table();
    if (table == nullptr) {
      r.fail("'speed_kmh' in [" + section + "] must be a table", speeds,
             "write speed_kmh = { county = 30 }");
    }
    if (!roads->contains("speed_kmh")) roads->insert("speed_kmh", toml::table{});
    toml::table* base = (*roads)["speed_kmh"].as_table();
    if (base == nullptr) return added;  // read_project reports it
    for (const auto& [cls, value] : *table) base->insert_or_assign(cls, value);
  }
  if (const toml::node* kinds = scenario->get("facilities")) {
    const auto* table = kinds->as_table();
    if (table == nullptr) {
      r.fail("[" + section + ".facilities] must be a table", kinds,
             "write [" + section + ".facilities.NAME] with the keys to override");
    }
    for (const auto& [kind, overrides] : *table) {
      const std::string where = section + ".facilities." + std::string(kind.str());
      toml::table* target = root["facilities"][kind].as_table();
      const auto* changes = overrides.as_table();
      if (target == nullptr || changes == nullptr) {
        r.fail("[" + where + "] names no kind of [facilities]", &overrides,
               "override an existing [facilities.NAME]");
      }
      for (const auto& [key, value] : *changes) {
        if (key.str() != "add") target->insert_or_assign(key, value);
      }
      if (const toml::node* add = changes->get("add")) {
        added.kinds[std::string(kind.str())] = layer_list(r, *add, "'add' in [" + where + "]");
      }
    }
  }
  return added;
}

}  // namespace

analysis::Project read_project(const fs::path& file, const std::string& scenario) {
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
  const Reader r(file);
  r.check_keys(root, "top level", {"analysis", "villages", "roads", "facilities", "scenarios"});
  const auto added = apply_scenario(r, root, scenario);

  analysis::Project project;
  project.file = file;
  project.scenario = scenario;

  const toml::table& a = r.section(root, "analysis", false);
  r.check_keys(
      a, "analysis",
      {"crs", "seat", "max_access_m", "snap_m", "access_speed_kmh", "service_area_width_m"});
  project.crs = r.text(a, "analysis", "crs", "auto");
  project.seat = r.text(a, "analysis", "seat");
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
