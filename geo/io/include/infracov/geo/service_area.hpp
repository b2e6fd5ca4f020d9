// Service-area polygons fast enough for a province: the lines buffered by a width and dissolved,
// computed on a raster instead of by a union of a million buffers (Geometry::buffered_union).
#pragma once

#include <vector>

#include "infracov/geo/geometry.hpp"
#include "infracov/geo/types.hpp"

namespace infracov::geo {

struct RasterBuffer {
  Geometry area;        // a valid (Multi)Polygon; null for no lines
  double cell_m = 0.0;  // the raster's cell size
};

// Burns the lines into a raster of cells of width_m / 4 (coarser, by steps of 1.25, only when the
// extent would need more than 64 million cells: a province at 50 m cells has 60 million), marks
// every cell whose centre lies within width_m of a burnt cell's centre (GDAL rasterizes; the
// widening is a dilation by the disk of that radius), fills the corners where two marked cells
// meet only diagonally, and outlines the marked cells, tile by tile on up to `threads` threads;
// the result does not depend on `threads`.
// Tolerance: every point of the outline lies within 1.5 cell diagonals (width_m * 0.53 at the
// default cell) of the outline of Geometry::buffered_union(lines, width_m); a test checks it.
RasterBuffer rasterized_buffered_union(const GeosContext& ctx, const std::vector<Polyline>& lines,
                                       double width_m, unsigned threads = 1);

}  // namespace infracov::geo
