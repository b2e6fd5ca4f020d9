#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "infracov/geo/error.hpp"
#include "infracov/geo/reader.hpp"
#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov::geo {
namespace {

using test::ScratchDir;
using test::write_text;

// Runs `f`, expects an InputError, and returns its message for the caller to check.
template <typename F>
std::string input_error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError thrown";
  return {};
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A GeoJSON FeatureCollection (always EPSG:4326) from "Feature" objects' JSON text.
std::string feature_collection(const std::vector<std::string>& features) {
  std::string text = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) text += (i ? "," : "") + features[i];
  return text + "]}";
}

std::string feature(int id, const std::string& properties, const std::string& geometry) {
  return R"({"type":"Feature","id":)" + std::to_string(id) + R"(,"properties":)" + properties +
         R"(,"geometry":)" + geometry + "}";
}

// A GeoPackage with a `villages` point layer in CGCS2000 and a `roads` line layer.
std::filesystem::path write_sample_gpkg(const ScratchDir& dir) {
  const auto path = dir / "sample.gpkg";
  DatasetWriter writer(path);
  const Crs cgcs2000 = Crs::from_user("EPSG:4490");
  LayerWriter& villages = writer.create_layer("villages", GeometryClass::kPoint, cgcs2000,
                                              {{"code", FieldType::kString},
                                               {"name", FieldType::kString},
                                               {"population", FieldType::kInteger}});
  villages.write({std::string("150522100200"), std::string("甘旗卡镇"), std::int64_t{12000}},
                 Point{122.5, 43.0});
  villages.write({std::string("150522100201"), std::string("村二"), std::monostate{}},
                 Point{122.6, 43.1});
  LayerWriter& roads =
      writer.create_layer("roads", GeometryClass::kLine, cgcs2000, {{"class", FieldType::kString}});
  roads.write({std::string("county")}, std::vector<Polyline>{{{122.5, 43.0}, {122.6, 43.1}}});
  writer.close();
  return path;
}

TEST(Reader, GeoPackageCgcs2000PointsAreTransformedToGaussKruger) {
  ScratchDir dir;
  const GeosContext ctx;
  LayerSpec spec{.source = write_sample_gpkg(dir).string(),
                 .layer = "villages",
                 .fields = {"code", "name", "population"},
                 .role = "villages"};
  const FeatureTable table =
      read_layer(ctx, spec, GeometryClass::kPoint, Crs::from_user("EPSG:4550"));
  EXPECT_EQ(table.source_crs.authority_code(), "EPSG:4490");
  ASSERT_EQ(table.features.size(), 2u);
  EXPECT_EQ(table.report.features_read, 2u);
  const Feature& first = table.features[0];
  EXPECT_EQ(std::get<std::string>(first.values[0]), "150522100200");
  EXPECT_EQ(std::get<std::string>(first.values[1]), "甘旗卡镇");
  EXPECT_EQ(std::get<std::int64_t>(first.values[2]), 12000);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(table.features[1].values[2]));
  // Expected values from `echo "122.5 43.0" | gdaltransform -s_srs EPSG:4490 -t_srs EPSG:4550
  // -output_xy` (459229.479031818 4762841.20959628); see crs_test.cpp.
  const std::vector<Point> points = first.geometry.points();
  ASSERT_EQ(points.size(), 1u);
  EXPECT_NEAR(points[0].x, 459229.4790, 0.001);
  EXPECT_NEAR(points[0].y, 4762841.2096, 0.001);
}

