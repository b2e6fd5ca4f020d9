// The catalogue of bad inputs (issue 13): each case has its own test that asserts the exit code,
// a single stderr line naming the file, layer, feature or key and the fix, and that nothing is
// left at the output path. A data problem that should not stop the run is a warning instead
// (DESIGN.md "Behaviour users rely on"), printed even with --quiet and kept in summary.json.
//
// The whole catalogue, case -> test (suite.name):
// clang-format off
//  project file
//   1 unknown key (with its line)            ProjectFile.UnknownKeyIsNamedWithItsLine
//   2 malformed TOML                         ProjectFile.MalformedTomlGivesItsLine
//   3 project file missing                   ProjectFile.MissingFileIsAnInputError
//   4 unknown rule, missing limit            ProjectFile.UnknownRuleAndMissingLimitAreRefused
//   5 no village id key                      ProjectFile.MissingVillageIdIsRefused
//   6 negative number                        BadInput.ANumberOutOfRangeNamesKeyValueAndFile
//   7 NaN or infinite number                 ProjectFileRanges.NotANumberAndInfinityAreRefused
//   8 zero where it means nothing            ProjectFileRanges.ZeroIsRefusedWhereItMeansNothing...
//   9 absurd size                            ProjectFileRanges.AbsurdSizesAreRefused
//  10 a number in quotes                     ProjectFileRanges.ANumberInQuotesIsRefused
//  11 a seat that is no place                BadInput.ASeatThatIsNoPlaceIsRefused
//  12 an unknown seat id                     Analyze.ExitCodesForUsageFlagsAndBadInput
//  13 duplicate kind names                   BadInput.AKindGivenTwiceIsRefused
//  14 kind names differing only in case      ProjectFileKinds.NamesDifferingOnlyInCaseAreDuplicates
//  15 kind names colliding with output       BadInput.AKindNamedLikeAnOutputFieldIsRefused
//     fields (road, id, ...)                 ProjectFileKinds.NamesTakenByTheOutputAreRefused
//  16 empty kind name or one holding ';'    ProjectFileKinds.AnEmptyNameOrOneHoldingTheSeparator...
//  17 unknown checklist measure              BadInput.AnUnknownChecklistMeasureNamesTheItem...
//  18 checklist claim outside 0..1           BadInput.AClaimOutsideZeroToOneIsRefused
//  19 unknown checklist key or language      BadInput.AnUnknownKeyOfAChecklistItemOrLanguage...
//  20 --set with an unknown key or bad text  Conventions.SetOnTheCommandLineFailsInOneLine...
//  21 a project file that is not UTF-8       BadInputCatalogue.AProjectFileThatIsNotUtf8
//  sources and layers
//  22 a source file that does not exist      BadInputCatalogue.AMissingSourceFile
//  23 an unknown layer                       Analyze.AFailedRunLeavesNothingBehind
//  24 an unknown field                       BadInputCatalogue.AnUnknownIdField
//  25 an unknown group field                 BadInput.AnUnknownGroupFieldNamesFileLayerAndField
//  26 a database that cannot be reached      BadInput.AnUnreachableDatabaseIsOneLine
//  27 a cut-off file (several GDAL errors)   BadInput.SeveralGdalErrorsAreFoldedIntoOneLine
//  28 roads holding points (GeoJSON, GPKG)   BadInput.RoadsOfPointsAreNamedAsPoints...
//                                            BadInput.RoadsOfPointsInAGeoPackageLayerAreNamedToo
//  29 roads of mixed types without lines     BadInput.AnUntypedRoadsLayerWithoutLines...
//  30 villages holding lines                 BadInput.VillagesOfLinesAreNamedAsLines
//  31 a layer without a CRS                  BadInputCatalogue.ALayerWithoutACrs
//  32 an empty villages layer                BadInputCatalogue.AnEmptyVillagesLayer
//  33 an empty roads layer                   BadInputCatalogue.AnEmptyRoadsLayer
//  34 duplicate village ids                  Analyze.DuplicateVillageIdsAreNamed
//  35 an empty CSV coordinate                Tables.BadCoordinateFailsInOneLineAndLeavesNoOutput
//  36 a GBK shapefile without .cpg/encoding  BadInputCatalogue.AGbkShapefileWithoutEncoding
//  37 a GeoPackage locked by another writer  BadInputCatalogue.AnInputGeoPackageLockedByAWriter
//  coordinates
//  38 NaN coordinates (CSV)                  BadInputCatalogue.NanCoordinatesInACsv
//  39 infinite coordinates (CSV)             BadInputCatalogue.InfiniteCoordinatesInACsv
//  40 NaN coordinates (GeoJSON): a warning  BadInputCatalogue.NanCoordinatesInGeoJsonAre...
//  41 lon/lat data declared as UTM           BadInputCatalogue.LonLatDeclaredAsUtm
//  42 UTM data declared as lon/lat           BadInputCatalogue.UtmDeclaredAsLonLat
//  43 latitude and longitude swapped         BadInputCatalogue.LatitudeAndLongitudeSwapped
//  44 every village at one point             BadInputCatalogue.EveryVillageAtOnePoint
//  45 villages and roads in two places       BadInputCatalogue.VillagesAndRoadsDoNotOverlap
//  46 Gauss-Krüger zone prefix vs .prj       BadInputCatalogue.GaussKruegerZonePrefixDisagrees...
//  data problems that are warnings, not errors
//  47 an empty facility layer                DataWarnings.AnEmptyFacilityLayerIsAWarning...
//  48 invalid geometry, null geometry        DataWarnings.AreRecordedInSummaryJsonWithCount...
//  49 a self-intersecting polygon of         BadInputCatalogue.AHugeSelfIntersectingPolygon...
//     100,000 vertices
//  output
//  50 an output that exists (no --overwrite) Analyze.RefusesAnExistingOutputUnlessOverwrite
//  51 an output path that is a file          BadInputCatalogue.AnOutputPathThatIsAFile
//  52 a read-only output folder              BadInputCatalogue.AReadOnlyOutputFolder
//  53 a disk that fills during the write     BadInputCatalogue.ADiskThatFillsDuringTheWrite
//  54 SIGINT or SIGTERM during a run         Conventions.InterruptedRunLeavesNothingBehind
//  55 an output GeoPackage another program   BadInputCatalogue.AnOutputGeoPackageLockedByAWriter
//     is writing (--overwrite, plan update)
//  56 warnings name sources as written       DataWarnings.NameTheSourceAsTheProjectFileWritesIt
// clang-format on
#include <cpl_string.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>
#include <sys/mount.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "geojson_inputs.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::collection;
using test::expect_refused;
using test::feature;
using test::line;
using test::point;
using test::read_text;
using test::ScratchDir;
using test::write_text;

