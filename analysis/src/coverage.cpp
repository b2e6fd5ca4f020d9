#include "coverage.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "infracov/geo/spatial_index.hpp"

namespace infracov::analysis {
namespace {

// One index over all facility geometries of a kind: nearest queries never loop over facilities.
geo::SpatialIndex index_facilities(const FacilitySet& facilities) {
  geo::SpatialIndex index;
  for (std::size_t i = 0; i < facilities.geometries.size(); ++i) {
    index.insert(i, facilities.geometries[i].envelope());
  }
  return index;
}

std::optional<geo::SpatialIndex::Hit> nearest_facility(const geo::SpatialIndex& index,
                                                       const FacilitySet& facilities,
                                                       geo::Point p) {
  return index.nearest(p, [&facilities](std::size_t item, geo::Point q) {
    return facilities.geometries[item].distance_m(q);
  });
}

}  // namespace

std::vector<KindOutcome> measure_euclid(const VillageShapes& villages,
                                        const FacilitySet& facilities,
                                        std::optional<double> max_m) {
  std::vector<KindOutcome> out(villages.points.size());
  if (facilities.geometries.empty()) return out;
  const geo::SpatialIndex index = index_facilities(facilities);
  for (std::size_t v = 0; v < villages.points.size(); ++v) {
    const auto hit = nearest_facility(index, facilities, villages.points[v]);
    if (!hit) continue;
    out[v].value = hit->distance_m;
    out[v].nearest = facilities.ids[hit->item];
    out[v].ok = !max_m || hit->distance_m <= *max_m;
    out[v].nearest_index = hit->item;
  }
  return out;
}

std::vector<KindOutcome> measure_within(const VillageShapes& villages,
                                        const FacilitySet& facilities) {
  std::vector<KindOutcome> out(villages.points.size());
  if (facilities.geometries.empty()) return out;
  const geo::SpatialIndex index = index_facilities(facilities);
  for (std::size_t v = 0; v < villages.points.size(); ++v) {
    const geo::Point p = villages.points[v];
    // Containing polygons first, lowest number wins so the reported id is deterministic.
    std::optional<std::size_t> inside;
    index.query(geo::Envelope{p.x, p.y, p.x, p.y}, [&](std::size_t item) {
      if ((!inside || item < *inside) && facilities.geometries[item].contains(p)) inside = item;
    });
    if (inside) {
      out[v] = {0.0, facilities.ids[*inside], true, *inside};
      continue;
    }
    const auto hit = nearest_facility(index, facilities, p);
    if (!hit) continue;
    out[v] = {hit->distance_m, facilities.ids[hit->item], false, hit->item};
  }
  return out;
}

std::vector<KindOutcome> measure_in_village(const VillageShapes& villages,
                                            const FacilitySet& facilities) {
  std::vector<KindOutcome> out(villages.points.size());
  if (facilities.geometries.empty()) return out;
  // The first facility (lowest number) that names each village through its attribute.
  std::map<std::string, std::size_t, std::less<>> named;
  for (std::size_t i = 0; i < facilities.village_ids.size(); ++i) {
    if (!facilities.village_ids[i].empty()) named.emplace(facilities.village_ids[i], i);
  }
  const geo::SpatialIndex index = index_facilities(facilities);
  for (std::size_t v = 0; v < villages.points.size(); ++v) {
    const geo::Point p = villages.points[v];
    std::optional<std::size_t> own;
    if (const auto it = named.find(villages.ids[v]); it != named.end()) own = it->second;
    if (const geo::Geometry* polygon = villages.polygons.empty() ? nullptr : villages.polygons[v]) {
      index.query(polygon->envelope(), [&](std::size_t item) {
        if ((!own || item < *own) && polygon->intersects(facilities.geometries[item])) own = item;
      });
    }
    if (own) {
      out[v] = {facilities.geometries[*own].distance_m(p), facilities.ids[*own], true, *own};
      continue;
    }
    const auto hit = nearest_facility(index, facilities, p);
    if (!hit) continue;
    out[v] = {hit->distance_m, facilities.ids[hit->item], false, hit->item};
  }
  return out;
}

}  // namespace infracov::analysis
