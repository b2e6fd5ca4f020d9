// Small helpers shared by several subcommands.
#pragma once

#include <string>
#include <string_view>

#include "infracov/geo/reader.hpp"

namespace infracov::cli {

// "SOURCE" or "SOURCE:LAYER". The part before the last colon is taken as the source only when it
// exists, so that "PG:dbname=x" and Windows drive letters stay whole.
geo::LayerSpec parse_layer_option(const std::string& option);

// Escapes &, <, >, " and ' for XML and HTML text and attribute values.
std::string xml_escape(std::string_view text);

}  // namespace infracov::cli
