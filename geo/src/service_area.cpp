// rasterized_buffered_union: the grid is cut into tiles that are burnt (GDALRasterizeGeometries)
// and widened (a dilation by the width's disk) independently, on several threads, into one grid of
// marked cells; the marked cells are then outlined tile by tile, and the tiles' outer rings are
// merged by GEOS's coverage union.
//
// Why tiles: the work spreads over every core, and a tile's cells do not depend on how the work
// was split. Everything runs in pixel coordinates of the one global grid, where tile edges fall on
// integers: the rings of neighbouring tiles then share their edge vertices exactly, as the
// coverage union needs.
//
// Why the outlines are traced here rather than by GDALPolygonize: on a province's 60 million
// cells GDAL 3.6's polygonizer took 4.9 s of CPU (it assembles rings through ordered maps), twice
// the burning and widening together; tracing the cell edges directly takes a fraction of that.
// The grid first loses its saddles (two marked cells meeting only at a corner): without them
// every cell corner has at most one outline edge leaving it, so each ring is simple, no two rings
// touch, and the polygons are valid as traced.
#include "infracov/geo/service_area.hpp"

#include <gdal_alg.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "gdal_support.hpp"
#include "geos_support.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/parallel.hpp"
#include "infracov/geo/spatial_index.hpp"
#include "infracov/geo/union_find.hpp"

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

  // A map point in pixel coordinates (rows grow downwards).
  Point pixel(Point p) const { return {(p.x - x0) / cell_m, (y1 - p.y) / cell_m}; }
};

// The marked cells of the whole grid, one byte each (1 marked), row by row.
struct Cells {
  int columns = 0, rows = 0;
  std::vector<std::uint8_t> marked;

  std::size_t index(int column, int row) const {
    return static_cast<std::size_t>(row) * columns + column;
  }
};

// One polygon of a tile's outline, in pixel coordinates of the grid, each ring closed.
struct Outline {
  Polyline shell;
  std::vector<Polyline> holes;
  Point inside;               // the centre of one of its cells
  bool on_tile_edge = false;  // its shell runs along the tile's edge: it is merged with neighbours'
};

struct Tile {
  int column = 0, row = 0;         // its first cell
  int columns = 0, rows = 0;       // its size without the margin
  std::vector<std::size_t> lines;  // the lines that may burn a cell of the tile or its margin
  std::vector<Outline> outlines;
};

// Burns and widens one tile (with its margin, so that lines just outside count) and marks its
// cells in `cells`; tiles write disjoint parts of it.
void mark_tile(const Tile& tile, const Grid& grid, const std::vector<Polyline>& lines,
               double width_cells, Cells& cells) {
  if (tile.lines.empty()) return;
  const int m = grid.margin;
  const int nx = tile.columns + 2 * m;
  const int ny = tile.rows + 2 * m;
  GDALDatasetUniquePtr raster = memory_raster(nx, ny, 1, "tile");
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
      const Polyline& line = lines[index];
      auto ogr = std::make_unique<OGRLineString>();
      ogr->setNumPoints(static_cast<int>(line.size()), FALSE);
      for (std::size_t i = 0; i < line.size(); ++i) {
        const Point at = grid.pixel(line[i]);
        ogr->setPoint(static_cast<int>(i), at.x, at.y);
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

  // 2. Every cell whose centre lies within the width of a burnt cell's centre: a dilation by the
  // disk of that radius. GDALComputeProximity gave the same cells through a distance field of
  // every cell in both directions, 2.2 s of CPU on a province; here each row of the disk is one
  // lookup in the row's running count of burnt cells.
  std::vector<GByte> burnt(static_cast<std::size_t>(nx) * ny);
  check(raster->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, nx, ny, burnt.data(), nx, ny, GDT_Byte, 0,
                                           0, nullptr),
        "reading the burnt roads");
  std::vector<std::int32_t> before(static_cast<std::size_t>(nx + 1) * ny);  // burnt left of x
  for (int y = 0; y < ny; ++y) {
    std::int32_t* row = &before[static_cast<std::size_t>(y) * (nx + 1)];
    const GByte* cells_in = &burnt[static_cast<std::size_t>(y) * nx];
    row[0] = 0;
    for (int x = 0; x < nx; ++x) row[x + 1] = row[x] + (cells_in[x] != 0 ? 1 : 0);
  }
  // The disk's half-width on each row offset: the largest dx with dx² + dy² <= width².
  const double reach2 = width_cells * width_cells;
  const int reach = std::min(static_cast<int>(std::floor(width_cells)), m);
  std::vector<int> half(static_cast<std::size_t>(reach) + 1);
  for (int dy = 0; dy <= reach; ++dy) {
    int dx = 0;
    while (dx + 1 <= m && static_cast<double>((dx + 1) * (dx + 1) + dy * dy) <= reach2) ++dx;
    half[static_cast<std::size_t>(dy)] = dx;
  }
  for (int r = 0; r < tile.rows; ++r) {
    std::uint8_t* out = &cells.marked[cells.index(tile.column, tile.row + r)];
    for (int c = 0; c < tile.columns; ++c) {
      std::uint8_t marked = 0;
      for (int dy = -reach; dy <= reach && marked == 0; ++dy) {
        const int w = half[static_cast<std::size_t>(dy < 0 ? -dy : dy)];
        const std::int32_t* row = &before[static_cast<std::size_t>(r + m + dy) * (nx + 1)];
        marked = row[c + m + w + 1] > row[c + m - w] ? 1 : 0;
      }
      out[c] = marked;
    }
  }
}

