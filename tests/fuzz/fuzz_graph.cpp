// libFuzzer target: random polylines through RoadGraph::build. The input is decoded into lines
// whose vertices mostly fall on a coarse grid or on earlier vertices, so that what noding must
// handle comes up often: end points a fraction of snap_m apart (near-snaps), just over it (gaps),
// repeated vertices and whole repeated lines, closed loops and multipart features. Checks the
// graph's own invariants; a crash, a sanitizer report or a broken invariant is a finding.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "infracov/analysis/network.hpp"
#include "infracov/analysis/road_graph.hpp"

namespace {

using infracov::analysis::RoadGraph;
using infracov::analysis::RoadLines;
using infracov::geo::Point;
using infracov::geo::Polyline;

constexpr double kGridM = 10.0;

Point next_vertex(FuzzedDataProvider& in, const std::vector<Point>& seen, double snap_m) {
  const auto grid = [&] {
    return Point{kGridM * in.ConsumeIntegralInRange<int>(-8, 8),
                 kGridM * in.ConsumeIntegralInRange<int>(-8, 8)};
  };
  switch (in.ConsumeIntegralInRange<int>(0, 4)) {
    case 0:  // a vertex seen before: shared vertices, repeats, loops
      if (!seen.empty()) return seen[in.ConsumeIntegralInRange<std::size_t>(0, seen.size() - 1)];
      return grid();
    case 1: {  // near a vertex seen before: inside, on or just outside snap_m
      const Point base =
          seen.empty() ? grid() : seen[in.ConsumeIntegralInRange<std::size_t>(0, seen.size() - 1)];
      const double r = snap_m * in.ConsumeFloatingPointInRange<double>(0.0, 2.0);
      const double a = in.ConsumeFloatingPointInRange<double>(0.0, 6.283185307179586);
      return {base.x + r * std::cos(a), base.y + r * std::sin(a)};
    }
    case 2:  // anywhere, at full double precision
      return {in.ConsumeFloatingPointInRange<double>(-200.0, 200.0),
              in.ConsumeFloatingPointInRange<double>(-200.0, 200.0)};
    default:
      return grid();
  }
}

void check(bool ok) {
  if (!ok) std::abort();  // a broken invariant: libFuzzer keeps the input as a crash
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const double snap_m = in.ConsumeFloatingPointInRange<double>(0.0, 5.0);
  RoadLines lines;
  std::vector<Point> seen;
  std::vector<std::vector<Polyline>> features;
  const int feature_count = in.ConsumeIntegralInRange<int>(0, 24);
  for (int f = 0; f < feature_count && in.remaining_bytes() > 0; ++f) {
    std::vector<Polyline> parts;
    if (!features.empty() && in.ConsumeIntegralInRange<int>(0, 7) == 0) {
      parts = features[in.ConsumeIntegralInRange<std::size_t>(0, features.size() - 1)];  // repeat
    } else {
      const int part_count = in.ConsumeIntegralInRange<int>(1, 3);
      for (int p = 0; p < part_count; ++p) {
        Polyline part;
        const int vertex_count = in.ConsumeIntegralInRange<int>(1, 8);
        for (int v = 0; v < vertex_count; ++v) part.push_back(next_vertex(in, seen, snap_m));
        if (in.ConsumeBool()) std::reverse(part.begin(), part.end());
        seen.insert(seen.end(), part.begin(), part.end());
        parts.push_back(std::move(part));
      }
    }
    features.push_back(parts);
    lines.add_feature(f, in.ConsumeBool() ? "paved" : "", parts);
  }
  const bool filtered = in.ConsumeBool();
  const std::uint32_t drop = in.ConsumeIntegral<std::uint32_t>() % 4;
  const RoadGraph graph =
      filtered ? RoadGraph::build(lines, snap_m,
                                  [drop](std::uint32_t feature) { return feature % 4 != drop; })
               : RoadGraph::build(lines, snap_m);

  check(graph.stats().nodes == graph.node_count());
  check(graph.stats().edges == graph.edge_count());
  check(graph.stats().components == graph.component_count());
  double total_m = 0.0;
  for (infracov::analysis::EdgeId e = 0; e < graph.edge_count(); ++e) {
    const auto geometry = graph.edge_geometry(e);
    check(geometry.size() >= 2);
    check(graph.edge_u(e) < graph.node_count() && graph.edge_v(e) < graph.node_count());
    check(geometry.front() == graph.node_point(graph.edge_u(e)));
    check(geometry.back() == graph.node_point(graph.edge_v(e)));
    check(std::isfinite(graph.edge_length_m(e)) && graph.edge_length_m(e) >= 0.0);
    check(graph.edge_component(e) < graph.component_count());
    // DESIGN.md: a closed way is an edge from a node to itself, never a bridge.
    if (graph.edge_u(e) == graph.edge_v(e)) check(!graph.is_bridge(e));
    total_m += graph.edge_length_m(e);
  }
  check(std::abs(total_m / 1000.0 - graph.stats().road_km) <= 1e-6 * (1.0 + total_m));
  for (infracov::analysis::NodeId n = 0; n < graph.node_count(); ++n) {
    check(graph.node_component(n) < graph.component_count());
  }
  // Attaching points: the nearest-edge query over the segment index.
  for (int q = 0; q < 4 && in.remaining_bytes() > 0; ++q) {
    const auto at = graph.nearest_edge(next_vertex(in, seen, snap_m));
    check(at.has_value() == (graph.edge_count() > 0));
    if (at) check(at->edge < graph.edge_count() && at->t >= 0.0 && at->t <= 1.0);
  }
  return 0;
}
