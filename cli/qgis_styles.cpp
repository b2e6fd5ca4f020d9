// QML and .qgs documents in the form QGIS 3.22 writes them (symbol layer properties as <prop k v>,
// which later QGIS versions still read), built as text: the documents are small and fixed.
#include "qgis_styles.hpp"

#include "options.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "cartography.hpp"
#include "infracov/analysis/schema.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/inspect.hpp"
#include "infracov/geo/styles.hpp"
#include "infracov/geo/writer.hpp"

namespace infracov::cli {
namespace {

constexpr const char* kQgisVersion = "3.22.0-Białowieża";
constexpr const char* kLabelFont = "Noto Sans CJK SC";

// "#rrggbb" to QGIS's "r,g,b,a" with alpha 0..1.
std::string qgis_colour(std::string_view hex, double alpha = 1.0) {
  const auto c = geo::render::Rgba::hex(hex, alpha);
  auto channel = [](double v) { return std::to_string(static_cast<int>(std::lround(v * 255.0))); };
  return channel(c.r) + "," + channel(c.g) + "," + channel(c.b) + "," + channel(c.a);
}

std::string prop(std::string_view key, std::string_view value) {
  return "<prop k=\"" + xml_escape(key) + "\" v=\"" + xml_escape(value) + "\"/>";
}

std::string symbol(std::string_view type, const std::string& name, const std::string& layer) {
  return "<symbol type=\"" + std::string(type) + "\" name=\"" + name +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><data_defined_properties><Option "
         "type=\"Map\"><Option type=\"QString\" name=\"name\" value=\"\"/><Option "
         "name=\"properties\"/><Option type=\"QString\" name=\"type\" "
         "value=\"collection\"/></Option></data_defined_properties>" +
         layer + "</symbol>";
}

std::string marker_symbol(const std::string& name, std::string_view colour, std::string_view shape,
                          double size_mm) {
  return symbol("marker", name,
                "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">" +
                    prop("angle", "0") + prop("color", qgis_colour(colour)) +
                    prop("horizontal_anchor_point", "1") + prop("joinstyle", "bevel") +
                    prop("name", shape) + prop("offset", "0,0") + prop("offset_unit", "MM") +
                    prop("outline_color", "35,35,35,255") + prop("outline_style", "solid") +
                    prop("outline_width", "0.2") + prop("outline_width_unit", "MM") +
                    prop("scale_method", "diameter") + prop("size", std::to_string(size_mm)) +
                    prop("size_unit", "MM") + prop("vertical_anchor_point", "1") + "</layer>");
}

std::string line_symbol(const std::string& name, std::string_view colour, double width_mm,
                        bool dashed) {
  return symbol("line", name,
                "<layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">" +
                    prop("capstyle", "round") + prop("customdash", "3;1.5") +
                    prop("customdash_unit", "MM") + prop("joinstyle", "round") +
                    prop("line_color", qgis_colour(colour)) +
                    prop("line_style", dashed ? "dash" : "solid") +
                    prop("line_width", std::to_string(width_mm)) + prop("line_width_unit", "MM") +
                    prop("offset", "0") + prop("offset_unit", "MM") +
                    prop("use_custom_dash", dashed ? "1" : "0") + "</layer>");
}

std::string fill_symbol(const std::string& name, std::string_view colour, double alpha) {
  return symbol("fill", name,
                "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">" +
                    prop("border_width_map_unit_scale", "3x:0,0,0,0,0,0") +
                    prop("color", qgis_colour(colour, alpha)) + prop("joinstyle", "bevel") +
                    prop("offset", "0,0") + prop("offset_unit", "MM") +
                    prop("outline_color", qgis_colour(colour)) + prop("outline_style", "solid") +
                    prop("outline_width", "0.3") + prop("outline_width_unit", "MM") +
                    prop("style", "solid") + "</layer>");
}

std::string single_renderer(const std::string& sym) {
  return "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
         "forceraster=\"0\"><symbols>" +
         sym + "</symbols><rotation/><sizescale/></renderer-v2>";
}

struct Category {
  std::string value;
  std::string label;
  std::string sym;  // the symbol, named after its index
};

std::string categorized_renderer(std::string_view attr, const std::vector<Category>& cats) {
  std::string out = "<renderer-v2 type=\"categorizedSymbol\" attr=\"" + xml_escape(attr) +
                    "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><categories>";
  for (std::size_t i = 0; i < cats.size(); ++i) {
    out += "<category render=\"true\" symbol=\"" + std::to_string(i) + "\" value=\"" +
           xml_escape(cats[i].value) + "\" label=\"" + xml_escape(cats[i].label) + "\"/>";
  }
  out += "</categories><symbols>";
  for (const auto& c : cats) out += c.sym;
  return out + "</symbols><rotation/><sizescale/></renderer-v2>";
}

std::string rule_key(std::size_t i) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "{00000000-0000-4000-8000-%012zu}", i);
  return buffer;
}

