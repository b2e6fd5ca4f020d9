#include "options.hpp"

#include <filesystem>

namespace infracov::cli {

geo::LayerSpec parse_layer_option(const std::string& option) {
  geo::LayerSpec spec;
  spec.source = option;
  const std::size_t colon = option.rfind(':');
  std::error_code ec;
  if (colon != std::string::npos && colon > 0 &&
      std::filesystem::exists(option.substr(0, colon), ec)) {
    spec.source = option.substr(0, colon);
    spec.layer = option.substr(colon + 1);
  }
  return spec;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace infracov::cli