TEST(Reader, ShapefileWithGbkNamesReadsBackAsUtf8) {
  ScratchDir dir;
  {
    DatasetWriter writer(dir / "villages.shp", "ESRI Shapefile");
    LayerWriter& layer =
        writer.create_layer("villages", GeometryClass::kPoint, Crs::from_user("EPSG:4490"),
                            {{"name", FieldType::kString}}, {"ENCODING=GBK"});
    layer.write({std::string("甘旗卡镇")}, Point{122.3, 42.9});
    writer.close();
  }
  // The DBF holds GBK bytes: 甘 B8CA 旗 C6EC 卡 BFA8 镇 D5F2.
  EXPECT_TRUE(has(test::read_text(dir / "villages.dbf"), "\xB8\xCA\xC6\xEC\xBF\xA8\xD5\xF2"));
  EXPECT_EQ(test::read_text(dir / "villages.cpg").substr(0, 3), "GBK");
  const GeosContext ctx;
  LayerSpec spec{.source = (dir / "villages.shp").string(), .fields = {"name"}};
  // GDAL reads the .cpg itself...
  const FeatureTable with_cpg = read_layer(ctx, spec, GeometryClass::kPoint, Crs());
  ASSERT_EQ(with_cpg.features.size(), 1u);
  EXPECT_EQ(std::get<std::string>(with_cpg.features[0].values[0]), "甘旗卡镇");
  // ...and without it, the encoding option says what the bytes are.
  std::filesystem::remove(dir / "villages.cpg");
  spec.encoding = "GBK";
  const FeatureTable with_option = read_layer(ctx, spec, GeometryClass::kPoint, Crs());
  EXPECT_EQ(std::get<std::string>(with_option.features[0].values[0]), "甘旗卡镇");
  EXPECT_EQ(with_option.source_crs.authority_code(), "EPSG:4490");
  // The option really reaches GDAL: the wrong encoding gives other text.
  spec.encoding = "ISO-8859-1";
  const FeatureTable wrong = read_layer(ctx, spec, GeometryClass::kPoint, Crs());
  EXPECT_NE(std::get<std::string>(wrong.features[0].values[0]), "甘旗卡镇");
}

TEST(Reader, GeoJsonLinesComeWithTheirFieldsInTheTargetCrs) {
  ScratchDir dir;
  write_text(dir / "roads.geojson",
             feature_collection(
                 {feature(1, R"({"class":"national","lanes":2,"width":7.5})",
                          R"({"type":"LineString","coordinates":[[123,43],[123,43.01]]})")}));
  const GeosContext ctx;
  const LayerSpec spec{.source = (dir / "roads.geojson").string(),
                       .fields = {"class", "lanes", "width"}};
  const FeatureTable table = read_layer(ctx, spec, GeometryClass::kLine, Crs::utm_for(123, 43));
  ASSERT_EQ(table.features.size(), 1u);
  const Feature& road = table.features[0];
  EXPECT_EQ(road.fid, 1);
  EXPECT_EQ(to_string(road.values[0]), "national");
  EXPECT_EQ(std::get<std::int64_t>(road.values[1]), 2);
  EXPECT_DOUBLE_EQ(std::get<double>(road.values[2]), 7.5);
  // Along the central meridian of UTM 51N, 0.01° of latitude at 43°N is 1111.1 m (scale 0.9996).
  EXPECT_NEAR(road.geometry.length_m(), 1110.7, 0.5);
  EXPECT_NEAR(road.geometry.lines()[0][0].x, 500000.0, 1e-6);
}

TEST(Reader, CsvWithWktColumnNeedsAssumeCrs) {
  ScratchDir dir;
  write_text(dir / "clinics.csv",
             "clinic_id,WKT\n"
             "c1,\"POINT (500100 4760000)\"\n"
             "c2,\"POINT (500200 4760500)\"\n");
  const GeosContext ctx;
  LayerSpec spec{
      .source = (dir / "clinics.csv").string(), .fields = {"clinic_id"}, .role = "clinic"};
  const std::string message = input_error_of(
      [&] { read_layer(ctx, spec, GeometryClass::kPoint, Crs::from_user("EPSG:4550")); });
  EXPECT_TRUE(has(message, "no CRS")) << message;
  EXPECT_TRUE(has(message, "assume_crs")) << message;
  EXPECT_TRUE(has(message, "clinics.csv")) << message;
  spec.assume_crs = "EPSG:4550";
  const FeatureTable table =
      read_layer(ctx, spec, GeometryClass::kPoint, Crs::from_user("EPSG:4550"));
  ASSERT_EQ(table.features.size(), 2u);
  EXPECT_EQ(to_string(table.features[1].values[0]), "c2");
  EXPECT_EQ(table.features[1].geometry.points()[0], (Point{500200, 4760500}));
}

