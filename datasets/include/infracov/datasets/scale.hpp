// Generated inputs of any size for benchmarks: a road network noded the way real data is (lines
// through junctions, snapped ends, gaps, overpasses, dead-end tracks) with villages, clinics,
// power lines and water service areas in proportion, written feature by feature.
#pragma once

#include <cstdint>
#include <filesystem>

namespace infracov::datasets {

struct ScaleFigures {
  std::size_t villages = 0;
  std::size_t towns = 0;
  std::size_t road_features = 0;  // lines in the roads layer
  // Edges of the noded road graph (DESIGN.md "Road graph", snap_m = 1), as summary.json's
  // graph.edges counts them; known by construction.
  std::size_t road_edges = 0;
  std::size_t bridges = 0;        // noded edges that are bridges (dead-end tracks, gapped roads)
  std::size_t snapped_joins = 0;  // pairs of end points 0.25 m apart that snap_m = 1 joins
  std::size_t gaps = 0;           // pairs of end points 5 m apart that must stay apart
  std::size_t overpasses = 0;     // tracks crossing a road with no shared vertex
  std::size_t clinics = 0;
  std::size_t power_lines = 0;
  std::size_t water_service_areas = 0;
  double road_km = 0.0;
};

// Writes dir/scale.gpkg (villages, roads, clinics, power_lines, water_service_areas, in
// EPSG:32651) and dir/scale.toml (a project file over it: clinic network 5 km, power euclid 1 km,
// water within, seat the middle village, on a road that is not a bridge). About `road_edges_target`
// noded road edges (mean about 500 m, about two per road feature, about a quarter of them bridges);
// per village 1.5 clinics, 0.75 power lines and 7/30 water service areas. Deterministic for a given
// seed; memory does not grow with the size.
ScaleFigures write_scale_input(const std::filesystem::path& dir, std::size_t village_count,
                               std::size_t road_edges_target, std::uint64_t seed = 1);

}  // namespace infracov::datasets
