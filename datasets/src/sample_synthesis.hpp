// Internals of the banner sample synthesis shared by the sample_*.cpp files: its dimensions, the
// road lines and pockets it works on, the geometry helpers and the Builder that runs the steps.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "plane.hpp"
#include "sample_model.hpp"

// A nested namespace: these generic names (Line, Pocket, Builder) must not meet another
// generator's types in infracov::datasets::detail.
namespace infracov::datasets::detail::synthesis {

inline constexpr double kGridStepM = 2000.0;
inline constexpr double kGridMarginCapM =
    5000.0;  // grid margins are only compared with smaller values
inline constexpr double kVillageSpacingM = 2500.0;
inline constexpr double kAreaPerVillageM2 = 30.0e6;  // sets the radius of a town's village cloud
inline constexpr double kPocketRadiusM = 6000.0;     // main roads stay outside this disc
inline constexpr double kPocketVillageGapM =
    7000.0;  // main villages stay this far from a pocket centre
inline constexpr double kPocketHighwayGapM = 7500.0;
inline constexpr double kPocketSeatGapM = 11000.0;
inline constexpr double kPocketSpacingM = 18000.0;
inline constexpr double kClinicIsolationM =
    6000.0;                                    // > 5 km: no standardized clinic within 5 km by road
inline constexpr double kIsolationM = 3500.0;  // no-power and no-water villages
inline constexpr double kWaterDiscM = 1200.0;
inline constexpr double kPowerDetourM = 1600.0;
inline constexpr double kRoadTargetM = 5'500'000.0;
inline constexpr double kPavedTargetM = 1'750'000.0;
inline constexpr double kPowerTargetM = 1'790'000.0;
inline constexpr std::size_t kClinicCount = 427;
inline constexpr std::size_t kStoreCount = 209;
inline constexpr std::size_t kCultureRoomCount = 292;
inline constexpr std::size_t kWellCount = 60;
inline constexpr double kStoreReachM = 3000.0;  // 便民超市: a store in the village or this near
inline constexpr double kTelecomCellM = 1000.0;  // coverage radius of a village mast
inline constexpr double kTelecomMastOffsetM = 200.0;
inline constexpr double kSnapM = 1.0;
inline constexpr double kDangleNearM = 10.0;

enum class LineKind { kHighway, kRing, kSpoke, kParallel, kPlanted };

struct Line {
  Polyline v;
  LineKind kind = LineKind::kRing;
  std::string road_class;  // set for highways and planted lines; village roads get theirs last
  std::string name;
  int pocket = -1;  // planted lines: which pocket
};

enum class PocketKind { kNoRoad, kIsland, kChain, kPetal };

struct Pocket {
  PocketKind kind;
  Point centre;
  std::size_t town = 0;
  std::vector<std::size_t> villages;  // model village indexes
  Point junction{};                   // J, where a chain or petal meets the main network
  // The petal's gravel track: from the petal's middle to track_end, away from J; its village
  // clinics stand beyond the end (make_facilities), reached only over this gravel.
  std::size_t track_line = SIZE_MAX;  // index into Builder::lines_
  Point track_end{};
  Point track_dir{};  // unit, outward along the track
};

// The banner boundary with its segments bucketed in square cells, for "is p at least this far
// from the edge" questions asked thousands of times while placing things.
class Boundary {
 public:
  explicit Boundary(const Polyline& ring);
  bool contains(Point p) const { return ring_contains(ring_, p); }
  const geo::Envelope& box() const { return box_; }
  // Distance to the boundary line, or `cap_m` when it is farther than that.
  double distance_m(Point p, double cap_m) const;

 private:
  static constexpr double kCellM = 4000.0;
  std::size_t column(double x) const {
    return static_cast<std::size_t>(
        std::clamp((x - box_.min_x) / kCellM, 0.0, static_cast<double>(columns_ - 1)));
  }
  std::size_t row(double y) const {
    return static_cast<std::size_t>(
        std::clamp((y - box_.min_y) / kCellM, 0.0, static_cast<double>(rows_ - 1)));
  }
  const Polyline& ring_;
  geo::Envelope box_;
  std::size_t columns_ = 0;
  std::size_t rows_ = 0;
  std::vector<std::vector<std::size_t>> cells_;
};

// sample_geometry.cpp: line edits for the road and power layouts.
void detour_around(Polyline& line, Point centre, double radius_m, int& uses);
Polyline bent_line(Random& rng, Point a, Point b, int bends, double wiggle);
void node_crossings(std::vector<Line>& lines);

// One attempt at a layout. build() runs the steps in a fixed order (most draw from rng_, so the
// order is part of the output) and throws std::runtime_error when a self-check rejects the result.
class Builder {
 public:
  Builder(const std::vector<VillageRecord>& records, const Polyline& boundary, std::uint64_t seed,
          int attempt);

  SampleModel build();

 private:
  [[noreturn]] void reject(const std::string& why) { throw std::runtime_error(why); }

  bool inside(Point p, double margin_m) const {
    return boundary_.contains(p) && boundary_.distance_m(p, margin_m) >= margin_m;
  }

  // sample_towns.cpp: the grid, the towns and their seats, the highways between seats.
  void make_grid();
  void make_towns();
  bool has_bridge(std::size_t n, const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                  std::pair<std::size_t, std::size_t>* bridge) const;
  void make_highways();

  // sample_villages.cpp: the pockets, the defect roles and where each village goes.
  std::size_t nearest_town(Point p) const;
  std::vector<std::size_t> take_villages(std::size_t town, std::size_t count, Role role);
  std::size_t spare(std::size_t town) const;
  void choose_pockets();
  void choose_isolated();
  void place(std::size_t v, double inner_fraction);
  void place_villages();

  // sample_roads.cpp: village roads, the planted pocket structures, road classes.
  bool on_main_ring(std::size_t v) const;
  std::vector<std::size_t> ring_of(std::size_t t) const;
  void add_regular(Line line);
  double total_length_m() const;
  void make_village_roads();
  Point junction_near(Point p);
  void add_planted(std::size_t pocket, Polyline v, const std::string& road_class);
  void build_pockets();
  void classify_roads();

  // sample_services.cpp: power lines, water, and the facilities.
  void make_power();
  void make_water();
  Point near(std::size_t v, double min_m, double max_m) { return near(v, min_m, max_m, rng_); }
  Point near(std::size_t v, double min_m, double max_m, Random& rng) const;
  void make_facilities();

  // sample_checklist.cpp: the checklist's defects (clinics registered to the seat, lost water
  // supply, stores and culture rooms moved away, telecom gaps), drawn from a stream of their own
  // so that every layer made before keeps its geometry.
  void plant_checklist();

  // sample_checks.cpp: the self-checks on the finished layout.
  std::pair<double, std::size_t> nearest_road(Point p) const;
  int pocket_of(std::size_t v) const;
  void check_layout();
  void count_graph_defects();

  const std::vector<VillageRecord>& records_;
  Boundary boundary_;
  Random rng_;
  SampleModel model_;
  std::vector<Point> grid_;
  std::vector<double> grid_margin_;
  std::vector<double> radius_;
  std::vector<Line> lines_;
  std::vector<std::pair<std::size_t, std::size_t>> highway_ends_;
  std::vector<Pocket> pockets_;
  std::vector<int> pocket_uses_;
  std::vector<bool> placed_;
  std::vector<double> exclusion_;
  std::vector<Point> road_vertex_;
  std::vector<Point> power_vertex_;
};

}  // namespace infracov::datasets::detail::synthesis
