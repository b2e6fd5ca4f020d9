// QGIS default styles for the results GeoPackage (its layer_styles table) and a QGIS project file
// beside it, so that opening either shows the results styled at once.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace infracov::cli {

// Styles every result layer `gpkg` holds (villages by number of failed checks with name labels,
// roads by class with bridges in red, service areas translucent, proposed works dashed or starred)
// and writes the QGIS project `qgs_path` listing them, villages on top, with data sources relative
// to the project file. Called at the end of `analyze` and `plan`. Throws InputError when `gpkg`
// has no villages layer, OutputError when a file cannot be written.
void write_qgis_styles(const std::filesystem::path& gpkg, const std::filesystem::path& qgs_path);

// The QML document written for `layer` (one of result_layer_order()); `categories` are the road
// classes for "roads" and the kinds for "service_areas", ignored otherwise. Empty for other layers.
std::string result_layer_qml(const std::string& layer, const std::vector<std::string>& categories);

}  // namespace infracov::cli
