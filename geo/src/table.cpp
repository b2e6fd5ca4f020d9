#include "infracov/geo/table.hpp"

#include <array>
#include <charconv>

namespace infracov::geo {

std::string to_string(const FieldValue& value) {
  if (std::holds_alternative<std::int64_t>(value))
    return std::to_string(std::get<std::int64_t>(value));
  if (std::holds_alternative<double>(value)) {
    // Shortest text that reads back as the same double: deterministic CSV output.
    std::array<char, 32> buffer{};
    const auto [end, ec] =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), std::get<double>(value));
    return ec == std::errc() ? std::string(buffer.data(), end) : std::string("nan");
  }
  if (std::holds_alternative<std::string>(value)) return std::get<std::string>(value);
  return "";
}

}  // namespace infracov::geo
