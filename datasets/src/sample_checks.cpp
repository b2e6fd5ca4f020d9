// Sample synthesis self-checks: every planted outcome the truth file promises, measured on the
// finished layout; a failure rejects the attempt.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <numeric>
#include <unordered_map>

#include "infracov/geo/union_find.hpp"
#include "sample_synthesis.hpp"

namespace infracov::datasets::detail::synthesis {

namespace {

std::uint64_t point_key(Point p) {
  std::uint64_t kx = 0;
  std::uint64_t ky = 0;
  std::memcpy(&kx, &p.x, sizeof kx);
  std::memcpy(&ky, &p.y, sizeof ky);
  return kx * 0x9E3779B97F4A7C15ULL ^ ky;
}

}  // namespace

// Distance from p to the nearest road line, and that line's index.
std::pair<double, std::size_t> Builder::nearest_road(Point p) const {
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

int Builder::pocket_of(std::size_t v) const {
  for (std::size_t p = 0; p < pockets_.size(); ++p) {
    const auto& members = pockets_[p].villages;
    if (std::find(members.begin(), members.end(), v) != members.end()) return static_cast<int>(p);
  }
  return -1;
}

// Every outcome the truth file promises, measured on the finished geometry.
void Builder::check_layout() {
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
  // The gravel clinics: inside the banner, and more than 2 km (max_access_m, with a margin) from
  // every road but their track, so that closing gravel leaves them no road at all.
  for (const std::size_t i : model_.gravel_clinics) {
    const Point at = model_.clinics[i].location;
    if (!inside(at, 500.0)) reject("gravel clinic outside the boundary");
    const auto& petal = pockets_[static_cast<std::size_t>(pocket_of(model_.clinics[i].village))];
    for (std::size_t l = 0; l < lines_.size(); ++l) {
      if (l != petal.track_line && polyline_distance_m(at, lines_[l].v) < 2200.0) {
        reject("road near a gravel clinic");
      }
    }
  }
  if (model_.gravel_clinics.empty()) reject("no gravel clinic");
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
void Builder::count_graph_defects() {
  struct End {
    Point p;
    std::size_t line;
  };
  std::vector<End> ends;
  std::unordered_map<std::uint64_t, int> interior;
  for (std::size_t l = 0; l < lines_.size(); ++l) {
    ends.push_back({lines_[l].v.front(), l});
    ends.push_back({lines_[l].v.back(), l});
    for (std::size_t i = 1; i + 1 < lines_[l].v.size(); ++i) ++interior[point_key(lines_[l].v[i])];
  }
  geo::UnionFind<std::size_t> cluster(ends.size());
  for (std::size_t a = 0; a < ends.size(); ++a) {
    for (std::size_t b = a + 1; b < ends.size(); ++b) {
      if (distance_m(ends[a].p, ends[b].p) <= kSnapM) cluster.unite(a, b);
    }
  }
  std::map<std::size_t, std::vector<std::size_t>> members;
  for (std::size_t e = 0; e < ends.size(); ++e) members[cluster.find(e)].push_back(e);
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

}  // namespace infracov::datasets::detail::synthesis