const char* const kAnalyze = "--quiet analyze --config p.toml --out out";

// The sound inputs, but the villages read from villages.csv (columns code, lon, lat) with the
// given `assume_crs`; `rows` holds the lines after the header.
void write_csv_villages(const ScratchDir& dir, const std::string& rows,
                        const std::string& assume_crs = "EPSG:4326") {
  test::write_sound_inputs(dir);
  write_text(dir / "villages.csv", "code,lon,lat\n" + rows);
  write_text(dir / "p.toml",
             "[villages]\nsource = \"villages.csv\"\nid = \"code\"\nx = \"lon\"\ny = \"lat\"\n"
             "assume_crs = \"" +
                 assume_crs +
                 "\"\n[roads]\nsource = \"roads.geojson\"\n"
                 "[facilities.clinic]\nsource = \"clinics.geojson\"\nrule = \"euclid\"\n"
                 "max_m = 5000\n");
}

// ---- project file ----

TEST(BadInputCatalogue, AProjectFileThatIsNotUtf8) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  // "卫生室" in GBK, as Windows Notepad saves it in a Chinese locale.
  std::string text = read_text(dir / "p.toml");
  text += "[[checklist]]\nlabel = \"\xce\xc0\xc9\xfa\xca\xd2\"\nmeasure = \"clinic\"\n";
  write_text(dir / "p.toml", text);
  expect_refused(dir, kAnalyze, {"p.toml", "line 11", "invalid utf-8", "save the file as UTF-8"});
}

// ---- sources and layers ----

TEST(BadInputCatalogue, AMissingSourceFile) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  fs::remove(dir / "roads.geojson");
  expect_refused(dir, kAnalyze, {"roads.geojson", "for roads", "check the path"});
}

TEST(BadInputCatalogue, AnUnknownIdField) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  std::string text = read_text(dir / "p.toml");
  text.replace(text.find("id = \"code\""), 11, "id = \"village_code\"");
  write_text(dir / "p.toml", text);
  expect_refused(dir, kAnalyze, {"unknown field", "'village_code'", "villages.geojson", "code"});
}

TEST(BadInputCatalogue, ALayerWithoutACrs) {
  ScratchDir dir;
  write_csv_villages(dir, "V1,123.0,43.501\nV2,123.02,43.499\n");
  std::string text = read_text(dir / "p.toml");
  text.erase(text.find("assume_crs = \"EPSG:4326\"\n"), 25);
  write_text(dir / "p.toml", text);
  expect_refused(dir, kAnalyze, {"no CRS", "villages.csv", "assume_crs"});
}

