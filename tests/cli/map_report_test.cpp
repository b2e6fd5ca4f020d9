// QGIS styles, the printable map and the HTML report, on a tiny results GeoPackage written here
// (so these tests do not depend on `analyze`).
#include <cairo.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <tinyxml2.h>

#include <cstdlib>
#include <map>
#include <regex>

#include "cartography.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/render.hpp"
#include "infracov/geo/writer.hpp"
#include "qgis_styles.hpp"
#include "support/test_support.hpp"

namespace infracov::cli {
namespace {

using geo::FieldType;
using geo::FieldValue;
using test::ScratchDir;

// Three villages: one passing every check, one failing one, one failing two; a national road, a
// county bridge, a clinic service area, a proposed road. UTM 51N around the banner.
void write_results(const std::filesystem::path& gpkg) {
  const auto crs = geo::Crs::from_user("EPSG:32651");
  geo::GeosContext ctx;
  geo::DatasetWriter out(gpkg);
  auto& villages = out.create_layer("villages", geo::GeometryClass::kPoint, crs,
                                    {{"id", FieldType::kString},
                                     {"name", FieldType::kString},
                                     {"population", FieldType::kInteger64},
                                     {"road_dist_m", FieldType::kReal},
                                     {"clinic_dist_m", FieldType::kReal},
                                     {"missing", FieldType::kString}});
  villages.write({FieldValue{"v1"}, FieldValue{"甲村"}, FieldValue{std::int64_t{900}},
                  FieldValue{120.0}, FieldValue{3100.0}, FieldValue{""}},
                 geo::Point{500000.0, 4800000.0});
  villages.write({FieldValue{"v2"}, FieldValue{"乙村"}, FieldValue{std::int64_t{400}},
                  FieldValue{80.0}, FieldValue{7400.0}, FieldValue{"clinic"}},
                 geo::Point{506000.0, 4803000.0});
  villages.write({FieldValue{"v3"}, FieldValue{"丙村"}, FieldValue{std::int64_t{250}},
                  FieldValue{2600.0}, FieldValue{}, FieldValue{"road;clinic"}},
                 geo::Point{503000.0, 4796000.0});
  auto& roads = out.create_layer("roads", geo::GeometryClass::kLine, crs,
                                 {{"class", FieldType::kString}, {"bridge", FieldType::kInteger}});
  roads.write({FieldValue{"national"}, FieldValue{std::int64_t{0}}},
              std::vector<geo::Polyline>{{{499000.0, 4800100.0}, {507000.0, 4803100.0}}});
  roads.write({FieldValue{"county"}, FieldValue{std::int64_t{1}}},
              std::vector<geo::Polyline>{{{500000.0, 4800100.0}, {500500.0, 4798000.0}}});
  auto& areas = out.create_layer("service_areas", geo::GeometryClass::kPolygon, crs,
                                 {{"kind", FieldType::kString}, {"max_m", FieldType::kReal}});
  const std::vector<geo::Point> shell{{498000.0, 4798500.0},
                                      {502000.0, 4798500.0},
                                      {502000.0, 4801500.0},
                                      {498000.0, 4801500.0},
                                      {498000.0, 4798500.0}};
  areas.write({FieldValue{"clinic"}, FieldValue{5000.0}}, geo::Geometry::polygon(ctx, shell));
  auto& proposed = out.create_layer("proposed_roads", geo::GeometryClass::kLine, crs,
                                    {{"length_m", FieldType::kReal}});
  proposed.write({FieldValue{2300.0}},
                 std::vector<geo::Polyline>{{{503000.0, 4796000.0}, {501000.0, 4797500.0}}});
  out.close();
}

// Styles the layers write_results wrote, described as a run would describe them (the road classes
// and kinds it wrote); the layers themselves are listed from the file, as an updated folder is.
void write_qgis_styles(const std::filesystem::path& gpkg, const std::filesystem::path& qgs) {
  const auto crs = geo::Crs::from_user("EPSG:32651");
  std::vector<StyledLayer> layers = earlier_layers(gpkg, {}, crs);
  for (auto& layer : layers) {
    if (layer.name == "roads") layer.categories = {"county", "national"};
    if (layer.name == "service_areas") layer.categories = {"clinic"};
  }
  cli::write_qgis_styles(gpkg, qgs, layers, crs);
}

// The villages' source with a boundary layer, as the bundled sample has.
void write_source_with_boundary(const std::filesystem::path& gpkg) {
  const auto crs = geo::Crs::from_user("EPSG:4326");
  geo::GeosContext ctx;
  geo::DatasetWriter out(gpkg);
  auto& boundary = out.create_layer("boundary", geo::GeometryClass::kPolygon, crs,
                                    {{"name", FieldType::kString}});
  // Around the villages, in longitude/latitude (UTM 51N: 500000 E is 123°E).
  const std::vector<geo::Point> shell{
      {122.95, 43.26}, {123.12, 43.26}, {123.12, 43.42}, {122.95, 43.42}, {122.95, 43.26}};
  boundary.write({FieldValue{"科尔沁左翼后旗"}}, geo::Geometry::polygon(ctx, shell));
  auto& villages =
      out.create_layer("villages", geo::GeometryClass::kPoint, crs, {{"code", FieldType::kString}});
  villages.write({FieldValue{"v1"}}, geo::Point{123.0, 43.34});
  out.close();
}

// A project file whose villages' source holds the boundary; nothing else of it is read.
std::filesystem::path write_project(const ScratchDir& dir) {
  write_source_with_boundary(dir / "source.gpkg");
  test::write_text(dir / "project.toml", R"(
[analysis]
crs = "EPSG:32651"

[villages]
source = "source.gpkg"
layer = "villages"
id = "code"

[roads]
source = "source.gpkg"
layer = "roads"
)");
  return dir / "project.toml";
}

// ---- layer_styles, read back with SQLite itself ---------------------------------------------

struct Sqlite {
  sqlite3* db = nullptr;
  explicit Sqlite(const std::filesystem::path& path) {
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path;
    }
  }
  ~Sqlite() { sqlite3_close(db); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  // Every row of a query, each column as text ("<null>" for NULL).
  std::vector<std::vector<std::string>> rows(const std::string& sql) const {
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
      return out;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const auto* text = sqlite3_column_text(stmt, i);
        row.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "<null>");
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    return out;
  }
};

TEST(QgisStyles, LayerStylesTableHasTheColumnsQgisReads) {
  ScratchDir dir;
  write_results(dir / "results.gpkg");
  write_qgis_styles(dir / "results.gpkg", dir / "results.qgs");

  Sqlite db(dir / "results.gpkg");
  std::vector<std::string> columns;
  for (const auto& row : db.rows("PRAGMA table_info(layer_styles)")) columns.push_back(row[1]);
  for (const char* wanted :
       {"id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
        "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time"}) {
    EXPECT_NE(std::find(columns.begin(), columns.end(), wanted), columns.end()) << wanted;
  }
  const auto rows = db.rows(
      "SELECT f_table_name, typeof(f_table_schema), f_table_schema, f_geometry_column, "
      "useAsDefault, update_time FROM layer_styles ORDER BY f_table_name");
  ASSERT_EQ(rows.size(), 4u);
  const std::vector<std::string> layers{"proposed_roads", "roads", "service_areas", "villages"};
  const std::regex millis(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], layers[i]);
    EXPECT_EQ(rows[i][1], "text") << "f_table_schema must be '' (QGIS ignores NULL)";
    EXPECT_EQ(rows[i][2], "");
    EXPECT_EQ(rows[i][3], "geom");
    EXPECT_EQ(rows[i][4], "1");
    EXPECT_TRUE(std::regex_match(rows[i][5], millis)) << rows[i][5];
  }
  const auto contents =
      db.rows("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(contents[0][0], "attributes");
}

