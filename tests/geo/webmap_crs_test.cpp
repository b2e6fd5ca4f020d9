// Web-map coordinates (GCJ-02, BD-09) against pairs recorded from a public implementation (the
// npm package gcoord; provenance in tests/data/webmap_reference.csv), and read through assume_crs.
#include "infracov/geo/webmap_crs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "infracov/geo/error.hpp"
#include "infracov/geo/reader.hpp"
#include "support/test_support.hpp"

namespace infracov::geo {
namespace {

using test::ScratchDir;
using test::write_text;

// gcoord's own inverse stops once its forward residual is below 1e-6 degrees, so its answers sit
// within about that of the exact inverse; ours stops at kInverseToleranceDeg (1e-9). The forward
// and BD-09 formulas are closed and must agree to rounding.
constexpr double kClosedFormToleranceDeg = 1e-9;
constexpr double kReferenceInverseToleranceDeg = 2e-6;

struct ReferencePair {
  std::string direction;
  std::string place;
  Point from;
  Point to;
};

std::vector<ReferencePair> reference_pairs() {
  std::ifstream in(std::filesystem::path(test::kSourceDir) / "tests/data/webmap_reference.csv");
  std::vector<ReferencePair> pairs;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::stringstream row(line);
    std::vector<std::string> cells;
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    if (cells.size() != 6) continue;
    pairs.push_back({cells[0],
                     cells[1],
                     {std::stod(cells[2]), std::stod(cells[3])},
                     {std::stod(cells[4]), std::stod(cells[5])}});
  }
  return pairs;
}

TEST(WebMapCrs, MatchesTheRecordedReferencePairs) {
  const std::vector<ReferencePair> pairs = reference_pairs();
  ASSERT_EQ(pairs.size(), 63u) << "tests/data/webmap_reference.csv";
  for (const ReferencePair& pair : pairs) {
    Point got;
    double tolerance = kClosedFormToleranceDeg;
    if (pair.direction == "WGS84_to_GCJ02") {
      got = wgs84_to_gcj02(pair.from);
    } else if (pair.direction == "GCJ02_to_WGS84") {
      got = gcj02_to_wgs84(pair.from);
      tolerance = kReferenceInverseToleranceDeg;
    } else {
      ASSERT_EQ(pair.direction, "BD09_to_WGS84");
      got = bd09_to_wgs84(pair.from);
      tolerance = kReferenceInverseToleranceDeg;
    }
    EXPECT_NEAR(got.x, pair.to.x, tolerance) << pair.direction << " " << pair.place;
    EXPECT_NEAR(got.y, pair.to.y, tolerance) << pair.direction << " " << pair.place;
  }
}

TEST(WebMapCrs, InverseMapsBackWithinTheStatedTolerance) {
  // A grid over China, the banner included: the forward formula applied to our inverse returns
  // the input within kInverseToleranceDeg, and the inverse undoes the forward formula.
  for (double lon = 74.0; lon <= 134.0; lon += 1.7) {
    for (double lat = 18.0; lat <= 53.0; lat += 1.3) {
      const Point gcj{lon, lat};
      const Point back = wgs84_to_gcj02(gcj02_to_wgs84(gcj));
      EXPECT_NEAR(back.x, gcj.x, kInverseToleranceDeg) << lon << "," << lat;
      EXPECT_NEAR(back.y, gcj.y, kInverseToleranceDeg) << lon << "," << lat;
      const Point wgs = gcj02_to_wgs84(wgs84_to_gcj02(gcj));
      EXPECT_NEAR(wgs.x, gcj.x, 2 * kInverseToleranceDeg) << lon << "," << lat;
      EXPECT_NEAR(wgs.y, gcj.y, 2 * kInverseToleranceDeg) << lon << "," << lat;
      // BD-09's published back formula is itself only approximate (see webmap_crs.hpp).
      const Point bd = bd09_to_wgs84(wgs84_to_bd09(gcj));
      EXPECT_NEAR(bd.x, gcj.x, kBd09RoundTripDeg) << lon << "," << lat;
      EXPECT_NEAR(bd.y, gcj.y, kBd09RoundTripDeg) << lon << "," << lat;
    }
  }
}

TEST(WebMapCrs, TheBannerIsOffsetByHundredsOfMetresAndTokyoNotAtAll) {
  const Point seat{122.356, 42.938};
  const Point gcj = wgs84_to_gcj02(seat);
  const double east_m = (gcj.x - seat.x) * 111320.0 * std::cos(seat.y * M_PI / 180.0);
  const double north_m = (gcj.y - seat.y) * 110540.0;
  EXPECT_GT(std::hypot(east_m, north_m), 300.0);
  EXPECT_LT(std::hypot(east_m, north_m), 800.0);
  const Point tokyo{139.692, 35.69};
  EXPECT_EQ(wgs84_to_gcj02(tokyo), tokyo);
  EXPECT_EQ(gcj02_to_wgs84(tokyo), tokyo);
}

TEST(WebMapCrs, AssumeCrsNamesAreRecognised) {
  EXPECT_EQ(web_map_datum("GCJ-02"), WebMapDatum::kGcj02);
  EXPECT_EQ(web_map_datum("gcj02"), WebMapDatum::kGcj02);
  EXPECT_EQ(web_map_datum("BD-09"), WebMapDatum::kBd09);
  EXPECT_EQ(web_map_datum("bd09"), WebMapDatum::kBd09);
  EXPECT_FALSE(web_map_datum("EPSG:4326"));
  EXPECT_FALSE(web_map_datum(""));
}

// Three villages' WGS 84 positions and the same places as a web map gives them.
const std::vector<Point> kWgs84{{122.356, 42.938}, {122.6, 43.5}, {121.95, 42.61}};

std::string points_csv(Point (*to_web)(Point)) {
  std::string csv = "id,lon,lat\n";
  char line[128];
  for (std::size_t i = 0; i < kWgs84.size(); ++i) {
    const Point p = to_web != nullptr ? to_web(kWgs84[i]) : kWgs84[i];
    std::snprintf(line, sizeof line, "v%zu,%.12f,%.12f\n", i, p.x, p.y);
    csv += line;
  }
  return csv;
}

std::vector<Point> read_points(const std::filesystem::path& csv, const std::string& assume_crs) {
  const GeosContext ctx;
  const LayerSpec spec{.source = csv.string(), .assume_crs = assume_crs, .x = "lon", .y = "lat"};
  const FeatureTable table =
      read_layer(ctx, spec, GeometryClass::kPoint, Crs::from_user("EPSG:32651"));
  std::vector<Point> points;
  for (const auto& f : table.features) points.push_back(f.geometry.points().at(0));
  return points;
}

TEST(WebMapCrs, Gcj02AndBd09LayersReadToTheWgs84Positions) {
  ScratchDir dir;
  write_text(dir / "wgs84.csv", points_csv(nullptr));
  write_text(dir / "gcj02.csv", points_csv(&wgs84_to_gcj02));
  write_text(dir / "bd09.csv", points_csv(&wgs84_to_bd09));
  const std::vector<Point> truth = read_points(dir / "wgs84.csv", "EPSG:4326");
  ASSERT_EQ(truth.size(), kWgs84.size());
  for (const char* name : {"gcj02.csv", "bd09.csv"}) {
    const std::vector<Point> web = read_points(dir / name, name[0] == 'g' ? "GCJ-02" : "BD-09");
    ASSERT_EQ(web.size(), truth.size());
    // GCJ-02: 1e-9 degrees is 0.1 mm, a centimetre leaves room for the printed decimals.
    // BD-09: its published back formula moves a point by up to 2e-6 degrees (0.25 m here).
    const double tolerance_m = name[0] == 'g' ? 0.01 : 0.25;
    for (std::size_t i = 0; i < truth.size(); ++i) {
      EXPECT_NEAR(web[i].x, truth[i].x, tolerance_m) << name << " v" << i;
      EXPECT_NEAR(web[i].y, truth[i].y, tolerance_m) << name << " v" << i;
    }
    // Read as if they were WGS 84, they would be hundreds of metres off.
    const std::vector<Point> unconverted = read_points(dir / name, "EPSG:4326");
    EXPECT_GT(distance_m(unconverted[0], truth[0]), 300.0) << name;
  }
}

TEST(WebMapCrs, AGeoJsonDeclaringWgs84IsConvertedAllVertices) {
  // GeoJSON always says WGS 84; a road traced on AMap holds GCJ-02 in it anyway.
  ScratchDir dir;
  const Point a = wgs84_to_gcj02(kWgs84[0]);
  const Point b = wgs84_to_gcj02(kWgs84[2]);
  char text[512];
  std::snprintf(
      text, sizeof text,
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
      R"("geometry":{"type":"LineString","coordinates":[[%.12f,%.12f],[%.12f,%.12f]]}}]})",
      a.x, a.y, b.x, b.y);
  write_text(dir / "road.geojson", text);
  const LayerSpec spec{.source = (dir / "road.geojson").string(), .assume_crs = "GCJ-02"};
  std::vector<Polyline> parts;
  read_lines(spec, Crs::from_user("EPSG:32651"),
             [&](std::int64_t, std::vector<FieldValue>&&, std::vector<Polyline>&& lines) {
               for (auto& line : lines) parts.push_back(std::move(line));
             });
  ASSERT_EQ(parts.size(), 1u);
  ASSERT_EQ(parts[0].size(), 2u);
  write_text(dir / "wgs84.csv", points_csv(nullptr));
  const std::vector<Point> truth = read_points(dir / "wgs84.csv", "EPSG:4326");
  EXPECT_NEAR(distance_m(parts[0][0], truth[0]), 0.0, 0.01);
  EXPECT_NEAR(distance_m(parts[0][1], truth[2]), 0.0, 0.01);
}

TEST(WebMapCrs, AProjectedLayerCannotBeWebMapCoordinates) {
  ScratchDir dir;
  write_text(dir / "utm.geojson",
             R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":)"
             R"("urn:ogc:def:crs:EPSG::32651"}},"features":[{"type":"Feature","properties":{},)"
             R"("geometry":{"type":"Point","coordinates":[500000,4750000]}}]})");
  const GeosContext ctx;
  const LayerSpec spec{.source = (dir / "utm.geojson").string(), .assume_crs = "GCJ-02"};
  try {
    read_layer(ctx, spec, GeometryClass::kPoint, Crs::from_user("EPSG:32651"));
    FAIL() << "a projected layer was taken as GCJ-02";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("GCJ-02"), std::string::npos) << message;
    EXPECT_NE(message.find("EPSG:32651"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace infracov::geo
