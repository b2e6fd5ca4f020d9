// Checks across the loaded layers that no single layer's reader can make (issue 13's catalogue of
// bad input): each throws InputError, one line naming the layers and the fix.
#pragma once

#include "infracov/analysis/inputs.hpp"
#include "infracov/analysis/project.hpp"

namespace infracov::cli {

// Two or more villages, all at one point: placeholder coordinates (a failed geocoding, a default
// value), which would make every distance meaningless.
void check_villages_spread(const analysis::Project& project,
                           const analysis::VillageLayer& villages);

// No village within max_access_m of the roads' extent: the layers are of two different places
// (or one has a wrong CRS), and every village would be reported without road access.
void check_villages_meet_roads(const analysis::Project& project,
                               const analysis::VillageLayer& villages,
                               const analysis::RoadLines& roads);

}  // namespace infracov::cli
