#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <thread>

#include "commands.hpp"
#include "infracov/datasets/sample.hpp"

namespace infracov::cli {

ProgressPrinter::ProgressPrinter(const GlobalOptions& global)
    : enabled_(global.progress || (!global.quiet && isatty(STDERR_FILENO) == 1)) {}

void ProgressPrinter::operator()(double fraction, const std::string& /*stage*/) {
  if (!enabled_) return;
  // The GDAL command-line tools print 0...10...20... up to 100 - done.; users know the shape.
  const int tenth = static_cast<int>(fraction * 10.0 + 1e-9);
  while (printed_ < tenth && printed_ < 10) {
    ++printed_;
    if (printed_ == 10) {
      std::fputs("100 - done.\n", stderr);
    } else {
      std::fprintf(stderr, "%d...", printed_ * 10);
    }
  }
  std::fflush(stderr);
}

void ProgressPrinter::finish() { (*this)(1.0, "done"); }

unsigned worker_threads(const GlobalOptions& global) {
  if (global.threads > 0) return global.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

void print_warning(const analysis::DataWarning& warning) {
  std::cerr << "infracov: warning: " << warning.message << "\n";
}

void add_results_source(CLI::App& cmd, ResultsSource& source) {
  cmd.add_option("--config", source.config, "Project file (TOML); default: the bundled sample");
  cmd.add_option("--results", source.results,
                 "Folder written by `infracov analyze` (default: out)");
  cmd.add_option("--boundary", source.boundary,
                 "Boundary as SOURCE or SOURCE:LAYER (default: a `boundary` layer in the "
                 "villages' source, if any)");
}

// The sample an installed binary ships with: BIN/../share/infracov/sample (/usr/share/... for
// /usr/bin/infracov); empty when there is none, as for the binary in the build folder.
std::filesystem::path installed_sample() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path project =
      exe.parent_path().parent_path() / "share/infracov/sample/sample.toml";
  return std::filesystem::exists(project, ec) ? project : std::filesystem::path();
}

std::string project_file(const std::string& config) {
  if (!config.empty()) return config;
  if (const auto installed = installed_sample(); !installed.empty()) return installed.string();
  const std::filesystem::path dir = INFRACOV_DEFAULT_SAMPLE_DIR;
  const std::filesystem::path project = dir / "sample.toml";
  if (!std::filesystem::exists(project)) {
    std::filesystem::create_directories(dir);
    datasets::write_sample(dir);
  }
  return project.string();
}

}  // namespace infracov::cli
