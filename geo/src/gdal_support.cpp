#include "gdal_support.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <optional>

#include "infracov/geo/error.hpp"

namespace infracov::geo::detail {

namespace {

// GDAL's messages are several lines at times (PostgreSQL's "PQconnectdb failed.\nconnection to
// server ... \n\tIs the server running"): one line, as our messages are. A run of blanks holding
// a line break or a tab becomes one blank; others stay (they may be part of a name).
std::string one_line(const char* message) {
  const std::string text = message != nullptr ? message : "";
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t end = text.find_first_not_of(" \t\r\n", i);
    const std::size_t stop = end == std::string::npos ? text.size() : end;
    if (stop == i) {
      out += text[i++];
      continue;
    }
    const std::string run = text.substr(i, stop - i);
    const bool breaks = run.find_first_of("\t\r\n") != std::string::npos;
    if (stop < text.size()) out += breaks ? (out.empty() ? "" : " ") : run;
    i = stop;
  }
  return out;
}

// Outside a QuietErrors scope GDAL never prints its own "ERROR 1:" lines: a failure is reported
// by the infracov error that follows it (gdal_message() reads it back); a warning is one line.
void CPL_STDCALL outside_scope(CPLErr type, CPLErrorNum /*number*/, const char* message) {
  if (type == CE_Warning)
    std::fprintf(stderr, "infracov: warning: GDAL: %s\n", one_line(message).c_str());
}

thread_local QuietErrors* innermost = nullptr;

}  // namespace

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    CPLSetErrorHandler(outside_scope);
    GDALAllRegister();
  });
}

QuietErrors::QuietErrors() : outer_(innermost) {
  innermost = this;
  CPLPushErrorHandlerEx(collect, this);
  CPLErrorReset();
}

QuietErrors::~QuietErrors() {
  CPLPopErrorHandler();
  innermost = outer_;
}

void CPL_STDCALL QuietErrors::collect(CPLErr type, CPLErrorNum /*number*/, const char* message) {
  auto* self = static_cast<QuietErrors*>(CPLGetErrorHandlerUserData());
  if (self == nullptr || type < CE_Failure) return;
  std::string text = one_line(message);
  if (text.empty()) return;
  // A driver tried twice (PostgreSQL) says the same thing twice.
  if (std::find(self->failures_.begin(), self->failures_.end(), text) == self->failures_.end()) {
    self->failures_.push_back(std::move(text));
  }
}

std::string QuietErrors::failures() const {
  std::string out;
  for (const std::string& f : failures_) out += (out.empty() ? "" : "; ") + f;
  return out;
}

std::string gdal_message() {
  if (innermost != nullptr) {
    std::string collected = innermost->failures();
    if (!collected.empty()) return collected;
  }
  return one_line(CPLGetLastErrorMsg());
}

std::string role_suffix(const LayerSpec& spec) {
  return spec.role.empty() ? std::string() : " for " + spec.role;
}

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

GDALDatasetUniquePtr open_with(const LayerSpec& spec, const std::vector<std::string>& extra) {
  CPLStringList options;
  for (const std::string& o : spec.open_options) options.AddString(o.c_str());
  for (const std::string& o : extra) options.AddString(o.c_str());
  return GDALDatasetUniquePtr(GDALDataset::Open(
      spec.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options.List(), nullptr));
}

}  // namespace

std::vector<std::string> layer_names(GDALDataset& dataset) {
  std::vector<std::string> names;
  for (OGRLayer* layer : dataset.GetLayers()) names.emplace_back(layer->GetName());
  return names;
}

GDALDatasetUniquePtr open_dataset(const LayerSpec& spec) {
  ensure_gdal();
  QuietErrors quiet;
  GDALDatasetUniquePtr dataset = open_with(spec, {});
  if (!dataset) {
    std::string why = gdal_message();
    if (why.empty()) why = "GDAL found no vector driver for it";
    // SQLite's lock (a GeoPackage being written, e.g. edited in QGIS): the path is right, so the
    // usual advice would send the user looking for the wrong problem.
    const bool locked = why.find("database is locked") != std::string::npos;
    throw InputError("cannot open: '" + spec.source + "'" + role_suffix(spec) + " (" + why + "); " +
                     (locked ? "another program is writing it: close the program (or end its "
                               "editing session) and run again"
                             : "check the path and that it is a vector dataset GDAL can read"));
  }
  // ENCODING is a Shapefile open option; other drivers would warn about it, so it is passed only
  // once the driver is known. GDAL reads a .cpg itself; the option overrides it.
  if (!spec.encoding.empty() && dataset->GetDriver() != nullptr &&
      std::string(dataset->GetDriver()->GetDescription()) == "ESRI Shapefile") {
    dataset = open_with(spec, {"ENCODING=" + spec.encoding});
    if (!dataset) {
      throw InputError("cannot open: '" + spec.source + "'" + role_suffix(spec) +
                       " with encoding '" + spec.encoding + "' (" + gdal_message() +
                       "); check the encoding name (e.g. GBK, UTF-8)");
    }
  }
  return dataset;
}

