// Synthesis of the banner sample. The construction guarantees the planted outcomes; the self-checks
// at the end (check_layout) confirm them on the finished geometry and reject a layout that breaks
// one, in which case the next attempt of the same seed is tried.
//
// How the road network is made, and why each planted outcome holds:
// - Towns: 15 seats spread by k-means over the boundary; villages placed around their seat with a
//   minimum spacing, each on a "road vertex" 60-250 m from the village point.
// - Main network (all roads but the planted ones): highways between seats (a mesh made of the
//   Gabriel graph plus each seat's two nearest neighbours, extra links added until no highway is a
//   bridge), one ring road per town through its villages in angular order around the seat, at least
//   two spokes from the seat to the ring, and gravel roads that run parallel to ring sections.
//   Every line of it lies on a cycle (a ring, spoke pairs closing over the ring, the bridgeless
//   highway mesh, parallels beside their ring section), and every crossing is noded with one shared
//   vertex (node_crossings), so the main network has no bridge and each of its villages is on a
//   loop.
// - Pockets: four discs of radius kPocketRadiusM away from highways and seats; main roads are
//   routed around them (detour_around) and no main village lies inside. Each planted structure is
//   built inside its disc and touches the main network only at J, the point of the main network
//   nearest the pocket centre: every point of a segment from J into the disc is nearer the centre
//   than J is, so it can neither cross nor touch any other main road.
//   * A, no road: three villages near the centre, more than 2 km from every road.
//   * B, island: three villages on a road path with a spur; a main dead-end spur from J crosses
//     the path without a shared vertex (the overpass) and ends 5 m from the island spur's end (the
//     near miss that must stay apart). Either wrong join would connect the island.
//   * C, chain: a triangle road through three villages hung from J by one line, the only bridge
//     between them and the seat: single_access for exactly those three.
//   * D, petal: a triangle loop through two villages whose two ends meet 0.3 m from J, an end point
//     of the main network (the line is split there). Only the snap joins them.
// - Other defects are isolations rather than geometry: the no-clinic, no-power and no-water
//   villages keep every other village (and so every standardized clinic, power vertex and service
//   disc) far away, and power lines are routed around the no-power villages.
#include "sample_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "plane.hpp"

namespace infracov::datasets::detail {
namespace {

constexpr double kGridStepM = 2000.0;
constexpr double kGridMarginCapM = 5000.0;  // grid margins are only compared with smaller values
constexpr double kVillageSpacingM = 2500.0;
constexpr double kAreaPerVillageM2 = 30.0e6;   // sets the radius of a town's village cloud
constexpr double kPocketRadiusM = 6000.0;      // main roads stay outside this disc
constexpr double kPocketVillageGapM = 7000.0;  // main villages stay this far from a pocket centre
constexpr double kPocketHighwayGapM = 7500.0;
constexpr double kPocketSeatGapM = 11000.0;
constexpr double kPocketSpacingM = 18000.0;
constexpr double kClinicIsolationM = 6000.0;  // > 5 km: no standardized clinic within 5 km by road
constexpr double kIsolationM = 3500.0;        // no-power and no-water villages
constexpr double kWaterDiscM = 1200.0;
constexpr double kPowerDetourM = 1600.0;
constexpr double kRoadTargetM = 5'500'000.0;
constexpr double kPavedTargetM = 1'750'000.0;
constexpr double kPowerTargetM = 1'790'000.0;
constexpr std::size_t kClinicCount = 427;
constexpr std::size_t kStoreCount = 209;
constexpr std::size_t kCultureRoomCount = 292;
constexpr std::size_t kWellCount = 60;
constexpr double kSnapM = 1.0;
constexpr double kDangleNearM = 10.0;

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
};

// The banner boundary with its segments bucketed in square cells, for "is p at least this far
// from the edge" questions asked thousands of times while placing things.
class Boundary {
 public:
  explicit Boundary(const Polyline& ring) : ring_(ring) {
    for (const auto& p : ring) box_.expand(p);
    columns_ = static_cast<std::size_t>((box_.max_x - box_.min_x) / kCellM) + 1;
    rows_ = static_cast<std::size_t>((box_.max_y - box_.min_y) / kCellM) + 1;
    cells_.resize(columns_ * rows_);
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
      geo::Envelope e;
      e.expand(ring[i]);
      e.expand(ring[i + 1]);
      for (std::size_t r = row(e.min_y); r <= row(e.max_y); ++r) {
        for (std::size_t c = column(e.min_x); c <= column(e.max_x); ++c)
          cells_[r * columns_ + c].push_back(i);
      }
    }
  }
  bool contains(Point p) const { return ring_contains(ring_, p); }
  const geo::Envelope& box() const { return box_; }
  // Distance to the boundary line, or `cap_m` when it is farther than that.
  double distance_m(Point p, double cap_m) const {
    double best = cap_m;
    for (std::size_t r = row(p.y - cap_m); r <= row(p.y + cap_m); ++r) {
      for (std::size_t c = column(p.x - cap_m); c <= column(p.x + cap_m); ++c) {
        for (std::size_t i : cells_[r * columns_ + c]) {
          best = std::min(best, segment_distance_m(p, ring_[i], ring_[i + 1]));
        }
      }
    }
    return best;
  }

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

// Replaces every part of `line` that enters the disc (centre, radius) by an arc outside it. The arc
// radius grows with `uses` so two detours around one disc never overlap.
void detour_around(Polyline& line, Point centre, double radius_m, int& uses) {
  for (auto& p : line) {
    const double d = distance_m(p, centre);
    if (d < radius_m + 100.0) {
      const Point dir = d > 0.0 ? unit(p - centre) : Point{1.0, 0.0};
      p = centre + dir * (radius_m + 250.0);
    }
  }
  Polyline out;
  out.push_back(line.front());
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const Point a = line[i];
    const Point b = line[i + 1];
    if (segment_distance_m(centre, a, b) < radius_m + 100.0) {
      const double arc_m = radius_m + 180.0 + 90.0 * uses;
      const double ta = std::atan2(a.y - centre.y, a.x - centre.x);
      const double tb = std::atan2(b.y - centre.y, b.x - centre.x);
      double sweep = tb - ta;
      while (sweep > kPi) sweep -= 2 * kPi;
      while (sweep <= -kPi) sweep += 2 * kPi;
      // A small angular inset per use keeps the legs of two detours from one vertex apart.
      const double inset = 0.004 * (uses + 1) * (sweep >= 0 ? 1.0 : -1.0);
      const double from = ta + inset;
      const double to = tb - inset;
      const int steps = std::max(2, static_cast<int>(std::ceil(std::abs(to - from) / (kPi / 18))));
      for (int s = 0; s <= steps; ++s) {
        out.push_back(centre + polar(arc_m, from + (to - from) * s / steps));
      }
      ++uses;
    }
    out.push_back(b);
  }
  line = std::move(out);
}

