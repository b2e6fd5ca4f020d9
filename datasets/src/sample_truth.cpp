// sample_truth.json: what the bundled sample was built to show, from the model alone (roles,
// facility lists, plane geometry), never from the analysis it is meant to test.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "infracov/datasets/sample.hpp"
#include "plane.hpp"
#include "sample_model.hpp"
#include "sample_synthesis.hpp"

namespace infracov::datasets::detail {
namespace {

// The sample project's facility kinds, in project-file order (the order of `missing`).
enum Kind : std::size_t {
  kClinic,
  kPower,
  kWater,
  kClinicInVillage,
  kWellInVillage,
  kStore,
  kCultureRoom,
  kTelecom,
  kKindCount
};
constexpr std::array<const char*, kKindCount> kKindNames{
    "clinic",          "power", "water",        "clinic_in_village",
    "well_in_village", "store", "culture_room", "telecom"};

// What one village passes, as the generator planted it.
struct Outcome {
  bool road_access = true;
  bool connected = true;
  bool paved_connected = true;
  std::array<bool, kKindCount> kind{};
  std::vector<bool> items;  // parallel to sample_checklist()
};

std::vector<Outcome> outcomes(const SampleModel& model) {
  const auto& vs = model.villages;
  std::vector<Outcome> out(vs.size());
  std::vector<bool> water_disc(vs.size(), false);
  for (const auto& d : model.water_disks) water_disc[d.village] = true;
  std::vector<bool> standardized_own(vs.size(), false);
  for (const auto& c : model.clinics) {
    if (c.standardized) standardized_own[c.listed_village()] = true;
  }
  std::vector<bool> well(vs.size(), false);
  for (const auto& w : model.wells) well[w.village] = true;
  std::vector<bool> room(vs.size(), false);
  for (const auto& r : model.culture_rooms) room[r.village] = true;
  std::vector<bool> mast(vs.size(), false);
  for (const auto& cell : model.telecom_cells) mast[cell.village] = true;

  for (std::size_t v = 0; v < vs.size(); ++v) {
    const Role role = vs[v].role;
    Outcome& o = out[v];
    o.road_access = role != Role::kNoRoad;
    o.connected = o.road_access && role != Role::kIsland;
    // Every pocket is off the paved network: no road, a gravel island, or paved roads hung on
    // the network by gravel (classify_roads).
    o.paved_connected = o.connected && role != Role::kChain && role != Role::kPetal;
    o.kind[kClinic] = o.connected && role != Role::kNoClinic;
    o.kind[kPower] = role != Role::kNoPower;
    // Discs are 1.2 km around their own village and villages at least 1.5 km apart.
    o.kind[kWater] = water_disc[v];
    o.kind[kClinicInVillage] = standardized_own[v];
    o.kind[kWellInVillage] = well[v];
    double store_m = INFINITY;
    for (const auto& s : model.stores)
      store_m = std::min(store_m, distance_m(s.location, vs[v].location));
    o.kind[kStore] = store_m <= synthesis::kStoreReachM;
    o.kind[kCultureRoom] = room[v];
    o.kind[kTelecom] = mast[v];  // a cell reaches its own village only
    o.items = {o.paved_connected,
               o.kind[kPower],
               o.kind[kWater] || o.kind[kWellInVillage],
               o.kind[kClinicInVillage] && o.kind[kClinic],
               o.kind[kStore],
               o.kind[kCultureRoom],
               o.kind[kTelecom]};
  }
  return out;
}

std::string missing_of(const Outcome& o) {
  std::vector<std::string> failed;
  if (!o.road_access) failed.emplace_back("road");
  if (!o.connected) failed.emplace_back("connectivity");
  // The kinds after water serve checklist items only (flag = false in the project).
  for (std::size_t k = 0; k <= kWater; ++k) {
    if (!o.kind[k]) failed.emplace_back(kKindNames[k]);
  }
  const auto& items = sample_checklist();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!o.items[i]) failed.emplace_back(items[i].label_en);
  }
  std::string text;
  for (const auto& f : failed) text += (text.empty() ? "" : ";") + f;
  return text;
}

nlohmann::ordered_json point_json(geo::Point p) { return {{"x", p.x}, {"y", p.y}}; }

}  // namespace

const std::vector<SampleItem>& sample_checklist() {
  static const std::vector<SampleItem> items{
      {"通硬化路", "Paved road to the village", "\"paved_connected\""},
      {"通动力电", "Power supply", "\"power\""},
      {"安全饮水", "Safe drinking water", "{ any = [\"water\", \"well_in_village\"] }"},
      {"标准化卫生室", "Standardized clinic", "[\"clinic_in_village\", \"clinic\"]"},
      {"便民超市", "Convenience store", "\"store\""},
      {"文化室", "Culture room", "\"culture_room\""},
      {"广播电视网络", "Radio, TV and network", "\"telecom\""}};
  return items;
}

