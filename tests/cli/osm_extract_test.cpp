// A real OpenStreetMap extract of 20,120 highway ways (central Gothenburg, ODbL; provenance and
// licence in tests/data/osm_gothenburg/README.md), read as it ships (gzipped GeoJSON, through
// /vsigzip/). The expected counts are not infracov's own: count_graph.py beside the file computed
// them from DESIGN.md's node rule without any of our code, and figures.json is what it gave.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace infracov {
namespace {

namespace fs = std::filesystem;
using test::read_text;
using test::run_infracov;
using test::ScratchDir;
using test::write_text;

TEST(OsmExtract, GothenburgGraphHasTheIndependentlyComputedCounts) {
  const fs::path folder = fs::path(test::kSourceDir) / "tests/data/osm_gothenburg";
  const auto figures = nlohmann::json::parse(read_text(folder / "figures.json"));
  ScratchDir dir;
  // One village in the middle of the extract: the analysis CRS is then UTM 32N, as the script's.
  write_text(dir / "villages.geojson",
             R"({"type": "FeatureCollection", "features": [{"type": "Feature",
                 "properties": {"code": "centrum"},
                 "geometry": {"type": "Point", "coordinates": [11.97, 57.70]}}]})");
  write_text(dir / "p.toml",
             "[villages]\nsource = \"villages.geojson\"\nid = \"code\"\n"
             "[roads]\nsource = \"/vsigzip/" +
                 (folder / "large-network.json.gz").string() + "\"\nclass = \"highway\"\n");
  const auto run = run_infracov("--quiet analyze --config p.toml --out out", dir.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto summary = nlohmann::json::parse(read_text(dir / "out/summary.json"));
  EXPECT_EQ(summary["crs"], figures["crs"]);
  const auto& graph = summary["graph"];
  for (const char* key : {"nodes", "edges", "components", "bridges", "self_loops", "snapped_joins",
                          "duplicate_lines", "zero_length_segments"}) {
    EXPECT_EQ(graph[key], figures[key]) << key;
  }
  EXPECT_NEAR(graph["road_km"].get<double>(), figures["road_km"].get<double>(), 0.001);
  // No geometry in the file is invalid: closed ways and repeated vertices are not repairs.
  EXPECT_EQ(graph["repaired"], 0);
  // The 107 areas (highway=pedestrian squares) are skipped with a warning that counts them.
  bool skipped_areas = false;
  for (const auto& w : summary["warnings"]) {
    if (w["code"] == "other_type") {
      EXPECT_EQ(w["count"], figures["skipped_other_type"]);
      skipped_areas = true;
    }
    EXPECT_NE(w["code"], "repaired");
    // The roads layer is read without a `layer` key: warnings name the one GDAL found.
    EXPECT_EQ(w["layer"], "large-network.json") << w["code"];
  }
  EXPECT_TRUE(skipped_areas);
}

}  // namespace
}  // namespace infracov
