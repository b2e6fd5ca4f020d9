#include "infracov/geo/crs.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "infracov/geo/error.hpp"
#include "proj_support.hpp"

namespace infracov::geo {

namespace detail {

namespace {
void on_proj_log(void* app_data, int level, const char* message) {
  // Called from inside PROJ: must not throw.
  if (level > PJ_LOG_ERROR || message == nullptr) return;
  try {
    *static_cast<std::string*>(app_data) = message;
  } catch (...) {
  }
}
}  // namespace

ProjContext::ProjContext() : ctx_(proj_context_create()) {
  if (ctx_ == nullptr) throw CrsError("proj_context_create failed (out of memory?)");
  proj_log_func(ctx_, &last_log_, on_proj_log);
}

ProjContext::~ProjContext() { proj_context_destroy(ctx_); }

std::string ProjContext::message() const {
  if (!last_log_.empty()) return last_log_;
  const int err = proj_context_errno(ctx_);
  if (err == 0) return {};
  const char* text = proj_context_errno_string(ctx_, err);
  return text != nullptr ? text : "PROJ error " + std::to_string(err);
}

void ProjContext::clear() { last_log_.clear(); }

}  // namespace detail

using detail::ProjContext;
using detail::ProjObject;

namespace {

// Parses a stored WKT back into a PJ. Only fails if PROJ itself changed under us.
ProjObject parse(const ProjContext& ctx, const std::string& wkt) {
  ProjObject pj(proj_create(ctx.get(), wkt.c_str()));
  if (!pj) throw CrsError("re-reading a CRS failed (" + ctx.message() + ")");
  return pj;
}

// The CRS that carries the coordinate system: a BoundCRS (WKT with TOWGS84) wraps it.
ProjObject unbound(const ProjContext& ctx, ProjObject pj) {
  if (proj_get_type(pj.get()) == PJ_TYPE_BOUND_CRS) {
    ProjObject source(proj_get_source_crs(ctx.get(), pj.get()));
    if (source) return source;
  }
  return pj;
}

std::optional<std::string> id_of(const PJ* pj) {
  const char* auth = proj_get_id_auth_name(pj, 0);
  const char* code = proj_get_id_code(pj, 0);
  if (auth == nullptr || code == nullptr) return std::nullopt;
  return std::string(auth) + ":" + code;
}

// Every axis of the CRS's coordinate system in metres.
bool metre_axes(const ProjContext& ctx, const PJ* crs) {
  const ProjObject cs(proj_crs_get_coordinate_system(ctx.get(), crs));
  if (!cs) return false;
  const int axes = proj_cs_get_axis_count(ctx.get(), cs.get());
  if (axes < 2) return false;
  for (int i = 0; i < axes; ++i) {
    double factor = 0.0;
    if (proj_cs_get_axis_info(ctx.get(), cs.get(), i, nullptr, nullptr, nullptr, &factor, nullptr,
                              nullptr, nullptr) == 0) {
      return false;
    }
    if (factor != 1.0) return false;
  }
  return true;
}

}  // namespace

struct Crs::Facts {
  std::once_flag once;
  std::string name;
  std::optional<std::string> authority_code;
  bool geographic = false;
  bool projected_metres = false;
};

Crs::Crs(std::string wkt) : wkt_(std::move(wkt)), facts_(std::make_shared<Facts>()) {}

namespace {

// Crs::from_user's answers by definition: every layer read names its CRS again (the same EPSG
// code, the same .prj), and each fresh parse opened PROJ's database anew. Bounded, as fuzzing
// and many-layer projects could otherwise grow it without end.
class DefinitionCache {
 public:
  std::optional<Crs> find(const std::string& definition) {
    const std::lock_guard lock(mutex_);
    const auto it = crs_.find(definition);
    if (it == crs_.end()) return std::nullopt;
    return it->second;
  }
  void add(const std::string& definition, const Crs& crs) {
    const std::lock_guard lock(mutex_);
    if (crs_.size() >= kMaxEntries) crs_.clear();
    crs_.emplace(definition, crs);
  }

