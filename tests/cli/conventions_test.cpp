// Command conventions: --version, --set, -f, --json, --progress, examples in every --help, the
// README's command list rendered from the same app as --help (it fails when they drift apart),
// and an interrupted run leaving nothing behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "help_docs.hpp"
#include "infracov/geo/error.hpp"
#include "project.hpp"
#include "support/test_support.hpp"

namespace infracov::cli {
namespace {

namespace fs = std::filesystem;
using test::read_text;
using test::run_infracov;
using test::ScratchDir;
using test::write_text;

// stdout alone (stderr to /dev/null), for the --json documents.
test::CommandResult run_stdout(const std::string& args) {
  const test::SplitResult run = test::run_infracov_split(args);
  return {run.exit_code, run.out};
}

struct App {
  CLI::App app;
  GlobalOptions global;
  Runner run;
  App() { build_app(app, run, global); }
};

void all_commands(const CLI::App& cmd, std::vector<const CLI::App*>& out) {
  out.push_back(&cmd);
  for (const CLI::App* sub : visible_subcommands(cmd)) all_commands(*sub, out);
}

TEST(Conventions, VersionIsOneLineFromTheProjectVersionAndExitsZero) {
  const auto run = run_infracov("--version");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, std::string("infracov ") + version() + "\n");
  EXPECT_EQ(std::string(version()).find_first_not_of("0123456789."), std::string::npos);
}

TEST(Conventions, ReadmeCommandListIsTheOneRenderedFromHelp) {
  App app;
  const std::string readme = read_text(fs::path(test::kSourceDir) / "README.md");
  const std::string in_readme = command_list_of(readme);
  ASSERT_FALSE(in_readme.empty()) << "README.md has no command-list markers";
  EXPECT_EQ(in_readme, render_command_list(app.app))
      << "README.md's command list differs from --help: run `cmake --build BUILD --target readme`";
}

TEST(Conventions, EveryCommandHelpHasExamples) {
  App app;
  std::vector<const CLI::App*> commands;
  all_commands(app.app, commands);
  EXPECT_EQ(commands.size(), 11u);  // infracov, 7 commands, 3 plans
  for (const CLI::App* cmd : commands) {
    EXPECT_NE(cmd->get_footer().find("Examples:\n  infracov "), std::string::npos)
        << cmd->get_name();
  }
  for (const char* command :
       {"analyze", "plan", "plan sites", "inspect", "sample", "map", "compare"}) {
    const auto run = run_infracov(std::string(command) + " --help");
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_NE(run.output.find("Examples:\n  infracov " + std::string(command)), std::string::npos)
        << run.output;
  }
  // The top-level help keeps the documented exit codes.
  const auto top = run_infracov("--help");
  EXPECT_NE(top.output.find("2 usage, 3 other failures, 4 villages flagged"), std::string::npos)
      << top.output;
}

const char* const kProject = R"([analysis]
max_access_m = 2000
[villages]
source = "v.gpkg"
id = "code"
[roads]
source = "r.gpkg"
[facilities.clinic]
source = "c.gpkg"
rule = "network"
max_m = 5000
)";

