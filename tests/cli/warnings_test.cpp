// Data warnings (DESIGN.md "Behaviour users rely on"): every repaired, skipped or missing thing is
// printed on stderr, also with --quiet, and recorded in summary.json under "warnings".
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "geojson_inputs.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::collection;
using test::feature;
using test::line;
using test::lines_of;
using test::point;
using test::read_text;
using test::run_infracov_split;
using test::ScratchDir;
using test::write_text;

// Villages 1 (a point), 2 (a bow-tie polygon: self-intersecting, repaired) and 3 (no geometry);
// roads 1 and 2 (lines), 3 (a polygon among the lines) and 10 to 21 (no geometry); one clinic.
void write_flawed_inputs(const ScratchDir& dir) {
  const std::string bowtie =
      R"({"type": "Polygon", "coordinates": [[[123.010, 43.501], [123.011, 43.502],)"
      R"( [123.011, 43.501], [123.010, 43.502], [123.010, 43.501]]]})";
  write_text(dir / "villages.geojson",
             collection({feature(1, "V1", point(123.0, 43.501)), feature(2, "V2", bowtie),
                         feature(3, "V3", "null")}));
  std::vector<std::string> roads = {
      feature(1, "a", line(122.99, 43.5, 123.01, 43.5)),
      feature(2, "b", line(123.01, 43.5, 123.03, 43.5)),
      feature(3, "c",
              R"({"type": "Polygon", "coordinates": [[[123.0, 43.49], [123.001, 43.49],)"
              R"( [123.001, 43.491], [123.0, 43.49]]]})")};
  for (int fid = 10; fid <= 21; ++fid) roads.push_back(feature(fid, "n", "null"));
  write_text(dir / "roads.geojson", collection(roads));
  write_text(dir / "clinics.geojson", collection({feature(1, "C1", point(123.02, 43.5005))}));
  write_text(dir / "p.toml",
             "[villages]\nsource = \"villages.geojson\"\nid = \"code\"\n"
             "[roads]\nsource = \"roads.geojson\"\n"
             "[facilities.clinic]\nsource = \"clinics.geojson\"\nrule = \"euclid\"\n"
             "max_m = 5000\n");
}

