// `infracov map`: the results on one printable page.
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "cartography.hpp"
#include "commands.hpp"
#include "infracov/analysis/checklist.hpp"
#include "infracov/analysis/schema.hpp"
#include "infracov/geo/error.hpp"
#include "interrupt.hpp"
#include "language.hpp"
#include "pipeline/timings.hpp"
#include "project.hpp"

namespace infracov::cli {
namespace {

namespace render = geo::render;

render::Style line_style(std::string_view colour, double width_mm,
                         std::vector<double> dash_mm = {}) {
  render::Style s;
  s.stroke = render::Stroke{render::Rgba::hex(colour), width_mm, std::move(dash_mm)};
  return s;
}

render::Style village_marker(std::string_view colour, double size_mm) {
  render::Style s;
  s.marker.shape = render::MarkerShape::kCircle;
  s.marker.size_mm = size_mm;
  s.marker.fill = render::Rgba::hex(colour);
  s.marker.outline = render::Stroke{{1.0, 1.0, 1.0, 1.0}, 0.25, {}};
  return s;
}

render::Style village_style(int failed) {
  return village_marker(palette::village_colour(failed),
                        failed == 0 ? 2.2 : (failed == 1 ? 2.6 : 3.0));
}

// The style of a village of `level`: its number of failed checks (0, 1, 2 or more), or its class
// when the caller gives classes (the first, the unremarkable, smaller).
render::Style level_style(const MapOptions& options, int level) {
  if (!options.villages) return village_style(level);
  return village_marker(options.villages->classes[static_cast<std::size_t>(level)].colour,
                        level == 0 ? 2.0 : 3.0);
}

render::Style area_style(std::size_t kind_index) {
  render::Style s;
  const auto colour = palette::service_area_colour(kind_index);
  s.fill = render::Rgba::hex(colour, palette::kServiceAreaAlpha);
  s.stroke = render::Stroke{render::Rgba::hex(colour, 0.8), 0.2, {}};
  return s;
}

const std::vector<double> kProposedDash{2.0, 1.2};

// A kind's facilities as drawn: markers, lines or translucent areas in the kind's colour.
render::Style facility_style(std::size_t rank, std::string_view kind, geo::GeometryClass geometry) {
  const palette::FacilityLook look = palette::facility_look(rank, kind);
  render::Style s;
  if (geometry == geo::GeometryClass::kLine) {
    s.stroke = render::Stroke{render::Rgba::hex(look.colour), 0.5, {}};
  } else if (geometry == geo::GeometryClass::kPolygon) {
    s.fill = render::Rgba::hex(look.colour, palette::kFacilityAreaAlpha);
    s.stroke = render::Stroke{render::Rgba::hex(look.colour), 0.45, {}};
  } else {
    s.marker = {look.shape, palette::kFacilityMarkerMm, render::Rgba::hex(look.colour),
                render::Stroke{{1.0, 1.0, 1.0, 1.0}, 0.2, {}}, false};
  }
  return s;
}

// The facilities_K layers of `results` whose features are of `geometry`, with their kind and
// rank, in rank order (the order of the legend).
struct FacilityLayer {
  const ResultLayer* layer;
  std::string kind;
  std::size_t rank;
};
std::vector<FacilityLayer> facility_layers(const Results& results, geo::GeometryClass geometry) {
  std::vector<FacilityLayer> out;
  for (std::size_t rank = 0; rank < results.facility_kinds.size(); ++rank) {
    const std::string& kind = results.facility_kinds[rank];
    const ResultLayer* layer =
        results.layer(std::string(analysis::schema::kFacilitiesPrefix) + kind);
    if (layer == nullptr || layer->table.features.empty()) continue;
    if (layer->table.features.front().geometry.geometry_class() != geometry) continue;
    out.push_back({layer, kind, rank});
  }
  return out;
}

}  // namespace

MapDrawn draw_results_map(const Results& results, const std::filesystem::path& out,
                          const MapOptions& options) {
  const std::string& language = options.language;
  const auto t = [&language](std::string_view zh, std::string_view en) {
    return text(language, zh, en);
  };
  render::Canvas canvas(out, options.page);
  canvas.set_extent(results.extent().grown(0.0));
  // Legend groups, listed top-down as the layers stack: villages, plans, facilities, roads, areas,
  // boundary.
  std::vector<render::LegendEntry> legend_villages, legend_plans, legend_facilities, legend_roads,
      legend_areas, legend_boundary;
  // Facilities in the legend by kind (rank order), whatever class their features are.
  std::map<std::size_t, render::LegendEntry> facility_entries;
  auto draw_facilities = [&](geo::GeometryClass geometry) {
    for (const FacilityLayer& f : facility_layers(results, geometry)) {
      const render::Style s = facility_style(f.rank, f.kind, geometry);
      for (const auto& feature : f.layer->table.features) canvas.draw(feature.geometry, s);
      facility_entries[f.rank] = {kind_label(f.kind, language) + " (" +
                                      std::to_string(f.layer->table.features.size()) + ")",
                                  geometry, s};
    }
  };

  if (results.boundary) {
    render::Style s;
    s.fill = render::Rgba{0.97, 0.96, 0.92, 1.0};
    s.stroke = render::Stroke{render::Rgba::hex(palette::kBoundary), 0.5, {3.0, 1.0, 0.6, 1.0}};
    for (const auto& f : results.boundary->table.features) canvas.draw(f.geometry, s);
    legend_boundary.push_back({t("边界", "boundary"), geo::GeometryClass::kPolygon, s});
  }

  if (const ResultLayer* areas = results.layer("service_areas")) {
    std::vector<std::string> kinds;
    for (const auto& f : areas->table.features) {
      const std::string kind = areas->text(f, "kind");
      auto it = std::find(kinds.begin(), kinds.end(), kind);
      const auto index = static_cast<std::size_t>(it - kinds.begin());
      if (it == kinds.end()) {
        kinds.push_back(kind);
        legend_areas.push_back(
            {service_area_label(kind, language), geo::GeometryClass::kPolygon, area_style(index)});
      }
      canvas.draw(f.geometry, area_style(index));
    }
  }
  // Water areas and other polygon kinds under the roads, lines and points over them.
  draw_facilities(geo::GeometryClass::kPolygon);

  if (const ResultLayer* roads = results.layer("roads")) {
    // Minor classes first so that national and provincial roads stay on top; bridges last.
    std::set<std::string> classes;
    for (const auto& f : roads->table.features) classes.insert(roads->text(f, "class"));
    std::vector<std::string> ordered(classes.begin(), classes.end());
    std::map<std::string, palette::RoadLook> looks;
    std::size_t unknown = 0;
    for (const auto& c : ordered) {
      looks.emplace(c, palette::road_look(c, unknown));
      if (!palette::is_known_road_class(c)) ++unknown;
    }
    std::stable_sort(ordered.begin(), ordered.end(), [&](const auto& a, const auto& b) {
      return looks.at(a).width_mm < looks.at(b).width_mm;
    });
    bool any_bridge = false;
    for (const auto& c : ordered) {
      const auto s = line_style(looks.at(c).colour, looks.at(c).width_mm);
      for (const auto& f : roads->table.features) {
        if (roads->text(f, "class") == c) canvas.draw(f.geometry, s);
      }
    }
    for (auto it = ordered.rbegin(); it != ordered.rend(); ++it) {
      legend_roads.push_back({road_class_label(*it, language), geo::GeometryClass::kLine,
                              line_style(looks.at(*it).colour, looks.at(*it).width_mm)});
    }
    const auto bridge = line_style(palette::kBridge, 1.2);
    for (const auto& f : roads->table.features) {
      if (roads->text(f, "bridge") == "1") {
        canvas.draw(f.geometry, bridge);
        any_bridge = true;
      }
    }
    if (any_bridge)
      legend_roads.insert(legend_roads.begin(),
                          {bridge_label(language), geo::GeometryClass::kLine, bridge});
  }
  draw_facilities(geo::GeometryClass::kLine);
  draw_facilities(geo::GeometryClass::kPoint);
  for (auto& [rank, entry] : facility_entries) legend_facilities.push_back(std::move(entry));

  struct ProposedLines {
    std::string layer;
    std::string_view colour;
    std::string legend;
  };
  const std::vector<ProposedLines> proposed_lines{
      {"proposed_grid", palette::kProposedGrid, t("规划电网", "proposed grid")},
      {"paving_upgrades", palette::kPavingUpgrades, t("规划硬化路段", "paving upgrades")},
      {"proposed_roads", palette::kProposedRoads, t("规划道路", "proposed roads")}};
  for (const auto& lines : proposed_lines) {  // grid, paving, roads: roads end on top
    if (const ResultLayer* layer = results.layer(lines.layer)) {
      const auto s = line_style(lines.colour, 0.8, kProposedDash);
      for (const auto& f : layer->table.features) canvas.draw(f.geometry, s);
      legend_plans.insert(legend_plans.begin(), {lines.legend, geo::GeometryClass::kLine, s});
    }
  }
  if (const ResultLayer* sites = results.layer("proposed_sites")) {
    render::Style s;
    s.marker = {render::MarkerShape::kStar, 4.0, render::Rgba::hex(palette::kProposedSites),
                render::Stroke{{1.0, 1.0, 1.0, 1.0}, 0.2, {}}};
    for (const auto& f : sites->table.features) canvas.draw(f.geometry, s);
    legend_plans.insert(legend_plans.begin(),
                        {t("规划选址", "proposed site"), geo::GeometryClass::kPoint, s});
  }

  MapDrawn drawn;
  const ResultLayer& villages = *results.layer("villages");
  struct Village {
    const geo::Feature* feature;
    int failed;
    double population;
  };
  std::vector<Village> order;
  const std::size_t level_count = options.villages ? options.villages->classes.size() : 3;
  std::vector<std::size_t> counts(level_count, 0);
  for (const auto& f : villages.table.features) {
    int failed = failed_checks(villages.text(f, analysis::schema::kMissing));
    if (options.villages) {
      const auto found = options.villages->class_of.find(villages.text(f, "id"));
      failed = found == options.villages->class_of.end() ? 0 : static_cast<int>(found->second);
    }
    double population = 0.0;
    try {
      population = std::stod("0" + villages.text(f, "population"));
    } catch (const std::exception&) {
      population = 0.0;  // a non-numeric population only changes label priority
    }
    order.push_back({&f, failed, population});
    ++counts[std::min(static_cast<std::size_t>(failed), level_count - 1)];
  }
  // Worst villages drawn last (on top) and labelled first (they get the room).
  std::stable_sort(order.begin(), order.end(),
                   [](const Village& a, const Village& b) { return a.failed < b.failed; });
  for (const auto& v : order) {
    canvas.draw(v.feature->geometry, level_style(options, v.failed));
    const auto points = v.feature->geometry.points();
    const geo::Point at = points.empty() ? v.feature->geometry.point_on_surface() : points.front();
    drawn.village_px[villages.text(*v.feature, "id")] = canvas.to_page_px(at);
  }
  for (std::size_t level = 0; level < level_count; ++level) {
    const std::string text = options.villages
                                 ? options.villages->classes[level].legend
                                 : village_status_label(static_cast<int>(level), language);
    legend_villages.insert(
        legend_villages.begin(),
        {text + " (" + std::to_string(counts[level]) + ")", geo::GeometryClass::kPoint,
         level_style(options, static_cast<int>(level))});
  }
  std::vector<render::LegendEntry> legend;
  for (auto* group : {&legend_villages, &legend_plans, &legend_facilities, &legend_roads,
                      &legend_areas, &legend_boundary}) {
    for (auto& entry : *group) legend.push_back(std::move(entry));
  }
  for (const auto& entry : legend) drawn.legend.push_back(entry.text);

  drawn.legend_title = t("图例", "Legend");
  canvas.draw_legend(drawn.legend_title, legend);
  canvas.draw_scale_bar();
  canvas.draw_north_arrow();
  canvas.draw_title(options.title);

  std::stable_sort(order.begin(), order.end(), [](const Village& a, const Village& b) {
    if (a.failed != b.failed) return a.failed > b.failed;
    return a.population > b.population;
  });
  render::LabelStyle label;
  label.font_family = options.page.font_family;
  for (const auto& v : order) {
    label.symbol_radius_mm = level_style(options, v.failed).marker.size_mm / 2.0;
    const auto points = v.feature->geometry.points();
    const geo::Point at = points.empty() ? v.feature->geometry.point_on_surface() : points.front();
    if (canvas.add_label(at, villages.text(*v.feature, "name"), label)) {
      ++drawn.labels_placed;
    } else {
      ++drawn.labels_skipped;
    }
  }
  canvas.finish();
  return drawn;
}

std::size_t checklist_item_index(const analysis::Project& project, const std::string& item) {
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < project.checklist.size() && !chosen; ++i) {
    const analysis::ChecklistItem& c = project.checklist[i];
    if (item == c.label || item == c.label_en || item == analysis::schema::check_field(i) ||
        item == std::to_string(i + 1)) {
      chosen = i;
    }
  }
  if (!chosen) {
    std::string valid;
    for (std::size_t i = 0; i < project.checklist.size(); ++i) {
      valid += (i == 0 ? "" : ", ") + std::string("\"") + project.checklist[i].label + "\" (" +
               analysis::schema::check_field(i) + ")";
    }
    throw InputError("unknown checklist item '" + item + "' for --item; " +
                     (valid.empty() ? std::string("the project has no [[checklist]]")
                                    : "the project's items are " + valid));
  }
  return *chosen;
}

