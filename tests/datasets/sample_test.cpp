// The bundled banner sample: figures, determinism, and every planted defect checked on the written
// GeoPackage by brute force (no analysis code involved). The network outcomes are in
// sample_network_test.cpp.
#include "sample_test_support.hpp"

#include "infracov/geo/inspect.hpp"

namespace infracov::datasets {
namespace {

TEST_F(BannerSample, FiguresMatchTheBannerStatistics) {
  const SampleFigures& f = sample().figures;
  EXPECT_EQ(f.villages, 262u);
  EXPECT_EQ(f.towns, 15u);
  EXPECT_EQ(f.clinics, 427u);
  EXPECT_EQ(f.stores, 209u);
  EXPECT_EQ(f.culture_rooms, 292u);
  EXPECT_EQ(f.water_service_areas, 15u);
  EXPECT_EQ(f.telecom_areas, 15u);
  EXPECT_GT(f.standardized_clinics, 380u);
  EXPECT_LT(f.standardized_clinics, 427u);  // some are not standardized: the where filter matters
  EXPECT_NEAR(f.road_km, 5500.0, 50.0);
  EXPECT_NEAR(f.road_km_by_class.at("village_paved"), 1750.0, 25.0);
  EXPECT_NEAR(f.power_km, 1800.0, 50.0);
  EXPECT_NEAR(static_cast<double>(f.population), 300000.0, 20000.0);
  double by_class = 0.0;
  for (const char* c : {"national", "provincial", "county", "village_paved", "gravel"}) {
    ASSERT_TRUE(f.road_km_by_class.count(c)) << c;
    EXPECT_GT(f.road_km_by_class.at(c), 50.0) << c;
    by_class += f.road_km_by_class.at(c);
  }
  EXPECT_NEAR(by_class, f.road_km, 1e-6);
  EXPECT_EQ(f.flagged, sample().truth.at("flagged").size());
}

TEST_F(BannerSample, ReadsBackWithTheReportedFigures) {
  const Sample& s = sample();
  ASSERT_EQ(s.villages.size(), 262u);
  std::set<std::string> codes;
  std::set<std::string> towns;
  std::int64_t population = 0;
  for (const auto& v : s.villages) {
    EXPECT_EQ(v.code.size(), 12u);
    EXPECT_EQ(v.code.substr(0, 9), v.town_code);
    codes.insert(v.code);
    towns.insert(v.town_code);
    population += v.population;
  }
  EXPECT_EQ(codes.size(), 262u);
  EXPECT_EQ(towns.size(), 15u);
  EXPECT_EQ(population, s.figures.population);
  EXPECT_EQ(s.villages.front().code, "150522100200");
  EXPECT_EQ(s.villages.front().name, "甘旗卡村委会");
  double road_m = 0.0;
  for (const auto& r : s.roads) road_m += length_m(r);
  EXPECT_NEAR(road_m / 1000.0, s.figures.road_km, 1e-6);
  double power_m = 0.0;
  for (const auto& p : s.power) power_m += length_m(p);
  EXPECT_NEAR(power_m / 1000.0, s.figures.power_km, 1e-6);
  EXPECT_EQ(s.clinics.size(), 427u);
}

TEST_F(BannerSample, EveryVillageLiesInsideTheBannerBoundary) {
  const geo::GeosContext ctx;
  const auto table =
      read(ctx, dir() / "sample.gpkg", "boundary", {"code"}, geo::GeometryClass::kPolygon);
  ASSERT_EQ(table.features.size(), 1u);
  const geo::Geometry& boundary = table.features.front().geometry;
  EXPECT_NEAR(boundary.area_m2() / 1e6, 11500.0, 500.0);
  for (const auto& v : sample().villages) EXPECT_TRUE(boundary.contains(v.at)) << v.code;
}

// What `infracov inspect` finds: every layer readable, no invalid, null or empty geometry.
TEST_F(BannerSample, InspectFindsNoInvalidGeometryInAnyLayer) {
  const auto layers = geo::inspect_source((dir() / "sample.gpkg").string());
  ASSERT_EQ(layers.size(), 10u);
  for (const geo::LayerInfo& layer : layers) {
    EXPECT_GT(layer.feature_count, 0) << layer.name;
    EXPECT_EQ(layer.invalid, 0) << layer.name;
    EXPECT_EQ(layer.null_geometries, 0) << layer.name;
    EXPECT_EQ(layer.empty_geometries, 0) << layer.name;
  }
}

TEST_F(BannerSample, ProjectFileNamesTheSampleLayersAndRules) {
  const auto project = toml::parse_file((dir() / "sample.toml").string());
  EXPECT_EQ(project["analysis"]["seat"].value_or(std::string{}), "150522100200");
  EXPECT_EQ(project["analysis"]["max_access_m"].value_or(0), 2000);
  EXPECT_EQ(project["analysis"]["snap_m"].value_or(0.0), 1.0);
  EXPECT_EQ(project["villages"]["source"].value_or(std::string{}), "sample.gpkg");
  EXPECT_EQ(project["facilities"]["clinic"]["rule"].value_or(std::string{}), "network");
  EXPECT_EQ(project["facilities"]["clinic"]["where"].value_or(std::string{}), "standardized = 1");
  EXPECT_EQ(project["facilities"]["power"]["max_m"].value_or(0), 1000);
  EXPECT_EQ(project["facilities"]["water"]["layer"].value_or(std::string{}), "water_service_areas");
  // Kind order in the file is the order of `missing` in the truth.
  // toml++ keeps keys sorted: the file's order is the order of their lines.
  std::vector<std::pair<std::uint32_t, std::string>> lines;
  for (const auto& [key, value] : *project["facilities"].as_table()) {
    lines.emplace_back(value.source().begin.line, std::string(key.str()));
  }
  std::sort(lines.begin(), lines.end());
  std::vector<std::string> kinds;
  for (const auto& [line, name] : lines) kinds.push_back(name);
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"clinic", "power", "water", "clinic_in_village",
                                      "well_in_village", "store", "culture_room", "telecom"}));
  EXPECT_EQ(project["analysis"]["language"].value_or(std::string{}), "zh");
  EXPECT_EQ(project["villages"]["group"].value_or(std::string{}), "town_name");
  EXPECT_EQ(project["facilities"]["store"]["max_m"].value_or(0), 3000);
  EXPECT_EQ(project["facilities"]["telecom"]["layer"].value_or(std::string{}), "telecom_coverage");
  const auto* checklist = project["checklist"].as_array();
  ASSERT_NE(checklist, nullptr);
  std::vector<std::string> labels;
  for (const auto& item : *checklist) labels.push_back(item.as_table()->get("label")->value_or(""));
  EXPECT_EQ(labels, (std::vector<std::string>{"通硬化路", "通动力电", "安全饮水", "标准化卫生室",
                                              "便民超市", "文化室", "广播电视网络"}));
}