TEST(DataWarnings, AreRecordedInSummaryJsonWithCountAndFirstFids) {
  ScratchDir dir;
  write_flawed_inputs(dir);
  const auto run = run_infracov_split("--quiet analyze --config p.toml --out out", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = json::parse(read_text(dir / "out/summary.json"));
  ASSERT_TRUE(summary.contains("warnings")) << summary.dump(2);
  const json& w = summary["warnings"];
  ASSERT_EQ(w.size(), 4u) << w.dump(2);
  // Sources as the project file writes them, the same on every machine.
  const std::string villages = "villages.geojson";
  const std::string roads = "roads.geojson";

  // In the order found: villages before roads; repaired, null, other type within a layer.
  EXPECT_EQ(w[0]["code"], "repaired");
  EXPECT_EQ(w[0]["layer"], "villages");
  EXPECT_EQ(w[0]["source"], villages);
  EXPECT_EQ(w[0]["count"], 1);
  EXPECT_EQ(w[0]["fids"], json::array({2}));

  EXPECT_EQ(w[1]["code"], "null_geometry");
  EXPECT_EQ(w[1]["layer"], "villages");
  EXPECT_EQ(w[1]["count"], 1);
  EXPECT_EQ(w[1]["fids"], json::array({3}));

  EXPECT_EQ(w[2]["code"], "null_geometry");
  EXPECT_EQ(w[2]["layer"], "roads");
  EXPECT_EQ(w[2]["source"], roads);
  EXPECT_EQ(w[2]["count"], 12);
  EXPECT_EQ(w[2]["fids"], json::array({10, 11, 12, 13, 14, 15, 16, 17, 18, 19}))
      << "the first 10 of 12";

  EXPECT_EQ(w[3]["code"], "other_type");
  EXPECT_EQ(w[3]["layer"], "roads");
  EXPECT_EQ(w[3]["count"], 1);
  EXPECT_EQ(w[3]["fids"], json::array({3}));
  EXPECT_NE(w[3]["message"].get<std::string>().find("Polygon"), std::string::npos);

  // --quiet prints no table, but every warning, one line each, the same text as recorded.
  EXPECT_EQ(run.out, "");
  const auto printed = lines_of(run.err);
  ASSERT_EQ(printed.size(), 4u) << run.err;
  for (std::size_t i = 0; i < printed.size(); ++i) {
    EXPECT_EQ(printed[i], "infracov: warning: " + w[i]["message"].get<std::string>());
  }
  EXPECT_NE(printed[2].find("FID 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, ..."), std::string::npos)
      << printed[2];

  // Deterministic: a second run records the same bytes.
  const auto again = run_infracov_split("--quiet analyze --config p.toml --out out2", dir.path());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(read_text(dir / "out2/summary.json"), read_text(dir / "out/summary.json"));
}

// DESIGN.md's warning records name the source as the project file writes it, relative to the file:
// a project kept beside its data folder reads the same in summary.json on every machine, and the
// user finds the file from what the warning says. The line printed says the same.
TEST(DataWarnings, NameTheSourceAsTheProjectFileWritesIt) {
  ScratchDir dir;
  write_flawed_inputs(dir);
  fs::create_directories(dir / "data");
  fs::create_directories(dir / "project");
  for (const char* name : {"villages.geojson", "roads.geojson", "clinics.geojson"}) {
    fs::rename(dir / name, dir / "data" / name);
  }
  std::string text = read_text(dir / "p.toml");
  for (std::size_t at = text.find("source = \""); at != std::string::npos;
       at = text.find("source = \"", at + 1)) {
    text.insert(at + 10, "../data/");
  }
  write_text(dir / "project/p.toml", text);
  const auto run =
      run_infracov_split("--quiet analyze --config project/p.toml --out out", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = json::parse(read_text(dir / "out/summary.json"));
  const json& w = summary["warnings"];
  ASSERT_EQ(w.size(), 4u) << w.dump(2);
  EXPECT_EQ(w[0]["source"], "../data/villages.geojson");
  EXPECT_EQ(w[2]["source"], "../data/roads.geojson");
  const auto printed = lines_of(run.err);
  ASSERT_EQ(printed.size(), 4u) << run.err;
  for (std::size_t i = 0; i < printed.size(); ++i) {
    EXPECT_NE(printed[i].find("in '../data/"), std::string::npos) << printed[i];
    EXPECT_EQ(printed[i].find(dir.path().string()), std::string::npos) << "no absolute path";
  }
}

// The bundled sample's only data problem is its two planted road ends that stop short of another
// road (sample_truth.json's dangles_near_lines): one warning, one line on stderr.
TEST(DataWarnings, TheSampleWarnsOfItsPlantedDanglesAndNothingElse) {
  ScratchDir dir;
  const std::string out = (dir / "out").string();
  const auto run = run_infracov_split("--quiet analyze --out '" + out + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = json::parse(read_text(dir / "out/summary.json"));
  const json truth =
      json::parse(read_text(fs::path(test::kBinaryDir) / "sample/sample_truth.json"));
  const json& w = summary["warnings"];
  ASSERT_EQ(w.size(), 1u) << w.dump(2);
  EXPECT_EQ(w[0]["code"], "dangles");
  EXPECT_EQ(w[0]["count"], truth["expected_graph"]["dangles_near_lines"]);
  EXPECT_EQ(w[0]["source"], "sample.gpkg");
  EXPECT_EQ(run.err, "infracov: warning: " + w[0]["message"].get<std::string>() + "\n");
}

// An empty facility layer is no error (a county may truly have none yet): a warning, and every
// village misses that kind. Three ways to be empty: no feature at all, in a GeoPackage layer with
// the id field; an empty GeoJSON; a `where` that matches nothing.
TEST(DataWarnings, AnEmptyFacilityLayerIsAWarningAndEveryVillageMissesIt) {
  ScratchDir dir;
  {
    geo::DatasetWriter out(dir / "empty.gpkg");
    out.create_layer("clinics", geo::GeometryClass::kPoint, geo::Crs::from_user("EPSG:4326"),
                     {{"clinic_id", geo::FieldType::kString}});
    out.close();
  }
  write_text(dir / "schools.geojson", collection({}));
  test::write_sound_inputs(
      dir,
      "[facilities.doctor]\nsource = \"empty.gpkg\"\nid = \"clinic_id\"\nrule = \"network\"\n"
      "max_m = 5000\n"
      "[facilities.school]\nsource = \"schools.geojson\"\nrule = \"euclid\"\nmax_m = 5000\n"
      "[facilities.chosen]\nsource = \"clinics.geojson\"\nwhere = \"code = 'none'\"\n"
      "rule = \"euclid\"\nmax_m = 5000\n");
  const auto run = run_infracov_split("--quiet analyze --config p.toml --out out", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = json::parse(read_text(dir / "out/summary.json"));
  const json& w = summary["warnings"];
  ASSERT_EQ(w.size(), 3u) << w.dump(2);
  const std::vector<std::string> kinds = {"doctor", "school", "chosen"};
  const std::vector<std::string> layers = {"clinics", "schools", "clinics"};
  const auto printed = lines_of(run.err);
  ASSERT_EQ(printed.size(), 3u) << run.err;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    EXPECT_EQ(w[i]["code"], "empty_layer");
    EXPECT_EQ(w[i]["layer"], layers[i]);
    EXPECT_EQ(w[i]["count"], 0);
    EXPECT_EQ(w[i]["fids"], json::array());
    const std::string message = w[i]["message"];
    EXPECT_NE(message.find("every village misses " + kinds[i]), std::string::npos) << message;
    EXPECT_EQ(printed[i], "infracov: warning: " + message);
    EXPECT_EQ(summary["facilities"][kinds[i]]["ok"], 0) << kinds[i];
    EXPECT_EQ(summary["facilities"][kinds[i]]["missing"], 2) << kinds[i];
  }
  EXPECT_NE(w[2]["message"].get<std::string>().find("matching where 'code = 'none''"),
            std::string::npos);
  // villages.csv: both villages have their clinic and miss exactly the three empty kinds.
  const auto rows = lines_of(read_text(dir / "out/villages.csv"));
  ASSERT_EQ(rows.size(), 3u);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const std::string tail = R"(,"doctor;school;chosen")";
    EXPECT_EQ(rows[i].substr(rows[i].size() - tail.size()), tail) << rows[i];
  }
}

// A road that stops 3.3 m short of another (an undershoot) is a "dangles" warning naming it, also
// with --quiet; the far end of the same road, near nothing, is not.
TEST(DataWarnings, ARoadEndingJustShortOfAnotherIsADanglesWarning) {
  ScratchDir dir;
  write_text(dir / "villages.geojson", collection({feature(1, "V1", point(123.0, 43.5005)),
                                                   feature(2, "V2", point(123.0101, 43.51))}));
  write_text(dir / "roads.geojson",
             collection({feature(1, "a", line(122.99, 43.5, 123.03, 43.5)),
                         feature(7, "b", line(123.01, 43.50003, 123.01, 43.52))}));
  write_text(dir / "p.toml",
             "[villages]\nsource = \"villages.geojson\"\nid = \"code\"\n"
             "[roads]\nsource = \"roads.geojson\"\n");
  const auto run = run_infracov_split("--quiet analyze --config p.toml --out out", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("1 road end stop"), std::string::npos) << run.err;
  const json summary = json::parse(read_text(dir / "out/summary.json"));
  EXPECT_EQ(summary["graph"]["dangles_near_lines"], 1);
  const json& w = summary["warnings"];
  ASSERT_EQ(w.size(), 1u) << w.dump(2);
  EXPECT_EQ(w[0]["code"], "dangles");
  EXPECT_EQ(w[0]["count"], 1);
  EXPECT_EQ(w[0]["fids"], json::array({7}));
  EXPECT_EQ(w[0]["source"], "roads.geojson");
  // Road 7 does not reach road 1, so village 2 (beside road 7) is cut off from the seat's road.
  EXPECT_EQ(summary["road"]["components"], 2);
}

}  // namespace
}  // namespace infracov