TEST(Reader, CsvWithCoordinateColumnsUsesOpenOptions) {
  ScratchDir dir;
  write_text(dir / "wells.csv", "id,lon,lat\n1,122.5,43.0\n2,122.6,43.2\n");
  const GeosContext ctx;
  const LayerSpec spec{.source = (dir / "wells.csv").string(),
                       .assume_crs = "EPSG:4490",
                       .fields = {"id"},
                       .open_options = {"X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat"}};
  const FeatureTable table =
      read_layer(ctx, spec, GeometryClass::kPoint, Crs::from_user("EPSG:4550"));
  ASSERT_EQ(table.features.size(), 2u);
  EXPECT_NEAR(table.features[0].geometry.points()[0].x, 459229.4790, 0.001);
}

TEST(Reader, MissingFileNamesThePath) {
  ScratchDir dir;
  const GeosContext ctx;
  const std::string missing = (dir / "nowhere.gpkg").string();
  const LayerSpec spec{.source = missing, .role = "villages"};
  const std::string message =
      input_error_of([&] { read_layer(ctx, spec, GeometryClass::kPoint, Crs()); });
  EXPECT_TRUE(has(message, "cannot open: '" + missing + "'")) << message;
  EXPECT_TRUE(has(message, "for villages")) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
}

TEST(Reader, UnknownLayerListsTheLayersPresent) {
  ScratchDir dir;
  const GeosContext ctx;
  const LayerSpec spec{
      .source = write_sample_gpkg(dir).string(), .layer = "roadz", .role = "roads"};
  const std::string message =
      input_error_of([&] { read_layer(ctx, spec, GeometryClass::kLine, Crs()); });
  EXPECT_TRUE(has(message, "unknown layer: 'roadz'")) << message;
  EXPECT_TRUE(has(message, "sample.gpkg")) << message;
  EXPECT_TRUE(has(message, "layers present: villages, roads")) << message;
}

TEST(Reader, SeveralLayersWithoutALayerNameListsThem) {
  ScratchDir dir;
  const GeosContext ctx;
  const LayerSpec spec{.source = write_sample_gpkg(dir).string()};
  const std::string message =
      input_error_of([&] { read_layer(ctx, spec, GeometryClass::kLine, Crs()); });
  EXPECT_TRUE(has(message, "has 2 layers")) << message;
  EXPECT_TRUE(has(message, "villages, roads")) << message;
}

TEST(Reader, UnknownFieldListsTheFieldsPresent) {
  ScratchDir dir;
  const GeosContext ctx;
  const LayerSpec spec{.source = write_sample_gpkg(dir).string(),
                       .layer = "villages",
                       .fields = {"code", "nmae"},
                       .role = "villages"};
  const std::string message =
      input_error_of([&] { read_layer(ctx, spec, GeometryClass::kPoint, Crs()); });
  EXPECT_TRUE(has(message, "unknown field: 'nmae'")) << message;
  EXPECT_TRUE(has(message, "[layer villages]")) << message;
  EXPECT_TRUE(has(message, "fields present: code, name, population")) << message;
}

TEST(Reader, InvalidWhereFilterNamesTheFilter) {
  ScratchDir dir;
  const GeosContext ctx;
  const LayerSpec spec{.source = write_sample_gpkg(dir).string(),
                       .layer = "villages",
                       .where = "population = = 3",
                       .role = "villages"};
  const std::string message =
      input_error_of([&] { read_layer(ctx, spec, GeometryClass::kPoint, Crs()); });
  EXPECT_TRUE(has(message, "invalid where filter: 'population = = 3'")) << message;
  EXPECT_TRUE(has(message, "sample.gpkg")) << message;
}

