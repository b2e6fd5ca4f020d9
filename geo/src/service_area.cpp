// rasterized_buffered_union: the grid is cut into tiles that are burnt (GDALRasterizeGeometries),
// widened (GDALComputeProximity) and outlined (GDALPolygonize) independently, on several threads,
// and the tiles' polygons are merged by GEOS's coverage union.
//
// Why tiles: one GDALPolygonize over a province's 60 million cells took 17 s (the outline is one
// polygon with tens of thousands of holes, and GDAL 3.6 assembles its rings slowly); the same
// cells cut into 1024-cell tiles took 6 s on one core, and tiles share nothing, so they spread
// over every core. Everything runs in pixel coordinates of the one global grid, where tile edges
// fall on integers: the polygons of neighbouring tiles then share their edge vertices exactly, as
// the coverage union needs, and a tile's cells do not depend on how the work was split.
#include "infracov/geo/service_area.hpp"

#include <gdal_alg.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <functional>
#include <memory>
#include <thread>

#include "gdal_support.hpp"
#include "geos_support.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/spatial_index.hpp"

namespace infracov::geo {
namespace {

constexpr double kCellsPerWidth = 4.0;
constexpr double kMaxCells = 64.0 * 1024 * 1024;
constexpr int kTileCells = 1024;  // a tile's side, in cells (without its margin)

void check(CPLErr err, const char* what) {
  if (err != CE_None) {
    throw OutputError(std::string("service areas: ") + what + " failed (" + detail::gdal_message() +
                      ")");
  }
}

GDALDatasetUniquePtr memory_raster(int width, int height, int bands, const char* what) {
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (mem == nullptr) throw OutputError("service areas: GDAL has no MEM driver");
  GDALDatasetUniquePtr raster(mem->Create("", width, height, bands, GDT_Byte, nullptr));
  if (!raster) {
    throw OutputError(std::string("service areas: cannot create the ") + what + " raster of " +
                      std::to_string(width) + " x " + std::to_string(height) + " cells (" +
                      detail::gdal_message() + ")");
  }
  return raster;
}

// The grid: cells of cell_m, columns rightwards from x0, rows downwards from y1.
struct Grid {
  double x0 = 0.0, y1 = 0.0, cell_m = 0.0;
  int columns = 0, rows = 0;
  int margin = 0;  // cells a tile reads past its edges: the width plus two cells
};

struct Tile {
  int column = 0, row = 0;         // its first cell
  int columns = 0, rows = 0;       // its size without the margin
  std::vector<std::size_t> lines;  // the lines that may burn a cell of the tile or its margin
  std::vector<unsigned char> wkb;  // its polygons (a MultiPolygon in pixel coordinates)
};

// The ring with a vertex at every cell corner along the tile's edges. GDALPolygonize merges
// collinear steps, so the two tiles either side of an edge would outline their shared stretch
// with different vertices; the coverage union needs them identical.
std::unique_ptr<OGRLinearRing> with_edge_vertices(const OGRLinearRing& ring, const Tile& tile) {
  const double left = tile.column, right = tile.column + tile.columns;
  const double top = tile.row, bottom = tile.row + tile.rows;
  auto out = std::make_unique<OGRLinearRing>();
  const int n = ring.getNumPoints();
  for (int i = 0; i < n; ++i) {
    const double x = ring.getX(i), y = ring.getY(i);
    if (i > 0) {
      const double px = ring.getX(i - 1), py = ring.getY(i - 1);
      const bool vertical_edge = px == x && (x == left || x == right);
      const bool horizontal_edge = py == y && (y == top || y == bottom);
      if (vertical_edge) {
        const double step = y > py ? 1.0 : -1.0;
        for (double v = py + step; v != y; v += step) out->addPoint(x, v);
      } else if (horizontal_edge) {
        const double step = x > px ? 1.0 : -1.0;
        for (double u = px + step; u != x; u += step) out->addPoint(u, y);
      }
    }
    out->addPoint(x, y);
  }
  return out;
}

// Burns, widens and outlines one tile; its polygons go to tile.wkb (empty when none).
void outline_tile(Tile& tile, const Grid& grid, const std::vector<Polyline>& pixel_lines,
                  double width_cells) {
  const int m = grid.margin;
  const int nx = tile.columns + 2 * m;
  const int ny = tile.rows + 2 * m;
  GDALDatasetUniquePtr raster = memory_raster(nx, ny, 2, "tile");
  // Pixel coordinates of the global grid: cell (i, j) of the tile is global (column - m + i, ...).
  double transform[6] = {static_cast<double>(tile.column - m), 1.0, 0.0,
                         static_cast<double>(tile.row - m),    0.0, 1.0};
  check(raster->SetGeoTransform(transform), "setting a tile's geotransform");

  // 1. Burn the lines (every cell they touch).
  {
    std::vector<std::unique_ptr<OGRLineString>> owned;
    std::vector<OGRGeometryH> handles;
    owned.reserve(tile.lines.size());
    handles.reserve(tile.lines.size());
    for (std::size_t index : tile.lines) {
      const Polyline& line = pixel_lines[index];
      auto ogr = std::make_unique<OGRLineString>();
      ogr->setNumPoints(static_cast<int>(line.size()), FALSE);
      for (std::size_t i = 0; i < line.size(); ++i) {
        ogr->setPoint(static_cast<int>(i), line[i].x, line[i].y);
      }
      handles.push_back(OGRGeometry::ToHandle(ogr.get()));
      owned.push_back(std::move(ogr));
    }
    int band = 1;
    std::vector<double> burns(handles.size(), 1.0);
    const char* options[] = {"ALL_TOUCHED=TRUE", nullptr};
    check(GDALRasterizeGeometries(raster.get(), 1, &band, static_cast<int>(handles.size()),
                                  handles.data(), nullptr, nullptr, burns.data(),
                                  const_cast<char**>(options), nullptr, nullptr),
          "burning the reached roads");
  }

  // 2. Every cell within the width of a burnt cell.
  const std::string max_dist = "MAXDIST=" + std::to_string(width_cells);
  const char* options[] = {"VALUES=1",        "DISTUNITS=PIXEL", max_dist.c_str(),
                           "FIXED_BUF_VAL=1", "NODATA=0",        nullptr};
  check(GDALComputeProximity(raster->GetRasterBand(1), raster->GetRasterBand(2),
                             const_cast<char**>(options), nullptr, nullptr),
        "widening the reached roads");
  // The tile without its margin; GDAL 3.6 leaves the burnt cells themselves out of the
  // proximity's buffer value, so they are added here.
  const std::size_t core = static_cast<std::size_t>(tile.columns) * tile.rows;
  std::vector<GByte> burnt(core), widened(core);
  check(raster->GetRasterBand(1)->RasterIO(GF_Read, m, m, tile.columns, tile.rows, burnt.data(),
                                           tile.columns, tile.rows, GDT_Byte, 0, 0, nullptr),
        "reading the burnt roads");
  check(raster->GetRasterBand(2)->RasterIO(GF_Read, m, m, tile.columns, tile.rows, widened.data(),
                                           tile.columns, tile.rows, GDT_Byte, 0, 0, nullptr),
        "reading the widened roads");
  bool any = false;
  for (std::size_t i = 0; i < core; ++i) {
    widened[i] = static_cast<GByte>(widened[i] | burnt[i]);
    any = any || widened[i] != 0;
  }
  if (!any) return;
  raster.reset();

  // 3. The marked cells as polygons.
  GDALDatasetUniquePtr marked = memory_raster(tile.columns, tile.rows, 1, "tile");
  double core_transform[6] = {static_cast<double>(tile.column), 1.0, 0.0,
                              static_cast<double>(tile.row),    0.0, 1.0};
  check(marked->SetGeoTransform(core_transform), "setting a tile's geotransform");
  GDALRasterBand* band = marked->GetRasterBand(1);
  check(band->RasterIO(GF_Write, 0, 0, tile.columns, tile.rows, widened.data(), tile.columns,
                       tile.rows, GDT_Byte, 0, 0, nullptr),
        "writing the widened roads");
  GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
  if (memory == nullptr) throw OutputError("service areas: GDAL has no Memory driver");
  GDALDatasetUniquePtr vectors(memory->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* layer = vectors ? vectors->CreateLayer("areas", nullptr, wkbPolygon, nullptr) : nullptr;
  if (layer == nullptr) throw OutputError("service areas: cannot create a memory layer");
  OGRFieldDefn value("value", OFTInteger);
  if (layer->CreateField(&value) != OGRERR_NONE) {
    throw OutputError("service areas: cannot create a field (" + detail::gdal_message() + ")");
  }
  check(GDALPolygonize(band, band, OGRLayer::ToHandle(layer), 0, nullptr, nullptr, nullptr),
        "outlining the service area");
  OGRMultiPolygon multi;
  layer->ResetReading();
  for (auto& feature : *layer) {
    const OGRGeometry* g = feature->GetGeometryRef();
    if (g == nullptr || g->IsEmpty() || wkbFlatten(g->getGeometryType()) != wkbPolygon) continue;
    auto polygon = std::make_unique<OGRPolygon>();
    for (const OGRLinearRing* ring : *g->toPolygon()) {
      polygon->addRingDirectly(with_edge_vertices(*ring, tile).release());
    }
    multi.addGeometryDirectly(polygon.release());
  }
  if (multi.IsEmpty()) return;
  tile.wkb.resize(multi.WkbSize());
  if (multi.exportToWkb(wkbNDR, tile.wkb.data(), wkbVariantIso) != OGRERR_NONE) {
    throw OutputError("service areas: cannot export the polygons");
  }
}

// Runs outline_tile on every tile, on up to `threads` threads taking tiles in turn. The first
// failure (in tile order) is rethrown once all have stopped.
void outline_tiles(std::vector<Tile>& tiles, const Grid& grid,
                   const std::vector<Polyline>& pixel_lines, double width_cells, unsigned threads) {
  std::vector<std::exception_ptr> errors(tiles.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    detail::QuietErrors quiet;  // GDAL's error handlers are per thread
    for (std::size_t t = next++; t < tiles.size(); t = next++) {
      try {
        outline_tile(tiles[t], grid, pixel_lines, width_cells);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    }
  };
  const unsigned helpers =
      static_cast<unsigned>(std::min<std::size_t>(std::max(threads, 1u) - 1, tiles.size()));
  std::vector<std::thread> pool;
  pool.reserve(helpers);
  for (unsigned i = 0; i < helpers; ++i) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

// The polygons of all tiles as one valid (Multi)Polygon. A coverage union of the whole pieces took
// 41 s and 2.5 GB on a province whose outline has 237,640 holes, so only the pieces' outer rings
// are merged; a piece's holes never reach its tile's edge (a gap that does is part of the outer
// ring), so they pass through unchanged and are put back into the merged polygon holding the piece.
Geometry merge_tiles(const GeosContext& ctx, std::vector<Geometry>& tile_polygons) {
  GEOSContextHandle_t h = ctx.handle();
  auto owned = [&](GEOSGeometry* g, const char* what) {
    if (g == nullptr) detail::throw_geos(h, what);
    return Geometry(ctx, g);
  };
  std::vector<Geometry> shells;
  std::vector<std::vector<Geometry>> holes;  // per shell
  for (const Geometry& multi : tile_polygons) {
    const int count = GEOSGetNumGeometries_r(h, multi.raw());
    for (int i = 0; i < count; ++i) {
      const GEOSGeometry* polygon = GEOSGetGeometryN_r(h, multi.raw(), i);
      Geometry ring = owned(GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, polygon)), "clone");
      shells.push_back(owned(GEOSGeom_createPolygon_r(h, ring.release(), nullptr, 0), "polygon"));
      std::vector<Geometry>& own = holes.emplace_back();
      const int interior = GEOSGetNumInteriorRings_r(h, polygon);
      for (int k = 0; k < interior; ++k) {
        own.push_back(owned(GEOSGeom_clone_r(h, GEOSGetInteriorRingN_r(h, polygon, k)), "clone"));
      }
    }
  }
  tile_polygons.clear();
  // Where each shell went: the merged polygon holding a point inside it.
  std::vector<Point> inside;
  inside.reserve(shells.size());
  for (const Geometry& shell : shells) inside.push_back(shell.point_on_surface());
  Geometry merged = Geometry::coverage_union(ctx, std::move(shells));
  std::vector<const GEOSGeometry*> polygons;
  if (GEOSGeomTypeId_r(h, merged.raw()) == GEOS_POLYGON) {
    polygons.push_back(merged.raw());
  } else {
    const int count = GEOSGetNumGeometries_r(h, merged.raw());
    for (int i = 0; i < count; ++i) polygons.push_back(GEOSGetGeometryN_r(h, merged.raw(), i));
  }
  std::vector<std::vector<Geometry>> moved(polygons.size());
  if (polygons.size() == 1) {
    for (std::vector<Geometry>& own : holes) {
      for (Geometry& ring : own) moved[0].push_back(std::move(ring));
    }
  } else {
    SpatialIndex index;
    std::vector<std::unique_ptr<const GEOSPreparedGeometry,
                                std::function<void(const GEOSPreparedGeometry*)>>>
        prepared(polygons.size());
    for (std::size_t j = 0; j < polygons.size(); ++j) {
      double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
      GEOSGeom_getXMin_r(h, polygons[j], &x0);
      GEOSGeom_getYMin_r(h, polygons[j], &y0);
      GEOSGeom_getXMax_r(h, polygons[j], &x1);
      GEOSGeom_getYMax_r(h, polygons[j], &y1);
      index.insert(j, Envelope{x0, y0, x1, y1});
    }
    for (std::size_t s = 0; s < holes.size(); ++s) {
      if (holes[s].empty()) continue;
      Geometry point = Geometry::point(ctx, inside[s]);
      std::size_t holder = SIZE_MAX;
      index.query(Envelope{inside[s].x, inside[s].y, inside[s].x, inside[s].y}, [&](std::size_t j) {
        if (holder != SIZE_MAX) return;  // the polygons are disjoint
        if (!prepared[j]) {
          prepared[j] = {GEOSPrepare_r(h, polygons[j]),
                         [h](const GEOSPreparedGeometry* p) { GEOSPreparedGeom_destroy_r(h, p); }};
        }
        if (GEOSPreparedContains_r(h, prepared[j].get(), point.raw()) == 1) holder = j;
      });
      if (holder == SIZE_MAX) {
        throw InternalError("service areas: a tile's polygon lies in no merged polygon");
      }
      for (Geometry& ring : holes[s]) moved[holder].push_back(std::move(ring));
    }
  }
  // Each merged polygon rebuilt with its own holes and those it received.
  std::vector<Geometry> rebuilt;
  for (std::size_t j = 0; j < polygons.size(); ++j) {
    Geometry shell = owned(GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, polygons[j])), "clone");
    std::vector<GEOSGeometry*> rings;
    const int interior = GEOSGetNumInteriorRings_r(h, polygons[j]);
    for (int k = 0; k < interior; ++k) {
      rings.push_back(
          owned(GEOSGeom_clone_r(h, GEOSGetInteriorRingN_r(h, polygons[j], k)), "clone").release());
    }
    for (Geometry& ring : moved[j]) rings.push_back(ring.release());
    rebuilt.push_back(owned(GEOSGeom_createPolygon_r(h, shell.release(), rings.data(),
                                                     static_cast<unsigned>(rings.size())),
                            "GEOSGeom_createPolygon"));
  }
  if (rebuilt.size() == 1) return std::move(rebuilt.front());
  std::vector<GEOSGeometry*> raw;
  for (Geometry& g : rebuilt) raw.push_back(g.release());
  GEOSGeometry* multi = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, raw.data(),
                                                    static_cast<unsigned>(raw.size()));
  if (multi == nullptr) {
    for (GEOSGeometry* g : raw) GEOSGeom_destroy_r(h, g);
  }
  return owned(multi, "GEOSGeom_createCollection");
}

}  // namespace

