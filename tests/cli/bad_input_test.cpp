// Bad input, end to end (DESIGN.md "Behaviour users rely on"): exit code 1, exactly one line on
// stderr naming the file, layer, feature or key and the fix, nothing on stdout, and nothing left
// at the output path (no folder, no temporary folder).
#include <gtest/gtest.h>

#include "geojson_inputs.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov {
namespace {

namespace fs = std::filesystem;
using test::collection;
using test::expect_refused;
using test::feature;
using test::line;
using test::lines_of;
using test::point;
using test::ScratchDir;
using test::write_text;

const char* const kAnalyze = "--quiet analyze --config p.toml --out out";

// ---- numbers of the project file ----

TEST(BadInput, ANumberOutOfRangeNamesKeyValueAndFile) {
  ScratchDir dir;
  test::write_sound_inputs(dir, "[analysis]\nmax_access_m = -5\n");
  expect_refused(dir, kAnalyze,
                 {"key 'max_access_m' in [analysis] of 'p.toml' (line 11)", "is -5",
                  "must not be negative", "e.g. max_access_m = 2000"});
  test::write_sound_inputs(dir, "[facilities.power]\nsource = \"roads.geojson\"\nmax_m = nan\n");
  expect_refused(dir, kAnalyze, {"key 'max_m' in [facilities.power]", "is nan", "not a number"});
}

TEST(BadInput, ASeatThatIsNoPlaceIsRefused) {
  ScratchDir dir;
  test::write_sound_inputs(dir, "[analysis]\nseat = \"nan,inf\"\n");
  expect_refused(dir, kAnalyze,
                 {"seat 'nan,inf' in [analysis]", "p.toml", "no place on the Earth",
                  "give \"lon,lat\" in degrees"});
}

// ---- layers of the wrong geometry type: said before any field check ----

const char* const kRoadsWithClass =
    "[villages]\nsource = \"villages.geojson\"\nid = \"code\"\n"
    "[roads]\nsource = \"roads.geojson\"\nclass = \"rclass\"\n";

TEST(BadInput, RoadsOfPointsAreNamedAsPointsNotAsAMissingField) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  write_text(dir / "roads.geojson", collection({feature(1, "a", point(123.0, 43.5)),
                                                feature(2, "b", point(123.01, 43.5))}));
  write_text(dir / "p.toml", kRoadsWithClass);
  expect_refused(dir, kAnalyze,
                 {"layer 'roads' in '" + (dir / "roads.geojson").string() + "' for roads",
                  "holds points, not lines", "point roads at a layer of lines"},
                 {"unknown field", "rclass"});
}

TEST(BadInput, RoadsOfPointsInAGeoPackageLayerAreNamedToo) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  {
    geo::DatasetWriter out(dir / "roads.gpkg");
    auto& roads = out.create_layer("road_points", geo::GeometryClass::kPoint,
                                   geo::Crs::from_user("EPSG:4326"), {});
    roads.write({}, geo::Point{123.0, 43.5});
    out.close();
  }
  write_text(dir / "p.toml",
             "[villages]\nsource = \"villages.geojson\"\nid = \"code\"\n"
             "[roads]\nsource = \"roads.gpkg\"\nlayer = \"road_points\"\nclass = \"rclass\"\n");
  expect_refused(dir, kAnalyze,
                 {"layer 'road_points' in '", "roads.gpkg", "holds points, not lines"},
                 {"unknown field"});
}

TEST(BadInput, AnUntypedRoadsLayerWithoutLinesIsNamedByWhatItHolds) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  // Points and a polygon: GDAL gives the layer no single type, so it is read to find out.
  write_text(dir / "roads.geojson",
             collection({feature(1, "a", point(123.0, 43.5)),
                         feature(2, "b",
                                 R"({"type": "Polygon", "coordinates": [[[123.0, 43.49],)"
                                 R"( [123.001, 43.49], [123.001, 43.491], [123.0, 43.49]]]})")}));
  write_text(dir / "p.toml", kRoadsWithClass);
  expect_refused(dir, kAnalyze, {"layer 'roads'", "holds points, polygons, not lines"},
                 {"unknown field"});
}

TEST(BadInput, VillagesOfLinesAreNamedAsLines) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  write_text(dir / "villages.geojson",
             collection({feature(1, "V1", line(123.0, 43.5, 123.1, 43.5))}));
  write_text(dir / "p.toml",
             "[villages]\nsource = \"villages.geojson\"\nid = \"village_code\"\n"
             "[roads]\nsource = \"roads.geojson\"\n");
  expect_refused(dir, kAnalyze,
                 {"layer 'villages' in '" + (dir / "villages.geojson").string() + "' for villages",
                  "holds lines, not points or polygons"},
                 {"unknown field"});
}

// ---- facility kind names ----

TEST(BadInput, AKindNamedLikeAnOutputFieldIsRefused) {
  ScratchDir dir;
  test::write_sound_inputs(dir, "[facilities.road]\nsource = \"roads.geojson\"\nmax_m = 100\n");
  expect_refused(dir, kAnalyze,
                 {"kind name 'road' of [facilities.road] collides with 'road'", "p.toml", "line 10",
                  "rename the table"});
}

