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
