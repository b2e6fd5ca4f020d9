#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "infracov/geo/error.hpp"
#include "infracov/geo/inspect.hpp"
#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov::geo {
namespace {

using test::ScratchDir;

void write_areas(const ScratchDir& dir) {
  test::write_text(dir / "areas.geojson",
                   R"({"type":"FeatureCollection","features":[
{"type":"Feature","id":1,"properties":{"name":"a","pop":3},"geometry":{"type":"Polygon","coordinates":[[[122,43],[122.2,43.2],[122.2,43],[122,43.2],[122,43]]]}},
{"type":"Feature","id":2,"properties":{"name":"b","pop":4},"geometry":{"type":"Polygon","coordinates":[[[122,43],[123,43],[123,44],[122,43]]]}},
{"type":"Feature","id":3,"properties":{"name":"c","pop":5},"geometry":null},
{"type":"Feature","id":4,"properties":{"name":"d","pop":6},"geometry":{"type":"Polygon","coordinates":[[]]}}
]})");
}

TEST(Inspect, CountsInvalidNullAndEmptyGeometries) {
  ScratchDir dir;
  write_areas(dir);
  const std::vector<LayerInfo> layers = inspect_source((dir / "areas.geojson").string());
  ASSERT_EQ(layers.size(), 1u);
  const LayerInfo& l = layers[0];
  EXPECT_EQ(l.name, "areas");
  EXPECT_EQ(l.driver, "GeoJSON");
  EXPECT_EQ(l.crs_code, "EPSG:4326");
  EXPECT_EQ(l.feature_count, 4);
  EXPECT_EQ(l.geometry_type, "Polygon");
  EXPECT_EQ(l.invalid, 1);
  EXPECT_EQ(l.null_geometries, 1);
  EXPECT_EQ(l.empty_geometries, 1);
  EXPECT_DOUBLE_EQ(l.extent_lonlat.min_x, 122.0);
  EXPECT_DOUBLE_EQ(l.extent_lonlat.max_y, 44.0);
  ASSERT_EQ(l.fields.size(), 2u);
  EXPECT_EQ(l.fields[0].name, "name");
  EXPECT_EQ(l.fields[0].type, "String");
  EXPECT_EQ(l.fields[1].type, "Integer");
}

TEST(Inspect, ProjectedLayerExtentIsInLonLat) {
  ScratchDir dir;
  {
    DatasetWriter writer(dir / "v.gpkg");
    LayerWriter& v =
        writer.create_layer("villages", GeometryClass::kPoint, Crs::from_user("EPSG:4550"), {});
    v.write({}, Point{459229.479031818, 4762841.20959628});
    writer.create_layer("roads", GeometryClass::kLine, Crs::from_user("EPSG:4550"), {});
    writer.close();
  }
  const std::vector<LayerInfo> layers = inspect_source((dir / "v.gpkg").string(), "villages");
  ASSERT_EQ(layers.size(), 1u);
  EXPECT_EQ(layers[0].crs, "CGCS2000 / 3-degree Gauss-Kruger CM 123E");
  EXPECT_EQ(layers[0].crs_code, "EPSG:4550");
  EXPECT_NEAR(layers[0].extent_lonlat.min_x, 122.5, 1e-8);
  EXPECT_NEAR(layers[0].extent_lonlat.min_y, 43.0, 1e-8);
  EXPECT_EQ(inspect_source((dir / "v.gpkg").string()).size(), 2u);
}

TEST(Inspect, TextAndJsonCarryTheSameFacts) {
  ScratchDir dir;
  write_areas(dir);
  const std::vector<LayerInfo> layers = inspect_source((dir / "areas.geojson").string());
  const std::string text = inspect_text(layers);
  EXPECT_NE(text.find("layer areas"), std::string::npos) << text;
  EXPECT_NE(text.find("WGS 84 (EPSG:4326)"), std::string::npos) << text;
  EXPECT_NE(text.find("invalid:    1"), std::string::npos) << text;
  const nlohmann::json doc = nlohmann::json::parse(inspect_json(layers));
  ASSERT_EQ(doc.size(), 1u);
  EXPECT_EQ(doc[0]["crs_code"], "EPSG:4326");
  EXPECT_EQ(doc[0]["feature_count"], 4);
  EXPECT_EQ(doc[0]["null_geometries"], 1);
  EXPECT_EQ(doc[0]["fields"][1]["name"], "pop");
  EXPECT_DOUBLE_EQ(doc[0]["extent_lonlat"][2].get<double>(), 123.0);
}

TEST(Inspect, UnknownLayerListsTheLayersPresent) {
  ScratchDir dir;
  write_areas(dir);
  try {
    (void)inspect_source((dir / "areas.geojson").string(), "roads");
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("layers present: areas"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace infracov::geo
