// The sample's own four plans applied as built (add_roads, pave and facilities.K.add in one
// scenario) and compared with the base run: each check gains exactly the villages its plan
// promised. And compare's report page and map, in the project's language.
#include <cairo.h>
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <nlohmann/json.hpp>
#include <set>

#include "support/test_support.hpp"

namespace infracov {
namespace {

using test::csv_rows;
using test::read_text;
using test::run_infracov;
using test::ScratchDir;
using test::write_text;

using Ids = std::set<std::string>;

// Ids of the rows of a villages.csv or changes.csv for which `keep` holds.
template <typename Keep>
Ids ids_where(const std::filesystem::path& csv, Keep keep) {
  Ids out;
  for (const auto& row : csv_rows(read_text(csv))) {
    if (keep(row)) out.insert(row.at("id"));
  }
  return out;
}

// The text of `field` of every feature of `layer` in the GeoPackage `gpkg`, in feature order.
std::vector<std::string> layer_column(const std::filesystem::path& gpkg, const char* layer,
                                      const char* field) {
  std::vector<std::string> out;
  GDALAllRegister();  // this process may not have opened anything through GDAL yet
  GDALDatasetH ds = GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  EXPECT_NE(ds, nullptr) << gpkg;
  if (ds == nullptr) return out;
  OGRLayerH l = GDALDatasetGetLayerByName(ds, layer);
  EXPECT_NE(l, nullptr) << layer;
  if (l != nullptr) {
    OGR_L_ResetReading(l);
    while (OGRFeatureH f = OGR_L_GetNextFeature(l)) {
      out.emplace_back(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, field)));
      OGR_F_Destroy(f);
    }
  }
  GDALClose(ds);
  return out;
}

// The sample, its base run, its four plans and the scenario applying them, run and compared
// once for the suite (each step takes seconds).
class SampleWorks : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    const auto& d = dir_->path();
    ASSERT_EQ(run_infracov("--quiet sample --out sample", d).exit_code, 0);
    ASSERT_EQ(run_infracov("--quiet analyze --config sample/sample.toml --out base", d).exit_code,
              0);
    const auto plan = run_infracov(
        "--quiet plan roads grid sites --kind clinic --target 1 --config sample/sample.toml "
        "--out plan",
        d);
    ASSERT_EQ(plan.exit_code, 0) << plan.output;
    std::string project = read_text(d / "sample/sample.toml");
    project +=
        "\n[scenarios.works]\n"
        "add_roads = [\"../plan/results.gpkg:proposed_roads\"]\n"
        "pave = [\"../plan/results.gpkg:paving_upgrades\"]\n"
        "[scenarios.works.facilities.clinic]\n"
        "add = [\"../plan/results.gpkg:proposed_sites\"]\n"
        "[scenarios.works.facilities.power]\n"
        "add = [\"../plan/results.gpkg:proposed_grid\"]\n";
    write_text(d / "sample/works.toml", project);
    const auto works =
        run_infracov("--quiet analyze --config sample/works.toml --scenario works --out works", d);
    ASSERT_EQ(works.exit_code, 0) << works.output;
    const auto compare =
        run_infracov("--quiet compare base works --config sample/works.toml --out changes", d);
    ASSERT_EQ(compare.exit_code, 0) << compare.output;
    const auto plain = run_infracov("--quiet compare base works --out plain", d);
    ASSERT_EQ(plain.exit_code, 0) << plain.output;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static const std::filesystem::path& path() { return dir_->path(); }

  // Villages that gained (0 in BASE, 1 in OTHER) `check`.
  static Ids gained(const std::string& check) {
    return ids_where(path() / "changes/changes.csv", [&](const auto& row) {
      return row.at(check + "_base") == "0" && row.at(check + "_other") == "1";
    });
  }
  static nlohmann::json plan_figures(const std::string& plan) {
    return nlohmann::json::parse(read_text(path() / "plan/summary.json"))["plans"][plan];
  }

  static ScratchDir* dir_;
};
ScratchDir* SampleWorks::dir_ = nullptr;

