// Straight-line facility rules (euclid, within, in_village). The network rule lives in the road
// network code; all rules return the same KindOutcome so analyze() treats them alike.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "infracov/analysis/analyze.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/types.hpp"

namespace infracov::analysis {

// Facilities of one kind, in the analysis CRS, as the load stage gives them.
using FacilitySet = FacilityLayer;

// The villages as the rules see them: a point each, and the polygon when the layer had one.
struct VillageShapes {
  std::vector<std::string> ids;
  std::vector<geo::Point> points;
  std::vector<const geo::Geometry*> polygons;  // null for point villages
};

// Distance to the nearest facility geometry (0 inside a polygon); ok when within max_m.
std::vector<KindOutcome> measure_euclid(const VillageShapes& villages,
                                        const FacilitySet& facilities, std::optional<double> max_m);

// ok when the village point lies inside (or on the edge of) a facility polygon; the value is the
// distance to the nearest polygon (0 inside).
std::vector<KindOutcome> measure_within(const VillageShapes& villages,
                                        const FacilitySet& facilities);

// ok when a facility lies inside the village polygon or its village_id attribute names the
// village; the value is the distance to the nearest facility, the nearest being the village's own
// facility when it has one.
std::vector<KindOutcome> measure_in_village(const VillageShapes& villages,
                                            const FacilitySet& facilities);

}  // namespace infracov::analysis
