// libFuzzer target: any bytes as one vector file in GDAL's /vsimem/ (its extension, set at build
// time, picks the driver: GeoJSON, CSV, KML or GPX) through the layer readers, read_layer and
// read_lines. Refusals must be our error types; a crash, a sanitizer report or any other exception
// is a finding.
#include <cpl_vsi.h>
#include <gdal.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "gdal_support.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/reader.hpp"

#ifndef INFRACOV_FUZZ_EXTENSION
#error "INFRACOV_FUZZ_EXTENSION (geojson, csv, kml, gpx) is set by tests/fuzz/CMakeLists.txt"
#endif

namespace {

using infracov::geo::GeometryClass;

void read_as(const infracov::geo::GeosContext& ctx, const infracov::geo::LayerSpec& spec,
             GeometryClass expected, const infracov::geo::Crs& target) {
  try {
    infracov::geo::ReadOptions options;
    options.allow_empty = true;
    (void)infracov::geo::read_layer(ctx, spec, expected, target, options);
  } catch (const infracov::Error&) {
    // The expected refusal of a malformed or unsuitable layer.
  }
}

}  // namespace

// Only the driver under test stays registered. GDAL picks a driver by content before extension, so
// bytes the fuzzer mutates towards "<osm" or "%PDF" open other drivers (OSM builds a temporary
// SQLite database on disk: seconds of I/O wait, reported as timeouts that are not ours).
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  infracov::geo::detail::ensure_gdal();  // registers every driver once; later calls do nothing
  const std::string wanted = INFRACOV_FUZZ_DRIVERS;
  for (int i = GDALGetDriverCount() - 1; i >= 0; --i) {
    GDALDriverH driver = GDALGetDriver(i);
    const std::string name = std::string(",") + GDALGetDriverShortName(driver) + ",";
    if (("," + wanted + ",").find(name) != std::string::npos) continue;
    GDALDeregisterDriver(driver);
    GDALDestroyDriver(driver);  // deregistering alone leaves the driver object to leak at exit
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const infracov::geo::GeosContext ctx;
  // A projected target, so that every coordinate also goes through a PROJ transform.
  static const infracov::geo::Crs utm = infracov::geo::Crs::from_user("EPSG:32651");
  const std::string path = std::string("/vsimem/fuzz.") + INFRACOV_FUZZ_EXTENSION;
  // GDAL reads the fuzzer's buffer in place (bTakeOwnership = FALSE); it is not modified.
  VSILFILE* file = VSIFileFromMemBuffer(path.c_str(), const_cast<GByte*>(data),
                                        static_cast<vsi_l_offset>(size), FALSE);
  if (file == nullptr) return 0;
  VSIFCloseL(file);

  infracov::geo::LayerSpec spec;
  spec.source = path;
  spec.assume_crs = "EPSG:4326";  // files without a CRS are read as lon/lat, not refused
  spec.role = "fuzz";
  read_as(ctx, spec, GeometryClass::kAny, infracov::geo::Crs());
  read_as(ctx, spec, GeometryClass::kPolygon, utm);
  // Villages listed as a table with coordinate columns (the CSV path of the project file).
  infracov::geo::LayerSpec table = spec;
  table.x = "x";
  table.y = "y";
  table.fields = {"id"};
  read_as(ctx, table, GeometryClass::kPoint, utm);
  try {
    (void)infracov::geo::read_lines(spec, utm, [](std::int64_t, auto&&, auto&&) {});
  } catch (const infracov::Error&) {
  }
  VSIUnlink(path.c_str());
  return 0;
}
