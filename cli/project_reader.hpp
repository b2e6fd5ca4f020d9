// The project-file reader shared by project.cpp and scenario.cpp: where a node came from, the
// range of a number, and Reader, which fails with one line naming the file, key and line.
#pragma once

#include <toml++/toml.h>

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "infracov/geo/error.hpp"
#include "infracov/geo/table.hpp"
#include "project_overrides.hpp"

namespace infracov::cli::project_detail {

namespace fs = std::filesystem;

inline std::string line_of(const toml::node& node) {
  if (node.source().path && *node.source().path == kSetSource) return " (from --set)";
  const auto& begin = node.source().begin;
  return begin.line > 0 ? " (line " + std::to_string(begin.line) + ")" : "";
}

// The range of one number of the project file. NaN and infinities are never accepted; zero only
// where it means something; the maximum marks values no real project gives (a typo, a unit
// mistake such as kilometres for metres the other way round, or a missing decimal point).
struct Range {
  bool zero_allowed;
  double max;
  std::string unit;     // "metres", "km/h", "minutes"
  std::string example;  // a sensible value, as the user would write it
  std::string zero_why;
  std::string max_why;
};

inline std::string shown(double value) {
  std::ostringstream text;
  text << std::setprecision(15) << value;
  return text.str();
}

class Reader {
 public:
  explicit Reader(fs::path file) : file_(std::move(file)) {}
  const fs::path& file() const { return file_; }

  [[noreturn]] void fail(const std::string& what, const toml::node* where,
                         const std::string& fix) const {
    throw InputError(what + " in '" + file_.string() + "'" + (where ? line_of(*where) : "") + "; " +
                     fix);
  }

  // Refuses keys the section does not know: a typo must not be silently ignored.
  void check_keys(const toml::table& table, const std::string& section,
                  const std::set<std::string>& allowed) const {
    for (const auto& [key, node] : table) {
      if (allowed.count(std::string(key.str())) == 0) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        throw InputError("unknown key '" + std::string(key.str()) + "' in [" + section + "] of '" +
                         file_.string() + "'" + line_of(node) + "; the keys allowed there are " +
                         list);
      }
    }
  }

  std::string text(const toml::table& table, const std::string& section, const std::string& key,
                   const std::string& fallback = "") const {
    const toml::node* node = table.get(key);
    if (node == nullptr) return fallback;
    if (const auto* s = node->as_string()) return s->get();
    fail("key '" + key + "' in [" + section + "] must be a string", node,
         "write it in quotes, e.g. " + key + " = \"...\"");
  }