TEST_F(BannerSample, SameSeedWritesTheSameDataAndAnotherSeedDoesNot) {
  test::ScratchDir scratch;
  const Sample again = load(scratch / "again", kDefaultSampleSeed);
  const Sample& first = sample();
  EXPECT_EQ(again.truth_text, first.truth_text);
  ASSERT_EQ(again.villages.size(), first.villages.size());
  for (std::size_t i = 0; i < first.villages.size(); ++i) {
    EXPECT_EQ(again.villages[i].code, first.villages[i].code);
    EXPECT_EQ(again.villages[i].population, first.villages[i].population);
    EXPECT_EQ(again.villages[i].at, first.villages[i].at);  // bit-identical coordinates
  }
  EXPECT_EQ(again.roads, first.roads);
  EXPECT_EQ(again.road_classes, first.road_classes);
  EXPECT_EQ(again.power, first.power);
  ASSERT_EQ(again.clinics.size(), first.clinics.size());
  for (std::size_t i = 0; i < first.clinics.size(); ++i) {
    EXPECT_EQ(again.clinics[i].id, first.clinics[i].id);
    EXPECT_EQ(again.clinics[i].at, first.clinics[i].at);
  }
  const SampleFigures other = write_sample(scratch / "other", 7);
  EXPECT_EQ(other.villages, 262u);
  EXPECT_NE(test::read_text(scratch / "other" / "sample_truth.json"), first.truth_text);
}

