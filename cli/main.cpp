// infracov: village infrastructure coverage. Only this file catches every error: one line on
// stderr and an exit code scripts can rely on (0 ok, 1 bad input, 2 usage, 3 failure, 4 flagged).
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <new>
#include <string>

#include "app.hpp"
#include "infracov/geo/error.hpp"
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

// The heap of a province run is a gigabyte touched once, and in 4 KiB pages this VM spends about
// 2 s of CPU faulting it in and more in TLB misses: glibc (2.35 and later) backs the heap with
// transparent huge pages when its tunable glibc.malloc.hugetlb is 1, which only the environment
// at start-up can set. So the process starts itself again once with it set; any value the user
// gave (glibc.malloc.hugetlb=0 turns it off) is kept. If the exec fails, the run goes on as is.
// Province (perf, same binary): user CPU 18.2 -> 16.2 s, page faults 248,361 -> 3,472.
void restart_with_huge_pages(char** argv) {
  constexpr const char* kTunable = "glibc.malloc.hugetlb";
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, kTunable) != nullptr) return;
  std::string value = tunables != nullptr && *tunables != '\0' ? std::string(tunables) + ":" : "";
  value += std::string(kTunable) + "=1";
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  // The binary's own path rather than /proc/self/exe, so the process keeps its name (ps, top)
  // and profilers find its symbols.
  char path[4096];
  const ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
  if (length <= 0) return;
  path[length] = '\0';
  execv(path, argv);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace infracov::cli;
  restart_with_huge_pages(argv);
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
    std::cerr << "infracov: " << one_line(e.what()) << "\n";
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "infracov: out of memory; try a smaller area or a machine with more memory\n";
    return kExitFailure;
  } catch (const infracov::Error& e) {
    std::cerr << "infracov: " << one_line(e.what()) << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    // Every error infracov means to raise is an infracov::Error; anything else is a bug.
    std::cerr << "infracov: internal error: " << one_line(e.what())
              << "; please report it with the command and the data that caused it\n";
    return kExitFailure;
  }
}
