#include "infracov/geo/writer.hpp"

#include <geos_c.h>

#include <cpl_string.h>

#include <algorithm>
#include <system_error>

#include "gdal_support.hpp"
#include "geos_support.hpp"
#include "gpkg_rtree.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::geo {

namespace {

// Features per transaction: large enough that SQLite's commit cost vanishes, small enough that a
// transaction's journal stays modest.
constexpr int kBatchFeatures = 10000;

OGRFieldType ogr_type(FieldType t) {
  switch (t) {
    case FieldType::kInteger:
      return OFTInteger;
    case FieldType::kInteger64:
      return OFTInteger64;
    case FieldType::kReal:
      return OFTReal;
    case FieldType::kString:
      break;
  }
  return OFTString;
}

OGRwkbGeometryType layer_type(GeometryClass c) {
  switch (c) {
    case GeometryClass::kPoint:
      return wkbPoint;
    // Multi types hold both single and multi parts, so every feature fits the declared type.
    case GeometryClass::kLine:
      return wkbMultiLineString;
    case GeometryClass::kPolygon:
      return wkbMultiPolygon;
    case GeometryClass::kAny:
      break;
  }
  return wkbNone;
}

OGRGeometryUniquePtr to_ogr(const Geometry& geometry) {
  GEOSContextHandle_t h = geometry.context();
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(h);
  if (writer == nullptr) detail::throw_geos(h, "GEOSWKBWriter_create");
  GEOSWKBWriter_setOutputDimension_r(h, writer, 2);
  std::size_t size = 0;
  unsigned char* wkb = GEOSWKBWriter_write_r(h, writer, geometry.raw(), &size);
  GEOSWKBWriter_destroy_r(h, writer);
  if (wkb == nullptr) detail::throw_geos(h, "GEOSWKBWriter_write");
  OGRGeometry* out = nullptr;
  const OGRErr err = OGRGeometryFactory::createFromWkb(wkb, nullptr, &out, size, wkbVariantIso);
  GEOSFree_r(h, wkb);
  if (err != OGRERR_NONE) {
    throw OutputError("converting a geometry for writing failed (" + detail::gdal_message() + ")");
  }
  return OGRGeometryUniquePtr(out);
}

struct TransformationDeleter {
  void operator()(OGRCoordinateTransformation* ct) const {
    OGRCoordinateTransformation::DestroyCT(ct);
  }
};
using TransformationPtr = std::unique_ptr<OGRCoordinateTransformation, TransformationDeleter>;

// A spatial reference from a Crs, in traditional GIS order: x is easting or longitude, as
// everywhere in infracov. Null when the WKT does not parse.
std::unique_ptr<OGRSpatialReference> to_srs(const Crs& crs) {
  auto srs = std::make_unique<OGRSpatialReference>();
  if (srs->importFromWkt(crs.wkt().c_str()) != OGRERR_NONE) return nullptr;
  srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

DriverInfo driver_info(const std::string& name) {
  detail::ensure_gdal();
  auto writable = [](GDALDriver* d) {
    return d != nullptr && d->GetMetadataItem(GDAL_DCAP_VECTOR) != nullptr &&
           d->GetMetadataItem(GDAL_DCAP_CREATE) != nullptr;
  };
  GDALDriverManager* manager = GetGDALDriverManager();
  GDALDriver* driver = manager->GetDriverByName(name.c_str());
  if (!writable(driver)) {
    std::string known;
    for (int i = 0; i < manager->GetDriverCount(); ++i) {
      GDALDriver* d = manager->GetDriver(i);
      if (!writable(d)) continue;
      known += (known.empty() ? "" : ", ") + std::string(d->GetDescription());
    }
    throw InputError("unknown output format: '" + name +
                     "' (GDAL has no vector driver of that name that can create files); use "
                     "one of: " +
                     known);
  }
  DriverInfo info;
  info.name = driver->GetDescription();
  info.multiple_layers = driver->GetMetadataItem(GDAL_DCAP_MULTIPLE_VECTOR_LAYERS) != nullptr;
  if (const char* one = driver->GetMetadataItem(GDAL_DMD_EXTENSION)) {
    info.extension = lower(one);
  } else if (const char* several = driver->GetMetadataItem(GDAL_DMD_EXTENSIONS)) {
    // Drivers listing several (GeoJSON: "json geojson") give the most specific one last.
    const CPLStringList list(CSLTokenizeString(several));
    if (!list.empty()) info.extension = lower(list[list.size() - 1]);
  }
  info.database = driver->GetMetadataItem(GDAL_DMD_CONNECTION_PREFIX) != nullptr;
  // dBASE field names hold 10 bytes; GDAL would cut them silently, so callers shorten them first.
  if (info.name == "ESRI Shapefile") info.max_field_name = 10;
  return info;
}

namespace detail {

// The dataset and its open transaction, shared by the DatasetWriter and its LayerWriters.
struct WriterState {
  std::filesystem::path path;
  GDALDatasetUniquePtr dataset;
  std::vector<std::unique_ptr<LayerWriter>> layers;
  bool transactions = false;
  bool in_transaction = false;
  int pending = 0;

  [[noreturn]] void fail(const std::string& what, const std::string& object) const {
    std::string why = detail::gdal_message();
    throw OutputError(what + ": '" + object + "' in '" + path.string() + "'" +
                      (why.empty() ? "" : " (" + why + ")") +
                      "; check the disk space and that the folder is writable");
  }

  void begin() {
    if (!transactions || in_transaction) return;
    if (dataset->StartTransaction() != OGRERR_NONE) fail("starting a transaction failed", "");
    in_transaction = true;
  }
  void commit() {
    if (!in_transaction) return;
    in_transaction = false;
    pending = 0;
    if (dataset->CommitTransaction() != OGRERR_NONE) fail("committing features failed", "");
  }
  // Called after each feature: closes the batch when it is full.
  void counted() {
    if (++pending >= kBatchFeatures) commit();
  }

  // Runs one statement; a SELECT's first value of its first row comes back as text ("" if none).
  std::string sql(const std::string& statement, const std::string& object) {
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
    if (CPLGetLastErrorType() >= CE_Failure) fail("building the spatial index failed", object);
    return value;
  }
};

// A GeoPackage layer whose spatial index is packed once all its features are in (gpkg_rtree.hpp).
// GDAL creates the R*-tree, its triggers and its gpkg_extensions row on the still empty table;
// the insert trigger is set aside while features go in, so no row is indexed one at a time, and
// put back after the packed tree is written, so later edits (in QGIS, say) keep the index right.
struct PackedIndex {
  std::string table;
  std::string rtree;           // rtree_<table>_<geometry column>
  std::string insert_trigger;  // its CREATE TRIGGER statement, as GDAL wrote it
  std::size_t node_bytes = 0;
  std::vector<RtreeEntry> entries;

  static std::unique_ptr<PackedIndex> start(WriterState& state, OGRLayer* layer) {
    auto index = std::make_unique<PackedIndex>();
    index->table = layer->GetName();
    index->rtree = "rtree_" + index->table + "_" + layer->GetGeometryColumn();
    state.sql("SELECT CreateSpatialIndex(" + sql_literal(index->table) + "," +
                  sql_literal(layer->GetGeometryColumn()) + ")",
              index->table);
    const std::string trigger = index->rtree + "_insert";
    index->insert_trigger = state.sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = " + sql_literal(trigger),
        index->table);
    const std::string bytes = state.sql(
        "SELECT length(data) FROM " + sql_identifier(index->rtree + "_node") + " WHERE nodeno = 1",
        index->table);
    if (index->insert_trigger.empty() || bytes.empty()) {
      state.fail("GDAL wrote no R*-tree to pack", index->table);
    }
    index->node_bytes = static_cast<std::size_t>(std::stoul(bytes));
    state.sql("DROP TRIGGER " + sql_identifier(trigger), index->table);
    return index;
  }

  void add(std::int64_t id, const OGRGeometry& geometry) {
    if (geometry.IsEmpty()) return;  // as GDAL's trigger: empty geometries are not indexed
    OGREnvelope e;
    geometry.getEnvelope(&e);
    entries.push_back({id, e.MinX, e.MaxX, e.MinY, e.MaxY});
  }

  void finish(WriterState& state) {
    state.commit();
    state.begin();
    // GDAL 3.6 hands out the GeoPackage's own SQLite connection, so the rows go into the same
    // transaction as everything else.
    auto* db = static_cast<sqlite3*>(state.dataset->GetInternalHandle("SQLITE_HANDLE"));
    if (db == nullptr) state.fail("GDAL gave no SQLite handle to write the spatial index", table);
    try {
      rtree_fill(db, rtree, pack_rtree(std::move(entries), node_bytes));
    } catch (const std::runtime_error& e) {
      throw OutputError("building the spatial index failed: '" + table + "' in '" +
                        state.path.string() + "' (" + e.what() +
                        "); check the disk space and that the folder is writable");
    }
    state.sql(insert_trigger, table);
    state.commit();
    entries = {};
  }
};

}  // namespace detail

struct DatasetWriter::Impl : detail::WriterState {
  std::vector<std::unique_ptr<detail::PackedIndex>> indexes;  // GeoPackage layers, by creation
};

namespace {

class GdalLayerWriter final : public LayerWriter {
 public:
  GdalLayerWriter(detail::WriterState& owner, OGRLayer* layer, std::vector<FieldDef> fields,
                  std::vector<int> indices, TransformationPtr transformation,
                  detail::PackedIndex* index)
      : owner_(owner),
        layer_(layer),
        fields_(std::move(fields)),
        indices_(std::move(indices)),
        transformation_(std::move(transformation)),
        index_(index) {}

