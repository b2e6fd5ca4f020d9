// The checklist and group figures on a measured result built by hand: five villages whose checks
// are set directly, every kind of measure (built-in, a kind, a list, an any), claims met and
// missed, and the rollup of two groups. Every figure below is worked out by hand.
#include <gtest/gtest.h>

#include "infracov/analysis/checklist.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::analysis {
namespace {

using Combine = ChecklistItem::Combine;

ChecklistItem item(const std::string& label_en, std::vector<std::string> measures,
                   Combine combine = Combine::kSingle, double claim = 1.0) {
  return {"项" + label_en, label_en, std::move(measures), combine, claim};
}

struct Flags {
  bool road_access, connected, paved_connected, single_access, clinic, water;
};

VillageRow row(const std::string& id, const std::string& group, std::int64_t population, Flags f) {
  VillageRow r;
  r.id = id;
  r.group = group;
  r.population = population;
  r.network.road_access = f.road_access;
  r.network.connected = f.connected;
  r.network.paved_connected = f.paved_connected;
  r.network.single_access = f.single_access;
  if (f.road_access) r.network.component = f.connected ? 0 : 1;
  r.network.paved_dist_m = f.paved_connected ? 500.0 : 3000.0;
  r.kinds = {{std::nullopt, "", f.clinic, std::nullopt}, {std::nullopt, "", f.water, std::nullopt}};
  // What measure() leaves in `missing`: road, connectivity, then the kinds.
  std::string missing;
  auto fail = [&](const char* what) {
    missing += (missing.empty() ? "" : ";") + std::string(what);
  };
  if (!f.road_access) fail("road");
  if (!f.connected) fail("connectivity");
  if (!f.clinic) fail("clinic");
  if (!f.water) fail("water");
  r.missing = missing;
  return r;
}

struct HandBuilt {
  Project project;
  AnalysisResult result;

