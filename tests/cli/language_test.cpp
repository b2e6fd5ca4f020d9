// The run's language end to end on the bundled sample (language = "zh"): the QGIS styles give
// every villages field an alias and each check_i its item's label, the console table lists the
// checklist in Chinese (in English with language = "en"), and the report opens with the claims
// table, read in headless Chromium from the DOM it built.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <tinyxml2.h>
#include <algorithm>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "support/test_support.hpp"

namespace infracov {
namespace {

namespace fs = std::filesystem;
using test::read_text;
using test::run_infracov;
using test::ScratchDir;

class BannerLanguage : public ::testing::Test {
 protected:
  // One sample and one analysis (with the report, console table kept) for the suite.
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    std::string console;
    error_ = test::make_and_analyze_sample(
        dir_->path(), "analyze --config sample/sample.toml --out out --report", &console);
    if (!error_.empty()) return;
    console_ = new std::string(std::move(console));
    summary_ = new nlohmann::json(nlohmann::json::parse(read_text(out() / "summary.json")));
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete console_;
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(summary_, nullptr) << error_; }
  static const nlohmann::json& summary() { return *summary_; }
  static const std::string& console() { return *console_; }
  static fs::path out() { return dir_->path() / "out"; }

  static inline ScratchDir* dir_ = nullptr;
  static inline std::string error_;
  static inline std::string* console_ = nullptr;
  static inline nlohmann::json* summary_ = nullptr;
};

// The QML of `layer` in results.gpkg's layer_styles, read with SQLite itself.
std::string stored_qml(const fs::path& gpkg, const std::string& layer) {
  sqlite3* db = nullptr;
  std::string qml;
  if (sqlite3_open_v2(gpkg.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    const std::string sql =
        "SELECT styleQML FROM layer_styles WHERE f_table_name = '" + layer + "'";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      qml = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return qml;
}

// field -> alias of the first <aliases> under `parent`.
std::map<std::string, std::string> aliases_of(const tinyxml2::XMLElement* parent) {
  std::map<std::string, std::string> out;
  const auto* aliases = parent ? parent->FirstChildElement("aliases") : nullptr;
  for (const auto* a = aliases ? aliases->FirstChildElement("alias") : nullptr; a != nullptr;
       a = a->NextSiblingElement("alias")) {
    out[a->Attribute("field") ? a->Attribute("field") : ""] =
        a->Attribute("name") ? a->Attribute("name") : "";
  }
  return out;
}

// The field names of results.gpkg's villages table, in order (the fid column left out).
std::vector<std::string> village_fields(const fs::path& gpkg) {
  std::vector<std::string> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(gpkg.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA table_info(villages)", -1, &stmt, nullptr) == SQLITE_OK) {
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
        const std::string type = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2));
        if (name != "fid" && type != "POINT") out.push_back(name);
      }
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return out;
}

TEST_F(BannerLanguage, QmlParsesAndEveryVillageFieldHasAnAliasWithCheckLabels) {
  const std::string qml = stored_qml(out() / "results.gpkg", "villages");
  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.Parse(qml.c_str()), tinyxml2::XML_SUCCESS) << qml.substr(0, 400);
  const auto aliases = aliases_of(doc.FirstChildElement("qgis"));
  const auto fields = village_fields(out() / "results.gpkg");
  ASSERT_FALSE(fields.empty());
  for (const auto& field : fields) {
    ASSERT_TRUE(aliases.count(field)) << field;
    EXPECT_FALSE(aliases.at(field).empty()) << field;
    // Names stay ASCII; the alias carries the language.
    for (char c : field) EXPECT_GE(static_cast<signed char>(c), 0) << field;
  }
  EXPECT_EQ(aliases.at("road_dist_m"), "到公路距离(米)");
  EXPECT_EQ(aliases.at("clinic_ok"), "卫生室 达标");
  const auto& items = summary()["checklist"];
  ASSERT_EQ(items.size(), 7u);
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(aliases.at("check_" + std::to_string(i + 1)), items[i]["label"].get<std::string>());
  }
  // The roads layer too, and the project carries the same aliases as the styles.
  tinyxml2::XMLDocument roads;
  ASSERT_EQ(roads.Parse(stored_qml(out() / "results.gpkg", "roads").c_str()),
            tinyxml2::XML_SUCCESS);
  EXPECT_EQ(aliases_of(roads.FirstChildElement("qgis")).at("length_m"), "长度(米)");
  tinyxml2::XMLDocument qgs;
  ASSERT_EQ(qgs.LoadFile((out() / "results.qgs").c_str()), tinyxml2::XML_SUCCESS);
  const auto* layers = qgs.FirstChildElement("qgis")->FirstChildElement("projectlayers");
  ASSERT_NE(layers, nullptr);
  const auto* villages = layers->FirstChildElement("maplayer");
  ASSERT_NE(villages, nullptr);
  EXPECT_STREQ(villages->FirstChildElement("layername")->GetText(), "villages");
  EXPECT_EQ(aliases_of(villages), aliases);
}

