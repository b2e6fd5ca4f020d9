// Stage timings: wall seconds and the process's peak memory at the end of each stage, printed on
// stderr with --timings and written to DIR/timings.json (never into summary.json).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace infracov::cli {

class StageTimings {
 public:
  StageTimings(std::string command, bool print, unsigned threads);

  // Ends the running stage (if any) and starts `stage`.
  void begin(const std::string& stage);
  // Ends the running stage: records it and prints its line when printing.
  void end();

  struct Stage {
    std::string name;
    double wall_s = 0.0;
    double peak_mib = 0.0;
  };
  const std::vector<Stage>& stages() const { return stages_; }
  unsigned threads() const { return threads_; }
  // How many recorded stages are called `stage`.
  std::size_t count(const std::string& stage) const;

  // A count worth seeing beside the stages (e.g. how many networks the run built).
  void note(const std::string& key, std::size_t value) { notes_.emplace_back(key, value); }

  // A part of a stage that ran on another thread: printed, and listed under "parallel".
  void note_seconds(const std::string& what, double wall_s);

  // The timings.json document.
  std::string json() const;
  // Writes json() to dir/timings.json.
  void write(const std::filesystem::path& dir) const;

 private:
  using Clock = std::chrono::steady_clock;
  std::string command_;
  bool print_;
  unsigned threads_;
  Clock::time_point started_;
  Clock::time_point stage_started_;
  std::string current_;
  std::vector<Stage> stages_;
  std::vector<std::pair<std::string, std::size_t>> notes_;
  std::vector<std::pair<std::string, double>> parallel_;
};

// Peak resident memory of this process so far, in MiB.
double peak_rss_mib();

}  // namespace infracov::cli
