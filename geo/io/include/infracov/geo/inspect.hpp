// What `infracov inspect` reports about each layer of a source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "infracov/geo/types.hpp"

namespace infracov::geo {

struct FieldInfo {
  std::string name;
  std::string type;  // OGR's type name: "Integer", "Integer64", "Real", "String", ...
};

struct LayerInfo {
  std::string name;
  std::string driver;
  std::string crs;                      // the CRS name, "" when none
  std::optional<std::string> crs_code;  // "EPSG:4490"
  std::int64_t feature_count = 0;
  std::string geometry_type;  // "Point", "MultiLineString", "None"
  Envelope extent_lonlat;     // empty when unknown
  std::int64_t invalid = 0;
  std::int64_t null_geometries = 0;
  std::int64_t empty_geometries = 0;
  std::vector<FieldInfo> fields;
};

// Every layer of `source`, or only `layer` when given. Throws InputError as read_layer does.
// Without `check_geometries` the features are not read (invalid and null counts stay 0).
std::vector<LayerInfo> inspect_source(const std::string& source, const std::string& layer = "",
                                      const std::string& encoding = "",
                                      bool check_geometries = true);

std::string inspect_text(const std::vector<LayerInfo>& layers);
std::string inspect_json(const std::vector<LayerInfo>& layers);  // pretty JSON

}  // namespace infracov::geo