OpenedLayer open_layer(const LayerSpec& spec) {
  OpenedLayer opened;
  opened.dataset = open_dataset(spec);
  GDALDataset& ds = *opened.dataset;
  // A sheet whose cells are all text (coordinates kept as text) hides its header row from the
  // XLSX and ODS drivers' detection; with x / y named, the first row is the header. GDAL 3.6
  // takes this from a configuration option, read when the sheet is first looked at (below).
  const std::string driver = ds.GetDriver() != nullptr ? ds.GetDriver()->GetDescription() : "";
  std::optional<CPLConfigOptionSetter> headers;
  if (!spec.x.empty() && (driver == "XLSX" || driver == "ODS")) {
    headers.emplace(("OGR_" + driver + "_HEADERS").c_str(), "FORCE", true);
  }
  if (spec.layer.empty()) {
    const int count = ds.GetLayerCount();
    if (count != 1) {
      throw InputError("layer not given: '" + spec.source + "'" + role_suffix(spec) + " has " +
                       std::to_string(count) + " layers (layers present: " +
                       joined(layer_names(ds)) + "); set layer to one of them");
    }
    opened.layer = ds.GetLayer(0);
  } else {
    opened.layer = ds.GetLayerByName(spec.layer.c_str());
    if (opened.layer == nullptr) {
      throw InputError("unknown layer: '" + spec.layer + "' in '" + spec.source + "'" +
                       role_suffix(spec) + " (layers present: " + joined(layer_names(ds)) +
                       "); set layer to one of them");
    }
  }
  opened.layer->GetLayerDefn();  // XLSX and ODS read the sheet's header here
  opened.name = opened.layer->GetName();
  return opened;
}

Crs declared_crs(OGRLayer& layer) {
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  if (srs == nullptr || srs->IsEmpty()) return {};
  std::unique_ptr<OGRSpatialReference> copy(srs->Clone());
  copy->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  if (copy->exportToWkt(&wkt, options) != OGRERR_NONE || wkt == nullptr) {
    CPLFree(wkt);
    throw CrsError("cannot read the CRS of layer '" + std::string(layer.GetName()) + "' (" +
                   gdal_message() + "); give the layer a CRS with assume_crs");
  }
  const std::string text(wkt);
  CPLFree(wkt);
  return Crs::from_user(text, "layer '" + std::string(layer.GetName()) + "'");
}

bool data_is_north_first(OGRLayer& layer) {
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  if (srs == nullptr || srs->IsEmpty()) return false;
  // Which CRS axis the data's first coordinate holds, and which way that axis points.
  const std::vector<int>& mapping = srs->GetDataAxisToSRSAxisMapping();
  const int first = mapping.empty() ? 1 : std::abs(mapping[0]);
  OGRAxisOrientation orientation = OAO_Other;
  srs->GetAxis(nullptr, first - 1, &orientation);
  return orientation == OAO_North || orientation == OAO_South;
}

std::string geometry_type_name(OGRwkbGeometryType type) {
  const OGRwkbGeometryType flat = wkbFlatten(type);
  if (flat == wkbNone) return "None";
  if (flat == wkbUnknown) return "Unknown";
  std::string name = OGRGeometryTypeToName(flat);
  name.erase(std::remove(name.begin(), name.end(), ' '), name.end());
  return name;
}

GeometryClass geometry_class_of(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
    case wkbPoint:
    case wkbMultiPoint:
      return GeometryClass::kPoint;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
      return GeometryClass::kLine;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbTriangle:
    case wkbPolyhedralSurface:
    case wkbTIN:
      return GeometryClass::kPolygon;
    default:
      return GeometryClass::kAny;
  }
}

