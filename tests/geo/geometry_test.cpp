#include <gtest/gtest.h>

#include "infracov/geo/error.hpp"
#include "infracov/geo/geometry.hpp"

namespace infracov::geo {
namespace {

TEST(Geometry, WktRoundTripsThroughGeos) {
  const GeosContext ctx;
  const Geometry g = Geometry::from_wkt(ctx, "LINESTRING (0 0, 3 4)");
  EXPECT_EQ(g.wkt(), "LINESTRING (0 0, 3 4)");
  EXPECT_EQ(g.type_name(), "LineString");
  EXPECT_EQ(g.geometry_class(), GeometryClass::kLine);
  EXPECT_DOUBLE_EQ(g.length_m(), 5.0);
}

TEST(Geometry, BadWktThrowsWithGeosMessage) {
  const GeosContext ctx;
  try {
    (void)Geometry::from_wkt(ctx, "POLYGON ((0 0, 1 1");
    FAIL() << "no exception";
  } catch (const GeometryError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("POLYGON ((0 0, 1 1"), std::string::npos) << message;
    // GEOS's own parse error is attached, and the context remembers it.
    EXPECT_FALSE(ctx.last_error().empty());
    EXPECT_NE(message.find(ctx.last_error()), std::string::npos) << message;
  }
}

TEST(Geometry, BowTieIsInvalidAndMakeValidSplitsItIntoTwoTriangles) {
  const GeosContext ctx;
  const Geometry bow_tie = Geometry::from_wkt(ctx, "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))");
  EXPECT_FALSE(bow_tie.is_valid());
  const Geometry repaired = bow_tie.make_valid();
  EXPECT_TRUE(repaired.is_valid());
  EXPECT_EQ(repaired.type_name(), "MultiPolygon");
  EXPECT_DOUBLE_EQ(repaired.area_m2(), 2.0);  // two triangles of area 1 each
}

TEST(Geometry, DistanceIsZeroInsideAndExactOutside) {
  const GeosContext ctx;
  const Geometry square =
      Geometry::polygon(ctx, std::vector<Point>{{0, 0}, {10, 0}, {10, 10}, {0, 10}});
  EXPECT_DOUBLE_EQ(square.area_m2(), 100.0);
  EXPECT_DOUBLE_EQ(square.distance_m(Point{5, 5}), 0.0);
  EXPECT_DOUBLE_EQ(square.distance_m(Point{13, 14}), 5.0);
  EXPECT_TRUE(square.contains(Point{10, 5}));  // on the boundary counts as inside
  EXPECT_FALSE(square.contains(Point{10.001, 5}));
  const Geometry other = Geometry::point(ctx, {20, 10});
  EXPECT_DOUBLE_EQ(square.distance_m(other), 10.0);
  EXPECT_FALSE(square.intersects(other));
}

TEST(Geometry, LinesAndPointsComeOutInOrder) {
  const GeosContext ctx;
  const Geometry multi = Geometry::from_wkt(ctx, "MULTILINESTRING ((0 0, 1 0), (5 5, 6 6, 7 5))");
  const std::vector<Polyline> lines = multi.lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], (Polyline{{5, 5}, {6, 6}, {7, 5}}));
  const Geometry points = Geometry::from_wkt(ctx, "MULTIPOINT ((1 2), (3 4))");
  EXPECT_EQ(points.points(), (std::vector<Point>{{1, 2}, {3, 4}}));
  EXPECT_EQ(points.geometry_class(), GeometryClass::kPoint);
}

TEST(Geometry, UnionOfOverlappingSquaresHasTheirCombinedArea) {
  const GeosContext ctx;
  std::vector<Geometry> parts;
  parts.push_back(Geometry::from_wkt(ctx, "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))"));
  parts.push_back(Geometry::from_wkt(ctx, "POLYGON ((1 0, 3 0, 3 2, 1 2, 1 0))"));
  const Geometry u = Geometry::union_all(ctx, std::move(parts));
  EXPECT_DOUBLE_EQ(u.area_m2(), 6.0);
  EXPECT_TRUE(Geometry::union_all(ctx, {}).is_null());
}

TEST(Geometry, BufferAndIntersection) {
  const GeosContext ctx;
  const Geometry line = Geometry::line(ctx, std::vector<Point>{{0, 0}, {100, 0}});
  const Geometry band = line.buffer(10.0);
  const Envelope e = band.envelope();
  EXPECT_DOUBLE_EQ(e.min_x, -10.0);
  EXPECT_DOUBLE_EQ(e.max_y, 10.0);
  const Geometry cut = band.intersection(
      Geometry::from_wkt(ctx, "POLYGON ((40 -50, 60 -50, 60 50, 40 50, 40 -50))"));
  EXPECT_NEAR(cut.area_m2(), 400.0, 1e-9);  // a 20 m x 20 m slice of the straight part
}

TEST(Geometry, NullGeometryOperationsThrowInsteadOfCrashing) {
  const Geometry null_geometry;
  EXPECT_TRUE(null_geometry.is_null());
  EXPECT_THROW((void)null_geometry.is_valid(), GeometryError);
  EXPECT_TRUE(null_geometry.lines().empty());
  EXPECT_EQ(null_geometry.wkt(), "");
}

TEST(Geometry, CloneIsIndependentOfTheOriginal) {
  const GeosContext ctx;
  Geometry a = Geometry::point(ctx, {1, 2});
  const Geometry b = a.clone();
  a = Geometry();
  EXPECT_EQ(b.wkt(), "POINT (1 2)");
  EXPECT_EQ(b.point_on_surface(), (Point{1, 2}));
}

}  // namespace
}  // namespace infracov::geo