TEST_F(BannerSample, TruthListsAreConsistent) {
  const auto& t = sample().truth;
  EXPECT_EQ(t.at("seed").get<std::uint64_t>(), kDefaultSampleSeed);
  EXPECT_EQ(t.at("crs"), "EPSG:32651");
  EXPECT_EQ(t.at("no_road_access").size(), 3u);
  EXPECT_EQ(t.at("island").size(), 3u);
  EXPECT_EQ(t.at("single_access").size(), 3u);
  for (const char* kind : {"clinic", "power", "water"}) {
    EXPECT_GE(t.at("missing").at(kind).size(), 3u) << kind;
  }
  auto not_connected = code_set(t.at("no_road_access"));
  for (const auto& c : t.at("island")) not_connected.insert(c.get<std::string>());
  EXPECT_EQ(code_set(t.at("not_connected")), not_connected);
  std::set<std::string> flagged;
  for (const auto& [code, missing] : t.at("village_missing").items()) {
    if (!missing.get<std::string>().empty()) flagged.insert(code);
  }
  EXPECT_EQ(code_set(t.at("flagged")), flagged);
  const auto starts = [&](const nlohmann::json& code, const std::string& prefix) {
    return t.at("village_missing")
               .at(code.get<std::string>())
               .get<std::string>()
               .rfind(prefix, 0) == 0;
  };
  for (const auto& c : t.at("no_road_access")) EXPECT_TRUE(starts(c, "road;connectivity;clinic;"));
  for (const auto& c : t.at("island")) EXPECT_TRUE(starts(c, "connectivity;clinic;"));
  // Every item of the checklist fails somewhere, and every village of a pocket is off the paved
  // network (通硬化路).
  ASSERT_EQ(t.at("checklist").size(), 7u);
  for (const auto& item : t.at("checklist")) EXPECT_FALSE(item.at("failing").empty());
  EXPECT_EQ(code_set(t.at("checklist")[0].at("failing")), code_set(t.at("not_paved_connected")));
  EXPECT_EQ(t.at("not_paved_connected").size(), 11u);
  EXPECT_EQ(code_set(t.at("checklist")[1].at("failing")), code_set(t.at("missing").at("power")));
  EXPECT_EQ(t.at("towns").size(), 15u);
  EXPECT_EQ(t.at("weak_towns").size(), 3u);
  EXPECT_EQ(t.at("expected_graph").at("snapped_joins"), 1);
  EXPECT_EQ(t.at("expected_graph").at("dangles_near_lines"), 2);
}

TEST_F(BannerSample, NoRoadVillagesHaveNoRoadWithinTwoKilometres) {
  for (const Village* v : villages_in(sample().truth.at("no_road_access"))) {
    EXPECT_GT(nearest_line_m(v->at, sample().roads), 2000.0) << v->code;
  }
  // Every other village is within a few hundred metres of a road.
  const auto no_road = code_set(sample().truth.at("no_road_access"));
  for (const auto& v : sample().villages) {
    if (!no_road.count(v.code)) {
      EXPECT_LT(nearest_line_m(v.at, sample().roads), 400.0) << v.code;
    }
  }
}

