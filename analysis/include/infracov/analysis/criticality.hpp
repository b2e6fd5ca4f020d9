// Criticality of road segments (DESIGN.md "Criticality of road segments"): who is cut off when a
// segment fails, who routes over it, and the extra travel when the busiest segments close.
//
// The World Bank's tools remove every segment in turn and rerun every route. Here the cut-off
// and route figures come from one shortest-path tree (to the seat) and one forest per network
// kind (to the nearest facility), summed over subtrees, in linear time; only the --critical N
// busiest segments that are not bridges get a search of their own, and that search only relabels
// the nodes whose route used the segment (every other node keeps its distance), leaving out the
// dead-end trees, whose nodes change as the node they hang from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "infracov/analysis/network.hpp"

namespace infracov::analysis {

// One of the --critical segments, with the figures of its closure.
struct CriticalEdge {
  std::uint32_t edge = 0;                // road edge (the `roads` layer's order)
  double detour_person_km = 0.0;         // sum over rerouted villages of people x extra km
  double detour_max_km = 0.0;            // the largest extra km of one village
  std::vector<std::uint32_t> kind_lost;  // per network kind: villages ok now and not when closed
};

struct Criticality {
  // Per road edge: the most connected villages (people) that lose every route to the seat when one
  // piece of the edge fails; non-zero only on bridges.
  std::vector<std::uint32_t> villages_cut_off;
  std::vector<std::int64_t> people_cut_off;
  // Per road edge: people whose shortest route to the seat uses any part of it; per network kind
  // and road edge, the same for the route to the nearest facility of that kind.
  std::vector<std::int64_t> route_people;
  std::vector<std::vector<std::int64_t>> route_people_kind;
  // The critical segments, by decreasing route_people then edge index, and per road edge its
  // index in `critical` (UINT32_MAX for the others).
  std::vector<CriticalEdge> critical;
  std::vector<std::uint32_t> critical_index;
};

// `people` is parallel to the villages the network was built with (0 for an unknown population);
// `measured` is network.measure()'s result. Routes follow lengths to the seat and each kind's own
// weights (minutes for a max_minutes kind); ties between equal routes go to the lower node, then
// the lower edge. The critical searches run on up to `threads` threads; results do not depend on
// it.
Criticality compute_criticality(const Network& network, const NetworkResult& measured,
                                std::span<const std::int64_t> people, std::size_t critical_count,
                                unsigned threads);

}  // namespace infracov::analysis
