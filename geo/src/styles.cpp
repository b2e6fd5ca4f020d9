// layer_styles through GDAL's SQLite dialect on the GeoPackage itself, so the table, its rows and
// its gpkg_contents entry are written in the same file GDAL keeps consistent.
#include "infracov/geo/styles.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "gdal_support.hpp"
#include "gpkg_rtree.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::geo {
namespace {

using detail::sql_literal;

// "2026-11-29T12:00:00.123Z": GeoPackage's date-time form, with the milliseconds GDAL expects.
std::string utc_now_millis() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return buffer;
}

class StyleSession {
 public:
  explicit StyleSession(const std::filesystem::path& gpkg) : path_(gpkg) {
    detail::ensure_gdal();
    detail::QuietErrors quiet;
    dataset_.reset(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr,
                                     nullptr, nullptr));
    if (!dataset_) {
      throw InputError("cannot write layer styles: '" + gpkg.string() + "' (" +
                       detail::gdal_message() + "); check it is a writable GeoPackage");
    }
  }

  // Runs one statement; returns the first column of each result row.
  std::vector<std::string> run(const std::string& sql) {
    detail::QuietErrors quiet;
    std::vector<std::string> rows;
    OGRLayer* result = dataset_->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result != nullptr) {
      for (auto& feature : *result) {
        rows.emplace_back(feature->GetFieldCount() > 0 ? feature->GetFieldAsString(0) : "");
      }
      dataset_->ReleaseResultSet(result);
    }
    if (CPLGetLastErrorType() >= CE_Failure) {
      throw OutputError("cannot write layer styles: '" + path_.string() + "' [" +
                        sql.substr(0, 60) + "] (" + detail::gdal_message() +
                        "); check the file is a writable GeoPackage");
    }
    return rows;
  }

  std::string geometry_column(const std::string& layer_name) {
    OGRLayer* layer = dataset_->GetLayerByName(layer_name.c_str());
    if (layer == nullptr) {
      throw InputError("cannot write a layer style: layer '" + layer_name + "' is not in '" +
                       path_.string() + "'; write the layer first");
    }
    return layer->GetGeometryColumn();
  }

  // GDAL's own transaction, so its layer caches stay consistent with what SQLite commits.
  void begin() { check(dataset_->StartTransaction(), "starting a transaction"); }
  void commit() { check(dataset_->CommitTransaction(), "committing"); }
  void rollback() { dataset_->RollbackTransaction(); }

  void close() {
    detail::QuietErrors quiet;
    dataset_.reset();
    if (CPLGetLastErrorType() >= CE_Failure) {
      throw OutputError("cannot write layer styles: closing '" + path_.string() + "' failed (" +
                        detail::gdal_message() + ")");
    }
  }

 private:
  void check(OGRErr err, const std::string& what) {
    if (err != OGRERR_NONE) {
      throw OutputError("cannot write layer styles: " + what + " in '" + path_.string() +
                        "' failed (" + detail::gdal_message() + ")");
    }
  }

  std::filesystem::path path_;
  GDALDatasetUniquePtr dataset_;
};

}  // namespace

void write_layer_styles(const std::filesystem::path& gpkg, const std::vector<LayerStyle>& styles) {
  StyleSession session(gpkg);
  // Geometry columns first: a missing layer must fail before anything is written.
  std::vector<std::string> geometry_columns;
  for (const LayerStyle& style : styles)
    geometry_columns.push_back(session.geometry_column(style.layer));

  const std::string now = utc_now_millis();
  // The same definition QGIS uses when it saves a style into a GeoPackage.
  session.run(
      "CREATE TABLE IF NOT EXISTS layer_styles ("
      "id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), "
      "f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), "
      "styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, "
      "owner TEXT(30), ui TEXT(30), update_time DATETIME DEFAULT "
      "(strftime('%Y-%m-%dT%H:%M:%fZ','now')))");
  if (session.run("SELECT table_name FROM gpkg_contents WHERE table_name = 'layer_styles'")
          .empty()) {
    session.run(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
        "VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS default styles', " +
        sql_literal(now) + ")");
  }
  session.begin();
  try {
    for (std::size_t i = 0; i < styles.size(); ++i) {
      const LayerStyle& s = styles[i];
      session.run("DELETE FROM layer_styles WHERE f_table_name = " + sql_literal(s.layer) +
                  " AND styleName = " + sql_literal(s.name));
      // One default per layer: QGIS takes the first row flagged, so the new one must be alone.
      if (s.use_as_default) {
        session.run("UPDATE layer_styles SET useAsDefault = 0 WHERE f_table_name = " +
                    sql_literal(s.layer));
      }
      session.run(
          "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
          "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, "
          "update_time) VALUES ('', '', " +
          sql_literal(s.layer) + ", " + sql_literal(geometry_columns[i]) + ", " +
          sql_literal(s.name) + ", " + sql_literal(s.qml) + ", " + sql_literal(s.sld) + ", " +
          (s.use_as_default ? "1" : "0") + ", " + sql_literal(s.description) +
          ", 'infracov', NULL, " + sql_literal(now) + ")");
    }
    session.commit();
  } catch (...) {
    session.rollback();
    throw;
  }
  session.close();
}

}  // namespace infracov::geo