TEST_F(BannerSample, NearMissesAreRoadEndsWithExactGaps) {
  const auto& t = sample().truth;
  std::vector<Point> ends;
  for (const auto& r : sample().roads) {
    ends.push_back(r.front());
    ends.push_back(r.back());
  }
  const auto ends_at = [&](Point p) {
    return std::count_if(ends.begin(), ends.end(),
                         [&](Point e) { return geo::distance_m(e, p) < 1e-6; });
  };
  for (const char* key : {"near_miss_joined", "near_miss_apart"}) {
    const Point a = truth_point(t.at(key));
    const Point b = truth_other(t.at(key));
    EXPECT_GE(ends_at(a), 1) << key;
    EXPECT_GE(ends_at(b), 1) << key;
    EXPECT_NEAR(geo::distance_m(a, b), t.at(key).at("gap_m").get<double>(), 1e-6) << key;
  }
  EXPECT_NEAR(
      geo::distance_m(truth_point(t.at("near_miss_joined")), truth_other(t.at("near_miss_joined"))),
      0.3, 1e-6);
  EXPECT_NEAR(
      geo::distance_m(truth_point(t.at("near_miss_apart")), truth_other(t.at("near_miss_apart"))),
      5.0, 1e-6);
}

// Proper crossings (not at a shared vertex) between any two road segments: only the overpass.
TEST_F(BannerSample, RoadsMeetAtSharedVerticesExceptTheOverpass) {
  const auto& roads = sample().roads;
  struct Seg {
    Point a, b;
    std::size_t line;
  };
  std::vector<Seg> segs;
  for (std::size_t l = 0; l < roads.size(); ++l) {
    for (std::size_t i = 0; i + 1 < roads[l].size(); ++i)
      segs.push_back({roads[l][i], roads[l][i + 1], l});
  }
  std::sort(segs.begin(), segs.end(), [](const Seg& x, const Seg& y) {
    return std::min(x.a.x, x.b.x) < std::min(y.a.x, y.b.x);
  });
  std::vector<Point> crossings;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const double max_x = std::max(segs[i].a.x, segs[i].b.x);
    for (std::size_t j = i + 1; j < segs.size() && std::min(segs[j].a.x, segs[j].b.x) <= max_x;
         ++j) {
      if (segs[i].line == segs[j].line) continue;
      const Point r{segs[i].b.x - segs[i].a.x, segs[i].b.y - segs[i].a.y};
      const Point s{segs[j].b.x - segs[j].a.x, segs[j].b.y - segs[j].a.y};
      const double denom = r.x * s.y - r.y * s.x;
      if (denom == 0.0) continue;
      const Point d{segs[j].a.x - segs[i].a.x, segs[j].a.y - segs[i].a.y};
      const double t = (d.x * s.y - d.y * s.x) / denom;
      const double u = (d.x * r.y - d.y * r.x) / denom;
      if (t > 1e-9 && t < 1 - 1e-9 && u > 1e-9 && u < 1 - 1e-9) {
        crossings.push_back({segs[i].a.x + t * r.x, segs[i].a.y + t * r.y});
      }
    }
  }
  ASSERT_EQ(crossings.size(), 1u);
  const Point overpass = truth_point(sample().truth.at("overpass"));
  EXPECT_NEAR(geo::distance_m(crossings.front(), overpass), 0.0, 1e-6);
  for (const auto& r : roads) {
    for (const Point& p : r) EXPECT_GT(geo::distance_m(p, overpass), 100.0);
  }
}

TEST_F(BannerSample, PowerDefectsHoldAndEveryOtherVillageHasPowerNearby) {
  const auto no_power = code_set(sample().truth.at("missing").at("power"));
  for (const auto& v : sample().villages) {
    const double d = nearest_line_m(v.at, sample().power);
    if (no_power.count(v.code)) {
      EXPECT_GT(d, 1200.0) << v.code;
    } else {
      EXPECT_LT(d, 500.0) << v.code;
    }
  }
}

