// The planner's outputs on the bundled sample (analysed, then every plan run): the map's title and
// legend in the project's language, `map --item` colouring the villages by one checklist item, and
// the report's flagged villages with plain reasons, plans' figures and print stylesheet.
#include <cairo.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <tinyxml2.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "cartography.hpp"
#include "infracov/geo/error.hpp"
#include "language.hpp"
#include "project.hpp"
#include "support/test_support.hpp"

namespace infracov::cli {
namespace {

namespace fs = std::filesystem;
using test::read_text;
using test::run_infracov;
using test::ScratchDir;

class BannerMap : public ::testing::Test {
 protected:
  // One sample, analysed and planned (so the map has proposed works too), for the suite.
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    error_ = test::make_and_analyze_sample(dir_->path(),
                                           "--quiet analyze --config sample/sample.toml --out out");
    if (!error_.empty()) return;
    const auto plan = run_infracov(
        "--quiet plan roads --cost-per-km 500000 grid --cost-per-km 300000 sites --kind clinic "
        "--count 3 --config sample/sample.toml --out out",
        dir_->path());
    if (plan.exit_code != 0) {
      error_ = "plan failed: " + plan.output;
      return;
    }
    summary_ = new nlohmann::json(nlohmann::json::parse(read_text(out() / "summary.json")));
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(summary_, nullptr) << error_; }
  static fs::path out() { return dir_->path() / "out"; }
  static const nlohmann::json& summary() { return *summary_; }

  static MapDrawn draw(const Results& results, const std::string& language, const std::string& file,
                       std::optional<VillageClasses> villages = {}) {
    MapOptions options;
    options.page.width_mm = 200.0;
    options.page.height_mm = 200.0;
    options.page.dpi = 100.0;
    options.language = language;
    options.title = default_map_title(262, language);
    options.villages = std::move(villages);
    return draw_results_map(results, dir_->path() / file, options);
  }

  static inline ScratchDir* dir_ = nullptr;
  static inline std::string error_;
  static inline nlohmann::json* summary_ = nullptr;
};

std::string joined(const std::vector<std::string>& entries) {
  std::string out;
  for (const auto& e : entries) out += e + " | ";
  return out;
}

bool has_entry(const std::vector<std::string>& entries, const std::string& entry) {
  return std::find(entries.begin(), entries.end(), entry) != entries.end();
}

bool has_prefix(const std::vector<std::string>& entries, const std::string& prefix) {
  return std::any_of(entries.begin(), entries.end(),
                     [&](const std::string& e) { return e.rfind(prefix, 0) == 0; });
}

// The number of features of a facilities_K layer, as the legend counts them.
std::string facility_count(const Results& results, const std::string& kind) {
  const ResultLayer* layer = results.layer("facilities_" + kind);
  return layer == nullptr ? "<none>" : std::to_string(layer->table.features.size());
}

TEST_F(BannerMap, EveryLegendEntryIsChineseWithLanguageZh) {
  const Results results = read_results(out() / "results.gpkg", std::nullopt);
  const MapDrawn drawn = draw(results, "zh", "zh.png");
  const auto& legend = drawn.legend;
  EXPECT_EQ(drawn.legend_title, "图例");
  EXPECT_EQ(default_map_title(262, "zh"), "262 个村基础设施覆盖情况");
  // No Latin letter anywhere: every villages' class, road, facility, area, plan and boundary.
  const std::regex latin("[A-Za-z]");
  for (const auto& entry : legend) EXPECT_FALSE(std::regex_search(entry, latin)) << entry;
  const std::string all = joined(legend);
  EXPECT_TRUE(has_prefix(legend, "全部达标 (")) << all;
  EXPECT_TRUE(has_prefix(legend, "1 项未达标 (")) << all;
  EXPECT_TRUE(has_prefix(legend, "2 项及以上未达标 (")) << all;
  for (const char* entry :
       {"规划选址", "规划道路", "规划硬化路段", "规划电网", "桥（单一通道）", "国道", "省道",
        "县道", "村级硬化路", "砂石路", "卫生室服务范围", "边界"}) {
    EXPECT_TRUE(has_entry(legend, entry)) << entry << " not in " << all;
  }
  EXPECT_TRUE(has_entry(legend, "卫生室 (" + facility_count(results, "clinic") + ")")) << all;
  EXPECT_TRUE(has_entry(legend, "水井 (" + facility_count(results, "well_in_village") + ")") ||
              has_entry(legend, "村内水井 (" + facility_count(results, "well_in_village") + ")"))
      << all;
  EXPECT_TRUE(has_entry(legend, "文化室 (" + facility_count(results, "culture_room") + ")")) << all;
}

TEST_F(BannerMap, EveryLegendEntryIsEnglishWithLanguageEn) {
  const Results results = read_results(out() / "results.gpkg", std::nullopt);
  const MapDrawn drawn = draw(results, "en", "en.png");
  const auto& legend = drawn.legend;
  EXPECT_EQ(drawn.legend_title, "Legend");
  EXPECT_EQ(default_map_title(262, "en"), "Infrastructure coverage of 262 villages");
  for (const auto& entry : legend) {
    EXPECT_TRUE(std::all_of(entry.begin(), entry.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x80;
    })) << entry;
  }
  const std::string all = joined(legend);
  EXPECT_TRUE(has_prefix(legend, "all checks pass (")) << all;
  for (const char* entry :
       {"proposed site", "proposed roads", "paving upgrades", "proposed grid",
        "bridge (single link)", "national", "gravel", "clinic service area", "boundary"}) {
    EXPECT_TRUE(has_entry(legend, entry)) << entry << " not in " << all;
  }
  EXPECT_TRUE(has_entry(legend, "clinic (" + facility_count(results, "clinic") + ")")) << all;
}

