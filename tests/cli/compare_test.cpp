// `infracov compare` end to end on the banner sample: a run against itself changes nothing, and
// a run with a tighter clinic limit (500 m instead of 5 km) loses exactly the villages whose
// clinic lies between the two limits (known from the first run's own distances).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/reader.hpp"
#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov {
namespace {

using test::csv_rows;
using test::read_text;
using test::run_infracov;
using test::ScratchDir;
using test::write_text;

// The bundled sample into DIR/sample and, with `base_run`, its analysis into DIR/base.
void write_sample(const ScratchDir& dir, bool base_run) {
  ASSERT_EQ(run_infracov("--quiet sample --out sample", dir.path()).exit_code, 0);
  if (!base_run) return;
  ASSERT_EQ(
      run_infracov("--quiet analyze --config sample/sample.toml --out base", dir.path()).exit_code,
      0);
}

TEST(Compare, ARunWithItselfReportsNoChange) {
  ScratchDir dir;
  ASSERT_EQ(run_infracov("--quiet analyze --out a", dir.path()).exit_code, 0);
  const auto run = run_infracov("--quiet compare a a --out changes", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto summary = nlohmann::json::parse(read_text(dir.path() / "changes/summary.json"));
  EXPECT_EQ(summary["villages"]["both"], 262);
  EXPECT_EQ(summary["villages"]["only_base"], 0);
  EXPECT_EQ(summary["flagged"]["base"], summary["flagged"]["other"]);
  for (const auto& [check, counts] : summary["checks"].items()) {
    EXPECT_EQ(counts["gained"], 0) << check;
    EXPECT_EQ(counts["lost"], 0) << check;
    EXPECT_EQ(counts["ok_both"].get<int>() + counts["missing_both"].get<int>(), 262) << check;
  }
  for (const auto& row : csv_rows(read_text(dir.path() / "changes/changes.csv"))) {
    EXPECT_EQ(row.at("status"), "both");
    EXPECT_EQ(row.at("gained"), "");
    EXPECT_EQ(row.at("lost"), "");
  }
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "changes/changes.gpkg"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "changes/report.html"));
}

