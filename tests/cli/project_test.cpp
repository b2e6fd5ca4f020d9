// The project file: what it accepts, what it refuses, and how it resolves paths.
#include <gtest/gtest.h>

#include "infracov/geo/error.hpp"
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

}  // namespace
}  // namespace infracov::cli