TEST(Reader, WhereFilterSelectsFeatures) {
  ScratchDir dir;
  const GeosContext ctx;
  const LayerSpec spec{.source = write_sample_gpkg(dir).string(),
                       .layer = "villages",
                       .where = "population > 100",
                       .fields = {"code"}};
  const FeatureTable table = read_layer(ctx, spec, GeometryClass::kPoint, Crs());
  ASSERT_EQ(table.features.size(), 1u);
  EXPECT_EQ(to_string(table.features[0].values[0]), "150522100200");
}

TEST(Reader, FilterMatchingNothingIsAnEmptyLayerError) {
  ScratchDir dir;
  const GeosContext ctx;
  const LayerSpec spec{.source = write_sample_gpkg(dir).string(),
                       .layer = "villages",
                       .where = "population > 1000000",
                       .role = "villages"};
  const std::string message =
      input_error_of([&] { read_layer(ctx, spec, GeometryClass::kPoint, Crs()); });
  EXPECT_TRUE(has(message, "empty layer: 'villages'")) << message;
  EXPECT_TRUE(has(message, "population > 1000000")) << message;
}

TEST(Reader, EmptyLayerIsAnError) {
  ScratchDir dir;
  {
    DatasetWriter writer(dir / "empty.gpkg");
    writer.create_layer("clinics", GeometryClass::kPoint, Crs::from_user("EPSG:4550"), {});
    writer.close();
  }
  const GeosContext ctx;
  const LayerSpec spec{.source = (dir / "empty.gpkg").string(), .role = "clinic"};
  const std::string message =
      input_error_of([&] { read_layer(ctx, spec, GeometryClass::kPoint, Crs()); });
  EXPECT_TRUE(has(message, "empty layer: 'clinics' in '")) << message;
  EXPECT_TRUE(has(message, "has no features")) << message;
}

TEST(Reader, LayerOfAnotherGeometryClassNamesTheClassFound) {
  ScratchDir dir;
  write_text(
      dir / "areas.geojson",
      feature_collection(
          {feature(1, "{}", R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})"),
           feature(2, "{}", R"({"type":"Polygon","coordinates":[[[2,0],[3,0],[3,1],[2,0]]]})")}));
  const GeosContext ctx;
  const LayerSpec spec{.source = (dir / "areas.geojson").string(), .role = "roads"};
  const std::string message =
      input_error_of([&] { read_layer(ctx, spec, GeometryClass::kLine, Crs()); });
  EXPECT_TRUE(has(message, "no line features")) << message;
  EXPECT_TRUE(has(message, "holds polygons, not lines")) << message;
  EXPECT_TRUE(has(message, "for roads")) << message;

  // A layer of mixed types has no declared type: it is read, and what it holds is counted.
  write_text(
      dir / "mixed.geojson",
      feature_collection(
          {feature(1, "{}", R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})"),
           feature(2, "{}", R"({"type":"Point","coordinates":[2,0]})")}));
  const LayerSpec mixed{.source = (dir / "mixed.geojson").string(), .role = "roads"};
  const std::string counted =
      input_error_of([&] { read_layer(ctx, mixed, GeometryClass::kLine, Crs()); });
  EXPECT_TRUE(has(counted, "holds 2 Polygon, Point features, not lines")) << counted;
}

