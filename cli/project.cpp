#include "project.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <set>

#include "infracov/geo/error.hpp"
#include "project_overrides.hpp"

namespace infracov::cli {
namespace {

namespace fs = std::filesystem;

std::string line_of(const toml::node& node) {
  if (node.source().path && *node.source().path == kSetSource) return " (from --set)";
  const auto& begin = node.source().begin;
  return begin.line > 0 ? " (line " + std::to_string(begin.line) + ")" : "";
}

class Reader {
 public:
  explicit Reader(fs::path file) : file_(std::move(file)) {}

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

  double positive(const toml::table& table, const std::string& section, const std::string& key,
                  double fallback) const {
    const auto value = number(table, section, key);
    if (!value) return fallback;
    if (!(*value > 0.0)) {
      fail("key '" + key + "' in [" + section + "] must be greater than 0", table.get(key),
           "give a positive number");
    }
    return *value;
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
    inputs_as_kept(table, section, spec);
    return spec;
  }

  // open_options (passed to GDAL) and x / y (points built from two columns of a table).
  void inputs_as_kept(const toml::table& table, const std::string& section,
                      geo::LayerSpec& spec) const {
    if (const toml::node* node = table.get("open_options")) {
      const auto* list = node->as_array();
      if (list == nullptr) {
        fail("'open_options' in [" + section + "] must be a list of KEY=VALUE strings", node,
             "write open_options = [\"X_POSSIBLE_NAMES=lon\", \"Y_POSSIBLE_NAMES=lat\"]");
      }
      for (const auto& item : *list) {
        const auto* s = item.as_string();
        if (s == nullptr || s->get().find('=') == std::string::npos) {
          fail("'open_options' in [" + section + "] must hold KEY=VALUE strings", &item,
               "quote each option, e.g. \"X_POSSIBLE_NAMES=lon\"");
        }
        spec.open_options.push_back(s->get());
      }
    }
    spec.x = text(table, section, "x");
    spec.y = text(table, section, "y");
    if (spec.x.empty() != spec.y.empty()) {
      fail("[" + section + "] gives only one of x and y", table.get(spec.x.empty() ? "y" : "x"),
           "name both columns, e.g. x = \"lon\" and y = \"lat\"");
    }
  }

 private:
  fs::path file_;
};

const std::set<std::string> kLayerKeys = {"source",     "layer",        "where", "encoding",
                                          "assume_crs", "open_options", "x",     "y"};

std::set<std::string> with(std::set<std::string> keys, std::initializer_list<const char*> more) {
  for (const char* k : more) keys.insert(k);
  return keys;
}

}  // namespace

analysis::Project read_project(const fs::path& file, const std::vector<std::string>& overrides) {
  if (!fs::exists(file)) {
    throw InputError("project file not found: '" + file.string() +
                     "'; give the path of a .toml project file (see DESIGN.md)");
  }
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& error) {
    throw InputError("malformed project file '" + file.string() + "' (line " +
                     std::to_string(error.source().begin.line) + ", column " +
                     std::to_string(error.source().begin.column) + ": " +
                     std::string(error.description()) + "); fix the TOML syntax there");
  }
  apply_overrides(root, overrides);
  const Reader r(file);
  r.check_keys(root, "top level", {"analysis", "villages", "roads", "facilities"});

  analysis::Project project;
  project.file = file;

  const toml::table& a = r.section(root, "analysis", false);
  r.check_keys(
      a, "analysis",
      {"crs", "seat", "max_access_m", "snap_m", "access_speed_kmh", "service_area_width_m"});
  project.crs = r.text(a, "analysis", "crs", "auto");
  project.seat = r.text(a, "analysis", "seat");
  project.max_access_m = r.positive(a, "analysis", "max_access_m", project.max_access_m);
  project.snap_m = r.number(a, "analysis", "snap_m").value_or(project.snap_m);
  if (project.snap_m < 0.0)
    r.fail("snap_m in [analysis] must not be negative", a.get("snap_m"),
           "use 0 to join only exact end points");
  project.access_speed_kmh =
      r.positive(a, "analysis", "access_speed_kmh", project.access_speed_kmh);
  // 0 skips the service-area polygons, which dominate the run time of province-size inputs.
  project.service_area_width_m =
      r.number(a, "analysis", "service_area_width_m").value_or(project.service_area_width_m);
  if (project.service_area_width_m < 0.0) {
    r.fail("service_area_width_m in [analysis] must not be negative", a.get("service_area_width_m"),
           "use 0 to skip service areas");
  }

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
      const auto speed = value.value<double>();
      if (!speed || !(*speed > 0.0))
        r.fail(
            "speed for class '" + std::string(cls.str()) + "' in [roads] must be a positive number",
            &value, "give km/h, e.g. 40");
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
    kind.max_m = r.number(*table, section, "max_m");
    kind.max_minutes = r.number(*table, section, "max_minutes");
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
    project.facilities.push_back(std::move(kind));
  }
  return project;
}

}  // namespace infracov::cli
