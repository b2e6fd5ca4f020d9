// Village lists as offices keep them: a CSV or XLSX table with the headers 编码, 名称, 经度, 纬度
// and no geometry, read as points through GDAL open options (CSV) or through x / y columns (any
// table), and the one-line errors for coordinates that are not numbers.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "infracov/geo/error.hpp"
#include "infracov/geo/reader.hpp"
#include "support/test_support.hpp"

namespace infracov::geo {
namespace {

namespace fs = std::filesystem;
using test::ScratchDir;
using test::write_text;

struct Village {
  const char* code;
  const char* name;
  double lon;
  double lat;
};
const Village kVillages[] = {{"150522100200", "甘旗卡村", 122.3512, 42.9431},
                             {"150522101201", "北甘旗村", 122.4021, 42.9875},
                             {"150522102202", "哈布哈嘎查", 121.9876, 43.1234}};

std::string villages_csv() {
  std::string text = "编码,名称,经度,纬度\n";
  for (const Village& v : kVillages) {
    text += std::string(v.code) + "," + v.name + "," + std::to_string(v.lon) + "," +
            std::to_string(v.lat) + "\n";
  }
  return text;
}

// Writes the list as an XLSX sheet through GDAL's own XLSX driver; with `text_coordinates` the
// coordinates are text cells, as offices often keep them.
void write_xlsx(const fs::path& path, bool text_coordinates) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("XLSX");
  ASSERT_NE(driver, nullptr) << "GDAL has no XLSX driver";
  GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->CreateLayer("村庄", nullptr, wkbNone, nullptr);
  ASSERT_NE(layer, nullptr);
  OGRFieldDefn code("编码", OFTString);
  OGRFieldDefn name("名称", OFTString);
  const OGRFieldType type = text_coordinates ? OFTString : OFTReal;
  OGRFieldDefn lon("经度", type);
  OGRFieldDefn lat("纬度", type);
  for (OGRFieldDefn* f : {&code, &name, &lon, &lat}) ASSERT_EQ(layer->CreateField(f), OGRERR_NONE);
  for (const Village& v : kVillages) {
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("编码", v.code);
    feature.SetField("名称", v.name);
    if (text_coordinates) {
      feature.SetField("经度", std::to_string(v.lon).c_str());
      feature.SetField("纬度", std::to_string(v.lat).c_str());
    } else {
      feature.SetField("经度", v.lon);
      feature.SetField("纬度", v.lat);
    }
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  }
}

LayerSpec village_spec(const fs::path& source) {
  LayerSpec spec;
  spec.source = source.string();
  spec.assume_crs = "EPSG:4490";
  spec.fields = {"编码", "名称"};
  spec.role = "villages";
  return spec;
}

// The three villages, with their codes, names and coordinates (to 1e-9 degrees).
void expect_villages(const FeatureTable& table) {
  ASSERT_EQ(table.features.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const Feature& f = table.features[i];
    EXPECT_EQ(to_string(f.values[0]), kVillages[i].code);
    EXPECT_EQ(to_string(f.values[1]), kVillages[i].name);
    ASSERT_EQ(f.geometry.geometry_class(), GeometryClass::kPoint);
    const Point p = f.geometry.point_on_surface();
    EXPECT_NEAR(p.x, kVillages[i].lon, 1e-9) << kVillages[i].name;
    EXPECT_NEAR(p.y, kVillages[i].lat, 1e-9) << kVillages[i].name;
  }
}

TEST(TablePoints, CsvWithChineseHeadersThroughOpenOptions) {
  ScratchDir dir;
  write_text(dir / "villages.csv", villages_csv());
  LayerSpec spec = village_spec(dir / "villages.csv");
  spec.open_options = {"X_POSSIBLE_NAMES=经度", "Y_POSSIBLE_NAMES=纬度"};
  const GeosContext ctx;
  expect_villages(read_layer(ctx, spec, GeometryClass::kPoint, Crs()));
  // Without them GDAL sees a table with no geometry: refused, naming the layer.
  spec.open_options.clear();
  try {
    read_layer(ctx, spec, GeometryClass::kPoint, Crs());
    ADD_FAILURE() << "a CSV without geometry read as points";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("villages.csv"), std::string::npos) << e.what();
  }
}

TEST(TablePoints, CsvWithChineseHeadersThroughXAndY) {
  ScratchDir dir;
  write_text(dir / "villages.csv", villages_csv());
  LayerSpec spec = village_spec(dir / "villages.csv");
  spec.x = "经度";
  spec.y = "纬度";
  const GeosContext ctx;
  expect_villages(read_layer(ctx, spec, GeometryClass::kPoint, Crs()));
  // The probe (the auto CRS's extent) sees the same points.
  const LayerProbe probe = probe_layer(spec);
  EXPECT_NEAR(probe.extent_lonlat.min_x, 121.9876, 1e-6);
  EXPECT_NEAR(probe.extent_lonlat.max_y, 43.1234, 1e-6);
  EXPECT_EQ(probe.feature_count, 3);
}

// (Not named Xlsx...: GDAL's /vsizip/ would take the scratch folder "TablePoints.Xlsx..." for
// the archive.)
TEST(TablePoints, SpreadsheetWrittenByGdalThroughXAndY) {
  ScratchDir dir;
  write_xlsx(dir / "villages.xlsx", false);
  LayerSpec spec = village_spec(dir / "villages.xlsx");
  spec.layer = "村庄";
  spec.x = "经度";
  spec.y = "纬度";
  const GeosContext ctx;
  expect_villages(read_layer(ctx, spec, GeometryClass::kPoint, Crs()));
  // Into UTM 51N the points move like any other layer's.
  const FeatureTable utm =
      read_layer(ctx, spec, GeometryClass::kPoint, Crs::from_user("EPSG:32651"));
  ASSERT_EQ(utm.features.size(), 3u);
  EXPECT_GT(utm.features[0].geometry.point_on_surface().y, 4.7e6);
  // Every cell text: GDAL's header detection sees no header row; with x / y it is forced.
  write_xlsx(dir / "text.xlsx", true);
  spec.source = (dir / "text.xlsx").string();
  expect_villages(read_layer(ctx, spec, GeometryClass::kPoint, Crs()));
}

TEST(TablePoints, BadCoordinatesNameFileLayerFeatureAndColumn) {
  ScratchDir dir;
  const GeosContext ctx;
  const auto message = [&](const std::string& row) {
    write_text(dir / "bad.csv", villages_csv() + row);
    LayerSpec spec = village_spec(dir / "bad.csv");
    spec.x = "经度";
    spec.y = "纬度";
    try {
      read_layer(ctx, spec, GeometryClass::kPoint, Crs());
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string m = message("150522103203,新村,东经122度,43.0\n");
  EXPECT_NE(m.find("bad coordinate: feature 4 of layer 'bad' in '" + (dir / "bad.csv").string()),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("for villages, column '经度' holds '东经122度'"), std::string::npos) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  m = message("150522103203,新村,122.5,\n");
  EXPECT_NE(m.find("feature 4"), std::string::npos) << m;
  EXPECT_NE(m.find("column '纬度' is empty"), std::string::npos) << m;
  // A column that is not there lists the ones that are.
  write_text(dir / "v.csv", villages_csv());
  LayerSpec spec = village_spec(dir / "v.csv");
  spec.x = "lon";
  spec.y = "纬度";
  try {
    read_layer(ctx, spec, GeometryClass::kPoint, Crs());
    ADD_FAILURE() << "unknown x column accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown field: 'lon'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("经度"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace infracov::geo
