// Checked 32-bit ids for the road graph's nodes and edges (shared by its source files).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "infracov/analysis/road_graph.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::analysis::detail {

// n as a 32-bit id; a graph too large for them is an input the user must split.
inline std::uint32_t checked_id(std::size_t n, const char* what) {
  if (n >= kNoId) {
    throw InputError(std::string("road graph: too many ") + what +
                     " for 32-bit ids; split the area into smaller runs");
  }
  return static_cast<std::uint32_t>(n);
}

}  // namespace infracov::analysis::detail