TEST(QgisStyles, WritingTwiceKeepsOneDefaultRowPerLayer) {
  ScratchDir dir;
  write_results(dir / "results.gpkg");
  write_qgis_styles(dir / "results.gpkg", dir / "results.qgs");
  write_qgis_styles(dir / "results.gpkg", dir / "results.qgs");
  Sqlite db(dir / "results.gpkg");
  const auto rows = db.rows(
      "SELECT f_table_name, count(*), sum(useAsDefault) FROM layer_styles GROUP BY f_table_name");
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) {
    EXPECT_EQ(row[1], "1") << row[0];
    EXPECT_EQ(row[2], "1") << row[0];
  }
}

const tinyxml2::XMLElement* child(const tinyxml2::XMLElement* e, const char* name) {
  return e != nullptr ? e->FirstChildElement(name) : nullptr;
}

std::string attr(const tinyxml2::XMLElement* e, const char* name) {
  const char* v = e != nullptr ? e->Attribute(name) : nullptr;
  return v != nullptr ? v : "<none>";
}

// Every <prop k v> of every symbol layer under `e`, as k=v strings.
std::vector<std::string> props(const tinyxml2::XMLElement* e) {
  std::vector<std::string> out;
  if (e == nullptr) return out;
  for (auto* c = e->FirstChildElement(); c != nullptr; c = c->NextSiblingElement()) {
    if (std::string(c->Name()) == "prop") out.push_back(attr(c, "k") + "=" + attr(c, "v"));
    for (auto& p : props(c)) out.push_back(p);
  }
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(QgisStyles, EveryStyleIsCompleteQmlWithTheExpectedRenderer) {
  ScratchDir dir;
  write_results(dir / "results.gpkg");
  write_qgis_styles(dir / "results.gpkg", dir / "results.qgs");
  Sqlite db(dir / "results.gpkg");
  std::map<std::string, std::string> qml;
  for (const auto& row : db.rows("SELECT f_table_name, styleQML FROM layer_styles")) {
    qml[row[0]] = row[1];
  }
  std::map<std::string, tinyxml2::XMLDocument> docs;
  for (const auto& [layer, text] : qml) {
    ASSERT_EQ(docs[layer].Parse(text.c_str()), tinyxml2::XML_SUCCESS) << layer;
    ASSERT_STREQ(docs[layer].RootElement()->Name(), "qgis") << layer;
  }

  const auto* villages = docs["villages"].RootElement();
  const auto* renderer = child(villages, "renderer-v2");
  EXPECT_EQ(attr(renderer, "type"), "categorizedSymbol");
  std::vector<std::string> values;
  for (auto* c = child(child(renderer, "categories"), "category"); c != nullptr;
       c = c->NextSiblingElement("category")) {
    values.push_back(attr(c, "value"));
  }
  EXPECT_EQ(values, (std::vector<std::string>{"0", "1", "2"}));
  const auto village_props = props(child(renderer, "symbols"));
  EXPECT_TRUE(has(village_props, "color=26,150,65,255"));  // 0 failed: green
  EXPECT_TRUE(has(village_props, "color=245,163,0,255"));  // 1: amber
  EXPECT_TRUE(has(village_props, "color=215,25,28,255"));  // 2+: red
  EXPECT_EQ(attr(villages, "labelsEnabled"), "1");
  const auto* text_style = child(child(child(villages, "labeling"), "settings"), "text-style");
  EXPECT_EQ(attr(text_style, "fieldName"), "name");
  EXPECT_EQ(attr(text_style, "fontFamily"), "Noto Sans CJK SC");

  const auto* roads = child(docs["roads"].RootElement(), "renderer-v2");
  EXPECT_EQ(attr(roads, "type"), "RuleRenderer");
  std::vector<std::string> filters;
  for (auto* r = child(child(roads, "rules"), "rule"); r != nullptr;
       r = r->NextSiblingElement("rule")) {
    filters.push_back(attr(r, "filter"));
  }
  ASSERT_EQ(filters.size(), 4u);  // bridge, county, national, ELSE
  EXPECT_EQ(filters[0], "\"bridge\" = 1");
  // Bridges graduated by the people their failure cuts off: four bands, widest first.
  std::vector<std::string> bands;
  for (auto* r = child(child(child(roads, "rules"), "rule"), "rule"); r != nullptr;
       r = r->NextSiblingElement("rule")) {
    bands.push_back(attr(r, "filter"));
  }
  ASSERT_EQ(bands.size(), 4u);
  EXPECT_EQ(bands[0], "coalesce(\"people_cut_off\", 0) >= 1000");
  EXPECT_EQ(bands[3], "ELSE");
  EXPECT_NE(filters[2].find("'national'"), std::string::npos);
  EXPECT_EQ(filters[3], "ELSE");
  EXPECT_TRUE(has(props(child(roads, "symbols")), "line_color=228,26,28,255"));  // bridges red

  const auto* areas = child(docs["service_areas"].RootElement(), "renderer-v2");
  EXPECT_EQ(attr(areas, "type"), "categorizedSymbol");
  EXPECT_EQ(attr(areas, "attr"), "kind");
  EXPECT_TRUE(has(props(child(areas, "symbols")), "color=44,127,184,64"));  // translucent

  const auto* proposed = child(docs["proposed_roads"].RootElement(), "renderer-v2");
  EXPECT_EQ(attr(proposed, "type"), "singleSymbol");
  EXPECT_TRUE(has(props(proposed), "use_custom_dash=1"));
  EXPECT_TRUE(has(props(proposed), "line_style=dash"));
}

TEST(QgisStyles, ProjectListsTheLayersInDrawingOrder) {
  ScratchDir dir;
  write_results(dir / "results.gpkg");
  write_qgis_styles(dir / "results.gpkg", dir / "results.qgs");
  tinyxml2::XMLDocument qgs;
  ASSERT_EQ(qgs.LoadFile((dir / "results.qgs").c_str()), tinyxml2::XML_SUCCESS);
  const auto* root = qgs.RootElement();
  std::vector<std::string> tree;
  for (auto* l = child(child(root, "layer-tree-group"), "layer-tree-layer"); l != nullptr;
       l = l->NextSiblingElement("layer-tree-layer")) {
    tree.push_back(attr(l, "name"));
    EXPECT_EQ(attr(l, "source"), "./results.gpkg|layername=" + tree.back());
  }
  EXPECT_EQ(tree,
            (std::vector<std::string>{"villages", "proposed_roads", "roads", "service_areas"}));
  std::vector<std::string> renderers;
  for (auto* m = child(child(root, "projectlayers"), "maplayer"); m != nullptr;
       m = m->NextSiblingElement("maplayer")) {
    renderers.push_back(attr(child(m, "renderer-v2"), "type"));
    EXPECT_EQ(std::string(child(m, "provider")->GetText()), "ogr");
  }
  EXPECT_EQ(renderers, (std::vector<std::string>{"categorizedSymbol", "singleSymbol",
                                                 "RuleRenderer", "categorizedSymbol"}));
  EXPECT_EQ(
      std::string(child(child(child(root, "projectCrs"), "spatialrefsys"), "authid")->GetText()),
      "EPSG:32651");
}

// ---- the map ---------------------------------------------------------------------------------

struct Pixel {
  int r = 0, g = 0, b = 0;
};

struct Png {
  cairo_surface_t* surface = nullptr;
  explicit Png(const std::filesystem::path& path)
      : surface(cairo_image_surface_create_from_png(path.c_str())) {}
  ~Png() { cairo_surface_destroy(surface); }
  Png(const Png&) = delete;
  Png& operator=(const Png&) = delete;
  bool ok() const { return cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS; }
  int width() const { return cairo_image_surface_get_width(surface); }
  int height() const { return cairo_image_surface_get_height(surface); }
  Pixel at(geo::Point p) const {
    cairo_surface_flush(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    const auto x = static_cast<int>(p.x);
    const auto y = static_cast<int>(p.y);
    // ARGB32 in native (little-endian) order: B, G, R, A; the map background is opaque.
    const unsigned char* px = data + y * stride + x * 4;
    return {px[2], px[1], px[0]};
  }
};

void expect_colour(const Pixel& p, std::string_view hex, const std::string& what) {
  const auto want = geo::render::Rgba::hex(hex);
  const int tolerance = 3;  // antialiasing never reaches a marker's centre
  EXPECT_NEAR(p.r, want.r * 255.0, tolerance) << what;
  EXPECT_NEAR(p.g, want.g * 255.0, tolerance) << what;
  EXPECT_NEAR(p.b, want.b * 255.0, tolerance) << what;
}

TEST(MapRender, PngHasTheRequestedSizeAndEachVillageItsStatusColour) {
  ScratchDir dir;
  write_results(dir / "results.gpkg");
  write_source_with_boundary(dir / "source.gpkg");
  geo::LayerSpec boundary;
  boundary.source = (dir / "source.gpkg").string();
  boundary.layer = "boundary";
  const Results results = read_results(dir / "results.gpkg", boundary);
  MapOptions options;
  options.page.width_mm = 120.0;
  options.page.height_mm = 90.0;
  options.page.dpi = 100.0;
  options.title = "科尔沁左翼后旗 test";
  const MapDrawn drawn = draw_results_map(results, dir / "map.png", options);

  Png png(dir / "map.png");
  ASSERT_TRUE(png.ok());
  EXPECT_EQ(png.width(), 472);  // 120 mm at 100 dpi
  EXPECT_EQ(png.height(), 354);
  ASSERT_EQ(drawn.village_px.size(), 3u);
  expect_colour(png.at(drawn.village_px.at("v1")), palette::kVillageOk, "v1 passes");
  expect_colour(png.at(drawn.village_px.at("v2")), palette::kVillageOneMissing, "v2 fails 1");
  expect_colour(png.at(drawn.village_px.at("v3")), palette::kVillageFlagged, "v3 is flagged");
  EXPECT_EQ(drawn.labels_placed, 3u);
  EXPECT_EQ(drawn.labels_skipped, 0u);
}

TEST(MapRender, LabelsThatWouldOverlapAreLeftOut) {
  ScratchDir dir;
  geo::render::PageOptions page;
  page.width_mm = 100.0;
  page.height_mm = 80.0;
  page.dpi = 100.0;
  geo::render::Canvas canvas(dir / "labels.png", page);
  canvas.set_extent({0.0, 0.0, 10000.0, 10000.0});
  geo::render::LabelStyle style;
  // Twenty labels at one spot: right and left of it fit; every other position overlaps one of
  // those two (the text is taller than twice the gap), so the rest are left out.
  int placed = 0;
  for (int i = 0; i < 20; ++i) placed += canvas.add_label({5000.0, 5000.0}, "村名", style) ? 1 : 0;
  EXPECT_EQ(placed, 2);
  // Elsewhere there is room; outside the frame there is none.
  EXPECT_TRUE(canvas.add_label({2000.0, 2000.0}, "村名", style));
  EXPECT_FALSE(canvas.add_label({-50000.0, 5000.0}, "村名", style));
  canvas.finish();
}

TEST(MapRender, SvgAndPdfPagesAreWritten) {
  ScratchDir dir;
  write_results(dir / "results.gpkg");
  const Results results = read_results(dir / "results.gpkg", std::nullopt);
  MapOptions options;
  options.page.width_mm = 100.0;
  options.page.height_mm = 80.0;
  draw_results_map(results, dir / "map.svg", options);
  draw_results_map(results, dir / "map.pdf", options);
  EXPECT_NE(test::read_text(dir / "map.svg").find("<svg"), std::string::npos);
  EXPECT_EQ(test::read_text(dir / "map.pdf").substr(0, 5), "%PDF-");
  EXPECT_THROW(draw_results_map(results, dir / "map.bmp", options), OutputError);
}

TEST(MapCommand, WritesAPngOfTheRequestedSizeWithTheSourceBoundary) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "out");
  write_results(dir / "out/results.gpkg");
  const auto project = write_project(dir);
  const auto result = test::run_infracov(
      "map --config '" + project.string() + "' --results '" + (dir / "out").string() + "' --out '" +
      (dir / "m.png").string() + "' --width-mm 101.6 --height-mm 76.2 --dpi 100");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  Png png(dir / "m.png");
  ASSERT_TRUE(png.ok());
  EXPECT_EQ(png.width(), 400);
  EXPECT_EQ(png.height(), 300);
}

