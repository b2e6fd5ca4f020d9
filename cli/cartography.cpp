#include "cartography.hpp"
#include "infracov/analysis/schema.hpp"

#include "options.hpp"

#include <algorithm>
#include <array>
#include <system_error>

#include "infracov/geo/error.hpp"
#include "infracov/geo/inspect.hpp"

namespace infracov::cli {

namespace palette {

std::string_view village_colour(int failed) {
  if (failed <= 0) return kVillageOk;
  if (failed == 1) return kVillageOneMissing;
  return kVillageFlagged;
}

bool is_known_road_class(std::string_view c) {
  return c == "national" || c == "provincial" || c == "county" || c == "village_paved" ||
         c == "gravel";
}

RoadLook road_look(std::string_view road_class, std::size_t index_among_unknown) {
  // The classes of DESIGN.md's project file, widest first as on Chinese road maps.
  if (road_class == "national") return {"#7a0177", 1.1};
  if (road_class == "provincial") return {"#ec7014", 0.9};
  if (road_class == "county") return {"#cc9a00", 0.7};
  if (road_class == "village_paved") return {"#525252", 0.45};
  if (road_class == "gravel") return {"#a6761d", 0.35};
  static constexpr std::array<std::string_view, 4> kGreys{"#737373", "#969696", "#5a5a5a",
                                                          "#8c8c8c"};
  return {kGreys[index_among_unknown % kGreys.size()], 0.35};
}

std::string_view service_area_colour(std::size_t kind_index) {
  static constexpr std::array<std::string_view, 6> kColours{"#2c7fb8", "#41ab5d", "#807dba",
                                                            "#fd8d3c", "#e7298a", "#66c2a5"};
  return kColours[kind_index % kColours.size()];
}

FacilityLook facility_look(std::size_t rank, std::string_view kind) {
  // Colours apart from the villages' green, amber and red and from the road classes; shapes
  // cycle at a different period, so six kinds never share both.
  static constexpr std::array<std::string_view, 6> kColours{"#0570b0", "#ce1256", "#8c510a",
                                                            "#01665e", "#6a51a3", "#252525"};
  using geo::render::MarkerShape;
  static constexpr std::array<std::pair<MarkerShape, std::string_view>, 3> kShapes{
      {{MarkerShape::kSquare, "square"},
       {MarkerShape::kDiamond, "diamond"},
       {MarkerShape::kTriangle, "triangle"}}};
  const auto& shape = kShapes[rank % kShapes.size()];
  std::string_view colour = kColours[rank % kColours.size()];
  if (kind.find("water") != std::string_view::npos || kind.find("well") != std::string_view::npos) {
    colour = "#0868ac";
  } else if (kind.find("power") != std::string_view::npos ||
             kind.find("grid") != std::string_view::npos) {
    colour = "#6a51a3";
  }
  return {colour, shape.first, shape.second};
}

}  // namespace palette

std::size_t facility_rank(const std::vector<std::string>& sorted_kinds, std::string_view kind) {
  const auto it = std::lower_bound(sorted_kinds.begin(), sorted_kinds.end(), kind);
  return static_cast<std::size_t>(it - sorted_kinds.begin());
}

int failed_checks(std::string_view missing) {
  int count = 0;
  std::size_t start = 0;
  while (start <= missing.size()) {
    const std::size_t end =
        std::min(missing.find(analysis::schema::kMissingSeparator, start), missing.size());
    if (end > start) ++count;
    start = end + 1;
  }
  return count;
}

const std::vector<std::string>& result_layer_order() { return analysis::schema::layer_order(); }

std::optional<std::size_t> ResultLayer::field_index(std::string_view field) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == field) return i;
  }
  return std::nullopt;
}

std::string ResultLayer::text(const geo::Feature& feature, std::string_view field) const {
  const auto i = field_index(field);
  if (!i || *i >= feature.values.size()) return {};
  return geo::to_string(feature.values[*i]);
}

const ResultLayer* Results::layer(const std::string& name) const {
  const auto it = layers.find(name);
  return it == layers.end() ? nullptr : &it->second;
}

geo::Envelope Results::extent() const {
  geo::Envelope e;
  if (boundary) {
    for (const auto& f : boundary->table.features) {
      if (!f.geometry.is_null() && !f.geometry.is_empty()) e.expand(f.geometry.envelope());
    }
    if (!e.empty()) return e;
  }
  for (const auto& [name, layer] : layers) {
    for (const auto& f : layer.table.features) {
      if (!f.geometry.is_null() && !f.geometry.is_empty()) e.expand(f.geometry.envelope());
    }
  }
  return e;
}

