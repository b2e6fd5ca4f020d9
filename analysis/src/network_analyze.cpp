// analyze_network: attachment, connectivity, single access, paved connectivity, the `network`
// rule and service areas, all on top of road_graph.hpp. DESIGN.md's definitions are the contract.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <future>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>

#include "infracov/analysis/network.hpp"
#include "infracov/analysis/road_graph.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::analysis {

std::uint32_t RoadLines::add_feature(std::int64_t fid, const std::string& road_class,
                                     const std::vector<geo::Polyline>& parts) {
  const auto feature = static_cast<std::uint32_t>(feature_fid.size());
  const auto found = std::find(class_names.begin(), class_names.end(), road_class);
  if (found == class_names.end() &&
      class_names.size() > std::numeric_limits<std::uint16_t>::max()) {
    throw InputError("road classes: more than 65536 distinct values, '" + road_class +
                     "' is one too many; choose a coarser class field");
  }
  const auto class_index = static_cast<std::uint16_t>(found - class_names.begin());
  if (found == class_names.end()) class_names.push_back(road_class);
  feature_fid.push_back(fid);
  feature_class.push_back(class_index);
  if (part_offsets.empty()) part_offsets.push_back(0);
  for (const geo::Polyline& part : parts) {
    vertices.insert(vertices.end(), part.begin(), part.end());
    part_offsets.push_back(vertices.size());
    part_feature.push_back(feature);
  }
  return feature;
}

namespace {

constexpr double kMinutesPerHour = 60.0;

double minutes_for(double length_m, double speed_kmh) {
  return length_m / 1000.0 / speed_kmh * kMinutesPerHour;
}

// The pieces of every edge within `limit` of the nearest source, cut at the exact point where
// the limit falls (costs grow linearly along an edge). The write stage turns them into the
// service-area polygon (buffered by the width and dissolved).
std::vector<geo::Polyline> reached_pieces(const AttachedGraph& graph,
                                          const std::vector<double>& edge_cost,
                                          const ShortestPaths& paths, double limit) {
  std::vector<geo::Polyline> parts;
  auto add = [&](EdgeId e, double from_m, double to_m) {
    if (to_m <= from_m) return;
    geo::Polyline piece = graph.edge_geometry(e, from_m, to_m);
    if (piece.size() < 2) return;
    parts.push_back(std::move(piece));
  };
  for (EdgeId e = 0; e < graph.edge_count(); ++e) {
    const double cost_u = paths.cost[graph.edge_u(e)];
    const double cost_v = paths.cost[graph.edge_v(e)];
    const double length_m = graph.edge_length_m(e);
    const double cost = edge_cost[e];
    // Fraction of the edge reached from each end within the limit.
    auto reach = [&](double at_end) {
      if (!(at_end <= limit)) return 0.0;
      if (cost <= 0.0) return 1.0;
      return std::min(1.0, (limit - at_end) / cost);
    };
    const double from_u = reach(cost_u);
    const double from_v = reach(cost_v);
    if (from_u + from_v >= 1.0) {
      add(e, 0.0, length_m);
    } else {
      add(e, 0.0, from_u * length_m);
      add(e, length_m - from_v * length_m, length_m);
    }
  }
  return parts;
}

// Appends `points` to `line`, leaving out a first point that repeats the line's last.
void append_points(geo::Polyline& line, const geo::Polyline& points) {
  for (const geo::Point& p : points) {
    if (!line.empty() && line.back().x == p.x && line.back().y == p.y) continue;
    line.push_back(p);
  }
}

// The route from `village` (attached at `node`) back along the tree of shortest paths to the
// source it ends at, then to `facility`: the path the network rule measured.
geo::Polyline trace_route(const AttachedGraph& graph, const ShortestPaths& paths,
                          geo::Point village, NodeId node, geo::Point facility) {
  geo::Polyline route{village};
  append_points(route, {graph.node_point(node)});
  for (EdgeId e = paths.pred[node]; e != kNoId; e = paths.pred[node]) {
    // Edge geometry runs from edge_u to edge_v; walking from v towards u reverses it.
    geo::Polyline piece = graph.edge_geometry(e, 0.0, graph.edge_length_m(e));
    const bool from_u = graph.edge_u(e) == node;
    if (!from_u) std::reverse(piece.begin(), piece.end());
    append_points(route, piece);
    node = from_u ? graph.edge_v(e) : graph.edge_u(e);
  }
  append_points(route, {facility});
  return route;
}

}  // namespace