 private:
  static constexpr std::size_t kMaxEntries = 64;
  std::mutex mutex_;
  std::map<std::string, Crs, std::less<>> crs_;
};

DefinitionCache& definitions() {
  static DefinitionCache cache;
  return cache;
}

}  // namespace

Crs Crs::from_user(std::string_view definition, std::string_view what) {
  const std::string text(definition);
  if (auto known = definitions().find(text)) return *known;
  ProjContext ctx;
  ProjObject pj(proj_create(ctx.get(), text.c_str()));
  if (!pj) {
    throw CrsError("unknown CRS: '" + text + "' for " + std::string(what) + " (" + ctx.message() +
                   "); give an EPSG code such as \"EPSG:4550\", a WKT or a PROJ string");
  }
  if (proj_is_crs(pj.get()) == 0) {
    throw CrsError("not a CRS: '" + text + "' for " + std::string(what) +
                   " (PROJ reads it as a coordinate operation); give a CRS such as \"EPSG:4550\""
                   " or add +type=crs to a PROJ string");
  }
  const char* wkt = proj_as_wkt(ctx.get(), pj.get(), PJ_WKT2_2019, nullptr);
  if (wkt == nullptr) {
    throw CrsError("cannot write the CRS '" + text + "' for " + std::string(what) + " as WKT (" +
                   ctx.message() + ")");
  }
  Crs crs(wkt);
  definitions().add(text, crs);
  return crs;
}

Crs Crs::wgs84() { return from_user("EPSG:4326", "WGS 84"); }

Crs Crs::utm_for(double lon_deg, double lat_deg) {
  // Standard 6° zones; the Norway/Svalbard exceptions do not matter for a county-sized extent.
  int zone = static_cast<int>(std::floor((lon_deg + 180.0) / 6.0)) + 1;
  zone = std::clamp(zone, 1, 60);
  const int code = (lat_deg >= 0.0 ? 32600 : 32700) + zone;
  return from_user("EPSG:" + std::to_string(code), "the UTM zone");
}

const Crs::Facts& Crs::facts() const {
  std::call_once(facts_->once, [this] {
    Facts& f = *facts_;
    ProjContext ctx;
    ProjObject pj = parse(ctx, wkt_);
    const char* n = proj_get_name(pj.get());
    f.name = n != nullptr ? n : "";
    f.authority_code = id_of(pj.get());
    if (!f.authority_code) {
      // WKT1 from a .prj file often has no ID: ask PROJ for an EPSG entry it is sure is the same.
      int* confidence = nullptr;
      PJ_OBJ_LIST* matches = proj_identify(ctx.get(), pj.get(), "EPSG", nullptr, &confidence);
      if (matches != nullptr) {
        if (proj_list_get_count(matches) > 0 && confidence != nullptr && confidence[0] == 100) {
          const ProjObject best(proj_list_get(ctx.get(), matches, 0));
          if (best) f.authority_code = id_of(best.get());
        }
        proj_list_destroy(matches);
      }
      proj_int_list_destroy(confidence);
    }
    const ProjObject crs = unbound(ctx, std::move(pj));
    const PJ_TYPE type = proj_get_type(crs.get());
    f.geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
    f.projected_metres = type == PJ_TYPE_PROJECTED_CRS && metre_axes(ctx, crs.get());
  });
  return *facts_;
}

std::string Crs::name() const { return known() ? facts().name : ""; }

std::optional<std::string> Crs::authority_code() const {
  if (!known()) return std::nullopt;
  return facts().authority_code;
}

std::string Crs::label() const {
  if (auto code = authority_code()) return *code;
  return name();
}

bool Crs::is_geographic() const { return known() && facts().geographic; }

bool Crs::is_projected_metres() const { return known() && facts().projected_metres; }

bool Crs::same_as(const Crs& other) const {
  if (!known() || !other.known()) return known() == other.known();
  if (wkt_ == other.wkt_) return true;
  ProjContext ctx;
  const ProjObject a = parse(ctx, wkt_);
  const ProjObject b = parse(ctx, other.wkt_);
  return proj_is_equivalent_to_with_ctx(ctx.get(), a.get(), b.get(),
                                        PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) != 0;
}

struct Transform::Impl {
  ProjContext ctx;  // owned per Transform: PROJ objects must stay on their context's thread
  ProjObject pj;
  bool identity = false;
  std::string from_label;
  std::string to_label;

  [[noreturn]] void fail(const std::string& where) const {
    std::string message =
        "transforming " + where + " from " + from_label + " to " + to_label + " failed";
    const std::string detail = ctx.message();
    if (!detail.empty()) message += " (" + detail + ")";
    throw CrsError(message + "; check that the layer's CRS matches its coordinates");
  }
};

Transform::Transform(const Crs& from, const Crs& to) : impl_(std::make_unique<Impl>()) {
  if (!from.known() || !to.known()) {
    throw CrsError("cannot transform: " + std::string(from.known() ? "target" : "source") +
                   " CRS is unknown; give the layer a CRS (assume_crs)");
  }
  impl_->from_label = from.label();
  impl_->to_label = to.label();
  if (from.same_as(to)) {
    impl_->identity = true;
    return;
  }
  PJ_CONTEXT* ctx = impl_->ctx.get();
  const ProjObject source = parse(impl_->ctx, from.wkt());
  const ProjObject target = parse(impl_->ctx, to.wkt());
  const ProjObject op(
      proj_create_crs_to_crs_from_pj(ctx, source.get(), target.get(), nullptr, nullptr));
  if (!op) {
    throw CrsError("no transformation from " + impl_->from_label + " to " + impl_->to_label + " (" +
                   impl_->ctx.message() + "); choose another analysis CRS");
  }
  // EPSG:4326 and EPSG:4490 are latitude-first by definition; the whole program is x = longitude.
  impl_->pj.reset(proj_normalize_for_visualization(ctx, op.get()));
  if (!impl_->pj) {
    throw CrsError("proj_normalize_for_visualization failed for " + impl_->from_label + " to " +
                   impl_->to_label + " (" + impl_->ctx.message() + ")");
  }
}

Transform::~Transform() = default;
Transform::Transform(Transform&&) noexcept = default;
Transform& Transform::operator=(Transform&&) noexcept = default;

bool Transform::is_identity() const { return impl_->identity; }

Point Transform::apply(Point p) const {
  if (impl_->identity) return p;
  impl_->ctx.clear();
  proj_errno_reset(impl_->pj.get());
  const PJ_COORD out = proj_trans(impl_->pj.get(), PJ_FWD, proj_coord(p.x, p.y, 0.0, 0.0));
  if (!std::isfinite(out.xy.x) || !std::isfinite(out.xy.y)) {
    impl_->fail("point (" + std::to_string(p.x) + ", " + std::to_string(p.y) + ")");
  }
  return {out.xy.x, out.xy.y};
}

void Transform::apply(std::span<Point> points) const {
  if (impl_->identity || points.empty()) return;
  impl_->ctx.clear();
  proj_errno_reset(impl_->pj.get());
  const std::size_t n = points.size();
  proj_trans_generic(impl_->pj.get(), PJ_FWD, &points[0].x, sizeof(Point), n, &points[0].y,
                     sizeof(Point), n, nullptr, 0, 0, nullptr, 0, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y)) {
      impl_->fail("vertex " + std::to_string(i) + " of " + std::to_string(n));
    }
  }
}

}  // namespace infracov::geo
