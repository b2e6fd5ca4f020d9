#include "project_overrides.hpp"

#include "infracov/geo/error.hpp"

namespace infracov::cli {
namespace {

std::vector<std::string> split_key(const std::string& key, const std::string& override_text) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  while (true) {
    const std::size_t dot = key.find('.', from);
    parts.push_back(key.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
    if (parts.back().empty()) {
      throw InputError("bad --set '" + override_text +
                       "': the key has an empty part; write KEY=VALUE with a dotted key, e.g. "
                       "--set analysis.max_access_m=1500");
    }
    if (dot == std::string::npos) return parts;
    from = dot + 1;
  }
}

// VALUE as TOML; a bare word TOML does not read ("EPSG:4550", "auto") is a string.
toml::node_view<toml::node> parse_value(toml::table& holder, const std::string& value) {
  try {
    holder = toml::parse("v = " + value, std::string_view(kSetSource));
  } catch (const toml::parse_error&) {
    std::string quoted = "\"";
    for (const char c : value) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    holder = toml::parse("v = " + quoted + "\"", std::string_view(kSetSource));
  }
  return holder["v"];
}

}  // namespace

void apply_overrides(toml::table& root, const std::vector<std::string>& overrides) {
  for (const std::string& text : overrides) {
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw InputError("bad --set '" + text +
                       "': expected KEY=VALUE; write e.g. --set analysis.max_access_m=1500");
    }
    const std::vector<std::string> parts = split_key(text.substr(0, eq), text);
    toml::table* table = &root;
    std::string walked;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      walked += (walked.empty() ? "" : ".") + parts[i];
      toml::node* node = table->get(parts[i]);
      if (node == nullptr) {
        toml::table holder;
        table = table->insert(parts[i], std::move(*parse_value(holder, "{}").node()))
                    .first->second.as_table();
      } else if (auto* inner = node->as_table()) {
        table = inner;
      } else {
        throw InputError("bad --set '" + text + "': '" + walked +
                         "' is a value, not a table; set it directly, e.g. --set " + walked +
                         "=...");
      }
    }
    toml::table holder;
    toml::node_view<toml::node> value = parse_value(holder, text.substr(eq + 1));
    table->insert_or_assign(parts.back(), std::move(*value.node()));
  }
}

}  // namespace infracov::cli
