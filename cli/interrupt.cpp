#include "interrupt.hpp"

#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

namespace infracov::cli {
namespace {

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}

std::multiset<std::filesystem::path>& registry() {
  static std::multiset<std::filesystem::path> paths;
  return paths;
}

sigset_t watched_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void watch_interrupts() {
  // Blocked here, in the main thread, so every thread started later (GDAL's, the service-area
  // job) inherits the mask and only the watcher below receives them; it is an ordinary thread,
  // so it may take locks and remove files, which a signal handler may not.
  const sigset_t set = watched_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set] {
    int signal_number = 0;
    if (sigwait(&set, &signal_number) != 0) return;
    registry_mutex().lock();  // held until exit: nothing is registered or renamed any more
    std::error_code ignored;
    for (const auto& path : registry()) std::filesystem::remove_all(path, ignored);
    std::_Exit(128 + signal_number);
  }).detach();
}

RemoveOnInterrupt::RemoveOnInterrupt(std::filesystem::path path) : path_(std::move(path)) {
  const std::lock_guard lock(registry_mutex());
  registry().insert(path_);
}

RemoveOnInterrupt::~RemoveOnInterrupt() {
  const std::lock_guard lock(registry_mutex());
  registry().erase(registry().find(path_));
}

namespace interrupt_detail {
void lock() { registry_mutex().lock(); }
void unlock() { registry_mutex().unlock(); }
}  // namespace interrupt_detail

}  // namespace infracov::cli
