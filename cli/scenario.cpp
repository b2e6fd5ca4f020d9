// [scenarios.NAME] of the project file (DESIGN.md "Scenarios and comparisons"), applied to the
// parsed TOML before it is read.
#include "scenario.hpp"

#include <string_view>

namespace infracov::cli::project_detail {
namespace {

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

}  // namespace

// DESIGN.md's [scenarios.NAME], applied to the parsed file before it is read: closed road classes
// and filters narrow [roads] where, speed_kmh and facility keys override the base ones. Every
// scenario's keys are checked even when another one (or none) runs, so a typo shows at once.

// "SOURCE:LAYER" (or "SOURCE") with SOURCE relative to the project file.
geo::LayerSpec layer_reference(const Reader& r, const std::string& text) {
  geo::LayerSpec spec;
  spec.written_source = text;
  const std::size_t colon = text.rfind(':');
  if (colon != std::string::npos && colon > 0 && text.rfind("PG:", 0) != 0) {
    spec.written_source = text.substr(0, colon);
    spec.layer = text.substr(colon + 1);
  }
  spec.source = r.resolve_source(spec.written_source);
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
  if (const toml::node* pave = scenario->get("pave")) {
    added.pave = layer_list(r, *pave, "'pave' in [" + section + "]");
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

}  // namespace infracov::cli::project_detail
