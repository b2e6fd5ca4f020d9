// The facilities_K and boundary layers on the bundled sample (round trip through GDAL, QGIS
// project, map legend), and web-map village coordinates end to end.
#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "cartography.hpp"
#include "infracov/datasets/sample.hpp"
#include "infracov/geo/inspect.hpp"
#include "infracov/geo/reader.hpp"
#include "infracov/geo/webmap_crs.hpp"
#include "infracov/geo/writer.hpp"
#include "project.hpp"
#include "support/test_support.hpp"

namespace infracov {
namespace {

namespace fs = std::filesystem;
using test::run_infracov;
using test::ScratchDir;

// The sample, analyzed once with --map for every test of this suite.
class SampleFacilities : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    figures_ = datasets::write_sample(dir_->path() / "sample");
    const auto run =
        run_infracov("--quiet analyze --config sample/sample.toml --out out --map", dir_->path());
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static fs::path out() { return dir_->path() / "out"; }
  static std::map<std::string, geo::LayerInfo> layers() {
    std::map<std::string, geo::LayerInfo> by_name;
    for (auto& info : geo::inspect_source((out() / "results.gpkg").string(), "", "", false)) {
      by_name[info.name] = std::move(info);
    }
    return by_name;
  }
  static std::vector<std::string> field_names(const geo::LayerInfo& info) {
    std::vector<std::string> names;
    for (const auto& f : info.fields) names.push_back(f.name);
    return names;
  }
  static ScratchDir* dir_;
  static datasets::SampleFigures figures_;
};
ScratchDir* SampleFacilities::dir_ = nullptr;
datasets::SampleFigures SampleFacilities::figures_;

TEST_F(SampleFacilities, EachKindIsALayerWithItsFeaturesAsUsed) {
  const auto by_name = layers();
  ASSERT_TRUE(by_name.count("facilities_clinic"));
  ASSERT_TRUE(by_name.count("facilities_power"));
  ASSERT_TRUE(by_name.count("facilities_water"));
  // After `where standardized = 1`: the standardized clinics only.
  EXPECT_EQ(by_name.at("facilities_clinic").feature_count,
            static_cast<std::int64_t>(figures_.standardized_clinics));
  EXPECT_LT(figures_.standardized_clinics, figures_.clinics);
  EXPECT_EQ(by_name.at("facilities_power").feature_count,
            static_cast<std::int64_t>(figures_.power_lines));
  EXPECT_EQ(by_name.at("facilities_water").feature_count,
            static_cast<std::int64_t>(figures_.water_service_areas));
  EXPECT_EQ(by_name.at("facilities_clinic").geometry_type, "Point");
  EXPECT_EQ(by_name.at("facilities_power").geometry_type, "MultiLineString");
  EXPECT_EQ(by_name.at("facilities_water").geometry_type, "MultiPolygon");
  EXPECT_EQ(field_names(by_name.at("facilities_clinic")),
            (std::vector<std::string>{"id", "access_m", "villages_served"}));
  EXPECT_EQ(field_names(by_name.at("facilities_power")),
            (std::vector<std::string>{"id", "access_m"}));
  // The project's boundary, as it is.
  ASSERT_TRUE(by_name.count("boundary"));
  EXPECT_EQ(by_name.at("boundary").feature_count, 1);
  EXPECT_EQ(field_names(by_name.at("boundary")), (std::vector<std::string>{"code", "name"}));
}

TEST_F(SampleFacilities, VillagesServedSumToTheVillagesWithANearestClinic) {
  const geo::GeosContext ctx;
  geo::LayerSpec spec;
  spec.source = (out() / "results.gpkg").string();
  spec.layer = "facilities_clinic";
  spec.fields = {"id", "access_m", "villages_served"};
  const geo::FeatureTable clinics = geo::read_layer(ctx, spec, geo::GeometryClass::kPoint, {});
  std::int64_t served = 0;
  std::size_t attached = 0;
  std::map<std::string, std::int64_t> served_by_id;
  for (const auto& f : clinics.features) {
    const std::int64_t n = std::get<std::int64_t>(f.values[2]);
    served += n;
    served_by_id[geo::to_string(f.values[0])] = n;
    if (const auto* access = std::get_if<double>(&f.values[1])) {
      ++attached;
      EXPECT_GE(*access, 0.0);
      EXPECT_LE(*access, 2000.0);  // max_access_m of the sample
    } else {
      EXPECT_EQ(n, 0) << "a clinic off the road serves nobody along it";
    }
  }
  EXPECT_GT(attached, 0u);

  spec.layer = "villages";
  spec.fields = {"clinic_nearest"};
  const geo::FeatureTable villages = geo::read_layer(ctx, spec, geo::GeometryClass::kPoint, {});
  std::int64_t with_nearest = 0;
  std::map<std::string, std::int64_t> nearest_count;
  for (const auto& f : villages.features) {
    const std::string nearest = geo::to_string(f.values[0]);
    if (nearest.empty()) continue;
    ++with_nearest;
    ++nearest_count[nearest];
  }
  EXPECT_GT(with_nearest, 0);
  EXPECT_EQ(served, with_nearest);
  for (const auto& [id, count] : nearest_count) EXPECT_EQ(served_by_id[id], count) << id;
}

TEST_F(SampleFacilities, QgisProjectReferencesAndStylesTheNewLayers) {
  tinyxml2::XMLDocument qgs;
  ASSERT_EQ(qgs.LoadFile((out() / "results.qgs").c_str()), tinyxml2::XML_SUCCESS);
  std::vector<std::string> tree;
  for (auto* l = qgs.RootElement()
                     ->FirstChildElement("layer-tree-group")
                     ->FirstChildElement("layer-tree-layer");
       l != nullptr; l = l->NextSiblingElement("layer-tree-layer")) {
    tree.push_back(l->Attribute("name"));
  }
  // The flagged villages' lines to their nearest facilities under the villages, facilities above
  // the roads, the boundary at the bottom.
  EXPECT_EQ(tree, (std::vector<std::string>{
                      "villages", "nearest_facility", "facilities_clinic", "facilities_power",
                      "facilities_water", "facilities_clinic_in_village",
                      "facilities_well_in_village", "facilities_store", "facilities_culture_room",
                      "facilities_telecom", "roads", "service_areas", "boundary"}));
  std::map<std::string, std::string> renderer_xml;
  for (auto* m =
           qgs.RootElement()->FirstChildElement("projectlayers")->FirstChildElement("maplayer");
       m != nullptr; m = m->NextSiblingElement("maplayer")) {
    tinyxml2::XMLPrinter printer;
    m->FirstChildElement("renderer-v2")->Accept(&printer);
    renderer_xml[m->FirstChildElement("layername")->GetText()] = printer.CStr();
  }
  // Ranks by name give each kind its marker: clinic 0 (square); power is a line, water a fill.
  EXPECT_NE(renderer_xml["facilities_clinic"].find("v=\"square\""), std::string::npos);
  EXPECT_NE(renderer_xml["facilities_power"].find("class=\"SimpleLine\""), std::string::npos);
  EXPECT_NE(renderer_xml["facilities_water"].find("class=\"SimpleFill\""), std::string::npos);
  EXPECT_NE(renderer_xml["boundary"].find("class=\"SimpleFill\""), std::string::npos);
}

TEST_F(SampleFacilities, MapLegendListsEachKind) {
  const analysis::Project project = [] {
    analysis::Project p;
    p.villages.source = (dir_->path() / "sample/sample.gpkg").string();
    return p;
  }();
  const cli::Results results =
      cli::read_results(out() / "results.gpkg", cli::find_boundary("", project));
  ASSERT_TRUE(results.boundary.has_value());
  EXPECT_EQ(results.facility_kinds,
            (std::vector<std::string>{"clinic", "clinic_in_village", "culture_room", "power",
                                      "store", "telecom", "water", "well_in_village"}));
  cli::MapOptions options;
  options.page.dpi = 100.0;
  const cli::MapDrawn drawn = cli::draw_results_map(results, dir_->path() / "legend.png", options);
  auto listed = [&](const std::string& text) {
    for (const auto& entry : drawn.legend) {
      if (entry == text) return true;
    }
    return false;
  };
  EXPECT_TRUE(listed("clinic (" + std::to_string(figures_.standardized_clinics) + ")"));
  EXPECT_TRUE(listed("power (" + std::to_string(figures_.power_lines) + ")"));
  EXPECT_TRUE(listed("water (" + std::to_string(figures_.water_service_areas) + ")"));
  EXPECT_TRUE(listed("boundary"));
  // The analyze --map of the same run drew the same page.
  EXPECT_TRUE(fs::exists(out() / "map.png"));
}

TEST(BoundaryKey, NamesALayerRelativeToTheProjectFile) {
  ScratchDir dir;
  datasets::write_sample(dir.path() / "sample");
  std::string text = test::read_text(dir / "sample/sample.toml");
  const auto at = text.find("boundary = \"sample.gpkg:boundary\"");
  ASSERT_NE(at, std::string::npos) << "the sample's project names its boundary";
  const analysis::Project project = cli::read_project(dir / "sample/sample.toml");
  ASSERT_TRUE(project.boundary.has_value());
  EXPECT_EQ(fs::path(project.boundary->source), (dir / "sample/sample.gpkg").lexically_normal());
  EXPECT_EQ(project.boundary->layer, "boundary");

  // A boundary that is not there stops the run before any output, naming the file.
  text.replace(at, std::string("boundary = \"sample.gpkg:boundary\"").size(),
               "boundary = \"outline.geojson\"");
  test::write_text(dir / "sample/missing.toml", text);
  const auto run =
      run_infracov("--quiet analyze --config sample/missing.toml --out out", dir.path());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("outline.geojson"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

// A folder written before facilities_K existed, updated by a plan: its QGIS project names only
// the layers the folder holds.
TEST(PlanUpdate, AnOlderFolderWithoutFacilityLayersGetsNoDanglingQgisLayers) {
  ScratchDir dir;
  ASSERT_EQ(run_infracov("--quiet sample --out sample", dir.path()).exit_code, 0);
  ASSERT_EQ(
      run_infracov("--quiet analyze --config sample/sample.toml --out out", dir.path()).exit_code,
      0);
  {
    geo::DatasetWriter gpkg = geo::DatasetWriter::open_for_update(dir / "out/results.gpkg");
    gpkg.execute_sql("DROP TABLE facilities_power");
    gpkg.close();
  }
  const auto plan =
      run_infracov("--quiet plan roads --config sample/sample.toml --out out", dir.path());
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  const std::string qgs = test::read_text(dir / "out/results.qgs");
  EXPECT_EQ(qgs.find("layername=facilities_power"), std::string::npos);
  EXPECT_NE(qgs.find("layername=facilities_clinic"), std::string::npos);
  EXPECT_NE(qgs.find("layername=proposed_roads"), std::string::npos);
}

// Villages taken from a web map (GCJ-02 longitude/latitude in a CSV) end at the same positions,
// and with the same figures, as the WGS 84 original.
TEST(WebMapVillages, Gcj02VillagesEndWhereTheWgs84OnesDo) {
  ScratchDir dir;
  datasets::write_sample(dir.path() / "sample");
  const geo::GeosContext ctx;
  geo::LayerSpec spec;
  spec.source = (dir.path() / "sample/sample.gpkg").string();
  spec.layer = "villages";
  spec.fields = {"code", "name", "population", "town_name"};
  const geo::FeatureTable lonlat =
      geo::read_layer(ctx, spec, geo::GeometryClass::kPoint, geo::Crs::wgs84());
  std::string csv = "code,name,population,town_name,lon,lat\n";
  for (const auto& f : lonlat.features) {
    const geo::Point gcj = geo::wgs84_to_gcj02(f.geometry.points().at(0));
    char coordinates[96];
    std::snprintf(coordinates, sizeof coordinates, ",%.12f,%.12f\n", gcj.x, gcj.y);
    csv += geo::to_string(f.values[0]) + "," + geo::to_string(f.values[1]) + "," +
           geo::to_string(f.values[2]) + "," + geo::to_string(f.values[3]) + coordinates;
  }
  test::write_text(dir / "sample/villages_gcj02.csv", csv);
  std::string project = test::read_text(dir / "sample/sample.toml");
  const std::string from = "[villages]\nsource = \"sample.gpkg\"\nlayer = \"villages\"\n";
  const auto at = project.find(from);
  ASSERT_NE(at, std::string::npos) << project;
  project.replace(at, from.size(),
                  "[villages]\nsource = \"villages_gcj02.csv\"\nx = \"lon\"\ny = \"lat\"\n"
                  "assume_crs = \"GCJ-02\"\n");
  test::write_text(dir / "sample/gcj02.toml", project);

  const auto base =
      run_infracov("--quiet analyze --config sample/sample.toml --out base", dir.path());
  ASSERT_EQ(base.exit_code, 0) << base.output;
  const auto web = run_infracov("--quiet analyze --config sample/gcj02.toml --out web", dir.path());
  ASSERT_EQ(web.exit_code, 0) << web.output;

  auto positions = [&](const fs::path& gpkg) {
    geo::LayerSpec out;
    out.source = gpkg.string();
    out.layer = "villages";
    out.fields = {"id", "missing"};
    std::map<std::string, std::pair<geo::Point, std::string>> by_id;
    for (const auto& f : geo::read_layer(ctx, out, geo::GeometryClass::kPoint, {}).features) {
      by_id[geo::to_string(f.values[0])] = {f.geometry.points().at(0), geo::to_string(f.values[1])};
    }
    return by_id;
  };
  const auto original = positions(dir / "base/results.gpkg");
  const auto converted = positions(dir / "web/results.gpkg");
  ASSERT_EQ(original.size(), lonlat.features.size());
  ASSERT_EQ(converted.size(), original.size());
  for (const auto& [id, value] : original) {
    const auto& other = converted.at(id);
    // The inverse is exact to 1e-9 degrees (0.1 mm); 12 printed decimals add nothing more.
    EXPECT_NEAR(geo::distance_m(value.first, other.first), 0.0, 0.01) << id;
    EXPECT_EQ(value.second, other.second) << id;
  }
}

}  // namespace
}  // namespace infracov