TEST(BadInputCatalogue, AnEmptyVillagesLayer) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  write_text(dir / "villages.geojson", collection({}));
  expect_refused(dir, kAnalyze, {"villages.geojson", "villages", "no feature"});
}

TEST(BadInputCatalogue, AnEmptyRoadsLayer) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  write_text(dir / "roads.geojson", collection({}));
  expect_refused(dir, kAnalyze, {"roads.geojson", "roads", "no feature"});
}

TEST(BadInputCatalogue, AGbkShapefileWithoutEncoding) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  {
    // Written through GDAL itself with ENCODING="" (no recoding, no language byte), so the DBF
    // holds the GBK bytes as they are; DatasetWriter would recode its text to Latin-1.
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    ASSERT_NE(driver, nullptr);
    GDALDatasetUniquePtr shp(driver->Create((dir / "shp").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_NE(shp, nullptr);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    CPLStringList options;
    options.AddString("ENCODING=");
    OGRLayer* layer = shp->CreateLayer("villages", &wgs84, wkbPoint, options.List());
    ASSERT_NE(layer, nullptr);
    for (const char* field : {"code", "name"}) {
      OGRFieldDefn definition(field, OFTString);
      ASSERT_EQ(layer->CreateField(&definition), OGRERR_NONE);
    }
    // 甘旗卡 and 北甘旗 in GBK.
    const std::vector<std::array<std::string, 2>> rows = {{"V1", "\xb8\xca\xc6\xec\xbf\xa8"},
                                                          {"V2", "\xb1\xb1\xb8\xca\xc6\xec"}};
    for (std::size_t i = 0; i < rows.size(); ++i) {
      OGRFeature row(layer->GetLayerDefn());
      row.SetField("code", rows[i][0].c_str());
      row.SetField("name", rows[i][1].c_str());
      OGRPoint at(123.0 + 0.02 * static_cast<double>(i), 43.5);
      row.SetGeometry(&at);
      ASSERT_EQ(layer->CreateFeature(&row), OGRERR_NONE);
    }
  }
  fs::remove(dir / "shp/villages.cpg");
  std::string text = read_text(dir / "p.toml");
  text.replace(text.find("source = \"villages.geojson\""), 27,
               "source = \"shp/villages.shp\"\nname = \"name\"");
  write_text(dir / "p.toml", text);
  expect_refused(dir, kAnalyze, {"villages.shp", "not UTF-8", "feature", "set encoding = \"GBK\""});
}

// SQLite's exclusive transaction: what a program writing the GeoPackage holds while it writes.
TEST(BadInputCatalogue, AnInputGeoPackageLockedByAWriter) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  {
    geo::DatasetWriter out(dir / "clinics.gpkg");
    auto& c = out.create_layer("clinics", geo::GeometryClass::kPoint,
                               geo::Crs::from_user("EPSG:4326"), {});
    c.write({}, geo::Point{123.02, 43.5005});
    out.close();
  }
  std::string text = read_text(dir / "p.toml");
  text.replace(text.find("source = \"clinics.geojson\""), 26, "source = \"clinics.gpkg\"");
  write_text(dir / "p.toml", text);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "clinics.gpkg").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  expect_refused(dir, kAnalyze, {"clinics.gpkg", "locked", "close the program"});
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

// ---- coordinates ----

TEST(BadInputCatalogue, NanCoordinatesInACsv) {
  ScratchDir dir;
  write_csv_villages(dir, "V1,123.0,43.501\nV2,nan,43.499\n");
  expect_refused(dir, kAnalyze, {"feature 2", "villages.csv", "'lon'", "nan"});
}

TEST(BadInputCatalogue, InfiniteCoordinatesInACsv) {
  ScratchDir dir;
  write_csv_villages(dir, "V1,123.0,43.501\nV2,123.02,-inf\n");
  expect_refused(dir, kAnalyze, {"feature 2", "villages.csv", "'lat'", "inf"});
}

