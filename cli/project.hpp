// Reading a project file (TOML) into analysis::Project. Every path is relative to the file; every
// key not listed in DESIGN.md is an error naming it.
#pragma once

#include <filesystem>

#include "infracov/analysis/project.hpp"

namespace infracov::cli {

analysis::Project read_project(const std::filesystem::path& file);

}  // namespace infracov::cli
