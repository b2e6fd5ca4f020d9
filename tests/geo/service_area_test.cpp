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

// Widths small against the extent, so the grid is cut into many tiles (1024 cells a side): the
// tiles' outlines must merge into the same valid area whatever the number of threads.
TEST(RasterServiceArea, ManyTilesMergeIntoOneValidAreaWithinTolerance) {
  const GeosContext ctx;
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> coord(0.0, 3500.0);
  for (int trial = 0; trial < 2; ++trial) {
    std::vector<Polyline> lines;
    // Long lines crossing many tile edges, and short ones anywhere (some inside one tile).
    for (int i = 0; i < 30; ++i) {
      const double x = coord(random), y = coord(random);
      const double length = i % 3 == 0 ? 3000.0 : 150.0;
      const double dx = i % 2 == 0 ? length : 0.3 * length;
      const double dy = i % 2 == 0 ? 0.2 * length : length;
      lines.push_back({{500000.0 + x, 4.3e6 + y}, {500000.0 + x + dx, 4.3e6 + y + dy}});
    }
    const double width_m = 3.0 + 0.5 * trial;
    const RasterBuffer one = rasterized_buffered_union(ctx, lines, width_m, 1);
    const RasterBuffer two = rasterized_buffered_union(ctx, lines, width_m, 2);
    ASSERT_FALSE(one.area.is_null());
    ASSERT_GT((one.area.envelope().max_x - one.area.envelope().min_x) / one.cell_m, 2048.0);
    EXPECT_TRUE(one.area.is_valid()) << "trial " << trial;
    EXPECT_EQ(one.area.wkt(), two.area.wkt()) << "trial " << trial;
    const Geometry exact = Geometry::buffered_union(ctx, lines, width_m);
    const double tolerance_m = 1.5 * std::sqrt(2.0) * one.cell_m;
    EXPECT_TRUE(within(one.area, exact, tolerance_m)) << "trial " << trial;
    EXPECT_TRUE(within(exact, one.area, tolerance_m)) << "trial " << trial;
    EXPECT_NEAR(one.area.area_m2() / exact.area_m2(), 1.0, 0.15) << "trial " << trial;
  }
}

// Squares inside squares: an area with a hole holding an island that has a hole of its own,
// holding a last island. The islands lie in holes, so merging outer rings alone would overlap
// them; inside one tile and spread over many.
TEST(RasterServiceArea, IslandsInsideHolesStayIslands) {
  const GeosContext ctx;
  auto square = [](double x0, double y0, double side) {
    return Polyline{{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}};
  };
  for (const double scale : {1.0, 40.0}) {  // 40: a grid of about 3,000 cells a side
    const double x = 500000.0, y = 4.3e6;
    const std::vector<Polyline> lines = {
        square(x, y, 400 * scale),
        square(x + 100 * scale, y + 100 * scale, 200 * scale),
        {{x + 190 * scale, y + 200 * scale}, {x + 210 * scale, y + 200 * scale}}};
    const double width_m = 20.0;
    for (const unsigned threads : {1u, 2u}) {
      const RasterBuffer raster = rasterized_buffered_union(ctx, lines, width_m, threads);
      ASSERT_FALSE(raster.area.is_null());
      EXPECT_TRUE(raster.area.is_valid()) << "scale " << scale;
      const Geometry exact = Geometry::buffered_union(ctx, lines, width_m);
      const double tolerance_m = 1.5 * std::sqrt(2.0) * raster.cell_m;
      EXPECT_TRUE(within(raster.area, exact, tolerance_m)) << "scale " << scale;
      EXPECT_TRUE(within(exact, raster.area, tolerance_m)) << "scale " << scale;
      EXPECT_NEAR(raster.area.area_m2() / exact.area_m2(), 1.0, 0.15) << "scale " << scale;
      EXPECT_EQ(raster.area.type_name(), "MultiPolygon");
    }
  }
}

TEST(RasterServiceArea, NoLinesNoArea) {
  const GeosContext ctx;
  EXPECT_TRUE(rasterized_buffered_union(ctx, {}, 100.0).area.is_null());
  EXPECT_TRUE(rasterized_buffered_union(ctx, {{{0, 0}, {10, 0}}}, 0.0).area.is_null());
}

}  // namespace
}  // namespace infracov::geo