TEST_F(BannerSample, WaterDefectsHoldAndEveryOtherVillageIsServed) {
  const geo::GeosContext ctx;
  const auto areas = read(ctx, dir() / "sample.gpkg", "water_service_areas", {"area_id"},
                          geo::GeometryClass::kPolygon);
  const auto no_water = code_set(sample().truth.at("missing").at("water"));
  for (const auto& v : sample().villages) {
    double nearest = INFINITY;
    bool inside = false;
    for (const auto& a : areas.features) {
      inside = inside || a.geometry.contains(v.at);
      nearest = std::min(nearest, a.geometry.distance_m(v.at));
    }
    if (no_water.count(v.code)) {
      EXPECT_FALSE(inside) << v.code;
      EXPECT_GT(nearest, 800.0) << v.code;
    } else {
      EXPECT_TRUE(inside) << v.code;
    }
  }
}

TEST_F(BannerSample, NoClinicVillagesHaveNoStandardizedClinicWithinFiveKilometres) {
  const auto& t = sample().truth;
  const auto no_clinic = code_set(t.at("missing").at("clinic"));
  const auto island = code_set(t.at("island"));
  // The petal's villages have their clinics up a 2.7 km gravel track (the rainy season's plant).
  const auto up_the_track = code_set(t.at("rainy_season").at("clinic_lost"));
  EXPECT_EQ(up_the_track.size(), 2u);
  for (const auto& v : sample().villages) {
    double nearest = INFINITY;
    bool own_unstandardized = false;
    for (const auto& c : sample().clinics) {
      if (c.standardized) nearest = std::min(nearest, geo::distance_m(c.at, v.at));
      own_unstandardized = own_unstandardized || (!c.standardized && c.village_id == v.code);
    }
    const bool planted = no_clinic.count(v.code) && !island.count(v.code) &&
                         !code_set(t.at("no_road_access")).count(v.code);
    if (planted) {
      // Straight-line distance bounds the road distance from below.
      EXPECT_GT(nearest, 5000.0) << v.code;
      EXPECT_TRUE(own_unstandardized) << v.code;  // it has a clinic, just not a standardized one
    } else if (up_the_track.count(v.code)) {
      // Beyond max_access_m from the village's own roads, within 5 km by road (3,620 m).
      EXPECT_GT(nearest, 2000.0) << v.code;
      EXPECT_LT(nearest, 3620.0) << v.code;
    } else if (!island.count(v.code)) {
      EXPECT_LT(nearest, 200.0) << v.code;
    }
  }
}

// DESIGN.md's graph, rebuilt here independently: nodes at end points and at vertices shared by two
// or more lines, end points within snap_m joined, villages attached to the nearest point of the
// nearest edge within 2 km. Connectivity from the seat and bridges (Tarjan) give the outcomes.
// The checklist's geometric defects, brute force on the written layers: stores within 3 km
// and telecom coverage polygons, against the truth's failing villages.
TEST_F(BannerSample, StoreAndTelecomDefectsHoldOnTheWrittenLayers) {
  const geo::GeosContext ctx;
  const fs::path gpkg = dir() / "sample.gpkg";
  const auto stores = read(ctx, gpkg, "stores", {"store_id"}, geo::GeometryClass::kPoint);
  const auto cover = read(ctx, gpkg, "telecom_coverage", {"area_id"}, geo::GeometryClass::kPolygon);
  EXPECT_EQ(stores.features.size(), 209u);
  const auto no_store = code_set(sample().truth.at("missing").at("store"));
  const auto no_cover = code_set(sample().truth.at("missing").at("telecom"));
  EXPECT_GE(no_store.size(), 3u);
  EXPECT_GE(no_cover.size(), 3u);
  for (const auto& v : sample().villages) {
    double nearest = INFINITY;
    for (const auto& s : stores.features) nearest = std::min(nearest, s.geometry.distance_m(v.at));
    EXPECT_EQ(nearest > 3000.0, no_store.count(v.code) > 0) << v.code << " " << nearest;
    bool inside = false;
    for (const auto& a : cover.features) inside = inside || a.geometry.contains(v.at);
    EXPECT_EQ(inside, no_cover.count(v.code) == 0) << v.code;
  }
}

}  // namespace
}  // namespace infracov::datasets
