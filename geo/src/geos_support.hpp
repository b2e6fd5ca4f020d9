// Private helpers shared by the geo/ sources that talk to GEOS directly.
#pragma once

#include <geos_c.h>

#include <span>
#include <string>
#include <string_view>

#include "infracov/geo/types.hpp"

namespace infracov::geo::detail {

// The last error GEOS reported on `handle` (through the GeosContext that owns it), "" if none.
std::string geos_last_error(GEOSContextHandle_t handle);

// Throws GeometryError "<what> failed (<GEOS message>)".
[[noreturn]] void throw_geos(GEOSContextHandle_t handle, std::string_view what);

// A new linear ring through `points` (closed: the last point repeats the first); throws on failure.
GEOSGeometry* make_ring(GEOSContextHandle_t handle, std::span<const Point> points);

}  // namespace infracov::geo::detail
