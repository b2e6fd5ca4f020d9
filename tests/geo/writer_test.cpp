#include <gtest/gtest.h>

#include <filesystem>

#include "infracov/geo/error.hpp"
#include "infracov/geo/reader.hpp"
#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov::geo {
namespace {

using test::ScratchDir;
namespace fs = std::filesystem;

// Files and folders directly in `dir`, names only.
std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(DatasetWriter, GeoPackageRoundTripKeepsEveryFieldTypeAndChineseText) {
  ScratchDir dir;
  const auto path = dir / "results.gpkg";
  const GeosContext ctx;
  const Crs crs = Crs::from_user("EPSG:4550");
  {
    DatasetWriter writer(path);
    const std::vector<FieldDef> fields = {{"small", FieldType::kInteger},
                                          {"big", FieldType::kInteger64},
                                          {"length_m", FieldType::kReal},
                                          {"name", FieldType::kString}};
    LayerWriter& points = writer.create_layer("villages", GeometryClass::kPoint, crs, fields);
    points.write({std::int64_t{7}, std::int64_t{9000000000}, 1234.5, std::string("甘旗卡镇")},
                 Point{459229.479, 4762841.21});
    points.write({std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}},
                 Point{460000, 4763000});
    LayerWriter& areas =
        writer.create_layer("areas", GeometryClass::kPolygon, crs, {{"kind", FieldType::kString}});
    // In the zone: the reader refuses a projected layer lying wholly within +-180/+-90 as
    // longitude/latitude declared as metres.
    areas.write({std::string("诊所")},
                Geometry::from_wkt(ctx,
                                   "POLYGON ((459000 4762000, 459010 4762000, 459010 4762010, "
                                   "459000 4762010, 459000 4762000))"));
    LayerWriter& table =
        writer.create_layer("plain", GeometryClass::kAny, Crs(), {{"key", FieldType::kString}});
    table.write({std::string("a")}, Geometry());
    writer.close();
  }
  LayerSpec spec{
      .source = path.string(), .layer = "villages", .fields = {"small", "big", "length_m", "name"}};
  const FeatureTable villages = read_layer(ctx, spec, GeometryClass::kPoint, Crs());
  ASSERT_EQ(villages.features.size(), 2u);
  EXPECT_EQ(villages.source_crs.authority_code(), "EPSG:4550");
  const auto& v = villages.features[0].values;
  EXPECT_EQ(std::get<std::int64_t>(v[0]), 7);
  EXPECT_EQ(std::get<std::int64_t>(v[1]), 9000000000);
  EXPECT_DOUBLE_EQ(std::get<double>(v[2]), 1234.5);
  EXPECT_EQ(std::get<std::string>(v[3]), "甘旗卡镇");
  for (const FieldValue& null_value : villages.features[1].values) {
    EXPECT_TRUE(std::holds_alternative<std::monostate>(null_value));
  }
  EXPECT_EQ(villages.features[0].geometry.points()[0], (Point{459229.479, 4762841.21}));

  spec.layer = "areas";
  spec.fields = {"kind"};
  const FeatureTable areas = read_layer(ctx, spec, GeometryClass::kPolygon, Crs());
  ASSERT_EQ(areas.features.size(), 1u);
  EXPECT_EQ(std::get<std::string>(areas.features[0].values[0]), "诊所");
  EXPECT_EQ(areas.features[0].geometry.type_name(), "MultiPolygon");  // layers are multi-typed
  EXPECT_DOUBLE_EQ(areas.features[0].geometry.area_m2(), 100.0);
}

TEST(DatasetWriter, ManyFeaturesSpanSeveralTransactions) {
  ScratchDir dir;
  const auto path = dir / "many.gpkg";
  {
    DatasetWriter writer(path);
    LayerWriter& roads = writer.create_layer(
        "roads", GeometryClass::kLine, Crs::from_user("EPSG:32651"), {{"i", FieldType::kInteger}});
    for (int i = 0; i < 25000; ++i) {
      const double x = static_cast<double>(i);
      roads.write({std::int64_t{i}}, std::vector<Polyline>{{{x, 0}, {x, 1}}});
    }
    writer.close();
  }
  std::int64_t count = 0;
  std::int64_t sum = 0;
  const ReadReport report =
      read_lines({.source = path.string(), .fields = {"i"}}, Crs(),
                 [&](std::int64_t, std::vector<FieldValue>&& values, std::vector<Polyline>&&) {
                   ++count;
                   sum += std::get<std::int64_t>(values[0]);
                 });
  EXPECT_EQ(count, 25000);
  EXPECT_EQ(sum, std::int64_t{25000} * 24999 / 2);
  EXPECT_EQ(report.features_read, 25000u);
}

TEST(DatasetWriter, UnknownDriverIsAnOutputError) {
  ScratchDir dir;
  EXPECT_THROW(DatasetWriter(dir / "x.foo", "NoSuchDriver"), OutputError);
}

