// Sample synthesis: the power lines, the water service discs and wells, and the clinics, stores
// and culture rooms.
#include <algorithm>
#include <limits>
#include <numeric>

#include "sample_synthesis.hpp"

namespace infracov::datasets::detail::synthesis {

void Builder::make_power() {
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

void Builder::make_water() {
  for (std::size_t v = 0; v < model_.villages.size(); ++v) {
    if (model_.villages[v].role == Role::kNoWater) continue;
    Polyline ring;
    for (int i = 0; i < 32; ++i) {
      ring.push_back(model_.villages[v].location + polar(kWaterDiscM, 2 * kPi * i / 32));
    }
    ring.push_back(ring.front());
    model_.water_disks.push_back({std::move(ring), model_.villages[v].town, v});
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
    model_.wells.push_back({model_.villages[v].location + random_offset(rng_, 200, 600),
                            "W" + std::to_string(1000 + i).substr(1), records_[v].name + "水井", v,
                            true});
  }
}

Point Builder::near(std::size_t v, double min_m, double max_m, Random& rng) const {
  return model_.villages[v].location + random_offset(rng, min_m, max_m);
}

void Builder::make_facilities() {
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
    if (vs[v].role != Role::kIsland && vs[v].role != Role::kNoClinic && vs[v].role != Role::kSeat) {
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
    model_.clinics.push_back({near(v, 30, 150), code + "-" + std::to_string(n),
                              records_[v].name + (n == 1 ? "卫生室" : "卫生室" + std::to_string(n)),
                              v, standardized});
  }
  // The petal villages' clinics stand beyond the end of the petal's gravel track (build_pockets),
  // in a row along it: reached only over gravel, as clinics up a dirt track are. Their positions
  // were drawn above all the same, so every later draw is unchanged.
  double beyond_m = 40.0;
  for (std::size_t i = 0; i < model_.clinics.size(); ++i) {
    const int p = pocket_of(model_.clinics[i].village);
    if (p < 0 || pockets_[static_cast<std::size_t>(p)].kind != PocketKind::kPetal) continue;
    const Pocket& petal = pockets_[static_cast<std::size_t>(p)];
    model_.clinics[i].location = petal.track_end + petal.track_dir * beyond_m;
    beyond_m += 30.0;
    model_.gravel_clinics.push_back(i);
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

}  // namespace infracov::datasets::detail::synthesis