// Joined villages hang on their new link, a single road (a bridge): single_access is the only
// thing any village loses.
void expect_OnlyTheJoinedVillagesLoseAndOnlySingleAccess() {
  using W = SampleWorks;
  Ids lost_single;
  for (const auto& row : csv_rows(read_text(W::path() / "changes/changes.csv"))) {
    if (row.at("lost").empty()) continue;
    EXPECT_EQ(row.at("lost"), "single_access") << row.at("id");
    lost_single.insert(row.at("id"));
  }
  EXPECT_EQ(lost_single, W::gained("connected"));
}

void expect_NewRoadsConnectExactlyTheVillagesTheyJoin() {
  using W = SampleWorks;
  const Ids unconnected = ids_where(W::path() / "base/villages.csv",
                                    [](const auto& row) { return row.at("connected") == "0"; });
  EXPECT_EQ(unconnected.size(), 6u);
  EXPECT_EQ(W::gained("connected"), unconnected);
  std::size_t joined = 0;
  for (const auto& n :
       layer_column(W::path() / "plan/results.gpkg", "proposed_roads", "villages_joined")) {
    joined += std::stoul(n);
  }
  EXPECT_EQ(joined, 6u);
  EXPECT_EQ(W::plan_figures("roads")["villages_joined"], 6);
}

// The pave key at work: the paving plan's pieces lie on gravel roads, and paving them makes
// exactly its terminals (connected, not paved-connected: the planted chain and petal) paved.
void expect_PavingMakesExactlyTheVillagesToPavePavedConnected() {
  using W = SampleWorks;
  const Ids to_pave = ids_where(W::path() / "base/villages.csv", [](const auto& row) {
    return row.at("connected") == "1" && row.at("paved_connected") == "0";
  });
  const auto truth = nlohmann::json::parse(read_text(W::path() / "sample/sample_truth.json"));
  Ids planted;
  for (const auto& id : truth["single_access"]) planted.insert(id.get<std::string>());
  for (const auto& id : truth["joined_by_snap"]) planted.insert(id.get<std::string>());
  EXPECT_EQ(to_pave, planted);
  EXPECT_EQ(W::plan_figures("roads")["villages_to_pave"], 5);
  EXPECT_EQ(W::plan_figures("roads")["villages_unreachable_for_paving"], 0);
  std::size_t completed = 0;
  for (const auto& n :
       layer_column(W::path() / "plan/results.gpkg", "paving_upgrades", "villages_completed")) {
    completed += std::stoul(n);
  }
  EXPECT_EQ(completed, 5u);
  EXPECT_EQ(W::gained("paved_connected"), to_pave);
}

void expect_NewGridLinesPowerExactlyTheVillagesTheyAreDrawnTo() {
  using W = SampleWorks;
  // proposed_grid names the village each line brings power to.
  const auto villages = layer_column(W::path() / "plan/results.gpkg", "proposed_grid", "village");
  const Ids promised(villages.begin(), villages.end());
  EXPECT_EQ(promised.size(), 3u);
  EXPECT_EQ(W::gained("power_ok"), promised);
}

