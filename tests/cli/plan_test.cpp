// Plans on the banner sample: each plan, applied to the data, closes exactly the gaps it
// promised, as a fresh `infracov analyze` shows.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/reader.hpp"
#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov {
namespace {

namespace fs = std::filesystem;
using geo::FieldType;
using test::read_text;
using test::run_infracov;
using test::ScratchDir;
using test::write_text;

const geo::Crs& utm() {
  static const geo::Crs crs = geo::Crs::from_user("EPSG:32651");
  return crs;
}

geo::FeatureTable read(const fs::path& source, const std::string& layer,
                       std::vector<std::string> fields, geo::GeometryClass cls,
                       const geo::GeosContext& ctx) {
  geo::LayerSpec spec;
  spec.source = source.string();
  spec.layer = layer;
  spec.fields = std::move(fields);
  return geo::read_layer(ctx, spec, cls, utm());
}

std::set<std::string> failing(const fs::path& out, const std::string& field) {
  const geo::GeosContext ctx;
  const auto table =
      read(out / "results.gpkg", "villages", {"id", field}, geo::GeometryClass::kPoint, ctx);
  std::set<std::string> ids;
  for (const auto& f : table.features) {
    if (std::get<std::int64_t>(f.values[1]) == 0) ids.insert(geo::to_string(f.values[0]));
  }
  return ids;
}

std::set<std::string> truth_set(const nlohmann::json& list) {
  std::set<std::string> out;
  for (const auto& item : list) out.insert(item.get<std::string>());
  return out;
}

// Replaces `from` by `to` in the text of a project file.
void retarget(const fs::path& project, const std::string& from, const std::string& to) {
  std::string text = read_text(project);
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  write_text(project, text);
}

class PlanOnSample : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_infracov("--quiet sample --out sample", dir_.path()).exit_code, 0);
    truth_ = nlohmann::json::parse(read_text(dir_ / "sample/sample_truth.json"));
  }
  ScratchDir dir_;
  nlohmann::json truth_;
};

TEST_F(PlanOnSample, GridPlanAppliedLeavesNoVillageWithoutPower) {
  const auto plan = run_infracov(
      "--quiet plan grid --config sample/sample.toml --out out --cost-per-km 250000", dir_.path());
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  ASSERT_EQ(failing(dir_ / "out", "power_ok"), truth_set(truth_["missing"]["power"]));
  const auto summary = nlohmann::json::parse(read_text(dir_ / "out/summary.json"));
  EXPECT_EQ(summary["plans"]["grid"]["villages_to_connect"], truth_["missing"]["power"].size());
  EXPECT_EQ(summary["plans"]["grid"]["villages_unreached"], 0);

  // Apply: the existing lines plus the proposed ones, in a new layer the project points at.
  const geo::GeosContext ctx;
  const auto grid =
      read(dir_ / "sample/sample.gpkg", "power_lines", {}, geo::GeometryClass::kLine, ctx);
  const auto proposed = read(dir_ / "out/results.gpkg", "proposed_grid", {"length_m", "cost"},
                             geo::GeometryClass::kLine, ctx);
  ASSERT_EQ(proposed.features.size(), truth_["missing"]["power"].size());
  for (const auto& f : proposed.features) {
    // length_m is rounded to the centimetre, cost computed from the exact length.
    EXPECT_NEAR(std::get<double>(f.values[1]), std::get<double>(f.values[0]) / 1000.0 * 250000.0,
                0.005 / 1000.0 * 250000.0 + 0.01);
  }
  {
    geo::DatasetWriter out(dir_ / "sample/applied.gpkg");
    auto& layer = out.create_layer("power_lines", geo::GeometryClass::kLine, utm(), {});
    for (const auto& f : grid.features) layer.write({}, f.geometry);
    for (const auto& f : proposed.features) layer.write({}, f.geometry);
    out.close();
  }
  retarget(dir_ / "sample/sample.toml", "source = \"sample.gpkg\"\nlayer = \"power_lines\"",
           "source = \"applied.gpkg\"\nlayer = \"power_lines\"");
  const auto again =
      run_infracov("--quiet analyze --config sample/sample.toml --out after", dir_.path());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_TRUE(failing(dir_ / "after", "power_ok").empty());
}