  void write(const std::vector<FieldValue>& values, const Geometry& geometry) override {
    OGRGeometryUniquePtr g;
    if (!geometry.is_null()) g = to_ogr(geometry);
    put(values, std::move(g));
  }

  void write(const std::vector<FieldValue>& values, Point point) override {
    put(values, OGRGeometryUniquePtr(new OGRPoint(point.x, point.y)));
  }

  void write(const std::vector<FieldValue>& values, const std::vector<Polyline>& lines) override {
    auto multi = std::make_unique<OGRMultiLineString>();
    for (const Polyline& line : lines) {
      auto part = std::make_unique<OGRLineString>();
      part->setNumPoints(static_cast<int>(line.size()), FALSE);
      for (std::size_t i = 0; i < line.size(); ++i) {
        part->setPoint(static_cast<int>(i), line[i].x, line[i].y);
      }
      multi->addGeometryDirectly(part.release());
    }
    put(values, OGRGeometryUniquePtr(multi.release()));
  }

 private:
  void put(const std::vector<FieldValue>& values, OGRGeometryUniquePtr geometry) {
    if (values.size() != fields_.size()) {
      throw OutputError("writing a feature failed: '" + std::string(layer_->GetName()) + "' in '" +
                        owner_.path.string() + "' (" + std::to_string(values.size()) +
                        " values for " + std::to_string(fields_.size()) +
                        " fields); this is a bug in infracov");
    }
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer_->GetLayerDefn()));
    for (std::size_t i = 0; i < values.size(); ++i) {
      const int index = indices_[i];
      const FieldValue& v = values[i];
      if (std::holds_alternative<std::int64_t>(v)) {
        feature->SetField(index, static_cast<GIntBig>(std::get<std::int64_t>(v)));
      } else if (std::holds_alternative<double>(v)) {
        feature->SetField(index, std::get<double>(v));
      } else if (std::holds_alternative<std::string>(v)) {
        feature->SetField(index, std::get<std::string>(v).c_str());
      } else {
        feature->SetFieldNull(index);
      }
    }
    if (geometry && layer_->GetGeomType() != wkbNone) {
      const OGRwkbGeometryType declared = layer_->GetGeomType();
      if (declared == wkbMultiLineString) {
        geometry.reset(OGRGeometryFactory::forceToMultiLineString(geometry.release()));
      } else if (declared == wkbMultiPolygon) {
        geometry.reset(OGRGeometryFactory::forceToMultiPolygon(geometry.release()));
      }
      if (transformation_ && geometry->transform(transformation_.get()) != OGRERR_NONE) {
        owner_.fail("transforming a feature to the output CRS failed", layer_->GetName());
      }
      geometry->assignSpatialReference(layer_->GetSpatialRef());
      feature->SetGeometryDirectly(geometry.release());
    }
    owner_.begin();
    detail::QuietErrors quiet;
    if (layer_->CreateFeature(feature.get()) != OGRERR_NONE) {
      owner_.fail("writing a feature failed", layer_->GetName());
    }
    if (index_ != nullptr && feature->GetGeometryRef() != nullptr) {
      index_->add(feature->GetFID(), *feature->GetGeometryRef());
    }
    owner_.counted();
  }