  std::optional<double> number(const toml::table& table, const std::string& section,
                               const std::string& key) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* i = node->as_integer()) return static_cast<double>(i->get());
    if (const auto* f = node->as_floating_point()) return f->get();
    fail("key '" + key + "' in [" + section + "] must be a number", node,
         "write a number without quotes, e.g. " + key + " = 1000");
  }

  // A number within `range`, or nullopt when the key is absent.
  std::optional<double> ranged(const toml::table& table, const std::string& section,
                               const std::string& key, const Range& range) const {
    const auto value = number(table, section, key);
    if (value) check(*value, range, table.get(key), "key '" + key + "' in [" + section + "]");
    return value;
  }
  double ranged(const toml::table& table, const std::string& section, const std::string& key,
                const Range& range, double fallback) const {
    return ranged(table, section, key, range).value_or(fallback);
  }

  // Refuses NaN, infinities and anything outside `range`, naming the key, the value and the fix.
  void check(double value, const Range& range, const toml::node* node,
             const std::string& what) const {
    const bool low = range.zero_allowed ? !(value >= 0.0) : !(value > 0.0);
    if (!low && value <= range.max) return;
    std::string why;
    if (std::isnan(value)) {
      why = "is not a number";
    } else if (std::isinf(value)) {
      why = "is infinite";
    } else if (value < 0.0) {
      why = "must not be negative";
    } else if (value == 0.0) {
      why = "must be greater than 0 (" + range.zero_why + ")";
    } else {
      why = "is too large (" + range.max_why + ")";
    }
    const std::string expected =
        (range.zero_allowed ? "from 0 to " : "greater than 0 and at most ") + shown(range.max);
    throw InputError(what + " of '" + file_.string() + "'" + (node ? line_of(*node) : "") + " is " +
                     shown(value) + ": it " + why + "; give " + range.unit + " " + expected +
                     ", e.g. " + range.example);
  }

  const toml::table& section(const toml::table& root, const std::string& name,
                             bool required) const {
    static const toml::table empty;
    const toml::node* node = root.get(name);
    if (node == nullptr) {
      if (required) {
        fail("missing section [" + name + "]", nullptr, "add it as DESIGN.md shows");
      }
      return empty;
    }
    const auto* table = node->as_table();
    if (table == nullptr)
      fail("[" + name + "] must be a table", node, "write it as [" + name + "]");
    return *table;
  }

  // A GDAL dataset name relative to the project file; connection strings stay. An archive read
  // through GDAL's virtual file systems (/vsizip/roads.zip/roads.shp) names a file too, so the
  // path after the prefix is resolved the same way; network ones (/vsicurl/, /vsis3/) stay.
  std::string resolve_source(const std::string& source) const {
    if (source.rfind("PG:", 0) == 0 || source.empty()) return source;
    if (source.rfind("/vsi", 0) == 0) {
      for (const char* prefix : {"/vsizip/", "/vsigzip/", "/vsitar/", "/vsi7z/", "/vsirar/"}) {
        const std::string_view p(prefix);
        if (source.rfind(p, 0) != 0) continue;
        const std::string inner = source.substr(p.size());
        // GDAL's "/vsizip/{archive.zip}/member" form: the archive is inside the braces.
        if (inner.rfind('{', 0) == 0) return std::string(p) + "{" + resolve_source(inner.substr(1));
        return std::string(p) + resolve_source(inner);
      }
      return source;
    }
    const fs::path path(source);
    if (path.is_absolute()) return source;
    return (fs::absolute(file_).parent_path() / path).lexically_normal().string();
  }

  geo::LayerSpec layer(const toml::table& table, const std::string& section) const {
    geo::LayerSpec spec;
    spec.written_source = text(table, section, "source");
    spec.source = resolve_source(spec.written_source);
    if (spec.source.empty()) {
      fail("missing key 'source' in [" + section + "]", &table,
           "give the GDAL dataset to read, e.g. source = \"villages.gpkg\"");
    }
    spec.layer = text(table, section, "layer");
    spec.where = text(table, section, "where");
    spec.encoding = text(table, section, "encoding");
    spec.assume_crs = text(table, section, "assume_crs");
    spec.role = section;
    inputs_as_kept(table, section, spec);
    return spec;
  }

  // open_options (passed to GDAL) and x / y (points built from two columns of a table).
  void inputs_as_kept(const toml::table& table, const std::string& section,
                      geo::LayerSpec& spec) const {
    if (const toml::node* node = table.get("open_options")) {
      const auto* list = node->as_array();
      if (list == nullptr) {
        fail("'open_options' in [" + section + "] must be a list of KEY=VALUE strings", node,
             "write open_options = [\"X_POSSIBLE_NAMES=lon\", \"Y_POSSIBLE_NAMES=lat\"]");
      }
      for (const auto& item : *list) {
        const auto* s = item.as_string();
        if (s == nullptr || s->get().find('=') == std::string::npos) {
          fail("'open_options' in [" + section + "] must hold KEY=VALUE strings", &item,
               "quote each option, e.g. \"X_POSSIBLE_NAMES=lon\"");
        }
        spec.open_options.push_back(s->get());
      }
    }
    spec.x = text(table, section, "x");
    spec.y = text(table, section, "y");
    if (spec.x.empty() != spec.y.empty()) {
      fail("[" + section + "] gives only one of x and y", table.get(spec.x.empty() ? "y" : "x"),
           "name both columns, e.g. x = \"lon\" and y = \"lat\"");
    }
  }

 private:
  fs::path file_;
};

}  // namespace infracov::cli::project_detail
