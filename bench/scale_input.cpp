// infracov_scale_input --villages N --edges M --out DIR [--seed S]: writes the benchmark input
// (DIR/scale.gpkg and DIR/scale.toml, see datasets/include/infracov/datasets/scale.hpp) and
// DIR/figures.json with what was written and how long it took.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include "infracov/datasets/scale.hpp"

namespace {

int usage() {
  std::cerr << "usage: infracov_scale_input --villages N --edges M --out DIR [--seed S]\n";
  return 2;
}

bool parse_count(const std::string& text, std::uint64_t& value) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
  try {
    value = std::stoull(text);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t villages = 0;
  std::uint64_t edges = 0;
  std::uint64_t seed = 1;
  std::filesystem::path out;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage();
    const std::string value = argv[++i];
    if (arg == "--villages") {
      if (!parse_count(value, villages) || villages == 0) return usage();
    } else if (arg == "--edges") {
      if (!parse_count(value, edges) || edges == 0) return usage();
    } else if (arg == "--seed") {
      if (!parse_count(value, seed)) return usage();
    } else if (arg == "--out") {
      out = value;
    } else {
      return usage();
    }
  }
  if (villages == 0 || edges == 0 || out.empty()) return usage();
  try {
    const auto start = std::chrono::steady_clock::now();
    const infracov::datasets::ScaleFigures f =
        infracov::datasets::write_scale_input(out, villages, edges, seed);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto bytes = std::filesystem::file_size(out / "scale.gpkg");
    std::ofstream json(out / "figures.json", std::ios::binary | std::ios::trunc);
    char text[1024];
    std::snprintf(
        text, sizeof text,
        "{\"villages\": %zu, \"towns\": %zu, \"road_features\": %zu, \"road_edges\": %zu, "
        "\"bridges\": %zu, \"snapped_joins\": %zu, \"gaps\": %zu, \"overpasses\": %zu, "
        "\"clinics\": %zu, \"power_lines\": %zu, \"water_service_areas\": %zu, "
        "\"road_km\": %.1f, \"seed\": %llu, \"gpkg_bytes\": %llu, "
        "\"generation_s\": %.1f}\n",
        f.villages, f.towns, f.road_features, f.road_edges, f.bridges, f.snapped_joins, f.gaps,
        f.overpasses, f.clinics, f.power_lines, f.water_service_areas, f.road_km,
        static_cast<unsigned long long>(seed), static_cast<unsigned long long>(bytes), seconds);
    json << text;
    if (!json) throw std::runtime_error("writing " + (out / "figures.json").string() + " failed");
    std::cout << text;
  } catch (const std::exception& e) {
    std::cerr << "infracov_scale_input: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