// GDAL's GeoJSON reader turns a point of NaN into POINT EMPTY, so this one is the "null or
// empty geometry skipped" warning naming the feature, not an error: never silently dropped.
TEST(BadInputCatalogue, NanCoordinatesInGeoJsonAreASkippedFeatureWarning) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  write_text(
      dir / "villages.geojson",
      collection({feature(1, "V1", point(123.0, 43.501)), feature(2, "V2", point(123.02, 43.499)),
                  feature(3, "V3", R"({"type": "Point", "coordinates": [NaN, 43.5]})")}));
  const auto run = test::run_infracov_split(kAnalyze, dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = json::parse(read_text(dir / "out/summary.json"));
  ASSERT_EQ(summary["warnings"].size(), 1u) << summary["warnings"].dump(2);
  const json& w = summary["warnings"][0];
  EXPECT_EQ(w["code"], "null_geometry");
  EXPECT_EQ(w["fids"], json::array({3}));
  EXPECT_NE(w["source"].get<std::string>().find("villages.geojson"), std::string::npos);
  EXPECT_EQ(run.err, "infracov: warning: " + w["message"].get<std::string>() + "\n");
  EXPECT_EQ(summary["villages"], 2);
}

TEST(BadInputCatalogue, LonLatDeclaredAsUtm) {
  ScratchDir dir;
  write_csv_villages(dir, "V1,123.0,43.501\nV2,123.02,43.499\n", "EPSG:32651");
  expect_refused(
      dir, kAnalyze,
      {"villages.csv", "EPSG:32651", "longitude/latitude", "assume_crs = \"EPSG:4326\""});
}

TEST(BadInputCatalogue, UtmDeclaredAsLonLat) {
  ScratchDir dir;
  write_csv_villages(dir, "V1,500000,4816000\nV2,501600,4815800\n");
  expect_refused(dir, kAnalyze,
                 {"villages.csv", "feature 1", "outside longitude/latitude", "assume_crs"});
}

TEST(BadInputCatalogue, LatitudeAndLongitudeSwapped) {
  ScratchDir dir;
  write_csv_villages(dir, "V1,43.501,123.0\nV2,43.499,123.02\n");
  expect_refused(dir, kAnalyze, {"villages.csv", "feature 1", "swapped"});
}

TEST(BadInputCatalogue, EveryVillageAtOnePoint) {
  ScratchDir dir;
  write_csv_villages(dir, "V1,123.0,43.5\nV2,123.0,43.5\nV3,123.0,43.5\n");
  expect_refused(dir, kAnalyze, {"villages.csv", "all 3 villages", "one point", "coordinates"});
}

TEST(BadInputCatalogue, VillagesAndRoadsDoNotOverlap) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  // The roads of another county, 1,000 km to the west.
  write_text(dir / "roads.geojson", collection({feature(1, "a", line(110.0, 40.0, 110.1, 40.0))}));
  expect_refused(dir, kAnalyze, {"roads.geojson", "villages.geojson", "do not overlap"});
}

TEST(BadInputCatalogue, GaussKruegerZonePrefixDisagreesWithPrj) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  {
    // EPSG:4529 is the 3-degree zone 41 with the prefix; these eastings carry 40 (EPSG:4528).
    geo::DatasetWriter out(dir / "gk", "ESRI Shapefile");
    auto& v =
        out.create_layer("villages", geo::GeometryClass::kPoint, geo::Crs::from_user("EPSG:4529"),
                         {{"code", geo::FieldType::kString}});
    v.write({std::string("V1")}, geo::Point{40581000.0, 4817000.0});
    v.write({std::string("V2")}, geo::Point{40582500.0, 4816800.0});
    out.close();
  }
  std::string text = read_text(dir / "p.toml");
  text.replace(text.find("source = \"villages.geojson\""), 27, "source = \"gk/villages.shp\"");
  write_text(dir / "p.toml", text);
  expect_refused(dir, kAnalyze, {"villages.shp", "zone 40", "EPSG:4529", "zone 41", "EPSG:4528"});
}

// ---- a warning, not an error ----

