// GeoPackage feature rows inserted through SQLite's prepared statements.
//
// GDAL 3.6 writes a GeoPackage feature in about 6 µs of CPU: an OGRFeature and an OGRGeometry are
// built, every 64-bit integer is formatted to text and parsed back, and the statement is bound
// field by field by name. The million road edges of a province took 5.3 s that way, the largest
// stage of a run; GDAL 3.8's Arrow write path (WriteArrowBatch), which avoids this, is not in
// Debian 12. So GDAL still creates the table, its columns, its CRS and every GeoPackage metadata
// row, and only the rows go in here, on GDAL's own connection and inside its transaction: the
// values are bound by position and the geometry is encoded as the standard's binary header
// followed by ISO WKB (OGC 12-128r18, 2.1.3), byte for byte what GDAL writes (a test compares).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "infracov/geo/table.hpp"
#include "infracov/geo/types.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace infracov::geo::detail {

// A geometry box in the layer's CRS; empty until a point is added.
struct Extent {
  double min_x = 0, max_x = 0, min_y = 0, max_y = 0;
  bool empty = true;
  void add(double x, double y);
  void add(const Extent& other);
};

// One geometry in GeoPackage binary, with its box (empty for an empty geometry).
struct GpkgBlob {
  std::string bytes;
  Extent extent;
};

// A point: header without a box, as GDAL writes points (the box would only repeat the point).
GpkgBlob gpkg_point(std::int32_t srs_id, Point point);
// A MultiLineString of `lines`, with its box.
GpkgBlob gpkg_multi_line(std::int32_t srs_id, const std::vector<Polyline>& lines);
// Any geometry given as little-endian ISO WKB (from GDAL's exportToWkb), with its box.
GpkgBlob gpkg_from_wkb(std::int32_t srs_id, const std::string& wkb, const Extent& extent);

// The insert statement of one table: columns in the order of `columns` (the names GDAL gave the
// fields), then the geometry column when it is not empty. The feature id is left to SQLite, so it
// counts up from the table's largest, as GDAL's own inserts do.
class GpkgRowInserter {
 public:
  GpkgRowInserter(sqlite3* db, const std::string& table, const std::vector<std::string>& columns,
                  const std::string& geometry_column);
  ~GpkgRowInserter();
  GpkgRowInserter(const GpkgRowInserter&) = delete;
  GpkgRowInserter& operator=(const GpkgRowInserter&) = delete;

  // Inserts one row; `geometry` null for none. Returns the new feature id. Throws
  // std::runtime_error with SQLite's message on failure.
  std::int64_t insert(const std::vector<FieldValue>& values, const GpkgBlob* geometry);

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
  int columns_ = 0;
  bool has_geometry_ = false;
};

}  // namespace infracov::geo::detail
