// Generated inputs of any size for benchmarks: a jittered road lattice with villages, clinics,
// power lines and water service areas in proportion, written feature by feature.
#pragma once

#include <cstdint>
#include <filesystem>

namespace infracov::datasets {

struct ScaleFigures {
  std::size_t villages = 0;
  std::size_t road_edges = 0;  // road lines written; each is one edge between two lattice nodes
  std::size_t clinics = 0;
  std::size_t power_lines = 0;
  std::size_t water_service_areas = 0;
  double road_km = 0.0;
};

// Writes dir/scale.gpkg (villages, roads, clinics, power_lines, water_service_areas, in
// EPSG:32651) and dir/scale.toml (a project file over it with clinic, power and water rules).
// The road network is a lattice whose lines meet at exactly shared end points, one line per edge,
// about `road_edges_target` of them (at least one per village); every village lies within 400 m
// of a lattice node. Deterministic for a given seed; memory does not grow with the size.
ScaleFigures write_scale_input(const std::filesystem::path& dir, std::size_t village_count,
                               std::size_t road_edges_target, std::uint64_t seed = 1);

}  // namespace infracov::datasets
