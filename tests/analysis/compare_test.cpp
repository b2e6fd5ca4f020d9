// compare_runs on hand-built runs: matching by id, presence, gained and lost checks (single
// access passes when false), distance changes, duplicate ids.
#include <gtest/gtest.h>

#include "infracov/analysis/compare.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::analysis {
namespace {

RunVillages run(std::vector<std::string> ids, std::vector<std::optional<bool>> connected,
                std::vector<std::optional<bool>> single, std::vector<std::optional<double>> dist) {
  RunVillages r;
  r.ids = ids;
  for (const auto& id : ids) {
    r.names.push_back("name " + id);
    r.points.push_back({static_cast<double>(r.points.size()), 0.0});
    r.flagged.push_back(false);
  }
  r.check_names = {"connected", "single_access"};
  r.checks = {connected, single};
  r.distance_names = {"clinic_dist_m"};
  r.distances = {dist};
  return r;
}

TEST(CompareRuns, MatchesByIdAndCountsWhatChanged) {
  const RunVillages base = run({"a", "b", "c", "d"}, {true, false, true, true},
                               {false, false, true, false}, {100.0, std::nullopt, 50.0, 10.0});
  // OTHER: order differs, "d" gone, "e" new; b gains connected, c loses single access (passes
  // now), a loses connected.
  const RunVillages other = run({"c", "e", "b", "a"}, {true, true, true, false},
                                {false, false, false, false}, {40.0, 1.0, 70.0, 100.0});
  const ChangeReport report = compare_runs(base, other);
  EXPECT_EQ(report.both, 3u);
  EXPECT_EQ(report.only_base, 1u);
  EXPECT_EQ(report.only_other, 1u);
  ASSERT_EQ(report.villages.size(), 5u);
  EXPECT_EQ(report.villages[0].id, "a");
  EXPECT_EQ(report.villages[0].lost, std::vector<std::string>{"connected"});
  EXPECT_EQ(report.villages[1].id, "b");
  EXPECT_EQ(report.villages[1].gained, std::vector<std::string>{"connected"});
  EXPECT_FALSE(report.villages[1].distance_change[0].has_value());  // null before
  EXPECT_EQ(report.villages[2].gained, std::vector<std::string>{"single_access"});
  EXPECT_DOUBLE_EQ(*report.villages[2].distance_change[0], -10.0);
  EXPECT_EQ(report.villages[3].presence, Presence::kOnlyBase);
  EXPECT_EQ(report.villages[4].presence, Presence::kOnlyOther);
  EXPECT_EQ(report.villages[4].id, "e");
  EXPECT_EQ(report.counts[0].gained, 1u);
  EXPECT_EQ(report.counts[0].lost, 1u);
  EXPECT_EQ(report.counts[0].ok_both, 1u);
  EXPECT_EQ(report.counts[1].gained, 1u);
  EXPECT_EQ(report.counts[1].ok_both, 2u);
}

TEST(CompareRuns, ARunWithItselfChangesNothing) {
  const RunVillages base = run({"a", "b"}, {true, false}, {false, true}, {1.0, 2.0});
  const ChangeReport report = compare_runs(base, base);
  for (const auto& counts : report.counts) {
    EXPECT_EQ(counts.gained + counts.lost, 0u);
  }
  for (const auto& v : report.villages) {
    EXPECT_TRUE(v.gained.empty() && v.lost.empty());
    EXPECT_EQ(*v.distance_change[0], 0.0);
  }
}

TEST(CompareRuns, ADuplicateIdIsRefused) {
  const RunVillages base = run({"a", "a"}, {true, true}, {false, false}, {1.0, 1.0});
  EXPECT_THROW(compare_runs(base, base), InputError);
}

}  // namespace
}  // namespace infracov::analysis
