// Geometry of candidate links: the closest points between two elements (segments or points).
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

}  // namespace infracov::analysis::spanning
