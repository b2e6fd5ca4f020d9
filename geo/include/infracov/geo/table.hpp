// Plain attribute types shared by readers, writers and the analysis: a field value, a field
// definition and the description of one input layer. No GDAL here, so analysis/ may use them.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace infracov::geo {

using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

std::string to_string(const FieldValue& value);  // "" for null

enum class FieldType { kInteger, kInteger64, kReal, kString };

struct FieldDef {
  std::string name;
  FieldType type = FieldType::kString;
};

// Which layer of which source, and what to take from it. Paths are already resolved.
struct LayerSpec {
  std::string source{};  // GDAL dataset name
  // The source as the user wrote it (a path relative to the project file), for warnings; empty:
  // `source` itself. shown_source() is the one to print.
  std::string written_source{};
  std::string layer{};       // empty: the source must have exactly one layer
  std::string where{};       // OGR attribute filter, empty for none
  std::string encoding{};    // e.g. "GBK" for a Shapefile without .cpg; empty: GDAL decides
  std::string assume_crs{};  // used only when the layer declares no CRS
  std::vector<std::string> fields{};  // attribute fields to read, in this order; each must exist
  std::string role{};  // what the layer is for, used in messages ("villages", "clinic")
  // GDAL open options, "KEY=VALUE" (e.g. "GEOM_POSSIBLE_NAMES=geom" for a CSV).
  std::vector<std::string> open_options{};
  // Two columns holding each feature's point (x easting or longitude, y northing or latitude):
  // the reader builds the points itself, for tables with no geometry (CSV, XLSX, ODS). Both or
  // neither.
  std::string x{};
  std::string y{};

  const std::string& shown_source() const {
    return written_source.empty() ? source : written_source;
  }
};

}  // namespace infracov::geo
