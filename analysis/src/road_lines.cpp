// Junctions for added roads: a line that ends on the middle of a road gets a vertex there, so that
// the node rule (nodes at shared vertices) joins them.
#include <algorithm>
#include <limits>

#include "infracov/analysis/network.hpp"
#include "infracov/geo/spatial_index.hpp"

namespace infracov::analysis {

std::size_t insert_junctions(RoadLines& lines, std::size_t part_count,
                             std::span<const geo::Point> points, double tolerance_m) {
  // Segment s of the first part_count parts starts at vertex segment_start[s].
  std::vector<std::uint64_t> segment_start;
  geo::SpatialIndex index;
  for (std::size_t part = 0; part < part_count; ++part) {
    for (std::uint64_t v = lines.part_offsets[part]; v + 1 < lines.part_offsets[part + 1]; ++v) {
      geo::Envelope box;
      box.expand(lines.vertices[v]);
      box.expand(lines.vertices[v + 1]);
      index.insert(segment_start.size(), box);
      segment_start.push_back(v);
    }
  }
  struct Cut {
    std::uint64_t after_vertex;
    double t;
    geo::Point point;
  };
  std::vector<Cut> cuts;
  for (const geo::Point& p : points) {
    geo::Envelope window;
    window.expand(geo::Point{p.x - tolerance_m, p.y - tolerance_m});
    window.expand(geo::Point{p.x + tolerance_m, p.y + tolerance_m});
    double best_m = std::numeric_limits<double>::infinity();
    std::size_t best = SIZE_MAX;
    double best_t = 0.0;
    index.query(window, [&](std::size_t s) {
      const geo::Point a = lines.vertices[segment_start[s]];
      const geo::Point b = lines.vertices[segment_start[s] + 1];
      const geo::SegmentProjection on = geo::project_onto_segment(p, a, b);
      if (on.distance_m < best_m || (on.distance_m == best_m && s < best)) {
        best_m = on.distance_m;
        best = s;
        best_t = on.t;
      }
    });
    // Within the tolerance of a segment's inside: a new vertex at the line's own end point.
    if (best != SIZE_MAX && best_m <= tolerance_m && best_t > 0.0 && best_t < 1.0) {
      cuts.push_back({segment_start[best], best_t, p});
    }
  }
  if (cuts.empty()) return 0;
  std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) {
    if (a.after_vertex != b.after_vertex) return a.after_vertex < b.after_vertex;
    return a.t < b.t;
  });
  std::vector<geo::Point> vertices;
  vertices.reserve(lines.vertices.size() + cuts.size());
  std::vector<std::uint64_t> offsets{0};
  std::size_t next_cut = 0;
  for (std::size_t part = 0; part + 1 < lines.part_offsets.size(); ++part) {
    for (std::uint64_t v = lines.part_offsets[part]; v < lines.part_offsets[part + 1]; ++v) {
      vertices.push_back(lines.vertices[v]);
      while (next_cut < cuts.size() && cuts[next_cut].after_vertex == v) {
        if (!(cuts[next_cut].point == vertices.back())) vertices.push_back(cuts[next_cut].point);
        ++next_cut;
      }
    }
    offsets.push_back(vertices.size());
  }
  lines.vertices = std::move(vertices);
  lines.part_offsets = std::move(offsets);
  return cuts.size();
}

}  // namespace infracov::analysis