namespace {

ResultLayer read_one(const geo::GeosContext& ctx, const geo::LayerInfo& info,
                     const geo::LayerSpec& base, const geo::Crs& target) {
  ResultLayer layer;
  layer.name = info.name;
  layer.geometry_type = info.geometry_type;
  geo::LayerSpec spec = base;
  spec.layer = info.name;
  for (const auto& field : info.fields) spec.fields.push_back(field.name);
  layer.fields = spec.fields;
  if (spec.role.empty()) spec.role = info.name;
  layer.table = geo::read_layer(ctx, spec, geo::GeometryClass::kAny, target);
  return layer;
}

}  // namespace

Results read_results(const std::filesystem::path& gpkg,
                     const std::optional<geo::LayerSpec>& boundary) {
  std::error_code ec;
  if (!std::filesystem::exists(gpkg, ec)) {
    throw InputError("cannot read results: '" + gpkg.string() +
                     "' does not exist; run `infracov analyze --out DIR` first and pass "
                     "--results DIR");
  }
  Results results;
  results.ctx = std::make_unique<geo::GeosContext>();
  results.gpkg = gpkg;
  // Listing only: read_layer below repairs and counts what it must, so no validity pass here.
  const auto infos = geo::inspect_source(gpkg.string(), "", "", false);
  geo::LayerSpec base;
  base.source = gpkg.string();
  const geo::LayerInfo* villages = nullptr;
  for (const auto& info : infos) {
    if (info.name == "villages") villages = &info;
  }
  if (villages == nullptr) {
    throw InputError("cannot read results: layer 'villages' is not in '" + gpkg.string() +
                     "'; run `infracov analyze` to write it");
  }
  geo::LayerSpec probe = base;
  probe.layer = "villages";
  results.crs = geo::probe_layer(probe).crs;
  for (const auto& name : result_layer_order()) {
    for (const auto& info : infos) {
      // A plan that proposes nothing leaves an empty layer: nothing to draw or style from it.
      if (info.name == name && info.geometry_type != "None" && info.feature_count > 0) {
        results.layers.emplace(name, read_one(*results.ctx, info, base, results.crs));
      }
    }
  }
  const std::string_view prefix = analysis::schema::kFacilitiesPrefix;
  const geo::LayerInfo* written_boundary = nullptr;
  for (const auto& info : infos) {
    if (info.name == analysis::schema::kBoundary) written_boundary = &info;
    if (info.name.rfind(prefix, 0) != 0 || info.geometry_type == "None") continue;
    results.facility_kinds.push_back(info.name.substr(prefix.size()));
    if (info.feature_count > 0) {
      results.layers.emplace(info.name, read_one(*results.ctx, info, base, results.crs));
    }
  }
  std::sort(results.facility_kinds.begin(), results.facility_kinds.end());
  if (boundary) {
    results.boundary = read_boundary(*results.ctx, *boundary, results.crs);
  } else if (written_boundary != nullptr) {
    results.boundary = read_one(*results.ctx, *written_boundary, base, results.crs);
  }
  return results;
}

ResultLayer read_boundary(const geo::GeosContext& ctx, const geo::LayerSpec& boundary,
                          const geo::Crs& crs) {
  const auto infos = geo::inspect_source(boundary.source, boundary.layer, boundary.encoding, false);
  if (infos.size() != 1) {
    throw InputError("cannot read the boundary: '" + boundary.source +
                     "' holds several layers; name one as SOURCE:LAYER");
  }
  geo::LayerSpec spec = boundary;
  spec.role = "boundary";
  return read_one(ctx, infos.front(), spec, crs);
}

std::optional<geo::LayerSpec> find_boundary(const std::string& option,
                                            const analysis::Project& project) {
  if (!option.empty()) {
    return parse_layer_option(option);
  }
  if (project.boundary) return project.boundary;
  const geo::LayerSpec& villages = project.villages;
  std::vector<geo::LayerInfo> infos;
  try {
    infos = geo::inspect_source(villages.source, "", villages.encoding);
  } catch (const InputError&) {
    return std::nullopt;  // the boundary is optional: an unreadable villages source has none
  }
  for (const auto& info : infos) {
    if (info.name == "boundary") {
      geo::LayerSpec spec;
      spec.source = villages.source;
      spec.layer = "boundary";
      spec.encoding = villages.encoding;
      spec.open_options = villages.open_options;
      return spec;
    }
  }
  return std::nullopt;
}

}  // namespace infracov::cli
