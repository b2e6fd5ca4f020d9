// Private helpers shared by the geo/ sources that talk to GEOS directly.
#pragma once

#include <geos_c.h>

#include <string>
#include <string_view>

namespace infracov::geo::detail {

// The last error GEOS reported on `handle` (through the GeosContext that owns it), "" if none.
std::string geos_last_error(GEOSContextHandle_t handle);

// Throws GeometryError "<what> failed (<GEOS message>)".
[[noreturn]] void throw_geos(GEOSContextHandle_t handle, std::string_view what);

}  // namespace infracov::geo::detail