TEST_F(PlanOnSample, SitePlanAppliedServesEveryVillageThatRoadsReach) {
  const auto plan = run_infracov(
      "--quiet plan sites --kind clinic --target 1.0 --config sample/sample.toml --out out",
      dir_.path());
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  const geo::GeosContext ctx;
  const auto sites =
      read(dir_ / "out/results.gpkg", "proposed_sites",
           {"pick_order", "marginal_gain", "cumulative_share"}, geo::GeometryClass::kPoint, ctx);
  ASSERT_FALSE(sites.features.empty());
  double previous_gain = std::numeric_limits<double>::infinity();
  double previous_share = 0.0;
  for (const auto& f : sites.features) {
    const double gain = std::get<double>(f.values[1]);
    const double share = std::get<double>(f.values[2]);
    EXPECT_LE(gain, previous_gain) << "greedy gains never grow";
    EXPECT_GT(share, previous_share);
    previous_gain = gain;
    previous_share = share;
  }
  // Apply: the standardized clinics plus one at each proposed site.
  const auto clinics = read(dir_ / "sample/sample.gpkg", "clinics", {"clinic_id", "standardized"},
                            geo::GeometryClass::kPoint, ctx);
  {
    geo::DatasetWriter out(dir_ / "sample/applied.gpkg");
    auto& layer = out.create_layer(
        "clinics", geo::GeometryClass::kPoint, utm(),
        {{"clinic_id", FieldType::kString}, {"standardized", FieldType::kInteger}});
    for (const auto& f : clinics.features) layer.write(f.values, f.geometry);
    for (const auto& f : sites.features) {
      layer.write({"new" + geo::to_string(f.values[0]), std::int64_t{1}}, f.geometry);
    }
    out.close();
  }
  retarget(dir_ / "sample/sample.toml", "source = \"sample.gpkg\"\nlayer = \"clinics\"",
           "source = \"applied.gpkg\"\nlayer = \"clinics\"");
  const auto again =
      run_infracov("--quiet analyze --config sample/sample.toml --out after", dir_.path());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  // Under the network rule only villages with no road at all stay unserved.
  EXPECT_EQ(failing(dir_ / "after", "clinic_ok"), truth_set(truth_["no_road_access"]));
}

// Inserts p as a vertex of the line it lies on, inside a segment: what applying a link that ends
// mid-line means. Returns whether p lay inside a segment of some line.
bool insert_vertex(std::vector<geo::Polyline>& lines, geo::Point p) {
  for (auto& line : lines) {
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
      if (line[i] == p || line[i + 1] == p) return false;
      if (geo::point_segment_distance_m(p, line[i], line[i + 1]) < 1e-6) {
        line.insert(line.begin() + static_cast<std::ptrdiff_t>(i + 1), p);
        return true;
      }
    }
  }
  return false;
}

TEST_F(PlanOnSample, RoadPlanAppliedConnectsEveryVillage) {
  const auto plan =
      run_infracov("--quiet plan roads --config sample/sample.toml --out out", dir_.path());
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  const auto summary = nlohmann::json::parse(read_text(dir_ / "out/summary.json"));
  EXPECT_EQ(summary["plans"]["roads"]["villages_joined"], truth_["not_connected"].size());
  EXPECT_EQ(summary["plans"]["roads"]["villages_to_pave"].get<std::size_t>() +
                summary["plans"]["roads"]["villages_already_paved"].get<std::size_t>(),
            262u - truth_["not_connected"].size());

  const geo::GeosContext ctx;
  const auto roads =
      read(dir_ / "sample/sample.gpkg", "roads", {"class"}, geo::GeometryClass::kLine, ctx);
  const auto links = read(dir_ / "out/results.gpkg", "proposed_roads", {"ends_mid_line"},
                          geo::GeometryClass::kLine, ctx);
  ASSERT_FALSE(links.features.empty());
  std::vector<geo::Polyline> lines;
  std::vector<std::string> classes;
  for (const auto& f : roads.features) {
    for (auto& part : f.geometry.lines()) {
      lines.push_back(std::move(part));
      classes.push_back(geo::to_string(f.values[0]));
    }
  }
  for (const auto& f : links.features) {
    const auto link = f.geometry.lines().at(0);
    EXPECT_GT(geo::distance_m(link.front(), link.back()), 0.0) << "no zero-length link";
    if (std::get<std::int64_t>(f.values[0]) == 1) {
      const int inserted =
          int{insert_vertex(lines, link.front())} + int{insert_vertex(lines, link.back())};
      EXPECT_EQ(inserted, 1) << "a link said to end mid-line ends inside exactly one segment";
    }
  }
  {
    geo::DatasetWriter out(dir_ / "sample/applied.gpkg");
    auto& layer = out.create_layer("roads", geo::GeometryClass::kLine, utm(),
                                   {{"class", FieldType::kString}});
    for (std::size_t i = 0; i < lines.size(); ++i)
      layer.write({classes[i]}, std::vector<geo::Polyline>{lines[i]});
    for (const auto& f : links.features) layer.write({std::string("gravel")}, f.geometry);
    out.close();
  }
  retarget(dir_ / "sample/sample.toml", "source = \"sample.gpkg\"\nlayer = \"roads\"",
           "source = \"applied.gpkg\"\nlayer = \"roads\"");
  const auto again =
      run_infracov("--quiet analyze --config sample/sample.toml --out after", dir_.path());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_TRUE(failing(dir_ / "after", "road_access").empty());
  EXPECT_TRUE(failing(dir_ / "after", "connected").empty());
}