// Marks the two unmarked cells of every 2 x 2 block whose marked cells meet only at its centre,
// until no such block is left. This grows the area by at most a cell here and there, well within
// the stated tolerance, and leaves every corner with at most one outline edge leaving it.
void remove_saddles(Cells& cells) {
  auto saddle = [&](int c, int r) {
    const std::uint8_t a = cells.marked[cells.index(c, r)];
    const std::uint8_t b = cells.marked[cells.index(c + 1, r)];
    const std::uint8_t d = cells.marked[cells.index(c, r + 1)];
    const std::uint8_t e = cells.marked[cells.index(c + 1, r + 1)];
    return a == e && b == d && a != b;
  };
  std::vector<std::pair<int, int>> pending;  // top-left cells of blocks to look at
  for (int r = 0; r + 1 < cells.rows; ++r) {
    for (int c = 0; c + 1 < cells.columns; ++c) {
      if (saddle(c, r)) pending.emplace_back(c, r);
    }
  }
  while (!pending.empty()) {
    const auto [c, r] = pending.back();
    pending.pop_back();
    if (!saddle(c, r)) continue;
    for (int dr = 0; dr < 2; ++dr) {
      for (int dc = 0; dc < 2; ++dc) cells.marked[cells.index(c + dc, r + dr)] = 1;
    }
    // Blocks sharing a cell with this one may have become saddles.
    for (int br = std::max(0, r - 1); br <= std::min(cells.rows - 2, r + 1); ++br) {
      for (int bc = std::max(0, c - 1); bc <= std::min(cells.columns - 2, c + 1); ++bc) {
        pending.emplace_back(bc, br);
      }
    }
  }
}

