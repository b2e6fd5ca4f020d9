// QGIS default styles for the results GeoPackage (its layer_styles table) and a QGIS project file
// beside it, so that opening either shows the results styled at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/types.hpp"
#include "language.hpp"

namespace infracov::cli {

// What the styles need to know of one result layer, taken from the run's own result (never read
// back from the file just written).
struct StyledLayer {
  std::string name;
  std::string geometry_type;  // as GDAL declares it: "Point", "MultiLineString", "MultiPolygon"
  std::int64_t feature_count = 0;
  geo::Envelope extent;  // in `crs` of write_qgis_styles; empty when unknown
  // Road classes (roads), kinds (service_areas); for a facilities_K layer its kind and the kind's
  // palette::facility_look rank (as text).
  std::vector<std::string> categories;
  // Field aliases in the run's language (villages, roads); none for the other layers.
  std::vector<FieldAlias> aliases;
  // The language of the legend's labels (village status, road classes, bridges, service areas).
  std::string language = "en";
};

// The layers of results.gpkg that `gpkg` holds from an earlier run and this run did not write
// (plan layers kept in an updated folder), listed without reading their features.
std::vector<StyledLayer> earlier_layers(const std::filesystem::path& gpkg,
                                        const std::vector<StyledLayer>& written,
                                        const geo::Crs& crs);

// Styles every result layer given (villages by number of failed checks with name labels, roads
// by class with bridges in red, service areas translucent, proposed works dashed or starred) in
// the `layer_styles` table of `gpkg`, and writes the QGIS project `qgs_path` listing them,
// villages on top, with data sources relative to the project file. Called at the end of `analyze`
// and `plan`. Throws InputError when no villages layer is given, OutputError when a file cannot
// be written.
void write_qgis_styles(const std::filesystem::path& gpkg, const std::filesystem::path& qgs_path,
                       const std::vector<StyledLayer>& layers, const geo::Crs& crs);

// The QML document written for `layer` (one of result_layer_order(), a facilities_K layer or the
// boundary); `categories` are the road classes for "roads", the kinds for "service_areas", and
// kind and rank for facilities_K (styled as points, lines or polygons by `geometry_type`).
// `aliases` name the layer's fields for QGIS's attribute table and forms. Empty for other layers.
std::string result_layer_qml(const std::string& layer, const std::vector<std::string>& categories,
                             const std::string& geometry_type = "",
                             const std::vector<FieldAlias>& aliases = {},
                             std::string_view language = "en");

}  // namespace infracov::cli