TEST(MapCommand, MissingResultsSayWhatToRun) {
  ScratchDir dir;
  const auto project = write_project(dir);
  const auto result =
      test::run_infracov("map --config '" + project.string() + "' --results '" +
                         (dir / "nowhere").string() + "' --out '" + (dir / "m.png").string() + "'");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("infracov analyze"), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "m.png"));
}

// The map is drawn under a temporary name and renamed: a failure names the file asked for and
// leaves nothing beside it.
TEST(MapCommand, AFailedMapNamesItsFileAndLeavesNothing) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "out");
  write_results(dir / "out/results.gpkg");
  const auto project = write_project(dir);
  const auto before = std::distance(std::filesystem::directory_iterator(dir.path()), {});
  const auto result =
      test::run_infracov("map --config '" + project.string() + "' --results '" +
                         (dir / "out").string() + "' --out '" + (dir / "m.bmp").string() + "'");
  EXPECT_EQ(result.exit_code, 3) << result.output;
  EXPECT_NE(result.output.find("'" + (dir / "m.bmp").string() + "' has an unknown extension"),
            std::string::npos)
      << result.output;
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), before);
}

// ---- the report ------------------------------------------------------------------------------

std::string attribute_of(const std::string& dom, const std::string& element_id,
                         const std::string& name) {
  const std::regex element("<[^>]*id=\"" + element_id + "\"[^>]*>");
  std::smatch m;
  if (!std::regex_search(dom, m, element)) return "<no element>";
  const std::string tag = m.str();
  const std::regex value(name + "=\"([^\"]*)\"");
  std::smatch v;
  return std::regex_search(tag, v, value) ? v[1].str() : "<no attribute>";
}