std::string sql_text(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string village_labels() {
  return std::string("<labeling type=\"simple\"><settings calloutType=\"simple\">") +
         "<text-style fieldName=\"name\" isExpression=\"0\" fontFamily=\"" + kLabelFont +
         "\" namedStyle=\"Regular\" fontSize=\"8\" fontSizeUnit=\"Point\" fontWeight=\"50\" "
         "fontItalic=\"0\" fontUnderline=\"0\" fontStrikeout=\"0\" fontLetterSpacing=\"0\" "
         "fontWordSpacing=\"0\" textColor=\"30,30,30,255\" textOpacity=\"1\" "
         "multilineHeight=\"1\" allowHtml=\"0\" capitalization=\"0\" blendMode=\"0\" "
         "previewBkgrdColor=\"255,255,255,255\" useSubstitutions=\"0\">"
         "<text-buffer bufferDraw=\"1\" bufferSize=\"0.7\" bufferSizeUnits=\"MM\" "
         "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.85\" bufferNoFill=\"1\" "
         "bufferJoinStyle=\"128\" bufferBlendMode=\"0\"/></text-style>"
         "<text-format wrapChar=\"\" multilineAlign=\"0\" addDirectionSymbol=\"0\" "
         "formatNumbers=\"0\" decimals=\"3\" plussign=\"0\"/>"
         "<placement placement=\"6\" dist=\"1\" distUnits=\"MM\" "
         "predefinedPositionOrder=\"TR,TL,BR,BL,R,L,TSR,BSR\" priority=\"5\" offsetType=\"0\" "
         "quadOffset=\"4\" xOffset=\"0\" yOffset=\"0\" offsetUnits=\"MM\" rotationAngle=\"0\" "
         "centroidWhole=\"0\" centroidInside=\"0\" fitInPolygonOnly=\"0\" "
         "overrunDistance=\"0\" overrunDistanceUnit=\"MM\"/>"
         "<rendering drawLabels=\"1\" obstacle=\"1\" obstacleType=\"1\" obstacleFactor=\"1\" "
         "displayAll=\"0\" upsidedownLabels=\"0\" labelPerPart=\"0\" mergeLines=\"0\" "
         "scaleVisibility=\"0\" limitNumLabels=\"0\" maxNumLabels=\"2000\" "
         "minFeatureSize=\"0\" fontLimitPixelSize=\"0\" zIndex=\"0\"/>"
         "</settings></labeling>";
}

// What the renderer and labels are, shared by the QML and the project's <maplayer>.
struct StyleBody {
  std::string elements;  // renderer-v2, labeling, blending
  bool labels = false;
};

// A facilities_K layer: the kind's colour, as markers, lines or translucent areas.
std::string facility_renderer(const std::vector<std::string>& categories,
                              const std::string& geometry_type) {
  std::size_t rank = 0;
  if (categories.size() > 1) rank = static_cast<std::size_t>(std::stoul(categories[1]));
  const palette::FacilityLook look =
      palette::facility_look(rank, categories.empty() ? "" : categories[0]);
  if (geometry_type.find("Line") != std::string::npos) {
    return single_renderer(line_symbol("0", look.colour, 0.5, false));
  }
  if (geometry_type.find("Polygon") != std::string::npos) {
    return single_renderer(fill_symbol("0", look.colour, palette::kFacilityAreaAlpha));
  }
  return single_renderer(
      marker_symbol("0", look.colour, look.qgis_shape, palette::kFacilityMarkerMm));
}

// QGIS's <aliases>: the attribute table and forms show these names; the fields stay ASCII.
std::string aliases_xml(const std::vector<FieldAlias>& aliases) {
  if (aliases.empty()) return {};
  std::string out = "<aliases>";
  for (std::size_t i = 0; i < aliases.size(); ++i) {
    out += "<alias field=\"" + xml_escape(aliases[i].field) + "\" index=\"" + std::to_string(i) +
           "\" name=\"" + xml_escape(aliases[i].alias) + "\"/>";
  }
  return out + "</aliases>";
}

StyleBody style_body(const std::string& layer, const std::vector<std::string>& categories,
                     const std::string& geometry_type, const std::vector<FieldAlias>& aliases,
                     std::string_view language) {
  StyleBody body;
  if (layer.rfind(analysis::schema::kFacilitiesPrefix, 0) == 0) {
    body.elements = facility_renderer(categories, geometry_type);
  } else if (layer == analysis::schema::kBoundary) {
    body.elements = single_renderer(fill_symbol("0", palette::kBoundary, 0.0));
  } else if (layer == "villages") {
    // Categories 0, 1 and 2+ failed checks: the count of ';'-separated names in `missing`.
    const std::string expr =
        "CASE WHEN coalesce(\"missing\", '') = '' THEN 0 WHEN strpos(\"missing\", ';') = 0 THEN 1 "
        "ELSE 2 END";
    body.elements = categorized_renderer(
        expr, {{"0", village_status_label(0, language),
                marker_symbol("0", palette::kVillageOk, "circle", 2.6)},
               {"1", village_status_label(1, language),
                marker_symbol("1", palette::kVillageOneMissing, "circle", 3.0)},
               {"2", village_status_label(2, language),
                marker_symbol("2", palette::kVillageFlagged, "circle", 3.4)}});
    body.elements += village_labels();
    body.labels = true;
  } else if (layer == "roads") {
    // Rule-based so that a bridge shows red over whatever class it has, graduated by the people
    // its failure cuts off (criticality): the wider, the more people hang on it.
    struct Band {
      const char* filter;
      const char* label;
      double width_mm;
    };
    const bool zh = language == "zh";
    const Band bands[] = {
        {"coalesce(\"people_cut_off\", 0) >= 1000",
         zh ? "桥，断开 1000 人及以上" : "bridge, cuts off 1000 people or more", 2.6},
        {"coalesce(\"people_cut_off\", 0) >= 100 AND \"people_cut_off\" < 1000",
         zh ? "桥，断开 100 至 999 人" : "bridge, cuts off 100 to 999 people", 2.0},
        {"coalesce(\"people_cut_off\", 0) > 0 AND \"people_cut_off\" < 100",
         zh ? "桥，断开 1 至 99 人" : "bridge, cuts off 1 to 99 people", 1.5},
        {"ELSE", zh ? "桥，其后无村" : "bridge, no village behind it", 1.0}};
    std::string rules = "<rule key=\"" + rule_key(1) +
                        "\" filter=\"&quot;bridge&quot; = 1\" label=\"" +
                        xml_escape(bridge_label(language)) + "\">";
    std::string symbols;
    std::size_t symbol = 0;
    for (const Band& band : bands) {
      rules += "<rule key=\"" + rule_key(1000 + symbol) + "\" filter=\"" + xml_escape(band.filter) +
               "\" symbol=\"" + std::to_string(symbol) + "\" label=\"" + xml_escape(band.label) +
               "\"/>";
      symbols += line_symbol(std::to_string(symbol), palette::kBridge, band.width_mm, false);
      ++symbol;
    }
    rules += "</rule>";
    std::size_t unknown = 0;
    for (std::size_t i = 0; i < categories.size(); ++i) {
      const auto look = palette::road_look(categories[i], unknown);
      if (!palette::is_known_road_class(categories[i])) ++unknown;
      const std::string filter =
          "coalesce(\"bridge\", 0) <> 1 AND \"class\" = " + sql_text(categories[i]);
      rules += "<rule key=\"" + rule_key(i + 2) + "\" filter=\"" + xml_escape(filter) +
               "\" symbol=\"" + std::to_string(symbol + i) + "\" label=\"" +
               xml_escape(road_class_label(categories[i], language)) + "\"/>";
      symbols += line_symbol(std::to_string(symbol + i), look.colour, look.width_mm, false);
    }
    const std::size_t other = symbol + categories.size();
    rules += "<rule key=\"" + rule_key(categories.size() + 2) + "\" filter=\"ELSE\" symbol=\"" +
             std::to_string(other) + "\" label=\"" +
             xml_escape(text(language, "其他道路", "other roads")) + "\"/>";
    symbols += line_symbol(std::to_string(other), "#969696", 0.3, false);
    body.elements =
        "<renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" "
        "forceraster=\"0\"><rules key=\"" +
        rule_key(0) + "\">" + rules + "</rules><symbols>" + symbols + "</symbols></renderer-v2>";
  } else if (layer == "service_areas") {
    std::vector<Category> cats;
    for (std::size_t i = 0; i < categories.size(); ++i) {
      cats.push_back({categories[i], service_area_label(categories[i], language),
                      fill_symbol(std::to_string(i), palette::service_area_colour(i),
                                  palette::kServiceAreaAlpha)});
    }
    body.elements = categorized_renderer("kind", cats);
  } else if (layer == analysis::schema::kNearestFacility) {
    // Categories are every kind by name: a kind's rank there picks its facilities' colour.
    std::vector<Category> cats;
    for (std::size_t i = 0; i < categories.size(); ++i) {
      cats.push_back({categories[i], nearest_line_label(categories[i], language),
                      line_symbol(std::to_string(i),
                                  palette::facility_look(i, categories[i]).colour, 0.5, true)});
    }
    body.elements = categorized_renderer(analysis::schema::kKind, cats);
  } else if (layer == "proposed_roads") {
    body.elements = single_renderer(line_symbol("0", palette::kProposedRoads, 0.9, true));
  } else if (layer == "paving_upgrades") {
    body.elements = single_renderer(line_symbol("0", palette::kPavingUpgrades, 0.9, true));
  } else if (layer == "proposed_grid") {
    body.elements = single_renderer(line_symbol("0", palette::kProposedGrid, 0.8, true));
  } else if (layer == "proposed_sites") {
    body.elements = single_renderer(marker_symbol("0", palette::kProposedSites, "star", 5.0));
  } else if (layer == analysis::schema::kGroups) {
    // No geometry to draw: QGIS's "no symbols" renderer, so every default style has a renderer.
    body.elements = "<renderer-v2 type=\"nullSymbol\"/>";
  }
  if (!body.elements.empty()) {
    body.elements +=
        "<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode><layerOpacity>1</"
        "layerOpacity>";
  }
  body.elements += aliases_xml(aliases);
  return body;
}

std::string spatialrefsys(const geo::Crs& crs) {
  const auto code = crs.authority_code();
  return "<spatialrefsys nativeFormat=\"Wkt\"><wkt>" + xml_escape(crs.wkt()) +
         "</wkt><proj4></proj4><srsid>0</srsid><srid>0</srid><authid>" +
         xml_escape(code.value_or("")) + "</authid><description>" + xml_escape(crs.name()) +
         "</description><projectionacronym></projectionacronym><ellipsoidacronym></"
         "ellipsoidacronym><geographicflag>" +
         (crs.is_geographic() ? "true" : "false") + "</geographicflag></spatialrefsys>";
}

std::string qgis_geometry(const std::string& ogr_type) {
  if (ogr_type.find("Point") != std::string::npos) return "Point";
  if (ogr_type.find("Line") != std::string::npos) return "Line";
  if (ogr_type.find("Polygon") != std::string::npos) return "Polygon";
  return "Unknown";
}

std::string fmt(double v) {
  std::ostringstream out;
  out.precision(12);
  out << v;
  return out.str();
}

}  // namespace

