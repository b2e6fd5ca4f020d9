// libFuzzer target: any bytes as a project file (TOML) through cli::read_project. The reader may
// refuse an input only with one of our error types (infracov::Error); anything else escaping it,
// a crash or a sanitizer report is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "infracov/geo/error.hpp"
#include "project.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // read_project takes a path (relative sources resolve against it), so the input is a file; one
  // per process so that parallel fuzzing jobs do not overwrite each other's input.
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("infracov_fuzz_project_" + std::to_string(getpid()) + ".toml");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)infracov::cli::read_project(file);
  } catch (const infracov::Error&) {
    // The expected refusal: one line for the user.
  }
  return 0;
}
