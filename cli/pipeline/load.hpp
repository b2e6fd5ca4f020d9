// The load stage: every layer the project file names, read once through geo/ into the analysis
// CRS, with its data warnings. The only place where the project's inputs are opened.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "infracov/analysis/inputs.hpp"
#include "infracov/analysis/project.hpp"
#include "infracov/geo/geometry.hpp"

namespace infracov::cli {

// Receives each data warning as it is found (the pipeline prints it even with --quiet).
using WarningSink = std::function<void(const analysis::DataWarning&)>;

// Reads villages, roads and every facility kind; chooses the analysis CRS; resolves the seat.
// Throws InputError (one line naming file, layer, feature and the fix) for bad input.
analysis::Inputs load_inputs(const geo::GeosContext& ctx, const analysis::Project& project,
                             const WarningSink& warn);

// Polygons of an extra layer (plan roads --avoid), dissolved, in `crs`.
geo::Geometry load_polygons(const geo::GeosContext& ctx, geo::LayerSpec spec,
                            const std::string& role, const geo::Crs& crs);

// Points of an extra layer (plan sites --candidates) with their FIDs as ids, in `crs`.
struct PointLayer {
  std::vector<geo::Point> points;
  std::vector<std::string> ids;
};
PointLayer load_points(const geo::GeosContext& ctx, geo::LayerSpec spec, const std::string& role,
                       const geo::Crs& crs);

// The "dangles" warning (DESIGN.md: every data warning is printed and recorded): road ends that
// stop within 10 m of another road without joining it, the graph's dangles_near_lines, with the
// first FIDs of the roads holding them. Nullopt when there are none.
std::optional<analysis::DataWarning> dangles_warning(const analysis::Project& project,
                                                     const analysis::Inputs& inputs,
                                                     const analysis::GraphStats& graph);

}  // namespace infracov::cli