// Every label of a style's legend: category and rule labels, nested rules included.
void collect_labels(const tinyxml2::XMLElement* element, std::vector<std::string>& out) {
  for (const auto* e = element ? element->FirstChildElement() : nullptr; e != nullptr;
       e = e->NextSiblingElement()) {
    const std::string name = e->Name();
    if ((name == "category" || name == "rule") && e->Attribute("label") != nullptr) {
      out.push_back(e->Attribute("label"));
    }
    collect_labels(e, out);
  }
}

std::vector<std::string> legend_labels(const std::string& qml) {
  tinyxml2::XMLDocument doc;
  std::vector<std::string> out;
  if (doc.Parse(qml.c_str()) != tinyxml2::XML_SUCCESS) return out;
  collect_labels(doc.FirstChildElement("qgis")->FirstChildElement("renderer-v2"), out);
  return out;
}

// With language = "zh" the QGIS legend reads as the map's does: village status, bridges, road
// classes and service areas in Chinese, none left in English.
TEST_F(BannerLanguage, QgisLegendLabelsAreInTheProjectsLanguage) {
  const auto villages = legend_labels(stored_qml(out() / "results.gpkg", "villages"));
  EXPECT_EQ(villages, (std::vector<std::string>{"全部达标", "1 项未达标", "2 项及以上未达标"}));
  const auto roads = legend_labels(stored_qml(out() / "results.gpkg", "roads"));
  ASSERT_FALSE(roads.empty());
  EXPECT_EQ(roads.front(), "桥（单一通道）");
  for (const char* label : {"国道", "省道", "县道", "村级硬化路", "砂石路", "其他道路"}) {
    EXPECT_NE(std::find(roads.begin(), roads.end(), label), roads.end()) << label;
  }
  const auto areas = legend_labels(stored_qml(out() / "results.gpkg", "service_areas"));
  EXPECT_NE(std::find(areas.begin(), areas.end(), "卫生室服务范围"), areas.end());
  for (const auto& labels : {villages, roads, areas}) {
    for (const std::string& label : labels) {
      EXPECT_EQ(label.find_first_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << label;
    }
  }
}

// The console line holding `label` after `header` (the checklist's heading: a kind's line above
// may start with the same words), "" when none does.
std::string line_with(const std::string& output, const std::string& header,
                      const std::string& label) {
  const std::size_t from = output.find(header);
  if (from == std::string::npos) return {};
  std::size_t at = output.find("  " + label + " ", from);
  if (at == std::string::npos) return {};
  const std::size_t end = output.find('\n', at);
  return output.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

std::string percent(double share) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", share * 100.0);
  return buffer;
}

void expect_checklist_lines(const std::string& output, const nlohmann::json& summary,
                            const char* header, const char* label_key, const char* holds,
                            const char* fails) {
  const std::string total = std::to_string(summary["villages"].get<std::size_t>());
  for (const auto& item : summary["checklist"]) {
    const std::string line = line_with(output, header, item[label_key].get<std::string>());
    ASSERT_FALSE(line.empty()) << item[label_key] << " not in\n" << output;
    EXPECT_NE(line.find(std::to_string(item["ok"].get<std::size_t>()) + " / " + total),
              std::string::npos)
        << line;
    EXPECT_NE(line.find(percent(item["share"].get<double>())), std::string::npos) << line;
    EXPECT_NE(line.find(item["holds"].get<bool>() ? holds : fails), std::string::npos) << line;
  }
}

TEST_F(BannerLanguage, ConsoleTableListsTheChecklistInChinese) {
  expect_checklist_lines(console(), summary(), "核查清单", "label", "成立", "不成立");
  EXPECT_NE(console().find("村数: 262"), std::string::npos) << console();
  EXPECT_EQ(console().find("villages flagged"), std::string::npos) << console();
}

TEST_F(BannerLanguage, ConsoleTableIsInEnglishWithLanguageEn) {
  std::string toml = read_text(dir_->path() / "sample/sample.toml");
  const std::string zh = "language = \"zh\"";
  const auto at = toml.find(zh);
  ASSERT_NE(at, std::string::npos) << toml;
  toml.replace(at, zh.size(), "language = \"en\"");
  test::write_text(dir_->path() / "sample/sample_en.toml", toml);
  const auto run =
      run_infracov("analyze --config sample/sample_en.toml --out out_en", dir_->path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  expect_checklist_lines(run.output, summary(), "checklist (", "label_en", "holds",
                         "does not hold");
  EXPECT_NE(run.output.find("villages flagged"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("通硬化路"), std::string::npos) << run.output;
  // The QGIS aliases follow the language too.
  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.Parse(stored_qml(dir_->path() / "out_en/results.gpkg", "villages").c_str()),
            tinyxml2::XML_SUCCESS);
  const auto aliases = aliases_of(doc.FirstChildElement("qgis"));
  EXPECT_EQ(aliases.at("road_dist_m"), "Distance to road (m)");
  EXPECT_EQ(aliases.at("check_1"), summary()["checklist"][0]["label_en"].get<std::string>());
}

// ---- the report in headless Chromium ----------------------------------------------------------

// The value of attribute `name` in the first tag starting at `from`.
std::string attribute(const std::string& html, std::size_t from, const std::string& name) {
  const std::size_t tag_end = html.find('>', from);
  const std::size_t at = html.find(name + "=\"", from);
  if (at == std::string::npos || at > tag_end) return "<none>";
  const std::size_t start = at + name.size() + 2;
  return html.substr(start, html.find('"', start) - start);
}

TEST_F(BannerLanguage, ReportOpensWithTheClaimsTableLinkingEveryFailingVillage) {
  // The test set-up installs Debian's chromium; without it this must fail, never skip.
  ASSERT_TRUE(fs::exists(test::kChromium)) << "install Debian's chromium package";
  const std::string dom = test::chromium_dom(dir_->path(), out() / "report.html");
  const std::size_t status = dom.find("id=\"infracov-status\"");
  ASSERT_NE(status, std::string::npos) << dom.substr(0, 2000);
  const std::size_t status_tag = dom.rfind('<', status);
  EXPECT_EQ(attribute(dom, status_tag, "data-done"), "1");
  EXPECT_NE(dom.find("<ul id=\"infracov-errors\"></ul>"), std::string::npos)
      << "the page recorded errors: " << dom.substr(dom.find("infracov-errors"), 600);

  const std::size_t table = dom.find("<table id=\"claims\">");
  ASSERT_NE(table, std::string::npos);
  const std::size_t table_end = dom.find("</table>", table);
  // The claims table comes before every other table: it is what the page is for.
  EXPECT_EQ(dom.find("<table", 0), table);
  const auto& items = summary()["checklist"];
  std::vector<std::size_t> rows;
  for (std::size_t at = dom.find("<tr class=\"claim\"", table); at < table_end;
       at = dom.find("<tr class=\"claim\"", at + 1)) {
    rows.push_back(at);
  }
  ASSERT_EQ(rows.size(), 7u);
  ASSERT_EQ(items.size(), 7u);
  std::size_t links = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t end = i + 1 < rows.size() ? rows[i + 1] : table_end;
    const std::string row = dom.substr(rows[i], end - rows[i]);
    EXPECT_EQ(attribute(row, 0, "data-ok"), std::to_string(items[i]["ok"].get<std::size_t>()));
    EXPECT_EQ(attribute(row, 0, "data-missing"),
              std::to_string(items[i]["missing"].get<std::size_t>()));
    EXPECT_NE(row.find(items[i]["label"].get<std::string>()), std::string::npos) << row;
    EXPECT_NE(row.find(std::to_string(items[i]["ok"].get<std::size_t>()) + " / 262"),
              std::string::npos)
        << row;
    std::multiset<std::string> linked;
    for (std::size_t at = row.find("<a "); at != std::string::npos; at = row.find("<a ", at + 1)) {
      linked.insert(attribute(row, at, "data-village"));
    }
    std::multiset<std::string> failing;
    for (const auto& id : items[i]["failing"]) failing.insert(id.get<std::string>());
    EXPECT_EQ(linked, failing) << items[i]["label_en"];
    links += linked.size();
  }
  // Every link found its village's marker on the map, so a click zooms to it.
  EXPECT_EQ(attribute(dom, status_tag, "data-links"), std::to_string(links));
  EXPECT_EQ(attribute(dom, status_tag, "data-links-resolved"), std::to_string(links));
  // The per-town table: one row per group.
  EXPECT_NE(dom.find("<table id=\"groups\">"), std::string::npos);
  std::size_t group_rows = 0;
  for (std::size_t at = dom.find("<tr class=\"group\""); at != std::string::npos;
       at = dom.find("<tr class=\"group\"", at + 1)) {
    ++group_rows;
  }
  EXPECT_EQ(group_rows, summary()["groups"].size());
  // The engineering figures close the page, collapsed: after the map, inside <details>.
  const std::size_t map = dom.find("<div id=\"map\"");
  const std::size_t details = dom.find("<details id=\"engineering\">");
  ASSERT_NE(map, std::string::npos);
  ASSERT_NE(details, std::string::npos);
  EXPECT_GT(details, map);
  EXPECT_GT(dom.find("graph.zero_length_segments"), details);
}

}  // namespace
}  // namespace infracov
