// Writing layers through any GDAL vector driver that can create datasets.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/table.hpp"
#include "infracov/geo/types.hpp"

namespace infracov::geo {

class LayerWriter;

// What an output driver can do, from GDAL's driver metadata, so callers decide the file layout
// without including GDAL.
struct DriverInfo {
  std::string name;                // GDAL's short name, e.g. "ESRI Shapefile"
  bool multiple_layers = false;    // one dataset holds several layers (GPKG, KML, PostgreSQL)
  std::string extension;           // "shp", "geojson"; "" for a database
  bool database = false;           // a connection string, not a file (PostgreSQL)
  std::size_t max_field_name = 0;  // bytes a field name may hold; 0: no practical limit
};

// The driver named `name` (GDAL's short name, case as GDAL spells it or not). Throws InputError
// listing some writable drivers when GDAL has no vector driver of that name that can create.
DriverInfo driver_info(const std::string& name);

// One output dataset (a GeoPackage by default). Features are written in transactions; close()
// flushes and reports errors (the destructor closes silently).
class DatasetWriter {
 public:
  DatasetWriter(const std::filesystem::path& path, const std::string& driver = "GPKG");
  // Opens a database (a GDAL connection string such as "PG:dbname=plans host=...") to write layers
  // into. Throws OutputError naming the connection when it cannot be opened for writing.
  static DatasetWriter open_database(const std::string& connection);
  // Opens an existing dataset (e.g. a copy made by OutputDirectory::Mode::kUpdate) to add or
  // replace layers in it. Throws OutputError when it cannot be opened for writing.
  static DatasetWriter open_for_update(const std::filesystem::path& path);
  ~DatasetWriter();
  DatasetWriter(const DatasetWriter&) = delete;
  DatasetWriter& operator=(const DatasetWriter&) = delete;
  DatasetWriter(DatasetWriter&&) noexcept;
  DatasetWriter& operator=(DatasetWriter&&) noexcept;

  // geometry kNone-like layers (attributes only) use GeometryClass::kAny with no geometry written.
  // A layer of the same name already in the dataset is deleted first (plans replace their own
  // layers). `options` are GDAL layer creation options, "KEY=VALUE" (e.g. "ENCODING=GBK" for a
  // Shapefile).
  // Geometries are given in `crs`; when `write_crs` is known and differs, each one is transformed
  // to it (traditional GIS axis order) and the layer declares `write_crs`.
  LayerWriter& create_layer(const std::string& name, GeometryClass geometry, const Crs& crs,
                            const std::vector<FieldDef>& fields,
                            const std::vector<std::string>& options = {},
                            const Crs& write_crs = Crs());
  // Threads the writer may use (default 1): with more, a GeoPackage layer marked done() has its
  // spatial index packed on another thread while the next layers are written.
  void set_threads(unsigned threads);
  // Runs SQL on the dataset (e.g. to fill a GeoPackage's layer_styles table).
  void execute_sql(const std::string& sql);
  void close();

 private:
  DatasetWriter() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class LayerWriter {
 public:
  // values parallel to the layer's FieldDefs; a null geometry writes a feature without one.
  virtual void write(const std::vector<FieldValue>& values, const Geometry& geometry) = 0;
  virtual void write(const std::vector<FieldValue>& values, Point point) = 0;
  virtual void write(const std::vector<FieldValue>& values, const std::vector<Polyline>& lines) = 0;
  // No more features for this layer: work that waits for all of them (a GeoPackage's spatial
  // index) may start now. Writing to the layer afterwards is an error.
  virtual void done() {}
  virtual ~LayerWriter() = default;
};

// The error for a write to `file` that failed. When the disk holding `file` has (almost) no room
// left, that is the cause whatever the driver said (SQLite reports a full disk as, say, a table
// that is missing), and the error says so alone; otherwise `message` with the usual advice.
OutputError write_failed(const std::string& message, const std::filesystem::path& file);

// Outputs are written into a temporary folder next to the destination and renamed into place by
// commit(), so a failed run leaves nothing new behind. An existing destination is refused unless
// `overwrite` (it is then replaced at commit time) or `update` (files are copied in, edited and
// put back). An existing destination holding a GeoPackage that another program is writing (an
// SQLite write lock) is refused, at the start and again at commit(), and left as it is.
class OutputDirectory {
 public:
  enum class Mode { kCreate, kOverwrite, kUpdate };
  OutputDirectory(std::filesystem::path destination, Mode mode);
  ~OutputDirectory();  // removes the temporary folder unless committed
  OutputDirectory(const OutputDirectory&) = delete;
  OutputDirectory& operator=(const OutputDirectory&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  std::filesystem::path file(const std::string& name) const { return staging_ / name; }
  void commit();

  // `message` with this process's staging folders named as their destinations: errors name the
  // --out the user gave, not the temporary folder beside it.
  static std::string in_user_terms(std::string message);

 private:
  void refuse_if_written_by_another() const;

  std::filesystem::path destination_;
  std::filesystem::path staging_;
  Mode mode_;
  bool committed_ = false;
};

}  // namespace infracov::geo