namespace {
std::atomic<std::size_t> network_builds{0};

// The graph of paved edges alone, noded the same way; nullopt without paved classes or pave
// lines. A scenario's pave lines join it as lines of their own rather than by marking the road
// pieces under them: they lie on the roads (pave_off_road checks it), so their geometry is the
// paved part, and noding joins them to the paved roads at shared vertices and end points exactly
// as it joins any two paved roads, with no splitting of road features by coverage.
std::optional<RoadGraph> build_paved(const RoadLines& lines, const NetworkOptions& options) {
  const bool has_pave = lines.first_pave_feature < lines.feature_fid.size();
  if (options.paved_classes.empty() && !has_pave) return std::nullopt;
  std::vector<std::uint8_t> paved_class(lines.class_names.size(), 0);
  for (std::size_t c = 0; c < lines.class_names.size(); ++c) {
    paved_class[c] = std::find(options.paved_classes.begin(), options.paved_classes.end(),
                               lines.class_names[c]) != options.paved_classes.end();
  }
  return RoadGraph::build(
      lines, options.snap_m,
      [&](std::uint32_t feature) {
        return feature < lines.feature_class.size() &&
               (lines.is_pave(feature) || paved_class[lines.feature_class[feature]] != 0);
      },
      0);
}

// The road graph: every feature but pave lines (they only change what counts as paved).
RoadGraph build_roads(const RoadLines& lines, double snap_m, unsigned threads) {
  if (lines.first_pave_feature >= lines.feature_fid.size()) {
    return RoadGraph::build(lines, snap_m, {}, threads);
  }
  return RoadGraph::build(
      lines, snap_m, [&lines](std::uint32_t feature) { return !lines.is_pave(feature); }, threads);
}

// Starts the paved graph on a second thread when one may run: it shares nothing with the road
// graph built meanwhile.
std::future<std::optional<RoadGraph>> start_paved(const RoadLines& lines,
                                                  const NetworkOptions& options) {
  return std::async(options.threads > 1 ? std::launch::async : std::launch::deferred,
                    [&lines, &options] { return build_paved(lines, options); });
}
}  // namespace

struct Network::Impl {
  Impl(const RoadLines& lines_in, const NetworkOptions& options_in)
      : lines(lines_in),
        options(options_in),
        paved_job(start_paved(lines_in, options)),
        roads(build_roads(lines_in, options_in.snap_m, std::max(options_in.threads, 1u))) {}

  const RoadLines& lines;
  NetworkOptions options;
  std::future<std::optional<RoadGraph>> paved_job;  // started before `roads`, built beside it
  RoadGraph roads;
  std::optional<RoadGraph> paved;
  bool paved_released = false;
  std::vector<geo::Point> village_points;
  std::vector<NetworkKind> kinds;
  SeatSpec seat;
  std::vector<EdgeLocation> locations;
  std::vector<std::size_t> village_location;  // per village; kNoId without road access
  std::vector<double> village_road_m;         // straight line to the nearest road; NaN: none
  std::vector<std::size_t> extra_location;    // per extra point; kNoId without road access
  std::vector<std::vector<std::size_t>> facility_location;  // per kind, per facility
  std::size_t seat_location = kNoId;
  NodeId seat_base_node = kNoId;
  geo::Envelope village_extent;
  std::unique_ptr<AttachedGraph> attached;

  double speed_of_class(std::uint16_t road_class) const {
    if (road_class < lines.class_names.size()) {
      const auto found = options.speed_kmh.find(lines.class_names[road_class]);
      if (found != options.speed_kmh.end()) return found->second;
    }
    return options.default_speed_kmh;
  }
  NodeId seat_node() const {
    return seat_location != kNoId ? attached->location_node(seat_location) : seat_base_node;
  }
};

