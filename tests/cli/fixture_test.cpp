// The bundled sample's villages.csv and summary.json stay byte-identical to the fixture saved
// before the pipeline was restructured: a refactoring must not move a single figure.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace infracov {
namespace {

namespace fs = std::filesystem;

TEST(SampleFixture, AnalyzeWritesTheSavedCsvAndSummaryByteForByte) {
  test::ScratchDir scratch;
  const auto run = test::run_infracov("--quiet analyze --out '" + (scratch / "out").string() + "'");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const fs::path fixture = fs::path(test::kSourceDir) / "tests/data/sample_fixture";
  for (const char* file : {"villages.csv", "summary.json"}) {
    const std::string expected = test::read_text(fixture / file);
    ASSERT_FALSE(expected.empty()) << file;
    EXPECT_EQ(test::read_text(scratch / "out" / file), expected) << file << " differs";
  }
}

}  // namespace
}  // namespace infracov

namespace infracov {
namespace {

// One thread or two: the same bytes (service areas and the paved graph run beside other work).
TEST(Threads, OneAndTwoThreadsWriteTheSameCsvAndJson) {
  test::ScratchDir scratch;
  for (const char* threads : {"1", "2"}) {
    const auto run = test::run_infracov(std::string("--quiet --threads ") + threads +
                                        " plan roads grid sites --kind clinic --count 3 --out '" +
                                        (scratch / threads).string() + "'");
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  for (const char* file : {"villages.csv", "summary.json"}) {
    const std::string one = test::read_text(scratch / "1" / file);
    ASSERT_FALSE(one.empty()) << file;
    EXPECT_EQ(one, test::read_text(scratch / "2" / file)) << file;
  }
}

}  // namespace
}  // namespace infracov

namespace infracov {
namespace {

// analyze --map --report draws from the run's own result what the map and report commands draw
// from the folder it wrote: the same bytes, without the run reading anything back.
TEST(MapAndReportFromTheRun, EqualWhatTheCommandsMakeFromTheFolder) {
  test::ScratchDir scratch;
  const std::string out = (scratch / "out").string();
  const auto run = test::run_infracov("--quiet analyze --out '" + out + "' --map --report");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto map = test::run_infracov("--quiet map --results '" + out + "' --out '" +
                                      (scratch / "map.png").string() + "'");
  ASSERT_EQ(map.exit_code, 0) << map.output;
  const auto report = test::run_infracov("--quiet report --results '" + out + "' --out '" +
                                         (scratch / "report.html").string() + "'");
  ASSERT_EQ(report.exit_code, 0) << report.output;
  const std::string png = test::read_text(scratch / "out/map.png");
  ASSERT_GT(png.size(), 1000u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  EXPECT_TRUE(png == test::read_text(scratch / "map.png")) << "map.png differs";
  const std::string html = test::read_text(scratch / "out/report.html");
  ASSERT_GT(html.size(), 1000u);
  EXPECT_TRUE(html == test::read_text(scratch / "report.html")) << "report.html differs";
}

}  // namespace
}  // namespace infracov