RasterBuffer rasterized_buffered_union(const GeosContext& ctx, const std::vector<Polyline>& lines,
                                       double width_m, unsigned threads) {
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
  Grid grid;
  grid.cell_m = cell;
  const double margin = width_m + 2.0 * cell;
  grid.x0 = std::floor((extent.min_x - margin) / cell) * cell;
  grid.y1 = std::ceil((extent.max_y + margin) / cell) * cell;
  grid.columns = static_cast<int>(std::ceil((extent.max_x + margin - grid.x0) / cell));
  grid.rows = static_cast<int>(std::ceil((grid.y1 - (extent.min_y - margin)) / cell));
  const double width_cells = width_m / cell;
  grid.margin = static_cast<int>(std::ceil(width_cells)) + 2;

  // The lines in pixel coordinates, and each tile's list of the lines near it.
  std::vector<Polyline> pixel_lines;
  pixel_lines.reserve(lines.size());
  const int tile_columns = (grid.columns + kTileCells - 1) / kTileCells;
  const int tile_rows = (grid.rows + kTileCells - 1) / kTileCells;
  std::vector<Tile> tiles(static_cast<std::size_t>(tile_columns) * tile_rows);
  for (int r = 0; r < tile_rows; ++r) {
    for (int c = 0; c < tile_columns; ++c) {
      Tile& t = tiles[static_cast<std::size_t>(r) * tile_columns + c];
      t.column = c * kTileCells;
      t.row = r * kTileCells;
      t.columns = std::min(kTileCells, grid.columns - t.column);
      t.rows = std::min(kTileCells, grid.rows - t.row);
    }
  }
  for (const Polyline& line : lines) {
    Polyline pixels;
    pixels.reserve(line.size());
    Envelope box;
    for (const Point& p : line) {
      pixels.push_back({(p.x - grid.x0) / cell, (grid.y1 - p.y) / cell});
      box.expand(pixels.back());
    }
    const auto first = [&](double v) {
      return std::max(0, static_cast<int>(std::floor((v - grid.margin) / kTileCells)));
    };
    const auto last = [&](double v, int count) {
      return std::min(count - 1, static_cast<int>(std::floor((v + grid.margin) / kTileCells)));
    };
    for (int r = first(box.min_y); r <= last(box.max_y, tile_rows); ++r) {
      for (int c = first(box.min_x); c <= last(box.max_x, tile_columns); ++c) {
        tiles[static_cast<std::size_t>(r) * tile_columns + c].lines.push_back(pixel_lines.size());
      }
    }
    pixel_lines.push_back(std::move(pixels));
  }
  std::erase_if(tiles, [](const Tile& t) { return t.lines.empty(); });

  outline_tiles(tiles, grid, pixel_lines, width_cells, threads);

  std::vector<Geometry> parts;
  for (Tile& tile : tiles) {
    if (!tile.wkb.empty()) parts.push_back(Geometry::from_wkb(ctx, tile.wkb));
    tile.wkb = {};
  }
  if (parts.empty()) return out;
  Geometry merged = merge_tiles(ctx, parts);
  // Back from pixel to map coordinates (which mirrors rows: y grows upwards).
  GEOSContextHandle_t h = ctx.handle();
  auto to_map = [](double* x, double* y, void* data) {
    const Grid& g = *static_cast<const Grid*>(data);
    *x = g.x0 + *x * g.cell_m;
    *y = g.y1 - *y * g.cell_m;
    return 1;
  };
  GEOSGeometry* mapped = GEOSGeom_transformXY_r(h, merged.raw(), to_map, &grid);
  if (mapped == nullptr) detail::throw_geos(h, "GEOSGeom_transformXY");
  out.area = Geometry(ctx, mapped);
  return out;
}

}  // namespace infracov::geo