Network::Network(const RoadLines& lines, const std::vector<geo::Point>& village_points,
                 const std::vector<NetworkKind>& kinds, const std::vector<geo::Point>& extra_points,
                 const SeatSpec& seat, const NetworkOptions& options)
    : impl_(std::make_unique<Impl>(lines, options)) {
  ++network_builds;
  Impl& m = *impl_;
  const RoadGraph& roads = m.roads;
  m.village_points = village_points;
  m.kinds = kinds;
  m.seat = seat;

  // Attachment of villages, the seat, facilities and extra points (one split graph for all).
  const std::size_t village_count = village_points.size();
  m.village_location.assign(village_count, kNoId);
  m.village_road_m.assign(village_count, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < village_count; ++i) {
    const auto location = roads.nearest_edge(village_points[i]);
    if (!location) continue;
    m.village_road_m[i] = location->distance_m;
    if (location->distance_m <= options.max_access_m) {
      m.village_location[i] = m.locations.size();
      m.locations.push_back(*location);
    }
  }

  for (const geo::Point& p : village_points) m.village_extent.expand(p);
  if (m.village_extent.empty()) {
    for (EdgeId e = 0; e < roads.edge_count(); ++e) {
      for (const geo::Point& p : roads.edge_geometry(e)) m.village_extent.expand(p);
    }
  }

  if (roads.edge_count() > 0) {
    if (seat.location) {
      // The seat anchors connectivity, so it attaches to its nearest road at any distance.
      m.seat_location = m.locations.size();
      m.locations.push_back(*roads.nearest_edge(*seat.location));
    } else {
      // Main component = most road length = component 0; the seat is its node nearest the
      // centre of the villages (ties: lowest node id).
      const geo::Point centre = m.village_extent.centre();
      double best_m = std::numeric_limits<double>::infinity();
      for (NodeId n = 0; n < roads.node_count(); ++n) {
        if (roads.node_component(n) != 0) continue;
        const double d = geo::distance_m(centre, roads.node_point(n));
        if (d < best_m) {
          best_m = d;
          m.seat_base_node = n;
        }
      }
    }
  }

  m.facility_location.resize(kinds.size());
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    m.facility_location[k].assign(kinds[k].facilities.size(), kNoId);
    for (std::size_t f = 0; f < kinds[k].facilities.size(); ++f) {
      const auto location = roads.nearest_edge(kinds[k].facilities[f]);
      if (location && location->distance_m <= options.max_access_m) {
        m.facility_location[k][f] = m.locations.size();
        m.locations.push_back(*location);
      }
    }
  }
  m.extra_location.assign(extra_points.size(), kNoId);
  for (std::size_t i = 0; i < extra_points.size(); ++i) {
    const auto location = roads.nearest_edge(extra_points[i]);
    if (location && location->distance_m <= options.max_access_m) {
      m.extra_location[i] = m.locations.size();
      m.locations.push_back(*location);
    }
  }
  m.attached = std::make_unique<AttachedGraph>(roads, m.locations);

  m.paved = m.paved_job.get();
}

Network::~Network() = default;

std::size_t Network::builds() { return network_builds.load(); }
const NetworkOptions& Network::options() const { return impl_->options; }
const RoadGraph& Network::roads() const { return impl_->roads; }
const AttachedGraph& Network::attached() const { return *impl_->attached; }

std::optional<std::uint32_t> Network::village_node(std::size_t i) const {
  const std::size_t at = impl_->village_location[i];
  if (at == kNoId) return std::nullopt;
  return impl_->attached->location_node(at);
}
std::optional<std::uint32_t> Network::extra_node(std::size_t i) const {
  const std::size_t at = impl_->extra_location[i];
  if (at == kNoId) return std::nullopt;
  return impl_->attached->location_node(at);
}
double Network::village_leg_m(std::size_t i) const {
  return impl_->locations[impl_->village_location[i]].distance_m;
}
double Network::extra_leg_m(std::size_t i) const {
  return impl_->locations[impl_->extra_location[i]].distance_m;
}
std::optional<double> Network::facility_leg_m(std::size_t k, std::size_t f) const {
  const std::size_t at = impl_->facility_location[k][f];
  if (at == kNoId) return std::nullopt;
  return impl_->locations[at].distance_m;
}
std::optional<std::uint32_t> Network::seat_node() const {
  const NodeId n = impl_->seat_node();
  if (n == kNoId) return std::nullopt;
  return n;
}

std::vector<double> Network::length_weights() const {
  const AttachedGraph& attached = *impl_->attached;
  std::vector<double> lengths(attached.edge_count());
  for (EdgeId e = 0; e < attached.edge_count(); ++e) lengths[e] = attached.edge_length_m(e);
  return lengths;
}

