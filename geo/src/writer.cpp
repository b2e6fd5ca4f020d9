#include "infracov/geo/writer.hpp"

#include <geos_c.h>

#include <cpl_string.h>

#include <algorithm>
#include <system_error>

#include "gdal_support.hpp"
#include "geos_support.hpp"
#include "gpkg_table.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::geo {

namespace {

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

struct DatasetWriter::Impl : detail::WriterState {
  std::vector<std::unique_ptr<detail::GpkgTable>> tables;  // GeoPackage layers, by creation
};

namespace {

bool needs_conversion(const FieldValue& v, FieldType type) {
  switch (type) {
    case FieldType::kInteger:
    case FieldType::kInteger64:
      return std::holds_alternative<double>(v) || std::holds_alternative<std::string>(v);
    case FieldType::kReal:
      return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<std::string>(v);
    case FieldType::kString:
      break;
  }
  return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v);
}

// A value of another type than its field's is converted as GDAL's OGRFeature::SetField would.
FieldValue coerced(const FieldValue& v, FieldType type) {
  const bool integer = type == FieldType::kInteger || type == FieldType::kInteger64;
  if (const auto* real = std::get_if<double>(&v); real != nullptr && integer) {
    return static_cast<std::int64_t>(*real);
  }
  if (const auto* whole = std::get_if<std::int64_t>(&v);
      whole != nullptr && type == FieldType::kReal) {
    return static_cast<double>(*whole);
  }
  if (type == FieldType::kString && !std::holds_alternative<std::string>(v) &&
      !std::holds_alternative<std::monostate>(v)) {
    return to_string(v);
  }
  if (const auto* text = std::get_if<std::string>(&v);
      text != nullptr && type != FieldType::kString) {
    if (integer) return static_cast<std::int64_t>(CPLAtoGIntBig(text->c_str()));
    return CPLAtof(text->c_str());
  }
  return v;
}

class GdalLayerWriter final : public LayerWriter {
 public:
  GdalLayerWriter(detail::WriterState& owner, OGRLayer* layer, std::vector<FieldDef> fields,
                  std::vector<int> indices, TransformationPtr transformation,
                  detail::GpkgTable* table)
      : owner_(owner),
        layer_(layer),
        fields_(std::move(fields)),
        indices_(std::move(indices)),
        transformation_(std::move(transformation)),
        table_(table) {}

  void done() override {
    if (table_ != nullptr) table_->seal(owner_.threads > 1);
  }

  void write(const std::vector<FieldValue>& values, const Geometry& geometry) override {
    OGRGeometryUniquePtr g;
    if (!geometry.is_null()) g = to_ogr(geometry);
    put(values, std::move(g));
  }

  void write(const std::vector<FieldValue>& values, Point point) override {
    if (table_ != nullptr && !transformation_) {
      const detail::GpkgBlob blob = detail::gpkg_point(table_->srs_id(), point);
      insert(values, &blob);
      return;
    }
    put(values, OGRGeometryUniquePtr(new OGRPoint(point.x, point.y)));
  }

