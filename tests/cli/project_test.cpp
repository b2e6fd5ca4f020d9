// The project file: what it accepts, what it refuses, and how it resolves paths.
#include <gtest/gtest.h>

#include "infracov/geo/error.hpp"
#include "pipeline/write.hpp"
#include "project.hpp"
#include "support/test_support.hpp"

namespace infracov::cli {
namespace {

using test::ScratchDir;
using test::write_text;

const char* const kMinimal = R"(
[analysis]
crs = "EPSG:32651"
seat = "v1"

[villages]
source = "data/v.gpkg"
id = "code"

[roads]
source = "/abs/roads.shp"
paved = ["national", "county"]
speed_kmh = { national = 80, county = 40 }

[facilities.water]
source = "w.gpkg"
rule = "within"

[facilities.clinic]
source = "c.gpkg"
rule = "network"
max_minutes = 30
where = "standardized = 1"
)";

std::string message_of(const std::filesystem::path& file) {
  try {
    read_project(file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ProjectFile, ResolvesRelativePathsAgainstTheFileAndKeepsAbsoluteOnes) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "proj");
  write_text(dir / "proj/p.toml", kMinimal);
  const auto project = read_project(dir / "proj/p.toml");
  EXPECT_EQ(project.villages.source, ((dir / "proj") / "data/v.gpkg").lexically_normal().string());
  EXPECT_EQ(project.roads.source, "/abs/roads.shp");
  EXPECT_EQ(project.crs, "EPSG:32651");
  EXPECT_EQ(project.seat, "v1");
  EXPECT_EQ(project.paved, (std::vector<std::string>{"national", "county"}));
  EXPECT_DOUBLE_EQ(project.speed_kmh.at("county"), 40.0);
}

TEST(ProjectFile, KeepsFacilityKindsInFileOrder) {
  ScratchDir dir;
  write_text(dir / "p.toml", kMinimal);
  const auto project = read_project(dir / "p.toml");
  ASSERT_EQ(project.facilities.size(), 2u);
  EXPECT_EQ(project.facilities[0].name, "water");
  EXPECT_EQ(project.facilities[0].rule, analysis::Rule::kWithin);
  EXPECT_EQ(project.facilities[1].name, "clinic");
  EXPECT_EQ(project.facilities[1].rule, analysis::Rule::kNetwork);
  EXPECT_EQ(project.facilities[1].max_minutes, 30.0);
  EXPECT_EQ(project.facilities[1].layer.where, "standardized = 1");
}

// flag = false marks a checklist-only kind (README); anything but a boolean is refused with its
// line.
TEST(ProjectFile, FlagIsABooleanOfTheKind) {
  ScratchDir dir;
  std::string text = kMinimal;
  const std::string water = "[facilities.water]\n";
  write_text(dir / "p.toml", text);
  EXPECT_TRUE(read_project(dir / "p.toml").facilities[0].flag);
  text.replace(text.find(water), water.size(), water + "flag = false\n");
  write_text(dir / "p.toml", text);
  const auto project = read_project(dir / "p.toml");
  EXPECT_FALSE(project.facilities[0].flag);
  EXPECT_TRUE(project.facilities[1].flag);
  text.replace(text.find("flag = false"), 12, "flag = \"no\"");
  write_text(dir / "p.toml", text);
  const std::string message = message_of(dir / "p.toml");
  EXPECT_NE(message.find("flag in [facilities.water] must be true or false"), std::string::npos)
      << message;
  EXPECT_NE(message.find("(line 16)"), std::string::npos) << message;
}

TEST(ProjectFile, UnknownKeyIsNamedWithItsLine) {
  ScratchDir dir;
  write_text(dir / "p.toml", std::string(kMinimal) + "\n[villages.extra]\n");
  EXPECT_NE(message_of(dir / "p.toml").find("unknown key 'extra' in [villages]"),
            std::string::npos);
  write_text(dir / "p.toml", "[villages]\nsource = \"v.gpkg\"\nid = \"code\"\nmax_acess_m = 3\n");
  const std::string message = message_of(dir / "p.toml");
  EXPECT_NE(message.find("unknown key 'max_acess_m'"), std::string::npos) << message;
  EXPECT_NE(message.find("line 4"), std::string::npos) << message;
}

TEST(ProjectFile, MalformedTomlGivesItsLine) {
  ScratchDir dir;
  write_text(dir / "p.toml", "[analysis]\ncrs = \"auto\"\nsnap_m = = 1\n");
  const std::string message = message_of(dir / "p.toml");
  EXPECT_NE(message.find("malformed project file"), std::string::npos) << message;
  EXPECT_NE(message.find("line 3"), std::string::npos) << message;
}

TEST(ProjectFile, MissingFileIsAnInputError) {
  ScratchDir dir;
  EXPECT_NE(message_of(dir / "nope.toml").find("project file not found"), std::string::npos);
}

TEST(ProjectFile, UnknownRuleAndMissingLimitAreRefused) {
  ScratchDir dir;
  const std::string head =
      "[villages]\nsource = \"v.gpkg\"\nid = \"code\"\n[roads]\nsource = \"r.gpkg\"\n";
  write_text(dir / "p.toml", head + "[facilities.x]\nsource = \"x.gpkg\"\nrule = \"nearby\"\n");
  EXPECT_NE(message_of(dir / "p.toml").find("unknown rule 'nearby'"), std::string::npos);
  write_text(dir / "p.toml", head + "[facilities.x]\nsource = \"x.gpkg\"\nrule = \"euclid\"\n");
  EXPECT_NE(message_of(dir / "p.toml").find("needs max_m"), std::string::npos);
  write_text(dir / "p.toml",
             head + "[facilities.x]\nsource = \"x.gpkg\"\nrule = \"euclid\"\nmax_minutes = 3\n");
  EXPECT_NE(message_of(dir / "p.toml").find("needs rule = \"network\""), std::string::npos);
}

TEST(ProjectFile, MissingVillageIdIsRefused) {
  ScratchDir dir;
  write_text(dir / "p.toml", "[villages]\nsource = \"v.gpkg\"\n[roads]\nsource = \"r.gpkg\"\n");
  EXPECT_NE(message_of(dir / "p.toml").find("missing key 'id' in [villages]"), std::string::npos);
}

// ---- range checks: every number of the project file, one test per rule family ----

const std::string kHead =
    "[villages]\nsource = \"v.gpkg\"\nid = \"code\"\n[roads]\nsource = \"r.gpkg\"\n";

// The message for a project whose [analysis] holds `analysis` and whose [facilities.clinic] (a
// network kind) holds `clinic` (max_m = 5000 when empty); "no error" when it is accepted.
std::string range_message(const ScratchDir& dir, const std::string& analysis,
                          const std::string& clinic = "", const std::string& speeds = "") {
  const std::string text = "[analysis]\n" + analysis + "\n" + kHead + speeds + "\n" +
                           "[facilities.clinic]\nsource = \"c.gpkg\"\nrule = \"network\"\n" +
                           (clinic.empty() ? "max_m = 5000" : clinic) + "\n";
  write_text(dir / "p.toml", text);
  return message_of(dir / "p.toml");
}

// The message names the key, its section, the value, the file and its line, and the fix.
void expect_names(const std::string& message, const ScratchDir& dir, const std::string& key,
                  const std::string& value, const std::string& why) {
  EXPECT_NE(message.find(key), std::string::npos) << message;
  EXPECT_NE(message.find(" is " + value + ":"), std::string::npos) << message;
  EXPECT_NE(message.find("'" + (dir / "p.toml").string() + "' (line "), std::string::npos)
      << message;
  EXPECT_NE(message.find(why), std::string::npos) << message;
  EXPECT_NE(message.find("; give "), std::string::npos) << message;
  EXPECT_NE(message.find(", e.g. "), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
}

TEST(ProjectFileRanges, NegativeNumbersAreRefused) {
  ScratchDir dir;
  expect_names(range_message(dir, "max_access_m = -5"), dir, "key 'max_access_m' in [analysis]",
               "-5", "must not be negative");
  expect_names(range_message(dir, "snap_m = -0.5"), dir, "key 'snap_m' in [analysis]", "-0.5",
               "must not be negative");
  expect_names(range_message(dir, "service_area_width_m = -1"), dir,
               "key 'service_area_width_m' in [analysis]", "-1", "must not be negative");
  expect_names(range_message(dir, "access_speed_kmh = -4"), dir,
               "key 'access_speed_kmh' in [analysis]", "-4", "must not be negative");
  expect_names(range_message(dir, "", "max_m = -100"), dir, "key 'max_m' in [facilities.clinic]",
               "-100", "must not be negative");
  expect_names(range_message(dir, "", "max_minutes = -3"), dir,
               "key 'max_minutes' in [facilities.clinic]", "-3", "must not be negative");
  expect_names(range_message(dir, "", "", "speed_kmh = { gravel = -20 }"), dir,
               "speed_kmh.gravel in [roads]", "-20", "must not be negative");
}

TEST(ProjectFileRanges, NotANumberAndInfinityAreRefused) {
  ScratchDir dir;
  expect_names(range_message(dir, "max_access_m = nan"), dir, "key 'max_access_m'", "nan",
               "is not a number");
  expect_names(range_message(dir, "snap_m = inf"), dir, "key 'snap_m'", "inf", "is infinite");
  expect_names(range_message(dir, "snap_m = -inf"), dir, "key 'snap_m'", "-inf", "is infinite");
  expect_names(range_message(dir, "", "max_m = +inf"), dir, "key 'max_m'", "inf", "is infinite");
  expect_names(range_message(dir, "", "max_minutes = nan"), dir, "key 'max_minutes'", "nan",
               "is not a number");
  expect_names(range_message(dir, "", "", "speed_kmh = { gravel = nan }"), dir, "speed_kmh.gravel",
               "nan", "is not a number");
}

TEST(ProjectFileRanges, ZeroIsRefusedWhereItMeansNothingAndKeptWhereItDoes) {
  ScratchDir dir;
  expect_names(range_message(dir, "max_access_m = 0"), dir, "key 'max_access_m'", "0",
               "must be greater than 0");
  expect_names(range_message(dir, "access_speed_kmh = 0.0"), dir, "key 'access_speed_kmh'", "0",
               "must be greater than 0");
  expect_names(range_message(dir, "", "max_m = 0"), dir, "key 'max_m'", "0",
               "must be greater than 0");
  expect_names(range_message(dir, "", "max_minutes = 0"), dir, "key 'max_minutes'", "0",
               "must be greater than 0");
  expect_names(range_message(dir, "", "", "speed_kmh = { gravel = 0 }"), dir, "speed_kmh.gravel",
               "0", "must be greater than 0");
  // snap_m = 0 joins only end points that coincide; service_area_width_m = 0 skips the areas.
  EXPECT_EQ(range_message(dir, "snap_m = 0\nservice_area_width_m = 0"), "no error");
  const auto project = read_project(dir / "p.toml");
  EXPECT_EQ(project.snap_m, 0.0);
  EXPECT_EQ(project.service_area_width_m, 0.0);
}

TEST(ProjectFileRanges, AbsurdSizesAreRefused) {
  ScratchDir dir;
  expect_names(range_message(dir, "max_access_m = 20000000"), dir, "key 'max_access_m'", "20000000",
               "is too large");
  expect_names(range_message(dir, "", "max_m = 1e8"), dir, "key 'max_m'", "100000000",
               "is too large");
  expect_names(range_message(dir, "snap_m = 5000"), dir, "key 'snap_m'", "5000", "is too large");
  expect_names(range_message(dir, "service_area_width_m = 1e6"), dir, "key 'service_area_width_m'",
               "1000000", "is too large");
  expect_names(range_message(dir, "", "max_minutes = 100000"), dir, "key 'max_minutes'", "100000",
               "is too large");
  expect_names(range_message(dir, "", "", "speed_kmh = { national = 8000 }"), dir,
               "speed_kmh.national", "8000", "is too large");
  // The largest sensible values still pass.
  EXPECT_EQ(range_message(dir, "max_access_m = 1e7\nsnap_m = 1000\naccess_speed_kmh = 300",
                          "max_minutes = 1440", "speed_kmh = { national = 300 }"),
            "no error");
}

TEST(ProjectFileRanges, ANumberInQuotesIsRefused) {
  ScratchDir dir;
  const std::string message = range_message(dir, "", "", "speed_kmh = { gravel = \"20\" }");
  EXPECT_NE(message.find("speed_kmh.gravel in [roads] must be a number"), std::string::npos)
      << message;
}

// ---- facility kind names: they become field names and values of `missing` ----

std::string kinds_message(const ScratchDir& dir, const std::vector<std::string>& names) {
  std::string text = kHead;
  for (const auto& name : names) {
    text += "[facilities." + name + "]\nsource = \"x.gpkg\"\nrule = \"within\"\n";
  }
  write_text(dir / "p.toml", text);
  return message_of(dir / "p.toml");
}

TEST(ProjectFileKinds, ATableGivenTwiceIsADuplicateNamingIt) {
  ScratchDir dir;
  const std::string message = kinds_message(dir, {"clinic", "water", "clinic"});
  EXPECT_NE(message.find("duplicate table or key"), std::string::npos) << message;
  EXPECT_NE(message.find("'facilities.clinic'"), std::string::npos) << message;
  EXPECT_NE(message.find("line 12"), std::string::npos) << message;
  EXPECT_NE(message.find((dir / "p.toml").string()), std::string::npos) << message;
}

TEST(ProjectFileKinds, NamesDifferingOnlyInCaseAreDuplicates) {
  ScratchDir dir;
  const std::string message = kinds_message(dir, {"clinic", "Clinic"});
  EXPECT_NE(message.find("duplicate kind name: [facilities.Clinic] and [facilities.clinic]"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("give each kind its own name"), std::string::npos) << message;
}

TEST(ProjectFileKinds, NamesTakenByTheOutputAreRefused) {
  ScratchDir dir;
  for (const std::string name : {"road", "connectivity", "id", "missing", "ID", "Road"}) {
    const std::string message = kinds_message(dir, {"clinic", name});
    EXPECT_NE(message.find("kind name '" + name + "' of [facilities." + name + "] collides with"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("rename the table, e.g. [facilities." + name + "_service]"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("line 9"), std::string::npos) << message;
  }
  // Every field the villages layer has before the kinds' own is refused as a kind name.
  for (const auto& field : village_fields(analysis::Project{})) {
    const std::string message = kinds_message(dir, {field.name});
    EXPECT_NE(message.find("kind name '" + field.name + "'"), std::string::npos)
        << field.name << ": " << message;
  }
}

TEST(ProjectFileKinds, AnEmptyNameOrOneHoldingTheSeparatorIsRefused) {
  ScratchDir dir;
  for (const std::string name : {"\"a;b\"", "\"\""}) {
    const std::string message = kinds_message(dir, {"clinic", name});
    EXPECT_NE(message.find("holding the `missing` separator ';'"), std::string::npos) << message;
    EXPECT_NE(message.find("line 9"), std::string::npos) << message;
  }
}

TEST(ProjectFileKinds, OrdinaryNamesPass) {
  ScratchDir dir;
  EXPECT_EQ(kinds_message(dir, {"clinic", "water", "school", "road_sign", "identity"}), "no error");
}

}  // namespace
}  // namespace infracov::cli
