// The banner's checklist and its per-town figures, end to end: the bundled sample analysed by the
// built binary equals its planted truth item by item, town by town and village by village, and
// the groups table reads back through GDAL (results.gpkg and groups.csv) with the same figures.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

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

std::set<std::string> as_set(const nlohmann::json& list) {
  std::set<std::string> out;
  for (const auto& item : list) out.insert(item.get<std::string>());
  return out;
}

// Every row of a layer read through GDAL itself, each field as text (GDAL's own formatting).
struct TableRead {
  OGRwkbGeometryType geometry_type = wkbUnknown;
  std::vector<std::string> fields;
  std::vector<std::map<std::string, std::string>> rows;
};

TableRead read_with_gdal(const fs::path& path, const std::string& layer_name) {
  GDALAllRegister();
  TableRead out;
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr));
  if (!ds) return out;
  OGRLayer* layer = ds->GetLayerByName(layer_name.c_str());
  if (layer == nullptr) return out;
  out.geometry_type = layer->GetGeomType();
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    out.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  }
  for (const auto& feature : *layer) {
    std::map<std::string, std::string> row;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      row[out.fields[static_cast<std::size_t>(i)]] =
          feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "";
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

class BannerChecklist : public ::testing::Test {
 protected:
  // One sample and one analysis for the suite; a failure here fails every test.
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    error_ = test::make_and_analyze_sample(dir_->path(),
                                           "--quiet analyze --config sample/sample.toml --out out");
    if (!error_.empty()) return;
    truth_ = new nlohmann::json(
        nlohmann::json::parse(read_text(dir_->path() / "sample/sample_truth.json")));
    summary_ =
        new nlohmann::json(nlohmann::json::parse(read_text(dir_->path() / "out/summary.json")));
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete truth_;
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(summary_, nullptr) << error_; }
  static const nlohmann::json& truth() { return *truth_; }
  static const nlohmann::json& summary() { return *summary_; }
  static fs::path out() { return dir_->path() / "out"; }

  static inline ScratchDir* dir_ = nullptr;
  static inline std::string error_;
  static inline nlohmann::json* truth_ = nullptr;
  static inline nlohmann::json* summary_ = nullptr;
};

TEST_F(BannerChecklist, EveryItemFailsInExactlyThePlantedVillages) {
  const auto& measured = summary().at("checklist");
  const auto& planted = truth().at("checklist");
  ASSERT_EQ(measured.size(), 7u);
  ASSERT_EQ(planted.size(), 7u);
  for (std::size_t i = 0; i < planted.size(); ++i) {
    const auto& m = measured[i];
    const auto& t = planted[i];
    SCOPED_TRACE(t.at("label_en").get<std::string>());
    EXPECT_EQ(m.at("label"), t.at("label"));
    EXPECT_EQ(m.at("label_en"), t.at("label_en"));
    EXPECT_EQ(m.at("failing"), t.at("failing"));  // sorted ids, both
    const std::size_t failing = t.at("failing").size();
    EXPECT_GT(failing, 0u) << "every item has planted defects";
    EXPECT_EQ(m.at("missing").get<std::size_t>(), failing);
    EXPECT_EQ(m.at("ok").get<std::size_t>(), 262u - failing);
    EXPECT_NEAR(m.at("share").get<double>(), static_cast<double>(262 - failing) / 262.0, 1e-6);
    EXPECT_EQ(m.at("claim").get<double>(), 1.0);
    EXPECT_FALSE(m.at("holds").get<bool>());  // the banner claimed every village
  }
  EXPECT_EQ(measured[0].at("measure"), "paved_connected");
  EXPECT_EQ(measured[2].at("measure"), nlohmann::json({{"any", {"water", "well_in_village"}}}));
  EXPECT_EQ(measured[3].at("measure"), nlohmann::json({"clinic_in_village", "clinic"}));
}

TEST_F(BannerChecklist, EveryTownsFiguresEqualThePlantedOnes) {
  const auto& groups = summary().at("groups");
  const auto& towns = truth().at("towns");
  ASSERT_EQ(groups.size(), 15u);
  std::vector<std::string> measured_order, planted_order;
  for (const auto& [name, g] : groups.items()) measured_order.push_back(name);
  for (const auto& [name, t] : towns.items()) planted_order.push_back(name);
  EXPECT_EQ(measured_order, planted_order);  // both sorted by the town's name
  for (const auto& [name, t] : towns.items()) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(groups.contains(name));
    const auto& g = groups.at(name);
    EXPECT_EQ(g.at("villages"), t.at("villages"));
    EXPECT_EQ(g.at("population"), t.at("population"));
    EXPECT_EQ(g.at("flagged"), t.at("flagged"));
    ASSERT_EQ(g.at("checklist").size(), t.at("checklist").size());
    for (std::size_t i = 0; i < t.at("checklist").size(); ++i) {
      EXPECT_EQ(g.at("checklist")[i].at("ok"), t.at("checklist")[i].at("ok")) << "item " << i + 1;
      EXPECT_EQ(g.at("checklist")[i].at("missing"), t.at("checklist")[i].at("missing"))
          << "item " << i + 1;
    }
    for (const char* key : {"components", "connected", "no_access", "single_access",
                            "paved_connected", "rural_access_index"}) {
      EXPECT_TRUE(g.at("road").contains(key)) << key;
    }
    EXPECT_EQ(g.at("facilities").size(), summary().at("facilities").size());
  }
}

