// Reading a project file (TOML) into analysis::Project. Every path is relative to the file; every
// key not listed in DESIGN.md is an error naming it.
#pragma once

#include <filesystem>
#include <string>

#include "infracov/analysis/project.hpp"

namespace infracov::cli {

// With `scenario`, the file's [scenarios.NAME] is applied (closed roads, speeds, facility keys);
// an unknown name is an InputError listing the scenarios the file defines.
analysis::Project read_project(const std::filesystem::path& file, const std::string& scenario = "");

}  // namespace infracov::cli