// A line from a to b with `bends` interior vertices pushed sideways by up to `wiggle` of its
// length.
Polyline bent_line(Random& rng, Point a, Point b, int bends, double wiggle) {
  Polyline out{a};
  const Point side = perpendicular(b - a);
  for (int i = 1; i <= bends; ++i) {
    const double t = static_cast<double>(i) / (bends + 1);
    out.push_back(a + (b - a) * t + side * rng.uniform(-wiggle, wiggle));
  }
  out.push_back(b);
  return out;
}

struct SegmentRef {
  std::size_t line;
  std::size_t seg;
};

// Gives every proper crossing between lines a vertex shared by both (the same double values), so
// the lines meet there as DESIGN.md's noding sees it.
void node_crossings(std::vector<Line>& lines) {
  std::vector<SegmentRef> segs;
  std::vector<geo::Envelope> boxes;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    for (std::size_t s = 0; s + 1 < lines[l].v.size(); ++s) {
      segs.push_back({l, s});
      geo::Envelope e;
      e.expand(lines[l].v[s]);
      e.expand(lines[l].v[s + 1]);
      boxes.push_back(e);
    }
  }
  // Per line and segment: (parameter, point) of the crossings found on it.
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::pair<double, Point>>> inserts;
  std::vector<std::size_t> order(segs.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t i, std::size_t j) { return boxes[i].min_x < boxes[j].min_x; });
  for (std::size_t oi = 0; oi < order.size(); ++oi) {
    const std::size_t i = order[oi];
    for (std::size_t oj = oi + 1; oj < order.size(); ++oj) {
      const std::size_t j = order[oj];
      if (boxes[j].min_x > boxes[i].max_x) break;
      if (boxes[j].min_y > boxes[i].max_y || boxes[j].max_y < boxes[i].min_y) continue;
      if (segs[i].line == segs[j].line) continue;
      const Line& li = lines[segs[i].line];
      const Line& lj = lines[segs[j].line];
      const auto c = proper_crossing(li.v[segs[i].seg], li.v[segs[i].seg + 1], lj.v[segs[j].seg],
                                     lj.v[segs[j].seg + 1]);
      if (!c) continue;
      inserts[{segs[i].line, segs[i].seg}].push_back({c->t, c->at});
      inserts[{segs[j].line, segs[j].seg}].push_back({c->u, c->at});
    }
  }
  for (std::size_t l = 0; l < lines.size(); ++l) {
    Polyline out;
    const Polyline& v = lines[l].v;
    for (std::size_t s = 0; s + 1 < v.size(); ++s) {
      out.push_back(v[s]);
      auto it = inserts.find({l, s});
      if (it == inserts.end()) continue;
      auto cuts = it->second;
      std::sort(cuts.begin(), cuts.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& cut : cuts) out.push_back(cut.second);
    }
    out.push_back(v.back());
    lines[l].v = std::move(out);
  }
}

std::uint64_t point_key(Point p) {
  std::uint64_t kx = 0;
  std::uint64_t ky = 0;
  std::memcpy(&kx, &p.x, sizeof kx);
  std::memcpy(&ky, &p.y, sizeof ky);
  return kx * 0x9E3779B97F4A7C15ULL ^ ky;
}

class Builder {
 public:
  Builder(const std::vector<VillageRecord>& records, const Polyline& boundary, std::uint64_t seed,
          int attempt)
      : records_(records), boundary_(boundary), rng_(seed * 0x100000001B3ULL + 7919ULL * attempt) {
    model_.seed = seed;
    model_.attempt = attempt;
  }

  SampleModel build() {
    make_grid();
    make_towns();
    make_highways();
    choose_pockets();
    choose_isolated();
    place_villages();
    make_village_roads();
    node_crossings(lines_);
    build_pockets();
    classify_roads();
    make_power();
    make_water();
    make_facilities();
    check_layout();
    for (auto& line : lines_) {
      model_.roads.push_back({std::move(line.v), line.road_class, line.name});
    }
    return std::move(model_);
  }

 private:
  [[noreturn]] void reject(const std::string& why) { throw std::runtime_error(why); }

  bool inside(Point p, double margin_m) const {
    return boundary_.contains(p) && boundary_.distance_m(p, margin_m) >= margin_m;
  }

  void make_grid() {
    const geo::Envelope& box = boundary_.box();
    for (double y = box.min_y + kGridStepM / 2; y < box.max_y; y += kGridStepM) {
      for (double x = box.min_x + kGridStepM / 2; x < box.max_x; x += kGridStepM) {
        const Point p{x, y};
        if (!boundary_.contains(p)) continue;
        grid_.push_back(p);
        grid_margin_.push_back(boundary_.distance_m(p, kGridMarginCapM));
      }
    }
  }

