#include "infracov/geo/inspect.hpp"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gdal_support.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/geometry.hpp"

namespace infracov::geo {

namespace {

// Counts what read_layer would skip or repair, using the same GEOS validity test.
void count_geometries(OGRLayer& layer, LayerInfo& info) {
  const GeosContext ctx;
  layer.ResetReading();
  std::vector<unsigned char> wkb;
  OGRFeatureUniquePtr feature;
  while ((feature.reset(layer.GetNextFeature()), feature)) {
    const OGRGeometry* g = feature->GetGeometryRef();
    if (g == nullptr) {
      ++info.null_geometries;
      continue;
    }
    if (g->IsEmpty()) {
      ++info.empty_geometries;
      continue;
    }
    OGRGeometryUniquePtr linear(g->hasCurveGeometry(TRUE) ? g->getLinearGeometry() : g->clone());
    linear->flattenTo2D();
    wkb.resize(linear->WkbSize());
    if (linear->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
      ++info.invalid;
      continue;
    }
    try {
      const Geometry geometry = Geometry::from_wkb(ctx, wkb);
      if (!geometry.is_valid()) ++info.invalid;
    } catch (const GeometryError&) {
      ++info.invalid;  // GEOS cannot even build it (e.g. a ring with two points)
    }
  }
}

LayerInfo describe(GDALDataset& dataset, OGRLayer& layer, bool check_geometries) {
  LayerInfo info;
  info.name = layer.GetName();
  info.driver = dataset.GetDriver() != nullptr ? dataset.GetDriver()->GetDescription() : "";
  const Crs crs = detail::declared_crs(layer);
  if (crs.known()) {
    info.crs = crs.name();
    info.crs_code = crs.authority_code();
  }
  info.feature_count = static_cast<std::int64_t>(layer.GetFeatureCount(TRUE));
  info.geometry_type = detail::geometry_type_name(layer.GetGeomType());
  if (crs.known()) {
    try {
      info.extent_lonlat = detail::extent_lonlat(layer, crs, detail::data_is_north_first(layer));
    } catch (const CrsError&) {
      // Coordinates outside the CRS's domain: report the rest and leave the extent empty.
    }
  }
  const OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const OGRFieldDefn* field = defn->GetFieldDefn(i);
    info.fields.push_back({field->GetNameRef(), OGRFieldDefn::GetFieldTypeName(field->GetType())});
  }
  if (check_geometries) count_geometries(layer, info);
  return info;
}

std::string format_extent(const Envelope& e) {
  if (e.empty()) return "unknown";
  std::ostringstream out;
  out << std::fixed << std::setprecision(6) << e.min_x << ", " << e.min_y << " .. " << e.max_x
      << ", " << e.max_y;
  return out.str();
}

}  // namespace

std::vector<LayerInfo> inspect_source(const std::string& source, const std::string& layer,
                                      const std::string& encoding, bool check_geometries) {
  LayerSpec spec;
  spec.source = source;
  spec.layer = layer;
  spec.encoding = encoding;
  std::vector<LayerInfo> result;
  if (!layer.empty()) {
    detail::OpenedLayer opened = detail::open_layer(spec);
    result.push_back(describe(*opened.dataset, *opened.layer, check_geometries));
    return result;
  }
  GDALDatasetUniquePtr dataset = detail::open_dataset(spec);
  for (OGRLayer* l : dataset->GetLayers()) {
    result.push_back(describe(*dataset, *l, check_geometries));
  }
  return result;
}

std::string inspect_text(const std::vector<LayerInfo>& layers) {
  std::ostringstream out;
  for (const LayerInfo& l : layers) {
    out << "layer " << l.name << "\n";
    out << "  driver:     " << l.driver << "\n";
    out << "  crs:        " << (l.crs.empty() ? "none (set assume_crs)" : l.crs)
        << (l.crs_code ? " (" + *l.crs_code + ")" : "") << "\n";
    out << "  features:   " << l.feature_count << "\n";
    out << "  geometry:   " << l.geometry_type << "\n";
    out << "  extent:     " << format_extent(l.extent_lonlat) << " (lon/lat)\n";
    out << "  invalid:    " << l.invalid << "\n";
    out << "  null:       " << l.null_geometries << "\n";
    out << "  empty:      " << l.empty_geometries << "\n";
    std::size_t width = 5;
    for (const FieldInfo& f : l.fields) width = std::max(width, f.name.size());
    out << "  fields:     " << (l.fields.empty() ? "none" : "") << "\n";
    for (const FieldInfo& f : l.fields) {
      out << "    " << std::left << std::setw(static_cast<int>(width)) << f.name << "  " << f.type
          << "\n";
    }
  }
  return out.str();
}

std::string inspect_json(const std::vector<LayerInfo>& layers) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::array();
  for (const LayerInfo& l : layers) {
    nlohmann::ordered_json layer;
    layer["name"] = l.name;
    layer["driver"] = l.driver;
    layer["crs"] = l.crs.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(l.crs);
    layer["crs_code"] = l.crs_code ? nlohmann::ordered_json(*l.crs_code) : nullptr;
    layer["feature_count"] = l.feature_count;
    layer["geometry_type"] = l.geometry_type;
    if (l.extent_lonlat.empty()) {
      layer["extent_lonlat"] = nullptr;
    } else {
      layer["extent_lonlat"] = {l.extent_lonlat.min_x, l.extent_lonlat.min_y, l.extent_lonlat.max_x,
                                l.extent_lonlat.max_y};
    }
    layer["invalid"] = l.invalid;
    layer["null_geometries"] = l.null_geometries;
    layer["empty_geometries"] = l.empty_geometries;
    nlohmann::ordered_json fields = nlohmann::ordered_json::array();
    for (const FieldInfo& f : l.fields) fields.push_back({{"name", f.name}, {"type", f.type}});
    layer["fields"] = fields;
    doc.push_back(layer);
  }
  return doc.dump(2);
}

}  // namespace infracov::geo
