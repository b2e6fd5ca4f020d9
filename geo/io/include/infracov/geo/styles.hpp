// Default layer styles stored inside a GeoPackage, in the `layer_styles` table that QGIS reads
// when it opens a layer. The documents themselves are the caller's; this only stores them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace infracov::geo {

struct LayerStyle {
  std::string layer;  // f_table_name: the layer's exact (case-sensitive) name
  std::string name;   // styleName
  std::string qml;    // a complete QML document (QGIS ignores what it cannot parse)
  std::string sld;    // optional SLD document; "" when none
  std::string description;
  bool use_as_default = true;
};

// Writes `styles` into the GeoPackage at `gpkg` (opened in update mode through GDAL): creates the
// `layer_styles` table the way QGIS does when it is missing and registers it in gpkg_contents as
// `attributes`; replaces rows with the same layer and style name; a new default style takes the
// default flag from the layer's other rows. f_table_schema is '' (QGIS ignores a NULL), the
// geometry column is the layer's own, update_time is now in UTC with milliseconds.
// Throws InputError when `gpkg` or a layer is missing, OutputError when SQLite refuses a statement.
void write_layer_styles(const std::filesystem::path& gpkg, const std::vector<LayerStyle>& styles);

}  // namespace infracov::geo
