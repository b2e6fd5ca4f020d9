// Private GDAL helpers shared by reader, writer and inspect. Only geo/src includes this.
#pragma once

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <optional>
#include <string>
#include <vector>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/reader.hpp"
#include "infracov/geo/types.hpp"
#include "infracov/geo/webmap_crs.hpp"

namespace infracov::geo::detail {

// Registers GDAL's drivers once per process, and a handler that keeps GDAL from printing its own
// error lines (warnings print as one "infracov: warning: GDAL: ..." line).
void ensure_gdal();

// Keeps GDAL from printing while a scope runs on this thread, and collects every failure GDAL
// reports meanwhile (a driver may report several: the cause, then "Failed to read"); they are
// read back with gdal_message() and thrown as one line.
class QuietErrors {
 public:
  QuietErrors();
  ~QuietErrors();
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;
  std::string failures() const;  // every distinct failure so far, on one line, "; " between

 private:
  static void CPL_STDCALL collect(CPLErr type, CPLErrorNum number, const char* message);
  QuietErrors* outer_;
  std::vector<std::string> failures_;
};

// GDAL's failures in the innermost QuietErrors scope of this thread, else its last error message,
// on one line ("" when none).
std::string gdal_message();

// " for villages" or "" when the spec has no role: appended to messages.
std::string role_suffix(const LayerSpec& spec);

struct OpenedLayer {
  GDALDatasetUniquePtr dataset;
  OGRLayer* layer = nullptr;  // owned by dataset
  std::string name;
};

// Opens spec.source read-only as a vector dataset and resolves spec.layer (or the only layer).
// Throws InputError for a missing source, an unknown layer, or an ambiguous one.
OpenedLayer open_layer(const LayerSpec& spec);
GDALDatasetUniquePtr open_dataset(const LayerSpec& spec);
std::vector<std::string> layer_names(GDALDataset& dataset);

// The CRS a layer declares, unknown when it declares none.
Crs declared_crs(OGRLayer& layer);
// True when the layer's coordinates come northing/latitude first and must be swapped to x = east.
bool data_is_north_first(OGRLayer& layer);

// "MultiLineString", "Point", "None"...
std::string geometry_type_name(OGRwkbGeometryType type);
GeometryClass geometry_class_of(OGRwkbGeometryType type);
std::string class_name(GeometryClass c);  // "point", "line", "polygon", "any"

// Linear, 2D, north-first swapped when asked, web-map coordinates (`webmap`) converted to WGS 84,
// then transformed in bulk by `transform` (may be null). Works in place on the OGR geometry.
void to_target(OGRGeometryUniquePtr& geometry, bool swap_xy, const Transform* transform,
               std::optional<WebMapDatum> webmap = std::nullopt);

// The layer's extent (after its attribute filter) in longitude/latitude, densified along the edges
// so a projected box maps to a box that holds it. Empty when the layer has no CRS or no extent.
Envelope extent_lonlat(OGRLayer& layer, const Crs& crs, bool swap_xy);
// The same for an extent already known in `crs` (points built from x/y columns).
Envelope extent_lonlat(OGREnvelope e, const Crs& crs);

}  // namespace infracov::geo::detail
