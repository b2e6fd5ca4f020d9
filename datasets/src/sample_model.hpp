// The banner sample as plain values in UTM zone 51N (EPSG:32651), before anything is written. The
// synthesis is plain plane geometry; writing (GeoPackage, TOML, JSON) lives in sample.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "infracov/geo/types.hpp"

namespace infracov::datasets::detail {

// One row of the reference village list.
struct VillageRecord {
  std::string code;
  std::string name;
  std::string town_code;
  std::string town_name;
};

// Why a village sits where it does; every role but kRegular and kSeat is a planted defect.
enum class Role {
  kSeat,      // the town's first listed village, at the town seat
  kRegular,   // on its town's ring road, passes every check
  kNoRoad,    // no road within 2 km
  kIsland,    // on a road island not joined to the main network
  kChain,     // behind a single bridge edge (single_access)
  kPetal,     // on a loop joined to the network only through the 0.3 m near miss
  kNoClinic,  // no standardized clinic within 5 km by road
  kNoPower,   // farther than 1 km from any power line
  kNoWater,   // outside every water service area
};

struct ModelVillage {
  std::size_t record = 0;  // index into the reference list
  std::size_t town = 0;    // index into ModelTowns
  Role role = Role::kRegular;
  geo::Point location;
  std::int64_t population = 0;
};

struct ModelTown {
  std::string code;
  std::string name;
  geo::Point seat;
  std::vector<std::size_t> villages;  // indexes into the reference list, in list order
};

struct ModelRoad {
  geo::Polyline vertices;
  std::string road_class;
  std::string name;  // empty: no name
};

struct ModelPowerLine {
  geo::Polyline vertices;
  std::string name;
};

struct ModelFacility {
  geo::Point location;
  std::string id;
  std::string name;
  std::size_t village = 0;   // index into SampleModel::villages
  bool standardized = true;  // clinics only
  // The village its `village_id` attribute names when that is not `village`: a clinic run as an
  // outpost of the township health centre is registered to the town seat (SIZE_MAX: `village`).
  std::size_t registered_to = SIZE_MAX;
  std::size_t listed_village() const { return registered_to == SIZE_MAX ? village : registered_to; }
};

// A polygon ring (closed) around one village, and the town whose supply (or mast) serves it.
struct ModelServiceDisk {
  geo::Polyline ring;
  std::size_t town = 0;
  std::size_t village = 0;
};

struct SampleModel {
  std::uint64_t seed = 0;
  int attempt = 0;  // how many layouts were rejected by the self-checks before this one
  std::vector<ModelTown> towns;
  std::vector<ModelVillage> villages;  // in reference-list order
  std::vector<ModelRoad> roads;
  std::vector<ModelPowerLine> power_lines;
  std::vector<ModelServiceDisk> water_disks;  // unioned per town when written
  std::vector<ModelFacility> wells;
  std::vector<ModelFacility> clinics;
  std::vector<ModelFacility> stores;
  std::vector<ModelFacility> culture_rooms;
  std::vector<ModelServiceDisk> telecom_cells;  // radio, TV and network coverage, one per mast
  // The towns where the checklist's defects concentrate (sample_checklist.cpp), by index.
  std::vector<std::size_t> weak_towns;

  // Planted defects, for the truth file.
  geo::Point near_miss_joined;  // the end point the 0.3 m gap starts from (on the main network)
  geo::Point near_miss_joined_other;
  geo::Point near_miss_apart;  // the main-network end of the 5 m gap
  geo::Point near_miss_apart_other;
  geo::Point overpass;
  // Clinics (indexes into `clinics`) at the end of the petal's gravel track: their villages reach
  // them only over gravel (sample_services.cpp).
  std::vector<std::size_t> gravel_clinics;
  int snapped_joins = 0;
  int dangles_near_lines = 0;
};

// Builds the sample from the reference list and the banner boundary (closed ring, EPSG:32651).
// Throws std::runtime_error when no layout passes the self-checks (not seen for any tried seed).
SampleModel build_sample_model(const std::vector<VillageRecord>& records,
                               const geo::Polyline& boundary, std::uint64_t seed);

// One item of the banner's checklist as sample.toml gives it (`measure` as TOML text).
struct SampleItem {
  const char* label;
  const char* label_en;
  const char* measure;
};
// The banner's published claims, in the project file's order (sample_truth.cpp).
const std::vector<SampleItem>& sample_checklist();

// sample_truth.json's text: the planted outcomes of every village, the checklist item by item and
// per town; `flagged_count` gets the number of villages with a non-empty `missing`.
std::string truth_json(const SampleModel& model, const std::vector<VillageRecord>& records,
                       std::size_t& flagged_count);

}  // namespace infracov::datasets::detail
