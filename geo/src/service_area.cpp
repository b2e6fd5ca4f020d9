// rasterized_buffered_union: GDAL's MEM driver, GDALRasterizeGeometries, GDALComputeProximity and
// GDALPolygonize, in one pass over the whole extent.
#include "infracov/geo/service_area.hpp"

#include <gdal_alg.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "gdal_support.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::geo {
namespace {

constexpr double kCellsPerWidth = 4.0;
constexpr double kMaxCells = 256.0 * 1024 * 1024;

void check(CPLErr err, const char* what) {
  if (err != CE_None) {
    throw OutputError(std::string("service areas: ") + what + " failed (" + detail::gdal_message() +
                      ")");
  }
}

}  // namespace

RasterBuffer rasterized_buffered_union(const GeosContext& ctx, const std::vector<Polyline>& lines,
                                       double width_m) {
  RasterBuffer out;
  Envelope extent;
  for (const Polyline& line : lines) {
    for (const Point& p : line) extent.expand(p);
  }
  if (extent.empty() || !(width_m > 0.0)) return out;
  detail::ensure_gdal();
  detail::QuietErrors quiet;

  // Cells on a grid anchored at multiples of the cell size, two cells of margin past the width.
  double cell = width_m / kCellsPerWidth;
  auto cells_for = [&](double c) {
    const double w = extent.max_x - extent.min_x + 2.0 * (width_m + 2.0 * c);
    const double h = extent.max_y - extent.min_y + 2.0 * (width_m + 2.0 * c);
    return (std::ceil(w / c) + 1.0) * (std::ceil(h / c) + 1.0);
  };
  while (cells_for(cell) > kMaxCells) cell *= 1.25;
  out.cell_m = cell;
  const double margin = width_m + 2.0 * cell;
  const double x0 = std::floor((extent.min_x - margin) / cell) * cell;
  const double y1 = std::ceil((extent.max_y + margin) / cell) * cell;
  const int nx = static_cast<int>(std::ceil((extent.max_x + margin - x0) / cell));
  const int ny = static_cast<int>(std::ceil((y1 - (extent.min_y - margin)) / cell));

  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (mem == nullptr) throw OutputError("service areas: GDAL has no MEM driver");
  GDALDatasetUniquePtr raster(mem->Create("", nx, ny, 2, GDT_Byte, nullptr));
  if (!raster)
    throw OutputError("service areas: cannot create a " + std::to_string(nx) + " x " +
                      std::to_string(ny) + " raster (" + detail::gdal_message() + ")");
  double transform[6] = {x0, cell, 0.0, y1, 0.0, -cell};
  check(raster->SetGeoTransform(transform), "setting the raster's geotransform");

  // 1. Burn every line (every cell it touches).
  {
    std::vector<std::unique_ptr<OGRLineString>> owned;
    std::vector<OGRGeometryH> handles;
    owned.reserve(lines.size());
    handles.reserve(lines.size());
    for (const Polyline& line : lines) {
      auto ogr = std::make_unique<OGRLineString>();
      ogr->setNumPoints(static_cast<int>(line.size()), FALSE);
      for (std::size_t i = 0; i < line.size(); ++i) {
        ogr->setPoint(static_cast<int>(i), line[i].x, line[i].y);
      }
      handles.push_back(OGRGeometry::ToHandle(ogr.get()));
      owned.push_back(std::move(ogr));
    }
    int band = 1;
    const double burn = 1.0;
    std::vector<double> burns(handles.size(), burn);
    const char* options[] = {"ALL_TOUCHED=TRUE", nullptr};
    check(GDALRasterizeGeometries(raster.get(), 1, &band, static_cast<int>(handles.size()),
                                  handles.data(), nullptr, nullptr, burns.data(),
                                  const_cast<char**>(options), nullptr, nullptr),
          "burning the reached roads");
  }

  // 2. Every cell within the width of a burnt cell.
  {
    const std::string max_dist = "MAXDIST=" + std::to_string(width_m / cell);
    const char* options[] = {"VALUES=1",        "DISTUNITS=PIXEL", max_dist.c_str(),
                             "FIXED_BUF_VAL=1", "NODATA=0",        nullptr};
    check(GDALComputeProximity(raster->GetRasterBand(1), raster->GetRasterBand(2),
                               const_cast<char**>(options), nullptr, nullptr),
          "widening the reached roads");
    // GDAL 3.6 leaves the burnt cells themselves out of the buffer value: add them, row by row.
    std::vector<GByte> burnt(static_cast<std::size_t>(nx));
    std::vector<GByte> widened(static_cast<std::size_t>(nx));
    for (int row = 0; row < ny; ++row) {
      check(raster->GetRasterBand(1)->RasterIO(GF_Read, 0, row, nx, 1, burnt.data(), nx, 1,
                                               GDT_Byte, 0, 0, nullptr),
            "reading the burnt roads");
      check(raster->GetRasterBand(2)->RasterIO(GF_Read, 0, row, nx, 1, widened.data(), nx, 1,
                                               GDT_Byte, 0, 0, nullptr),
            "reading the widened roads");
      for (int i = 0; i < nx; ++i) widened[i] = static_cast<GByte>(widened[i] | burnt[i]);
      check(raster->GetRasterBand(2)->RasterIO(GF_Write, 0, row, nx, 1, widened.data(), nx, 1,
                                               GDT_Byte, 0, 0, nullptr),
            "writing the widened roads");
    }
  }

  // 3. The marked cells as polygons, gathered into one MultiPolygon.
  GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
  if (memory == nullptr) throw OutputError("service areas: GDAL has no Memory driver");
  GDALDatasetUniquePtr vectors(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* layer = vectors ? vectors->CreateLayer("areas", nullptr, wkbPolygon, nullptr) : nullptr;
  if (layer == nullptr) throw OutputError("service areas: cannot create a memory layer");
  OGRFieldDefn value("value", OFTInteger);
  if (layer->CreateField(&value) != OGRERR_NONE) {
    throw OutputError("service areas: cannot create a field (" + detail::gdal_message() + ")");
  }
  GDALRasterBand* marked = raster->GetRasterBand(2);
  check(GDALPolygonize(marked, marked, OGRLayer::ToHandle(layer), 0, nullptr, nullptr, nullptr),
        "outlining the service area");
  OGRMultiPolygon multi;
  layer->ResetReading();
  for (auto& feature : *layer) {
    const OGRGeometry* g = feature->GetGeometryRef();
    if (g != nullptr && !g->IsEmpty()) multi.addGeometry(g);
  }
  if (multi.IsEmpty()) return out;
  std::vector<unsigned char> wkb(multi.WkbSize());
  if (multi.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
    throw OutputError("service areas: cannot export the polygons");
  }
  out.area = Geometry::from_wkb(ctx, wkb);
  return out;
}

}  // namespace infracov::geo
