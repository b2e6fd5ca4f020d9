// Plain geometric value types that every module may use without touching GEOS or GDAL.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace infracov::geo {

// Empties `v` and gives its memory back. (`v = {}` does not: it is vector's initializer-list
// assignment, which keeps the capacity.)
template <class T>
void release(std::vector<T>& v) {
  std::vector<T>().swap(v);
}

// x is easting or longitude, y northing or latitude, everywhere (traditional GIS order).
struct Point {
  double x = 0.0;
  double y = 0.0;
  friend bool operator==(const Point&, const Point&) = default;
};

inline double distance_m(Point a, Point b) { return std::hypot(a.x - b.x, a.y - b.y); }

// The nearest point of the segment a-b to p: the one point-to-segment projection of infracov.
struct SegmentProjection {
  Point point;            // exactly a when t is 0 and exactly b when t is 1
  double t = 0.0;         // 0 at a, 1 at b
  double distance_m = 0;  // from p to point
};
inline SegmentProjection project_onto_segment(Point p, Point a, Point b) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  const double t = length2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0.0;
  // The ends are returned exactly, so that a point projecting onto a vertex lands on it.
  if (t <= 0.0) return {a, 0.0, distance_m(p, a)};
  if (t >= 1.0) return {b, 1.0, distance_m(p, b)};
  const Point q{a.x + t * dx, a.y + t * dy};
  return {q, t, distance_m(p, q)};
}

// Distance from p to the segment a-b.
inline double point_segment_distance_m(Point p, Point a, Point b) {
  return project_onto_segment(p, a, b).distance_m;
}

struct Envelope {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  bool empty() const { return min_x > max_x; }
  void expand(Point p) {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }
  void expand(const Envelope& e) {
    min_x = std::min(min_x, e.min_x);
    min_y = std::min(min_y, e.min_y);
    max_x = std::max(max_x, e.max_x);
    max_y = std::max(max_y, e.max_y);
  }
  Envelope grown(double margin_m) const {
    return {min_x - margin_m, min_y - margin_m, max_x + margin_m, max_y + margin_m};
  }
  Point centre() const { return {(min_x + max_x) / 2.0, (min_y + max_y) / 2.0}; }
};

// A line as a vertex sequence; a multi-line is a vector of these.
using Polyline = std::vector<Point>;

enum class GeometryClass { kPoint, kLine, kPolygon, kAny };

}  // namespace infracov::geo