TEST(Reader, ALayerOfAnotherClassIsNamedBeforeAMissingField) {
  ScratchDir dir;
  const GeosContext ctx;
  // Declared points (a GeoPackage layer) and untyped points and polygons (GeoJSON), read as lines
  // with a field neither has: the geometry type is the message, not the field.
  const LayerSpec declared{.source = write_sample_gpkg(dir).string(),
                           .layer = "villages",
                           .fields = {"rclass"},
                           .role = "roads"};
  std::string message =
      input_error_of([&] { read_layer(ctx, declared, GeometryClass::kLine, Crs()); });
  EXPECT_TRUE(has(message, "layer 'villages' in '")) << message;
  EXPECT_TRUE(has(message, "holds points, not lines")) << message;
  EXPECT_FALSE(has(message, "rclass")) << message;
  write_text(
      dir / "mixed.geojson",
      feature_collection(
          {feature(1, "{}", R"({"type":"Point","coordinates":[2,0]})"),
           feature(2, "{}", R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})")}));
  const LayerSpec mixed{
      .source = (dir / "mixed.geojson").string(), .fields = {"rclass"}, .role = "roads"};
  message = input_error_of([&] { read_lines(mixed, Crs(), [](auto, auto&&, auto&&) {}); });
  EXPECT_TRUE(has(message, "holds points, polygons, not lines")) << message;
  // Villages may be points or polygons: lines are neither.
  const LayerSpec roads{.source = declared.source, .layer = "roads", .fields = {"code"}};
  ReadOptions options;
  options.usable = {GeometryClass::kPoint, GeometryClass::kPolygon};
  message = input_error_of([&] { read_layer(ctx, roads, GeometryClass::kAny, Crs(), options); });
  EXPECT_TRUE(has(message, "no point or polygon features")) << message;
  EXPECT_TRUE(has(message, "holds lines, not points or polygons")) << message;
}

TEST(Reader, EveryGdalFailureIsInTheOneLineMessage) {
  ScratchDir dir;
  // GDAL reports two failures for a cut-off GeoJSON: the syntax error, then "Failed to read".
  write_text(dir / "cut.geojson",
             R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)");
  const LayerSpec spec{.source = (dir / "cut.geojson").string(), .role = "villages"};
  const std::string message = input_error_of([&] { probe_layer(spec); });
  EXPECT_TRUE(has(message, "cannot open: '" + spec.source + "' for villages (")) << message;
  EXPECT_TRUE(has(message, "; Failed to read GeoJSON data); check")) << message;
  EXPECT_FALSE(has(message, "\n")) << message;
}

TEST(Reader, AllowEmptyGivesAnEmptyTableInsteadOfAnError) {
  ScratchDir dir;
  const GeosContext ctx;
  ReadOptions options;
  options.allow_empty = true;
  const LayerSpec filtered{.source = write_sample_gpkg(dir).string(),
                           .layer = "villages",
                           .where = "population > 1000000"};
  const FeatureTable table = read_layer(ctx, filtered, GeometryClass::kPoint, Crs(), options);
  EXPECT_TRUE(table.features.empty());
  EXPECT_EQ(table.report.layer, "villages");
  // Features of another class only are still an error: the layer is the wrong one.
  const LayerSpec roads{.source = filtered.source, .layer = "roads"};
  const std::string message =
      input_error_of([&] { read_layer(ctx, roads, GeometryClass::kPoint, Crs(), options); });
  EXPECT_TRUE(has(message, "holds lines, not points")) << message;
}

TEST(Reader, StrayFeaturesOfAnotherClassAreSkippedAndCounted) {
  ScratchDir dir;
  write_text(
      dir / "roads.geojson",
      feature_collection(
          {feature(1, "{}", R"({"type":"LineString","coordinates":[[0,0],[0,1]]})"),
           feature(2, "{}", R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})"),
           feature(3, "{}",
                   R"({"type":"MultiLineString","coordinates":[[[1,1],[2,2]],[[3,3],[4,4]]]})"),
           feature(4, "{}", R"({"type":"Point","coordinates":[5,5]})"),
           feature(5, "{}", R"({"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,0]]]})")}));
  const GeosContext ctx;
  const LayerSpec spec{.source = (dir / "roads.geojson").string()};
  const FeatureTable table = read_layer(ctx, spec, GeometryClass::kLine, Crs());
  ASSERT_EQ(table.features.size(), 2u);
  EXPECT_EQ(table.features[1].fid, 3);
  EXPECT_EQ(table.report.wrong_type, 3u);
  EXPECT_EQ(table.report.wrong_type_name, "Polygon, Point");
}

