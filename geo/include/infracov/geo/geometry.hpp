// Move-only owners of GEOS handles (reentrant C API). The GEOS headers stay in geo/src: callers see
// only these types. One GeosContext per thread, passed explicitly; every Geometry remembers the
// context that made it and must not outlive it.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "infracov/geo/types.hpp"

// Opaque GEOS types, declared the way geos_c.h declares them, so no GEOS header leaks out.
struct GEOSContextHandle_HS;
struct GEOSGeom_t;

namespace infracov::geo {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;
  GeosContext(GeosContext&&) noexcept;
  GeosContext& operator=(GeosContext&&) noexcept;

  GEOSContextHandle_HS* handle() const;
  // The last error GEOS reported through this context's message handler ("" when none).
  std::string last_error() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

class Geometry {
 public:
  Geometry() = default;  // the null geometry
  // Takes ownership of `owned` (may be null).
  Geometry(const GeosContext& ctx, GEOSGeom_t* owned);
  // Same, from the raw context handle a Geometry carries (for code that has only a Geometry).
  static Geometry adopt(GEOSContextHandle_HS* ctx, GEOSGeom_t* owned);
  ~Geometry();
  Geometry(const Geometry&) = delete;
  Geometry& operator=(const Geometry&) = delete;
  Geometry(Geometry&&) noexcept;
  Geometry& operator=(Geometry&&) noexcept;
  Geometry clone() const;

  static Geometry from_wkt(const GeosContext& ctx, std::string_view wkt);  // throws GeometryError
  static Geometry from_wkb(const GeosContext& ctx, std::span<const unsigned char> wkb);  // ditto
  static Geometry point(const GeosContext& ctx, Point p);
  static Geometry line(const GeosContext& ctx, std::span<const Point> vertices);
  static Geometry polygon(const GeosContext& ctx, std::span<const Point> shell);
  // Unary union of all parts (GEOSUnaryUnion over a collection); null for an empty input.
  static Geometry union_all(const GeosContext& ctx, std::vector<Geometry> parts);
  // Union of polygons that meet only along shared edges with identical vertices (tiles of one
  // grid): GEOSCoverageUnion, far faster than union_all because nothing overlaps.
  static Geometry coverage_union(const GeosContext& ctx, std::vector<Geometry> parts);
  // The exact union of every line buffered by width_m (round ends, two segments a quadrant):
  // one buffer per line, then one cascaded union. Null for no lines. The reference for the
  // faster rasterized service areas of geo/io (service_area.hpp).
  static Geometry buffered_union(const GeosContext& ctx, const std::vector<Polyline>& lines,
                                 double width_m);

  bool is_null() const { return geom_ == nullptr; }
  bool is_empty() const;
  bool is_valid() const;
  Geometry make_valid() const;
  // Only the parts of class `expected` (make_valid may turn a polygon into a collection holding
  // collapsed lines and points as well); null when none is left.
  Geometry parts_of_class(GeometryClass expected) const;
  // Point, line or polygon family (multi forms fold into their base); kAny for collections.
  GeometryClass geometry_class() const;
  std::string type_name() const;  // "MultiLineString", ...
  std::string wkt(int decimals = -1) const;
  Envelope envelope() const;

  double distance_m(const Geometry& other) const;  // 0 when they touch or overlap
  double distance_m(Point p) const;
  // The point of this geometry nearest to p (p itself when it lies inside or on it), so a line
  // drawn from p to it is as long as distance_m(p).
  Point nearest_point(Point p) const;
  bool contains(Point p) const;  // covers: a point on the boundary counts as inside
  bool intersects(const Geometry& other) const;
  Point point_on_surface() const;
  double length_m() const;
  double area_m2() const;
  // Every line part (LineString / MultiLineString / lines inside collections), in order.
  std::vector<Polyline> lines() const;
  // Every point (Point / MultiPoint), in order.
  std::vector<Point> points() const;
  Geometry buffer(double width_m, int quadrant_segments = 8) const;
  Geometry intersection(const Geometry& other) const;

  GEOSGeom_t* raw() const { return geom_; }
  // Gives up ownership (for handing the geometry to a GEOS call that takes it); null afterwards.
  GEOSGeom_t* release() { return std::exchange(geom_, nullptr); }
  GEOSContextHandle_HS* context() const { return ctx_; }

 private:
  GEOSContextHandle_HS* ctx_ = nullptr;
  GEOSGeom_t* geom_ = nullptr;
};

}  // namespace infracov::geo