TEST(Compare, ATighterClinicLimitLosesExactlyTheVillagesBetweenTheLimits) {
  ScratchDir dir;
  ASSERT_NO_FATAL_FAILURE(write_sample(dir, true));
  std::string project = read_text(dir.path() / "sample/sample.toml");
  const auto at = project.find("max_m = 5000");
  ASSERT_NE(at, std::string::npos);
  project.replace(at, 12, "max_m = 500");
  write_text(dir.path() / "sample/tight.toml", project);
  ASSERT_EQ(
      run_infracov("--quiet analyze --config sample/tight.toml --out tight", dir.path()).exit_code,
      0);
  std::set<std::string> expected;
  for (const auto& row : csv_rows(read_text(dir.path() / "base/villages.csv"))) {
    if (row.at("clinic_ok") == "1" && std::stod(row.at("clinic_dist_m")) > 500.0) {
      expected.insert(row.at("id"));
    }
  }
  ASSERT_FALSE(expected.empty());
  const auto run = run_infracov("--quiet compare base tight --out changes", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::set<std::string> lost;
  for (const auto& row : csv_rows(read_text(dir.path() / "changes/changes.csv"))) {
    // The sample's checklist item 4 (标准化卫生室) needs clinic_ok too: lost with it where it held.
    const std::string& what = row.at("lost");
    if (what == "clinic_ok" || what == "clinic_ok;check_4") lost.insert(row.at("id"));
    EXPECT_EQ(row.at("gained"), "");
    EXPECT_TRUE(what.empty() || what == "clinic_ok" || what == "clinic_ok;check_4") << row.at("id");
  }
  EXPECT_EQ(lost, expected);
  const auto summary = nlohmann::json::parse(read_text(dir.path() / "changes/summary.json"));
  EXPECT_EQ(summary["checks"]["clinic_ok"]["lost"].get<std::size_t>(), expected.size());
}

// The sample's rainy_season closes gravel: a village then reaches the seat exactly when the base
// run found it connected over paved roads alone (a separate graph of paved edges, built without
// the scenario's filter), and compare reports the difference as lost connections.
TEST(Scenario, RainySeasonConnectsExactlyThePavedConnectedVillages) {
  ScratchDir dir;
  ASSERT_NO_FATAL_FAILURE(write_sample(dir, true));
  const auto rainy = run_infracov(
      "--quiet analyze --config sample/sample.toml --scenario rainy_season --out rainy",
      dir.path());
  ASSERT_EQ(rainy.exit_code, 0) << rainy.output;
  std::set<std::string> paved, connected, lost;
  for (const auto& row : csv_rows(read_text(dir.path() / "base/villages.csv"))) {
    if (row.at("paved_connected") == "1") paved.insert(row.at("id"));
  }
  for (const auto& row : csv_rows(read_text(dir.path() / "rainy/villages.csv"))) {
    if (row.at("connected") == "1") connected.insert(row.at("id"));
  }
  EXPECT_EQ(connected, paved);
  const auto summary = nlohmann::json::parse(read_text(dir.path() / "rainy/summary.json"));
  EXPECT_EQ(summary["scenario"], "rainy_season");
  EXPECT_LT(summary["graph"]["edges"].get<int>(),
            nlohmann::json::parse(read_text(dir.path() / "base/summary.json"))["graph"]["edges"]
                .get<int>());

  ASSERT_EQ(run_infracov("--quiet compare base rainy --out changes", dir.path()).exit_code, 0);
  std::set<std::string> was_connected;
  for (const auto& row : csv_rows(read_text(dir.path() / "base/villages.csv"))) {
    if (row.at("connected") == "1") was_connected.insert(row.at("id"));
  }
  for (const auto& row : csv_rows(read_text(dir.path() / "changes/changes.csv"))) {
    if (row.at("connected_base") == "1" && row.at("connected_other") == "0") {
      lost.insert(row.at("id"));
    }
  }
  std::set<std::string> expected;
  for (const auto& id : was_connected) {
    if (!paved.count(id)) expected.insert(id);
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(lost, expected);
}

// What the sample planted for the rainy season (sample_truth.json's rainy_season): the chain and
// the petal hang on the seat by gravel and are cut off (connected 1 -> 0), and the petal's
// villages reach their clinics only up a gravel track and lose them; no other village loses
// either, and no clinic coverage is lost anywhere else.
TEST(Scenario, RainySeasonCutsOffExactlyThePlantedVillagesAndClinics) {
  ScratchDir dir;
  ASSERT_NO_FATAL_FAILURE(write_sample(dir, true));
  ASSERT_EQ(run_infracov("--quiet analyze --config sample/sample.toml --scenario rainy_season "
                         "--out rainy",
                         dir.path())
                .exit_code,
            0);
  ASSERT_EQ(run_infracov("--quiet compare base rainy --out changes", dir.path()).exit_code, 0);
  const auto truth = nlohmann::json::parse(read_text(dir.path() / "sample/sample_truth.json"));
  const auto planted = [&](const char* key) {
    std::set<std::string> ids;
    for (const auto& id : truth["rainy_season"][key]) ids.insert(id.get<std::string>());
    return ids;
  };
  const std::set<std::string> cut_off = planted("cut_off");
  const std::set<std::string> clinic_lost = planted("clinic_lost");
  EXPECT_EQ(cut_off.size(), 5u);
  EXPECT_EQ(clinic_lost.size(), 2u);
  EXPECT_EQ(truth["rainy_season"]["gravel_clinics"].size(), 3u);
  std::set<std::string> lost_connected, lost_clinic;
  for (const auto& row : csv_rows(read_text(dir.path() / "changes/changes.csv"))) {
    if (row.at("connected_base") == "1" && row.at("connected_other") == "0") {
      lost_connected.insert(row.at("id"));
    }
    if (row.at("clinic_ok_base") == "1" && row.at("clinic_ok_other") == "0") {
      lost_clinic.insert(row.at("id"));
      EXPECT_EQ(row.at("clinic_dist_m_other"), "") << row.at("id");  // no clinic left at all
    }
  }
  EXPECT_EQ(lost_connected, cut_off);
  EXPECT_EQ(lost_clinic, clinic_lost);
  const auto summary = nlohmann::json::parse(read_text(dir.path() / "changes/summary.json"));
  EXPECT_EQ(summary["checks"]["connected"]["lost"], 5);
  EXPECT_EQ(summary["checks"]["clinic_ok"]["lost"], 2);
  EXPECT_EQ(summary["checks"]["clinic_ok"]["gained"], 0);
}

// Overriding a kind's key in a scenario is the same as editing it in the file: byte-identical CSV.
TEST(Scenario, AFacilityOverrideEqualsEditingTheFile) {
  ScratchDir dir;
  ASSERT_NO_FATAL_FAILURE(write_sample(dir, false));
  std::string project = read_text(dir.path() / "sample/sample.toml");
  std::string edited = project;
  const auto at = edited.find("max_m = 5000");
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, 12, "max_m = 500");
  write_text(dir.path() / "sample/edited.toml", edited);
  project += "\n[scenarios.tight.facilities.clinic]\nmax_m = 500\nwhere = \"standardized = 1\"\n";
  write_text(dir.path() / "sample/scenario.toml", project);
  ASSERT_EQ(run_infracov("--quiet analyze --config sample/edited.toml --out edited", dir.path())
                .exit_code,
            0);
  const auto run = run_infracov(
      "--quiet analyze --config sample/scenario.toml --scenario tight --out tight", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(read_text(dir.path() / "tight/villages.csv"),
            read_text(dir.path() / "edited/villages.csv"));
}

// A scenario's `add` builds a clinic where the sample planted a village without one (a connected
// village, so the new clinic is reached along its road): that village gains clinic_ok, no village
// loses anything, and only villages the base run missed a clinic for gain one.
TEST(Scenario, AnAddedClinicServesTheVillageItStandsIn) {
  ScratchDir dir;
  ASSERT_NO_FATAL_FAILURE(write_sample(dir, false));
  const auto truth = nlohmann::json::parse(read_text(dir.path() / "sample/sample_truth.json"));
  std::set<std::string> without_clinic, not_connected;
  for (const auto& id : truth["missing"]["clinic"]) without_clinic.insert(id);
  for (const auto& id : truth["not_connected"]) not_connected.insert(id);
  std::string chosen;
  for (const auto& id : without_clinic) {
    if (!not_connected.count(id)) {
      chosen = id;
      break;
    }
  }
  ASSERT_FALSE(chosen.empty());
  // The village's own point, written as a one-feature GeoJSON layer.
  {
    geo::LayerSpec spec;
    spec.source = (dir.path() / "sample/sample.gpkg").string();
    spec.layer = "villages";
    spec.where = "code = '" + chosen + "'";
    const geo::GeosContext ctx;
    const geo::Crs utm = geo::Crs::from_user("EPSG:32651");
    const auto village = geo::read_layer(ctx, spec, geo::GeometryClass::kPoint, utm);
    ASSERT_EQ(village.features.size(), 1u);
    geo::DatasetWriter out(dir.path() / "sample/new_clinic.geojson", "GeoJSON");
    out.create_layer("new_clinic", geo::GeometryClass::kPoint, utm, {})
        .write({}, village.features.front().geometry.points().front());
    out.close();
  }
  std::string project = read_text(dir.path() / "sample/sample.toml");
  project += "\n[scenarios.new_clinic.facilities.clinic]\nadd = [\"new_clinic.geojson\"]\n";
  write_text(dir.path() / "sample/works.toml", project);
  ASSERT_EQ(
      run_infracov("--quiet analyze --config sample/works.toml --out base", dir.path()).exit_code,
      0);
  const auto run = run_infracov(
      "--quiet analyze --config sample/works.toml --scenario new_clinic --out works", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_EQ(run_infracov("--quiet compare base works --out changes", dir.path()).exit_code, 0);
  std::set<std::string> gained;
  for (const auto& row : csv_rows(read_text(dir.path() / "changes/changes.csv"))) {
    EXPECT_EQ(row.at("lost"), "") << row.at("id");
    if (row.at("gained") == "clinic_ok") gained.insert(row.at("id"));
    EXPECT_TRUE(row.at("gained").empty() || row.at("gained") == "clinic_ok") << row.at("id");
  }
  EXPECT_TRUE(gained.count(chosen)) << chosen;
  for (const auto& id : gained) EXPECT_TRUE(without_clinic.count(id)) << id;
  for (const auto& row : csv_rows(read_text(dir.path() / "works/villages.csv"))) {
    if (row.at("id") == chosen) {
      EXPECT_EQ(row.at("clinic_nearest"), "new_clinic:0");
    }
  }
}

// The sample's own road plan applied as built (add_roads): compare finds exactly the villages the
// plan promised to join gaining connected, among them the one whose link ends on the middle of a
// road (which needs the junction vertex the scenario inserts).
TEST(Scenario, ARoadPlanAppliedJoinsExactlyTheVillagesItPromised) {
  ScratchDir dir;
  ASSERT_NO_FATAL_FAILURE(write_sample(dir, true));
  ASSERT_EQ(run_infracov("--quiet plan roads --config sample/sample.toml --out plan", dir.path())
                .exit_code,
            0);
  const auto plan = nlohmann::json::parse(read_text(dir.path() / "plan/summary.json"));
  std::string project = read_text(dir.path() / "sample/sample.toml");
  project += "\n[scenarios.works]\nadd_roads = [\"../plan/results.gpkg:proposed_roads\"]\n";
  write_text(dir.path() / "sample/works.toml", project);
  const auto run = run_infracov(
      "--quiet analyze --config sample/works.toml --scenario works --out works", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_EQ(run_infracov("--quiet compare base works --out changes", dir.path()).exit_code, 0);
  std::set<std::string> joined;
  for (const auto& row : csv_rows(read_text(dir.path() / "changes/changes.csv"))) {
    if (row.at("connected_base") == "0" && row.at("connected_other") == "1") {
      joined.insert(row.at("id"));
    }
  }
  const auto truth = nlohmann::json::parse(read_text(dir.path() / "sample/sample_truth.json"));
  std::set<std::string> unconnected;
  for (const auto& id : truth["not_connected"]) unconnected.insert(id);
  EXPECT_EQ(joined.size(), plan["plans"]["roads"]["villages_joined"].get<std::size_t>());
  EXPECT_EQ(joined, unconnected);
}

// A pave line must lie on a road: one drawn at a village more than 2 km from every road (a
// planted no-road village) is refused in one line naming the layer, the feature and the fix.
TEST(Scenario, APaveLineOffTheRoadsIsOneLineNamingItsLayerAndFid) {
  ScratchDir dir;
  ASSERT_NO_FATAL_FAILURE(write_sample(dir, false));
  const auto truth = nlohmann::json::parse(read_text(dir.path() / "sample/sample_truth.json"));
  ASSERT_FALSE(truth["no_road_access"].empty());
  {
    geo::LayerSpec spec;
    spec.source = (dir.path() / "sample/sample.gpkg").string();
    spec.layer = "villages";
    spec.where = "code = '" + truth["no_road_access"][0].get<std::string>() + "'";
    const geo::GeosContext ctx;
    const geo::Crs utm = geo::Crs::from_user("EPSG:32651");
    const auto village = geo::read_layer(ctx, spec, geo::GeometryClass::kPoint, utm);
    ASSERT_EQ(village.features.size(), 1u);
    const geo::Point at = village.features.front().geometry.points().front();
    geo::DatasetWriter out(dir.path() / "sample/off_road.geojson", "GeoJSON");
    out.create_layer("off_road", geo::GeometryClass::kLine, utm, {})
        .write({}, std::vector<geo::Polyline>{{at, {at.x + 100.0, at.y}}});
    out.close();
  }
  std::string project = read_text(dir.path() / "sample/sample.toml");
  project += "\n[scenarios.paved]\npave = [\"off_road.geojson\"]\n";
  write_text(dir.path() / "sample/works.toml", project);
  const auto run = run_infracov(
      "--quiet analyze --config sample/works.toml --scenario paved --out works", dir.path());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("pave line FID 0 of layer 'off_road' in '"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("m off every road (snap_m = 1); pave only lines drawn on existing "
                            "roads, such as a plan's paving_upgrades"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(test::lines_of(run.output).size(), 1u) << run.output;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "works"));
}

// A plan with nothing to build writes its layer empty: applying it (add_roads, pave, add) builds
// nothing and changes nothing, byte for byte.
TEST(Scenario, EmptyWorksLayersChangeNothing) {
  ScratchDir dir;
  ASSERT_NO_FATAL_FAILURE(write_sample(dir, true));
  {
    const geo::Crs utm = geo::Crs::from_user("EPSG:32651");
    geo::DatasetWriter out(dir.path() / "sample/nothing.gpkg");
    out.create_layer("lines", geo::GeometryClass::kLine, utm, {});
    out.create_layer("points", geo::GeometryClass::kPoint, utm, {});
    out.close();
  }
  std::string project = read_text(dir.path() / "sample/sample.toml");
  project +=
      "\n[scenarios.nothing]\nadd_roads = [\"nothing.gpkg:lines\"]\n"
      "pave = [\"nothing.gpkg:lines\"]\n[scenarios.nothing.facilities.clinic]\n"
      "add = [\"nothing.gpkg:points\"]\n";
  write_text(dir.path() / "sample/works.toml", project);
  const auto run = run_infracov(
      "--quiet analyze --config sample/works.toml --scenario nothing --out works", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(read_text(dir.path() / "works/villages.csv"),
            read_text(dir.path() / "base/villages.csv"));
}

TEST(Scenario, AnUnknownScenarioIsOneLineNamingTheKnownOnes) {
  ScratchDir dir;
  ASSERT_NO_FATAL_FAILURE(write_sample(dir, false));
  const auto run = run_infracov(
      "--quiet analyze --config sample/sample.toml --scenario monsoon --out out", dir.path());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("unknown scenario 'monsoon'"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("rainy_season"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out"));
}

TEST(Scenario, AnUnknownScenarioKeyIsRefusedEvenWhenNotRun) {
  ScratchDir dir;
  ASSERT_NO_FATAL_FAILURE(write_sample(dir, false));
  std::string project = read_text(dir.path() / "sample/sample.toml");
  project += "\n[scenarios.flood]\nclose_clases = [\"gravel\"]\n";
  write_text(dir.path() / "sample/typo.toml", project);
  const auto run = run_infracov("--quiet analyze --config sample/typo.toml --out out", dir.path());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("unknown key 'close_clases' in [scenarios.flood]"), std::string::npos)
      << run.output;
}

TEST(Compare, AFolderWithoutResultsIsOneLineAndNoOutput) {
  ScratchDir dir;
  const auto run = run_infracov("--quiet compare nowhere nowhere --out changes", dir.path());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("has no results.gpkg"), std::string::npos) << run.output;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "changes"));
}

}  // namespace
}  // namespace infracov