TEST(DatasetWriter, UnwritableFolderIsAnOutputErrorNamingThePath) {
  ScratchDir dir;
  const auto path = dir / "missing-folder" / "x.gpkg";
  try {
    DatasetWriter writer(path);
    FAIL() << "no exception";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

TEST(OutputDirectory, CommitMovesTheStagingFolderIntoPlace) {
  ScratchDir dir;
  const auto out = dir / "out";
  {
    OutputDirectory output(out, OutputDirectory::Mode::kCreate);
    EXPECT_EQ(output.staging().parent_path(), dir.path());
    EXPECT_EQ(output.staging().filename().string().rfind(".out.tmp-", 0), 0u);
    test::write_text(output.file("summary.json"), "{}");
    EXPECT_FALSE(fs::exists(out));  // nothing visible until commit
    output.commit();
  }
  EXPECT_EQ(test::read_text(out / "summary.json"), "{}");
  EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{"out"}));
}

TEST(OutputDirectory, FailedRunLeavesNothingBehind) {
  ScratchDir dir;
  const auto out = dir / "out";
  try {
    OutputDirectory output(out, OutputDirectory::Mode::kCreate);
    test::write_text(output.file("results.gpkg"), "half written");
    throw std::runtime_error("analysis failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(OutputDirectory, ExistingDestinationIsRefusedWithoutOverwrite) {
  ScratchDir dir;
  const auto out = dir / "out";
  fs::create_directories(out);
  test::write_text(out / "old.txt", "old");
  try {
    OutputDirectory output(out, OutputDirectory::Mode::kCreate);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(out.string()), std::string::npos) << message;
    EXPECT_NE(message.find("--overwrite"), std::string::npos) << message;
  }
  EXPECT_EQ(test::read_text(out / "old.txt"), "old");
  EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{"out"}));
}

TEST(OutputDirectory, OverwriteReplacesTheOldFolderOnlyAtCommit) {
  ScratchDir dir;
  const auto out = dir / "out";
  fs::create_directories(out);
  test::write_text(out / "old.txt", "old");
  {
    OutputDirectory output(out, OutputDirectory::Mode::kOverwrite);
    test::write_text(output.file("new.txt"), "new");
    EXPECT_TRUE(fs::exists(out / "old.txt"));
    output.commit();
  }
  EXPECT_EQ(entries(out), (std::vector<std::string>{"new.txt"}));
  EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{"out"}));
}

TEST(OutputDirectory, UpdateStartsFromACopyOfTheExistingFolder) {
  ScratchDir dir;
  const auto out = dir / "out";
  fs::create_directories(out);
  test::write_text(out / "results.txt", "analysis");
  {
    OutputDirectory output(out, OutputDirectory::Mode::kUpdate);
    EXPECT_EQ(test::read_text(output.file("results.txt")), "analysis");
    test::write_text(output.file("results.txt"), "analysis+plan");
    // Abandoned: the original stays untouched.
  }
  EXPECT_EQ(test::read_text(out / "results.txt"), "analysis");
  {
    OutputDirectory output(out, OutputDirectory::Mode::kUpdate);
    test::write_text(output.file("plan.txt"), "plan");
    output.commit();
  }
  EXPECT_EQ(entries(out), (std::vector<std::string>{"plan.txt", "results.txt"}));
}

TEST(OutputDirectory, TrailingSlashNamesTheSameFolder) {
  ScratchDir dir;
  {
    OutputDirectory output(dir.path() / "out/", OutputDirectory::Mode::kCreate);
    output.commit();
  }
  EXPECT_TRUE(fs::is_directory(dir / "out"));
}

}  // namespace
}  // namespace infracov::geo

namespace infracov::geo {
namespace {

TEST(DatasetWriter, OpenForUpdateReplacesOnlyTheNamedLayer) {
  test::ScratchDir dir;
  const auto path = dir / "results.gpkg";
  const Crs crs = Crs::from_user("EPSG:32651");
  {
    DatasetWriter writer(path);
    writer.create_layer("villages", GeometryClass::kPoint, crs, {})
        .write({}, Point{500001, 4760001});
    writer.create_layer("proposed_roads", GeometryClass::kLine, crs, {})
        .write({}, std::vector<Polyline>{{{500000, 4760000}, {500001, 4760001}}});
    writer.close();
  }
  {
    DatasetWriter writer = DatasetWriter::open_for_update(path);
    LayerWriter& roads = writer.create_layer("proposed_roads", GeometryClass::kLine, crs,
                                             {{"length_m", FieldType::kReal}});
    roads.write({2.0}, std::vector<Polyline>{{{500000, 4760000}, {500002, 4760000}}});
    roads.write({3.0}, std::vector<Polyline>{{{500000, 4760000}, {500003, 4760000}}});
    writer.close();
  }
  const GeosContext ctx;
  const FeatureTable roads =
      read_layer(ctx, {.source = path.string(), .layer = "proposed_roads", .fields = {"length_m"}},
                 GeometryClass::kLine, Crs());
  EXPECT_EQ(roads.features.size(), 2u);
  const FeatureTable villages =
      read_layer(ctx, {.source = path.string(), .layer = "villages"}, GeometryClass::kPoint, Crs());
  EXPECT_EQ(villages.features.size(), 1u);
}

TEST(DatasetWriter, OpenForUpdateOfAMissingFileIsAnOutputError) {
  test::ScratchDir dir;
  EXPECT_THROW((void)DatasetWriter::open_for_update(dir / "none.gpkg"), OutputError);
}

}  // namespace
}  // namespace infracov::geo