  HandBuilt() {
    project.village_population = "population";
    project.village_group = "town";
    FacilityKind clinic;
    clinic.name = "clinic";
    FacilityKind water;
    water.name = "water";
    project.facilities = {clinic, water};
    project.checklist = {
        item("Road access", {"road_access"}),
        item("Connected", {"connected"}),
        item("Paved", {"paved_connected"}),
        item("Two ways", {"two_access"}),
        item("Clinic", {"clinic"}),
        item("Clinic and water", {"clinic", "water"}, Combine::kAll),
        item("Clinic or water", {"clinic", "water"}, Combine::kAny),
        item("Water at 60%", {"water"}, Combine::kSingle, 0.6),
        item("Water at 61%", {"water"}, Combine::kSingle, 0.61),
    };
    //                                 road   conn   paved  single clinic water
    result.villages = {row("A", "g1", 100, {true, true, true, false, true, true}),
                       row("B", "g1", 200, {true, true, true, true, true, false}),
                       row("C", "g2", 300, {true, false, false, false, false, true}),
                       row("D", "g2", 400, {false, false, false, false, false, false}),
                       row("E", "g2", 500, {true, true, true, true, false, true})};
    add_checklist(project, result);
  }
};

std::vector<bool> checks_of(const VillageRow& r) { return r.checks; }

TEST(Checklist, EveryMeasureKindHoldsWhereItsChecksDo) {
  const HandBuilt h;
  const auto& v = h.result.villages;
  //                               road   conn   paved  two    clinic c&w    c|w    w60    w61
  EXPECT_EQ(checks_of(v[0]),
            (std::vector<bool>{true, true, true, true, true, true, true, true, true}));
  EXPECT_EQ(checks_of(v[1]),
            (std::vector<bool>{true, true, true, false, true, false, true, false, false}));
  EXPECT_EQ(checks_of(v[2]),
            (std::vector<bool>{true, false, false, false, false, false, true, true, true}));
  EXPECT_EQ(checks_of(v[3]),
            (std::vector<bool>{false, false, false, false, false, false, false, false, false}));
  EXPECT_EQ(checks_of(v[4]),
            (std::vector<bool>{true, true, true, false, false, false, true, true, true}));
}

TEST(Checklist, FailedItemsFollowTheFailedChecksInMissingByEnglishLabel) {
  const HandBuilt h;
  EXPECT_EQ(h.result.villages[0].missing, "");
  EXPECT_EQ(h.result.villages[1].missing,
            "water;Two ways;Clinic and water;Water at 60%;Water at 61%");
  EXPECT_EQ(h.result.villages[3].missing,
            "road;connectivity;clinic;water;Road access;Connected;Paved;Two ways;Clinic;Clinic and "
            "water;Clinic or water;Water at 60%;Water at 61%");
  EXPECT_EQ(h.result.flagged, 4u);
}

TEST(Checklist, SharesAndClaimsOverAllVillages) {
  const HandBuilt h;
  const auto& c = h.result.checklist;
  ASSERT_EQ(c.size(), 9u);
  EXPECT_EQ(c[0].ok, 4u);
  EXPECT_EQ(c[0].missing, 1u);
  EXPECT_EQ(c[0].failing, (std::vector<std::string>{"D"}));
  EXPECT_DOUBLE_EQ(c[0].share, 0.8);
  EXPECT_DOUBLE_EQ(*c[0].population_share, 1100.0 / 1500.0);
  EXPECT_FALSE(c[0].holds);  // claim 1.0
  EXPECT_EQ(c[3].failing, (std::vector<std::string>{"B", "C", "D", "E"}));
  EXPECT_EQ(c[5].failing, (std::vector<std::string>{"B", "C", "D", "E"}));
  EXPECT_EQ(c[6].failing, (std::vector<std::string>{"D"}));
  // Water holds in A, C, E: 3 of 5, 900 of 1500 people.
  EXPECT_DOUBLE_EQ(c[7].share, 0.6);
  EXPECT_DOUBLE_EQ(*c[7].population_share, 0.6);
  EXPECT_TRUE(c[7].holds);   // 0.6 >= 0.6
  EXPECT_FALSE(c[8].holds);  // 0.6 < 0.61
  EXPECT_EQ(c[8].failing, (std::vector<std::string>{"B", "D"}));
}

TEST(Checklist, AClaimOfEveryVillageHoldsWhenNoneFails) {
  HandBuilt h;
  h.project.checklist = {item("Any road", {"road_access", "connected"}, Combine::kAny)};
  h.result.villages.erase(h.result.villages.begin() + 3);  // D, the one without a road
  add_checklist(h.project, h.result);
  EXPECT_TRUE(h.result.checklist[0].holds);
  EXPECT_TRUE(h.result.checklist[0].failing.empty());
}

TEST(Checklist, GroupsRollUpEveryFigureSortedByValue) {
  const HandBuilt h;
  const auto& g = h.result.groups;
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].value, "g1");
  EXPECT_EQ(g[0].villages, 2u);
  EXPECT_EQ(g[0].population, 300);
  EXPECT_EQ(g[0].flagged, 1u);  // B
  EXPECT_EQ(g[0].road.connected, 2u);
  EXPECT_EQ(g[0].road.single_access, 1u);
  EXPECT_EQ(g[0].road.components, 1u);
  EXPECT_DOUBLE_EQ(g[0].road.rural_access_index, 1.0);
  EXPECT_EQ(g[0].kinds[1].ok, 1u);  // water in A
  EXPECT_DOUBLE_EQ(*g[0].kinds[1].population_share, 100.0 / 300.0);
  EXPECT_EQ(g[1].value, "g2");
  EXPECT_EQ(g[1].villages, 3u);
  EXPECT_EQ(g[1].population, 1200);
  EXPECT_EQ(g[1].flagged, 3u);
  EXPECT_EQ(g[1].road.no_access, 1u);   // D
  EXPECT_EQ(g[1].road.components, 2u);  // C on component 1, E on 0; D on none
  EXPECT_DOUBLE_EQ(g[1].road.rural_access_index, 500.0 / 1200.0);
  // Clinic or water fails in D only; water at 60% holds in C and E.
  EXPECT_EQ(g[1].checklist[6].ok, 2u);
  EXPECT_EQ(g[1].checklist[6].missing, 1u);
  EXPECT_DOUBLE_EQ(g[1].checklist[7].share, 2.0 / 3.0);
  EXPECT_EQ(g[0].checklist[4].ok, 2u);  // clinic in A and B
}

TEST(Checklist, NoGroupsWithoutAGroupField) {
  HandBuilt h;
  h.project.village_group.clear();
  add_checklist(h.project, h.result);
  EXPECT_TRUE(h.result.groups.empty());
}

TEST(Checklist, AnUnknownMeasureIsAnInternalError) {
  const HandBuilt h;
  EXPECT_THROW(measure_holds(h.project, h.result.villages[0], "school"), Error);
}

TEST(Checklist, ValidMeasuresAreTheBuiltInOnesThenTheKinds) {
  const HandBuilt h;
  EXPECT_EQ(valid_measures(h.project),
            (std::vector<std::string>{"road_access", "connected", "paved_connected", "two_access",
                                      "clinic", "water"}));
}

TEST(Language, AutoIsChineseWhenMostVillageNamesAreCjk) {
  EXPECT_EQ(resolve_language("auto", {"甘旗卡村", "阿古拉镇", "Bayan"}), "zh");
  EXPECT_EQ(resolve_language("auto", {"甘旗卡村", "Bayan", "Hure"}), "en");
  EXPECT_EQ(resolve_language("auto", {}), "en");
  EXPECT_EQ(resolve_language("auto", {"\xE4\xB8", "\xFF\xFE"}), "en");  // broken bytes: not CJK
  EXPECT_EQ(resolve_language("en", {"甘旗卡村"}), "en");
  EXPECT_EQ(resolve_language("zh", {"Bayan"}), "zh");
}

}  // namespace
}  // namespace infracov::analysis
