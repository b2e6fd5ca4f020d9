// Plane geometry on geo::Point for the generators: a seeded random source whose output does not
// depend on the standard library, and the few exact segment tests the synthesis needs. Everything
// here is in a projected CRS, in metres.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>

#include "infracov/geo/types.hpp"

namespace infracov::datasets::detail {

using geo::Point;
using geo::Polyline;

// splitmix64: std::uniform_*_distribution differ between standard libraries, and the sample must
// be the same wherever it is built.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // In [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // In [0, n).
  std::size_t index(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

inline constexpr double kPi = 3.14159265358979323846;

inline Point operator+(Point a, Point b) { return {a.x + b.x, a.y + b.y}; }
inline Point operator-(Point a, Point b) { return {a.x - b.x, a.y - b.y}; }
inline Point operator*(Point a, double k) { return {a.x * k, a.y * k}; }
inline double dot(Point a, Point b) { return a.x * b.x + a.y * b.y; }
inline double cross(Point a, Point b) { return a.x * b.y - a.y * b.x; }
inline double norm(Point a) { return std::hypot(a.x, a.y); }
inline Point unit(Point a) { return a * (1.0 / norm(a)); }
inline Point perpendicular(Point a) { return {-a.y, a.x}; }
inline Point polar(double radius_m, double angle_rad) {
  return {radius_m * std::cos(angle_rad), radius_m * std::sin(angle_rad)};
}
// A random offset at a distance in [min_m, max_m) and a random bearing. The two draws are
// sequenced (the bearing first, the order g++ gave the call `polar(uniform, uniform)` that the
// bundled sample was made with): as arguments of one call their order is unspecified, and clang
// drew them the other way round, which built a different sample.
inline Point random_offset(Random& rng, double min_m, double max_m) {
  const double angle_rad = rng.uniform(0, 2 * kPi);
  return polar(rng.uniform(min_m, max_m), angle_rad);
}

// Nearest point of segment ab to p (geo's one projection).
inline Point closest_on_segment(Point p, Point a, Point b) {
  return geo::project_onto_segment(p, a, b).point;
}
inline double segment_distance_m(Point p, Point a, Point b) {
  return geo::point_segment_distance_m(p, a, b);
}
inline double polyline_distance_m(Point p, std::span<const Point> line) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    best = std::min(best, segment_distance_m(p, line[i], line[i + 1]));
  }
  return best;
}
inline double polyline_length_m(std::span<const Point> line) {
  double total = 0.0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) total += geo::distance_m(line[i], line[i + 1]);
  return total;
}

// Where segments ab and cd cross at one point strictly inside both (parameters t on ab, u on cd).
// Touching at an end, parallel and collinear segments give nothing: the generators never build
// those on purpose, and a crossing at a shared vertex is already a node.
struct Crossing {
  double t = 0.0;
  double u = 0.0;
  Point at;
};
inline std::optional<Crossing> proper_crossing(Point a, Point b, Point c, Point d) {
  const Point r = b - a;
  const Point s = d - c;
  const double denom = cross(r, s);
  if (denom == 0.0) return std::nullopt;
  const double t = cross(c - a, s) / denom;
  const double u = cross(c - a, r) / denom;
  constexpr double kInside = 1e-12;
  if (t <= kInside || t >= 1.0 - kInside || u <= kInside || u >= 1.0 - kInside) return std::nullopt;
  return Crossing{t, u, a + r * t};
}

// Even-odd rule on a closed ring (first vertex repeated or not).
inline bool ring_contains(std::span<const Point> ring, Point p) {
  bool inside = false;
  const std::size_t n = ring.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const Point a = ring[i];
    const Point b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

}  // namespace infracov::datasets::detail
