#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "infracov/geo/error.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/spatial_index.hpp"

namespace infracov::geo {
namespace {

double point_segment_distance(Point p, Point a, Point b) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return distance_m(p, {a.x + t * dx, a.y + t * dy});
}

// Lowest item among the minimal distances, by looking at every item.
SpatialIndex::Hit brute_force(std::size_t n, Point p,
                              const std::function<double(std::size_t, Point)>& distance) {
  SpatialIndex::Hit best{0, distance(0, p)};
  for (std::size_t i = 1; i < n; ++i) {
    const double d = distance(i, p);
    if (d < best.distance_m) best = {i, d};
  }
  return best;
}

TEST(SpatialIndex, NearestPointMatchesBruteForce) {
  const GeosContext ctx;
  std::mt19937 random(20261130);
  std::uniform_real_distribution<double> coordinate(0.0, 10000.0);
  std::vector<Point> points(2000);
  SpatialIndex index;
  for (std::size_t i = 0; i < points.size(); ++i) {
    points[i] = {coordinate(random), coordinate(random)};
    index.insert(i, {points[i].x, points[i].y, points[i].x, points[i].y});
  }
  EXPECT_EQ(index.size(), points.size());
  const auto distance = [&](std::size_t item, Point p) { return distance_m(points[item], p); };
  for (int q = 0; q < 500; ++q) {
    const Point p{coordinate(random) * 1.2 - 1000.0, coordinate(random) * 1.2 - 1000.0};
    const auto hit = index.nearest(p, distance);
    ASSERT_TRUE(hit.has_value());
    const auto expected = brute_force(points.size(), p, distance);
    EXPECT_EQ(hit->item, expected.item) << "query " << q;
    EXPECT_DOUBLE_EQ(hit->distance_m, expected.distance_m);
  }
}

TEST(SpatialIndex, NearestSegmentMatchesBruteForce) {
  const GeosContext ctx;
  std::mt19937 random(42);
  std::uniform_real_distribution<double> coordinate(0.0, 5000.0);
  std::uniform_real_distribution<double> offset(-300.0, 300.0);
  std::vector<std::pair<Point, Point>> segments(1500);
  SpatialIndex index;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const Point a{coordinate(random), coordinate(random)};
    const Point b{a.x + offset(random), a.y + offset(random)};
    segments[i] = {a, b};
    Envelope e;
    e.expand(a);
    e.expand(b);
    index.insert(i, e);
  }
  const auto distance = [&](std::size_t item, Point p) {
    return point_segment_distance(p, segments[item].first, segments[item].second);
  };
  for (int q = 0; q < 500; ++q) {
    const Point p{coordinate(random), coordinate(random)};
    const auto hit = index.nearest(p, distance);
    ASSERT_TRUE(hit.has_value());
    const auto expected = brute_force(segments.size(), p, distance);
    EXPECT_EQ(hit->item, expected.item) << "query " << q;
    EXPECT_DOUBLE_EQ(hit->distance_m, expected.distance_m);
  }
}

TEST(SpatialIndex, TiesGoToTheLowestItemNumber) {
  const GeosContext ctx;
  // Four points on a circle of radius 5 around the origin, inserted in a scrambled order, plus
  // duplicates at the same place: every one is exactly 5 m from the query.
  const std::vector<Point> points = {{5, 0}, {0, 5}, {-5, 0}, {0, -5}, {3, 4}, {5, 0}, {-3, -4}};
  for (const std::vector<std::size_t>& order : {std::vector<std::size_t>{6, 5, 4, 3, 2, 1, 0},
                                                std::vector<std::size_t>{3, 0, 6, 1, 5, 2, 4}}) {
    SpatialIndex index;
    for (std::size_t item : order)
      index.insert(item, {points[item].x, points[item].y, points[item].x, points[item].y});
    const auto hit = index.nearest(
        {0, 0}, [&](std::size_t item, Point p) { return distance_m(points[item], p); });
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->item, 0u);
    EXPECT_DOUBLE_EQ(hit->distance_m, 5.0);
  }
}

