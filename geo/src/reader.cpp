#include "infracov/geo/reader.hpp"

#include <cpl_string.h>
#include <geos_c.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>

#include "gdal_support.hpp"
#include "geos_support.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::geo {

using detail::role_suffix;

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

// Calls f(x, y) for every vertex of `g` as stored (before any transform).
template <typename F>
void for_each_xy(const OGRGeometry& g, F&& f) {
  const OGRwkbGeometryType type = wkbFlatten(g.getGeometryType());
  if (type == wkbPoint) {
    f(g.toPoint()->getX(), g.toPoint()->getY());
  } else if (OGR_GT_IsSubClassOf(type, wkbCurve)) {
    if (const auto* simple = dynamic_cast<const OGRSimpleCurve*>(&g)) {
      for (int i = 0; i < simple->getNumPoints(); ++i) f(simple->getX(i), simple->getY(i));
    } else {
      for (const OGRCurve* part : *g.toCompoundCurve()) for_each_xy(*part, f);
    }
  } else if (OGR_GT_IsSubClassOf(type, wkbCurvePolygon)) {
    for (const OGRCurve* ring : *g.toCurvePolygon()) for_each_xy(*ring, f);
  } else if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
    for (const OGRGeometry* part : *g.toGeometryCollection()) for_each_xy(*part, f);
  }
}

// A coordinate as people write it: 500000 and 43.501, never 5e+05.
std::string coordinate_text(double value) {
  std::array<char, 64> buffer{};
  const auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buffer.data(), end) : std::to_string(value);
}

// The zone a Chinese Gauss-Krüger CRS with zone-prefixed eastings (CGCS2000, EPSG:4513-4533 for
// 3-degree zones 25-45, EPSG:4491-4501 for 6-degree zones 13-23) declares; 0 for any other CRS.
int prefixed_gk_zone(const Crs& crs) {
  const std::optional<std::string> code = crs.authority_code();
  if (!code || code->rfind("EPSG:", 0) != 0) return 0;
  int epsg = 0;
  const char* first = code->data() + 5;
  if (std::from_chars(first, code->data() + code->size(), epsg).ec != std::errc()) return 0;
  if (epsg >= 4513 && epsg <= 4533) return epsg - 4488;
  if (epsg >= 4491 && epsg <= 4501) return epsg - 4478;
  return 0;
}

// The prefixed CGCS2000 Gauss-Krüger CRS of `zone` ("" when no such zone).
std::string prefixed_gk_crs(int zone) {
  if (zone >= 25 && zone <= 45) return "EPSG:" + std::to_string(4488 + zone);
  if (zone >= 13 && zone <= 23) return "EPSG:" + std::to_string(4478 + zone);
  return "";
}

// Everything read_layer, read_lines and probe_layer share: the open layer, its fields, its CRS and
// the transform to the target.
struct LayerScan {
  const LayerSpec& spec;
  detail::OpenedLayer opened;
  std::vector<int> field_index;
  int x_index = -1;  // the x and y columns, when the points come from them
  int y_index = -1;
  Crs source_crs;
  bool swap_xy = false;
  // assume_crs = "GCJ-02" or "BD-09": the coordinates are web-map lon/lat, converted to WGS 84
  // (source_crs) before anything else.
  std::optional<WebMapDatum> webmap;
  std::optional<Transform> transform;
  bool allow_empty = false;     // no feature of the expected class: an empty result, not an error
  int gk_zone = 0;              // the zone of a prefixed Gauss-Krüger CRS, else 0
  bool all_look_lonlat = true;  // every vertex read so far lies within +-180, +-90
  bool geographic = false;      // source_crs is longitude/latitude (asked once: PROJ parses WKT)