VillageClasses checklist_item_classes(const analysis::Project& project, const ResultLayer& villages,
                                      std::size_t index, const std::string& language) {
  const std::string field = analysis::schema::check_field(index);
  if (!villages.field_index(field)) {
    throw InputError("the villages layer has no field '" + field +
                     "'; run `infracov analyze` again with this project's [[checklist]]");
  }
  const std::string label = item_label(project.checklist.at(index), language);
  VillageClasses classes;
  classes.classes = {{label + text(language, "：达标", ": passes"), palette::kVillageOk},
                     {label + text(language, "：未达标", ": fails"), palette::kVillageFlagged}};
  for (const auto& f : villages.table.features) {
    if (villages.text(f, field) != "1") classes.class_of[villages.text(f, "id")] = 1;
  }
  return classes;
}

std::string default_map_title(std::size_t village_count, const std::string& language) {
  const std::string n = std::to_string(village_count);
  return text(language, n + " 个村基础设施覆盖情况",
              "Infrastructure coverage of " + n + " villages");
}

namespace {

// Draws the map beside `out` under a temporary name with the same extension (which chooses the
// format) and renames it, so a failed or interrupted map leaves no half page and an earlier map
// stays whole.
MapDrawn draw_map_in_place(const Results& results, const std::filesystem::path& out,
                           const MapOptions& map) {
  const std::filesystem::path partial =
      out.parent_path() / ("." + out.stem().string() + ".partial-" + std::to_string(::getpid()) +
                           out.extension().string());
  const RemoveOnInterrupt staged(partial);
  MapDrawn drawn;
  try {
    drawn = draw_results_map(results, partial, map);
  } catch (const OutputError& e) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    // The message names the file the user asked for, not the temporary one.
    std::string message = e.what();
    for (std::size_t at; (at = message.find(partial.string())) != std::string::npos;) {
      message.replace(at, partial.string().size(), out.string());
    }
    throw OutputError(message);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
  std::error_code ec;
  uninterrupted([&] { std::filesystem::rename(partial, out, ec); });
  if (ec) {
    std::filesystem::remove(partial, ec);
    throw OutputError("cannot write the map: '" + out.string() + "' (" + ec.message() + ")");
  }
  return drawn;
}

}  // namespace