  detail::WriterState& owner_;
  OGRLayer* layer_;  // owned by the dataset
  std::vector<FieldDef> fields_;
  std::vector<int> indices_;          // each FieldDef's index in the layer, parallel to fields_
  TransformationPtr transformation_;  // null: written in the CRS the features come in
  detail::PackedIndex* index_;        // null: the driver indexes (or not) by itself
};

}  // namespace

DatasetWriter::DatasetWriter(const std::filesystem::path& path, const std::string& driver)
    : impl_(std::make_unique<Impl>()) {
  detail::ensure_gdal();
  impl_->path = path;
  GDALDriver* gdal_driver = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  if (gdal_driver == nullptr || gdal_driver->GetMetadataItem(GDAL_DCAP_VECTOR) == nullptr ||
      gdal_driver->GetMetadataItem(GDAL_DCAP_CREATE) == nullptr) {
    throw OutputError("unknown output driver: '" + driver + "' for '" + path.string() +
                      "' (GDAL has no vector driver of that name that can create files); use "
                      "GPKG, ESRI Shapefile, GeoJSON, CSV or another writable driver");
  }
  detail::QuietErrors quiet;
  impl_->dataset.reset(gdal_driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!impl_->dataset) impl_->fail("creating the output failed", path.filename().string());
  impl_->transactions = impl_->dataset->TestCapability(ODsCTransactions) != 0;
}