  // `usable`: the geometry classes of which the layer must hold some (none: any). Checked before
  // the fields, so that a layer of points given as roads is named as such, not by a missing field.
  LayerScan(const LayerSpec& s, const std::vector<GeometryClass>& usable)
      : spec(s), opened(detail::open_layer(s)) {
    OGRLayer& layer = *opened.layer;
    check_geometry_class(usable);
    resolve_fields(usable);
    if (!spec.x.empty() || !spec.y.empty()) {
      x_index = index_of(spec.x, usable);
      y_index = index_of(spec.y, usable);
    }
    source_crs = detail::declared_crs(layer);
    webmap = web_map_datum(spec.assume_crs);
    if (webmap) {
      use_webmap(layer);
    } else if (source_crs.known() && x_index < 0) {
      swap_xy = detail::data_is_north_first(layer);
    } else if (!spec.assume_crs.empty() && !source_crs.known()) {
      source_crs = Crs::from_user(spec.assume_crs, "assume_crs of layer '" + opened.name + "'");
    } else if (!source_crs.known()) {
      throw InputError("no CRS: layer '" + opened.name + "' in '" + spec.source + "'" +
                       role_suffix(spec) +
                       " declares none; add assume_crs (e.g. assume_crs = \"EPSG:4490\") for it "
                       "to the project file");
    }
    gk_zone = prefixed_gk_zone(source_crs);
    geographic = source_crs.is_geographic();
    apply_where();
  }

  std::string location() const { return "'" + opened.name + "' in '" + spec.source; }

  // Web-map coordinates are longitude/latitude whatever the file declares: a GeoJSON or a CSV
  // from AMap says (or is taken to say) WGS 84 while holding GCJ-02. So assume_crs wins over a
  // declared geographic CRS; a declared projected CRS contradicts it and is refused.
  void use_webmap(OGRLayer& layer) {
    const std::string_view name = name_of(*webmap);
    if (source_crs.known() && !source_crs.is_geographic()) {
      throw InputError("conflicting CRS: layer " + location() + "'" + role_suffix(spec) +
                       " declares the projected CRS '" + source_crs.label() +
                       "' but assume_crs = \"" + std::string(name) +
                       "\" says longitude/latitude from a web map; remove "
                       "assume_crs or give the layer's web-map longitude/latitude");
    }
    if (source_crs.known() && x_index < 0) swap_xy = detail::data_is_north_first(layer);
    source_crs = Crs::wgs84();
  }

  // "no line features: layer 'x' in 'y' for roads holds points, not lines; point roads at ...".
  [[noreturn]] void wrong_class(const std::vector<GeometryClass>& usable,
                                const std::string& found) const {
    std::string wanted;
    for (std::size_t i = 0; i < usable.size(); ++i) {
      wanted += (i == 0                   ? ""
                 : i + 1 == usable.size() ? " or "
                                          : ", ") +
                detail::class_name(usable[i]) + "s";
    }
    std::string first = detail::class_name(usable.front());
    for (std::size_t i = 1; i < usable.size(); ++i) first += " or " + detail::class_name(usable[i]);
    throw InputError("no " + first + " features: layer " + location() + "'" + role_suffix(spec) +
                     " holds " + found + ", not " + wanted + "; point " +
                     (spec.role.empty() ? "it" : spec.role) + " at a layer of " + wanted);
  }

  // A layer whose declared type is of another class (a Point layer given as roads) is refused
  // at once; an untyped layer (GEOMETRY, GeoJSON of mixed types) is checked by reading.
  void check_geometry_class(const std::vector<GeometryClass>& usable) const {
    if (usable.empty()) return;
    const OGRwkbGeometryType declared = opened.layer->GetGeomType();
    const GeometryClass found = detail::geometry_class_of(declared);
    if (found == GeometryClass::kAny) return;
    if (std::find(usable.begin(), usable.end(), found) != usable.end()) return;
    wrong_class(usable, detail::class_name(found) + "s");
  }

  // For an untyped layer, before reporting a missing field: does it hold any usable feature? A
  // layer of nothing but other types is named as such (the field would not help).
  void check_classes_read(const std::vector<GeometryClass>& usable) const {
    if (usable.empty()) return;
    OGRLayer& layer = *opened.layer;
    layer.ResetReading();
    std::vector<std::string> found;
    bool any_usable = false;
    for (const auto& feature : layer) {
      const OGRGeometry* g = feature->GetGeometryRef();
      if (g == nullptr || g->IsEmpty()) continue;
      const GeometryClass c = detail::geometry_class_of(g->getGeometryType());
      if (std::find(usable.begin(), usable.end(), c) != usable.end()) {
        any_usable = true;
        break;
      }
      const std::string name = c == GeometryClass::kAny
                                   ? detail::geometry_type_name(g->getGeometryType())
                                   : detail::class_name(c) + "s";
      if (std::find(found.begin(), found.end(), name) == found.end()) found.push_back(name);
    }
    layer.ResetReading();
    if (!any_usable && !found.empty()) wrong_class(usable, joined(found));
  }