TEST(BadInput, AKindGivenTwiceIsRefused) {
  ScratchDir dir;
  test::write_sound_inputs(dir, "[facilities.clinic]\nsource = \"roads.geojson\"\n");
  expect_refused(dir, kAnalyze, {"duplicate table or key", "'facilities.clinic'", "p.toml"});
}

// ---- checklist, group and language ----

// A [[checklist]] item after the sound inputs' clinic kind: `rest` holds measure and claim.
std::string checklist_item(const std::string& rest) {
  return "[[checklist]]\nlabel = \"卫生室\"\nlabel_en = \"Clinic\"\n" + rest;
}

TEST(BadInput, AnUnknownChecklistMeasureNamesTheItemAndTheValidOnes) {
  ScratchDir dir;
  test::write_sound_inputs(dir, checklist_item("measure = \"school\"\n"));
  expect_refused(
      dir, kAnalyze,
      {"unknown measure 'school' in [[checklist]] item 1 ('卫生室')", "p.toml", "line 13",
       "use a facility kind or a built-in measure: road_access, connected, "
       "paved_connected, two_access, clinic"});
  test::write_sound_inputs(dir, checklist_item("measure = { any = [\"clinic\", \"shop\"] }\n"));
  expect_refused(dir, kAnalyze, {"unknown measure 'shop' in [[checklist]] item 1"});
  test::write_sound_inputs(dir, checklist_item("measure = []\n"));
  expect_refused(dir, kAnalyze, {"'measure' in [[checklist]] item 1", "non-empty list"});
}

TEST(BadInput, AClaimOutsideZeroToOneIsRefused) {
  ScratchDir dir;
  test::write_sound_inputs(dir, checklist_item("measure = \"clinic\"\nclaim = 1.5\n"));
  expect_refused(dir, kAnalyze,
                 {"key 'claim' in [[checklist]] item 1 ('卫生室') of 'p.toml'", "is 1.5",
                  "is too large", "from 0 to 1", "e.g. claim = 0.95"});
  test::write_sound_inputs(dir, checklist_item("measure = \"clinic\"\nclaim = -0.1\n"));
  expect_refused(dir, kAnalyze, {"key 'claim'", "is -0.1", "must not be negative"});
}

TEST(BadInput, AnUnknownKeyOfAChecklistItemOrLanguageIsRefused) {
  ScratchDir dir;
  test::write_sound_inputs(dir, checklist_item("measure = \"clinic\"\nclaims = 1\n"));
  expect_refused(dir, kAnalyze, {"unknown key 'claims' in [checklist item 1]", "measure"});
  test::write_sound_inputs(dir, "[analysis]\nlanguage = \"fr\"\n");
  expect_refused(dir, kAnalyze, {"unknown language 'fr' in [analysis]", "\"zh\", \"en\""});
}

TEST(BadInput, AnUnknownGroupFieldNamesFileLayerAndField) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  write_text(dir / "p.toml",
             "[villages]\nsource = \"villages.geojson\"\nid = \"code\"\ngroup = \"town\"\n"
             "[roads]\nsource = \"roads.geojson\"\n");
  expect_refused(dir, kAnalyze,
                 {"unknown field: 'town'", "villages.geojson", "[layer villages]", "code"});
}

// ---- GDAL's own messages: folded into our one line, never printed raw ----

TEST(BadInput, AnUnreachableDatabaseIsOneLine) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  write_text(dir / "p.toml",
             "[villages]\nsource = \"PG:host=127.0.0.1 port=1 dbname=x connect_timeout=5\"\n"
             "layer = \"villages\"\nid = \"code\"\n[roads]\nsource = \"roads.geojson\"\n");
  const std::string message = expect_refused(
      dir, kAnalyze,
      {"cannot open: 'PG:host=127.0.0.1 port=1 dbname=x", "for villages", "; check"});
  EXPECT_EQ(message.find("ERROR"), std::string::npos) << message;
  expect_refused(dir, "--quiet inspect 'PG:host=127.0.0.1 port=1 dbname=x connect_timeout=5'",
                 {"cannot open"});
}

TEST(BadInput, SeveralGdalErrorsAreFoldedIntoOneLine) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  // A cut-off GeoJSON: GDAL reports the syntax error, then "Failed to read GeoJSON data".
  write_text(dir / "villages.geojson",
             R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": )"
             R"({"code": "V1"}, "geometry": {"type": "Point", "coordinates": [123.0, 43.5]}},)");
  const std::string message =
      expect_refused(dir, kAnalyze,
                     {"cannot open: '" + (dir / "villages.geojson").string() + "' for villages",
                      "Unterminated array", "; Failed to read GeoJSON data",
                      "check the path and that it is a vector dataset GDAL can read"});
  EXPECT_EQ(message.find("ERROR 1"), std::string::npos) << message;
}

}  // namespace
}  // namespace infracov
