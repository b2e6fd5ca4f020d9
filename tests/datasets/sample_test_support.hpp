// Shared by the banner-sample tests: the written sample read back, brute-force geometry helpers
// and the BannerSample fixture (one sample per test process).
#pragma once

#include <gtest/gtest.h>

#include <toml++/toml.h>
#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>

#include "infracov/datasets/sample.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/reader.hpp"
#include "support/test_support.hpp"

namespace infracov::datasets {
namespace {

using geo::Point;
using geo::Polyline;
namespace fs = std::filesystem;

struct Village {
  std::string code;
  std::string name;
  std::string town_code;
  std::int64_t population = 0;
  Point at;
};

struct Clinic {
  std::string id;
  bool standardized = false;
  std::string village_id;
  Point at;
};

// The written sample, read back through geo::read_layer.
struct Sample {
  SampleFigures figures;
  nlohmann::json truth;
  std::string truth_text;
  std::vector<Village> villages;
  std::vector<Polyline> roads;
  std::vector<std::string> road_classes;
  std::vector<Polyline> power;
  std::vector<Clinic> clinics;
};

geo::FeatureTable read(const geo::GeosContext& ctx, const fs::path& gpkg, const std::string& layer,
                       std::vector<std::string> fields, geo::GeometryClass cls) {
  geo::LayerSpec spec;
  spec.source = gpkg.string();
  spec.layer = layer;
  spec.fields = std::move(fields);
  return geo::read_layer(ctx, spec, cls, geo::Crs::from_user(kSampleCrs));
}

[[maybe_unused]] std::string str(const geo::FieldValue& v) { return geo::to_string(v); }

[[maybe_unused]] Sample load(const fs::path& dir, std::uint64_t seed) {
  Sample s;
  s.figures = write_sample(dir, seed);
  s.truth_text = test::read_text(dir / "sample_truth.json");
  s.truth = nlohmann::json::parse(s.truth_text);
  const geo::GeosContext ctx;
  const fs::path gpkg = dir / "sample.gpkg";
  for (auto& f : read(ctx, gpkg, "villages", {"code", "name", "town_code", "population"},
                      geo::GeometryClass::kPoint)
                     .features) {
    s.villages.push_back({str(f.values[0]), str(f.values[1]), str(f.values[2]),
                          std::get<std::int64_t>(f.values[3]), f.geometry.points().front()});
  }
  for (auto& f : read(ctx, gpkg, "roads", {"class"}, geo::GeometryClass::kLine).features) {
    for (auto& part : f.geometry.lines()) {
      s.roads.push_back(part);
      s.road_classes.push_back(str(f.values[0]));
    }
  }
  for (auto& f : read(ctx, gpkg, "power_lines", {}, geo::GeometryClass::kLine).features) {
    for (auto& part : f.geometry.lines()) s.power.push_back(part);
  }
  for (auto& f : read(ctx, gpkg, "clinics", {"clinic_id", "standardized", "village_id"},
                      geo::GeometryClass::kPoint)
                     .features) {
    s.clinics.push_back({str(f.values[0]), std::get<std::int64_t>(f.values[1]) == 1,
                         str(f.values[2]), f.geometry.points().front()});
  }
  return s;
}

[[maybe_unused]] double segment_distance_m(Point p, Point a, Point b) {
  return geo::point_segment_distance_m(p, a, b);
}

[[maybe_unused]] double line_distance_m(Point p, const Polyline& line) {
  double best = INFINITY;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    best = std::min(best, segment_distance_m(p, line[i], line[i + 1]));
  }
  return best;
}

[[maybe_unused]] double nearest_line_m(Point p, const std::vector<Polyline>& lines) {
  double best = INFINITY;
  for (const auto& line : lines) best = std::min(best, line_distance_m(p, line));
  return best;
}

[[maybe_unused]] double length_m(const Polyline& line) {
  double total = 0.0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) total += geo::distance_m(line[i], line[i + 1]);
  return total;
}

[[maybe_unused]] std::set<std::string> code_set(const nlohmann::json& list) {
  std::set<std::string> out;
  for (const auto& c : list) out.insert(c.get<std::string>());
  return out;
}

[[maybe_unused]] Point truth_point(const nlohmann::json& j) {
  return {j.at("x").get<double>(), j.at("y").get<double>()};
}
[[maybe_unused]] Point truth_other(const nlohmann::json& j) {
  return {j.at("other_x").get<double>(), j.at("other_y").get<double>()};
}

class BannerSample : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // ctest runs each test in its own process, possibly in parallel: one folder per process.
    dir_ = fs::path(test::kBinaryDir) / "test-scratch" /
           ("BannerSample-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    sample_ = new Sample(load(dir_, kDefaultSampleSeed));
  }
  static void TearDownTestSuite() {
    delete sample_;
    sample_ = nullptr;
    fs::remove_all(dir_);
  }
  static const Sample& sample() { return *sample_; }
  static const fs::path& dir() { return dir_; }

  // Villages of the truth lists, by code.
  std::vector<const Village*> villages_in(const nlohmann::json& list) const {
    const auto codes = code_set(list);
    std::vector<const Village*> out;
    for (const auto& v : sample().villages) {
      if (codes.count(v.code)) out.push_back(&v);
    }
    EXPECT_EQ(out.size(), codes.size());
    return out;
  }

 private:
  static inline Sample* sample_ = nullptr;
  static inline fs::path dir_;
};

}  // namespace
}  // namespace infracov::datasets