TEST(Reader, InvalidGeometriesAreRepairedAndCounted) {
  ScratchDir dir;
  write_text(
      dir / "areas.geojson",
      feature_collection(
          {feature(1, "{}",
                   R"({"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]})"),
           feature(2, "{}", R"({"type":"Polygon","coordinates":[[[5,5],[6,5],[6,6],[5,5]]]})")}));
  const GeosContext ctx;
  const LayerSpec spec{.source = (dir / "areas.geojson").string(), .assume_crs = "EPSG:4326"};
  const FeatureTable table = read_layer(ctx, spec, GeometryClass::kPolygon, Crs());
  ASSERT_EQ(table.features.size(), 2u);
  EXPECT_EQ(table.report.repaired, 1u);
  EXPECT_TRUE(table.features[0].geometry.is_valid());
  EXPECT_EQ(table.features[0].geometry.type_name(), "MultiPolygon");
  EXPECT_DOUBLE_EQ(table.features[0].geometry.area_m2(), 2.0);  // in degrees²: no target CRS
}

TEST(Reader, NullAndEmptyGeometriesAreSkippedWithTheirFids) {
  ScratchDir dir;
  write_text(
      dir / "roads.geojson",
      feature_collection({feature(3, "{}", R"({"type":"LineString","coordinates":[]})"),
                          feature(4, "{}", "null"),
                          feature(6, "{}", R"({"type":"LineString","coordinates":[[1,2],[3,4]]})"),
                          feature(9, "{}", "null")}));
  const GeosContext ctx;
  const LayerSpec spec{.source = (dir / "roads.geojson").string()};
  const FeatureTable table = read_layer(ctx, spec, GeometryClass::kLine, Crs());
  ASSERT_EQ(table.features.size(), 1u);
  EXPECT_EQ(table.features[0].fid, 6);
  EXPECT_EQ(table.report.null_or_empty, (std::vector<std::int64_t>{3, 4, 9}));
}

TEST(Reader, ReadLinesStreamsEveryPartInTheTargetCrs) {
  ScratchDir dir;
  write_text(
      dir / "roads.geojson",
      feature_collection(
          {feature(
               1, R"({"class":"county"})",
               R"({"type":"MultiLineString","coordinates":[[[123,43],[123,43.01]],[[123,43.02],[123,43.02],[123,43.03]]]})"),
           feature(2, R"({"class":"gravel"})",
                   R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})"),
           feature(3, R"({"class":null})",
                   R"({"type":"LineString","coordinates":[[123,43],[123.01,43]]})")}));
  const LayerSpec spec{.source = (dir / "roads.geojson").string(), .fields = {"class"}};
  std::map<std::int64_t, std::vector<Polyline>> seen;
  std::vector<std::string> classes;
  const ReadReport report = read_lines(
      spec, Crs::utm_for(123, 43),
      [&](std::int64_t fid, std::vector<FieldValue>&& values, std::vector<Polyline>&& parts) {
        classes.push_back(to_string(values[0]));
        seen[fid] = std::move(parts);
      });
  EXPECT_EQ(report.features_read, 2u);
  EXPECT_EQ(report.wrong_type, 1u);
  EXPECT_EQ(classes, (std::vector<std::string>{"county", ""}));
  ASSERT_EQ(seen[1].size(), 2u);
  EXPECT_EQ(seen[1][1].size(), 2u);  // the repeated vertex is dropped
  EXPECT_NEAR(seen[1][0][0].x, 500000.0, 1e-6);
  EXPECT_NEAR(seen[1][0][1].y - seen[1][0][0].y, 1110.7, 0.5);
}