std::vector<double> Network::minutes_weights() const {
  const AttachedGraph& attached = *impl_->attached;
  std::vector<double> minutes(attached.edge_count());
  for (EdgeId e = 0; e < attached.edge_count(); ++e) {
    minutes[e] =
        minutes_for(attached.edge_length_m(e),
                    impl_->speed_of_class(impl_->roads.edge_class(attached.edge_parent(e))));
  }
  return minutes;
}

const std::vector<NetworkKind>& Network::kinds() const { return impl_->kinds; }

std::vector<PathSource> Network::kind_sources(std::size_t k) const {
  const Impl& m = *impl_;
  const bool by_time = m.kinds[k].max_minutes.has_value();
  std::vector<PathSource> sources;
  for (std::size_t f = 0; f < m.kinds[k].facilities.size(); ++f) {
    const std::size_t at = m.facility_location[k][f];
    if (at == kNoId) continue;
    const double leg_m = m.locations[at].distance_m;
    sources.push_back({m.attached->location_node(at), by_time ? access_minutes(leg_m) : leg_m,
                       static_cast<std::uint32_t>(f)});
  }
  return sources;
}

double Network::access_minutes(double leg_m) const {
  return minutes_for(leg_m, impl_->options.access_speed_kmh);
}

void Network::measure_kinds(const std::vector<double>& length_weight,
                            std::vector<KindResult>& kinds) const {
  const Impl& m = *impl_;
  const NetworkOptions& options = m.options;
  const AttachedGraph& attached = *m.attached;
  const std::size_t village_count = m.village_points.size();
  std::vector<double> minutes_weight;
  for (std::size_t k = 0; k < m.kinds.size(); ++k) {
    const NetworkKind& kind = m.kinds[k];
    KindResult& out = kinds[k];
    out.value.assign(village_count, std::nullopt);
    out.nearest.assign(village_count, std::nullopt);
    const bool by_time = kind.max_minutes.has_value();
    if (by_time && minutes_weight.empty()) minutes_weight = minutes_weights();
    auto access_cost = [&](double distance_m) {
      return by_time ? access_minutes(distance_m) : distance_m;
    };
    const std::vector<double>& weight = by_time ? minutes_weight : length_weight;

    const std::vector<PathSource> sources = kind_sources(k);
    const ShortestPaths paths = multi_source_shortest_paths(attached.csr(), weight, sources);
    for (std::size_t i = 0; i < village_count; ++i) {
      if (m.village_location[i] == kNoId) continue;
      const NodeId node = attached.location_node(m.village_location[i]);
      if (paths.label[node] == kNoId) continue;
      out.value[i] = access_cost(m.locations[m.village_location[i]].distance_m) + paths.cost[node];
      out.nearest[i] = paths.label[node];
    }
    const std::optional<double> limit = by_time ? kind.max_minutes : kind.max_m;
    // The failing villages' routes, for the report's lines to the nearest facility.
    out.route.resize(village_count);
    for (std::size_t i = 0; i < village_count; ++i) {
      if (!limit || !out.value[i] || *out.value[i] <= *limit) continue;
      const NodeId node = attached.location_node(m.village_location[i]);
      out.route[i] =
          trace_route(attached, paths, m.village_points[i], node, kind.facilities[*out.nearest[i]]);
    }
    // service_area_width_m = 0: no service areas wanted.
    if (limit && !sources.empty() && options.service_area_width_m > 0.0) {
      out.reach = reached_pieces(attached, weight, paths, *limit);
    }
  }
}

void Network::release_paved() {
  impl_->paved.reset();
  impl_->paved_released = true;
}