void add_map(CLI::App& app, Runner& run, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("map", "Draw the results as a printable map (PNG, SVG or PDF)");
  struct Options {
    ResultsSource source;
    std::string out;
    std::string title;
    double width_mm = 297.0;
    double height_mm = 210.0;
    double dpi = 150.0;
    std::string item;
  };
  auto options = std::make_shared<Options>();
  add_results_source(*cmd, options->source);
  cmd->add_option("--out", options->out, "Map file: .png, .svg or .pdf")->required();
  cmd->add_option("--title", options->title, "Title (default: the number of villages)");
  cmd->add_option("--width-mm", options->width_mm, "Page width in millimetres (default 297)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--height-mm", options->height_mm, "Page height in millimetres (default 210)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--dpi", options->dpi, "Resolution in dots per inch (default 150)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--item", options->item,
                  "Colour the villages by one checklist item, passing or failing: its label as "
                  "in [[checklist]] or its index (check_i or i)");
  set_examples(*cmd, {"infracov map --results out --out map.png",
                      "infracov map --results out --out clinic.png --item 标准化卫生室",
                      "infracov map --results out --out map.pdf --width-mm 420 --height-mm 297",
                      "infracov map --config county.toml --results results --out map.svg "
                      "--title \"Clinic coverage\""});
  cmd->callback([&run, &global, options] {
    run = [&global, options] {
      StageTimings timings("map", global.timings, worker_threads(global));
      timings.begin("load");
      const analysis::Project project =
          read_project(project_file(options->source.config), global.set);
      const Results results =
          read_results(std::filesystem::path(options->source.results) / "results.gpkg",
                       find_boundary(options->source.boundary, project));
      MapOptions map;
      // The run's language as analyze resolved it, from the same setting and village names.
      const ResultLayer& villages = *results.layer("villages");
      std::vector<std::string> names;
      for (const auto& f : villages.table.features) names.push_back(villages.text(f, "name"));
      map.language = analysis::resolve_language(project.language, names);
      map.page.width_mm = options->width_mm;
      map.page.height_mm = options->height_mm;
      map.page.dpi = options->dpi;
      map.title = options->title;
      if (!options->item.empty()) {
        const std::size_t index = checklist_item_index(project, options->item);
        map.villages = checklist_item_classes(project, villages, index, map.language);
        if (map.title.empty()) map.title = item_label(project.checklist[index], map.language);
      }
      if (map.title.empty()) {
        map.title = default_map_title(villages.table.features.size(), map.language);
      }
      timings.begin("write");
      const MapDrawn drawn = draw_map_in_place(results, options->out, map);
      timings.end();
      if (!global.quiet) {
        std::cout << "map: " << options->out << " (" << drawn.labels_placed << " labels, "
                  << drawn.labels_skipped << " left out for lack of room)\n";
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace infracov::cli
