// Sample synthesis: the defects of the banner's checklist (DESIGN.md "Checklist, groups and
// language"), planted after every facility is placed.
//
// The banner claims stores, standardized clinics, culture rooms, radio/TV/network and safe water
// in every village. Here the claims fail in a few villages everywhere and in many villages of
// three weak towns (the ones farthest from the banner seat, as remote towns are in practice):
// - 标准化卫生室: the village's clinics are outposts registered to the town seat, so no
//   standardized clinic names the village (they stay where they are and still serve it by road);
// - 安全饮水: the village's water disc is gone (outside every service area); the ones that have a
//   well of their own still pass through it;
// - 便民超市: stores of the weak towns moved to storeless villages of other towns (whether a
//   village still has one within 3 km is then a matter of geometry, taken as written);
// - 文化室: the village's culture rooms moved to villages of other towns (second rooms there);
// - 广播电视网络: no mast at the village (nor at the no-road villages).
// Every draw comes from a stream of its own, so the layers made before keep their geometry.
#include <algorithm>
#include <numeric>

#include "sample_synthesis.hpp"

namespace infracov::datasets::detail::synthesis {
namespace {

constexpr std::size_t kWeakTownCount = 3;
// Chances that a regular village of a weak town (of another town) has each defect.
struct Odds {
  double weak;
  double other;
};
constexpr Odds kClinicOutpost{0.35, 0.03};
constexpr Odds kWaterLost{0.30, 0.02};
constexpr Odds kRoomMoved{0.35, 0.02};
constexpr Odds kNoMast{0.30, 0.03};
constexpr double kStoreMoved = 0.6;  // per store of a weak town's village (seats keep theirs)

Polyline disc(Point centre, double radius_m) {
  Polyline ring;
  for (int i = 0; i < 32; ++i) ring.push_back(centre + polar(radius_m, 2 * kPi * i / 32));
  ring.push_back(ring.front());
  return ring;
}

}  // namespace

void Builder::plant_checklist() {
  Random rng(model_.seed * 0xD1B54A32D192ED03ULL + 0x636865636BULL +
             static_cast<std::uint64_t>(model_.attempt));
  auto& vs = model_.villages;
  const std::size_t towns = model_.towns.size();

  // The weak towns: seats farthest from the banner seat (the first village of the list).
  std::vector<std::size_t> order(towns);
  std::iota(order.begin(), order.end(), 0);
  const Point banner_seat = vs.front().location;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return distance_m(model_.towns[a].seat, banner_seat) >
           distance_m(model_.towns[b].seat, banner_seat);
  });
  order.resize(kWeakTownCount);
  std::sort(order.begin(), order.end());
  model_.weak_towns = order;
  std::vector<bool> weak(towns, false);
  for (std::size_t t : order) weak[t] = true;
  const auto chance = [&](std::size_t v, Odds odds) {
    return rng.uniform() < (weak[vs[v].town] ? odds.weak : odds.other);
  };

  // Four draws for every regular village, in list order, whatever they decide.
  std::vector<bool> outpost(vs.size(), false);
  std::vector<bool> water_lost(vs.size(), false);
  std::vector<bool> room_moved(vs.size(), false);
  std::vector<bool> no_mast(vs.size(), false);
  for (std::size_t v = 0; v < vs.size(); ++v) {
    if (vs[v].role != Role::kRegular) continue;
    outpost[v] = chance(v, kClinicOutpost);
    water_lost[v] = chance(v, kWaterLost);
    room_moved[v] = chance(v, kRoomMoved);
    no_mast[v] = chance(v, kNoMast);
  }
  for (std::size_t v = 0; v < vs.size(); ++v) {
    if (vs[v].role == Role::kNoRoad) no_mast[v] = true;  // no road, no mast either
  }

  for (auto& clinic : model_.clinics) {
    if (outpost[clinic.village]) {
      clinic.registered_to = model_.towns[vs[clinic.village].town].villages.front();
    }
  }
  std::erase_if(model_.water_disks,
                [&](const ModelServiceDisk& d) { return water_lost[d.village]; });

  // Villages of the other towns that take what the weak ones lose.
  std::vector<std::size_t> takers;
  std::vector<bool> has_store(vs.size(), false);
  for (const auto& s : model_.stores) has_store[s.village] = true;
  std::vector<std::size_t> storeless;
  for (std::size_t v = 0; v < vs.size(); ++v) {
    if (weak[vs[v].town] || vs[v].role != Role::kRegular) continue;
    takers.push_back(v);
    if (!has_store[v]) storeless.push_back(v);
  }

  std::vector<ModelFacility> rooms;
  for (auto& room : model_.culture_rooms) {
    if (!room_moved[room.village]) {
      rooms.push_back(std::move(room));
      continue;
    }
    const std::size_t to = takers[rng.index(takers.size())];
    rooms.push_back({near(to, 20, 400, rng), "", records_[to].name + "文化室", to, true});
  }
  std::stable_sort(rooms.begin(), rooms.end(),
                   [](const auto& a, const auto& b) { return a.village < b.village; });
  std::vector<int> room_serial(vs.size(), 0);
  for (auto& room : rooms) {
    room.id = records_[room.village].code + "-R" + std::to_string(++room_serial[room.village]);
  }
  model_.culture_rooms = std::move(rooms);

  for (auto& store : model_.stores) {
    const std::size_t v = store.village;
    if (!weak[vs[v].town] || vs[v].role == Role::kSeat || storeless.empty()) continue;
    if (rng.uniform() >= kStoreMoved) continue;
    const std::size_t pick = rng.index(storeless.size());
    const std::size_t to = storeless[pick];
    storeless.erase(storeless.begin() + static_cast<std::ptrdiff_t>(pick));
    store = {near(to, 50, 300, rng), records_[to].code + "-S", records_[to].name + "便利店", to,
             true};
  }
  std::stable_sort(model_.stores.begin(), model_.stores.end(),
                   [](const auto& a, const auto& b) { return a.village < b.village; });

  // A mast within kTelecomMastOffsetM of each covered village, reaching kTelecomCellM: every
  // other village is at least 1.5 km away, so a cell covers its own village only.
  for (std::size_t v = 0; v < vs.size(); ++v) {
    if (no_mast[v]) continue;
    const Point mast = vs[v].location + random_offset(rng, 0, kTelecomMastOffsetM);
    model_.telecom_cells.push_back({disc(mast, kTelecomCellM), vs[v].town, v});
  }
}

}  // namespace infracov::datasets::detail::synthesis
