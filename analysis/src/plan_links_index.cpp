// Geometry of candidate links (projections, closest points between elements) and the cell grid
// that indexes the elements for plan_links and plan_grid.
//
// Why not geo::SpatialIndex: the searches here need "nearest element of another component,
// whose link the caller allows", growing until no closer element can exist; a cell grid gives
// that ring by ring with an exact lower bound, keeps this code free of a GEOS context, and is
// cheap to build for a million segments.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

#include "plan_links_internal.hpp"

namespace infracov::analysis::spanning {

namespace {

double cross(Point u, Point v) { return u.x * v.y - u.y * v.x; }
Point minus(Point u, Point v) { return {u.x - v.x, u.y - v.y}; }

}  // namespace

Closest closest(const Element& e, const Element& f) {
  // Proper crossing: distance 0 at the crossing point (components crossing without a shared
  // vertex, such as at an overpass, are joined there by a zero-length link).
  const Point ea = minus(e.b, e.a);
  const Point fa = minus(f.b, f.a);
  const double d1 = cross(fa, minus(e.a, f.a));
  const double d2 = cross(fa, minus(e.b, f.a));
  const double d3 = cross(ea, minus(f.a, e.a));
  const double d4 = cross(ea, minus(f.b, e.a));
  if (((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0)) &&
      ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))) {
    const double s = d1 / (d1 - d2);
    const double t = d3 / (d3 - d4);
    const Point at{e.a.x + s * ea.x, e.a.y + s * ea.y};
    return {0.0, at, s, at, t};
  }
  // Otherwise the minimum is reached at an end point of one of them; first candidate wins ties.
  Closest best{std::numeric_limits<double>::infinity(), {}, 0.0, {}, 0.0};
  auto consider = [&best](Point p, double s, Point q, double t) {
    const double d = geo::distance_m(p, q);
    if (d < best.d) best = {d, p, s, q, t};
  };
  const geo::SegmentProjection pa = project(e.a, f.a, f.b);
  consider(e.a, 0.0, pa.point, pa.t);
  if (!e.is_point) {
    const geo::SegmentProjection pb = project(e.b, f.a, f.b);
    consider(e.b, 1.0, pb.point, pb.t);
  }
  const geo::SegmentProjection qa = project(f.a, e.a, e.b);
  consider(qa.point, qa.t, f.a, 0.0);
  if (!f.is_point) {
    const geo::SegmentProjection qb = project(f.b, e.a, e.b);
    consider(qb.point, qb.t, f.b, 1.0);
  }
  return best;
}

CellIndex::CellIndex(std::span<const Element> elements) {
  geo::Envelope extent;
  for (const Element& el : elements) {
    extent.expand(el.a);
    extent.expand(el.b);
  }
  if (extent.empty()) extent.expand(Point{0.0, 0.0});
  min_x_ = extent.min_x;
  min_y_ = extent.min_y;
  const double width = extent.max_x - extent.min_x;
  const double height = extent.max_y - extent.min_y;
  const double n = static_cast<double>(std::max<std::size_t>(elements.size(), 1));
  // About one element per cell; capped so the cell table stays within a few entries per
  // element even for thin extents.
  cell_m_ =
      std::max({std::sqrt(std::max(width * height, 0.0) / n), std::max(width, height) / n, 1e-3});
  const double max_cells = 4.0 * n + 64.0;
  while ((std::floor(width / cell_m_) + 1.0) * (std::floor(height / cell_m_) + 1.0) > max_cells) {
    cell_m_ *= 1.5;
  }
  nx_ = static_cast<std::int64_t>(std::floor(width / cell_m_)) + 1;
  ny_ = static_cast<std::int64_t>(std::floor(height / cell_m_)) + 1;

  const std::size_t cells = static_cast<std::size_t>(nx_ * ny_);
  offsets_.assign(cells + 1, 0);
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<std::uint32_t> fill;
    if (pass == 1) {
      for (std::size_t c = 0; c < cells; ++c) offsets_[c + 1] += offsets_[c];
      ids_.resize(offsets_[cells]);
      fill.assign(offsets_.begin(), offsets_.end() - 1);
    }
    for (std::size_t id = 0; id < elements.size(); ++id) {
      for_each_cell_of(elements[id], [&](std::size_t cell) {
        if (pass == 0) {
          ++offsets_[cell + 1];
        } else {
          ids_[fill[cell]++] = static_cast<std::uint32_t>(id);
        }
      });
    }
  }
}

}  // namespace infracov::analysis::spanning
