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
