// Brute-force references shared by the planning tests: geometry distances written independently
// of analysis/src, and exhaustive enumeration of spanning trees.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include "infracov/geo/types.hpp"

namespace infracov::analysis::plan_test {

using geo::Point;
using geo::Polyline;

inline double point_segment_m(Point p, Point a, Point b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

inline double orient(Point a, Point b, Point c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

inline double segment_segment_m(Point a, Point b, Point c, Point d) {
  const double o1 = orient(a, b, c), o2 = orient(a, b, d);
  const double o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) {
    return 0.0;
  }
  return std::min({point_segment_m(a, c, d), point_segment_m(b, c, d), point_segment_m(c, a, b),
                   point_segment_m(d, a, b)});
}

// Every point and segment of a geometry set, as segments (a point is a zero-length segment).
inline std::vector<std::pair<Point, Point>> pieces(const std::vector<Polyline>& lines,
                                                   const std::vector<Point>& points) {
  std::vector<std::pair<Point, Point>> out;
  for (const Point& p : points) out.emplace_back(p, p);
  for (const Polyline& l : lines) {
    if (l.size() == 1) out.emplace_back(l[0], l[0]);
    for (std::size_t i = 0; i + 1 < l.size(); ++i) out.emplace_back(l[i], l[i + 1]);
  }
  return out;
}

inline double set_distance_m(const std::vector<std::pair<Point, Point>>& x,
                             const std::vector<std::pair<Point, Point>>& y) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& [a, b] : x) {
    for (const auto& [c, d] : y) best = std::min(best, segment_segment_m(a, b, c, d));
  }
  return best;
}

// Minimum total weight over all spanning trees of the complete graph on n nodes (Pruefer
// sequences: n^(n-2) trees); infinity when every tree uses an infinite edge.
inline double brute_force_mst(const std::vector<std::vector<double>>& w) {
  const std::size_t n = w.size();
  if (n <= 1) return 0.0;
  if (n == 2) return w[0][1];
  std::vector<std::size_t> seq(n - 2, 0);
  double best = std::numeric_limits<double>::infinity();
  for (;;) {
    std::vector<std::size_t> degree(n, 1);
    for (const std::size_t s : seq) ++degree[s];
    double total = 0.0;
    for (const std::size_t s : seq) {
      std::size_t leaf = 0;
      while (degree[leaf] != 1) ++leaf;
      total += w[leaf][s];
      --degree[leaf];
      --degree[s];
    }
    std::size_t u = n, v = n;
    for (std::size_t i = 0; i < n; ++i) {
      if (degree[i] == 1) (u == n ? u : v) = i;
    }
    total += w[u][v];
    best = std::min(best, total);
    std::size_t k = 0;
    while (k < seq.size() && ++seq[k] == n) seq[k++] = 0;
    if (k == seq.size()) break;
  }
  return best;
}

}  // namespace infracov::analysis::plan_test