  int index_of(const std::string& name, const std::vector<GeometryClass>& usable) const {
    const OGRFeatureDefn* defn = opened.layer->GetLayerDefn();
    const int index = defn->GetFieldIndex(name.c_str());
    if (index < 0) {
      check_classes_read(usable);
      std::vector<std::string> present;
      for (int i = 0; i < defn->GetFieldCount(); ++i) {
        present.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
      }
      throw InputError("unknown field: '" + name + "' in '" + spec.source + "' [layer " +
                       opened.name + "]" + role_suffix(spec) +
                       " (fields present: " + joined(present) + "); use one of them");
    }
    return index;
  }

  void resolve_fields(const std::vector<GeometryClass>& usable) {
    for (const std::string& name : spec.fields) field_index.push_back(index_of(name, usable));
  }

  // One coordinate from its column: a number, or a text that is one (CSV cells are text).
  double coordinate(const OGRFeature& feature, int index, const std::string& column) const {
    std::string text;
    if (feature.IsFieldSetAndNotNull(index)) {
      const OGRFieldType type = feature.GetFieldDefnRef(index)->GetType();
      if (type == OFTReal || type == OFTInteger || type == OFTInteger64) {
        return feature.GetFieldAsDouble(index);
      }
      text = feature.GetFieldAsString(index);
    }
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    const std::string trimmed =
        first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    double value = 0.0;
    const char* end = trimmed.data() + trimmed.size();
    const auto [ptr, ec] = std::from_chars(trimmed.data(), end, value);
    if (trimmed.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
      throw InputError("bad coordinate: feature " + std::to_string(feature.GetFID()) +
                       " of layer " + location() + "'" + role_suffix(spec) + ", column '" + column +
                       "' " + (trimmed.empty() ? "is empty" : "holds '" + text + "'") +
                       "; give a number in every row (e.g. 122.35) or remove the row");
    }
    return value;
  }

  // Coordinates that no transform can make right are refused here, naming the feature, before
  // PROJ turns them into infinities or a place on the other side of the Earth: not a number,
  // beyond longitude/latitude in a geographic CRS (swapped, or projected metres), and eastings
  // whose Gauss-Krüger zone prefix contradicts the declared zone (ECOSYSTEM.md: a common, silent
  // error of Chinese data).
  void check_coordinates(const OGRFeature& feature, const OGRGeometry& geometry) {
    const auto refuse = [&](const std::string& what, const std::string& fix) {
      throw InputError("bad coordinate: feature " + std::to_string(feature.GetFID()) +
                       " of layer " + location() + "'" + role_suffix(spec) + " " + what + "; " +
                       fix);
    };
    const auto pair = [](double a, double b) {
      return "(" + coordinate_text(a) + ", " + coordinate_text(b) + ")";
    };
    const std::string columns =
        x_index < 0 ? "swap them in the data" : "swap the x and y keys of the layer";
    for_each_xy(geometry, [&](double x, double y) {
      if (!std::isfinite(x) || !std::isfinite(y)) {
        refuse("has the coordinates " + pair(x, y) + ", not finite numbers",
               "fix or delete that feature");
      }
      const double east = swap_xy ? y : x;
      const double north = swap_xy ? x : y;
      const bool lonlat = std::abs(east) <= 180.0 && std::abs(north) <= 90.0;
      all_look_lonlat = all_look_lonlat && lonlat;
      if (geographic && !lonlat) {
        if (std::abs(east) <= 90.0 && std::abs(north) <= 180.0) {
          refuse("has longitude " + coordinate_text(east) + " and latitude " +
                     coordinate_text(north) +
                     ", beyond 90 degrees: latitude and longitude look swapped",
                 columns);
        }
        refuse("has the coordinates " + pair(east, north) + ", outside longitude/latitude of " +
                   source_crs.label() + ": they look projected (metres)",
               "give the layer its projected CRS (assume_crs = \"EPSG:4550\" or the one of the "
               "data, when the layer declares none)");
      }
      if (gk_zone != 0) {
        const int prefix = static_cast<int>(std::floor(east / 1e6));
        if (prefix != gk_zone) {
          const std::string right = prefixed_gk_crs(prefix);
          refuse("has the easting " + coordinate_text(east) + ", whose prefix says zone " +
                     std::to_string(prefix) + ", but the layer's CRS " + source_crs.label() +
                     " (its .prj) is the Gauss-Krüger zone " + std::to_string(gk_zone),
                 right.empty() ? "give the layer the CRS its eastings are in"
                               : "give the layer the CRS of zone " + std::to_string(prefix) + " (" +
                                     right + ") or fix its eastings");
        }
      }
    });
  }

