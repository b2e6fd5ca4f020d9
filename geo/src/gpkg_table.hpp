// The state a DatasetWriter shares with its layers, and the GeoPackage tables it fills itself:
// rows through SQLite's prepared statements (gpkg_rows.hpp) and a spatial index packed once all
// rows are in (gpkg_rtree.hpp).
#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "gpkg_rows.hpp"
#include "gpkg_rtree.hpp"
#include "infracov/geo/table.hpp"

namespace infracov::geo {
class LayerWriter;
}

namespace infracov::geo::detail {

// The dataset and its open transaction, shared by the DatasetWriter and its LayerWriters.
struct WriterState {
  std::filesystem::path path;
  GDALDatasetUniquePtr dataset;
  std::vector<std::unique_ptr<LayerWriter>> layers;
  bool transactions = false;
  bool in_transaction = false;
  int pending = 0;
  unsigned threads = 1;  // more: finished layers' indexes are packed on another thread

  [[noreturn]] void fail(const std::string& what, const std::string& object) const;
  void begin();
  void commit();
  // Called after each feature: closes the batch when it is full.
  void counted();
  // Runs one statement; a SELECT's first value of its first row comes back as text ("" if none).
  std::string sql(const std::string& statement, const std::string& object);
};

// A GeoPackage layer GDAL created (table, columns, CRS, metadata, an empty R*-tree) whose rows
// are inserted here. GDAL's insert triggers (R*-tree, feature count) are set aside while rows go
// in, so no row is indexed or counted one at a time, and put back afterwards, so later edits (in
// QGIS, say) keep the index and the count right. As GDAL never saw the rows, the table's extent and
// feature count in gpkg_contents and gpkg_ogr_contents are written here too, after GDAL has closed
// the file.
class GpkgTable {
 public:
  // `field_indices`: the layer field of each value a row will carry, in order.
  static std::unique_ptr<GpkgTable> start(WriterState& state, OGRLayer* layer,
                                          const std::vector<int>& field_indices);
  const std::string& table() const { return table_; }
  std::int32_t srs_id() const { return srs_id_; }

  // One row; `geometry` null for none. Runs inside the writer's batched transactions.
  void insert(WriterState& state, const std::vector<FieldValue>& values, const GpkgBlob* geometry);
  // No more rows: the index is packed from here on, on another thread when `background`.
  void seal(bool background);
  // Writes the packed index and puts GDAL's triggers back (sealing first if need be).
  void finish(WriterState& state);
  // After GDAL closed the file: the extent and feature count, on a connection of its own.
  static void record(const std::filesystem::path& path,
                     const std::vector<std::unique_ptr<GpkgTable>>& tables);

 private:
  std::string table_;
  std::string rtree_;                         // rtree_<table>_<geometry column>
  std::vector<std::string> insert_triggers_;  // CREATE TRIGGER statements, as GDAL wrote them
  std::size_t node_bytes_ = 0;
  std::int32_t srs_id_ = 0;
  std::unique_ptr<GpkgRowInserter> inserter_;
  std::vector<RtreeEntry> entries_;
  std::future<PackedRtree> packing_;  // once sealed
  Extent extent_;
  std::int64_t rows_ = 0;
};

}  // namespace infracov::geo::detail
