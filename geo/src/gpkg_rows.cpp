#include "gpkg_rows.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#include "gpkg_rtree.hpp"

namespace infracov::geo::detail {

namespace {

static_assert(std::endian::native == std::endian::little,
              "GeoPackage rows are written little-endian by copying native values");

// Header flags (OGC 12-128r18, 2.1.3.1.1): bit 0 little-endian, bits 1-3 the box kind (1: x and
// y), bit 4 an empty geometry.
constexpr std::uint8_t kLittleEndian = 0x01;
constexpr std::uint8_t kBoxXY = 0x02;
constexpr std::uint8_t kEmpty = 0x10;

// ISO WKB geometry types (2-D).
constexpr std::uint32_t kWkbPoint = 1;
constexpr std::uint32_t kWkbLineString = 2;
constexpr std::uint32_t kWkbMultiLineString = 5;

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void put_header(std::string& out, std::int32_t srs_id, const Extent& extent, bool box) {
  out += 'G';
  out += 'P';
  out += '\0';  // version 1 of the standard's binary format
  std::uint8_t flags = kLittleEndian;
  if (extent.empty) {
    flags |= kEmpty;
  } else if (box) {
    flags |= kBoxXY;
  }
  out += static_cast<char>(flags);
  put(out, srs_id);
  if (box && !extent.empty) {
    put(out, extent.min_x);
    put(out, extent.max_x);
    put(out, extent.min_y);
    put(out, extent.max_y);
  }
}

void put_wkb_head(std::string& out, std::uint32_t type) {
  out += '\x01';  // little-endian
  put(out, type);
}

}  // namespace

void Extent::add(double x, double y) {
  if (empty) {
    min_x = max_x = x;
    min_y = max_y = y;
    empty = false;
    return;
  }
  min_x = std::min(min_x, x);
  max_x = std::max(max_x, x);
  min_y = std::min(min_y, y);
  max_y = std::max(max_y, y);
}

void Extent::add(const Extent& other) {
  if (other.empty) return;
  add(other.min_x, other.min_y);
  add(other.max_x, other.max_y);
}

GpkgBlob gpkg_point(std::int32_t srs_id, Point point) {
  GpkgBlob blob;
  blob.extent.add(point.x, point.y);
  blob.bytes.reserve(8 + 21);
  put_header(blob.bytes, srs_id, blob.extent, false);
  put_wkb_head(blob.bytes, kWkbPoint);
  put(blob.bytes, point.x);
  put(blob.bytes, point.y);
  return blob;
}

GpkgBlob gpkg_multi_line(std::int32_t srs_id, const std::vector<Polyline>& lines) {
  GpkgBlob blob;
  std::size_t size = 40 + 9;
  for (const Polyline& line : lines) {
    size += 9 + 16 * line.size();
    for (const Point& p : line) blob.extent.add(p.x, p.y);
  }
  blob.bytes.reserve(size);
  put_header(blob.bytes, srs_id, blob.extent, true);
  put_wkb_head(blob.bytes, kWkbMultiLineString);
  put(blob.bytes, static_cast<std::uint32_t>(lines.size()));
  for (const Polyline& line : lines) {
    put_wkb_head(blob.bytes, kWkbLineString);
    put(blob.bytes, static_cast<std::uint32_t>(line.size()));
    for (const Point& p : line) {
      put(blob.bytes, p.x);
      put(blob.bytes, p.y);
    }
  }
  return blob;
}

GpkgBlob gpkg_from_wkb(std::int32_t srs_id, const std::string& wkb, const Extent& extent) {
  GpkgBlob blob;
  blob.extent = extent;
  blob.bytes.reserve(40 + wkb.size());
  put_header(blob.bytes, srs_id, extent, true);
  blob.bytes += wkb;
  return blob;
}

GpkgRowInserter::GpkgRowInserter(sqlite3* db, const std::string& table,
                                 const std::vector<std::string>& columns,
                                 const std::string& geometry_column)
    : db_(db), columns_(static_cast<int>(columns.size())), has_geometry_(!geometry_column.empty()) {
  std::string names;
  std::string marks;
  auto add = [&](const std::string& name) {
    names += (names.empty() ? "" : ",") + sql_identifier(name);
    marks += marks.empty() ? "?" : ",?";
  };
  for (const std::string& column : columns) add(column);
  if (has_geometry_) add(geometry_column);
  const std::string sql = names.empty() ? "INSERT INTO " + sql_identifier(table) + " DEFAULT VALUES"
                                        : "INSERT INTO " + sql_identifier(table) + " (" + names +
                                              ") VALUES (" + marks + ")";
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK) {
    throw std::runtime_error("preparing the insert into '" + table + "': " + sqlite3_errmsg(db_));
  }
}

GpkgRowInserter::~GpkgRowInserter() { sqlite3_finalize(statement_); }

std::int64_t GpkgRowInserter::insert(const std::vector<FieldValue>& values,
                                     const GpkgBlob* geometry) {
  for (int i = 0; i < columns_; ++i) {
    const FieldValue& v = values[static_cast<std::size_t>(i)];
    const int slot = i + 1;
    if (const auto* integer = std::get_if<std::int64_t>(&v)) {
      sqlite3_bind_int64(statement_, slot, *integer);
    } else if (const auto* real = std::get_if<double>(&v)) {
      sqlite3_bind_double(statement_, slot, *real);
    } else if (const auto* text = std::get_if<std::string>(&v)) {
      sqlite3_bind_text(statement_, slot, text->data(), static_cast<int>(text->size()),
                        SQLITE_STATIC);
    } else {
      sqlite3_bind_null(statement_, slot);
    }
  }
  if (has_geometry_) {
    if (geometry == nullptr) {
      sqlite3_bind_null(statement_, columns_ + 1);
    } else {
      sqlite3_bind_blob(statement_, columns_ + 1, geometry->bytes.data(),
                        static_cast<int>(geometry->bytes.size()), SQLITE_STATIC);
    }
  }
  if (sqlite3_step(statement_) != SQLITE_DONE) {
    const std::string why = sqlite3_errmsg(db_);
    sqlite3_reset(statement_);
    throw std::runtime_error(why);
  }
  sqlite3_reset(statement_);
  return sqlite3_last_insert_rowid(db_);
}

}  // namespace infracov::geo::detail