  // After every feature: a projected layer all of whose vertices lie within +-180, +-90 holds
  // longitude/latitude under a wrong CRS (a county is never 180 m wide).
  void check_not_lonlat_in_metres() const {
    if (!all_look_lonlat || geographic) return;
    throw InputError("bad coordinates: every feature of layer " + location() + "'" +
                     role_suffix(spec) + " lies within 180 m, 90 m of the origin of its CRS " +
                     source_crs.label() +
                     ": they look like longitude/latitude; declare them as such "
                     "(assume_crs = \"EPSG:4326\" when the layer declares no CRS, else fix its "
                     "CRS)");
  }

  // The feature's geometry: its own, or the point of its x and y columns.
  OGRGeometryUniquePtr geometry_of(OGRFeature& feature) const {
    if (x_index < 0) return OGRGeometryUniquePtr(feature.StealGeometry());
    const double x = coordinate(feature, x_index, spec.x);
    const double y = coordinate(feature, y_index, spec.y);
    return OGRGeometryUniquePtr(new OGRPoint(x, y));
  }

  void apply_where() {
    if (spec.where.empty()) return;
    detail::QuietErrors quiet;
    bool ok = opened.layer->SetAttributeFilter(spec.where.c_str()) == OGRERR_NONE;
    if (ok) {
      // Some drivers (GeoPackage) only parse the filter when reading starts.
      OGRFeatureUniquePtr first(opened.layer->GetNextFeature());
      ok = CPLGetLastErrorType() < CE_Failure;
      opened.layer->ResetReading();
    }
    if (!ok) {
      std::string why = detail::gdal_message();
      if (why.empty()) why = "GDAL rejected the expression";
      throw InputError("invalid where filter: '" + spec.where + "' in '" + spec.source +
                       "' [layer " + opened.name + "]" + role_suffix(spec) + " (" + why +
                       "); fix the OGR SQL expression (e.g. standardized = 1)");
    }
  }

  void prepare_transform(const Crs& target) {
    if (target.known()) transform.emplace(source_crs, target);
  }
  const Transform* transform_ptr() const { return transform ? &*transform : nullptr; }

  // GDAL recodes to UTF-8 only what it knows the encoding of (.cpg, the DBF's language byte, the
  // encoding key); anything else arrives as it is stored, and a GBK shapefile would print as
  // mojibake and write invalid text into every output.
  [[noreturn]] void not_utf8(const OGRFeature& feature, int field) const {
    throw InputError("text not UTF-8: field '" +
                     std::string(feature.GetFieldDefnRef(field)->GetNameRef()) + "' of feature " +
                     std::to_string(feature.GetFID()) + " of layer " + location() + "'" +
                     role_suffix(spec) +
                     " is not UTF-8 and the file does not say its encoding; set encoding = "
                     "\"GBK\" for the layer in the project file (or the encoding it was "
                     "written in)");
  }

  std::vector<FieldValue> values_of(const OGRFeature& feature) const {
    std::vector<FieldValue> values;
    values.reserve(field_index.size());
    for (const int i : field_index) {
      if (!feature.IsFieldSetAndNotNull(i)) {
        values.emplace_back(std::monostate{});
        continue;
      }
      switch (feature.GetFieldDefnRef(i)->GetType()) {
        case OFTInteger:
        case OFTInteger64:
          values.emplace_back(static_cast<std::int64_t>(feature.GetFieldAsInteger64(i)));
          break;
        case OFTReal:
          values.emplace_back(feature.GetFieldAsDouble(i));
          break;
        default: {
          const char* text = feature.GetFieldAsString(i);
          if (!CPLIsUTF8(text, -1)) not_utf8(feature, i);
          values.emplace_back(std::string(text));
          break;
        }
      }
    }
    return values;
  }