// The weak towns fail the claims far more often than the others: their worst item's share is
// below every other town's worst.
TEST_F(BannerChecklist, TheWeakTownsAreClearlyWorse) {
  const std::set<std::string> weak = as_set(truth().at("weak_towns"));
  ASSERT_EQ(weak.size(), 3u);
  double weak_failures = 0, other_failures = 0;
  std::size_t weak_villages = 0, other_villages = 0;
  for (const auto& [name, g] : summary().at("groups").items()) {
    std::size_t missing = 0;
    for (const auto& item : g.at("checklist")) missing += item.at("missing").get<std::size_t>();
    const auto villages = g.at("villages").get<std::size_t>();
    (weak.count(name) ? weak_failures : other_failures) += static_cast<double>(missing);
    (weak.count(name) ? weak_villages : other_villages) += villages;
  }
  // Failed items per village, weak towns against the rest.
  EXPECT_GT(weak_failures / static_cast<double>(weak_villages),
            3.0 * other_failures / static_cast<double>(other_villages));
}

TEST_F(BannerChecklist, VillagesCarryTheirChecksGroupAndMissing) {
  const TableRead villages = read_with_gdal(out() / "results.gpkg", "villages");
  ASSERT_EQ(villages.rows.size(), 262u);
  // group right after name; the checks after the kinds, before missing.
  ASSERT_GE(villages.fields.size(), 3u);
  EXPECT_EQ(villages.fields[2], "group");
  EXPECT_EQ(villages.fields.back(), "missing");
  EXPECT_EQ(villages.fields[villages.fields.size() - 2], "check_7");
  const auto& planted = truth().at("checklist");
  for (const auto& row : villages.rows) {
    const std::string& id = row.at("id");
    SCOPED_TRACE(id);
    for (std::size_t i = 0; i < planted.size(); ++i) {
      const bool fails = as_set(planted[i].at("failing")).count(id) > 0;
      EXPECT_EQ(row.at("check_" + std::to_string(i + 1)), fails ? "0" : "1") << "item " << i + 1;
    }
    EXPECT_EQ(row.at("missing"), truth().at("village_missing").at(id).get<std::string>());
    EXPECT_TRUE(truth().at("towns").contains(row.at("group"))) << row.at("group");
  }
  // villages.csv has the same columns.
  const TableRead csv = read_with_gdal(out() / "villages.csv", "villages");
  EXPECT_EQ(csv.fields, villages.fields);
}

TEST_F(BannerChecklist, EveryKindFailsInExactlyThePlantedVillages) {
  const TableRead villages = read_with_gdal(out() / "results.gpkg", "villages");
  for (const auto& [kind, planted] : truth().at("missing").items()) {
    std::set<std::string> failing;
    for (const auto& row : villages.rows) {
      if (row.at(kind + "_ok") == "0") failing.insert(row.at("id"));
    }
    EXPECT_EQ(failing, as_set(planted)) << kind;
  }
}

TEST_F(BannerChecklist, GroupsTableRoundTripsThroughGdal) {
  const auto& groups = summary().at("groups");
  for (const fs::path& file : {out() / "results.gpkg", out() / "groups.csv"}) {
    SCOPED_TRACE(file.filename().string());
    const TableRead table = read_with_gdal(file, "groups");
    if (file.extension() == ".gpkg") {
      EXPECT_EQ(table.geometry_type, wkbNone);
    }
    ASSERT_EQ(table.rows.size(), groups.size());
    ASSERT_FALSE(table.fields.empty());
    EXPECT_EQ(table.fields.front(), "group");
    std::size_t r = 0;
    for (const auto& [name, g] : groups.items()) {
      const auto& row = table.rows[r++];
      EXPECT_EQ(row.at("group"), name);
      EXPECT_EQ(row.at("villages"), g.at("villages").dump());
      EXPECT_EQ(row.at("population"), g.at("population").dump());
      EXPECT_EQ(row.at("flagged"), g.at("flagged").dump());
      EXPECT_EQ(row.at("road_connected"), g.at("road").at("connected").dump());
      EXPECT_NEAR(std::stod(row.at("road_rural_access_index")),
                  g.at("road").at("rural_access_index").get<double>(), 1e-9);
      EXPECT_EQ(row.at("clinic_ok"), g.at("facilities").at("clinic").at("ok").dump());
      EXPECT_EQ(row.at("telecom_missing"), g.at("facilities").at("telecom").at("missing").dump());
      for (std::size_t i = 0; i < g.at("checklist").size(); ++i) {
        const std::string check = "check_" + std::to_string(i + 1);
        const auto& item = g.at("checklist")[i];
        EXPECT_EQ(row.at(check + "_ok"), item.at("ok").dump());
        EXPECT_EQ(row.at(check + "_missing"), item.at("missing").dump());
        EXPECT_NEAR(std::stod(row.at(check + "_share")), item.at("share").get<double>(), 1e-9);
      }
    }
  }
}

}  // namespace
}  // namespace infracov
