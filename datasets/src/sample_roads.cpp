// Sample synthesis: the main village roads (rings, spokes, parallels), the planted structures
// inside the pockets, and the final road classes.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "sample_synthesis.hpp"

namespace infracov::datasets::detail::synthesis {

bool Builder::on_main_ring(std::size_t v) const {
  const Role r = model_.villages[v].role;
  return r == Role::kRegular || r == Role::kNoClinic || r == Role::kNoPower || r == Role::kNoWater;
}

// Ring members of town t in angular order around the seat.
std::vector<std::size_t> Builder::ring_of(std::size_t t) const {
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

void Builder::add_regular(Line line) {
  for (std::size_t p = 0; p < pockets_.size(); ++p) {
    detour_around(line.v, pockets_[p].centre, kPocketRadiusM, pocket_uses_[p]);
  }
  lines_.push_back(std::move(line));
}

double Builder::total_length_m() const {
  double total = 0.0;
  for (const auto& line : lines_) total += polyline_length_m(line.v);
  return total;
}

void Builder::make_village_roads() {
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
      add_regular({bent_line(rng_, road_vertex_[a], road_vertex_[b], 1, 0.08), LineKind::kRing, "",
                   "", -1});
    }
    const Point seat = road_vertex_[model_.towns[t].villages.front()];
    const std::size_t spokes = std::max<std::size_t>(2, ring.size() / 4);
    for (std::size_t s = 0; s < spokes; ++s) {
      const std::size_t v = ring[s * ring.size() / spokes];
      add_regular({bent_line(rng_, seat, road_vertex_[v], 1, 0.06), LineKind::kSpoke, "", "", -1});
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
Point Builder::junction_near(Point p) {
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

void Builder::add_planted(std::size_t pocket, Polyline v, const std::string& road_class) {
  lines_.push_back({std::move(v), LineKind::kPlanted, road_class, "", static_cast<int>(pocket)});
}

void Builder::build_pockets() {
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
    pocket.junction = j;
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
      add_planted(p, {d1, c, d2}, "village_paved");
      add_planted(p, {d2, start}, "village_paved");
      // A gravel track from the petal's middle away from J to the petal villages' clinics: 2.7
      // km, so they lie more than 2 km (max_access_m) from every other road and the rainy
      // season leaves them no road at all, and 80 + 800 + 2,700 m plus their access leg from
      // each petal village, within the clinics' 5 km.
      constexpr double kTrackM = 2700.0;
      pocket.track_line = lines_.size();
      pocket.track_end = at(-kTrackM, 0);
      pocket.track_dir = u * -1.0;
      add_planted(p, {c, pocket.track_end}, "gravel");
      model_.near_miss_joined = j;
      model_.near_miss_joined_other = start;
      vs[pocket.villages[0]].location = d1 + w * 80.0;
      vs[pocket.villages[1]].location = d2 - w * 80.0;
    }
  }
}

void Builder::classify_roads() {
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
  // The chain and the petal are paved but hang on the main network by gravel, so their villages
  // are connected and not paved_connected (通硬化路 fails there, as it does in every pocket).
  for (const auto& pocket : pockets_) {
    if (pocket.kind != PocketKind::kChain && pocket.kind != PocketKind::kPetal) continue;
    for (auto& line : lines_) {
      if (line.kind == LineKind::kPlanted) continue;
      if (line.v.front() == pocket.junction || line.v.back() == pocket.junction) {
        line.road_class = "gravel";
      }
    }
  }
}

}  // namespace infracov::datasets::detail::synthesis
