// infracov: village infrastructure coverage. Only this file catches every error: one line on
// stderr and an exit code scripts can rely on (0 ok, 1 bad input, 2 usage, 3 failure, 4 flagged).
#include <malloc.h>

#include <cstdio>
#include <iostream>
#include <new>
#include <string>

#include "app.hpp"
#include "huge_pages.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/writer.hpp"
#include "interrupt.hpp"

namespace {

// Every message is one line, whatever a library put into it (PROJ and GDAL messages may hold
// line breaks): a run of blanks holding a line break or a tab becomes one blank; other blanks
// stay as they are (they may be part of a layer's name).
std::string one_line(const std::string& message) {
  std::string out;
  std::size_t i = 0;
  while (i < message.size()) {
    const std::size_t end = message.find_first_not_of(" \t\r\n", i);
    const std::size_t stop = end == std::string::npos ? message.size() : end;
    if (stop == i) {
      out += message[i++];
      continue;
    }
    const std::string run = message.substr(i, stop - i);
    const bool breaks = run.find_first_of("\t\r\n") != std::string::npos;
    if (stop < message.size()) out += breaks ? (out.empty() ? "" : " ") : run;
    i = stop;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace infracov::cli;
  remember_command_line(argv);
  // The graph and layers are built from many large vectors that grow and are freed: with glibc's
  // defaults each one above 128 KiB is a fresh mmap, whose pages fault in again every time. Keeping
  // freed memory in the heap cut the province's system time from 8.1 s to 4.7 s.
  mallopt(M_MMAP_THRESHOLD, 512 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
  // One arena for every thread: the write stage's threads (service areas) then reuse what the
  // released graphs freed in the main arena instead of growing arenas of their own; the
  // province's peak fell from 1,243 to 1,024 MiB at the same speed (threads allocate rarely).
  mallopt(M_ARENA_MAX, 1);
  watch_interrupts();
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
    std::cerr << "infracov: " << one_line(infracov::geo::OutputDirectory::in_user_terms(e.what()))
              << "\n";
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "infracov: out of memory; try a smaller area or a machine with more memory\n";
    return kExitFailure;
  } catch (const infracov::Error& e) {
    std::cerr << "infracov: " << one_line(infracov::geo::OutputDirectory::in_user_terms(e.what()))
              << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    // Every error infracov means to raise is an infracov::Error; anything else is a bug.
    std::cerr << "infracov: internal error: " << one_line(e.what())
              << "; please report it with the command and the data that caused it\n";
    return kExitFailure;
  }
}