  void write(const std::vector<FieldValue>& values, const std::vector<Polyline>& lines) override {
    if (table_ != nullptr && !transformation_ && layer_->GetGeomType() == wkbMultiLineString) {
      const detail::GpkgBlob blob = detail::gpkg_multi_line(table_->srs_id(), lines);
      insert(values, &blob);
      return;
    }
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
  void check_count(const std::vector<FieldValue>& values) const {
    if (values.size() == fields_.size()) return;
    throw OutputError("writing a feature failed: '" + std::string(layer_->GetName()) + "' in '" +
                      owner_.path.string() + "' (" + std::to_string(values.size()) +
                      " values for " + std::to_string(fields_.size()) +
                      " fields); this is a bug in infracov");
  }

  // A row of a GeoPackage table filled by GpkgTable, its values converted to the field types.
  void insert(const std::vector<FieldValue>& values, const detail::GpkgBlob* blob) {
    check_count(values);
    bool same_types = true;
    for (std::size_t i = 0; i < values.size() && same_types; ++i) {
      same_types = !needs_conversion(values[i], fields_[i].type);
    }
    if (same_types) {
      table_->insert(owner_, values, blob);
      return;
    }
    std::vector<FieldValue> converted;
    for (std::size_t i = 0; i < values.size(); ++i) {
      converted.push_back(coerced(values[i], fields_[i].type));
    }
    table_->insert(owner_, converted, blob);
  }

  // The geometry as the layer declares it (multi types), in the output CRS.
  OGRGeometryUniquePtr prepared(OGRGeometryUniquePtr geometry) const {
    const OGRwkbGeometryType declared = layer_->GetGeomType();
    if (declared == wkbMultiLineString) {
      geometry.reset(OGRGeometryFactory::forceToMultiLineString(geometry.release()));
    } else if (declared == wkbMultiPolygon) {
      geometry.reset(OGRGeometryFactory::forceToMultiPolygon(geometry.release()));
    }
    if (transformation_ && geometry->transform(transformation_.get()) != OGRERR_NONE) {
      owner_.fail("transforming a feature to the output CRS failed", layer_->GetName());
    }
    return geometry;
  }

  void put(const std::vector<FieldValue>& values, OGRGeometryUniquePtr geometry) {
    if (geometry && layer_->GetGeomType() != wkbNone) geometry = prepared(std::move(geometry));
    if (table_ != nullptr) {
      if (!geometry) {
        insert(values, nullptr);
        return;
      }
      std::string wkb(static_cast<std::size_t>(geometry->WkbSize()), '\0');
      geometry->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso);
      detail::Extent extent;
      if (!geometry->IsEmpty()) {
        OGREnvelope e;
        geometry->getEnvelope(&e);
        extent.add(e.MinX, e.MinY);
        extent.add(e.MaxX, e.MaxY);
      }
      const detail::GpkgBlob blob = detail::gpkg_from_wkb(table_->srs_id(), wkb, extent);
      insert(values, &blob);
      return;
    }
    check_count(values);
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
      geometry->assignSpatialReference(layer_->GetSpatialRef());
      feature->SetGeometryDirectly(geometry.release());
    }
    owner_.begin();
    detail::QuietErrors quiet;
    if (layer_->CreateFeature(feature.get()) != OGRERR_NONE) {
      owner_.fail("writing a feature failed", layer_->GetName());
    }
    owner_.counted();
  }

  detail::WriterState& owner_;
  OGRLayer* layer_;  // owned by the dataset
  std::vector<FieldDef> fields_;
  std::vector<int> indices_;          // each FieldDef's index in the layer, parallel to fields_
  TransformationPtr transformation_;  // null: written in the CRS the features come in
  detail::GpkgTable* table_;          // null: features go in through OGR
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
  // GeoPackages in 16 KiB pages rather than SQLite's 4 KiB: a province's million road rows go in
  // with 20 % less CPU (fewer page splits) and its spatial index in a quarter of the nodes. GDAL
  // runs the pragma before it creates any table; a user's own OGR_SQLITE_PRAGMA wins.
  const CPLConfigOptionSetter page_size("OGR_SQLITE_PRAGMA", "page_size=16384", true);
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
      std::erase_if(impl_->tables, [&](const auto& table) { return table->table() == full_name; });
      break;
    }
  }
  CPLStringList creation_options;
  bool index_option = false;
  for (const std::string& o : options) {
    creation_options.AddString(o.c_str());
    index_option = index_option || o.rfind("SPATIAL_INDEX=", 0) == 0;
  }
  // GeoPackage layers are filled by GpkgTable (rows through SQLite, a packed spatial index)
  // unless the caller chose how to index them.
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
  detail::GpkgTable* table = nullptr;
  if (packed) {
    impl_->tables.push_back(detail::GpkgTable::start(*impl_, layer, indices));
    table = impl_->tables.back().get();
  }
  impl_->layers.push_back(std::make_unique<GdalLayerWriter>(
      *impl_, layer, fields, std::move(indices), std::move(transformation), table));
  return *impl_->layers.back();
}

void DatasetWriter::set_threads(unsigned threads) { impl_->threads = std::max(threads, 1u); }

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
  for (auto& table : impl_->tables) table->finish(*impl_);
  detail::QuietErrors quiet;
  impl_->dataset->FlushCache(false);
  impl_->layers.clear();
  impl_->dataset.reset();  // GDALClose: writes the last pages
  if (CPLGetLastErrorType() >= CE_Failure) impl_->fail("closing the output failed", "");
  detail::GpkgTable::record(impl_->path, impl_->tables);
  impl_->tables.clear();
}

}  // namespace infracov::geo