// Sites serve villages with road access (a site reaches a village along roads); the villages the
// new links join reach a clinic too, their own (every village but the island's has one).
void expect_NewClinicsServeExactlyTheVillagesTheyPromised() {
  using W = SampleWorks;
  const Ids base_road = ids_where(W::path() / "base/villages.csv",
                                  [](const auto& row) { return row.at("road_access") == "1"; });
  Ids by_sites, by_links;
  for (const auto& id : W::gained("clinic_ok"))
    (base_road.count(id) ? by_sites : by_links).insert(id);
  // Every village with road access and no clinic within 5 km (the planted no-clinic villages and
  // the island's, which has none) is served: the sites' promise, which --target 1 makes complete.
  const Ids promised = ids_where(W::path() / "base/villages.csv", [](const auto& row) {
    return row.at("road_access") == "1" && row.at("clinic_ok") == "0";
  });
  EXPECT_EQ(by_sites, promised);
  std::size_t served = 0;
  for (const auto& n :
       layer_column(W::path() / "plan/results.gpkg", "proposed_sites", "villages_served")) {
    served += std::stoul(n);
  }
  EXPECT_EQ(served, 6u);
  EXPECT_EQ(by_sites.size(), served);
  const Ids no_road = ids_where(W::path() / "base/villages.csv",
                                [](const auto& row) { return row.at("road_access") == "0"; });
  EXPECT_EQ(by_links, no_road);
}

// Each plan's promise, checked on the one comparison (one set-up per test process: the suite's
// set-up takes half a minute).
TEST_F(SampleWorks, EveryPlanGainsExactlyWhatItPromised) {
  {
    SCOPED_TRACE("losses");
    expect_OnlyTheJoinedVillagesLoseAndOnlySingleAccess();
  }
  {
    SCOPED_TRACE("roads");
    expect_NewRoadsConnectExactlyTheVillagesTheyJoin();
  }
  {
    SCOPED_TRACE("paving");
    expect_PavingMakesExactlyTheVillagesToPavePavedConnected();
  }
  {
    SCOPED_TRACE("grid");
    expect_NewGridLinesPowerExactlyTheVillagesTheyAreDrawnTo();
  }
  {
    SCOPED_TRACE("sites");
    expect_NewClinicsServeExactlyTheVillagesTheyPromised();
  }
}

// compare's page and map in the project's language (the sample's is zh): every village that
// changed is listed by name with its checks' Chinese labels, and the map is a full A4 page.
TEST_F(SampleWorks, CompareWritesAPageAndAMapInTheProjectsLanguage) {
  const std::string html = read_text(path() / "changes/report.html");
  EXPECT_NE(html.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(html.find("<h1>变化情况</h1>"), std::string::npos);
  EXPECT_NE(html.find("<img src=\"map.png\""), std::string::npos);
  // The paving row: 5 gained, 0 lost.
  EXPECT_NE(html.find("<tr><td>硬化路通驻地</td><td class=\"gained\">5</td><td "
                      "class=\"lost\">0</td>"),
            std::string::npos);
  std::size_t listed = 0;
  for (const auto& row : csv_rows(read_text(path() / "changes/changes.csv"))) {
    const bool changed = !row.at("gained").empty() || !row.at("lost").empty();
    const bool on_page = html.find("<tr><td>" + row.at("id") + "</td><td>" + row.at("name") +
                                   "</td>") != std::string::npos;
    EXPECT_EQ(on_page, changed) << row.at("id");
    listed += changed ? 1 : 0;
  }
  EXPECT_EQ(listed, 17u);
  // A paved village's row names what it gained in Chinese: the checklist's own label.
  EXPECT_NE(html.find("<td class=\"gained\">硬化路通驻地；通硬化路</td>"), std::string::npos);

  cairo_surface_t* png = cairo_image_surface_create_from_png((path() / "changes/map.png").c_str());
  ASSERT_EQ(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
  // The map's default page: A4 landscape at 150 dpi.
  EXPECT_EQ(cairo_image_surface_get_width(png), 1754);
  EXPECT_EQ(cairo_image_surface_get_height(png), 1240);
  cairo_surface_destroy(png);

  // Without --config the language comes from the village names (Chinese here) and checks keep
  // their field names.
  const std::string plain = read_text(path() / "plain/report.html");
  EXPECT_NE(plain.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(plain.find("<td class=\"gained\">paved_connected；check_1</td>"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(path() / "plain/map.png"));
}

}  // namespace
}  // namespace infracov
