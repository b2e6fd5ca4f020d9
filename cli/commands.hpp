// Subcommands of the infracov binary. Each registers its options on the CLI11 app and returns the
// function that runs it; main() maps exceptions to exit codes.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "infracov/analysis/inputs.hpp"

namespace infracov::cli {

// Exit codes are part of the interface scripts rely on.
enum ExitCode : int {
  kExitOk = 0,
  kExitBadInput = 1,
  kExitUsage = 2,
  kExitFailure = 3,
  kExitFlagged = 4,
};

struct GlobalOptions {
  bool quiet = false;
  unsigned threads = 0;          // --threads; 0: every core
  bool timings = false;          // --timings: a line per stage on stderr (and DIR/timings.json)
  bool progress = false;         // --progress: progress on stderr even when it is not a terminal
  std::vector<std::string> set;  // --set KEY=VALUE: project-file keys overridden, in order
};

// The threads a run may use: --threads, else every core.
unsigned worker_threads(const GlobalOptions& global);

// Prints a data warning on stderr. Warnings are never silenced, not even by --quiet (as GDAL's -q).
void print_warning(const analysis::DataWarning& warning);

using Runner = std::function<int()>;

void add_inspect(CLI::App& app, Runner& run, const GlobalOptions& global);
void add_sample(CLI::App& app, Runner& run, const GlobalOptions& global);
void add_analyze(CLI::App& app, Runner& run, const GlobalOptions& global);
void add_plan(CLI::App& app, Runner& run, const GlobalOptions& global);
void add_map(CLI::App& app, Runner& run, const GlobalOptions& global);
void add_report(CLI::App& app, Runner& run, const GlobalOptions& global);
void add_compare(CLI::App& app, Runner& run, const GlobalOptions& global);

// The footer of a subcommand's --help (and its man page's EXAMPLES): one command line each.
void set_examples(CLI::App& cmd, const std::vector<std::string>& examples);

// GDAL-style progress ("0...10...20...") on stderr when stderr is a terminal and not --quiet, or
// with --progress (for programs that read it, such as the QGIS plugin).
class ProgressPrinter {
 public:
  explicit ProgressPrinter(const GlobalOptions& global);
  void operator()(double fraction, const std::string& stage);
  void finish();

 private:
  bool enabled_;
  int printed_ = -1;  // last tenth printed
};

// `config`, or when it is empty the bundled banner sample's project file: the one installed beside
// the binary (share/infracov/sample), else the build's (generated on first use when the build did
// not).
std::string project_file(const std::string& config);

// The options every command reading finished results shares: --config, --results, --boundary.
struct ResultsSource {
  std::string config;
  std::string results = "out";
  std::string boundary;
};
void add_results_source(CLI::App& cmd, ResultsSource& source);

}  // namespace infracov::cli
