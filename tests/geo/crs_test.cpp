#include <gtest/gtest.h>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::geo {
namespace {

TEST(Crs, UtmForPicksTheZoneAndHemisphere) {
  EXPECT_EQ(Crs::utm_for(123.0, 43.0).authority_code(), "EPSG:32651");
  EXPECT_EQ(Crs::utm_for(122.4, 42.9).label(), "EPSG:32651");
  EXPECT_EQ(Crs::utm_for(-70.6, -33.4).authority_code(), "EPSG:32719");
  EXPECT_EQ(Crs::utm_for(180.0, 0.0).authority_code(), "EPSG:32660");
  EXPECT_EQ(Crs::utm_for(-180.0, -1.0).authority_code(), "EPSG:32701");
  EXPECT_EQ(Crs::utm_for(123.0, 43.0).name(), "WGS 84 / UTM zone 51N");
}

TEST(Crs, Cgcs2000AndItsGaussKrugerZonesAreAccepted) {
  const Crs geographic = Crs::from_user("EPSG:4490");
  EXPECT_TRUE(geographic.is_geographic());
  EXPECT_FALSE(geographic.is_projected_metres());
  EXPECT_EQ(geographic.name(), "China Geodetic Coordinate System 2000");
  for (const char* code : {"EPSG:4513", "EPSG:4529", "EPSG:4550", "EPSG:4554"}) {
    const Crs zone = Crs::from_user(code);
    EXPECT_TRUE(zone.is_projected_metres()) << code;
    EXPECT_EQ(zone.authority_code(), code);
  }
}

TEST(Crs, UnknownDefinitionThrowsNamingIt) {
  try {
    (void)Crs::from_user("EPSG:999999", "[analysis] crs");
    FAIL() << "no exception";
  } catch (const CrsError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'EPSG:999999'"), std::string::npos) << message;
    EXPECT_NE(message.find("[analysis] crs"), std::string::npos) << message;
  }
}

TEST(Crs, SameAsComparesMeaningNotText) {
  const Crs a = Crs::from_user("EPSG:32651");
  const Crs b = Crs::from_user("+proj=utm +zone=51 +datum=WGS84 +units=m +no_defs +type=crs");
  EXPECT_TRUE(a.same_as(b));
  EXPECT_FALSE(a.same_as(Crs::from_user("EPSG:32650")));
  EXPECT_FALSE(a.same_as(Crs()));
  EXPECT_FALSE(Crs().known());
}

TEST(Transform, Cgcs2000ToGaussKrugerZone41MatchesCs2cs) {
  // Reference from PROJ 9.1.1's command line tools, run when this test was written:
  //   echo "122.5 43.0" | gdaltransform -s_srs EPSG:4490 -t_srs EPSG:4550 -output_xy
  //   -> 459229.479031818 4762841.20959628
  //   echo "43.0 122.5" | cs2cs -d 4 EPSG:4490 EPSG:4550   (EPSG axis order, northing first)
  //   -> 4762841.2096 459229.4790
  const Transform t(Crs::from_user("EPSG:4490"), Crs::from_user("EPSG:4550"));
  EXPECT_FALSE(t.is_identity());
  const Point p = t.apply(Point{122.5, 43.0});
  EXPECT_NEAR(p.x, 459229.4790, 0.001);
  EXPECT_NEAR(p.y, 4762841.2096, 0.001);
}

TEST(Transform, BulkApplyEqualsPointByPoint) {
  const Transform t(Crs::wgs84(), Crs::utm_for(122.5, 43.0));
  std::vector<Point> points = {{121.6, 42.6}, {122.5, 43.0}, {123.7, 43.6}};
  const std::vector<Point> original = points;
  t.apply(points);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Point one = t.apply(original[i]);
    EXPECT_DOUBLE_EQ(points[i].x, one.x);
    EXPECT_DOUBLE_EQ(points[i].y, one.y);
  }
  // The zone 51 central meridian is 123°E: points west of it have eastings below 500 km.
  EXPECT_LT(points[0].x, 500000.0);
  EXPECT_GT(points[2].x, 500000.0);
}

TEST(Transform, SameCrsIsIdentity) {
  const Transform t(Crs::from_user("EPSG:4550"), Crs::from_user("EPSG:4550"));
  EXPECT_TRUE(t.is_identity());
  EXPECT_EQ(t.apply(Point{1.5, 2.5}), (Point{1.5, 2.5}));
}

TEST(Transform, UnknownSourceThrowsCrsError) {
  EXPECT_THROW(Transform(Crs(), Crs::wgs84()), CrsError);
}

}  // namespace
}  // namespace infracov::geo