  // k-means over the grid: seats end up at the centres of similar shares of the banner.
  void make_towns() {
    std::map<std::string, std::size_t> town_of_code;
    for (std::size_t r = 0; r < records_.size(); ++r) {
      auto [it, added] = town_of_code.try_emplace(records_[r].town_code, model_.towns.size());
      if (added) model_.towns.push_back({records_[r].town_code, records_[r].town_name, {}, {}});
      model_.towns[it->second].villages.push_back(r);
    }
    const std::size_t k = model_.towns.size();
    std::vector<Point> centres;
    centres.push_back(grid_[rng_.index(grid_.size())]);
    while (centres.size() < k) {  // k-means++ seeding, with our own random source
      std::vector<double> weight(grid_.size());
      double total = 0.0;
      for (std::size_t g = 0; g < grid_.size(); ++g) {
        double best = std::numeric_limits<double>::infinity();
        for (const auto& c : centres) best = std::min(best, distance_m(grid_[g], c));
        weight[g] = best * best;
        total += weight[g];
      }
      double pick = rng_.uniform() * total;
      std::size_t g = 0;
      while (g + 1 < grid_.size() && pick >= weight[g]) pick -= weight[g++];
      centres.push_back(grid_[g]);
    }
    for (int iteration = 0; iteration < 40; ++iteration) {
      std::vector<Point> sum(k);
      std::vector<double> count(k, 0.0);
      for (const auto& p : grid_) {
        std::size_t best = 0;
        for (std::size_t c = 1; c < k; ++c) {
          if (distance_m(p, centres[c]) < distance_m(p, centres[best])) best = c;
        }
        sum[best] = sum[best] + p;
        count[best] += 1.0;
      }
      for (std::size_t c = 0; c < k; ++c) {
        if (count[c] > 0) centres[c] = sum[c] * (1.0 / count[c]);
      }
    }
    for (auto& c : centres) {  // a centroid of a curved cell can fall outside or on the edge
      if (boundary_.contains(c) && boundary_.distance_m(c, 4000.0) >= 4000.0) continue;
      double best = std::numeric_limits<double>::infinity();
      Point moved = c;
      for (std::size_t g = 0; g < grid_.size(); ++g) {
        if (grid_margin_[g] >= 4000.0 && distance_m(grid_[g], c) < best) {
          best = distance_m(grid_[g], c);
          moved = grid_[g];
        }
      }
      c = moved;
    }
    // The banner seat (town 0, Ganjig) takes the most southern-western centre, as the real town
    // lies in the south-west of the banner; the others follow by distance from it.
    std::size_t first = 0;
    for (std::size_t c = 1; c < k; ++c) {
      if (centres[c].x + centres[c].y < centres[first].x + centres[first].y) first = c;
    }
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return distance_m(centres[a], centres[first]) < distance_m(centres[b], centres[first]);
    });
    for (std::size_t t = 0; t < k; ++t) model_.towns[t].seat = centres[order[t]];
    radius_.resize(k);
    for (std::size_t t = 0; t < k; ++t) {
      radius_[t] =
          std::sqrt(static_cast<double>(model_.towns[t].villages.size()) * kAreaPerVillageM2 / kPi);
    }
    // Villages follow the reference order; the first of each town is its seat.
    model_.villages.resize(records_.size());
    for (std::size_t t = 0; t < k; ++t) {
      for (std::size_t r : model_.towns[t].villages) {
        model_.villages[r].record = r;
        model_.villages[r].town = t;
      }
      const std::size_t seat = model_.towns[t].villages.front();
      model_.villages[seat].role = Role::kSeat;
      model_.villages[seat].location = model_.towns[t].seat;
    }
    placed_.assign(records_.size(), false);
    exclusion_.assign(records_.size(), kVillageSpacingM);
    for (const auto& town : model_.towns) placed_[town.villages.front()] = true;
  }

  bool has_bridge(std::size_t n, const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                  std::pair<std::size_t, std::size_t>* bridge) const {
    for (std::size_t skip = 0; skip < edges.size(); ++skip) {
      std::vector<std::size_t> comp(n);
      std::iota(comp.begin(), comp.end(), 0);
      const auto find = [&](std::size_t x) {
        while (comp[x] != x) x = comp[x] = comp[comp[x]];
        return x;
      };
      for (std::size_t e = 0; e < edges.size(); ++e) {
        if (e != skip) comp[find(edges[e].first)] = find(edges[e].second);
      }
      if (find(edges[skip].first) != find(edges[skip].second)) {
        *bridge = edges[skip];
        return true;
      }
    }
    return false;
  }

  void make_highways() {
    const std::size_t k = model_.towns.size();
    const auto seat = [&](std::size_t t) { return model_.towns[t].seat; };
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    const auto add = [&](std::size_t a, std::size_t b) {
      if (a > b) std::swap(a, b);
      if (std::find(edges.begin(), edges.end(), std::pair{a, b}) == edges.end())
        edges.push_back({a, b});
    };
    for (std::size_t a = 0; a < k; ++a) {
      for (std::size_t b = a + 1; b < k; ++b) {  // Gabriel graph: planar, connected, has loops
        const Point mid = (seat(a) + seat(b)) * 0.5;
        const double r = distance_m(seat(a), seat(b)) / 2;
        bool empty = true;
        for (std::size_t c = 0; c < k; ++c) {
          if (c != a && c != b && distance_m(seat(c), mid) < r) empty = false;
        }
        if (empty) add(a, b);
      }
      std::vector<std::size_t> near(k);
      std::iota(near.begin(), near.end(), 0);
      std::sort(near.begin(), near.end(), [&](std::size_t x, std::size_t y) {
        return distance_m(seat(x), seat(a)) < distance_m(seat(y), seat(a));
      });
      add(a, near[1]);
      add(a, near[2]);
    }
    std::pair<std::size_t, std::size_t> bridge;
    while (has_bridge(k, edges, &bridge)) {
      // Link the seat of the bridge's smaller side to its nearest seat not yet linked to it.
      const std::size_t from = bridge.first;
      double best = std::numeric_limits<double>::infinity();
      std::size_t to = from;
      for (std::size_t c = 0; c < k; ++c) {
        const auto e = std::pair{std::min(from, c), std::max(from, c)};
        if (c == from || std::find(edges.begin(), edges.end(), e) != edges.end()) continue;
        if (distance_m(seat(c), seat(from)) < best) {
          best = distance_m(seat(c), seat(from));
          to = c;
        }
      }
      add(from, to);
    }
    // Minimum spanning tree edges are the provincial trunk; links at the banner seat are national.
    std::vector<std::size_t> by_length(edges.size());
    std::iota(by_length.begin(), by_length.end(), 0);
    std::sort(by_length.begin(), by_length.end(), [&](std::size_t x, std::size_t y) {
      return distance_m(seat(edges[x].first), seat(edges[x].second)) <
             distance_m(seat(edges[y].first), seat(edges[y].second));
    });
    std::vector<std::size_t> comp(k);
    std::iota(comp.begin(), comp.end(), 0);
    const auto find = [&](std::size_t x) {
      while (comp[x] != x) x = comp[x] = comp[comp[x]];
      return x;
    };
    std::vector<bool> in_tree(edges.size(), false);
    for (std::size_t e : by_length) {
      const std::size_t a = find(edges[e].first);
      const std::size_t b = find(edges[e].second);
      if (a != b) {
        comp[a] = b;
        in_tree[e] = true;
      }
    }
    // The national road runs along the longest path of the tree (a trunk across the banner) and
    // on every link of the banner seat.
    std::vector<bool> trunk(edges.size(), false);
    {
      const auto farthest = [&](std::size_t from, std::vector<std::size_t>& via) {
        std::vector<double> dist(k, -1.0);
        via.assign(k, SIZE_MAX);
        dist[from] = 0.0;
        std::vector<std::size_t> todo{from};
        while (!todo.empty()) {
          const std::size_t n = todo.back();
          todo.pop_back();
          for (std::size_t e = 0; e < edges.size(); ++e) {
            if (!in_tree[e] || (edges[e].first != n && edges[e].second != n)) continue;
            const std::size_t m = edges[e].first == n ? edges[e].second : edges[e].first;
            if (dist[m] >= 0.0) continue;
            dist[m] = dist[n] + distance_m(seat(n), seat(m));
            via[m] = e;
            todo.push_back(m);
          }
        }
        return static_cast<std::size_t>(std::max_element(dist.begin(), dist.end()) - dist.begin());
      };
      std::vector<std::size_t> via;
      const std::size_t end_a = farthest(0, via);
      const std::size_t end_b = farthest(end_a, via);
      for (std::size_t n = end_b; n != end_a;) {
        trunk[via[n]] = true;
        n = edges[via[n]].first == n ? edges[via[n]].second : edges[via[n]].first;
      }
    }
    for (std::size_t e = 0; e < edges.size(); ++e) {
      const auto [a, b] = edges[e];
      Line line;
      line.kind = LineKind::kHighway;
      line.road_class = (trunk[e] || a == 0 || b == 0) ? "national"
                        : in_tree[e]                   ? "provincial"
                                                       : "county";
      line.name = model_.towns[a].name + "—" + model_.towns[b].name;
      highway_ends_.push_back({a, b});
      line.v = bent_line(rng_, seat(a), seat(b), 3, 0.03);
      lines_.push_back(std::move(line));
    }
  }

  std::size_t nearest_town(Point p) const {
    std::size_t best = 0;
    for (std::size_t t = 1; t < model_.towns.size(); ++t) {
      if (distance_m(p, model_.towns[t].seat) < distance_m(p, model_.towns[best].seat)) best = t;
    }
    return best;
  }

  // The last villages of a town's list that no role has taken yet (never the seat).
  std::vector<std::size_t> take_villages(std::size_t town, std::size_t count, Role role) {
    std::vector<std::size_t> taken;
    const auto& list = model_.towns[town].villages;
    for (std::size_t i = list.size() - 1; i > 0 && taken.size() < count; --i) {
      if (model_.villages[list[i]].role == Role::kRegular) {
        model_.villages[list[i]].role = role;
        taken.push_back(list[i]);
      }
    }
    return taken;
  }

  std::size_t spare(std::size_t town) const {
    std::size_t n = 0;
    for (std::size_t r : model_.towns[town].villages)
      n += model_.villages[r].role == Role::kRegular;
    return n;
  }

  void choose_pockets() {
    constexpr std::array<PocketKind, 4> kinds{PocketKind::kNoRoad, PocketKind::kIsland,
                                              PocketKind::kChain, PocketKind::kPetal};
    std::vector<std::size_t> eligible;
    for (std::size_t g = 0; g < grid_.size(); ++g) {
      if (grid_margin_[g] < 3500.0) continue;
      bool ok = true;
      for (const auto& town : model_.towns)
        ok = ok && distance_m(grid_[g], town.seat) >= kPocketSeatGapM;
      for (const auto& line : lines_)
        ok = ok && polyline_distance_m(grid_[g], line.v) >= kPocketHighwayGapM;
      if (ok) eligible.push_back(g);
    }
    for (PocketKind kind : kinds) {
      const std::size_t needed = kind == PocketKind::kPetal ? 2 : 3;
      std::vector<std::size_t> candidates;
      for (std::size_t g : eligible) {
        bool ok = spare(nearest_town(grid_[g])) >= needed + 5;
        for (const auto& p : pockets_) ok = ok && distance_m(grid_[g], p.centre) >= kPocketSpacingM;
        if (ok) candidates.push_back(g);
      }
      if (candidates.empty()) reject("no room for a pocket");
      Pocket pocket{kind, grid_[candidates[rng_.index(candidates.size())]], 0, {}};
      pocket.town = nearest_town(pocket.centre);
      const Role role = kind == PocketKind::kNoRoad   ? Role::kNoRoad
                        : kind == PocketKind::kIsland ? Role::kIsland
                        : kind == PocketKind::kChain  ? Role::kChain
                                                      : Role::kPetal;
      pocket.villages = take_villages(pocket.town, needed, role);
      for (std::size_t v : pocket.villages) placed_[v] = true;  // positioned in build_pockets
      pockets_.push_back(std::move(pocket));
    }
  }

  void choose_isolated() {
    std::vector<std::size_t> towns(model_.towns.size());
    std::iota(towns.begin(), towns.end(), 0);
    for (std::size_t i = towns.size() - 1; i > 0; --i)
      std::swap(towns[i], towns[rng_.index(i + 1)]);
    std::size_t next = 0;
    for (Role role : {Role::kNoClinic, Role::kNoPower, Role::kNoWater}) {
      for (int n = 0; n < 3; ++n) {
        std::size_t town = towns[next++ % towns.size()];
        while (spare(town) < 6) town = towns[next++ % towns.size()];
        const std::size_t v = take_villages(town, 1, role).front();
        exclusion_[v] = role == Role::kNoClinic ? kClinicIsolationM : kIsolationM;
        place(v, 0.5);
      }
    }
  }

  // Places village v around its seat: inside the boundary, clear of pockets and of every placed
  // village's exclusion radius (and v's own).
  void place(std::size_t v, double inner_fraction) {
    const std::size_t t = model_.villages[v].town;
    double radius = radius_[t];
    for (int widen = 0; widen < 8; ++widen, radius *= 1.15) {
      for (int attempt = 0; attempt < 3000; ++attempt) {
        const double r = radius * std::sqrt(rng_.uniform(inner_fraction * inner_fraction, 1.0));
        const Point p = model_.towns[t].seat + polar(r, rng_.uniform(0, 2 * kPi));
        bool ok = true;
        for (const auto& pocket : pockets_)
          ok = ok && distance_m(p, pocket.centre) >= kPocketVillageGapM;
        for (std::size_t o = 0; ok && o < model_.villages.size(); ++o) {
          if (!placed_[o] || model_.villages[o].role == Role::kNoRoad ||
              model_.villages[o].role == Role::kIsland || model_.villages[o].role == Role::kChain ||
              model_.villages[o].role == Role::kPetal) {
            continue;
          }
          ok = distance_m(p, model_.villages[o].location) >= std::max(exclusion_[o], exclusion_[v]);
        }
        if (ok && inside(p, 1500.0)) {
          model_.villages[v].location = p;
          placed_[v] = true;
          return;
        }
      }
    }
    reject("no room for a village");
  }

  void place_villages() {
    for (std::size_t v = 0; v < model_.villages.size(); ++v) {
      if (!placed_[v]) place(v, 0.15);
    }
    for (auto& village : model_.villages) {
      const bool seat = village.role == Role::kSeat;
      village.population =
          static_cast<std::int64_t>(seat ? rng_.uniform(2500, 5500) : rng_.uniform(400, 1600));
    }
    road_vertex_.resize(model_.villages.size());
    power_vertex_.resize(model_.villages.size());
    for (std::size_t v = 0; v < model_.villages.size(); ++v) {
      road_vertex_[v] =
          model_.villages[v].location + polar(rng_.uniform(60, 250), rng_.uniform(0, 2 * kPi));
      power_vertex_[v] =
          model_.villages[v].location + polar(rng_.uniform(80, 200), rng_.uniform(0, 2 * kPi));
    }
    // Highways start at the seats' road vertices.
    for (std::size_t e = 0; e < highway_ends_.size(); ++e) {
      lines_[e].v.front() = road_vertex_[model_.towns[highway_ends_[e].first].villages.front()];
      lines_[e].v.back() = road_vertex_[model_.towns[highway_ends_[e].second].villages.front()];
    }
  }

  bool on_main_ring(std::size_t v) const {
    const Role r = model_.villages[v].role;
    return r == Role::kRegular || r == Role::kNoClinic || r == Role::kNoPower ||
           r == Role::kNoWater;
  }

  // Ring members of town t in angular order around the seat.
  std::vector<std::size_t> ring_of(std::size_t t) const {
    std::vector<std::size_t> ring;
    for (std::size_t v : model_.towns[t].villages) {
      if (on_main_ring(v)) ring.push_back(v);
    }
    const Point seat = model_.towns[t].seat;
    std::sort(ring.begin(), ring.end(), [&](std::size_t a, std::size_t b) {
      const Point pa = model_.villages[a].location - seat;
      const Point pb = model_.villages[b].location - seat;
      return std::atan2(pa.y, pa.x) < std::atan2(pb.y, pb.x);
    });
    return ring;
  }

  void add_regular(Line line) {
    for (std::size_t p = 0; p < pockets_.size(); ++p) {
      detour_around(line.v, pockets_[p].centre, kPocketRadiusM, pocket_uses_[p]);
    }
    lines_.push_back(std::move(line));
  }

  double total_length_m() const {
    double total = 0.0;
    for (const auto& line : lines_) total += polyline_length_m(line.v);
    return total;
  }

  void make_village_roads() {
    pocket_uses_.assign(pockets_.size(), 0);
    {  // highways were made before the pockets existed, but keep clear of them anyway
      std::vector<Line> highways = std::move(lines_);
      lines_.clear();
      for (auto& line : highways) add_regular(std::move(line));
    }
    std::vector<std::pair<std::size_t, std::size_t>> ring_sections;
    for (std::size_t t = 0; t < model_.towns.size(); ++t) {
      const auto ring = ring_of(t);
      if (ring.size() < 3) reject("ring too small");
      for (std::size_t i = 0; i < ring.size(); ++i) {
        const std::size_t a = ring[i];
        const std::size_t b = ring[(i + 1) % ring.size()];
        ring_sections.push_back({a, b});
        add_regular({bent_line(rng_, road_vertex_[a], road_vertex_[b], 1, 0.08), LineKind::kRing,
                     "", "", -1});
      }
      const Point seat = road_vertex_[model_.towns[t].villages.front()];
      const std::size_t spokes = std::max<std::size_t>(2, ring.size() / 4);
      for (std::size_t s = 0; s < spokes; ++s) {
        const std::size_t v = ring[s * ring.size() / spokes];
        add_regular(
            {bent_line(rng_, seat, road_vertex_[v], 1, 0.06), LineKind::kSpoke, "", "", -1});
      }
    }
    // Gravel roads beside ring sections until the network reaches its length, leaving room for
    // the planted roads (about 40 km).
    for (std::size_t i = ring_sections.size() - 1; i > 0; --i) {
      std::swap(ring_sections[i], ring_sections[rng_.index(i + 1)]);
    }
    // Each pass puts one more parallel beside every section, alternately outside and inside the
    // ring and farther out each time, until the network reaches its length.
    double total = total_length_m();
    for (int pass = 0; pass < 6 && total < kRoadTargetM - 40'000.0; ++pass) {
      const double sign = pass % 2 == 0 ? 1.0 : -1.0;
      const double reach = 1.0 + 0.6 * (pass / 2);
      for (const auto& [a, b] : ring_sections) {
        if (total >= kRoadTargetM - 40'000.0) break;
        const Point pa = road_vertex_[a];
        const Point pb = road_vertex_[b];
        const Point mid = (pa + pb) * 0.5;
        const Point seat = model_.towns[model_.villages[a].town].seat;
        Point side = perpendicular(pb - pa) * (rng_.uniform(0.15, 0.3) * reach);
        if (dot(side, mid - seat) * sign < 0) side = side * -1.0;
        const Point top = mid + side;
        Polyline v{pa, pa + (top - pa) * 0.5 + perpendicular(pb - pa) * rng_.uniform(-0.03, 0.03),
                   top, pb + (top - pb) * 0.5 + perpendicular(pb - pa) * rng_.uniform(-0.03, 0.03),
                   pb};
        const std::size_t before = lines_.size();
        add_regular({std::move(v), LineKind::kParallel, "", "", -1});
        total += polyline_length_m(lines_[before].v);
      }
    }
  }

  // Nearest point of the main network to p; the line is split there so the point is an end point.
  Point junction_near(Point p) {
    double best = std::numeric_limits<double>::infinity();
    std::size_t line = 0;
    std::size_t seg = 0;
    for (std::size_t l = 0; l < lines_.size(); ++l) {
      if (lines_[l].kind == LineKind::kPlanted) continue;
      for (std::size_t s = 0; s + 1 < lines_[l].v.size(); ++s) {
        const double d = segment_distance_m(p, lines_[l].v[s], lines_[l].v[s + 1]);
        if (d < best) {
          best = d;
          line = l;
          seg = s;
        }
      }
    }
    Polyline& v = lines_[line].v;
    Point j = closest_on_segment(p, v[seg], v[seg + 1]);
    std::size_t at = 0;  // index of j in v after insertion
    if (distance_m(j, v[seg]) < 50.0) {
      j = v[seg];
      at = seg;
    } else if (distance_m(j, v[seg + 1]) < 50.0) {
      j = v[seg + 1];
      at = seg + 1;
    } else {
      v.insert(v.begin() + static_cast<std::ptrdiff_t>(seg + 1), j);
      at = seg + 1;
    }
    if (at != 0 && at + 1 != v.size()) {
      Line tail = lines_[line];
      tail.v.assign(v.begin() + static_cast<std::ptrdiff_t>(at), v.end());
      v.resize(at + 1);
      lines_.push_back(std::move(tail));
    }
    return j;
  }

  void add_planted(std::size_t pocket, Polyline v, const std::string& road_class) {
    lines_.push_back({std::move(v), LineKind::kPlanted, road_class, "", static_cast<int>(pocket)});
  }

  void build_pockets() {
    for (std::size_t p = 0; p < pockets_.size(); ++p) {
      Pocket& pocket = pockets_[p];
      const Point c = pocket.centre;
      auto& vs = model_.villages;
      if (pocket.kind == PocketKind::kNoRoad) {
        const double turn = rng_.uniform(0, 2 * kPi);
        for (std::size_t i = 0; i < pocket.villages.size(); ++i) {
          vs[pocket.villages[i]].location =
              c + polar(900.0, turn + 2 * kPi * static_cast<double>(i) / 3);
        }
        continue;
      }
      const Point j = junction_near(c);
      if (distance_m(j, c) < kPocketRadiusM - 200.0) reject("pocket not clear");
      const Point u = unit(j - c);  // towards the main network
      const Point w = perpendicular(u);
      const auto at = [&](double along_u, double along_w) { return c + u * along_u + w * along_w; };
      if (pocket.kind == PocketKind::kIsland) {
        const Point i1 = at(0, -2000);
        const Point i2 = at(0, 0);
        const Point i3 = at(0, 2000);
        add_planted(p, {i1, i2, i3}, "gravel");
        const Point main_end = at(-1500, 1000);
        const Point island_end = main_end - w * 5.0;
        add_planted(p, {i1, at(-1500, -2000), island_end}, "gravel");
        lines_.push_back({{j, at(1000, 1000), main_end}, LineKind::kPlanted, "county", "", -2});
        model_.near_miss_apart = main_end;
        model_.near_miss_apart_other = island_end;
        const auto x = proper_crossing(at(1000, 1000), main_end, i2, i3);
        if (!x) reject("overpass geometry");
        model_.overpass = x->at;
        const std::array<Point, 3> vertex{i1, i2, i3};
        for (std::size_t i = 0; i < 3; ++i) vs[pocket.villages[i]].location = vertex[i] - u * 80.0;
      } else if (pocket.kind == PocketKind::kChain) {
        const Point c1 = at(1000, 0);
        const Point c2 = at(-700, 900);
        const Point c3 = at(-700, -900);
        add_planted(p, {j, c1}, "village_paved");
        add_planted(p, {c1, c2}, "village_paved");
        add_planted(p, {c2, c3}, "village_paved");
        add_planted(p, {c3, c1}, "village_paved");
        const std::array<Point, 3> vertex{c1, c2, c3};
        for (std::size_t i = 0; i < 3; ++i) {
          vs[pocket.villages[i]].location = vertex[i] + unit(c - vertex[i]) * 80.0;
        }
      } else {
        const Point start = j - u * 0.3;
        const Point d1 = at(0, 800);
        const Point d2 = at(0, -800);
        add_planted(p, {start, d1}, "village_paved");
        add_planted(p, {d1, d2}, "village_paved");
        add_planted(p, {d2, start}, "village_paved");
        model_.near_miss_joined = j;
        model_.near_miss_joined_other = start;
        vs[pocket.villages[0]].location = d1 + w * 80.0;
        vs[pocket.villages[1]].location = d2 - w * 80.0;
      }
    }
  }

  void classify_roads() {
    double paved = 0.0;
    for (const auto& line : lines_) {
      if (line.road_class == "village_paved") paved += polyline_length_m(line.v);
    }
    // Rings first (the cement roads that reach every village), then spokes, then parallels.
    for (LineKind kind : {LineKind::kRing, LineKind::kSpoke, LineKind::kParallel}) {
      for (auto& line : lines_) {
        if (line.kind != kind) continue;
        const double length = polyline_length_m(line.v);
        if (paved + length / 2 < kPavedTargetM) {
          line.road_class = "village_paved";
          paved += length;
        } else {
          line.road_class = "gravel";
        }
      }
    }
  }

  void make_power() {
    std::vector<Polyline> lines;
    std::vector<std::string> names;
    std::vector<std::size_t> spoke_candidates;
    for (std::size_t t = 0; t < model_.towns.size(); ++t) {
      std::vector<std::size_t> feeder{model_.towns[t].villages.front()};
      for (std::size_t v : ring_of(t)) {
        if (model_.villages[v].role != Role::kNoPower) {
          feeder.push_back(v);
          spoke_candidates.push_back(v);
        }
      }
      feeder.push_back(feeder.front());
      for (std::size_t i = 0; i + 1 < feeder.size(); ++i) {
        lines.push_back({power_vertex_[feeder[i]], power_vertex_[feeder[i + 1]]});
        names.push_back(model_.towns[t].name + " 10 kV");
      }
    }
    // Pocket villages hang on a branch from the nearest village that has power.
    for (const auto& pocket : pockets_) {
      std::size_t from = 0;
      double best = std::numeric_limits<double>::infinity();
      for (std::size_t v = 0; v < model_.villages.size(); ++v) {
        const Role r = model_.villages[v].role;
        if ((r == Role::kSeat || on_main_ring(v)) && r != Role::kNoPower &&
            distance_m(model_.villages[v].location, pocket.centre) < best) {
          best = distance_m(model_.villages[v].location, pocket.centre);
          from = v;
        }
      }
      Polyline branch{power_vertex_[from]};
      auto members = pocket.villages;
      std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
        return distance_m(model_.villages[a].location, power_vertex_[from]) <
               distance_m(model_.villages[b].location, power_vertex_[from]);
      });
      for (std::size_t v : members) {
        power_vertex_[v] = model_.villages[v].location + polar(120.0, rng_.uniform(0, 2 * kPi));
        branch.push_back(power_vertex_[v]);
      }
      lines.push_back(std::move(branch));
      names.push_back(model_.towns[pocket.town].name + " 10 kV branch");
    }
    for (std::size_t i = spoke_candidates.size() - 1; i > 0; --i) {
      std::swap(spoke_candidates[i], spoke_candidates[rng_.index(i + 1)]);
    }
    const auto route = [&](Polyline& line) {
      for (std::size_t v = 0; v < model_.villages.size(); ++v) {
        if (model_.villages[v].role != Role::kNoPower) continue;
        int uses = 0;
        detour_around(line, model_.villages[v].location, kPowerDetourM, uses);
      }
    };
    double total = 0.0;
    for (auto& line : lines) {
      route(line);
      total += polyline_length_m(line);
    }
    for (std::size_t v : spoke_candidates) {  // radial feeders from the seat substations
      if (total >= kPowerTargetM) break;
      const std::size_t seat = model_.towns[model_.villages[v].town].villages.front();
      Polyline line{power_vertex_[seat], power_vertex_[v]};
      route(line);
      total += polyline_length_m(line);
      lines.push_back(std::move(line));
      names.push_back(model_.towns[model_.villages[v].town].name + " 10 kV feeder");
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      model_.power_lines.push_back({std::move(lines[i]), names[i]});
    }
  }

  void make_water() {
    for (std::size_t v = 0; v < model_.villages.size(); ++v) {
      if (model_.villages[v].role == Role::kNoWater) continue;
      Polyline ring;
      for (int i = 0; i < 32; ++i) {
        ring.push_back(model_.villages[v].location + polar(kWaterDiscM, 2 * kPi * i / 32));
      }
      ring.push_back(ring.front());
      model_.water_disks.push_back({std::move(ring), model_.villages[v].town});
    }
    std::vector<std::size_t> wells;
    for (std::size_t v = 0; v < model_.villages.size(); ++v) {
      if (model_.villages[v].role != Role::kNoWater) wells.push_back(v);
    }
    for (std::size_t i = 0; i < kWellCount; ++i) {
      const std::size_t pick = i + rng_.index(wells.size() - i);
      std::swap(wells[i], wells[pick]);
    }
    wells.resize(kWellCount);
    std::sort(wells.begin(), wells.end());
    for (std::size_t i = 0; i < wells.size(); ++i) {
      const std::size_t v = wells[i];
      model_.wells.push_back(
          {model_.villages[v].location + polar(rng_.uniform(200, 600), rng_.uniform(0, 2 * kPi)),
           "W" + std::to_string(1000 + i).substr(1), records_[v].name + "水井", v, true});
    }
  }

  Point near(std::size_t v, double min_m, double max_m) {
    return model_.villages[v].location +
           polar(rng_.uniform(min_m, max_m), rng_.uniform(0, 2 * kPi));
  }

  void make_facilities() {
    const auto& vs = model_.villages;
    std::vector<std::vector<std::size_t>> clinics_at(vs.size());
    std::vector<std::pair<std::size_t, bool>> clinics;  // village, standardized
    for (std::size_t v = 0; v < vs.size(); ++v) {
      if (vs[v].role == Role::kIsland) continue;  // the island has no clinic at all
      clinics.push_back({v, vs[v].role != Role::kNoClinic});
    }
    for (const auto& town : model_.towns) {  // town health centres
      clinics.push_back({town.villages.front(), true});
      clinics.push_back({town.villages.front(), true});
    }
    std::vector<std::size_t> extra;
    for (std::size_t v = 0; v < vs.size(); ++v) {
      if (vs[v].role != Role::kIsland && vs[v].role != Role::kNoClinic &&
          vs[v].role != Role::kSeat) {
        extra.push_back(v);
      }
    }
    while (clinics.size() < kClinicCount) {
      const std::size_t pick = rng_.index(extra.size());
      clinics.push_back({extra[pick], rng_.uniform() < 0.8});
      extra.erase(extra.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    std::stable_sort(clinics.begin(), clinics.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<int> serial(vs.size(), 0);
    for (const auto& [v, standardized] : clinics) {
      const std::string code = records_[v].code;
      const int n = ++serial[v];
      model_.clinics.push_back(
          {near(v, 30, 150), code + "-" + std::to_string(n),
           records_[v].name + (n == 1 ? "卫生室" : "卫生室" + std::to_string(n)), v, standardized});
    }
    // Stores: one at every seat, the rest at villages picked at random.
    std::vector<std::size_t> pool(vs.size());
    std::iota(pool.begin(), pool.end(), 0);
    for (std::size_t i = pool.size() - 1; i > 0; --i) std::swap(pool[i], pool[rng_.index(i + 1)]);
    std::vector<std::size_t> stores;
    for (const auto& town : model_.towns) stores.push_back(town.villages.front());
    for (std::size_t v : pool) {
      if (stores.size() >= kStoreCount) break;
      if (vs[v].role != Role::kSeat) stores.push_back(v);
    }
    std::sort(stores.begin(), stores.end());
    for (std::size_t v : stores) {
      model_.stores.push_back(
          {near(v, 50, 300), records_[v].code + "-S", records_[v].name + "便利店", v, true});
    }
    // Culture rooms: one per village, a second at the seats and a few large villages.
    std::vector<std::size_t> rooms(vs.size());
    std::iota(rooms.begin(), rooms.end(), 0);
    for (const auto& town : model_.towns) rooms.push_back(town.villages.front());
    for (std::size_t v : pool) {
      if (rooms.size() >= kCultureRoomCount) break;
      if (vs[v].role != Role::kSeat) rooms.push_back(v);
    }
    std::stable_sort(rooms.begin(), rooms.end());
    std::vector<int> room_serial(vs.size(), 0);
    for (std::size_t v : rooms) {
      const int n = ++room_serial[v];
      model_.culture_rooms.push_back({near(v, 20, 400), records_[v].code + "-R" + std::to_string(n),
                                      records_[v].name + "文化室", v, true});
    }
  }

  // Distance from p to the nearest road line, and that line's index.
  std::pair<double, std::size_t> nearest_road(Point p) const {
    double best = std::numeric_limits<double>::infinity();
    std::size_t which = 0;
    for (std::size_t l = 0; l < lines_.size(); ++l) {
      const double d = polyline_distance_m(p, lines_[l].v);
      if (d < best) {
        best = d;
        which = l;
      }
    }
    return {best, which};
  }

  int pocket_of(std::size_t v) const {
    for (std::size_t p = 0; p < pockets_.size(); ++p) {
      const auto& members = pockets_[p].villages;
      if (std::find(members.begin(), members.end(), v) != members.end()) return static_cast<int>(p);
    }
    return -1;
  }

  // Every outcome the truth file promises, measured on the finished geometry.
  void check_layout() {
    const auto& vs = model_.villages;
    for (std::size_t v = 0; v < vs.size(); ++v) {
      if (!inside(vs[v].location, 500.0)) reject("village outside the boundary");
      const auto [dist, line] = nearest_road(vs[v].location);
      const Role r = vs[v].role;
      if (r == Role::kNoRoad) {
        if (dist < 2500.0) reject("road near a no-road village");
      } else if (r == Role::kIsland || r == Role::kChain || r == Role::kPetal) {
        if (dist > 150.0 || lines_[line].pocket != pocket_of(v))
          reject("pocket village off its road");
      } else if (dist > 400.0 || lines_[line].kind == LineKind::kPlanted) {
        reject("village not beside a main road");
      }
    }
    for (const auto& clinic : model_.clinics) {
      if (!clinic.standardized) continue;
      const Role r = vs[clinic.village].role;
      const auto [dist, line] = nearest_road(clinic.location);
      if (r == Role::kNoRoad) continue;
      if (r == Role::kChain || r == Role::kPetal) {
        if (lines_[line].pocket != pocket_of(clinic.village)) reject("pocket clinic off its road");
      } else if (lines_[line].kind == LineKind::kPlanted || dist > 500.0) {
        reject("clinic not beside a main road");
      }
    }
    for (std::size_t v = 0; v < vs.size(); ++v) {
      if (vs[v].role == Role::kNoClinic) {
        for (const auto& clinic : model_.clinics) {
          if (clinic.standardized && distance_m(clinic.location, vs[v].location) < 5200.0) {
            reject("standardized clinic near a no-clinic village");
          }
        }
      }
      double power = std::numeric_limits<double>::infinity();
      for (const auto& line : model_.power_lines) {
        power = std::min(power, polyline_distance_m(vs[v].location, line.vertices));
      }
      if (vs[v].role == Role::kNoPower ? power < 1250.0 : power > 500.0) reject("power distance");
      if (vs[v].role == Role::kNoWater) {
        for (const auto& disk : model_.water_disks) {
          if (polyline_distance_m(vs[v].location, disk.ring) < 800.0 ||
              ring_contains(disk.ring, vs[v].location)) {
            reject("service area near a no-water village");
          }
        }
      }
    }
    // Crossings without a shared vertex: exactly the overpass.
    int crossings = 0;
    for (std::size_t a = 0; a < lines_.size(); ++a) {
      for (std::size_t b = a + 1; b < lines_.size(); ++b) {
        if (lines_[a].kind != LineKind::kPlanted && lines_[b].kind != LineKind::kPlanted) continue;
        for (std::size_t i = 0; i + 1 < lines_[a].v.size(); ++i) {
          for (std::size_t k = 0; k + 1 < lines_[b].v.size(); ++k) {
            if (proper_crossing(lines_[a].v[i], lines_[a].v[i + 1], lines_[b].v[k],
                                lines_[b].v[k + 1])) {
              ++crossings;
            }
          }
        }
      }
    }
    if (crossings != 1) reject("unplanned crossing");
    count_graph_defects();
    if (model_.snapped_joins != 1 || model_.dangles_near_lines != 2) reject("graph defects");
  }

  // DESIGN.md's noding, by brute force: end points within snap distance are one node; a node of
  // degree one that lies within 10 m of a line it is not on is a dangle near a line.
  void count_graph_defects() {
    struct End {
      Point p;
      std::size_t line;
    };
    std::vector<End> ends;
    std::unordered_map<std::uint64_t, int> interior;
    for (std::size_t l = 0; l < lines_.size(); ++l) {
      ends.push_back({lines_[l].v.front(), l});
      ends.push_back({lines_[l].v.back(), l});
      for (std::size_t i = 1; i + 1 < lines_[l].v.size(); ++i)
        ++interior[point_key(lines_[l].v[i])];
    }
    std::vector<std::size_t> cluster(ends.size());
    std::iota(cluster.begin(), cluster.end(), 0);
    const auto find = [&](std::size_t x) {
      while (cluster[x] != x) x = cluster[x] = cluster[cluster[x]];
      return x;
    };
    for (std::size_t a = 0; a < ends.size(); ++a) {
      for (std::size_t b = a + 1; b < ends.size(); ++b) {
        if (distance_m(ends[a].p, ends[b].p) <= kSnapM) cluster[find(a)] = find(b);
      }
    }
    std::map<std::size_t, std::vector<std::size_t>> members;
    for (std::size_t e = 0; e < ends.size(); ++e) members[find(e)].push_back(e);
    model_.snapped_joins = 0;
    model_.dangles_near_lines = 0;
    for (const auto& [root, list] : members) {
      std::vector<Point> distinct;
      for (std::size_t e : list) {
        if (std::find(distinct.begin(), distinct.end(), ends[e].p) == distinct.end())
          distinct.push_back(ends[e].p);
      }
      model_.snapped_joins += static_cast<int>(distinct.size()) - 1;
      int degree = static_cast<int>(list.size());
      for (const auto& p : distinct) {
        auto it = interior.find(point_key(p));
        if (it != interior.end()) degree += 2 * it->second;
      }
      if (degree != 1) continue;
      const End& end = ends[list.front()];
      for (std::size_t l = 0; l < lines_.size(); ++l) {
        if (l != end.line && polyline_distance_m(end.p, lines_[l].v) <= kDangleNearM) {
          ++model_.dangles_near_lines;
          break;
        }
      }
    }
  }

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

}  // namespace

SampleModel build_sample_model(const std::vector<VillageRecord>& records,
                               const geo::Polyline& boundary, std::uint64_t seed) {
  std::string reasons;
  for (int attempt = 0; attempt < 40; ++attempt) {
    try {
      return Builder(records, boundary, seed, attempt).build();
    } catch (const std::runtime_error& rejected) {
      reasons += std::string(reasons.empty() ? "" : ", ") + rejected.what();
    }
  }
  throw std::runtime_error("sample synthesis: no layout passed the self-checks for seed " +
                           std::to_string(seed) + " (" + reasons + ")");
}

std::string expected_missing(Role role) {
  switch (role) {
    case Role::kNoRoad:
      return "road;connectivity;clinic";
    case Role::kIsland:
      return "connectivity;clinic";
    case Role::kNoClinic:
      return "clinic";
    case Role::kNoPower:
      return "power";
    case Role::kNoWater:
      return "water";
    default:
      return "";
  }
}

}  // namespace infracov::datasets::detail
