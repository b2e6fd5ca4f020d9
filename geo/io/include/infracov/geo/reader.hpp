// Reading any GDAL vector source (file, folder, PG:, /vsizip/) into analysis-ready features,
// transformed to a target CRS.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/table.hpp"
#include "infracov/geo/types.hpp"

namespace infracov::geo {

struct Feature {
  std::int64_t fid = 0;
  std::vector<FieldValue> values;  // parallel to LayerSpec::fields
  Geometry geometry;               // in the target CRS, valid (repaired when it was not)
};

// What was fixed or skipped while reading; the caller turns it into warnings.
struct ReadReport {
  static constexpr std::size_t kListedFids = 10;  // FIDs kept beside a count
  std::string layer;  // the layer's name as opened (spec.layer may be left out)
  std::size_t features_read = 0;
  std::size_t repaired = 0;                   // invalid geometries fixed with make-valid
  std::vector<std::int64_t> repaired_fids;    // the first kListedFids of them
  std::vector<std::int64_t> null_or_empty;    // FIDs skipped for a null or empty geometry
  std::size_t wrong_type = 0;                 // features of another geometry class, skipped
  std::vector<std::int64_t> wrong_type_fids;  // the first kListedFids of them
  std::string wrong_type_name;                // e.g. "Polygon"
};

struct FeatureTable {
  Crs source_crs;
  std::vector<Feature> features;
  ReadReport report;
};

// The CRS a layer declares (or `assume_crs`), and its extent in longitude/latitude. Throws
// InputError for a missing source, unknown layer, no CRS without assume_crs.
struct LayerProbe {
  Crs crs;
  Envelope extent_lonlat;
  std::int64_t feature_count = 0;
};
LayerProbe probe_layer(const LayerSpec& spec);

struct ReadOptions {
  // The geometry classes of which the layer must hold some; empty: the expected class (any class
  // for kAny). A layer declared of another class is refused before its fields are looked at.
  std::vector<GeometryClass> usable;
  // A layer with no feature at all (or none matching `where`, or only null geometries) gives an
  // empty table instead of an error. Features of another class only are still an error.
  bool allow_empty = false;
};

// Reads every feature of the expected geometry class, transformed to `target`. Throws InputError
// (one line naming file, layer, field or feature, and the fix) for: missing file, unknown layer
// (lists the layers), a layer of another geometry class ("holds points, not lines"), unknown
// field (lists the fields), no CRS and no assume_crs, an invalid `where`, no feature of the
// expected class. Repairs invalid geometries and counts them.
// An unknown `target` (Crs()) keeps the layer's own coordinates.
FeatureTable read_layer(const GeosContext& ctx, const LayerSpec& spec, GeometryClass expected,
                        const Crs& target, const ReadOptions& options = {});

// Streaming form for very large line layers: no GEOS geometry is made. `sink` receives each
// feature's FID, values and its line parts (multi-part lines give several) in the target CRS.
using LineSink = std::function<void(std::int64_t fid, std::vector<FieldValue>&& values,
                                    std::vector<Polyline>&& parts)>;
ReadReport read_lines(const LayerSpec& spec, const Crs& target, const LineSink& sink);

}  // namespace infracov::geo
