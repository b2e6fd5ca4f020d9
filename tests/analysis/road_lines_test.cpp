// insert_junctions: a vertex where an added line ends on the inside of a segment, nothing where it
// ends on a vertex or away from every road, and lines after part_count untouched.
#include <gtest/gtest.h>

#include <vector>

#include "infracov/analysis/network.hpp"

namespace infracov::analysis {
namespace {

TEST(InsertJunctions, AVertexWhereALineEndsInsideASegmentOnly) {
  RoadLines lines;
  lines.add_feature(1, "county", {{{0, 0}, {100, 0}, {100, 100}}});
  lines.add_feature(2, "county", {{{200, 0}, {300, 0}}});
  lines.add_feature(3, "", {{{40, 0}, {40, -50}}});  // the added line, not to be cut
  const std::vector<geo::Point> ends{{40, 0.004}, {100, 0}, {100, 30}, {250, 5}, {40, -25}};
  EXPECT_EQ(insert_junctions(lines, 2, ends, 0.01), 2u);
  // (40, 0.004) lies 4 mm from the first segment: the vertex is the end point itself.
  const std::vector<geo::Point> expected{{0, 0},   {40, 0.004}, {100, 0}, {100, 30}, {100, 100},
                                         {200, 0}, {300, 0},    {40, 0},  {40, -50}};
  EXPECT_EQ(lines.vertices, expected);
  EXPECT_EQ(lines.part_offsets, (std::vector<std::uint64_t>{0, 5, 7, 9}));
}

TEST(InsertJunctions, NothingToDoLeavesTheLinesAlone) {
  RoadLines lines;
  lines.add_feature(1, "county", {{{0, 0}, {100, 0}}});
  const std::vector<geo::Point> before = lines.vertices;
  const std::vector<geo::Point> ends{{0, 0}, {50, 1}};
  EXPECT_EQ(insert_junctions(lines, 1, ends, 0.01), 0u);
  EXPECT_EQ(lines.vertices, before);
}

}  // namespace
}  // namespace infracov::analysis