std::string result_layer_qml(const std::string& layer, const std::vector<std::string>& categories,
                             const std::string& geometry_type,
                             const std::vector<FieldAlias>& aliases, std::string_view language) {
  const StyleBody body = style_body(layer, categories, geometry_type, aliases, language);
  if (body.elements.empty()) return {};
  return std::string(
             "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"") +
         kQgisVersion + "\" styleCategories=\"" +
         (aliases.empty() ? "Symbology|Labeling|Rendering"
                          : "Symbology|Labeling|Rendering|Fields") +
         "\" labelsEnabled=\"" + (body.labels ? "1" : "0") + "\">" + body.elements + "</qgis>\n";
}

std::vector<StyledLayer> earlier_layers(const std::filesystem::path& gpkg,
                                        const std::vector<StyledLayer>& written,
                                        const geo::Crs& crs) {
  std::vector<StyledLayer> out;
  if (!std::filesystem::exists(gpkg)) return out;
  const geo::Transform to_crs(geo::Crs::wgs84(), crs);
  for (const auto& info : geo::inspect_source(gpkg.string(), "", "", false)) {
    bool known = false;
    for (const auto& layer : written) known = known || layer.name == info.name;
    if (known || info.geometry_type == "None") continue;
    StyledLayer layer;
    layer.name = info.name;
    layer.geometry_type = info.geometry_type;
    layer.feature_count = info.feature_count;
    if (!info.extent_lonlat.empty()) {
      const geo::Envelope& e = info.extent_lonlat;
      // Corners and mid-edges: enough for the canvas's initial view.
      for (double fx : {0.0, 0.5, 1.0}) {
        for (double fy : {0.0, 0.5, 1.0}) {
          layer.extent.expand(to_crs.apply(
              {e.min_x + fx * (e.max_x - e.min_x), e.min_y + fy * (e.max_y - e.min_y)}));
        }
      }
    }
    out.push_back(std::move(layer));
  }
  return out;
}

void write_qgis_styles(const std::filesystem::path& gpkg, const std::filesystem::path& qgs_path,
                       const std::vector<StyledLayer>& layers, const geo::Crs& crs) {
  // In drawing order, top first: the result layers, each kind's facilities (as given) just
  // above the roads, and the boundary at the bottom.
  std::vector<const StyledLayer*> present;
  const std::string_view facilities = analysis::schema::kFacilitiesPrefix;
  for (const auto& name : result_layer_order()) {
    if (name == analysis::schema::kRoads) {
      for (const auto& layer : layers) {
        if (layer.name.rfind(facilities, 0) == 0) present.push_back(&layer);
      }
    }
    for (const auto& layer : layers) {
      if (layer.name == name) present.push_back(&layer);
    }
  }
  for (const auto& layer : layers) {
    if (layer.name == analysis::schema::kBoundary) present.push_back(&layer);
  }
  if (present.empty() || present.front()->name != "villages") {
    throw InputError("cannot write QGIS styles: layer 'villages' is not in '" + gpkg.string() +
                     "'; run `infracov analyze` to write it");
  }

  std::vector<geo::LayerStyle> styles;
  std::vector<StyleBody> bodies;
  for (const auto* info : present) {
    const std::vector<std::string> categories =
        info->feature_count > 0 ? info->categories : std::vector<std::string>{};
    // A facilities layer keeps its kind and rank even when empty: they are its style, not data.
    const std::vector<std::string>& style_categories =
        info->name.rfind(facilities, 0) == 0 ? info->categories : categories;
    bodies.push_back(style_body(info->name, style_categories, info->geometry_type, info->aliases,
                                info->language));
    geo::LayerStyle style;
    style.layer = info->name;
    style.name = info->name;
    style.qml = result_layer_qml(info->name, style_categories, info->geometry_type, info->aliases,
                                 info->language);
    style.description = "infracov default style for " + info->name;
    styles.push_back(std::move(style));
  }
  // The groups table has no geometry, so no place in the project's map; its style gives QGIS's
  // attribute table the aliases. Only when the file holds the table (a plan may update a folder
  // an analysis without groups wrote).
  bool has_groups = false;
  for (const auto& layer : layers) has_groups |= layer.name == analysis::schema::kGroups;
  if (has_groups) {
    has_groups = false;
    for (const auto& info : geo::inspect_source(gpkg.string(), "", "", false)) {
      has_groups |= info.name == analysis::schema::kGroups;
    }
  }
  for (const auto& layer : layers) {
    if (!has_groups || layer.name != analysis::schema::kGroups || layer.aliases.empty()) continue;
    geo::LayerStyle style;
    style.layer = layer.name;
    style.name = layer.name;
    style.qml =
        result_layer_qml(layer.name, {}, layer.geometry_type, layer.aliases, layer.language);
    style.description = "infracov default style for " + layer.name;
    styles.push_back(std::move(style));
  }
  geo::write_layer_styles(gpkg, styles);

  // The project: data sources relative to it, so the folder can be moved or shared whole.
  const auto qgs_dir = std::filesystem::absolute(qgs_path).parent_path();
  std::string source = std::filesystem::absolute(gpkg).lexically_relative(qgs_dir).generic_string();
  if (source.empty()) source = std::filesystem::absolute(gpkg).generic_string();
  if (source.front() != '/' && source.front() != '.') source = "./" + source;

  geo::Envelope projected;
  for (const auto* info : present) {
    if (!info->extent.empty()) projected.expand(info->extent);
  }
  auto extent_xml = [&](const char* tag) {
    if (projected.empty()) return std::string();
    return std::string("<") + tag + "><xmin>" + fmt(projected.min_x) + "</xmin><ymin>" +
           fmt(projected.min_y) + "</ymin><xmax>" + fmt(projected.max_x) + "</xmax><ymax>" +
           fmt(projected.max_y) + "</ymax></" + tag + ">";
  };

  const std::string srs = spatialrefsys(crs);
  std::string tree;
  std::string map_layers;
  std::string order;
  for (std::size_t i = 0; i < present.size(); ++i) {
    const auto* info = present[i];
    const std::string id = info->name + "_" + std::to_string(i);
    const std::string datasource = xml_escape(source + "|layername=" + info->name);
    tree += "<layer-tree-layer id=\"" + id + "\" name=\"" + xml_escape(info->name) +
            "\" source=\"" + datasource +
            "\" providerKey=\"ogr\" checked=\"Qt::Checked\" expanded=\"1\" legend_exp=\"\" "
            "patch_size=\"-1,-1\" legend_split_behavior=\"0\"><customproperties/></"
            "layer-tree-layer>\n";
    map_layers += "<maplayer type=\"vector\" geometry=\"" + qgis_geometry(info->geometry_type) +
                  "\" wkbType=\"" + xml_escape(info->geometry_type) + "\" labelsEnabled=\"" +
                  (bodies[i].labels ? "1" : "0") +
                  "\" styleCategories=\"AllStyleCategories\" hasScaleBasedVisibilityFlag=\"0\" "
                  "autoRefreshEnabled=\"0\" refreshOnNotifyEnabled=\"0\" readOnly=\"0\">" +
                  extent_xml("extent") + "<id>" + id + "</id><datasource>" + datasource +
                  "</datasource><layername>" + xml_escape(info->name) + "</layername><srs>" + srs +
                  "</srs><provider encoding=\"UTF-8\">ogr</provider>" + bodies[i].elements +
                  "</maplayer>\n";
    order += "<layer id=\"" + id + "\"/>";
  }
  std::ostringstream qgs;
  qgs << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
      << "<qgis projectname=\"infracov results\" version=\"" << kQgisVersion << "\">\n"
      << "<homePath path=\"\"/><title>infracov results</title>\n"
      << "<projectCrs>" << srs << "</projectCrs>\n"
      << "<layer-tree-group><customproperties/>\n"
      << tree << "</layer-tree-group>\n"
      << "<mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\"><units>meters</units>"
      << extent_xml("extent") << "<rotation>0</rotation><destinationsrs>" << srs
      << "</destinationsrs><rendermaptile>0</rendermaptile></mapcanvas>\n"
      << "<projectlayers>\n"
      << map_layers << "</projectlayers>\n"
      << "<layerorder>" << order << "</layerorder>\n"
      << "<properties><Paths><Absolute type=\"bool\">false</Absolute></Paths></properties>\n"
      << "</qgis>\n";
  std::ofstream out(qgs_path, std::ios::binary | std::ios::trunc);
  out << qgs.str();
  out.close();
  if (!out) {
    // errno says which: a full disk (the usual cause this late in a run) or a folder problem.
    throw geo::write_failed(
        "cannot write the QGIS project: '" + qgs_path.string() + "' (" + std::strerror(errno) + ")",
        qgs_path);
  }
}

}  // namespace infracov::cli
