// Sample synthesis: which villages carry a planted defect (pockets and isolated villages), and
// where every village, its road vertex and its power vertex go.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "sample_synthesis.hpp"

namespace infracov::datasets::detail::synthesis {

std::size_t Builder::nearest_town(Point p) const {
  std::size_t best = 0;
  for (std::size_t t = 1; t < model_.towns.size(); ++t) {
    if (distance_m(p, model_.towns[t].seat) < distance_m(p, model_.towns[best].seat)) best = t;
  }
  return best;
}

// The last villages of a town's list that no role has taken yet (never the seat).
std::vector<std::size_t> Builder::take_villages(std::size_t town, std::size_t count, Role role) {
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

std::size_t Builder::spare(std::size_t town) const {
  std::size_t n = 0;
  for (std::size_t r : model_.towns[town].villages) n += model_.villages[r].role == Role::kRegular;
  return n;
}

void Builder::choose_pockets() {
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

void Builder::choose_isolated() {
  std::vector<std::size_t> towns(model_.towns.size());
  std::iota(towns.begin(), towns.end(), 0);
  for (std::size_t i = towns.size() - 1; i > 0; --i) std::swap(towns[i], towns[rng_.index(i + 1)]);
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
void Builder::place(std::size_t v, double inner_fraction) {
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

void Builder::place_villages() {
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
    road_vertex_[v] = model_.villages[v].location + random_offset(rng_, 60, 250);
    power_vertex_[v] = model_.villages[v].location + random_offset(rng_, 80, 200);
  }
  // Highways start at the seats' road vertices.
  for (std::size_t e = 0; e < highway_ends_.size(); ++e) {
    lines_[e].v.front() = road_vertex_[model_.towns[highway_ends_[e].first].villages.front()];
    lines_[e].v.back() = road_vertex_[model_.towns[highway_ends_[e].second].villages.front()];
  }
}

}  // namespace infracov::datasets::detail::synthesis
