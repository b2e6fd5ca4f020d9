// Reading a project file (TOML) into analysis::Project. Every path is relative to the file; every
// key not listed in DESIGN.md is an error naming it. `overrides` are `--set KEY=VALUE` texts,
// applied over the file before it is checked (an unknown key there is refused the same way).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "infracov/analysis/project.hpp"

namespace infracov::cli {

// With `scenario`, the file's [scenarios.NAME] is applied (closed roads, speeds, facility keys);
// an unknown name is an InputError listing the scenarios the file defines.
analysis::Project read_project(const std::filesystem::path& file,
                               const std::vector<std::string>& overrides = {},
                               const std::string& scenario = "");

}  // namespace infracov::cli
