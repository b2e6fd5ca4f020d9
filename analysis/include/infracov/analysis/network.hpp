// The road network: noding, attachment of villages and facilities, connectivity, single access,
// paved connectivity and multi-source shortest paths. DESIGN.md's definitions are the contract.
// This header is the boundary between the network code and the rest of analysis/: coverage and
// planning see the network only through these types.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "infracov/geo/geometry.hpp"
#include "infracov/geo/types.hpp"

namespace infracov::analysis {

// Road lines in the analysis CRS, flat so that tens of millions of segments stay compact.
struct RoadLines {
  std::vector<geo::Point> vertices;  // every vertex of every part, part after part
  std::vector<std::uint64_t> part_offsets{
      0};  // part i is vertices[part_offsets[i], part_offsets[i+1])
  std::vector<std::uint32_t> part_feature;   // which feature each part belongs to
  std::vector<std::int64_t> feature_fid;     // source FID of each feature
  std::vector<std::uint16_t> feature_class;  // index into class_names, per feature
  std::vector<std::string> class_names;      // "" is the class of lines without one
  // Features from this index on are a scenario's pave lines (DESIGN.md's `pave`), not roads: the
  // road graph leaves them out and the paved graph holds them beside the paved classes, so the
  // parts of roads they lie on count as paved. Kept in the same arrays so that one noding
  // (RoadGraph::build) serves both graphs; none by default.
  std::uint32_t first_pave_feature = std::numeric_limits<std::uint32_t>::max();
  bool is_pave(std::uint32_t feature) const { return feature >= first_pave_feature; }
  // Features that GEOS found invalid and make-valid changed while loading (the reader's count):
  // what the graph summary calls `repaired`.
  std::size_t repaired = 0;

  // Appends one feature with its line parts; returns its feature index.
  std::uint32_t add_feature(std::int64_t fid, const std::string& road_class,
                            const std::vector<geo::Polyline>& parts);
  std::size_t part_count() const { return part_feature.size(); }
};

// Gives every part among the first `part_count` a vertex at each of `points` that lies within
// tolerance_m of the inside of one of its segments (the nearest; ties to the lowest segment), so a
// line added later that ends there shares that vertex and is joined by the node rule. Returns the
// vertices inserted.
std::size_t insert_junctions(RoadLines& lines, std::size_t part_count,
                             std::span<const geo::Point> points, double tolerance_m);

// A pave line that does not lie on the roads: its feature index and how far (m) its farthest
// checked point lies from the nearest road.
struct OffRoadPave {
  std::uint32_t feature = 0;
  double distance_m = 0.0;
};

// The pave features (RoadLines::is_pave) with a vertex or a segment midpoint farther than
// tolerance_m from every road part, in feature order. Pave lines only upgrade roads that exist;
// one drawn beside the road would otherwise pave a road that is not there.
std::vector<OffRoadPave> pave_off_road(const RoadLines& lines, double tolerance_m);

struct NetworkOptions {
  double snap_m = 1.0;                      // end points closer than this are one node
  double max_access_m = 2000.0;             // furthest a village or facility may lie from a road
  std::vector<std::string> paved_classes;   // classes that count as paved
  std::map<std::string, double> speed_kmh;  // per class, for travel-time weights
  double default_speed_kmh = 20.0;          // classes not in speed_kmh
  double access_speed_kmh = 5.0;            // access legs are walked (travel-time rules)
  double service_area_width_m = 200.0;      // buffer width of service-area polygons
  unsigned threads = 1;                     // independent parts may run on this many threads
};

// What noding built and repaired (DESIGN.md's `graph` section counts the network as noded,
// before attachments).
struct GraphStats {
  std::size_t nodes = 0;
  std::size_t edges = 0;
  double road_km = 0.0;
  std::size_t components = 0;
  std::size_t bridges = 0;
  std::size_t snapped_joins = 0;       // end points moved onto a node by snap_m
  std::size_t dangles_near_lines = 0;  // degree-1 nodes within 10 m of an edge they are not on
  std::size_t repaired = 0;  // invalid geometries make-valid changed (RoadLines::repaired)
  // Ordinary data, kept in the graph as the node rule says and counted (DESIGN.md):
  std::size_t zero_length_segments = 0;  // repeated vertices dropped
  std::size_t duplicate_lines = 0;       // parts repeating an earlier one: parallel edges
  std::size_t self_loops = 0;            // edges from a node to itself (closed ways)
  std::size_t multipart_features = 0;
  // The road features (RoadLines indexes) holding those dead ends, ascending, each once: the
  // "dangles" warning names them (possible undershoots a planner should look at).
  std::vector<std::uint32_t> dangle_features;
};

// Where the seat is: a village location (from its id) or a lon/lat already transformed, or
// nothing (main component = most road length, seat = its node nearest the villages' centre).
struct SeatSpec {
  std::optional<geo::Point> location;
};

// A facility kind measured along roads. Facilities are located by one point each.
struct NetworkKind {
  std::string name;
  std::vector<geo::Point> facilities;
  std::optional<double> max_m;        // limit in metres (weights are lengths) ...
  std::optional<double> max_minutes;  // ... or in minutes (weights are travel times)
};

struct VillageNetwork {
  double road_dist_m = std::numeric_limits<double>::quiet_NaN();  // NaN when there is no road
  // Straight line to the nearest paved road (the Rural Access Index); NaN when none is paved.
  double paved_dist_m = std::numeric_limits<double>::quiet_NaN();
  bool road_access = false;
  std::optional<std::int64_t> component;  // null without road access
  bool connected = false;
  bool paved_connected = false;
  bool single_access = false;
};

struct KindResult {
  // Per village: distance in metres (or minutes for a max_minutes kind), null when unreachable,
  // and the index (into NetworkKind::facilities) of the nearest facility.
  std::vector<std::optional<double>> value;
  std::vector<std::optional<std::size_t>> nearest;
  // Per village that reaches a facility but beyond the limit (it fails the kind): its route to
  // the nearest facility along the roads, from the village through its access leg, the shortest
  // path and the facility's access leg to the facility; empty for every other village. Traced
  // only for failing villages; analysis::measure keeps those of flagged villages as its
  // NearestLine list and empties this, so a province's routes are held once.
  std::vector<geo::Polyline> route;
  // The reachable parts of edges within the limit (empty when nothing, or when no service areas
  // are wanted); buffered by service_area_width_m and dissolved they are the service area.
  std::vector<geo::Polyline> reach;
};

// One road edge of the noded network, for the `roads` output layer.
struct RoadEdge {
  // Its vertices: NetworkResult::road_geometry(e). One array for all edges rather than a vector
  // each: a province's million edges cost 80 MB and a million allocations less.
  std::uint64_t first_vertex = 0;
  double length_m = 0.0;
  std::int64_t source_fid = 0;
  std::int64_t component = 0;
  std::uint32_t vertex_count = 0;
  // Its class: NetworkResult::road_class(e). A number into one table of names rather than a
  // string each: 40 bytes an edge instead of 80, a gigabyte on a nation's 25 million edges.
  std::uint16_t class_index = 0;
  bool bridge = false;
};

struct NetworkResult {
  GraphStats graph;
  std::vector<VillageNetwork> villages;  // parallel to the village points given
  std::vector<KindResult> kinds;         // parallel to the kinds given
  std::vector<RoadEdge> roads;
  std::vector<std::string> road_class_names;  // by RoadEdge::class_index
  std::vector<geo::Point> road_vertices;      // every edge's vertices, edge after edge
  std::span<const geo::Point> road_geometry(std::size_t e) const {
    return {road_vertices.data() + roads[e].first_vertex, roads[e].vertex_count};
  }
  const std::string& road_class(std::size_t e) const {
    return road_class_names[roads[e].class_index];
  }
  geo::Point seat;  // where the seat node lies
  std::int64_t main_component = 0;
};

class RoadGraph;
class AttachedGraph;
struct PathSource;

// The network of one run, built once by the network stage and reused by measures and plans: the
// noded road graph, the graph of paved roads alone (when paved classes are given), and one
// attached graph in which every village with road access, the seat, every facility of every
// network kind and any extra points (plan candidates) are split into the edges they attach to.
class Network {
 public:
  // Components are numbered from 0 in decreasing order of road length (ties by lowest node), so
  // numbers are deterministic. `lines` must outlive the network.
  Network(const RoadLines& lines, const std::vector<geo::Point>& village_points,
          const std::vector<NetworkKind>& kinds, const std::vector<geo::Point>& extra_points,
          const SeatSpec& seat, const NetworkOptions& options);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Everything DESIGN.md defines for the villages and every network kind.
  NetworkResult measure() const;
  // Frees the graph of paved edges, which only measure() reads: the stages after it (criticality,
  // plans) then run with that much less memory. measure() afterwards throws.
  void release_paved();

