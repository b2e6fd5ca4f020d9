// GeoPackage rows inserted through SQLite (gpkg_rows.hpp) against the same features written by
// GDAL's own GeoPackage driver: every stored value, every geometry blob byte, the spatial index,
// the feature count and the extent must be the same.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <string>
#include <vector>

#include "infracov/geo/error.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov::geo {
namespace {

using test::ScratchDir;

const std::vector<FieldDef> kFields = {{"whole", FieldType::kInteger},
                                       {"big", FieldType::kInteger64},
                                       {"real", FieldType::kReal},
                                       {"text", FieldType::kString}};

// Values of every type, nulls, and values of another type than their field's, which both paths
// must convert alike (a real into an integer field, an integer into a real one, a number into
// text, text into numbers).
std::vector<FieldValue> row(int i) {
  switch (i % 4) {
    case 0:
      return {std::int64_t{i}, std::int64_t{1} << 40, 0.1 * i,
              std::string("嘎查村 ") + char('a' + i)};
    case 1:
      return {std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}};
    case 2:
      return {2.75, std::int64_t{-i}, std::int64_t{7}, std::int64_t{42}};
    default:
      return {std::string("12"), std::string("-3"), std::string("2.5"), 1.25};
  }
}

// The same features into `path`; `gdal` leaves every row to GDAL's driver (a caller choosing the
// spatial index does), otherwise rows go in through SQLite.
void write_layers(const std::filesystem::path& path, bool gdal) {
  const GeosContext ctx;
  const Crs utm = Crs::from_user("EPSG:32651");
  const std::vector<std::string> options =
      gdal ? std::vector<std::string>{"SPATIAL_INDEX=YES"} : std::vector<std::string>{};
  DatasetWriter writer(path);
  writer.set_threads(2);  // the lines' index is packed on another thread once they are done
  LayerWriter& points = writer.create_layer("points", GeometryClass::kPoint, utm, kFields, options);
  for (int i = 0; i < 25; ++i) points.write(row(i), Point{500000.0 + 13.25 * i, 4800000.5 - i});
  points.write(row(3), Geometry());  // no geometry
  LayerWriter& lines = writer.create_layer("lines", GeometryClass::kLine, utm, kFields, options);
  for (int i = 0; i < 25; ++i) {
    std::vector<Polyline> parts{{{1.0 * i, 2.0}, {3.5, 4.0 * i}, {-i * 0.125, 1e6}}};
    if (i % 3 == 0) parts.push_back({{7, 7}, {8, 9}});  // a multi-part line
    lines.write(row(i), parts);
  }
  lines.write(row(0), Geometry::line(ctx, std::vector<Point>{{0, 0}, {5, 5}}));  // single part
  lines.done();
  LayerWriter& areas = writer.create_layer("areas", GeometryClass::kPolygon, utm, kFields, options);
  areas.write(row(0), Geometry::from_wkt(ctx,
                                         "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), "
                                         "(2 2, 2 3, 3 3, 2 2))"));
  areas.write(row(1), Geometry::from_wkt(ctx,
                                         "MULTIPOLYGON (((20 20, 30 20, 30 30, 20 20)), "
                                         "((40 40, 50 40, 50 50, 40 40)))"));
  areas.write(row(2), Geometry());
  writer.close();
}

std::vector<std::string> rows_of(const std::filesystem::path& path, const std::string& sql) {
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.string().c_str(), GDAL_OF_VECTOR));
  std::vector<std::string> out;
  if (!ds) return out;
  OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, "SQLITE");
  if (result == nullptr) return out;
  for (auto& feature : *result) {
    std::string text;
    for (int i = 0; i < feature->GetFieldCount(); ++i) {
      text += std::string(i == 0 ? "" : "|") +
              (feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "NULL");
    }
    out.push_back(text);
  }
  ds->ReleaseResultSet(result);
  return out;
}

TEST(GeoPackageRows, EqualWhatGdalsDriverWrites) {
  GDALAllRegister();
  ScratchDir dir;
  write_layers(dir / "ours.gpkg", false);
  write_layers(dir / "gdal.gpkg", true);
  for (const std::string table : {"points", "lines", "areas"}) {
    SCOPED_TRACE(table);
    // Values with their storage class, so 7 stored as integer differs from 7.0 stored as real.
    const std::string values =
        "SELECT fid, typeof(whole) || ':' || quote(whole), typeof(big) || ':' || quote(big), "
        "typeof(real) || ':' || quote(real), typeof(text) || ':' || quote(text), hex(geom) FROM " +
        table + " ORDER BY fid";
    const auto ours = rows_of(dir / "ours.gpkg", values);
    EXPECT_EQ(ours, rows_of(dir / "gdal.gpkg", values));
    EXPECT_GE(ours.size(), 3u);
    const std::string index =
        "SELECT id, minx, maxx, miny, maxy FROM rtree_" + table + "_geom ORDER BY id";
    EXPECT_EQ(rows_of(dir / "ours.gpkg", index), rows_of(dir / "gdal.gpkg", index));
    const std::string count =
        "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = '" + table + "'";
    EXPECT_EQ(rows_of(dir / "ours.gpkg", count), rows_of(dir / "gdal.gpkg", count));
    // The extent as QGIS and ogrinfo read it: GDAL's own figure, to the micrometre.
    for (const char* bound : {"min_x", "min_y", "max_x", "max_y"}) {
      const std::string sql =
          std::string("SELECT ") + bound + " FROM gpkg_contents WHERE table_name = '" + table + "'";
      const auto a = rows_of(dir / "ours.gpkg", sql);
      const auto b = rows_of(dir / "gdal.gpkg", sql);
      ASSERT_EQ(a.size(), 1u);
      ASSERT_EQ(b.size(), 1u);
      EXPECT_NEAR(std::stod(a[0]), std::stod(b[0]), 1e-6) << bound;
    }
  }
  // Later edits through GDAL keep the count and the index, as on a file GDAL wrote whole.
  {
    GDALDatasetUniquePtr ds(
        GDALDataset::Open((dir / "ours.gpkg").string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName("points");
    OGRFeature feature(layer->GetLayerDefn());
    OGRPoint point(1, 2);
    feature.SetGeometry(&point);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  }
  EXPECT_EQ(rows_of(dir / "ours.gpkg",
                    "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'points'"),
            std::vector<std::string>{"27"});
  EXPECT_EQ(rows_of(dir / "ours.gpkg",
                    "SELECT id FROM rtree_points_geom WHERE minx <= 1.5 AND "
                    "maxx >= 0.5 AND miny <= 2.5 AND maxy >= 1.5"),
            std::vector<std::string>{"27"});
}

TEST(GeoPackageRows, AFeatureAfterDoneIsAnError) {
  ScratchDir dir;
  DatasetWriter writer(dir / "done.gpkg");
  LayerWriter& lines =
      writer.create_layer("lines", GeometryClass::kLine, Crs::from_user("EPSG:32651"), kFields);
  lines.write(row(0), std::vector<Polyline>{{{0, 0}, {1, 1}}});
  lines.done();
  EXPECT_THROW(lines.write(row(1), std::vector<Polyline>{{{0, 0}, {2, 2}}}), OutputError);
  writer.close();
}

}  // namespace
}  // namespace infracov::geo
