// The rasterized service area against the exact union of buffers (GEOS) on small random networks:
// valid, and within the stated tolerance both ways (a Hausdorff bound, checked through areas).
#include <gtest/gtest.h>

#include <random>

#include "infracov/geo/geometry.hpp"
#include "infracov/geo/service_area.hpp"

namespace infracov::geo {
namespace {

// area(a ∩ (b grown by tol)) == area(a): every point of a lies within tol of b.
bool within(const Geometry& a, const Geometry& b, double tol) {
  const double inside = a.intersection(b.buffer(tol, 8)).area_m2();
  return inside >= a.area_m2() * (1.0 - 1e-9);
}

TEST(RasterServiceArea, LiesWithinItsToleranceOfTheExactUnionOnRandomNetworks) {
  const GeosContext ctx;
  std::mt19937_64 random(20261204);
  std::uniform_real_distribution<double> coord(500000.0, 503000.0);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<Polyline> lines;
    const int count = 5 + trial * 3;
    for (int i = 0; i < count; ++i) {
      Polyline line;
      const int vertices = 2 + i % 3;
      for (int v = 0; v < vertices; ++v) line.push_back({coord(random), coord(random) + 4.3e6});
      lines.push_back(std::move(line));
    }
    const double width_m = 40.0 + 10.0 * (trial % 4);
    const Geometry exact = Geometry::buffered_union(ctx, lines, width_m);
    const RasterBuffer raster = rasterized_buffered_union(ctx, lines, width_m);
    ASSERT_FALSE(raster.area.is_null());
    EXPECT_TRUE(raster.area.is_valid()) << "trial " << trial;
    EXPECT_DOUBLE_EQ(raster.cell_m, width_m / 4.0);
    // The stated tolerance: 1.5 cell diagonals.
    const double tolerance_m = 1.5 * std::sqrt(2.0) * raster.cell_m;
    EXPECT_TRUE(within(raster.area, exact, tolerance_m)) << "trial " << trial;
    EXPECT_TRUE(within(exact, raster.area, tolerance_m)) << "trial " << trial;
    // And it is not trivially loose: the areas agree within 15 %.
    EXPECT_NEAR(raster.area.area_m2() / exact.area_m2(), 1.0, 0.15) << "trial " << trial;
  }
}

TEST(RasterServiceArea, NoLinesNoArea) {
  const GeosContext ctx;
  EXPECT_TRUE(rasterized_buffered_union(ctx, {}, 100.0).area.is_null());
  EXPECT_TRUE(rasterized_buffered_union(ctx, {{{0, 0}, {10, 0}}}, 0.0).area.is_null());
}

}  // namespace
}  // namespace infracov::geo