TEST(Report, PageLoadsInChromiumWithOneMarkerPerVillageAndNoErrors) {
  // The test set-up installs Debian's chromium; without it this must fail, never skip.
  ASSERT_TRUE(std::filesystem::exists(test::kChromium)) << "install Debian's chromium package";
  ScratchDir dir;
  std::filesystem::create_directories(dir / "out");
  write_results(dir / "out/results.gpkg");
  test::write_text(dir / "out/summary.json",
                   R"({"villages": 3, "crs": "EPSG:32651", "flagged": 2,
                       "facilities": {"clinic": {"rule": "network", "ok": 1, "missing": 2,
                                                  "population_share": 0.5818}},
                       "plans": {"roads": {"links": 1, "length_m": 2300.0}}})");
  const auto project = write_project(dir);
  const auto result = test::run_infracov("report --config '" + project.string() + "' --results '" +
                                         (dir / "out").string() + "' --out '" +
                                         (dir / "report.html").string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const std::string html = test::read_text(dir / "report.html");
  // Self-contained: no script, stylesheet or image fetched from elsewhere.
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("<link "), std::string::npos);
  EXPECT_EQ(html.find("url(images/"), std::string::npos);
  EXPECT_NE(html.find("丙村"), std::string::npos);
  EXPECT_NE(html.find("road;clinic"), std::string::npos);
  EXPECT_NE(html.find("58.2 %"), std::string::npos);
  // The roads plan's figures (the village names make the report Chinese).
  EXPECT_NE(html.find("<h3>道路规划</h3>"), std::string::npos);
  EXPECT_NE(html.find("<th>links</th><td class=\"num\">1</td>"), std::string::npos);

  const std::string dom = test::chromium_dom(dir.path(), dir / "report.html");
  EXPECT_EQ(attribute_of(dom, "infracov-status", "data-done"), "1") << dom.substr(0, 2000);
  EXPECT_EQ(attribute_of(dom, "infracov-status", "data-markers"), "3");
  EXPECT_NE(dom.find("<ul id=\"infracov-errors\"></ul>"), std::string::npos)
      << "the page recorded errors: " << dom.substr(dom.find("infracov-errors"), 600);
}

}  // namespace
}  // namespace infracov::cli