// Outlines the marked cells of one tile (cells outside it count as unmarked) by walking the
// edges between marked and unmarked cells with the marked cell on the left (in pixel coordinates,
// y downwards): outer rings then turn one way and holes the other, told apart by signed area.
// Vertices are kept where the outline turns, and at every cell corner along the tile's edges,
// where the neighbouring tile's rings need the same vertices.
void outline_tile(Tile& tile, const Cells& cells) {
  const int w = tile.columns, h = tile.rows;
  // The tile's cells with a frame of unmarked ones, so that neighbours are read without bounds
  // checks (this runs over every cell of the grid).
  const std::size_t padded = static_cast<std::size_t>(w) + 2;
  std::vector<std::uint8_t> frame(padded * (static_cast<std::size_t>(h) + 2), 0);
  bool any = false;
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* row = &cells.marked[cells.index(tile.column, tile.row + y)];
    std::uint8_t* out = &frame[(static_cast<std::size_t>(y) + 1) * padded + 1];
    for (int x = 0; x < w; ++x) {
      out[x] = row[x];
      any = any || row[x] != 0;
    }
  }
  if (!any) return;
  auto marked = [&](int x, int y) {
    return frame[(static_cast<std::size_t>(y) + 1) * padded + static_cast<std::size_t>(x) + 1] != 0;
  };
  // The one outline edge leaving each corner: 0 none, else an index into kStep.
  static constexpr int kStep[5][2] = {{0, 0}, {1, 0}, {0, 1}, {-1, 0}, {0, -1}};
  enum : std::uint8_t { kNone, kEast, kSouth, kWest, kNorth };
  const std::size_t stride = static_cast<std::size_t>(w) + 1;
  std::vector<std::uint8_t> leaving(stride * (static_cast<std::size_t>(h) + 1), kNone);
  auto set = [&](int x, int y, std::uint8_t direction) {
    std::uint8_t& slot = leaving[static_cast<std::size_t>(y) * stride + x];
    if (slot != kNone) throw InternalError("service areas: two outline edges leave one corner");
    slot = direction;
  };
  for (int y = 0; y <= h; ++y) {
    for (int x = 0; x < w; ++x) {
      const bool above = marked(x, y - 1), below = marked(x, y);
      if (above == below) continue;
      if (above) {
        set(x, y, kEast);
      } else {
        set(x + 1, y, kWest);
      }
    }
  }
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x <= w; ++x) {
      const bool left = marked(x - 1, y), right = marked(x, y);
      if (left == right) continue;
      if (right) {
        set(x, y, kSouth);
      } else {
        set(x, y + 1, kNorth);
      }
    }
  }

  // Each ring starts at its first corner in row order: a turn, so the ring's first vertex.
  struct Ring {
    Polyline points;
    Point inside;  // the centre of the marked cell left of its first edge
    bool on_edge = false;
  };
  std::vector<Ring> shells, holes;
  for (int sy = 0; sy <= h; ++sy) {
    for (int sx = 0; sx <= w; ++sx) {
      if (leaving[static_cast<std::size_t>(sy) * stride + sx] == kNone) continue;
      Ring ring;
      std::int64_t twice_area = 0;
      int x = sx, y = sy;
      std::uint8_t previous = kNone;
      do {
        std::uint8_t& slot = leaving[static_cast<std::size_t>(y) * stride + x];
        const std::uint8_t direction = slot;
        if (direction == kNone) throw InternalError("service areas: an outline does not close");
        slot = kNone;
        const int dx = kStep[direction][0], dy = kStep[direction][1];
        const bool on_edge = x == 0 || y == 0 || x == w || y == h;
        ring.on_edge = ring.on_edge || on_edge;
        if (direction != previous || on_edge) {
          ring.points.push_back(
              {static_cast<double>(tile.column + x), static_cast<double>(tile.row + y)});
        }
        if (previous == kNone) {
          // The marked cell left of the edge; its centre, in tile cells.
          ring.inside = {x + 0.5 * dx + 0.5 * dy, y + 0.5 * dy - 0.5 * dx};
        }
        twice_area +=
            static_cast<std::int64_t>(x) * (y + dy) - static_cast<std::int64_t>(x + dx) * y;
        x += dx;
        y += dy;
        previous = direction;
      } while (x != sx || y != sy);
      ring.points.push_back(ring.points.front());
      (twice_area < 0 ? shells : holes).push_back(std::move(ring));
    }
  }

  // A hole belongs to the shell of the cells around it. The cells are grouped into runs along each
  // row, and runs that overlap in neighbouring rows joined (four neighbours; with no saddles that
  // is also every diagonal one): a flood fill of every marked cell cost three times as much.
  std::vector<std::uint32_t> shell_of_root;
  std::vector<std::size_t> row_first;     // runs of row y: row_first[y] .. row_first[y + 1] - 1
  std::vector<std::pair<int, int>> runs;  // [first, last + 1) columns
  auto run_of = [&](Point cell) {
    const auto y = static_cast<std::size_t>(cell.y);
    const int x = static_cast<int>(cell.x);
    const auto begin = runs.begin() + static_cast<std::ptrdiff_t>(row_first[y]);
    const auto end = runs.begin() + static_cast<std::ptrdiff_t>(row_first[y + 1]);
    const auto after = std::upper_bound(
        begin, end, x, [](int v, const std::pair<int, int>& run) { return v < run.first; });
    if (after == begin || (after - 1)->second <= x) {
      throw InternalError("service areas: an outline's cell is not marked");
    }
    return static_cast<std::uint32_t>(after - 1 - runs.begin());
  };
  std::optional<UnionFind<std::uint32_t>> components;
  if (!holes.empty()) {
    row_first.reserve(static_cast<std::size_t>(h) + 1);
    for (int y = 0; y < h; ++y) {
      row_first.push_back(runs.size());
      for (int x = 0; x < w;) {
        if (!marked(x, y)) {
          ++x;
          continue;
        }
        const int start = x;
        while (x < w && marked(x, y)) ++x;
        runs.emplace_back(start, x);
      }
    }
    row_first.push_back(runs.size());
    components.emplace(runs.size());
    for (int y = 1; y < h; ++y) {
      std::size_t above = row_first[y - 1];
      for (std::size_t r = row_first[y]; r < row_first[y + 1]; ++r) {
        while (above < row_first[y] && runs[above].second <= runs[r].first) ++above;
        for (std::size_t k = above; k < row_first[y] && runs[k].first < runs[r].second; ++k) {
          components->unite(static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(r));
        }
      }
    }
    shell_of_root.assign(runs.size(), UINT32_MAX);
    for (std::size_t i = 0; i < shells.size(); ++i) {
      shell_of_root[components->find(run_of(shells[i].inside))] = static_cast<std::uint32_t>(i);
    }
  }
  const std::size_t first = tile.outlines.size();
  for (Ring& ring : shells) {
    tile.outlines.push_back({std::move(ring.points),
                             {},
                             {tile.column + ring.inside.x, tile.row + ring.inside.y},
                             ring.on_edge});
  }
  for (Ring& ring : holes) {
    const std::uint32_t shell = shell_of_root[components->find(run_of(ring.inside))];
    if (shell == UINT32_MAX) throw InternalError("service areas: a hole lies in no outline");
    tile.outlines[first + shell].holes.push_back(std::move(ring.points));
  }
}