DatasetWriter DatasetWriter::open_for_update(const std::filesystem::path& path) {
  detail::ensure_gdal();
  DatasetWriter writer;
  writer.impl_ = std::make_unique<Impl>();
  writer.impl_->path = path;
  detail::QuietErrors quiet;
  writer.impl_->dataset.reset(GDALDataset::Open(
      path.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  if (!writer.impl_->dataset) {
    writer.impl_->fail("opening the output for update failed", path.filename().string());
  }
  writer.impl_->transactions = writer.impl_->dataset->TestCapability(ODsCTransactions) != 0;
  return writer;
}

DatasetWriter DatasetWriter::open_database(const std::string& connection) {
  detail::ensure_gdal();
  DatasetWriter writer;
  writer.impl_ = std::make_unique<Impl>();
  writer.impl_->path = connection;
  detail::QuietErrors quiet;
  writer.impl_->dataset.reset(GDALDataset::Open(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE,
                                                nullptr, nullptr, nullptr));
  if (!writer.impl_->dataset) {
    const std::string why = detail::gdal_message();
    throw OutputError("opening the database for writing failed: '" + connection + "'" +
                      (why.empty() ? "" : " (" + why + ")") +
                      "; check that the server runs, the database exists and the user may "
                      "create tables");
  }
  writer.impl_->transactions = writer.impl_->dataset->TestCapability(ODsCTransactions) != 0;
  return writer;
}

DatasetWriter::~DatasetWriter() {
  if (impl_ == nullptr || !impl_->dataset) return;
  try {
    close();
  } catch (...) {
    // The destructor closes silently; close() is how callers hear about errors.
  }
}

DatasetWriter::DatasetWriter(DatasetWriter&&) noexcept = default;

DatasetWriter& DatasetWriter::operator=(DatasetWriter&& other) noexcept {
  if (this == &other) return *this;
  if (impl_ != nullptr && impl_->dataset) {
    try {
      close();  // commit what this writer holds before taking over the other one
    } catch (...) {
    }
  }
  impl_ = std::move(other.impl_);
  return *this;
}

LayerWriter& DatasetWriter::create_layer(const std::string& name, GeometryClass geometry,
                                         const Crs& crs, const std::vector<FieldDef>& fields,
                                         const std::vector<std::string>& options,
                                         const Crs& write_crs) {
  if (!impl_->dataset)
    throw OutputError("writing to a closed dataset: '" + impl_->path.string() + "'");
  // Schema changes go outside feature batches: some drivers refuse them inside a transaction.
  impl_->commit();
  detail::QuietErrors quiet;
  std::unique_ptr<OGRSpatialReference> srs;
  TransformationPtr transformation;
  if (crs.known() && geometry != GeometryClass::kAny) {
    srs = to_srs(crs);
    if (!srs) impl_->fail("setting the CRS failed", name);
    if (write_crs.known() && !write_crs.same_as(crs)) {
      std::unique_ptr<OGRSpatialReference> target = to_srs(write_crs);
      if (!target) impl_->fail("setting the output CRS failed", name);
      transformation.reset(OGRCreateCoordinateTransformation(srs.get(), target.get()));
      if (!transformation) {
        throw CrsError("no transformation from '" + crs.label() + "' to '" + write_crs.label() +
                       "' for layer '" + name + "' in '" + impl_->path.string() + "' (" +
                       detail::gdal_message() + "); choose another output CRS");
      }
      srs = std::move(target);
    }
  }
  // A database lists a table outside the default schema as "schema.table": only that one is the
  // layer to replace, never a same-named table elsewhere (which may be an input).
  std::string full_name = name;
  for (const std::string& o : options) {
    if (o.rfind("SCHEMA=", 0) == 0 && o.size() > 7) full_name = o.substr(7) + "." + name;
  }
  for (int i = 0; i < impl_->dataset->GetLayerCount(); ++i) {
    if (full_name == impl_->dataset->GetLayer(i)->GetName()) {
      if (impl_->dataset->DeleteLayer(i) != OGRERR_NONE) {
        impl_->fail("replacing the existing layer failed", name);
      }
      std::erase_if(impl_->indexes, [&](const auto& index) { return index->table == full_name; });
      break;
    }
  }
  CPLStringList creation_options;
  bool index_option = false;
  for (const std::string& o : options) {
    creation_options.AddString(o.c_str());
    index_option = index_option || o.rfind("SPATIAL_INDEX=", 0) == 0;
  }
  // GeoPackage layers get a packed spatial index (PackedIndex) unless the caller chose otherwise.
  const bool packed = !index_option && geometry != GeometryClass::kAny &&
                      std::string(impl_->dataset->GetDriver()->GetDescription()) == "GPKG";
  if (packed) creation_options.SetNameValue("SPATIAL_INDEX", "NO");
  OGRLayer* layer = impl_->dataset->CreateLayer(name.c_str(), srs.get(), layer_type(geometry),
                                                creation_options.List());
  if (layer == nullptr) impl_->fail("creating a layer failed", name);
  // Each value goes to the field that holds it, found by name rather than by order: KML layers
  // start with their own Name and Description fields (and take "name" into Name). A driver that
  // respells a name (a Shapefile cutting it to 10 bytes, a database laundering it) has just
  // appended the field, so it is the last one.
  std::vector<int> indices;
  for (const FieldDef& f : fields) {
    OGRFieldDefn defn(f.name.c_str(), ogr_type(f.type));
    if (layer->CreateField(&defn) != OGRERR_NONE) {
      impl_->fail("creating field '" + f.name + "' failed", name);
    }
    int index = layer->GetLayerDefn()->GetFieldIndex(f.name.c_str());
    if (index < 0) index = layer->GetLayerDefn()->GetFieldCount() - 1;
    if (index < 0) impl_->fail("field '" + f.name + "' is missing after creation", name);
    indices.push_back(index);
  }
  detail::PackedIndex* index = nullptr;
  if (packed) {
    impl_->indexes.push_back(detail::PackedIndex::start(*impl_, layer));
    index = impl_->indexes.back().get();
  }
  impl_->layers.push_back(std::make_unique<GdalLayerWriter>(
      *impl_, layer, fields, std::move(indices), std::move(transformation), index));
  return *impl_->layers.back();
}

void DatasetWriter::execute_sql(const std::string& sql) {
  if (!impl_->dataset)
    throw OutputError("writing to a closed dataset: '" + impl_->path.string() + "'");
  impl_->commit();
  detail::QuietErrors quiet;
  OGRLayer* result = impl_->dataset->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result != nullptr) impl_->dataset->ReleaseResultSet(result);
  if (CPLGetLastErrorType() >= CE_Failure) impl_->fail("running SQL failed", sql.substr(0, 60));
}

void DatasetWriter::close() {
  if (!impl_->dataset) return;
  impl_->commit();
  for (auto& index : impl_->indexes) index->finish(*impl_);
  impl_->indexes.clear();
  detail::QuietErrors quiet;
  impl_->dataset->FlushCache(false);
  impl_->layers.clear();
  impl_->dataset.reset();  // GDALClose: writes the last pages
  if (CPLGetLastErrorType() >= CE_Failure) impl_->fail("closing the output failed", "");
}

}  // namespace infracov::geo