NetworkResult Network::measure() const {
  const Impl& m = *impl_;
  if (m.paved_released) throw std::logic_error("Network::measure after release_paved");
  const RoadGraph& roads = m.roads;
  const RoadLines& lines = m.lines;
  const NetworkOptions& options = m.options;
  const AttachedGraph& attached = *m.attached;
  const std::size_t village_count = m.village_points.size();
  NetworkResult result;

  // The `network` rule: one multi-source pass per kind. The passes only read the graph, so with
  // a second thread they run there while the rest below is measured.
  result.kinds.resize(m.kinds.size());
  const std::vector<double> length_weight = length_weights();
  std::future<void> kinds_job =
      std::async(options.threads > 1 ? std::launch::async : std::launch::deferred,
                 [&] { measure_kinds(length_weight, result.kinds); });

  // The `roads` layer: noded edges before attachment splits.
  result.roads.reserve(roads.edge_count());
  // The lines' class names, and "" after them for an edge whose class is out of their range (only
  // when there are none: every feature's class is one of them).
  result.road_class_names = lines.class_names;
  std::optional<std::uint16_t> no_class;
  std::size_t vertex_total = 0;
  for (EdgeId e = 0; e < roads.edge_count(); ++e) vertex_total += roads.edge_geometry(e).size();
  result.road_vertices.reserve(vertex_total);
  for (EdgeId e = 0; e < roads.edge_count(); ++e) {
    RoadEdge edge;
    const auto geometry = roads.edge_geometry(e);
    edge.first_vertex = result.road_vertices.size();
    edge.vertex_count = static_cast<std::uint32_t>(geometry.size());
    result.road_vertices.insert(result.road_vertices.end(), geometry.begin(), geometry.end());
    edge.length_m = roads.edge_length_m(e);
    const std::uint32_t feature = roads.edge_feature(e);
    edge.source_fid = feature < lines.feature_fid.size() ? lines.feature_fid[feature] : 0;
    const std::uint16_t road_class = roads.edge_class(e);
    if (road_class < lines.class_names.size()) {
      edge.class_index = road_class;
    } else {
      if (!no_class) {
        if (result.road_class_names.size() > std::numeric_limits<std::uint16_t>::max()) {
          throw std::length_error("more than 65536 road classes");
        }
        no_class = static_cast<std::uint16_t>(result.road_class_names.size());
        result.road_class_names.emplace_back();
      }
      edge.class_index = *no_class;
    }
    edge.component = roads.edge_component(e);
    edge.bridge = roads.is_bridge(e);
    result.roads.push_back(std::move(edge));
  }

  result.villages.resize(village_count);
  for (std::size_t i = 0; i < village_count; ++i) {
    VillageNetwork& village = result.villages[i];
    village.road_dist_m = m.village_road_m[i];
    village.road_access = m.village_location[i] != kNoId;
  }

  const NodeId seat_node = m.seat_node();
  if (seat_node != kNoId) {
    result.seat = attached.node_point(seat_node);
    result.main_component = attached.node_component(seat_node);
  } else {
    result.seat = m.seat.location.value_or(m.village_extent.empty() ? geo::Point{}
                                                                    : m.village_extent.centre());
    result.main_component = 0;
  }

  // Connectivity and single access: a bridge separates village and seat exactly when they lie
  // in different 2-edge-connected components of the attached graph.
  const GraphStructure structure = compute_structure(attached.csr(), attached.edge_count());
  for (std::size_t i = 0; i < village_count; ++i) {
    if (m.village_location[i] == kNoId) continue;
    VillageNetwork& village = result.villages[i];
    const NodeId node = attached.location_node(m.village_location[i]);
    village.component = attached.node_component(node);
    village.connected = seat_node != kNoId && *village.component == result.main_component;
    village.single_access = village.connected && structure.two_edge_component[node] !=
                                                     structure.two_edge_component[seat_node];
  }

  // Paved connectivity on the graph of paved edges alone.
  if (m.paved) {
    const RoadGraph& paved = *m.paved;
    for (std::size_t i = 0; paved.edge_count() > 0 && i < village_count; ++i) {
      result.villages[i].paved_dist_m = paved.nearest_edge(m.village_points[i])->distance_m;
    }
    if (paved.edge_count() > 0 && (m.seat.location || seat_node != kNoId)) {
      const geo::Point seat_point = m.seat.location.value_or(result.seat);
      const auto seat_paved = paved.nearest_edge(seat_point);
      const std::uint32_t seat_component = paved.edge_component(seat_paved->edge);
      for (std::size_t i = 0; i < village_count; ++i) {
        VillageNetwork& village = result.villages[i];
        if (!village.road_access) continue;
        const auto location = paved.nearest_edge(m.village_points[i]);
        village.paved_connected = village.paved_dist_m <= options.max_access_m &&
                                  paved.edge_component(location->edge) == seat_component;
      }
    }
  }

  kinds_job.get();
  // Last: the graph's statistics wait for its dangle search, which ran beside all of the above.
  result.graph = roads.stats();
  return result;
}

NetworkResult analyze_network(const RoadLines& lines, const std::vector<geo::Point>& village_points,
                              const std::vector<NetworkKind>& kinds, const SeatSpec& seat,
                              const NetworkOptions& options) {
  return Network(lines, village_points, kinds, {}, seat, options).measure();
}

}  // namespace infracov::analysis
