#include "gpkg_table.hpp"

#include <sqlite3.h>

#include <stdexcept>

#include "gdal_support.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/writer.hpp"

namespace infracov::geo::detail {

namespace {

// Features per transaction: large enough that SQLite's commit cost vanishes, small enough that a
// transaction's journal stays modest.
constexpr int kBatchFeatures = 10000;

// A connection of our own to a GeoPackage GDAL has closed, closed on every path.
class Connection {
 public:
  explicit Connection(const std::filesystem::path& path) {
    if (sqlite3_open_v2(path.string().c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      fail("opening");
    }
  }
  ~Connection() { sqlite3_close(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool has_table(const char* name) const {
    return sqlite3_table_column_metadata(db_, "main", name, nullptr, nullptr, nullptr, nullptr,
                                         nullptr, nullptr) == SQLITE_OK;
  }
  void exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(what.substr(0, 60) + ": " +
                             (db_ == nullptr ? "out of memory" : sqlite3_errmsg(db_)));
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string real(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

void WriterState::fail(const std::string& what, const std::string& object) const {
  std::string why = detail::gdal_message();
  throw write_failed(what + ": " + (object.empty() ? "" : "'" + object + "' in ") + "'" +
                         path.string() + "'" + (why.empty() ? "" : " (" + why + ")"),
                     path);
}

void WriterState::begin() {
  if (!transactions || in_transaction) return;
  if (dataset->StartTransaction() != OGRERR_NONE) fail("starting a transaction failed", "");
  in_transaction = true;
}

void WriterState::commit() {
  if (!in_transaction) return;
  in_transaction = false;
  pending = 0;
  if (dataset->CommitTransaction() != OGRERR_NONE) fail("committing features failed", "");
}

void WriterState::counted() {
  if (++pending >= kBatchFeatures) commit();
}

std::string WriterState::sql(const std::string& statement, const std::string& object) {
  detail::QuietErrors quiet;
  OGRLayer* result = dataset->ExecuteSQL(statement.c_str(), nullptr, nullptr);
  std::string value;
  if (result != nullptr) {
    OGRFeatureUniquePtr row(result->GetNextFeature());
    if (row && row->GetFieldCount() > 0 && row->IsFieldSetAndNotNull(0)) {
      value = row->GetFieldAsString(0);
    }
    dataset->ReleaseResultSet(result);
  }
  if (CPLGetLastErrorType() >= CE_Failure) fail("preparing the layer failed", object);
  return value;
}

std::unique_ptr<GpkgTable> GpkgTable::start(WriterState& state, OGRLayer* layer,
                                            const std::vector<int>& field_indices) {
  auto t = std::make_unique<GpkgTable>();
  t->table_ = layer->GetName();
  const std::string geometry_column = layer->GetGeometryColumn();
  t->rtree_ = "rtree_" + t->table_ + "_" + geometry_column;
  // Creating the index makes GDAL create the table, which it otherwise defers to the first
  // feature.
  state.sql("SELECT CreateSpatialIndex(" + sql_literal(t->table_) + "," +
                sql_literal(geometry_column) + ")",
            t->table_);
  // Insert triggers are set aside while the rows go in: GDAL's R*-tree one and its feature
  // count one (GDAL >= 3.5 keeps the count in gpkg_ogr_contents by trigger; record() writes it).
  for (const std::string& trigger :
       {t->rtree_ + "_insert", "trigger_insert_feature_count_" + t->table_}) {
    std::string sql = state.sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = " + sql_literal(trigger),
        t->table_);
    if (sql.empty()) continue;
    state.sql("DROP TRIGGER " + sql_identifier(trigger), t->table_);
    t->insert_triggers_.push_back(std::move(sql));
  }
  const std::string bytes = state.sql(
      "SELECT length(data) FROM " + sql_identifier(t->rtree_ + "_node") + " WHERE nodeno = 1",
      t->table_);
  const std::string srs =
      state.sql("SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(" +
                    sql_literal(t->table_) + ")",
                t->table_);
  if (t->insert_triggers_.empty() || bytes.empty() || srs.empty()) {
    state.fail("GDAL wrote no R*-tree or geometry column to fill", t->table_);
  }
  t->node_bytes_ = static_cast<std::size_t>(std::stoul(bytes));
  t->srs_id_ = static_cast<std::int32_t>(std::stol(srs));

  std::vector<std::string> columns;
  for (const int index : field_indices) {
    columns.emplace_back(layer->GetLayerDefn()->GetFieldDefn(index)->GetNameRef());
  }
  // GDAL 3.6 hands out the GeoPackage's own SQLite connection, so the rows go into the same
  // transactions as everything GDAL writes.
  auto* db = static_cast<sqlite3*>(state.dataset->GetInternalHandle("SQLITE_HANDLE"));
  if (db == nullptr) state.fail("GDAL gave no SQLite handle to write rows", t->table_);
  try {
    t->inserter_ = std::make_unique<GpkgRowInserter>(db, t->table_, columns, geometry_column);
  } catch (const std::runtime_error& e) {
    throw OutputError("preparing the layer failed: '" + t->table_ + "' in '" + state.path.string() +
                      "' (" + e.what() + "); this is a bug in infracov");
  }
  return t;
}

void GpkgTable::insert(WriterState& state, const std::vector<FieldValue>& values,
                       const GpkgBlob* geometry) {
  if (!inserter_) {
    throw OutputError("writing a feature failed: '" + table_ + "' in '" + state.path.string() +
                      "' (the layer was marked done); this is a bug in infracov");
  }
  state.begin();
  std::int64_t id = 0;
  try {
    id = inserter_->insert(values, geometry);
  } catch (const std::runtime_error& e) {
    throw write_failed("writing a feature failed: '" + table_ + "' in '" + state.path.string() +
                           "' (" + e.what() + ")",
                       state.path);
  }
  ++rows_;
  // As GDAL's trigger: empty geometries are not indexed.
  if (geometry != nullptr && !geometry->extent.empty) {
    const Extent& e = geometry->extent;
    entries_.push_back({id, e.min_x, e.max_x, e.min_y, e.max_y});
    extent_.add(e);
  }
  state.counted();
}

void GpkgTable::seal(bool background) {
  if (packing_.valid()) return;
  inserter_.reset();  // a prepared statement would keep the table busy
  packing_ = std::async(background ? std::launch::async : std::launch::deferred,
                        [entries = std::move(entries_), node_bytes = node_bytes_]() mutable {
                          return pack_rtree(std::move(entries), node_bytes);
                        });
  release(entries_);
}

void GpkgTable::finish(WriterState& state) {
  seal(false);
  state.commit();
  state.begin();
  auto* db = static_cast<sqlite3*>(state.dataset->GetInternalHandle("SQLITE_HANDLE"));
  if (db == nullptr) state.fail("GDAL gave no SQLite handle to write the spatial index", table_);
  try {
    rtree_fill(db, rtree_, packing_.get());
  } catch (const std::runtime_error& e) {
    throw write_failed("building the spatial index failed: '" + table_ + "' in '" +
                           state.path.string() + "' (" + e.what() + ")",
                       state.path);
  }
  for (const std::string& trigger : insert_triggers_) state.sql(trigger, table_);
  state.commit();
}

void GpkgTable::record(const std::filesystem::path& path,
                       const std::vector<std::unique_ptr<GpkgTable>>& tables) {
  if (tables.empty()) return;
  try {
    Connection db(path);
    const bool counts = db.has_table("gpkg_ogr_contents");  // GDAL may be told not to keep one
    db.exec("BEGIN");
    for (const auto& t : tables) {
      const std::string where = " WHERE lower(table_name) = lower(" + sql_literal(t->table_) + ")";
      if (!t->extent_.empty) {
        db.exec("UPDATE gpkg_contents SET min_x = " + real(t->extent_.min_x) +
                ", min_y = " + real(t->extent_.min_y) + ", max_x = " + real(t->extent_.max_x) +
                ", max_y = " + real(t->extent_.max_y) + where);
      }
      if (counts) {
        db.exec("UPDATE gpkg_ogr_contents SET feature_count = " + std::to_string(t->rows_) + where);
      }
    }
    db.exec("COMMIT");
  } catch (const std::runtime_error& e) {
    throw write_failed(
        "writing the layers' extent failed: '" + path.string() + "' (" + e.what() + ")", path);
  }
}

}  // namespace infracov::geo::detail
