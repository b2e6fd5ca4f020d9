// Coordinate reference systems and transforms, through PROJ. Axis order is always traditional GIS
// order: x = easting or longitude, y = northing or latitude (also for EPSG:4326 and EPSG:4490).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "infracov/geo/types.hpp"

namespace infracov::geo {

class Crs {
 public:
  Crs() = default;  // the unknown CRS
  // Anything PROJ reads: "EPSG:4550", a WKT string, a PROJ string. Throws CrsError naming `what`.
  static Crs from_user(std::string_view definition, std::string_view what = "crs");
  static Crs wgs84();
  // The UTM zone (north or south) holding lon/lat, e.g. EPSG:32651 for 123°E 43°N.
  static Crs utm_for(double lon_deg, double lat_deg);

  bool known() const { return !wkt_.empty(); }
  const std::string& wkt() const { return wkt_; }     // WKT2 as PROJ writes it
  std::string name() const;                           // "WGS 84 / UTM zone 51N"
  std::optional<std::string> authority_code() const;  // "EPSG:32651" when there is one
  // "EPSG:32651" when there is a code, else the name: what summaries print.
  std::string label() const;
  bool is_geographic() const;
  // Projected with metre units: the only kind analysis accepts.
  bool is_projected_metres() const;
  bool same_as(const Crs& other) const;

 private:
  // What name(), authority_code() and the kind tests report, worked out once per CRS (PROJ parses
  // the WKT and may search its database) and shared by every copy.
  struct Facts;
  explicit Crs(std::string wkt);
  const Facts& facts() const;
  std::string wkt_;
  std::shared_ptr<Facts> facts_;
};

// A PROJ transformation between two CRSs, in traditional GIS axis order. Move-only: it owns a PROJ
// context and PJ object. Use one per thread.
class Transform {
 public:
  Transform(const Crs& from, const Crs& to);
  ~Transform();
  Transform(const Transform&) = delete;
  Transform& operator=(const Transform&) = delete;
  Transform(Transform&&) noexcept;
  Transform& operator=(Transform&&) noexcept;

  bool is_identity() const;
  Point apply(Point p) const;                 // throws CrsError when PROJ cannot transform p
  void apply(std::span<Point> points) const;  // in place

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace infracov::geo
