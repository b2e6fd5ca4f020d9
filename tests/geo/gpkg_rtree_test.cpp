// The packed GeoPackage spatial index (geo/src/gpkg_rtree.cpp), checked through the file: SQLite's
// own rtreecheck(), window queries against a brute-force scan, and edits after the fact that
// must keep the index right (the insert trigger is back).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov::geo {
namespace {

using test::ScratchDir;

struct Box {
  double min_x, max_x, min_y, max_y;
};

// Segments with half-metre coordinates below 2^17: exactly representable as floats, so the
// index's float boxes equal the double ones and a window query has one right answer.
std::vector<Box> write_segments(const std::filesystem::path& path, std::size_t count,
                                std::uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> start(0, 200000);
  std::uniform_int_distribution<int> step(-2000, 2000);
  std::vector<Box> boxes;
  DatasetWriter writer(path);
  LayerWriter& layer = writer.create_layer(
      "lines", GeometryClass::kLine, Crs::from_user("EPSG:32651"), {{"n", FieldType::kInteger}});
  for (std::size_t i = 0; i < count; ++i) {
    const Point a{start(random) * 0.5, start(random) * 0.5};
    const Point b{a.x + step(random) * 0.5, a.y + step(random) * 0.5};
    layer.write({static_cast<std::int64_t>(i)}, std::vector<Polyline>{{a, b}});
    boxes.push_back(
        {std::min(a.x, b.x), std::max(a.x, b.x), std::min(a.y, b.y), std::max(a.y, b.y)});
  }
  writer.close();
  return boxes;
}

struct Dataset {
  GDALDatasetUniquePtr ds;
  explicit Dataset(const std::filesystem::path& path, bool update = false)
      : ds(GDALDataset::Open(path.string().c_str(),
                             GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : 0))) {}

  // Every row's first value, as 64-bit integers or text.
  std::vector<std::string> column(const std::string& sql) {
    std::vector<std::string> values;
    OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result == nullptr) return values;
    for (auto& row : *result) values.push_back(row->GetFieldAsString(0));
    ds->ReleaseResultSet(result);
    return values;
  }
  std::vector<std::int64_t> ids_in(double x1, double y1, double x2, double y2) {
    std::vector<std::int64_t> ids;
    for (const std::string& v :
         column("SELECT id FROM rtree_lines_geom WHERE minx <= " + std::to_string(x2) +
                " AND maxx >= " + std::to_string(x1) + " AND miny <= " + std::to_string(y2) +
                " AND maxy >= " + std::to_string(y1) + " ORDER BY id")) {
      ids.push_back(std::stoll(v));
    }
    return ids;
  }
};

TEST(PackedSpatialIndex, SqliteFindsItSoundAndWindowsMatchABruteForceScan) {
  GDALAllRegister();
  // 0 and 1 feature; one full node (51) and one more; a root over 52 leaves; three levels.
  for (std::size_t count : {0u, 1u, 51u, 52u, 2653u, 30000u}) {
    SCOPED_TRACE(count);
    ScratchDir dir;
    const auto path = dir / "index.gpkg";
    const std::vector<Box> boxes =
        write_segments(path, count, 7 + static_cast<std::uint32_t>(count));
    Dataset gpkg(path);
    ASSERT_TRUE(gpkg.ds);
    EXPECT_EQ(gpkg.column("SELECT rtreecheck('rtree_lines_geom')"), std::vector<std::string>{"ok"});
    EXPECT_EQ(gpkg.column("SELECT count(*) FROM rtree_lines_geom"),
              std::vector<std::string>{std::to_string(count)});
    EXPECT_EQ(gpkg.column("SELECT extension_name FROM gpkg_extensions WHERE table_name = 'lines'"),
              std::vector<std::string>{"gpkg_rtree_index"});
    std::mt19937 random(99);
    std::uniform_real_distribution<double> corner(-1000, 101000), size(0, 8000);
    for (int q = 0; q < 40; ++q) {
      const double x1 = corner(random), y1 = corner(random);
      const double x2 = x1 + size(random), y2 = y1 + size(random);
      std::vector<std::int64_t> expected;
      for (std::size_t i = 0; i < boxes.size(); ++i) {
        const Box& b = boxes[i];
        if (b.min_x <= x2 && b.max_x >= x1 && b.min_y <= y2 && b.max_y >= y1) {
          expected.push_back(static_cast<std::int64_t>(i) + 1);  // GDAL's fids start at 1
        }
      }
      EXPECT_EQ(gpkg.ids_in(x1, y1, x2, y2), expected) << "window " << q;
    }
    // GDAL's own spatial filter goes through the index and agrees.
    OGRLayer* layer = gpkg.ds->GetLayerByName("lines");
    layer->SetSpatialFilterRect(20000, 20000, 40000, 40000);
    std::size_t inside = 0;
    for (const Box& b : boxes) {
      inside += b.min_x >= 20000 && b.max_x <= 40000 && b.min_y >= 20000 && b.max_y <= 40000;
    }
    EXPECT_GE(static_cast<std::size_t>(layer->GetFeatureCount()), inside);
  }
}

