// The facilities_K layers' content: each kind's facilities as used, how far each lies from the
// road, and how many villages each is the nearest of (DESIGN.md's output contract).
#include <cmath>

#include "infracov/analysis/analyze.hpp"
#include "infracov/analysis/road_graph.hpp"

namespace infracov::analysis {
namespace {

double round_cm(double value) { return std::round(value * 100.0) / 100.0; }

// The class every feature shares; point when they mix classes (a euclid kind holding points
// and polygons), so that one layer holds them all, each by the point it is located by.
geo::GeometryClass shared_class(const FacilityLayer& set) {
  if (set.geometries.empty()) return geo::GeometryClass::kPoint;
  const geo::GeometryClass first = set.geometries.front().geometry_class();
  for (const geo::Geometry& g : set.geometries) {
    if (g.geometry_class() != first) return geo::GeometryClass::kPoint;
  }
  return first == geo::GeometryClass::kAny ? geo::GeometryClass::kPoint : first;
}

}  // namespace

std::vector<FacilityFeatures> facility_features(const Project& project, const Inputs& inputs,
                                                const Network& network,
                                                const std::vector<KindResult>& network_kinds) {
  const std::vector<std::size_t> network_kind_of = network_kind_index(project);
  const double max_access_m = network.options().max_access_m;
  std::vector<FacilityFeatures> out(project.facilities.size());
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    const FacilityLayer& set = inputs.facilities[k];
    FacilityFeatures& features = out[k];
    const std::size_t n = set.geometries.size();
    features.geometry_class = shared_class(set);
    features.ids = set.ids;
    features.access_m.assign(n, std::nullopt);
    const bool points = features.geometry_class == geo::GeometryClass::kPoint;
    if (points) {
      features.points.reserve(n);
      for (const geo::Geometry& g : set.geometries) features.points.push_back(g.point_on_surface());
    } else {
      features.geometries.reserve(n);
      for (const geo::Geometry& g : set.geometries) features.geometries.push_back(g.clone());
    }

    const std::size_t nk = network_kind_of[k];
    if (nk != SIZE_MAX) {
      // As the network attached them (network_kinds() locates every facility by the same point).
      for (std::size_t f = 0; f < n; ++f) {
        if (const auto leg_m = network.facility_leg_m(nk, f))
          features.access_m[f] = round_cm(*leg_m);
      }
      features.villages_served.assign(n, 0);
      for (const auto& nearest : network_kinds[nk].nearest) {
        if (nearest) ++features.villages_served[*nearest];
      }
    } else if (points) {
      const RoadGraph& roads = network.roads();
      for (std::size_t f = 0; f < n; ++f) {
        const auto location = roads.nearest_edge(features.points[f]);
        if (location && location->distance_m <= max_access_m) {
          features.access_m[f] = round_cm(location->distance_m);
        }
      }
    }
  }
  return out;
}

}  // namespace infracov::analysis