TEST_F(BannerMap, MapCommandDrawsTheLegendInTheProjectsLanguage) {
  // The command resolves the sample's language = "zh" itself; the PNG is written.
  const auto run = run_infracov(
      "map --config sample/sample.toml --results out --out cmd.png --dpi 60", dir_->path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(fs::exists(dir_->path() / "cmd.png"));
}

// ---- map --item -----------------------------------------------------------------------------

TEST_F(BannerMap, AnItemIsChosenByLabelEnglishLabelFieldOrIndex) {
  const analysis::Project project = read_project(dir_->path() / "sample/sample.toml", {});
  for (const char* item : {"标准化卫生室", "Standardized clinic", "check_4", "4"}) {
    EXPECT_EQ(checklist_item_index(project, item), 3u) << item;
  }
  EXPECT_EQ(checklist_item_index(project, "通硬化路"), 0u);
}

TEST_F(BannerMap, ItemClassesAreTheItemsFailingVillagesAndTheMapColoursThem) {
  const analysis::Project project = read_project(dir_->path() / "sample/sample.toml", {});
  const Results results = read_results(out() / "results.gpkg", std::nullopt);
  const ResultLayer& villages = *results.layer("villages");
  for (std::size_t index = 0; index < project.checklist.size(); ++index) {
    const VillageClasses classes = checklist_item_classes(project, villages, index, "zh");
    std::set<std::string> failing;
    for (const auto& [id, c] : classes.class_of) {
      if (c == 1) failing.insert(id);
    }
    const auto& item = summary()["checklist"][index];
    const auto want = item["failing"].get<std::set<std::string>>();
    EXPECT_EQ(failing, want) << item["label"];
    ASSERT_EQ(classes.classes.size(), 2u);
    EXPECT_EQ(classes.classes[0].legend, item["label"].get<std::string>() + "：达标");
    EXPECT_EQ(classes.classes[1].legend, item["label"].get<std::string>() + "：未达标");
  }
  const VillageClasses clinic = checklist_item_classes(project, villages, 3, "en");
  EXPECT_EQ(clinic.classes[1].legend, "Standardized clinic: fails");
  const MapDrawn drawn = draw(results, "en", "clinic.png", clinic);
  EXPECT_TRUE(has_prefix(
      drawn.legend, "Standardized clinic: fails (" + std::to_string(clinic.class_of.size()) + ")"))
      << joined(drawn.legend);
  // Failing villages are drawn on top of passing ones: no failing village's centre shows the
  // passing colour, and each shows the failing colour unless the legend, title or scale bar (drawn
  // last) covers it, which leaves most of them in view.
  cairo_surface_t* png = cairo_image_surface_create_from_png((dir_->path() / "clinic.png").c_str());
  ASSERT_EQ(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
  cairo_surface_flush(png);
  const unsigned char* data = cairo_image_surface_get_data(png);
  const int stride = cairo_image_surface_get_stride(png);
  const auto is = [](const unsigned char* px, std::string_view hex) {
    const auto want = geo::render::Rgba::hex(hex);  // the pixel is B, G, R, A
    return std::abs(px[2] - want.r * 255.0) <= 3 && std::abs(px[1] - want.g * 255.0) <= 3 &&
           std::abs(px[0] - want.b * 255.0) <= 3;
  };
  std::size_t red = 0;
  for (const auto& [id, c] : clinic.class_of) {
    const geo::Point p = drawn.village_px.at(id);
    const unsigned char* px = data + static_cast<int>(p.y) * stride + static_cast<int>(p.x) * 4;
    EXPECT_FALSE(is(px, palette::kVillageOk)) << id;
    red += is(px, palette::kVillageFlagged) ? 1 : 0;
  }
  EXPECT_GE(red * 2, clinic.class_of.size()) << red << " of " << clinic.class_of.size();
  cairo_surface_destroy(png);
}

TEST_F(BannerMap, MapItemWritesTheMapAndAnUnknownItemNamesTheValidLabels) {
  const auto run = run_infracov(
      "--quiet map --config sample/sample.toml --results out --out item.png --dpi 60 --item "
      "便民超市",
      dir_->path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(fs::exists(dir_->path() / "item.png"));

  const auto bad = run_infracov(
      "map --config sample/sample.toml --results out --out bad.png --item 公厕", dir_->path());
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("unknown checklist item '公厕'"), std::string::npos) << bad.output;
  for (const char* label : {"\"通硬化路\" (check_1)", "\"广播电视网络\" (check_7)"}) {
    EXPECT_NE(bad.output.find(label), std::string::npos) << bad.output;
  }
  // One line: the message and its newline.
  EXPECT_EQ(std::count(bad.output.begin(), bad.output.end(), '\n'), 1) << bad.output;
  EXPECT_FALSE(fs::exists(dir_->path() / "bad.png"));
}

// ---- the report's reasons -------------------------------------------------------------------

const geo::Feature& village(const ResultLayer& villages, const std::string& id) {
  for (const auto& f : villages.table.features) {
    if (villages.text(f, "id") == id) return f;
  }
  throw std::runtime_error("no village " + id);
}

std::string reasons(const ResultLayer& villages, const analysis::Project& project,
                    const std::string& id, const std::string& language) {
  std::string out;
  for (const auto& r : village_reasons(villages, village(villages, id), project, language)) {
    out += (out.empty() ? "" : (language == "zh" ? "；" : "; ")) + r;
  }
  return out;
}

bool listed(const nlohmann::json& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST_F(BannerMap, FlaggedVillagesReasonsSayWhatIsMissingAndHowFar) {
  const analysis::Project project = read_project(dir_->path() / "sample/sample.toml", {});
  const Results results = read_results(out() / "results.gpkg", std::nullopt);
  const ResultLayer& villages = *results.layer("villages");
  const auto truth = nlohmann::json::parse(read_text(dir_->path() / "sample/sample_truth.json"));
  // Each village's planted defect, as sample_truth.json lists it.
  ASSERT_TRUE(listed(truth["missing"]["clinic"], "150522103212"));
  ASSERT_TRUE(listed(truth["missing"]["clinic_in_village"], "150522103212"));
  ASSERT_TRUE(listed(truth["no_road_access"], "150522101220"));
  ASSERT_TRUE(listed(truth["island"], "150522203209"));
  ASSERT_TRUE(listed(truth["single_access"], "150522201213"));
  ASSERT_TRUE(listed(truth["missing"]["water"], "150522100231"));
  ASSERT_TRUE(listed(truth["missing"]["power"], "150522104219"));

  EXPECT_EQ(reasons(villages, project, "150522103212", "zh"),
            "村内无标准化卫生室；最近的标准化卫生室沿公路 8.0 km（限 5 km）；"
            "最近的便民超市相距 7.2 km（限 3 km）");
  EXPECT_EQ(reasons(villages, project, "150522103212", "en"),
            "no standardized clinic in the village; nearest standardized clinic 8.0 km by road "
            "(limit 5 km); nearest convenience store 7.2 km away (limit 3 km)");
  EXPECT_EQ(reasons(villages, project, "150522101220", "zh"),
            "距最近公路 5.3 km（限 2 km）；沿公路到不了标准化卫生室；"
            "不在广播电视网络范围内（相距 6.2 km）");
  EXPECT_EQ(reasons(villages, project, "150522101220", "en"),
            "5.3 km from the nearest road (limit 2 km); no standardized clinic reachable by "
            "road; outside every telecom area (6.2 km away)");
  EXPECT_EQ(reasons(villages, project, "150522203209", "zh"),
            "公路不通驻地；村内无标准化卫生室；沿公路到不了标准化卫生室");
  EXPECT_EQ(reasons(villages, project, "150522203209", "en"),
            "not connected to the seat by road; no standardized clinic in the village; no "
            "standardized clinic reachable by road");
  EXPECT_EQ(reasons(villages, project, "150522201213", "zh"), "无硬化路通驻地");
  EXPECT_EQ(reasons(villages, project, "150522201213", "en"), "no paved road to the seat");
  EXPECT_EQ(reasons(villages, project, "150522100231", "zh"),
            "不在供水区范围内（相距 2.5 km）；村内无水井");
  EXPECT_EQ(reasons(villages, project, "150522100231", "en"),
            "outside every water area (2.5 km away); no well in the village");
  EXPECT_EQ(reasons(villages, project, "150522104219", "zh"),
            "最近的电力线路相距 5.7 km（限 1 km）；最近的便民超市相距 9.0 km（限 3 km）");
  EXPECT_EQ(reasons(villages, project, "150522104219", "en"),
            "nearest power supply 5.7 km away (limit 1 km); nearest convenience store 9.0 km "
            "away (limit 3 km)");
  // Every flagged village has a reason, and a passing one none.
  for (const auto& f : villages.table.features) {
    const bool flagged = !villages.text(f, "missing").empty();
    EXPECT_EQ(village_reasons(villages, f, project, "zh").empty(), !flagged)
        << villages.text(f, "id");
  }
}

TEST_F(BannerMap, ReportListsEachFlaggedVillageWithItsReasons) {
  const auto run = run_infracov(
      "--quiet report --config sample/sample.toml --results out --out report.html", dir_->path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string html = read_text(dir_->path() / "report.html");
  const auto row = html.find("<tr data-village=\"150522103212\">");
  ASSERT_NE(row, std::string::npos);
  const std::string line = html.substr(row, html.find("</tr>", row) - row);
  EXPECT_NE(line.find("<td class=\"why\">村内无标准化卫生室；最近的标准化卫生室沿公路 8.0 km（限 "
                      "5 km）；最近的便民超市相距 7.2 km（限 3 km）</td>"),
            std::string::npos)
      << line;
  // One row per flagged village.
  std::size_t rows = 0;
  for (auto at = html.find("<tr data-village="); at != std::string::npos;
       at = html.find("<tr data-village=", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, summary()["flagged"].get<std::size_t>());
}

// ---- the report's plans and print stylesheet --------------------------------------------------

// The text of the element whose opening tag starts `<table ... id="ID"`, up to its end.
std::string table_with_id(const std::string& html, const std::string& id) {
  const auto at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</table>", at) - at);
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST_F(BannerMap, ReportGivesEachPlansFiguresAndWorksInBuildOrder) {
  const auto run = run_infracov(
      "--quiet report --config sample/sample.toml --results out --out plans.html", dir_->path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string html = read_text(dir_->path() / "plans.html");
  const auto& plans = summary()["plans"];
  // The grid plan: one row per new line and a total equal to the plan's own figures.
  const std::string grid = table_with_id(html, "plan-proposed_grid");
  ASSERT_FALSE(grid.empty()) << html;
  EXPECT_NE(grid.find("<th>建设顺序</th><th>长度（km）</th><th>造价</th><th>受益村数</th>"),
            std::string::npos)
      << grid;
  EXPECT_EQ(count(grid, "<tr><td class=\"num\">"), plans["grid"]["new_lines"].get<std::size_t>());
  char total[128];
  std::snprintf(total, sizeof total,
                "<th>合计</th><th class=\"num\">%.2f</th><th class=\"num\">%.0f</th>",
                plans["grid"]["new_line_km"].get<double>(), plans["grid"]["cost"].get<double>());
  EXPECT_NE(grid.find(total), std::string::npos) << grid;
  // The first row is build order 1.
  EXPECT_NE(grid.find("<tr><td class=\"num\">1</td>"), std::string::npos) << grid;
  // The roads plan's figures and both its layers; the sites plan's picks.
  const std::string roads = table_with_id(html, "plan-roads");
  char new_road_km[64];
  std::snprintf(new_road_km, sizeof new_road_km, "<th>新建道路（km）</th><td class=\"num\">%.2f<",
                plans["roads"]["new_road_km"].get<double>());
  EXPECT_NE(roads.find(new_road_km), std::string::npos) << roads;
  EXPECT_EQ(count(table_with_id(html, "plan-proposed_roads"), "<tr><td class=\"num\">"),
            plans["roads"]["new_links"].get<std::size_t>());
  EXPECT_FALSE(table_with_id(html, "plan-paving_upgrades").empty());
  EXPECT_EQ(count(table_with_id(html, "plan-proposed_sites"), "<tr><td class=\"num\">"),
            plans["sites"]["sites"].get<std::size_t>());
}

TEST_F(BannerMap, ReportsPlansNotesInTheProjectsLanguage) {
  const auto run = run_infracov(
      "--quiet report --config sample/sample.toml --results out --out notes.html", dir_->path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string html = read_text(dir_->path() / "notes.html");
  const std::size_t from = html.find("<h2 id=\"plans\">");
  ASSERT_NE(from, std::string::npos);
  const std::string plans = html.substr(from, html.find("<h2", from + 1) - from);
  // The methods, the grid's kind, the joined groups and the paved classes, all in Chinese.
  EXPECT_NE(plans.find("以现有电网为根的 Prim 最小生成树"), std::string::npos) << plans;
  EXPECT_NE(plans.find("在路网片区与未通路村庄之间求最小生成树"), std::string::npos) << plans;
  EXPECT_NE(plans.find("<td>电力线路</td>"), std::string::npos) << plans;
  EXPECT_NE(plans.find("<td>砂石路</td>"), std::string::npos) << plans;
  EXPECT_NE(plans.find("<td>村 150522101221 "), std::string::npos) << plans;
  // What a person reads holds no English word but the algorithms' authors and the unit.
  const std::string words = std::regex_replace(plans, std::regex("<[^>]*>"), " ");
  const std::set<std::string> allowed{"km", "Prim", "Takahashi", "Matsuyama", "l", "e"};
  const std::regex word("[A-Za-z]+");
  for (auto it = std::sregex_iterator(words.begin(), words.end(), word);
       it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(allowed.count(it->str())) << it->str() << " in " << words;
  }
}

TEST_F(BannerMap, ReportPrintsOnA4WithTheMapAtPageWidthAndSectionsOpen) {
  const auto run = run_infracov(
      "--quiet report --config sample/sample.toml --results out --out print.html", dir_->path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string html = read_text(dir_->path() / "print.html");
  EXPECT_NE(html.find("@page { size: A4;"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("#map { width: 100%;"), std::string::npos);
  EXPECT_NE(html.find("window.addEventListener('beforeprint', infracovOpenForPrint)"),
            std::string::npos);
  // Printed by headless Chromium: every page is A4 (595 x 842 pt). Fails, never skips, without
  // Chromium (the test set-up installs Debian's chromium).
  ASSERT_TRUE(fs::exists(test::kChromium)) << "install Debian's chromium package";
  const fs::path pdf = dir_->path() / "print.pdf";
  ASSERT_EQ(test::run_chromium(dir_->path(), "--no-pdf-header-footer --print-to-pdf='" +
                                                 pdf.string() + "' 'file://" +
                                                 (dir_->path() / "print.html").string() + "'"),
            0)
      << read_text(dir_->path() / "chromium.log");
  const std::string bytes = read_text(pdf);
  ASSERT_EQ(bytes.substr(0, 5), "%PDF-");
  const std::regex media_box(R"(/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\])");
  std::size_t pages = 0;
  for (auto it = std::sregex_iterator(bytes.begin(), bytes.end(), media_box);
       it != std::sregex_iterator(); ++it) {
    ++pages;
    EXPECT_NEAR(std::stod((*it)[1].str()), 595.0, 1.0);
    EXPECT_NEAR(std::stod((*it)[2].str()), 842.0, 1.0);
  }
  EXPECT_GT(pages, 0u) << "no page size in the PDF";
}

// ---- QGIS aliases of the groups table -----------------------------------------------------------

// Every row of a query on `gpkg`, its first column as text.
std::vector<std::string> first_column(const fs::path& gpkg, const std::string& sql) {
  std::vector<std::string> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(gpkg.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(stmt, 0);
        out.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
      }
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return out;
}

TEST_F(BannerMap, GroupsTableStyleParsesAndGivesEveryFieldAnAlias) {
  const fs::path gpkg = out() / "results.gpkg";
  const auto qml = first_column(
      gpkg, "SELECT styleQML FROM layer_styles WHERE f_table_name = 'groups' AND useAsDefault");
  ASSERT_EQ(qml.size(), 1u);
  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.Parse(qml.front().c_str()), tinyxml2::XML_SUCCESS) << qml.front();
  std::map<std::string, std::string> aliases;
  const auto* root = doc.FirstChildElement("qgis");
  ASSERT_NE(root, nullptr);
  const auto* renderer = root->FirstChildElement("renderer-v2");
  ASSERT_NE(renderer, nullptr) << qml.front();
  EXPECT_STREQ(renderer->Attribute("type"), "nullSymbol");
  const auto* list = root->FirstChildElement("aliases");
  ASSERT_NE(list, nullptr) << qml.front();
  for (const auto* a = list->FirstChildElement("alias"); a != nullptr;
       a = a->NextSiblingElement("alias")) {
    aliases[a->Attribute("field")] = a->Attribute("name");
  }
  // Every column of the table but the GeoPackage's own fid.
  const auto columns = first_column(gpkg, "SELECT name FROM pragma_table_info('groups')");
  ASSERT_GT(columns.size(), 10u);
  for (const auto& column : columns) {
    if (column == "fid") continue;
    EXPECT_TRUE(aliases.count(column) == 1 && !aliases.at(column).empty()) << column;
  }
  EXPECT_EQ(aliases.at("group"), "分组");
  EXPECT_EQ(aliases.at("flagged"), "标记村数");
  EXPECT_EQ(aliases.at("check_4_share"), "标准化卫生室达标率");
  EXPECT_EQ(aliases.at("clinic_ok"), "卫生室达标村数");
  // The English labels for language = "en".
  const analysis::Project project = read_project(dir_->path() / "sample/sample.toml", {});
  std::map<std::string, std::string> en;
  for (const auto& a : group_field_aliases(project, "en")) en[a.field] = a.alias;
  EXPECT_EQ(en.at("check_4_share"), "Standardized clinic: share passing");
  EXPECT_EQ(en.at("group"), "Group");
  EXPECT_EQ(en.size(), aliases.size());
}

}  // namespace
}  // namespace infracov::cli