  // Calls accept(feature, geometry) for each feature of the expected class with a non-empty
  // geometry, already linear, 2D and in the target CRS; skips and counts the others.
  // With `transform_geometry` false the caller gets the geometry as stored (linear, 2D) and
  // transforms the coordinates itself.
  template <typename Accept>
  void scan(GeometryClass expected, ReadReport& report, Accept&& accept,
            bool transform_geometry = true) {
    OGRLayer& layer = *opened.layer;
    report.layer = opened.name;
    layer.ResetReading();
    std::int64_t seen = 0;
    std::vector<std::string> stray_types;
    OGRFeatureUniquePtr feature;
    while (true) {
      {
        detail::QuietErrors quiet;
        feature.reset(layer.GetNextFeature());
        if (!feature && !detail::gdal_message().empty() && CPLGetLastErrorType() >= CE_Failure) {
          throw InputError("reading failed: " + location() + "'" + role_suffix(spec) + " after " +
                           std::to_string(seen) + " features (" + detail::gdal_message() +
                           "); check the file is complete");
        }
      }
      if (!feature) break;
      ++seen;
      OGRGeometryUniquePtr geometry = geometry_of(*feature);
      if (!geometry || geometry->IsEmpty()) {
        report.null_or_empty.push_back(feature->GetFID());
        continue;
      }
      const GeometryClass found = detail::geometry_class_of(geometry->getGeometryType());
      if (expected != GeometryClass::kAny && found != expected) {
        ++report.wrong_type;
        if (report.wrong_type_fids.size() < ReadReport::kListedFids) {
          report.wrong_type_fids.push_back(feature->GetFID());
        }
        const std::string name = detail::geometry_type_name(geometry->getGeometryType());
        // Several stray types are listed in the order they first appear.
        if (std::find(stray_types.begin(), stray_types.end(), name) == stray_types.end()) {
          stray_types.push_back(name);
          report.wrong_type_name = joined(stray_types);
        }
        continue;
      }
      check_coordinates(*feature, *geometry);
      try {
        detail::to_target(geometry, swap_xy, transform_geometry ? transform_ptr() : nullptr,
                          transform_geometry ? webmap : std::nullopt);
        accept(*feature, geometry, report);
      } catch (const CrsError& e) {
        throw CrsError(std::string(e.what()) + " [feature " + std::to_string(feature->GetFID()) +
                       " of layer " + location() + "']");
      } catch (const GeometryError& e) {
        // GEOS cannot even build it (a ring of three points): nothing to repair from.
        throw InputError("broken geometry: feature " + std::to_string(feature->GetFID()) +
                         " of layer " + location() + "'" + role_suffix(spec) + " (" + e.what() +
                         "); fix or delete that feature");
      }
    }
    if (report.features_read > 0) {
      check_not_lonlat_in_metres();
      return;
    }
    const std::string filtered =
        spec.where.empty() ? std::string() : " matching where '" + spec.where + "'";
    if (report.wrong_type > 0) {
      wrong_class({expected}, std::to_string(report.wrong_type) + " " + report.wrong_type_name +
                                  " features" + filtered);
    }
    if (allow_empty) return;
    const std::string what_is_there = seen == 0
                                          ? "has no features" + filtered
                                          : "has only null or empty geometries (" +
                                                std::to_string(seen) + " features" + filtered + ")";
    throw InputError("empty layer: " + location() + "'" + role_suffix(spec) + " " + what_is_there +
                     "; point " + (spec.role.empty() ? "it" : spec.role) + " at a layer with " +
                     detail::class_name(expected) + " features" +
                     (filtered.empty() ? "" : " or loosen the filter"));
  }
};

Geometry to_geos(const GeosContext& ctx, const OGRGeometry& geometry) {
  std::vector<unsigned char> wkb(geometry.WkbSize());
  if (geometry.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
    throw GeometryError("exporting a geometry to WKB failed (" + detail::gdal_message() + ")");
  }
  return Geometry::from_wkb(ctx, wkb);
}

}  // namespace