std::string message_of(const fs::path& file, const std::vector<std::string>& overrides) {
  try {
    read_project(file, overrides);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Conventions, SetOverridesAnyProjectKeyWithTomlValues) {
  ScratchDir dir;
  write_text(dir / "p.toml", kProject);
  const auto project =
      read_project(dir / "p.toml", {"analysis.max_access_m=1500", "facilities.clinic.max_m=3000",
                                    "analysis.crs=EPSG:4550", "roads.paved=[\"county\"]",
                                    "villages.name=\"名称\""});
  EXPECT_DOUBLE_EQ(project.max_access_m, 1500.0);
  ASSERT_EQ(project.facilities.size(), 1u);
  EXPECT_EQ(project.facilities[0].max_m, 3000.0);
  EXPECT_EQ(project.crs, "EPSG:4550");  // not TOML: taken as a string
  EXPECT_EQ(project.paved, std::vector<std::string>{"county"});
  EXPECT_EQ(project.village_name, "名称");
  // A whole new kind from the command line.
  const auto more = read_project(
      dir / "p.toml", {"facilities.school.source=s.gpkg", "facilities.school.rule=within"});
  EXPECT_EQ(more.facilities.size(), 2u);
}

TEST(Conventions, SetRefusesUnknownKeysAndBadTextNamingThem) {
  ScratchDir dir;
  write_text(dir / "p.toml", kProject);
  std::string m = message_of(dir / "p.toml", {"analysis.max_acess_m=1500"});
  EXPECT_NE(m.find("unknown key 'max_acess_m' in [analysis]"), std::string::npos) << m;
  EXPECT_NE(m.find("(from --set)"), std::string::npos) << m;
  m = message_of(dir / "p.toml", {"facilities.clinic.max_m=far"});
  EXPECT_NE(m.find("'max_m' in [facilities.clinic] must be a number"), std::string::npos) << m;
  EXPECT_NE(m.find("(from --set)"), std::string::npos) << m;
  m = message_of(dir / "p.toml", {"analysis.max_access_m"});
  EXPECT_NE(m.find("bad --set 'analysis.max_access_m': expected KEY=VALUE"), std::string::npos)
      << m;
  m = message_of(dir / "p.toml", {"analysis.max_access_m.x=1"});
  EXPECT_NE(m.find("'analysis.max_access_m' is a value, not a table"), std::string::npos) << m;
  // A table the override creates is marked as coming from --set too.
  m = message_of(dir / "p.toml", {"analysis.crs.x=1"});
  EXPECT_NE(m.find("key 'crs' in [analysis] must be a string"), std::string::npos) << m;
  EXPECT_NE(m.find("(from --set)"), std::string::npos) << m;
  m = message_of(dir / "p.toml", {"analysis..crs=1"});
  EXPECT_NE(m.find("empty part"), std::string::npos) << m;
}

TEST(Conventions, SetOnTheCommandLineFailsInOneLineAndLeavesNoOutput) {
  ScratchDir dir;
  const auto run = run_infracov("--quiet analyze --set analysis.max_acess_m=1500 --out '" +
                                (dir / "out").string() + "'");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("unknown key 'max_acess_m'"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("--set"), std::string::npos) << run.output;
  EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
  // No '=': a usage-like mistake, still bad input naming the flag.
  const auto bad =
      run_infracov("--quiet --set analysis analyze --out '" + (dir / "out").string() + "'");
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("bad --set 'analysis'"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Conventions, ShortFIsFormat) {
  ScratchDir dir;
  const auto f =
      run_infracov("--quiet analyze -f NoSuchDriver --out '" + (dir / "out").string() + "'");
  const auto format =
      run_infracov("--quiet analyze --format NoSuchDriver --out '" + (dir / "out").string() + "'");
  EXPECT_EQ(f.exit_code, 1) << f.output;
  EXPECT_EQ(f.output, format.output);
  EXPECT_NE(f.output.find("NoSuchDriver"), std::string::npos) << f.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(Conventions, AnalyzePlanAndCompareJsonOnStdout) {
  ScratchDir dir;
  // --set with a value that changes the figures: the JSON is the folder's summary.json.
  const auto analyze = run_stdout("analyze --set facilities.clinic.max_m=300 --json --out '" +
                                  (dir / "a").string() + "'");
  ASSERT_EQ(analyze.exit_code, 0) << analyze.output;
  const auto doc = nlohmann::json::parse(analyze.output);
  EXPECT_EQ(doc["command"], "analyze");
  EXPECT_EQ(doc["out"], (dir / "a").string());
  EXPECT_EQ(doc["format"], "GPKG");
  EXPECT_TRUE(doc["database"].is_null());
  EXPECT_EQ(doc["summary"], nlohmann::json::parse(read_text(dir / "a/summary.json")));
  EXPECT_EQ(doc["summary"]["villages"], 262);
  const auto fixture = nlohmann::json::parse(
      read_text(fs::path(test::kSourceDir) / "tests/data/sample_fixture/summary.json"));
  EXPECT_LT(doc["summary"]["facilities"]["clinic"]["ok"].get<int>(),
            fixture["facilities"]["clinic"]["ok"].get<int>())
      << "--set facilities.clinic.max_m=300 narrows the clinic rule";

  const auto plan = run_stdout("plan roads --json --out '" + (dir / "p").string() + "'");
  ASSERT_EQ(plan.exit_code, 0) << plan.output;
  const auto p = nlohmann::json::parse(plan.output);
  EXPECT_EQ(p["command"], "plan");
  ASSERT_EQ(p["plans"].size(), 1u);
  EXPECT_EQ(p["plans"][0]["name"], "roads");
  EXPECT_TRUE(p["plans"][0]["layers"].contains("proposed_roads"));
  const auto summary = nlohmann::json::parse(read_text(dir / "p/summary.json"));
  EXPECT_EQ(p["plans"][0]["figures"], summary["plans"]["roads"]);

  const auto compare =
      run_stdout("compare '" + (dir / "a").string() + "' '" + (dir / "p").string() +
                 "' --json --out '" + (dir / "c").string() + "'");
  ASSERT_EQ(compare.exit_code, 0) << compare.output;
  EXPECT_EQ(nlohmann::json::parse(compare.output),
            nlohmann::json::parse(read_text(dir / "c/summary.json")));
}

// --progress: GDAL's 0...10...100 - done. on stderr even through a pipe (the QGIS plugin reads it),
// and not without it; --quiet still silences the table.
TEST(Conventions, ProgressFlagPrintsGdalProgressThroughAPipe) {
  ScratchDir dir;
  const auto with =
      test::run_infracov_split("--progress --quiet analyze --out '" + (dir / "a").string() + "'");
  ASSERT_EQ(with.exit_code, 0) << with.err;
  EXPECT_EQ(with.out, "");
  EXPECT_EQ(with.err.rfind("0...10...", 0), 0u) << with.err;
  for (int tens = 1; tens <= 9; ++tens) {
    EXPECT_NE(with.err.find(std::to_string(tens * 10) + "..."), std::string::npos) << with.err;
  }
  EXPECT_NE(with.err.find("100 - done.\n"), std::string::npos) << with.err;
  const auto without = test::run_infracov_split("analyze --out '" + (dir / "b").string() + "'");
  ASSERT_EQ(without.exit_code, 0) << without.err;
  EXPECT_EQ(without.err.find("0..."), std::string::npos) << without.err;
}

// stdout of a shell script run in `cwd`.
std::string shell_output(const std::string& script, const fs::path& cwd) {
  const std::string command = "cd '" + cwd.string() + "' && { " + script + "; }";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "popen failed";
  std::array<char, 4096> chunk{};
  for (std::size_t n; (n = fread(chunk.data(), 1, chunk.size(), pipe)) > 0;) {
    output.append(chunk.data(), n);
  }
  pclose(pipe);
  return output;
}

// SIGTERM (a QGIS cancel) and SIGHUP (a closed terminal) once the run is under way: exit 128 +
// signal, and neither the output folder nor its staging folder (.out.tmp-PID) is left. (Ctrl-C's
// SIGINT takes the same path, but a shell's background job ignores it, so it is not sent here.)
TEST(Conventions, InterruptedRunLeavesNothingBehind) {
  for (const std::string signal : {"TERM", "HUP"}) {
    ScratchDir dir;
    const std::string script = "'" + std::string(test::kInfracovBinary) +
                               "' --progress analyze --out out 2>err & pid=$!; "
                               "until grep -q '0[.][.][.]' err; do sleep 0.01; done; kill -" +
                               signal + " $pid; wait $pid; echo $?; rm err; ls -A";
    EXPECT_EQ(shell_output(script, dir.path()), signal == "TERM" ? "143\n" : "129\n") << signal;
  }
}

}  // namespace
}  // namespace infracov::cli
