// End-to-end: `infracov analyze` on hand-built layers with exact answers, on the banner sample
// against its planted truth, and the behaviour scripts rely on (exit codes, atomic output).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/inspect.hpp"
#include "infracov/geo/reader.hpp"
#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov {
namespace {

namespace fs = std::filesystem;
using geo::FieldType;
using geo::Point;
using test::read_text;
using test::run_infracov;
using test::ScratchDir;
using test::write_text;

// Hand-built inputs around a UTM 51N origin, all exact in metres:
//   a 10 km county road along y = 0; V1 100 m north of it, V2 300 m south, V3 2.5 km away;
//   a clinic 50 m off the road at x = 3000; a power line along y = 600;
//   a water-supply square over V1; culture rooms naming V2 by attribute.
constexpr double kX0 = 500000.0;
constexpr double kY0 = 4800000.0;
Point at(double x, double y) { return {kX0 + x, kY0 + y}; }

struct Names {
  std::string village_layer = "villages";
  std::string id = "code";
  std::string name = "name";
  std::string population = "population";
};

// Writes the layers in `crs_code`, transforming from UTM 51N, so the same answers must come back
// whatever CRS the data arrive in.
void write_inputs(const fs::path& gpkg, const std::string& crs_code, const Names& names) {
  const geo::Crs utm = geo::Crs::from_user("EPSG:32651");
  const geo::Crs crs = geo::Crs::from_user(crs_code);
  const geo::Transform to_crs(utm, crs);
  const geo::GeosContext ctx;
  auto tr = [&](Point p) { return to_crs.apply(p); };
  auto line = [&](std::vector<Point> points) {
    for (auto& p : points) p = tr(p);
    return std::vector<geo::Polyline>{points};
  };
  geo::DatasetWriter out(gpkg);
  auto& villages = out.create_layer(names.village_layer, geo::GeometryClass::kPoint, crs,
                                    {{names.id, FieldType::kString},
                                     {names.name, FieldType::kString},
                                     {names.population, FieldType::kInteger}});
  villages.write({std::string("V1"), std::string("甘旗卡村"), std::int64_t{1000}},
                 tr(at(1000, 100)));
  villages.write({std::string("V2"), std::string("北甘旗村"), std::int64_t{3000}},
                 tr(at(5000, -300)));
  villages.write({std::string("V3"), std::string("哈布哈嘎查"), std::int64_t{6000}},
                 tr(at(9000, 2500)));

  auto& roads =
      out.create_layer("roads", geo::GeometryClass::kLine, crs, {{"class", FieldType::kString}});
  roads.write({std::string("county")}, line({at(0, 0), at(4000, 0), at(10000, 0)}));

  auto& clinics =
      out.create_layer("clinics", geo::GeometryClass::kPoint, crs,
                       {{"clinic_id", FieldType::kString}, {"standardized", FieldType::kInteger}});
  clinics.write({std::string("C1"), std::int64_t{1}}, tr(at(3000, 50)));
  clinics.write({std::string("C0"), std::int64_t{0}}, tr(at(5000, -250)));  // filtered out by where

  auto& power = out.create_layer("power_lines", geo::GeometryClass::kLine, crs, {});
  power.write({}, line({at(0, 600), at(10000, 600)}));

  auto& water = out.create_layer("water_service_areas", geo::GeometryClass::kPolygon, crs, {});
  std::vector<Point> square = {at(0, -1000), at(2000, -1000), at(2000, 1000), at(0, 1000),
                               at(0, -1000)};
  for (auto& p : square) p = tr(p);
  water.write({}, geo::Geometry::polygon(ctx, square));

  auto& culture = out.create_layer("culture_rooms", geo::GeometryClass::kPoint, crs,
                                   {{"village_id", FieldType::kString}});
  culture.write({std::string("V2")}, tr(at(5000, 0)));
  culture.write({std::string("")}, tr(at(1000, 100)));
  out.close();
}

std::string project_text(const std::string& gpkg, const Names& names, const std::string& seat) {
  return "[analysis]\ncrs = \"EPSG:32651\"\nseat = \"" + seat +
         "\"\nmax_access_m = 2000\nsnap_m = 1.0\n\n"
         "[villages]\nsource = \"" +
         gpkg + "\"\nlayer = \"" + names.village_layer + "\"\nid = \"" + names.id +
         "\"\nname = \"" + names.name + "\"\npopulation = \"" + names.population +
         "\"\n\n[roads]\nsource = \"" + gpkg +
         "\"\nlayer = \"roads\"\nclass = \"class\"\npaved = [\"county\"]\n\n"
         "[facilities.clinic]\nsource = \"" +
         gpkg +
         "\"\nlayer = \"clinics\"\nid = \"clinic_id\"\nwhere = \"standardized = 1\"\nrule = "
         "\"network\"\nmax_m = 2200\n\n"
         "[facilities.power]\nsource = \"" +
         gpkg +
         "\"\nlayer = \"power_lines\"\nrule = \"euclid\"\nmax_m = 1000\n\n"
         "[facilities.water]\nsource = \"" +
         gpkg +
         "\"\nlayer = \"water_service_areas\"\nrule = \"within\"\n\n"
         "[facilities.culture]\nsource = \"" +
         gpkg + "\"\nlayer = \"culture_rooms\"\nrule = \"in_village\"\n";
}

struct Row {
  std::map<std::string, geo::FieldValue> values;
  double number(const std::string& field) const {
    const auto& v = values.at(field);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return std::nan("");
  }
  std::string text(const std::string& field) const { return geo::to_string(values.at(field)); }
  bool is_null(const std::string& field) const {
    return std::holds_alternative<std::monostate>(values.at(field));
  }
};

std::map<std::string, Row> read_villages(const fs::path& gpkg,
                                         const std::vector<std::string>& fields) {
  geo::LayerSpec spec;
  spec.source = gpkg.string();
  spec.layer = "villages";
  spec.fields = fields;
  spec.fields.insert(spec.fields.begin(), "id");
  const geo::GeosContext ctx;
  const auto table =
      geo::read_layer(ctx, spec, geo::GeometryClass::kPoint, geo::Crs::from_user("EPSG:32651"));
  std::map<std::string, Row> rows;
  for (const auto& feature : table.features) {
    Row row;
    for (std::size_t i = 0; i < spec.fields.size(); ++i)
      row.values[spec.fields[i]] = feature.values[i];
    rows[row.text("id")] = row;
  }
  return rows;
}

const std::vector<std::string> kFields = {
    "name",       "population",      "road_dist_m",   "road_access",   "component",
    "connected",  "paved_connected", "single_access", "clinic_dist_m", "clinic_nearest",
    "clinic_ok",  "power_dist_m",    "power_ok",      "water_dist_m",  "water_ok",
    "culture_ok", "missing"};

void expect_hand_built_answers(const fs::path& out) {
  const auto rows = read_villages(out / "results.gpkg", kFields);
  ASSERT_EQ(rows.size(), 3u);
  const Row& v1 = rows.at("V1");
  const Row& v2 = rows.at("V2");
  const Row& v3 = rows.at("V3");
  EXPECT_EQ(v1.text("name"), "甘旗卡村");
  EXPECT_NEAR(v1.number("road_dist_m"), 100.0, 0.01);
  EXPECT_NEAR(v2.number("road_dist_m"), 300.0, 0.01);
  EXPECT_NEAR(v3.number("road_dist_m"), 2500.0, 0.01);
  EXPECT_EQ(v1.number("road_access"), 1);
  EXPECT_EQ(v3.number("road_access"), 0);
  EXPECT_TRUE(v3.is_null("component"));
  EXPECT_EQ(v3.number("connected"), 0);
  // Network: village leg + along the road + the clinic's 50 m leg.
  EXPECT_NEAR(v1.number("clinic_dist_m"), 100.0 + 2000.0 + 50.0, 0.01);
  EXPECT_NEAR(v2.number("clinic_dist_m"), 300.0 + 2000.0 + 50.0, 0.01);
  EXPECT_TRUE(v3.is_null("clinic_dist_m"));
  EXPECT_EQ(v1.text("clinic_nearest"), "C1");
  EXPECT_EQ(v1.number("clinic_ok"), 1);
  EXPECT_EQ(v2.number("clinic_ok"), 0);
  // Euclid to the power line; within the water square (0 inside, distance outside).
  EXPECT_NEAR(v1.number("power_dist_m"), 500.0, 0.01);
  EXPECT_NEAR(v2.number("power_dist_m"), 900.0, 0.01);
  EXPECT_NEAR(v3.number("power_dist_m"), 1900.0, 0.01);
  EXPECT_EQ(v3.number("power_ok"), 0);
  EXPECT_NEAR(v1.number("water_dist_m"), 0.0, 0.01);
  EXPECT_NEAR(v2.number("water_dist_m"), 3000.0, 0.01);
  EXPECT_EQ(v1.number("water_ok"), 1);
  EXPECT_EQ(v2.number("water_ok"), 0);
  // in_village by attribute: only V2 is named.
  EXPECT_EQ(v1.number("culture_ok"), 0);
  EXPECT_EQ(v2.number("culture_ok"), 1);
  EXPECT_EQ(v1.text("missing"), "culture");
  EXPECT_EQ(v2.text("missing"), "clinic;water");
  EXPECT_EQ(v3.text("missing"), "road;connectivity;clinic;power;water;culture");
}

TEST(Analyze, EveryRuleGivesExactDistancesOnHandBuiltLayers) {
  ScratchDir dir;
  const Names names;
  write_inputs(dir / "in.gpkg", "EPSG:32651", names);
  write_text(dir / "p.toml", project_text("in.gpkg", names, "V1"));
  const auto run = run_infracov("--quiet analyze --config p.toml --out out", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  expect_hand_built_answers(dir / "out");
  const auto summary = nlohmann::json::parse(read_text(dir / "out/summary.json"));
  EXPECT_EQ(summary["villages"], 3);
  EXPECT_EQ(summary["crs"], "EPSG:32651");
  EXPECT_EQ(summary["flagged"], 3);
  EXPECT_EQ(summary["road"]["no_access"], 1);
  EXPECT_EQ(summary["facilities"]["clinic"]["ok"], 1);
  // population-weighted: only V1 (1000 of 10000 people) has its clinic within 2.2 km.
  EXPECT_NEAR(summary["facilities"]["clinic"]["population_share"].get<double>(), 0.1, 1e-9);
  // Rural Access Index: V1 and V2 are within 2 km of the paved county road: 4000 of 10000 people.
  EXPECT_NEAR(summary["road"]["rural_access_index"].get<double>(), 0.4, 1e-9);
}

TEST(Analyze, SameAnswersFromAnotherCrsAndOtherNames) {
  ScratchDir dir;
  Names names;
  names.village_layer = "cun";
  names.id = "dm";
  names.name = "mc";
  names.population = "rk";
  // CGCS2000 longitude/latitude in, UTM 51N analysis: every distance must survive the transform.
  write_inputs(dir / "cgcs.gpkg", "EPSG:4490", names);
  write_text(dir / "p.toml", project_text("cgcs.gpkg", names, "V1"));
  const auto run = run_infracov("--quiet analyze --config p.toml --out out", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  expect_hand_built_answers(dir / "out");
}

TEST(Analyze, OutputFieldsHaveTheContractTypes) {
  ScratchDir dir;
  const Names names;
  write_inputs(dir / "in.gpkg", "EPSG:32651", names);
  write_text(dir / "p.toml", project_text("in.gpkg", names, "V1"));
  ASSERT_EQ(run_infracov("--quiet analyze --config p.toml --out out", dir.path()).exit_code, 0);
  const auto layers = geo::inspect_source((dir / "out/results.gpkg").string());
  std::map<std::string, std::map<std::string, std::string>> types;
  for (const auto& layer : layers) {
    for (const auto& field : layer.fields) types[layer.name][field.name] = field.type;
  }
  ASSERT_TRUE(types.count("villages") && types.count("roads") && types.count("service_areas"));
  const auto& v = types["villages"];
  EXPECT_EQ(v.at("id"), "String");
  EXPECT_EQ(v.at("road_dist_m"), "Real");
  EXPECT_EQ(v.at("road_access"), "Integer");
  EXPECT_EQ(v.at("component"), "Integer64");
  EXPECT_EQ(v.at("clinic_dist_m"), "Real");
  EXPECT_EQ(v.at("clinic_nearest"), "String");
  EXPECT_EQ(v.at("clinic_ok"), "Integer");
  EXPECT_EQ(v.at("missing"), "String");
  EXPECT_EQ(types["roads"].at("bridge"), "Integer");
  EXPECT_EQ(types["roads"].at("component"), "Integer64");
}

TEST(Analyze, TwoRunsGiveByteIdenticalCsvAndJson) {
  ScratchDir dir;
  const Names names;
  write_inputs(dir / "in.gpkg", "EPSG:32651", names);
  write_text(dir / "p.toml", project_text("in.gpkg", names, "V1"));
  ASSERT_EQ(run_infracov("--quiet analyze --config p.toml --out a", dir.path()).exit_code, 0);
  ASSERT_EQ(run_infracov("--quiet analyze --config p.toml --out b", dir.path()).exit_code, 0);
  EXPECT_EQ(read_text(dir / "a/villages.csv"), read_text(dir / "b/villages.csv"));
  EXPECT_EQ(read_text(dir / "a/summary.json"), read_text(dir / "b/summary.json"));
  EXPECT_NE(read_text(dir / "a/villages.csv").find("clinic;water"), std::string::npos);
}

TEST(Analyze, RelativePathsWorkFromAnotherDirectory) {
  ScratchDir dir;
  const Names names;
  fs::create_directories(dir / "project/data");
  fs::create_directories(dir / "elsewhere");
  write_inputs(dir / "project/data/in.gpkg", "EPSG:32651", names);
  write_text(dir / "project/p.toml", project_text("data/in.gpkg", names, "V1"));
  const auto run =
      run_infracov("--quiet analyze --config ../project/p.toml --out out", dir / "elsewhere");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  expect_hand_built_answers(dir / "elsewhere/out");
}

std::set<std::string> entries(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

TEST(Analyze, RefusesAnExistingOutputUnlessOverwrite) {
  ScratchDir dir;
  const Names names;
  write_inputs(dir / "in.gpkg", "EPSG:32651", names);
  write_text(dir / "p.toml", project_text("in.gpkg", names, "V1"));
  fs::create_directories(dir / "out");
  write_text(dir / "out/keep.txt", "mine");
  const auto refused = run_infracov("--quiet analyze --config p.toml --out out", dir.path());
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("--overwrite"), std::string::npos) << refused.output;
  EXPECT_EQ(read_text(dir / "out/keep.txt"), "mine");
  const auto replaced =
      run_infracov("--quiet analyze --config p.toml --out out --overwrite", dir.path());
  EXPECT_EQ(replaced.exit_code, 0) << replaced.output;
  EXPECT_TRUE(fs::exists(dir / "out/results.gpkg"));
  EXPECT_FALSE(fs::exists(dir / "out/keep.txt"));
}

TEST(Analyze, AFailedRunLeavesNothingBehind) {
  ScratchDir dir;
  const Names names;
  write_inputs(dir / "in.gpkg", "EPSG:32651", names);
  std::string text = project_text("in.gpkg", names, "V1");
  text.replace(text.find("layer = \"power_lines\""), 21, "layer = \"powerlines\"");
  write_text(dir / "p.toml", text);
  const auto before = entries(dir.path());
  const auto run = run_infracov("--quiet analyze --config p.toml --out out", dir.path());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("powerlines"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("power_lines"), std::string::npos)
      << "lists the layers present: " << run.output;
  EXPECT_EQ(entries(dir.path()), before) << "no output folder and no temporary folder left";
}

TEST(Analyze, ExitCodesForUsageFlagsAndBadInput) {
  ScratchDir dir;
  const Names names;
  write_inputs(dir / "in.gpkg", "EPSG:32651", names);
  write_text(dir / "p.toml", project_text("in.gpkg", names, "V1"));
  EXPECT_EQ(run_infracov("analyze --no-such-option", dir.path()).exit_code, 2);
  EXPECT_EQ(
      run_infracov("--quiet analyze --config p.toml --out a --fail-on-flags", dir.path()).exit_code,
      4);
  EXPECT_EQ(run_infracov("--quiet analyze --config missing.toml --out b", dir.path()).exit_code, 1);
  write_text(dir / "seat.toml", project_text("in.gpkg", names, "NOPE"));
  const auto seat = run_infracov("--quiet analyze --config seat.toml --out c", dir.path());
  EXPECT_EQ(seat.exit_code, 1);
  EXPECT_NE(seat.output.find("unknown seat 'NOPE'"), std::string::npos) << seat.output;
}

TEST(Analyze, DuplicateVillageIdsAreNamed) {
  ScratchDir dir;
  const geo::Crs utm = geo::Crs::from_user("EPSG:32651");
  {
    geo::DatasetWriter out(dir / "dup.gpkg");
    auto& v = out.create_layer("villages", geo::GeometryClass::kPoint, utm,
                               {{"code", FieldType::kString}});
    v.write({std::string("A")}, at(0, 0));
    v.write({std::string("B")}, at(10, 0));
    v.write({std::string("A")}, at(20, 0));
    auto& r = out.create_layer("roads", geo::GeometryClass::kLine, utm, {});
    r.write({}, std::vector<geo::Polyline>{{at(0, 0), at(100, 0)}});
    out.close();
  }
  write_text(dir / "p.toml",
             "[villages]\nsource = \"dup.gpkg\"\nlayer = \"villages\"\nid = \"code\"\n"
             "[roads]\nsource = \"dup.gpkg\"\nlayer = \"roads\"\n");
  const auto run = run_infracov("--quiet analyze --config p.toml --out out", dir.path());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("duplicate village ids: 'A'"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

// ---- the bundled banner sample against its planted truth ----

std::set<std::string> as_set(const nlohmann::json& list) {
  std::set<std::string> out;
  for (const auto& item : list) out.insert(item.get<std::string>());
  return out;
}

class BannerSampleAnalysis : public ::testing::Test {
 protected:
  // One sample and one analysis for the whole suite; a failure here fails every test (a set-up
  // ASSERT alone would only mark them skipped).
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    error_ = test::make_and_analyze_sample(dir_->path(),
                                           "--quiet analyze --config sample/sample.toml --out out");
    if (!error_.empty()) return;
    truth_ = new nlohmann::json(
        nlohmann::json::parse(read_text(dir_->path() / "sample/sample_truth.json")));
    summary_ =
        new nlohmann::json(nlohmann::json::parse(read_text(dir_->path() / "out/summary.json")));
    rows_ = new std::map<std::string, Row>(
        read_villages(dir_->path() / "out/results.gpkg",
                      {"population", "road_access", "connected", "single_access", "clinic_ok",
                       "power_ok", "water_ok", "missing"}));
  }
  static void TearDownTestSuite() {
    delete rows_;
    delete summary_;
    delete truth_;
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(rows_, nullptr) << error_; }
  static std::set<std::string> where(const std::string& field, double value) {
    std::set<std::string> ids;
    for (const auto& [id, row] : *rows_) {
      if (row.number(field) == value) ids.insert(id);
    }
    return ids;
  }
  static inline ScratchDir* dir_ = nullptr;
  static inline std::string error_;
  static inline nlohmann::json* truth_ = nullptr;
  static inline nlohmann::json* summary_ = nullptr;
  static inline std::map<std::string, Row>* rows_ = nullptr;
};

TEST_F(BannerSampleAnalysis, HasAllVillages) { EXPECT_EQ(rows_->size(), 262u); }

TEST_F(BannerSampleAnalysis, NoRoadAccessVillagesAreExactlyThePlantedOnes) {
  EXPECT_EQ(where("road_access", 0), as_set((*truth_)["no_road_access"]));
}

TEST_F(BannerSampleAnalysis, UnconnectedVillagesAreExactlyThePlantedOnes) {
  EXPECT_EQ(where("connected", 0), as_set((*truth_)["not_connected"]));
}

TEST_F(BannerSampleAnalysis, SingleAccessVillagesAreExactlyThePlantedChain) {
  EXPECT_EQ(where("single_access", 1), as_set((*truth_)["single_access"]));
}

// The planted single-access chain hangs on one bridge: that edge cuts off exactly those villages
// and their people, read back from the roads layer through GDAL, and it heads the summary's list.
TEST_F(BannerSampleAnalysis, TheBridgeOfTheSingleAccessChainCutsOffExactlyIt) {
  const std::set<std::string> chain = as_set((*truth_)["single_access"]);
  std::int64_t chain_people = 0;
  for (const auto& [id, row] : *rows_) {
    if (chain.count(id)) chain_people += static_cast<std::int64_t>(row.number("population"));
  }
  geo::LayerSpec spec;
  spec.source = (dir_->path() / "out/results.gpkg").string();
  spec.layer = "roads";
  spec.fields = {"bridge",       "villages_cut_off", "people_cut_off",
                 "route_people", "detour_person_km", "clinic_lost"};
  const geo::GeosContext ctx;
  const auto roads =
      geo::read_layer(ctx, spec, geo::GeometryClass::kLine, geo::Crs::from_user("EPSG:32651"));
  double most_villages = 0, most_people = 0;
  std::size_t cutting = 0, with_detour = 0;
  for (const auto& feature : roads.features) {
    const auto villages = static_cast<double>(std::get<std::int64_t>(feature.values[1]));
    if (villages > 0) {
      ++cutting;
      EXPECT_EQ(std::get<std::int64_t>(feature.values[0]), 1) << "cut-off on a non-bridge";
    }
    most_villages = std::max(most_villages, villages);
    most_people =
        std::max(most_people, static_cast<double>(std::get<std::int64_t>(feature.values[2])));
    if (!std::holds_alternative<std::monostate>(feature.values[4])) {
      ++with_detour;
      EXPECT_EQ(std::get<std::int64_t>(feature.values[0]), 0) << "a detour on a bridge";
      EXPECT_FALSE(std::holds_alternative<std::monostate>(feature.values[5]));
    }
  }
  EXPECT_EQ(most_villages, static_cast<double>(chain.size()));
  EXPECT_EQ(most_people, static_cast<double>(chain_people));
  EXPECT_GE(cutting, 1u);
  EXPECT_EQ(with_detour, 100u);
  const auto& listed = (*summary_)["criticality"]["cut_off"];
  ASSERT_FALSE(listed.empty());
  EXPECT_EQ(listed[0]["people_cut_off"].get<std::int64_t>(), chain_people);
  EXPECT_EQ((*summary_)["criticality"]["detour"].size(), 20u);
}

TEST_F(BannerSampleAnalysis, FacilityGapsAreExactlyThePlantedOnes) {
  for (const std::string kind : {"clinic", "power", "water"}) {
    EXPECT_EQ(where(kind + "_ok", 0), as_set((*truth_)["missing"][kind])) << kind;
  }
}

TEST_F(BannerSampleAnalysis, FlaggedVillagesAreExactlyThePlantedOnes) {
  std::set<std::string> flagged;
  for (const auto& [id, row] : *rows_) {
    if (!row.text("missing").empty()) flagged.insert(id);
  }
  EXPECT_EQ(flagged, as_set((*truth_)["flagged"]));
  EXPECT_EQ((*summary_)["flagged"].get<std::size_t>(), flagged.size());
}

TEST_F(BannerSampleAnalysis, NearMissesJoinAtSnapAndApartBeyondIt) {
  EXPECT_EQ((*summary_)["graph"]["snapped_joins"], (*truth_)["expected_graph"]["snapped_joins"]);
  EXPECT_EQ((*summary_)["graph"]["dangles_near_lines"],
            (*truth_)["expected_graph"]["dangles_near_lines"]);
}

}  // namespace
}  // namespace infracov

namespace infracov {
namespace {

// A real OpenStreetMap extract shipped by Debian's python-osmnx-doc, read through GDAL's OSM
// driver. Expected counts were checked independently: the 14 highway lines GDAL keeps (5 ways
// with one node inside the clip are dropped), and the design's node rule (way end points plus
// nodes shared by two or more ways) rebuilt in Python from the ways' node lists gives 24 nodes,
// 22 edges and 2 components; every edge is a bridge (the extract has no cycle). osmnx's
// simplified graph gives 23/21/2: it merges node 5937853361 where two ways meet end to end, which
// DESIGN.md keeps as a node.
TEST(AnalyzeOpenStreetMap, HighwayGraphHasTheIndependentlyCheckedCounts) {
  const fs::path osm =
      "/usr/share/doc/python-osmnx-doc/examples/tests/input_data/"
      "planet_10.068,48.135_10.071,48.137.osm";
  ASSERT_TRUE(fs::exists(osm)) << "install Debian's python-osmnx-doc (./dev.sh does)";
  ScratchDir dir;
  {
    geo::DatasetWriter out(dir / "v.gpkg");
    auto& v = out.create_layer("villages", geo::GeometryClass::kPoint, geo::Crs::wgs84(),
                               {{"code", FieldType::kString}});
    v.write({std::string("x")}, Point{10.0695, 48.136});
    out.close();
  }
  write_text(dir / "p.toml",
             "[villages]\nsource = \"v.gpkg\"\nid = \"code\"\n[roads]\nsource = \"" + osm.string() +
                 "\"\nlayer = \"lines\"\nwhere = \"highway IS NOT NULL\"\n"
                 "class = \"highway\"\n");
  const auto run = run_infracov("--quiet analyze --config p.toml --out out", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto summary = nlohmann::json::parse(read_text(dir / "out/summary.json"));
  EXPECT_EQ(summary["crs"], "EPSG:32632");
  EXPECT_EQ(summary["graph"]["nodes"], 24);
  EXPECT_EQ(summary["graph"]["edges"], 22);
  EXPECT_EQ(summary["graph"]["components"], 2);
  EXPECT_EQ(summary["graph"]["bridges"], 22);
  EXPECT_EQ(summary["graph"]["snapped_joins"], 0);
  EXPECT_NEAR(summary["graph"]["road_km"].get<double>(), 0.545, 0.001);
}

}  // namespace
}  // namespace infracov
