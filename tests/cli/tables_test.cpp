// A village list kept as a spreadsheet-style table (headers 编码, 名称, 经度, 纬度) runs through
// `infracov analyze` from the project file's x / y or open_options, and the project file refuses
// malformed forms of those keys in one line.
#include <cpl_vsi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/writer.hpp"
#include "project.hpp"
#include "support/test_support.hpp"

namespace infracov {
namespace {

namespace fs = std::filesystem;
using test::read_text;
using test::run_infracov;
using test::ScratchDir;
using test::write_text;

const char* const kVillagesCsv =
    "编码,名称,经度,纬度\n"
    "V1,甘旗卡村,122.300,43.600\n"
    "V2,北甘旗村,122.320,43.610\n"
    "V3,哈布哈嘎查,122.350,43.600\n";

// Roads along latitude 43.605 in EPSG:4326, 550 m and more from each village (a GeoPackage, or
// with `driver` a folder of that format's files).
void write_roads(const fs::path& gpkg, const std::string& driver = "GPKG") {
  geo::DatasetWriter out(gpkg, driver);
  auto& roads =
      out.create_layer("roads", geo::GeometryClass::kLine, geo::Crs::from_user("EPSG:4326"), {});
  roads.write({}, std::vector<geo::Polyline>{{{122.28, 43.605}, {122.37, 43.605}}});
}

std::string project(const std::string& village_keys) {
  return "[analysis]\ncrs = \"EPSG:32651\"\n[villages]\nsource = \"villages.csv\"\nid = \"编码\"\n"
         "name = \"名称\"\nassume_crs = \"EPSG:4326\"\n" +
         village_keys + "[roads]\nsource = \"roads.gpkg\"\n";
}

// id and name of each villages.csv row (first two columns).
std::vector<std::string> rows_of(const std::string& csv) {
  std::vector<std::string> rows;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const std::size_t second = line.find(',', line.find(',') + 1);
    rows.push_back(line.substr(0, second));
  }
  return rows;
}

TEST(Tables, AnalyzeReadsAChineseCsvThroughXYAndThroughOpenOptions) {
  ScratchDir dir;
  write_text(dir / "villages.csv", kVillagesCsv);
  write_roads(dir / "roads.gpkg");
  write_text(dir / "xy.toml", project("x = \"经度\"\ny = \"纬度\"\n"));
  write_text(dir / "oo.toml",
             project("open_options = [\"X_POSSIBLE_NAMES=经度\", \"Y_POSSIBLE_NAMES=纬度\"]\n"));
  for (const char* name : {"xy", "oo"}) {
    const auto run = run_infracov(
        std::string("--quiet analyze --config ") + name + ".toml --out out_" + name, dir.path());
    ASSERT_EQ(run.exit_code, 0) << name << ": " << run.output;
    const auto summary =
        nlohmann::json::parse(read_text(dir / ("out_" + std::string(name)) / "summary.json"));
    EXPECT_EQ(summary["villages"], 3) << name;
    EXPECT_EQ(summary["road"]["no_access"], 0) << name;
    EXPECT_EQ(rows_of(read_text(dir / ("out_" + std::string(name)) / "villages.csv")),
              (std::vector<std::string>{"V1,甘旗卡村", "V2,北甘旗村", "V3,哈布哈嘎查"}))
        << name;
  }
  // Both ways give the same distances.
  EXPECT_EQ(read_text(dir / "out_xy/villages.csv"), read_text(dir / "out_oo/villages.csv"));
}

TEST(Tables, BadCoordinateFailsInOneLineAndLeavesNoOutput) {
  ScratchDir dir;
  write_text(dir / "villages.csv", std::string(kVillagesCsv) + "V4,新村,,43.6\n");
  write_roads(dir / "roads.gpkg");
  write_text(dir / "p.toml", project("x = \"经度\"\ny = \"纬度\"\n"));
  const auto run = run_infracov("--quiet analyze --config p.toml --out out", dir.path());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("bad coordinate: feature 4 of layer 'villages' in '"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("villages.csv' for villages, column '经度' is empty"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

// Every file of `folder` into a new zip archive, through GDAL's /vsizip/ writer.
void zip_folder(const fs::path& folder, const fs::path& zip) {
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string member = "/vsizip/" + zip.string() + "/" + entry.path().filename().string();
    VSILFILE* out = VSIFOpenL(member.c_str(), "wb");
    ASSERT_NE(out, nullptr) << member;
    const std::string bytes = read_text(entry.path());
    EXPECT_EQ(VSIFWriteL(bytes.data(), 1, bytes.size(), out), bytes.size()) << member;
    VSIFCloseL(out);
  }
}

// A zipped shapefile named relatively in the project file is found beside the file, whatever the
// folder infracov runs from (issue 12: it used to resolve against the current folder).
TEST(Tables, RelativeVsizipSourceResolvesAgainstTheProjectFile) {
  ScratchDir dir;
  fs::create_directories(dir / "county");
  write_text(dir / "county/villages.csv", kVillagesCsv);
  write_roads(dir / "shp", "ESRI Shapefile");
  zip_folder(dir / "shp", dir / "county/roads.zip");
  fs::remove_all(dir / "shp");
  std::string toml = project("x = \"经度\"\ny = \"纬度\"\n");
  toml.replace(toml.find("\"roads.gpkg\""), 12, "\"/vsizip/roads.zip/roads.shp\"");
  write_text(dir / "county/p.toml", toml);
  const auto run = run_infracov("--quiet analyze --config county/p.toml --out out", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto summary = nlohmann::json::parse(read_text(dir / "out/summary.json"));
  EXPECT_EQ(summary["villages"], 3);
  EXPECT_EQ(summary["road"]["no_access"], 0);
  // The one 0.09° line at 43.605°N: 7.25 km.
  EXPECT_NEAR(summary["graph"]["road_km"].get<double>(), 7.25, 0.05);
}

TEST(Tables, VsiPathsResolveOnlyTheirRelativeArchive) {
  ScratchDir dir;
  const std::string folder = (dir / "").lexically_normal().string();
  const auto roads_of = [&dir](const std::string& source) {
    std::string toml = project("x = \"经度\"\ny = \"纬度\"\n");
    toml.replace(toml.find("\"roads.gpkg\""), 12, "\"" + source + "\"");
    write_text(dir / "p.toml", toml);
    return cli::read_project(dir / "p.toml").roads.source;
  };
  EXPECT_EQ(roads_of("/vsizip/a/roads.zip/r.shp"), "/vsizip/" + folder + "a/roads.zip/r.shp");
  EXPECT_EQ(roads_of("/vsigzip/roads.gpkg.gz"), "/vsigzip/" + folder + "roads.gpkg.gz");
  EXPECT_EQ(roads_of("/vsitar/{roads.tar}/r.shp"), "/vsitar/{" + folder + "roads.tar}/r.shp");
  for (const std::string kept :
       {"/vsizip//data/roads.zip/r.shp", "/vsicurl/https://example.org/roads.gpkg",
        "/vsizip//vsicurl/https://example.org/roads.zip/r.shp"}) {
    EXPECT_EQ(roads_of(kept), kept);
  }
}

std::string project_error(const ScratchDir& dir, const std::string& keys) {
  write_text(dir / "p.toml", project(keys));
  try {
    cli::read_project(dir / "p.toml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Tables, ProjectFileReadsAndChecksOpenOptionsAndXY) {
  ScratchDir dir;
  write_text(dir / "p.toml", project("x = \"经度\"\ny = \"纬度\"\nopen_options = [\"A=1\"]\n"));
  const auto p = cli::read_project(dir / "p.toml");
  EXPECT_EQ(p.villages.x, "经度");
  EXPECT_EQ(p.villages.y, "纬度");
  EXPECT_EQ(p.villages.open_options, std::vector<std::string>{"A=1"});
  std::string m = project_error(dir, "x = \"经度\"\n");
  EXPECT_NE(m.find("[villages] gives only one of x and y"), std::string::npos) << m;
  EXPECT_NE(m.find("line 8"), std::string::npos) << m;
  m = project_error(dir, "open_options = \"X_POSSIBLE_NAMES=经度\"\n");
  EXPECT_NE(m.find("'open_options' in [villages] must be a list"), std::string::npos) << m;
  m = project_error(dir, "open_options = [\"X_POSSIBLE_NAMES\"]\n");
  EXPECT_NE(m.find("must hold KEY=VALUE strings"), std::string::npos) << m;
}

}  // namespace
}  // namespace infracov