// Runs `work` on every tile, on up to `threads` threads.
void for_each_tile(std::vector<Tile>& tiles, unsigned threads,
                   const std::function<void(Tile&)>& work) {
  parallel_for(tiles.size(), threads, [&] {
    // GDAL's error handlers are per thread.
    return [&, quiet = std::make_shared<detail::QuietErrors>()](std::size_t t) { work(tiles[t]); };
  });
}

// The tiles' outlines as one valid (Multi)Polygon. Only the outlines that run along a tile's edge
// need merging with their neighbours', and of those only the outer rings: a coverage union of
// whole polygons took 41 s and 2.5 GB on a province whose outline has 237,640 holes. A hole never
// reaches its tile's edge (a gap that does is part of an outer ring), so the holes pass through
// unchanged into the merged polygon holding their outline. Outlines off the tile edges are final
// as traced; they may lie inside another's hole, which is why they stay out of the union.
Geometry merge_tiles(const GeosContext& ctx, std::vector<Tile>& tiles) {
  GEOSContextHandle_t h = ctx.handle();
  auto owned = [&](GEOSGeometry* g, const char* what) {
    if (g == nullptr) detail::throw_geos(h, what);
    return Geometry(ctx, g);
  };
  // A polygon from rings held until GEOS takes them all.
  auto build = [&](Geometry shell, std::vector<Geometry>& holes) {
    std::vector<GEOSGeometry*> raw;
    raw.reserve(holes.size());
    for (Geometry& hole : holes) raw.push_back(hole.release());
    GEOSGeometry* polygon =
        GEOSGeom_createPolygon_r(h, shell.release(), raw.data(), static_cast<unsigned>(raw.size()));
    return owned(polygon, "GEOSGeom_createPolygon");
  };
  auto ring = [&](const Polyline& points) { return Geometry(ctx, detail::make_ring(h, points)); };
  std::vector<Geometry> shells;
  std::vector<const Outline*> merging;
  for (const Tile& tile : tiles) {
    for (const Outline& outline : tile.outlines) {
      if (!outline.on_tile_edge) continue;
      shells.push_back(Geometry::polygon(ctx, outline.shell));
      merging.push_back(&outline);
    }
  }
  std::vector<Geometry> polygons;
  if (!shells.empty()) {
    Geometry merged = Geometry::coverage_union(ctx, std::move(shells));
    std::vector<const GEOSGeometry*> parts;
    if (GEOSGeomTypeId_r(h, merged.raw()) == GEOS_POLYGON) {
      parts.push_back(merged.raw());
    } else {
      const int count = GEOSGetNumGeometries_r(h, merged.raw());
      for (int i = 0; i < count; ++i) parts.push_back(GEOSGetGeometryN_r(h, merged.raw(), i));
    }
    // Each merged outline's holes go to the merged polygon holding one of its cells.
    std::vector<std::vector<const Polyline*>> moved(parts.size());
    SpatialIndex index;
    for (std::size_t j = 0; j < parts.size(); ++j) {
      double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
      GEOSGeom_getXMin_r(h, parts[j], &x0);
      GEOSGeom_getYMin_r(h, parts[j], &y0);
      GEOSGeom_getXMax_r(h, parts[j], &x1);
      GEOSGeom_getYMax_r(h, parts[j], &y1);
      index.insert(j, Envelope{x0, y0, x1, y1});
    }
    std::vector<std::unique_ptr<const GEOSPreparedGeometry,
                                std::function<void(const GEOSPreparedGeometry*)>>>
        prepared(parts.size());
    for (const Outline* outline : merging) {
      if (outline->holes.empty()) continue;
      std::size_t holder = parts.size() == 1 ? 0 : SIZE_MAX;
      if (holder == SIZE_MAX) {
        const Point at = outline->inside;
        Geometry point = Geometry::point(ctx, at);
        index.query(Envelope{at.x, at.y, at.x, at.y}, [&](std::size_t j) {
          if (holder != SIZE_MAX) return;  // the merged polygons are disjoint
          if (!prepared[j]) {
            prepared[j] = {GEOSPrepare_r(h, parts[j]), [h](const GEOSPreparedGeometry* p) {
                             GEOSPreparedGeom_destroy_r(h, p);
                           }};
          }
          if (GEOSPreparedContains_r(h, prepared[j].get(), point.raw()) == 1) holder = j;
        });
      }
      if (holder == SIZE_MAX) {
        throw InternalError("service areas: a tile's outline lies in no merged polygon");
      }
      for (const Polyline& hole : outline->holes) moved[holder].push_back(&hole);
    }
    // Each merged polygon rebuilt with its own holes and those it received.
    for (std::size_t j = 0; j < parts.size(); ++j) {
      Geometry shell = owned(GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, parts[j])), "clone");
      std::vector<Geometry> rings;
      const int interior = GEOSGetNumInteriorRings_r(h, parts[j]);
      for (int k = 0; k < interior; ++k) {
        rings.push_back(
            owned(GEOSGeom_clone_r(h, GEOSGetInteriorRingN_r(h, parts[j], k)), "clone"));
      }
      for (const Polyline* hole : moved[j]) rings.push_back(ring(*hole));
      polygons.push_back(build(std::move(shell), rings));
    }
  }
  for (Tile& tile : tiles) {
    for (const Outline& outline : tile.outlines) {
      if (outline.on_tile_edge) continue;
      std::vector<Geometry> rings;
      for (const Polyline& hole : outline.holes) rings.push_back(ring(hole));
      polygons.push_back(build(ring(outline.shell), rings));
    }
    release(tile.outlines);
  }
  if (polygons.empty()) return {};
  if (polygons.size() == 1) return std::move(polygons.front());
  std::vector<GEOSGeometry*> raw;
  for (Geometry& g : polygons) raw.push_back(g.release());
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

  // Each tile's list of the lines near it. The lines are turned into pixel coordinates as each
  // tile burns them, not copied: a province's 2.5 million reached pieces took 160 MB and as many
  // allocations a second time.
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
  for (std::size_t index = 0; index < lines.size(); ++index) {
    Envelope box;
    for (const Point& p : lines[index]) box.expand(grid.pixel(p));
    const auto first = [&](double v) {
      return std::max(0, static_cast<int>(std::floor((v - grid.margin) / kTileCells)));
    };
    const auto last = [&](double v, int count) {
      return std::min(count - 1, static_cast<int>(std::floor((v + grid.margin) / kTileCells)));
    };
    for (int r = first(box.min_y); r <= last(box.max_y, tile_rows); ++r) {
      for (int c = first(box.min_x); c <= last(box.max_x, tile_columns); ++c) {
        tiles[static_cast<std::size_t>(r) * tile_columns + c].lines.push_back(index);
      }
    }
  }
  Cells cells;
  cells.columns = grid.columns;
  cells.rows = grid.rows;
  cells.marked.assign(static_cast<std::size_t>(grid.columns) * grid.rows, 0);
  for_each_tile(tiles, threads,
                [&](Tile& tile) { mark_tile(tile, grid, lines, width_cells, cells); });
  remove_saddles(cells);
  // Every tile is outlined, even one no line reaches: a saddle filled at its corner may mark one
  // of its cells.
  for_each_tile(tiles, threads, [&](Tile& tile) { outline_tile(tile, cells); });
  release(cells.marked);

  Geometry merged = merge_tiles(ctx, tiles);
  if (merged.is_null()) return out;
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