TEST(SpatialIndex, QueryVisitsExactlyTheItemsWhoseEnvelopesIntersect) {
  const GeosContext ctx;
  SpatialIndex index;
  for (std::size_t i = 0; i < 100; ++i) {
    const double x = static_cast<double>(i % 10) * 10.0;
    const double y = static_cast<double>(i / 10) * 10.0;
    index.insert(i, {x, y, x + 1.0, y + 1.0});
  }
  std::set<std::size_t> found;
  index.query({15.0, 15.0, 31.0, 25.0}, [&](std::size_t item) { found.insert(item); });
  // Boxes start at multiples of 10 and are 1 m wide: x in {20, 30}, y in {20}.
  EXPECT_EQ(found, (std::set<std::size_t>{22, 23}));
}

TEST(SpatialIndex, EmptyIndexHasNoNearest) {
  const GeosContext ctx;
  const SpatialIndex index;
  EXPECT_FALSE(index.nearest({0, 0}, [](std::size_t, Point) { return 0.0; }).has_value());
}

TEST(SpatialIndex, ExceptionFromTheDistanceCallbackReachesTheCaller) {
  const GeosContext ctx;
  SpatialIndex index;
  index.insert(0, {0, 0, 1, 1});
  index.insert(1, {5, 5, 6, 6});
  EXPECT_THROW((void)index.nearest(
                   {0, 0}, [](std::size_t, Point) -> double { throw std::runtime_error("boom"); }),
               std::runtime_error);
}

}  // namespace
}  // namespace infracov::geo

namespace infracov::geo {
namespace {

TEST(SpatialIndex, InsertAfterTheFirstQueryIsRefused) {
  const GeosContext ctx;
  SpatialIndex index;
  index.insert(0, {0, 0, 0, 0});
  index.query({-1, -1, 1, 1}, [](std::size_t) {});
  EXPECT_THROW(index.insert(1, {2, 2, 2, 2}), InternalError);
}

// An index over item numbers whose boxes the caller keeps (SpatialIndex::over) answers exactly as
// one that stores the boxes: window queries and nearest segments, on random segments where only
// some item numbers are indexed (segment starts, as in a road graph) and some boxes are empty.
TEST(SpatialIndex, OverCallerBoxesAnswersAsStoredBoxes) {
  std::mt19937 random(20261205);
  std::uniform_real_distribution<double> coordinate(0.0, 20000.0), step(-300.0, 300.0);
  std::vector<Point> vertices;
  for (int i = 0; i < 6000; ++i) {
    const Point a{coordinate(random), coordinate(random)};
    vertices.push_back(a);
    vertices.push_back({a.x + step(random), a.y + step(random)});
  }
  auto box = [&](std::size_t k) {
    Envelope e;
    if (k % 100 == 98) return e;  // nothing to find
    e.expand(vertices[k]);
    e.expand(vertices[k + 1]);
    return e;
  };
  SpatialIndex stored;
  std::vector<std::uint32_t> starts;
  for (std::size_t k = 0; k + 1 < vertices.size(); k += 2) {
    stored.insert(k, box(k));
    starts.push_back(static_cast<std::uint32_t>(k));
  }
  const SpatialIndex over = SpatialIndex::over(starts, box);
  EXPECT_EQ(over.size(), stored.size());
  EXPECT_EQ(over.bounds().min_x, stored.bounds().min_x);
  EXPECT_EQ(over.spacing_m(), stored.spacing_m());
  auto segment = [&](std::size_t k, Point p) {
    return point_segment_distance(p, vertices[k], vertices[k + 1]);
  };
  for (int q = 0; q < 300; ++q) {
    const Point p{coordinate(random), coordinate(random)};
    Envelope window;
    window.expand(p);
    window = window.grown(400.0);
    std::vector<std::size_t> a, b;
    stored.query(window, [&](std::size_t k) { a.push_back(k); });
    over.query(window, [&](std::size_t k) { b.push_back(k); });
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b);
    const auto near_stored = stored.nearest(p, segment);
    const auto near_over = over.nearest(p, segment);
    ASSERT_TRUE(near_stored && near_over);
    EXPECT_EQ(near_over->item, near_stored->item);
    EXPECT_EQ(near_over->distance_m, near_stored->distance_m);
  }
  SpatialIndex extra = SpatialIndex::over({0}, box);
  EXPECT_THROW(extra.insert(2, box(2)), InternalError);
}

}  // namespace
}  // namespace infracov::geo
