// Web-map coordinates: GCJ-02 (AMap, Tencent) and BD-09 (Baidu) are longitude/latitude pairs
// deliberately offset from WGS 84 by hundreds of metres. PROJ does not support them (PROJ issue
// 982, won't fix), so the published formulas live here. Every layer whose assume_crs names one of
// them is converted to WGS 84, vertex by vertex, before anything else reads it.
//
// Accuracy:
// - WGS 84 -> GCJ-02 is the widely published offset formula (Krasovsky ellipsoid constants,
//   a = 6378245 m, e² = 0.00669342162296594323); it is an approximation of an unpublished
//   official algorithm, and we reproduce that published formula exactly (same operations in
//   double precision; 1e-9° against the reference implementation in the tests), nothing more.
// - GCJ-02 -> WGS 84 has no closed form: it is iterated (a fixed point on the forward formula)
//   until the forward formula maps the result back within kInverseToleranceDeg (1e-9°, about
//   0.1 mm) of the input; the offset varies slowly, so this converges in a handful of steps.
// - BD-09 <-> GCJ-02 is the published closed formula pair, applied everywhere (it has no
//   region). Its BD-09 -> GCJ-02 half is only an approximate inverse of the other: a round trip
//   moves a point by at most kBd09RoundTripDeg (2e-6 degrees, about 0.2 m) over China. We keep
//   it as published, as the web maps' own tools and the reference implementation do.
// - Points outside China (the published box 72.004-137.8347°E, 0.8293-55.8271°N) are not
//   shifted between WGS 84 and GCJ-02, as the web maps themselves do.
#pragma once

#include <optional>
#include <string_view>

#include "infracov/geo/types.hpp"

namespace infracov::geo {

enum class WebMapDatum { kGcj02, kBd09 };

// The web-map datum an assume_crs value names ("GCJ-02", "GCJ02", "BD-09", "BD09", any case),
// nullopt for anything else (which then goes to PROJ).
std::optional<WebMapDatum> web_map_datum(std::string_view assume_crs);
std::string_view name_of(WebMapDatum datum);  // "GCJ-02", "BD-09"

inline constexpr double kInverseToleranceDeg = 1e-9;
inline constexpr double kBd09RoundTripDeg = 2e-6;

// Inside the published box where GCJ-02 differs from WGS 84.
bool gcj02_applies(Point lonlat);

Point wgs84_to_gcj02(Point lonlat);
Point gcj02_to_wgs84(Point lonlat);
Point gcj02_to_bd09(Point lonlat);
Point bd09_to_gcj02(Point lonlat);
Point bd09_to_wgs84(Point lonlat);
Point wgs84_to_bd09(Point lonlat);

// `lonlat` in `datum`, as WGS 84 longitude/latitude.
Point to_wgs84(WebMapDatum datum, Point lonlat);

}  // namespace infracov::geo