// A water area drawn as a 100,000-vertex zigzag whose closing edge crosses it: repaired (GEOS
// make-valid), counted in a warning (also with --quiet), and the run goes on.
TEST(BadInputCatalogue, AHugeSelfIntersectingPolygonIsRepairedWithAWarning) {
  ScratchDir dir;
  std::string ring = "[[123.0, 43.49]";
  const int n = 100000;
  for (int i = 1; i < n - 2; ++i) {
    std::array<char, 64> vertex{};
    // Nine decimals: consecutive vertices stay apart (4e-7 degrees), so the zigzag is simple.
    std::snprintf(vertex.data(), vertex.size(), ", [%.9f, %.9f]", 123.0 + 0.04 * i / n,
                  43.49 + ((i % 2) ? 0.02 : 0.019));
    ring += vertex.data();
  }
  // A bow tie at the end: the last edges cross the first one.
  ring += ", [123.04, 43.48], [122.99, 43.5], [123.0, 43.49]]";
  write_text(
      dir / "water.geojson",
      collection({feature(1, "W1", R"({"type": "Polygon", "coordinates": [)" + ring + "]}")}));
  test::write_sound_inputs(dir,
                           "[facilities.water]\nsource = \"water.geojson\"\nrule = \"within\"\n");
  const auto run = test::run_infracov_split(kAnalyze, dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto printed = test::lines_of(run.err);
  ASSERT_EQ(printed.size(), 1u) << run.err;
  const json summary = json::parse(read_text(dir / "out/summary.json"));
  ASSERT_EQ(summary["warnings"].size(), 1u) << summary["warnings"].dump(2);
  const json& w = summary["warnings"][0];
  EXPECT_EQ(w["code"], "repaired");
  EXPECT_EQ(w["layer"], "water");
  EXPECT_EQ(w["count"], 1);
  EXPECT_EQ(printed[0], "infracov: warning: " + w["message"].get<std::string>());
}

// ---- output ----

TEST(BadInputCatalogue, AnOutputPathThatIsAFile) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  write_text(dir / "out", "a file of the user's");
  expect_refused(dir, kAnalyze, {"output is not a folder", "out", "choose a folder"});
  expect_refused(dir, std::string(kAnalyze) + " --overwrite",
                 {"output is not a folder", "out", "choose a folder"});
  EXPECT_EQ(read_text(dir / "out"), "a file of the user's");
}

// Mounts a tmpfs of `options` at `where` for the life of the object. Tests run as root (CI
// does); a machine where mounting is not permitted fails the test rather than skipping it.
class TmpfsMount {
 public:
  TmpfsMount(const fs::path& where, const std::string& options) : where_(where) {
    fs::create_directories(where);
    mounted_ = ::mount("tmpfs", where.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~TmpfsMount() {
    if (mounted_) ::umount2(where_.c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  bool mounted() const { return mounted_; }
  // Root writes through file modes, not through a read-only mount.
  bool remount_read_only() const {
    return mounted_ &&
           ::mount("tmpfs", where_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

 private:
  fs::path where_;
  bool mounted_ = false;
};

TEST(BadInputCatalogue, AReadOnlyOutputFolder) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  TmpfsMount disk(dir / "ro", "size=64k");
  ASSERT_TRUE(disk.remount_read_only()) << "mounting a tmpfs needs root, as in CI";
  expect_refused(dir, "--quiet analyze --config p.toml --out ro/out",
                 {"ro/out", "Read-only file system", "choose another --out"}, {}, 3);
  EXPECT_TRUE(test::entries(dir / "ro").empty());
}

TEST(BadInputCatalogue, ADiskThatFillsDuringTheWrite) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  // 200 KiB: room to start the GeoPackage, none for all of it.
  TmpfsMount disk(dir / "small", "size=200k");
  ASSERT_TRUE(disk.mounted()) << "mounting a tmpfs needs root, as in CI";
  // The message names the --out given, not the temporary folder the results were staged in, and
  // the cause, not what SQLite made of it ("no such table: gpkg_geometry_columns").
  expect_refused(dir, "--quiet analyze --config p.toml --out small/out",
                 {"disk full", "'small/out/results.gpkg'", "KiB left", "free some space"},
                 {".tmp", ".out", "no such table"}, 3);
  EXPECT_TRUE(test::entries(dir / "small").empty()) << "nothing half-written";
}

// Results are staged and then moved over the old ones. When a GeoPackage in the old results is
// being written by another program (QGIS editing it holds SQLite's write lock), replacing it would
// lose that program's edits silently: the run is refused before any work, naming the file, and
// the old results stay as they were. A reader (QGIS only showing the layers) does not block it.
TEST(BadInputCatalogue, AnOutputGeoPackageLockedByAWriter) {
  ScratchDir dir;
  test::write_sound_inputs(dir);
  const auto first = test::run_infracov_split(kAnalyze, dir.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const fs::path gpkg = dir / "out/results.gpkg";
  const std::string before = read_text(gpkg);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(gpkg.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  for (const std::string& args :
       {std::string(kAnalyze) + " --overwrite", std::string("--quiet plan roads --config p.toml "
                                                            "--out out")}) {
    SCOPED_TRACE(args);
    expect_refused(dir, args, {"'out/results.gpkg'", "locked by another program", "close it"},
                   {".tmp"}, 3);
  }
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  EXPECT_EQ(read_text(gpkg), before) << "the old results are untouched";
  // A reader holds no write lock: the same run then replaces the results.
  ASSERT_EQ(sqlite3_exec(db, "BEGIN; SELECT count(*) FROM villages;", nullptr, nullptr, nullptr),
            SQLITE_OK);
  const auto again = test::run_infracov_split(std::string(kAnalyze) + " --overwrite", dir.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

}  // namespace
}  // namespace infracov
