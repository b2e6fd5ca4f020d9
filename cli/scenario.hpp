// [scenarios.NAME] of the project file, applied to the parsed TOML before project.cpp reads it.
#pragma once

#include <toml++/toml.h>

#include <map>
#include <string>
#include <vector>

#include "infracov/geo/table.hpp"
#include "project_reader.hpp"

namespace infracov::cli::project_detail {

// The layers a scenario adds: roads (add_roads), pave lines (pave) and each kind's (add), by kind
// name.
struct ScenarioLayers {
  std::vector<geo::LayerSpec> roads;
  std::vector<geo::LayerSpec> pave;
  std::map<std::string, std::vector<geo::LayerSpec>> kinds;
};

// "SOURCE:LAYER" (or "SOURCE") with SOURCE relative to the project file.
geo::LayerSpec layer_reference(const Reader& r, const std::string& text);

// Checks every [scenarios.*] table's keys; with `name`, applies that scenario to `root` (closed
// road classes and filters narrow [roads] where; speed_kmh and facility keys override) and returns
// the layers it adds. An unknown name is an InputError listing the scenarios defined.
ScenarioLayers apply_scenario(const Reader& r, toml::table& root, const std::string& name);

}  // namespace infracov::cli::project_detail
