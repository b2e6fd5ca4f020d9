// Junctions for added roads: a line that ends on the middle of a road gets a vertex there, so that
// the node rule (nodes at shared vertices) joins them. And the check that a scenario's pave lines
// lie on the roads.
#include <algorithm>
#include <limits>

#include "infracov/analysis/network.hpp"
#include "infracov/geo/spatial_index.hpp"

namespace infracov::analysis {
namespace {

// The segments of the parts that pass `keep`, in a spatial index: item s is the segment that
// starts at vertex segment_start[s].
struct SegmentIndex {
  std::vector<std::uint64_t> segment_start;
  geo::SpatialIndex index;
};

template <typename Keep>
void index_segments(const RoadLines& lines, std::size_t part_count, Keep keep, SegmentIndex& out) {
  for (std::size_t part = 0; part < part_count; ++part) {
    if (!keep(part)) continue;
    for (std::uint64_t v = lines.part_offsets[part]; v + 1 < lines.part_offsets[part + 1]; ++v) {
      geo::Envelope box;
      box.expand(lines.vertices[v]);
      box.expand(lines.vertices[v + 1]);
      out.index.insert(out.segment_start.size(), box);
      out.segment_start.push_back(v);
    }
  }
}

}  // namespace

std::vector<OffRoadPave> pave_off_road(const RoadLines& lines, double tolerance_m) {
  std::vector<OffRoadPave> off;
  if (lines.first_pave_feature >= lines.feature_fid.size()) return off;
  SegmentIndex roads;
  index_segments(
      lines, lines.part_count(),
      [&](std::size_t part) { return !lines.is_pave(lines.part_feature[part]); }, roads);
  // The distance to the nearest road segment; the window grows until it holds one, so the
  // error can say how far off a line lies (only lines off the road need more than one query).
  auto road_distance_m = [&](geo::Point p) {
    double best_m = std::numeric_limits<double>::infinity();
    constexpr double kFarthestM = 1e8;  // beyond any analysis CRS's extent
    for (double margin_m = std::max(tolerance_m, 1.0);
         best_m > margin_m && margin_m < kFarthestM && !roads.segment_start.empty();
         margin_m *= 4.0) {
      roads.index.query(geo::Envelope{p.x, p.y, p.x, p.y}.grown(margin_m), [&](std::size_t s) {
        const geo::Point a = lines.vertices[roads.segment_start[s]];
        const geo::Point b = lines.vertices[roads.segment_start[s] + 1];
        best_m = std::min(best_m, geo::project_onto_segment(p, a, b).distance_m);
      });
    }
    return best_m;
  };
  // Vertices and segment midpoints: a line that follows the road has both on it, and a straight
  // chord across a bend shows at its midpoint.
  std::vector<double> worst_m(lines.feature_fid.size(), 0.0);
  for (std::size_t part = 0; part < lines.part_count(); ++part) {
    const std::uint32_t feature = lines.part_feature[part];
    if (!lines.is_pave(feature)) continue;
    for (std::uint64_t v = lines.part_offsets[part]; v < lines.part_offsets[part + 1]; ++v) {
      const geo::Point p = lines.vertices[v];
      worst_m[feature] = std::max(worst_m[feature], road_distance_m(p));
      if (v + 1 < lines.part_offsets[part + 1]) {
        const geo::Point q = lines.vertices[v + 1];
        const geo::Point mid{(p.x + q.x) / 2.0, (p.y + q.y) / 2.0};
        worst_m[feature] = std::max(worst_m[feature], road_distance_m(mid));
      }
    }
  }
  for (std::uint32_t f = lines.first_pave_feature; f < lines.feature_fid.size(); ++f) {
    if (worst_m[f] > tolerance_m) off.push_back({f, worst_m[f]});
  }
  return off;
}

std::size_t insert_junctions(RoadLines& lines, std::size_t part_count,
                             std::span<const geo::Point> points, double tolerance_m) {
  // Without added roads there is nothing to join: indexing a province's million segments only to
  // find that out cost 0.8 s of every run.
  if (points.empty()) return 0;
  SegmentIndex segments;
  index_segments(
      lines, part_count, [](std::size_t) { return true; }, segments);
  const std::vector<std::uint64_t>& segment_start = segments.segment_start;
  const geo::SpatialIndex& index = segments.index;
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
