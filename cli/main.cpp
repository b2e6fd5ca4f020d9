// infracov: village infrastructure coverage. Only this file catches every error: one line on
// stderr and an exit code scripts can rely on (0 ok, 1 bad input, 2 usage, 3 failure, 4 flagged).
#include <malloc.h>

#include <cstdio>
#include <iostream>
#include <new>

#include "app.hpp"
#include "infracov/geo/error.hpp"

int main(int argc, char** argv) {
  using namespace infracov::cli;
  // The graph and layers are built from many large vectors that grow and are freed: with glibc's
  // defaults each one above 128 KiB is a fresh mmap, whose pages fault in again every time. Keeping
  // freed memory in the heap cut the province's system time from 8.1 s to 4.7 s.
  mallopt(M_MMAP_THRESHOLD, 512 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
  CLI::App app;
  GlobalOptions global;
  Runner run;
  build_app(app, run, global);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --help-all, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "infracov: " << e.what() << "; see infracov --help\n";
    return kExitUsage;
  }
  try {
    return run ? run() : kExitUsage;
  } catch (const infracov::InputError& e) {
    std::cerr << "infracov: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "infracov: out of memory; try a smaller area or a machine with more memory\n";
    return kExitFailure;
  } catch (const infracov::Error& e) {
    std::cerr << "infracov: " << e.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    // Every error infracov means to raise is an infracov::Error; anything else is a bug.
    std::cerr << "infracov: internal error: " << e.what()
              << "; please report it with the command and the data that caused it\n";
    return kExitFailure;
  }
}
