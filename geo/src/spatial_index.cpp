#include "infracov/geo/spatial_index.hpp"

#include <geos_c.h>

#include <cstdint>
#include <exception>
#include <limits>
#include <utility>

#include "geos_support.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::geo {

namespace {

// Items travel through GEOS as void*; item + 1 keeps item 0 distinct from GEOS's null "no result".
void* encode(std::size_t item) {
  return reinterpret_cast<void*>(static_cast<std::uintptr_t>(item) + 1);
}
std::size_t decode(const void* item) {
  return static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(item) - 1);
}

// A temporary geometry whose envelope is `e`. GEOS 3.11's TemplateSTRtree copies the envelope on
// insert, so the geometry can go right after.
GEOSGeometry* envelope_geometry(GEOSContextHandle_t ctx, const Envelope& e) {
  if (e.min_x == e.max_x && e.min_y == e.max_y) {
    return GEOSGeom_createPointFromXY_r(ctx, e.min_x, e.min_y);
  }
  // A diagonal segment has exactly this envelope, also for zero-width (vertical/horizontal) boxes
  // that GEOSGeom_createRectangle would turn into invalid polygons.
  const double xy[4] = {e.min_x, e.min_y, e.max_x, e.max_y};
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx, xy, 2, 0, 0);
  if (seq == nullptr) return nullptr;
  return GEOSGeom_createLineString_r(ctx, seq);
}

struct TempGeometry {
  GEOSContextHandle_t ctx;
  GEOSGeometry* geom;
  ~TempGeometry() {
    if (geom != nullptr) GEOSGeom_destroy_r(ctx, geom);
  }
};

struct QueryState {
  const std::function<void(std::size_t)>* visit;
  std::exception_ptr error;
};

void on_query(void* item, void* userdata) {
  // Called from inside GEOS: exceptions are parked and rethrown after the query returns.
  auto* state = static_cast<QueryState*>(userdata);
  if (state->error) return;
  try {
    (*state->visit)(decode(item));
  } catch (...) {
    state->error = std::current_exception();
  }
}

struct NearestState {
  const void* query_item;  // the address GEOS passes back for the query point
  Point p;
  const std::function<double(std::size_t, Point)>* distance;
  std::exception_ptr error;
};

int on_distance(const void* a, const void* b, double* distance, void* userdata) {
  auto* state = static_cast<NearestState*>(userdata);
  try {
    // One side is the query point; GEOS does not promise which.
    const void* item = a == state->query_item ? b : a;
    *distance = (*state->distance)(decode(item), state->p);
    return 1;
  } catch (...) {
    if (!state->error) state->error = std::current_exception();
    return 0;
  }
}

}  // namespace

struct SpatialIndex::Impl {
  GEOSContextHandle_t ctx = nullptr;
  GEOSSTRtree* tree = nullptr;
  std::size_t size = 0;
  mutable bool built = false;  // GEOS packs the tree on the first query; inserts must come first
  ~Impl() {
    if (tree != nullptr) GEOSSTRtree_destroy_r(ctx, tree);
  }
};

SpatialIndex::SpatialIndex(const GeosContext& ctx, std::size_t node_capacity)
    : impl_(std::make_unique<Impl>()) {
  impl_->ctx = ctx.handle();
  impl_->tree = GEOSSTRtree_create_r(impl_->ctx, node_capacity);
  if (impl_->tree == nullptr) detail::throw_geos(impl_->ctx, "GEOSSTRtree_create");
}

SpatialIndex::~SpatialIndex() = default;
SpatialIndex::SpatialIndex(SpatialIndex&&) noexcept = default;
SpatialIndex& SpatialIndex::operator=(SpatialIndex&&) noexcept = default;

void SpatialIndex::insert(std::size_t item, const Envelope& envelope) {
  if (impl_->built) {
    // GEOS would report this only through its message handler and drop the item.
    throw GeometryError("SpatialIndex::insert after the first query; insert every item first");
  }
  if (envelope.empty()) return;  // nothing to find: an empty geometry is never near anything
  TempGeometry g{impl_->ctx, envelope_geometry(impl_->ctx, envelope)};
  if (g.geom == nullptr) detail::throw_geos(impl_->ctx, "SpatialIndex::insert envelope");
  GEOSSTRtree_insert_r(impl_->ctx, impl_->tree, g.geom, encode(item));
  ++impl_->size;
}

std::size_t SpatialIndex::size() const { return impl_->size; }

void SpatialIndex::query(const Envelope& window,
                         const std::function<void(std::size_t)>& visit) const {
  if (impl_->size == 0 || window.empty()) return;
  impl_->built = true;
  TempGeometry g{impl_->ctx, envelope_geometry(impl_->ctx, window)};
  if (g.geom == nullptr) detail::throw_geos(impl_->ctx, "SpatialIndex::query window");
  QueryState state{&visit, nullptr};
  GEOSSTRtree_query_r(impl_->ctx, impl_->tree, g.geom, on_query, &state);
  if (state.error) std::rethrow_exception(state.error);
}

std::optional<SpatialIndex::Hit> SpatialIndex::nearest(
    Point p, const std::function<double(std::size_t item, Point p)>& distance) const {
  if (impl_->size == 0) return std::nullopt;
  impl_->built = true;
  TempGeometry g{impl_->ctx, GEOSGeom_createPointFromXY_r(impl_->ctx, p.x, p.y)};
  if (g.geom == nullptr) detail::throw_geos(impl_->ctx, "SpatialIndex::nearest point");
  NearestState state{nullptr, p, &distance, nullptr};
  state.query_item = &state;
  const void* found = GEOSSTRtree_nearest_generic_r(impl_->ctx, impl_->tree, state.query_item,
                                                    g.geom, on_distance, &state);
  if (state.error) std::rethrow_exception(state.error);
  if (found == nullptr) detail::throw_geos(impl_->ctx, "GEOSSTRtree_nearest_generic");

  // GEOS returns one of the nearest items, which one depends on the tree's shape. Every item at
  // the same distance lies in the window of that radius, so scanning it makes ties go to the
  // lowest item number.
  Hit best{decode(found), distance(decode(found), p)};
  Envelope window{p.x - best.distance_m, p.y - best.distance_m, p.x + best.distance_m,
                  p.y + best.distance_m};
  query(window, [&](std::size_t item) {
    if (item == best.item) return;
    const double d = distance(item, p);
    if (d < best.distance_m || (d == best.distance_m && item < best.item)) best = {item, d};
  });
  return best;
}

}  // namespace infracov::geo