TEST(PackedSpatialIndex, LaterEditsKeepTheIndexRight) {
  GDALAllRegister();
  ScratchDir dir;
  const auto path = dir / "index.gpkg";
  write_segments(path, 3000, 3);
  {
    Dataset gpkg(path, true);
    ASSERT_TRUE(gpkg.ds);
    OGRLayer* layer = gpkg.ds->GetLayerByName("lines");
    OGRFeature feature(layer->GetLayerDefn());
    OGRMultiLineString lines;
    OGRLineString line;
    line.addPoint(500000, 500000);
    line.addPoint(500010, 500020);
    lines.addGeometry(&line);
    feature.SetGeometry(&lines);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    ASSERT_EQ(layer->DeleteFeature(1), OGRERR_NONE);
  }
  Dataset gpkg(path);
  EXPECT_EQ(gpkg.column("SELECT rtreecheck('rtree_lines_geom')"), std::vector<std::string>{"ok"});
  EXPECT_EQ(gpkg.column("SELECT count(*) FROM rtree_lines_geom"), std::vector<std::string>{"3000"});
  EXPECT_EQ(gpkg.ids_in(499999, 499999, 500001, 500001), std::vector<std::int64_t>{3001});
  EXPECT_TRUE(gpkg.column("SELECT id FROM rtree_lines_geom WHERE id = 1").empty());
}

TEST(PackedSpatialIndex, TheSameFeaturesGiveTheSameFileContent) {
  GDALAllRegister();
  ScratchDir dir;
  write_segments(dir / "a.gpkg", 5000, 11);
  write_segments(dir / "b.gpkg", 5000, 11);
  const std::string nodes = "SELECT group_concat(hex(data), '') FROM rtree_lines_geom_node";
  const std::string rows =
      "SELECT group_concat(rowid || ':' || nodeno) FROM rtree_lines_geom_rowid";
  Dataset a(dir / "a.gpkg"), b(dir / "b.gpkg");
  EXPECT_EQ(a.column(nodes), b.column(nodes));
  EXPECT_EQ(a.column(rows), b.column(rows));
}

TEST(PackedSpatialIndex, ACallerThatAsksForNoIndexGetsNone) {
  GDALAllRegister();
  ScratchDir dir;
  {
    DatasetWriter writer(dir / "plain.gpkg");
    LayerWriter& layer =
        writer.create_layer("lines", GeometryClass::kLine, Crs::from_user("EPSG:32651"),
                            {{"n", FieldType::kInteger}}, {"SPATIAL_INDEX=NO"});
    layer.write({std::int64_t{1}}, std::vector<Polyline>{{{0, 0}, {1, 1}}});
    writer.close();
  }
  Dataset gpkg(dir / "plain.gpkg");
  EXPECT_EQ(gpkg.column("SELECT count(*) FROM sqlite_master WHERE name LIKE 'rtree_%'"),
            std::vector<std::string>{"0"});
}

}  // namespace
}  // namespace infracov::geo
