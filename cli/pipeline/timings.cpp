#include "pipeline/timings.hpp"

#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "infracov/geo/error.hpp"
#include "infracov/geo/writer.hpp"

namespace infracov::cli {
namespace {

// Three decimals for seconds, one for MiB: enough to compare runs, short enough to read.
double rounded(double value, double step) { return std::round(value / step) / (1.0 / step); }

}  // namespace

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

StageTimings::StageTimings(std::string command, bool print, unsigned threads)
    : command_(std::move(command)), print_(print), threads_(threads), started_(Clock::now()) {}

void StageTimings::begin(const std::string& stage) {
  end();
  current_ = stage;
  stage_started_ = Clock::now();
}

void StageTimings::end() {
  if (current_.empty()) return;
  const double wall_s = std::chrono::duration<double>(Clock::now() - stage_started_).count();
  stages_.push_back({current_, wall_s, peak_rss_mib()});
  if (print_) {
    std::fprintf(stderr, "infracov: timing: %-14s %8.3f s %8.1f MiB peak\n", current_.c_str(),
                 wall_s, stages_.back().peak_mib);
  }
  current_.clear();
}

void StageTimings::note_seconds(const std::string& what, double wall_s) {
  parallel_.emplace_back(what, wall_s);
  if (print_) std::fprintf(stderr, "infracov: timing: %-14s %8.3f s\n", what.c_str(), wall_s);
}

std::size_t StageTimings::count(const std::string& stage) const {
  std::size_t n = 0;
  for (const auto& s : stages_) n += s.name == stage ? 1 : 0;
  return n;
}

std::string StageTimings::json() const {
  using nlohmann::ordered_json;
  ordered_json doc;
  doc["command"] = command_;
  doc["threads"] = threads_;
  ordered_json stages = ordered_json::array();
  for (const auto& s : stages_) {
    stages.push_back({{"stage", s.name},
                      {"wall_s", rounded(s.wall_s, 1e-3)},
                      {"peak_mib", rounded(s.peak_mib, 0.1)}});
  }
  doc["stages"] = stages;
  ordered_json notes = ordered_json::object();
  for (const auto& [key, value] : notes_) notes[key] = value;
  doc["counts"] = notes;
  ordered_json parallel = ordered_json::object();
  for (const auto& [what, wall_s] : parallel_) parallel[what] = rounded(wall_s, 1e-3);
  doc["parallel"] = parallel;
  const double total_s = std::chrono::duration<double>(Clock::now() - started_).count();
  doc["total"] = {{"wall_s", rounded(total_s, 1e-3)}, {"peak_mib", rounded(peak_rss_mib(), 0.1)}};
  return doc.dump(1) + "\n";
}

void StageTimings::write(const std::filesystem::path& dir) const {
  const auto path = dir / "timings.json";
  std::ofstream out(path, std::ios::binary);
  out << json();
  if (!out.flush()) throw geo::write_failed("cannot write '" + path.string() + "'", path);
}

}  // namespace infracov::cli
