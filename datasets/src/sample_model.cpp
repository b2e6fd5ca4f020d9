// Synthesis of the banner sample: the order of the steps and the retry loop. The steps live in
// sample_towns, sample_villages, sample_roads, sample_services and sample_checks.cpp.
//
// The construction guarantees the planted outcomes; the self-checks at the end (check_layout)
// confirm them on the finished geometry and reject a layout that breaks one, in which case the next
// attempt of the same seed is tried.
//
// How the road network is made, and why each planted outcome holds:
// - Towns: 15 seats spread by k-means over the boundary; villages placed around their seat with a
//   minimum spacing, each on a "road vertex" 60-250 m from the village point.
// - Main network (all roads but the planted ones): highways between seats (a mesh made of the
//   Gabriel graph plus each seat's two nearest neighbours, extra links added until no highway is a
//   bridge), one ring road per town through its villages in angular order around the seat, at least
//   two spokes from the seat to the ring, and gravel roads that run parallel to ring sections.
//   Every line of it lies on a cycle (a ring, spoke pairs closing over the ring, the bridgeless
//   highway mesh, parallels beside their ring section), and every crossing is noded with one shared
//   vertex (node_crossings), so the main network has no bridge and each of its villages is on a
//   loop.
// - Pockets: four discs of radius kPocketRadiusM away from highways and seats; main roads are
//   routed around them (detour_around) and no main village lies inside. Each planted structure is
//   built inside its disc and touches the main network only at J, the point of the main network
//   nearest the pocket centre: every point of a segment from J into the disc is nearer the centre
//   than J is, so it can neither cross nor touch any other main road.
//   * A, no road: three villages near the centre, more than 2 km from every road.
//   * B, island: three villages on a road path with a spur; a main dead-end spur from J crosses
//     the path without a shared vertex (the overpass) and ends 5 m from the island spur's end (the
//     near miss that must stay apart). Either wrong join would connect the island.
//   * C, chain: a triangle road through three villages hung from J by one line, the only bridge
//     between them and the seat: single_access for exactly those three.
//   * D, petal: a triangle loop through two villages whose two ends meet 0.3 m from J, an end point
//     of the main network (the line is split there). Only the snap joins them. A gravel track
//     runs 2.7 km from the loop's middle away from J; the two villages' clinics stand beyond its
//     end, more than 2 km from any other road, so closing gravel (the rainy season) leaves them
//     no road at all.
// - Other defects are isolations rather than geometry: the no-clinic, no-power and no-water
//   villages keep every other village (and so every standardized clinic, power vertex and service
//   disc) far away, and power lines are routed around the no-power villages.
#include "sample_model.hpp"
#include "infracov/geo/error.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "sample_synthesis.hpp"

namespace infracov::datasets::detail {
namespace synthesis {

Builder::Builder(const std::vector<VillageRecord>& records, const Polyline& boundary,
                 std::uint64_t seed, int attempt)
    : records_(records), boundary_(boundary), rng_(seed * 0x100000001B3ULL + 7919ULL * attempt) {
  model_.seed = seed;
  model_.attempt = attempt;
}

SampleModel Builder::build() {
  make_grid();
  make_towns();
  make_highways();
  choose_pockets();
  choose_isolated();
  place_villages();
  make_village_roads();
  node_crossings(lines_);
  build_pockets();
  classify_roads();
  make_power();
  make_water();
  make_facilities();
  plant_checklist();
  check_layout();
  for (auto& line : lines_) {
    model_.roads.push_back({std::move(line.v), line.road_class, line.name});
  }
  return std::move(model_);
}

}  // namespace synthesis

SampleModel build_sample_model(const std::vector<VillageRecord>& records,
                               const geo::Polyline& boundary, std::uint64_t seed) {
  std::string reasons;
  for (int attempt = 0; attempt < 40; ++attempt) {
    try {
      return synthesis::Builder(records, boundary, seed, attempt).build();
    } catch (const std::runtime_error& rejected) {
      reasons += std::string(reasons.empty() ? "" : ", ") + rejected.what();
    }
  }
  throw InternalError("sample synthesis: no layout passed the self-checks for seed " +
                      std::to_string(seed) + " (" + reasons + ")");
}

}  // namespace infracov::datasets::detail
