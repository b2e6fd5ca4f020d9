// The report's map on the bundled sample, read in headless Chromium: every facility of every kind
// drawn in its kind's look with an entry in the layer switcher, and one line per flagged village
// and kind that explains it to that kind's nearest facility, counted against the sample's planted
// truth (sample_truth.json) and the source layers counted through GDAL. The lines themselves, in
// results.gpkg, are as long as the distances the villages layer reports: along the roads for the
// network rule, straight otherwise.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "project.hpp"
#include "support/test_support.hpp"

namespace infracov::cli {
namespace {

namespace fs = std::filesystem;
using test::read_text;
using test::ScratchDir;

using Row = std::map<std::string, std::string>;

// Every feature of `layer` in `source` passing `where` ("" for all), its fields as text.
std::vector<Row> read_rows(const fs::path& source, const std::string& layer,
                           const std::string& where = "") {
  GDALAllRegister();
  std::vector<Row> rows;
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr));
  if (!ds) return rows;
  OGRLayer* l = ds->GetLayerByName(layer.c_str());
  if (l == nullptr) return rows;
  if (!where.empty()) l->SetAttributeFilter(where.c_str());
  for (auto& f : *l) {
    Row row;
    for (int i = 0; i < f->GetFieldCount(); ++i) {
      row[f->GetFieldDefnRef(i)->GetNameRef()] =
          f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// Each `<tag ...>` of the DOM with its attributes.
std::vector<Row> tags(const std::string& dom, const std::string& tag) {
  std::vector<Row> out;
  const std::string open = "<" + tag + " ";
  for (std::size_t at = dom.find(open); at != std::string::npos; at = dom.find(open, at + 1)) {
    const std::size_t end = dom.find('>', at);
    const std::string text = dom.substr(at + open.size(), end - at - open.size());
    Row attributes;
    for (std::size_t p = 0; p < text.size();) {
      const std::size_t eq = text.find("=\"", p);
      if (eq == std::string::npos) break;
      const std::size_t close = text.find('"', eq + 2);
      std::string name = text.substr(p, eq - p);
      name.erase(0, name.find_first_not_of(' '));
      attributes[name] = text.substr(eq + 2, close - eq - 2);
      p = close + 1;
    }
    out.push_back(std::move(attributes));
  }
  return out;
}

class ReportMap : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    error_ = test::make_and_analyze_sample(
        dir_->path(), "--quiet analyze --config sample/sample.toml --out out --report");
    if (!error_.empty()) return;
    truth_ = new nlohmann::json(
        nlohmann::json::parse(read_text(dir_->path() / "sample" / "sample_truth.json")));
    project_ = new analysis::Project(read_project(dir_->path() / "sample" / "sample.toml", {}));
    // The test set-up installs Debian's chromium; without it this must fail, never skip.
    if (!fs::exists(test::kChromium)) {
      error_ = "install Debian's chromium package";
      return;
    }
    dom_ = new std::string(test::chromium_dom(dir_->path(), out() / "report.html"));
  }
  static void TearDownTestSuite() {
    delete dom_;
    delete project_;
    delete truth_;
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(dom_, nullptr) << error_; }
  static fs::path out() { return dir_->path() / "out"; }
  static fs::path sample() { return dir_->path() / "sample"; }
  static Row status() {
    for (const Row& div : tags(*dom_, "div")) {
      if (div.count("id") && div.at("id") == "infracov-status") return div;
    }
    return {};
  }

  // (village, kind) of every line the report must draw: a flagged village (truth), a kind it
  // fails (truth) that flags it, or a failing measure of a checklist item it fails (truth), and
  // a nearest facility to draw to (the villages layer's K_nearest; none where nothing is
  // reachable).
  static std::set<std::pair<std::string, std::string>> expected_lines() {
    const nlohmann::json& truth = *truth_;
    std::set<std::string> flagged(truth["flagged"].begin(), truth["flagged"].end());
    std::map<std::string, std::set<std::string>> failing;  // by kind
    for (const auto& [kind, ids] : truth["missing"].items())
      failing[kind].insert(ids.begin(), ids.end());
    std::map<std::string, Row> villages;
    for (Row& row : test::csv_rows(read_text(out() / "villages.csv"))) villages[row["id"]] = row;
    std::set<std::pair<std::string, std::string>> expected;
    for (const std::string& v : flagged) {
      for (const analysis::FacilityKind& kind : project_->facilities) {
        if (!failing[kind.name].count(v)) continue;
        bool explains = kind.flag;
        for (std::size_t i = 0; i < project_->checklist.size(); ++i) {
          const auto& item_failing = truth["checklist"][i]["failing"];
          const bool item_fails =
              std::find(item_failing.begin(), item_failing.end(), v) != item_failing.end();
          const auto& measures = project_->checklist[i].measures;
          explains |= item_fails &&
                      std::find(measures.begin(), measures.end(), kind.name) != measures.end();
        }
        if (explains && !villages[v][kind.name + "_nearest"].empty())
          expected.insert({v, kind.name});
      }
    }
    return expected;
  }

  static inline ScratchDir* dir_ = nullptr;
  static inline std::string error_;
  static inline nlohmann::json* truth_ = nullptr;
  static inline analysis::Project* project_ = nullptr;
  static inline std::string* dom_ = nullptr;
};

TEST_F(ReportMap, DrawsEveryFacilityOfEveryKindWithASwitcherEntryAndNoErrors) {
  const Row s = status();
  EXPECT_EQ(s.at("data-done"), "1");
  EXPECT_NE(dom_->find("<ul id=\"infracov-errors\"></ul>"), std::string::npos)
      << "the page recorded errors: " << dom_->substr(dom_->find("infracov-errors"), 600);
  // Facilities as used: the source layers after each kind's `where`, counted by GDAL.
  std::map<std::string, std::size_t> expected;
  for (const analysis::FacilityKind& kind : project_->facilities) {
    expected[kind.name] =
        read_rows(sample() / "sample.gpkg", kind.layer.layer, kind.layer.where).size();
  }
  EXPECT_EQ(expected["store"], 209u);  // as the issue and the sample's README say
  std::map<std::string, std::size_t> markers, paths;
  for (const Row& svg : tags(*dom_, "svg")) {
    if (svg.count("data-kind")) ++markers[svg.at("data-kind")];
  }
  for (const Row& path : tags(*dom_, "path")) {
    if (path.count("data-kind") &&
        path.at("class").find("infracov-facility-path") != std::string::npos) {
      ++paths[path.at("data-kind")];
    }
  }
  std::size_t total = 0;
  for (const analysis::FacilityKind& kind : project_->facilities) {
    // Points as markers of the kind's shape; power lines, water and coverage areas as paths.
    const bool points = kind.name != "power" && kind.name != "water" && kind.name != "telecom";
    EXPECT_EQ((points ? markers : paths)[kind.name], expected[kind.name]) << kind.name;
    EXPECT_EQ((points ? paths : markers)[kind.name], 0u) << kind.name;
    if (points) total += expected[kind.name];
  }
  EXPECT_EQ(s.at("data-facility-markers"), std::to_string(total));
  // The switcher: villages, roads, service areas, nearest lines, boundary and one per kind,
  // each kind's entry in the language of the project (zh: 卫生室 for clinic).
  std::set<std::string> entries;
  for (const Row& span : tags(*dom_, "span")) {
    if (span.count("class") && span.at("class") == "switcher-entry")
      entries.insert(span.at("data-layer"));
  }
  std::set<std::string> wanted{"villages", "lines", "areas", "nearest", "boundary"};
  for (const analysis::FacilityKind& kind : project_->facilities) wanted.insert(kind.name);
  for (const std::string& w : wanted) EXPECT_TRUE(entries.count(w)) << w;
  EXPECT_NE(dom_->find("卫生室</span>"), std::string::npos);
  EXPECT_NE(dom_->find("到最近设施的路线</span>"), std::string::npos);
}

TEST_F(ReportMap, DrawsOneLinePerFlaggedVillageAndExplainingKindToItsNearestFacility) {
  const auto expected = expected_lines();
  std::set<std::pair<std::string, std::string>> drawn;
  std::size_t paths = 0;
  for (const Row& path : tags(*dom_, "path")) {
    if (!path.count("class") || path.at("class").find("infracov-nearest") == std::string::npos)
      continue;
    ++paths;
    drawn.insert({path.at("data-village"), path.at("data-kind")});
  }
  EXPECT_EQ(paths, drawn.size()) << "a village has two lines to one kind";
  EXPECT_EQ(drawn, expected);
  EXPECT_EQ(status().at("data-nearest-lines"), std::to_string(expected.size()));
  // Every kind of the sample explains some flagged village: each has lines.
  std::map<std::string, std::size_t> per_kind;
  for (const auto& [village, kind] : expected) ++per_kind[kind];
  for (const analysis::FacilityKind& kind : project_->facilities)
    EXPECT_GT(per_kind[kind.name], 0u) << kind.name;
  // Villages with no road reach no clinic: the only failing clinic villages without a line.
  const auto& truth = *truth_;
  for (const auto& v : truth["missing"]["clinic"]) {
    if (!drawn.count({v.get<std::string>(), "clinic"})) {
      const auto& apart = truth["not_connected"];
      EXPECT_NE(std::find(apart.begin(), apart.end(), v), apart.end()) << v;
    }
  }
}

TEST_F(ReportMap, LinesAreAsLongAsTheDistancesTheVillagesLayerReports) {
  std::map<std::string, Row> villages;
  for (Row& row : read_rows(out() / "results.gpkg", "villages")) villages[row["id"]] = row;
  const std::vector<Row> lines = read_rows(out() / "results.gpkg", "nearest_facility");
  EXPECT_EQ(lines.size(), expected_lines().size());
  for (const Row& line : lines) {
    const Row& village = villages[line.at("village_id")];
    const std::string& kind = line.at("kind");
    SCOPED_TRACE(line.at("village_id") + " " + kind);
    EXPECT_EQ(line.at("facility_id"), village.at(kind + "_nearest"));
    // Network kinds along the roads (access leg, path, facility's leg), others straight: either
    // way as long as the distance measured, to the centimetre both are rounded to.
    EXPECT_EQ(line.at("along_roads"), kind == "clinic" ? "1" : "0");
    EXPECT_NEAR(std::stod(line.at("length_m")), std::stod(village.at(kind + "_dist_m")), 0.02);
    EXPECT_EQ(village.at(kind + "_ok"), "0");
  }
}

}  // namespace
}  // namespace infracov::cli