std::string truth_json(const SampleModel& model, const std::vector<VillageRecord>& records,
                       std::size_t& flagged_count) {
  const std::vector<Outcome> planted = outcomes(model);
  const auto& vs = model.villages;
  const auto codes = [&](auto&& fails) {
    std::vector<std::string> out;
    for (std::size_t v = 0; v < vs.size(); ++v) {
      if (fails(v)) out.push_back(records[vs[v].record].code);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto role_is = [&](std::initializer_list<Role> roles) {
    return codes([&](std::size_t v) {
      return std::find(roles.begin(), roles.end(), vs[v].role) != roles.end();
    });
  };
  nlohmann::ordered_json truth;
  truth["seed"] = model.seed;
  truth["crs"] = kSampleCrs;
  truth["seat"] = kBannerSeat;
  truth["villages"] = vs.size();
  truth["no_road_access"] = role_is({Role::kNoRoad});
  truth["not_connected"] = role_is({Role::kNoRoad, Role::kIsland});
  truth["island"] = role_is({Role::kIsland});
  truth["single_access"] = role_is({Role::kChain});
  // Connected only because the 0.3 m gap is snapped; without the snap they would not be.
  truth["joined_by_snap"] = role_is({Role::kPetal});
  truth["not_paved_connected"] = codes([&](std::size_t v) { return !planted[v].paved_connected; });
  auto joined = point_json(model.near_miss_joined);
  joined["other_x"] = model.near_miss_joined_other.x;
  joined["other_y"] = model.near_miss_joined_other.y;
  joined["gap_m"] = 0.3;
  truth["near_miss_joined"] = joined;
  auto apart = point_json(model.near_miss_apart);
  apart["other_x"] = model.near_miss_apart_other.x;
  apart["other_y"] = model.near_miss_apart_other.y;
  apart["gap_m"] = 5.0;
  truth["near_miss_apart"] = apart;
  truth["overpass"] = point_json(model.overpass);
  // What the project's rainy_season (gravel closed) does. The chain and the petal hang on the
  // main network by gravel (classify_roads): they lose the seat. The petal's villages' clinics
  // stand at the end of a gravel track more than 2 km from any other road (build_pockets): with
  // it closed they have no road, and the petal villages, with no other clinic within 5 km, lose
  // clinic coverage. Nothing else changes: every other village keeps a paved route to the seat
  // and its own clinic beside a main road.
  std::vector<std::string> gravel_clinic_ids;
  std::vector<bool> gravel_clinic_village(vs.size(), false);
  for (const std::size_t i : model.gravel_clinics) {
    gravel_clinic_ids.push_back(model.clinics[i].id);
    gravel_clinic_village[model.clinics[i].village] = true;
  }
  std::sort(gravel_clinic_ids.begin(), gravel_clinic_ids.end());
  truth["rainy_season"] = {{"cut_off", role_is({Role::kChain, Role::kPetal})},
                           {"gravel_clinics", gravel_clinic_ids},
                           {"clinic_lost", codes([&](std::size_t v) {
                              return gravel_clinic_village[v] && planted[v].kind[kClinic];
                            })}};
  nlohmann::ordered_json missing = nlohmann::ordered_json::object();
  for (std::size_t k = 0; k < kKindCount; ++k) {
    missing[kKindNames[k]] = codes([&](std::size_t v) { return !planted[v].kind[k]; });
  }
  truth["missing"] = std::move(missing);
  const auto flagged = codes([&](std::size_t v) { return !missing_of(planted[v]).empty(); });
  flagged_count = flagged.size();
  truth["flagged"] = flagged;
  truth["expected_graph"] = {{"snapped_joins", model.snapped_joins},
                             {"dangles_near_lines", model.dangles_near_lines}};

  // The checklist item by item, and per town (the project's group field is town_name).
  const auto& items = sample_checklist();
  nlohmann::ordered_json checklist = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    checklist.push_back({{"label", items[i].label},
                         {"label_en", items[i].label_en},
                         {"failing", codes([&](std::size_t v) { return !planted[v].items[i]; })}});
  }
  truth["checklist"] = std::move(checklist);
  nlohmann::ordered_json weak = nlohmann::ordered_json::array();
  for (std::size_t t : model.weak_towns) weak.push_back(model.towns[t].name);
  truth["weak_towns"] = std::move(weak);
  std::map<std::string, std::vector<std::size_t>> towns;  // by name, as the groups are sorted
  for (std::size_t v = 0; v < vs.size(); ++v) towns[records[vs[v].record].town_name].push_back(v);
  nlohmann::ordered_json by_town = nlohmann::ordered_json::object();
  for (const auto& [name, members] : towns) {
    std::int64_t population = 0;
    std::size_t town_flagged = 0;
    std::vector<std::size_t> ok(items.size(), 0);
    for (std::size_t v : members) {
      population += vs[v].population;
      town_flagged += missing_of(planted[v]).empty() ? 0 : 1;
      for (std::size_t i = 0; i < items.size(); ++i) ok[i] += planted[v].items[i] ? 1 : 0;
    }
    nlohmann::ordered_json town_items = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      town_items.push_back({{"ok", ok[i]}, {"missing", members.size() - ok[i]}});
    }
    by_town[name] = {{"villages", members.size()},
                     {"population", population},
                     {"flagged", town_flagged},
                     {"checklist", std::move(town_items)}};
  }
  truth["towns"] = std::move(by_town);

  nlohmann::ordered_json village_missing = nlohmann::ordered_json::object();
  for (std::size_t v = 0; v < vs.size(); ++v) {
    village_missing[records[vs[v].record].code] = missing_of(planted[v]);
  }
  truth["village_missing"] = std::move(village_missing);
  return truth.dump(2) + "\n";
}

}  // namespace infracov::datasets::detail