LayerProbe probe_layer(const LayerSpec& spec) {
  LayerScan scan(spec, {});
  LayerProbe probe;
  probe.crs = scan.source_crs;
  if (scan.x_index < 0) {
    probe.extent_lonlat = detail::extent_lonlat(*scan.opened.layer, scan.source_crs, scan.swap_xy);
  } else {
    // No geometry to ask GDAL about: the extent of the points the columns give.
    OGREnvelope extent;
    ReadReport report;
    scan.scan(GeometryClass::kPoint, report,
              [&](const OGRFeature&, const OGRGeometryUniquePtr& point, ReadReport& r) {
                OGREnvelope e;
                point->getEnvelope(&e);
                extent.Merge(e);
                ++r.features_read;
              });
    probe.extent_lonlat = detail::extent_lonlat(extent, scan.source_crs);
  }
  if (scan.webmap && !probe.extent_lonlat.empty()) {
    // The box in WGS 84: its corners converted (the offset varies slowly across a box).
    const Envelope e = probe.extent_lonlat;
    probe.extent_lonlat = Envelope{};
    for (const Point corner : {Point{e.min_x, e.min_y}, Point{e.min_x, e.max_y},
                               Point{e.max_x, e.min_y}, Point{e.max_x, e.max_y}}) {
      probe.extent_lonlat.expand(to_wgs84(*scan.webmap, corner));
    }
  }
  probe.feature_count = static_cast<std::int64_t>(scan.opened.layer->GetFeatureCount(TRUE));
  return probe;
}

FeatureTable read_layer(const GeosContext& ctx, const LayerSpec& spec, GeometryClass expected,
                        const Crs& target, const ReadOptions& options) {
  std::vector<GeometryClass> usable = options.usable;
  if (usable.empty() && expected != GeometryClass::kAny) usable = {expected};
  LayerScan scan(spec, usable);
  scan.allow_empty = options.allow_empty;
  scan.prepare_transform(target);
  FeatureTable table;
  table.source_crs = scan.source_crs;
  scan.scan(
      expected, table.report,
      [&](const OGRFeature& feature, const OGRGeometryUniquePtr& geometry, ReadReport& report) {
        Geometry g = to_geos(ctx, *geometry);
        if (!g.is_valid()) {
          g = g.make_valid().parts_of_class(expected);
          ++report.repaired;
          if (report.repaired_fids.size() < ReadReport::kListedFids) {
            report.repaired_fids.push_back(feature.GetFID());
          }
          if (g.is_null() || g.is_empty()) {
            // Nothing of the expected class survives the repair (a line with one point).
            report.null_or_empty.push_back(feature.GetFID());
            return;
          }
        }
        table.features.push_back({feature.GetFID(), scan.values_of(feature), std::move(g)});
        ++report.features_read;
      });
  return table;
}

ReadReport read_lines(const LayerSpec& spec, const Crs& target, const LineSink& sink) {
  LayerScan scan(spec, {GeometryClass::kLine});
  scan.prepare_transform(target);
  const Transform* transform = scan.transform_ptr();
  ReadReport report;
  std::vector<OGRRawPoint> raw;  // reused: this loop runs once per feature of a huge layer
  const auto scan_feature = [&](const OGRFeature& feature, const OGRGeometryUniquePtr& geometry,
                                ReadReport& rep) {
    std::vector<Polyline> lines;
    const auto add = [&](const OGRLineString& line) {
      raw.resize(static_cast<std::size_t>(line.getNumPoints()));
      if (raw.empty()) return;
      line.getPoints(raw.data());
      Polyline points;
      points.reserve(raw.size());
      for (const OGRRawPoint& r : raw) {
        // Repeated vertices would make zero-length segments.
        if (points.empty() || points.back().x != r.x || points.back().y != r.y) {
          points.push_back({r.x, r.y});
        }
      }
      if (points.size() < 2) return;
      if (scan.webmap) {
        for (Point& p : points) p = to_wgs84(*scan.webmap, p);
      }
      if (transform != nullptr) transform->apply(points);
      lines.push_back(std::move(points));
    };
    if (wkbFlatten(geometry->getGeometryType()) == wkbLineString) {
      add(*geometry->toLineString());
    } else {
      for (const OGRGeometry* part : *geometry->toGeometryCollection()) {
        if (wkbFlatten(part->getGeometryType()) == wkbLineString) add(*part->toLineString());
      }
    }
    if (lines.empty()) {
      // A line that collapses to a point has nothing to traverse.
      rep.null_or_empty.push_back(feature.GetFID());
      return;
    }
    ++rep.features_read;
    sink(feature.GetFID(), scan.values_of(feature), std::move(lines));
  };
  // The coordinates are transformed here, in bulk per part, rather than inside OGR geometries.
  scan.scan(GeometryClass::kLine, report, scan_feature, false);
  return report;
}

}  // namespace infracov::geo
