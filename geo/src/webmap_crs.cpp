// The published GCJ-02 and BD-09 formulas (see webmap_crs.hpp for their accuracy).
#include "infracov/geo/webmap_crs.hpp"

#include <cmath>
#include <numbers>
#include <string>

namespace infracov::geo {

namespace {

constexpr double kPi = std::numbers::pi;
// The Krasovsky 1940 ellipsoid, as the published GCJ-02 formula uses it.
constexpr double kSemiMajorM = 6378245.0;
constexpr double kEccentricity2 = 0.00669342162296594323;
// BD-09's published constant: pi * 3000 / 180.
constexpr double kBaiduFactor = kPi * 3000.0 / 180.0;
// The offset changes by a few thousandths of a degree per degree (its steepest term is
// 20 sin(6 pi x)), so each step of the fixed point gains two to three digits and 1e-9 degrees
// takes four or five steps; the cap only guards against NaN input.
constexpr int kMaxIterations = 30;

double offset_lat(double x, double y) {
  double ret =
      -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  ret += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  ret += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  ret += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return ret;
}

double offset_lon(double x, double y) {
  double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  ret += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  ret += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  ret += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return ret;
}

// The GCJ-02 offset (degrees) at a WGS 84 point inside China.
Point gcj02_offset_deg(Point lonlat) {
  double d_lon = offset_lon(lonlat.x - 105.0, lonlat.y - 35.0);
  double d_lat = offset_lat(lonlat.x - 105.0, lonlat.y - 35.0);
  const double rad_lat = lonlat.y / 180.0 * kPi;
  double magic = std::sin(rad_lat);
  magic = 1.0 - kEccentricity2 * magic * magic;
  const double sqrt_magic = std::sqrt(magic);
  d_lon = (d_lon * 180.0) / (kSemiMajorM / sqrt_magic * std::cos(rad_lat) * kPi);
  d_lat = (d_lat * 180.0) / ((kSemiMajorM * (1.0 - kEccentricity2)) / (magic * sqrt_magic) * kPi);
  return {d_lon, d_lat};
}

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::optional<WebMapDatum> web_map_datum(std::string_view assume_crs) {
  std::string key;
  for (const char c : assume_crs) {
    if (c != '-' && c != '_' && c != ' ') key += upper(c);
  }
  if (key == "GCJ02") return WebMapDatum::kGcj02;
  if (key == "BD09") return WebMapDatum::kBd09;
  return std::nullopt;
}

std::string_view name_of(WebMapDatum datum) {
  return datum == WebMapDatum::kGcj02 ? "GCJ-02" : "BD-09";
}

bool gcj02_applies(Point p) {
  return p.x >= 72.004 && p.x <= 137.8347 && p.y >= 0.8293 && p.y <= 55.8271;
}

Point wgs84_to_gcj02(Point p) {
  if (!gcj02_applies(p)) return p;
  const Point d = gcj02_offset_deg(p);
  return {p.x + d.x, p.y + d.y};
}

Point gcj02_to_wgs84(Point p) {
  if (!gcj02_applies(p)) return p;
  // Fixed point: move the guess by the residual of the forward formula until it vanishes.
  Point guess = p;
  for (int i = 0; i < kMaxIterations; ++i) {
    const Point forward = wgs84_to_gcj02(guess);
    const double dx = forward.x - p.x;
    const double dy = forward.y - p.y;
    if (!(std::abs(dx) > kInverseToleranceDeg || std::abs(dy) > kInverseToleranceDeg)) break;
    guess.x -= dx;
    guess.y -= dy;
  }
  return guess;
}

Point gcj02_to_bd09(Point p) {
  const double z = std::sqrt(p.x * p.x + p.y * p.y) + 0.00002 * std::sin(p.y * kBaiduFactor);
  const double theta = std::atan2(p.y, p.x) + 0.000003 * std::cos(p.x * kBaiduFactor);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

Point bd09_to_gcj02(Point p) {
  const double x = p.x - 0.0065;
  const double y = p.y - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kBaiduFactor);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kBaiduFactor);
  return {z * std::cos(theta), z * std::sin(theta)};
}

Point bd09_to_wgs84(Point p) { return gcj02_to_wgs84(bd09_to_gcj02(p)); }
Point wgs84_to_bd09(Point p) { return gcj02_to_bd09(wgs84_to_gcj02(p)); }

Point to_wgs84(WebMapDatum datum, Point p) {
  return datum == WebMapDatum::kGcj02 ? gcj02_to_wgs84(p) : bd09_to_wgs84(p);
}

}  // namespace infracov::geo