std::string class_name(GeometryClass c) {
  switch (c) {
    case GeometryClass::kPoint:
      return "point";
    case GeometryClass::kLine:
      return "line";
    case GeometryClass::kPolygon:
      return "polygon";
    case GeometryClass::kAny:
      break;
  }
  return "any";
}

namespace {

// What happens to each coordinate, in this order: axis swap, web-map datum to WGS 84, PROJ.
struct CoordinateSteps {
  bool swap_xy = false;
  std::optional<WebMapDatum> webmap;
  const Transform* transform = nullptr;
};

void transform_curve(OGRSimpleCurve& curve, const CoordinateSteps& steps) {
  const int n = curve.getNumPoints();
  if (n == 0) return;
  std::vector<OGRRawPoint> raw(static_cast<std::size_t>(n));
  curve.getPoints(raw.data());
  std::vector<Point> points(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    points[i] = steps.swap_xy ? Point{raw[i].y, raw[i].x} : Point{raw[i].x, raw[i].y};
  }
  if (steps.webmap) {
    for (Point& p : points) p = to_wgs84(*steps.webmap, p);
  }
  if (steps.transform != nullptr) steps.transform->apply(points);
  for (std::size_t i = 0; i < raw.size(); ++i) raw[i] = OGRRawPoint(points[i].x, points[i].y);
  curve.setPoints(n, raw.data());
}

void transform_in_place(OGRGeometry& g, const CoordinateSteps& steps) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
      OGRPoint& p = *g.toPoint();
      if (p.IsEmpty()) return;
      Point q = steps.swap_xy ? Point{p.getY(), p.getX()} : Point{p.getX(), p.getY()};
      if (steps.webmap) q = to_wgs84(*steps.webmap, q);
      if (steps.transform != nullptr) q = steps.transform->apply(q);
      p.setX(q.x);
      p.setY(q.y);
      return;
    }
    case wkbLineString:
      transform_curve(*g.toSimpleCurve(), steps);
      return;
    case wkbPolygon: {
      for (OGRLinearRing* ring : *g.toPolygon()) transform_curve(*ring, steps);
      return;
    }
    default:
      if (OGR_GT_IsSubClassOf(g.getGeometryType(), wkbGeometryCollection)) {
        for (OGRGeometry* part : *g.toGeometryCollection()) {
          transform_in_place(*part, steps);
        }
      }
      return;
  }
}

}  // namespace

void to_target(OGRGeometryUniquePtr& geometry, bool swap_xy, const Transform* transform,
               std::optional<WebMapDatum> webmap) {
  if (geometry->hasCurveGeometry(TRUE)) {
    geometry.reset(geometry->getLinearGeometry());
    if (!geometry) throw GeometryError("linearising a curved geometry failed");
  }
  geometry->flattenTo2D();
  if (!swap_xy && !webmap && (transform == nullptr || transform->is_identity())) return;
  transform_in_place(*geometry, {swap_xy, webmap, transform});
}

Envelope extent_lonlat(OGRLayer& layer, const Crs& crs, bool swap_xy) {
  if (!crs.known()) return {};
  OGREnvelope e;
  if (layer.GetExtent(&e, TRUE) != OGRERR_NONE) return {};
  if (swap_xy) {
    std::swap(e.MinX, e.MinY);
    std::swap(e.MaxX, e.MaxY);
  }
  return extent_lonlat(e, crs);
}

Envelope extent_lonlat(OGREnvelope e, const Crs& crs) {
  if (!crs.known()) return {};
  // 21 points per edge: a projected box's edges curve in longitude/latitude.
  constexpr int kSteps = 20;
  std::vector<Point> ring;
  for (int i = 0; i <= kSteps; ++i) {
    const double t = static_cast<double>(i) / kSteps;
    const double x = e.MinX + t * (e.MaxX - e.MinX);
    const double y = e.MinY + t * (e.MaxY - e.MinY);
    ring.push_back({x, e.MinY});
    ring.push_back({x, e.MaxY});
    ring.push_back({e.MinX, y});
    ring.push_back({e.MaxX, y});
  }
  const Transform to_lonlat(crs, Crs::wgs84());
  to_lonlat.apply(ring);
  Envelope out;
  for (const Point& p : ring) out.expand(p);
  return out;
}

}  // namespace infracov::geo::detail