TEST(Reader, ProbeReportsCrsAndLonLatExtent) {
  ScratchDir dir;
  const LayerSpec spec{.source = write_sample_gpkg(dir).string(), .layer = "villages"};
  const LayerProbe probe = probe_layer(spec);
  EXPECT_EQ(probe.crs.authority_code(), "EPSG:4490");
  EXPECT_EQ(probe.feature_count, 2);
  EXPECT_DOUBLE_EQ(probe.extent_lonlat.min_x, 122.5);
  EXPECT_NEAR(probe.extent_lonlat.max_y, 43.1, 1e-9);
}

// The Debian package python-osmnx-doc ships a small real OpenStreetMap extract.
TEST(Reader, OpenStreetMapHighwaysAreCountedLikeTheXml) {
  const std::string osm =
      "/usr/share/doc/python-osmnx-doc/examples/tests/input_data/"
      "planet_10.068,48.135_10.071,48.137.osm";
  if (!std::filesystem::exists(osm)) GTEST_SKIP() << "python-osmnx-doc is not installed";
  // Counted independently with Python's XML parser:
  //   python3 -c "import xml.etree.ElementTree as E,sys; r=E.parse(sys.argv[1]).getroot();
  //     print(sum(1 for w in r.iter('way') if any(t.get('k')=='highway' for t in w.iter('tag'))
  //     and len(list(w.iter('nd')))>=2))" FILE
  // 19 ways carry a highway tag; 5 of them keep a single node in this clipped extract and are no
  // line, leaving 14.
  const GeosContext ctx;
  const LayerSpec spec{.source = osm,
                       .layer = "lines",
                       .where = "highway IS NOT NULL",
                       .fields = {"highway", "name"},
                       .role = "roads"};
  const FeatureTable table =
      read_layer(ctx, spec, GeometryClass::kLine, Crs::utm_for(10.07, 48.136));
  EXPECT_EQ(table.features.size(), 14u);
  EXPECT_EQ(table.source_crs.authority_code(), "EPSG:4326");
  for (const Feature& f : table.features) EXPECT_FALSE(to_string(f.values[0]).empty());
  // Everything lies inside the extract's bounding box, now in UTM 32N metres.
  for (const Feature& f : table.features) {
    const Envelope e = f.geometry.envelope();
    EXPECT_GT(e.min_x, 500000.0 + 0.0) << f.fid;  // east of 9°E
    EXPECT_LT(e.max_x, 700000.0) << f.fid;
  }
}

TEST(FieldValue, ToStringIsShortestRoundTrip) {
  EXPECT_EQ(to_string(FieldValue{}), "");
  EXPECT_EQ(to_string(FieldValue{std::int64_t{-42}}), "-42");
  EXPECT_EQ(to_string(FieldValue{0.1}), "0.1");
  EXPECT_EQ(to_string(FieldValue{std::string("镇")}), "镇");
}

}  // namespace
}  // namespace infracov::geo

namespace infracov::geo {
namespace {

TEST(Reader, PolygonCollapsedByRepairIsSkippedWithItsFid) {
  test::ScratchDir dir;
  // A ring of three points has no area: make-valid turns it into a line, which is no polygon.
  // The CSV driver numbers features from 1. Inside EPSG:4550's zone: a layer wholly within 180 m
  // of the CRS's origin is refused as longitude/latitude declared as metres.
  test::write_text(dir / "areas.csv",
                   "id,WKT\n1,\"POLYGON ((500000 4760000,500001 4760000,500001 4760001,"
                   "500000 4760000))\"\n2,\"POLYGON ((500000 4760000,500001 4760000,"
                   "500000 4760000))\"\n");
  const GeosContext ctx;
  const FeatureTable table = read_layer(
      ctx, {.source = (dir / "areas.csv").string(), .assume_crs = "EPSG:4550", .role = "water"},
      GeometryClass::kPolygon, Crs());
  ASSERT_EQ(table.features.size(), 1u);
  EXPECT_EQ(table.features[0].fid, 1);
  EXPECT_EQ(table.report.repaired, 1u);
  EXPECT_EQ(table.report.null_or_empty, (std::vector<std::int64_t>{2}));
}

}  // namespace
}  // namespace infracov::geo
