// The cross-layer checks of the load stage (see input_checks.hpp).
#include "pipeline/input_checks.hpp"

#include <algorithm>
#include <cmath>

#include "infracov/geo/error.hpp"
#include "infracov/geo/table.hpp"

namespace infracov::cli {
namespace {

// "layer 'villages' in 'a.gpkg'", or "'villages.geojson'" for a source of one unnamed layer.
std::string describe(const geo::LayerSpec& spec) {
  return spec.layer.empty() ? "'" + spec.source + "'"
                            : "layer '" + spec.layer + "' in '" + spec.source + "'";
}

std::string number(double value) { return geo::to_string(geo::FieldValue{value}); }

}  // namespace

void check_villages_spread(const analysis::Project& project,
                           const analysis::VillageLayer& villages) {
  if (villages.size() < 2) return;
  const geo::Point first = villages.points.front();
  const bool one_point =
      std::all_of(villages.points.begin(), villages.points.end(),
                  [&](const geo::Point& p) { return p.x == first.x && p.y == first.y; });
  if (!one_point) return;
  throw InputError("all " + std::to_string(villages.size()) + " villages of " +
                   describe(project.villages) + " lie at one point (" +
                   std::to_string(std::llround(first.x)) + ", " +
                   std::to_string(std::llround(first.y)) +
                   " in the analysis CRS): the coordinates look like placeholders (a failed "
                   "geocoding, a default value); give each village its own location");
}

void check_villages_meet_roads(const analysis::Project& project,
                               const analysis::VillageLayer& villages,
                               const analysis::RoadLines& roads) {
  if (villages.size() == 0 || roads.vertices.empty()) return;
  geo::Envelope v;
  for (const geo::Point& p : villages.points) v.expand(p);
  geo::Envelope r;
  for (const geo::Point& p : roads.vertices) r.expand(p);
  const double dx = std::max({0.0, r.min_x - v.max_x, v.min_x - r.max_x});
  const double dy = std::max({0.0, r.min_y - v.max_y, v.min_y - r.max_y});
  const double gap_m = std::hypot(dx, dy);
  if (gap_m <= project.max_access_m) return;
  throw InputError("layers do not overlap: the villages of " + describe(project.villages) +
                   " and the roads of " + describe(project.roads) + " lie " +
                   number(std::round(gap_m / 100.0) / 10.0) +
                   " km apart, beyond max_access_m, so no village could reach a road; check that "
                   "both layers are of the same area and that each has its right CRS");
}

}  // namespace infracov::cli
