// Helpers shared by every test executable: a per-test scratch folder and running the CLI.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "test_paths.hpp"

namespace infracov::test {

// A fresh folder under the build tree named after the running test, removed at the end.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // Outside a test (a suite set-up) the process id keeps parallel ctest processes apart.
    std::string name = info ? std::string(info->test_suite_name()) + "." + info->name()
                            : "suite-" + std::to_string(::getpid());
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    path_ = std::filesystem::path(kBinaryDir) / "test-scratch" / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs the built infracov binary with `args` (already shell-quoted) from `cwd`.
inline CommandResult run_infracov(const std::string& args, const std::filesystem::path& cwd = {}) {
  std::string command;
  if (!cwd.empty()) command = "cd '" + cwd.string() + "' && ";
  command += std::string(kInfracovBinary) + " " + args + " 2>&1";
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> chunk{};
  std::size_t n = 0;
  while ((n = fread(chunk.data(), 1, chunk.size(), pipe)) > 0)
    result.output.append(chunk.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// For a suite's SetUpTestSuite: the bundled sample made in dir/sample and analysed once with
// `analyze_args` (e.g. "--quiet analyze --config sample/sample.toml --out out"). Returns "" when
// both commands succeed, else what failed, which the suite then reports from every test (an
// ASSERT in the set-up alone would only mark them skipped). `console` receives analyze's output.
inline std::string make_and_analyze_sample(const std::filesystem::path& dir,
                                           const std::string& analyze_args,
                                           std::string* console = nullptr) {
  const CommandResult made = run_infracov("--quiet sample --out sample", dir);
  if (made.exit_code != 0) return "sample failed: " + made.output;
  const CommandResult run = run_infracov(analyze_args, dir);
  if (run.exit_code != 0) return "analyze failed: " + run.output;
  if (console != nullptr) *console = run.output;
  return "";
}

// The same with stdout and stderr apart, for tests that count the lines of a message.
struct SplitResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
inline SplitResult run_infracov_split(const std::string& args,
                                      const std::filesystem::path& cwd = {}) {
  const std::filesystem::path err_file =
      std::filesystem::temp_directory_path() / ("infracov-stderr-" + std::to_string(::getpid()));
  std::string command;
  if (!cwd.empty()) command = "cd '" + cwd.string() + "' && ";
  command += std::string(kInfracovBinary) + " " + args + " 2>'" + err_file.string() + "'";
  SplitResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> chunk{};
  std::size_t n = 0;
  while ((n = fread(chunk.data(), 1, chunk.size(), pipe)) > 0) result.out.append(chunk.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = read_text(err_file);
  std::filesystem::remove(err_file);
  return result;
}

// The lines of `text` (a last line without its newline counts).
// Debian's Chromium, which the report tests drive headless; they fail, never skip, without it.
inline constexpr const char* kChromium = "/usr/bin/chromium";

// Runs headless Chromium with a profile of its own under `dir` and the extra `arguments` (the
// page and what to do with it); its output goes to dir/chromium.log. Returns the exit status.
inline int run_chromium(const std::filesystem::path& dir, const std::string& arguments) {
  const auto profile = dir / "chromium-profile";
  std::filesystem::create_directories(profile);
  const std::string command =
      std::string("timeout 120 ") + kChromium +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --virtual-time-budget=5000 --user-data-dir='" +
      profile.string() + "' " + arguments + " 2> '" + (dir / "chromium.log").string() + "'";
  return std::system(command.c_str());
}

// Loads `page` in headless Chromium and returns the DOM after its scripts ran.
inline std::string chromium_dom(const std::filesystem::path& dir,
                                const std::filesystem::path& page) {
  const int status = run_chromium(
      dir, "--dump-dom 'file://" + page.string() + "' > '" + (dir / "dom.html").string() + "'");
  EXPECT_EQ(status, 0) << read_text(dir / "chromium.log");
  return read_text(dir / "dom.html");
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Rows of a CSV written by infracov (no embedded commas in the fields read here).
inline std::vector<std::map<std::string, std::string>> csv_rows(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  auto split = [](const std::string& l) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char c : l) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += c;
      }
    }
    cells.push_back(cell);
    return cells;
  };
  while (std::getline(in, line)) {
    const auto cells = split(line);
    if (header.empty()) {
      header = cells;
      continue;
    }
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

}  // namespace infracov::test
