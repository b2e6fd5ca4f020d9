// The reference files of datasets/data, compiled into the library (see cmake/embed.cmake).
#pragma once

#include <string_view>

namespace infracov::datasets::detail {

std::string_view reference_villages_csv();      // horqin_left_rear_villages.csv, UTF-8
std::string_view reference_boundary_geojson();  // horqin_left_rear_boundary.geojson, WGS 84

}  // namespace infracov::datasets::detail