TEST_F(PlanOnSample, PlansShareOneOutputFolderAndKeepEachOthersFigures) {
  ASSERT_EQ(run_infracov("--quiet plan grid --config sample/sample.toml --out out", dir_.path())
                .exit_code,
            0);
  ASSERT_EQ(run_infracov(
                "--quiet plan sites --kind clinic --count 2 --config sample/sample.toml --out out",
                dir_.path())
                .exit_code,
            0);
  const auto summary = nlohmann::json::parse(read_text(dir_ / "out/summary.json"));
  EXPECT_TRUE(summary["plans"].contains("grid"));
  EXPECT_EQ(summary["plans"]["sites"]["sites"], 2);
  const auto sites = run_infracov(
      "--quiet plan sites --kind water --count 2 --config sample/sample.toml --out out2",
      dir_.path());
  EXPECT_EQ(sites.exit_code, 1);
  EXPECT_NE(sites.output.find("rule 'within'"), std::string::npos) << sites.output;
  EXPECT_FALSE(fs::exists(dir_ / "out2"));
}

}  // namespace
}  // namespace infracov

namespace infracov {
namespace {

// Paving applied: the upgraded parts become paved roads (written before the network as it was,
// so that where a part is a whole edge the paved copy is the one noding keeps). Every connected
// village must then be paved-connected, as DESIGN.md defines it.
TEST(PlanPaving, AppliedPavingMakesEveryConnectedVillagePavedConnected) {
  ScratchDir dir;
  ASSERT_EQ(run_infracov("--quiet sample --out sample", dir.path()).exit_code, 0);
  const auto truth = nlohmann::json::parse(read_text(dir / "sample/sample_truth.json"));
  const auto plan =
      run_infracov("--quiet plan roads --config sample/sample.toml --out out", dir.path());
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  const std::set<std::string> not_connected = truth_set(truth["not_connected"]);
  ASSERT_NE(failing(dir / "out", "paved_connected"), not_connected)
      << "the sample must have paving gaps for this test to mean anything";

  const geo::GeosContext ctx;
  const auto upgrades = read(dir / "out/results.gpkg", "paving_upgrades", {"length_m"},
                             geo::GeometryClass::kLine, ctx);
  const auto roads =
      read(dir / "out/results.gpkg", "roads", {"class"}, geo::GeometryClass::kLine, ctx);
  ASSERT_FALSE(upgrades.features.empty());
  {
    geo::DatasetWriter out(dir / "sample/applied.gpkg");
    auto& layer = out.create_layer("roads", geo::GeometryClass::kLine, utm(),
                                   {{"class", FieldType::kString}});
    for (const auto& f : upgrades.features) layer.write({std::string("village_paved")}, f.geometry);
    for (const auto& f : roads.features) layer.write(f.values, f.geometry);
    out.close();
  }
  retarget(dir / "sample/sample.toml", "source = \"sample.gpkg\"\nlayer = \"roads\"",
           "source = \"applied.gpkg\"\nlayer = \"roads\"");
  const auto again =
      run_infracov("--quiet analyze --config sample/sample.toml --out after", dir.path());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(failing(dir / "after", "paved_connected"), not_connected);
}

}  // namespace
}  // namespace infracov

namespace infracov {
namespace {

// Issue 9: three plans in one call share one load, one network and one measure.
TEST(PlanPipeline, ThreePlansInOneCallBuildTheNetworkOnce) {
  test::ScratchDir dir;
  const auto run =
      test::run_infracov("--quiet plan roads grid sites --kind clinic --count 2 --out '" +
                         (dir / "out").string() + "' --timings");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto timings = nlohmann::json::parse(test::read_text(dir / "out/timings.json"));
  std::vector<std::string> stages;
  for (const auto& stage : timings["stages"]) stages.push_back(stage["stage"]);
  EXPECT_EQ(stages, (std::vector<std::string>{"load", "network", "measure", "criticality",
                                              "plan roads", "plan grid", "plan sites", "write"}));
  EXPECT_EQ(timings["counts"]["network_builds"], 1) << "a plan built a network of its own";
  const auto summary = nlohmann::json::parse(test::read_text(dir / "out/summary.json"));
  for (const char* plan : {"roads", "grid", "sites"}) {
    EXPECT_TRUE(summary["plans"].contains(plan)) << plan;
  }
  // --timings also prints one line per stage on stderr, even with --quiet.
  EXPECT_NE(run.output.find("infracov: timing: network"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace infracov