  const NetworkOptions& options() const;
  const RoadGraph& roads() const;
  const AttachedGraph& attached() const;
  // Node of the attached graph and straight access leg (m) of village i / extra point i;
  // nullopt without road access within max_access_m.
  std::optional<std::uint32_t> village_node(std::size_t i) const;
  std::optional<std::uint32_t> extra_node(std::size_t i) const;
  double village_leg_m(std::size_t i) const;
  double extra_leg_m(std::size_t i) const;
  // Straight access leg (m) of facility f of network kind k; nullopt when it does not attach.
  std::optional<double> facility_leg_m(std::size_t k, std::size_t f) const;
  // The seat's node in the attached graph; nullopt when the graph has no edge.
  std::optional<std::uint32_t> seat_node() const;
  // Per edge of the attached graph: travel minutes at the class speeds (access legs excluded).
  std::vector<double> minutes_weights() const;
  // Per edge of the attached graph: its length in metres, as a search's weights.
  std::vector<double> length_weights() const;
  double access_minutes(double leg_m) const;

  // The network kinds as given, and kind k's facilities as search sources: their nodes in the
  // attached graph, the access leg as starting cost (minutes for a max_minutes kind) and the
  // facility's index as label; facilities without road access are left out.
  const std::vector<NetworkKind>& kinds() const;
  std::vector<PathSource> kind_sources(std::size_t k) const;

  // Networks built by this process so far (a test checks that one run builds one).
  static std::size_t builds();

 private:
  // The `network` rule's values, nearest facilities and reached pieces of every kind.
  void measure_kinds(const std::vector<double>& length_weight,
                     std::vector<KindResult>& kinds) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Builds the network and measures it: Network(...).measure(), for callers that need nothing else.
NetworkResult analyze_network(const RoadLines& lines, const std::vector<geo::Point>& village_points,
                              const std::vector<NetworkKind>& kinds, const SeatSpec& seat,
                              const NetworkOptions& options);

}  // namespace infracov::analysis
