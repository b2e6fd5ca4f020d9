// The bundled Horqin Left Rear Banner sample: the banner's real 262 villages (names, codes, towns)
// and boundary, with synthetic positions and infrastructure and a known set of planted defects.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace infracov::datasets {

inline constexpr std::uint64_t kDefaultSampleSeed = 20261130;
inline constexpr const char* kSampleCrs = "EPSG:32651";     // every layer is in UTM zone 51N
inline constexpr const char* kBannerSeat = "150522100200";  // 甘旗卡村委会, Ganjig town

// What write_sample wrote. Lengths in kilometres, as the banner's statistics give them.
struct SampleFigures {
  std::size_t villages = 0;
  std::size_t towns = 0;
  std::int64_t population = 0;
  std::size_t road_lines = 0;
  double road_km = 0.0;
  std::map<std::string, double>
      road_km_by_class;  // national, provincial, county, village_paved, gravel
  std::size_t power_lines = 0;
  double power_km = 0.0;
  std::size_t clinics = 0;
  std::size_t standardized_clinics = 0;
  std::size_t stores = 0;
  std::size_t culture_rooms = 0;
  std::size_t water_wells = 0;
  std::size_t water_service_areas = 0;
  std::size_t telecom_areas = 0;  // telecom_coverage: one per town with a mast
  std::size_t flagged = 0;        // villages with at least one failed check in the truth
};

// Writes into `dir` (created when absent; the three files are replaced):
// - sample.gpkg, layers in EPSG:32651: villages, roads, power_lines, water_service_areas,
//   water_wells, clinics, stores, culture_rooms, telecom_coverage, boundary;
// - sample.toml, a project file per DESIGN.md that points at sample.gpkg by relative path;
// - sample_truth.json, the planted defects, every village's expected `missing`, and the
//   checklist's failing villages item by item and its figures town by town.
// The same seed gives the same attribute values and geometries. Throws infracov::Error from geo/
// on a write failure, std::runtime_error when the synthesis finds no valid layout for the seed.
SampleFigures write_sample(const std::filesystem::path& dir,
                           std::uint64_t seed = kDefaultSampleSeed);

}  // namespace infracov::datasets
