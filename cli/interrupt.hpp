// Ctrl-C (SIGINT), SIGTERM (a QGIS cancel) and SIGHUP end a run without leaving its half-written
// outputs behind. Outputs are staged under temporary names and renamed at the end, but a signal's
// default action ends the process before any destructor could remove them.
#pragma once

#include <filesystem>

namespace infracov::cli {

// Called by main() before any thread starts: blocks those signals in every thread and starts one
// thread that waits for them, removes every path registered below, and exits with 128 + signal.
void watch_interrupts();

// Registers a temporary output (a staging folder or a partial file) for removal on a signal for
// the lifetime of the object.
class RemoveOnInterrupt {
 public:
  explicit RemoveOnInterrupt(std::filesystem::path path);
  ~RemoveOnInterrupt();
  RemoveOnInterrupt(const RemoveOnInterrupt&) = delete;
  RemoveOnInterrupt& operator=(const RemoveOnInterrupt&) = delete;

 private:
  std::filesystem::path path_;
};

// Runs `move_into_place` (the rename of staged outputs) whole: a signal arriving meanwhile is
// acted on after it, so the destination is never left half replaced.
template <class F>
void uninterrupted(F&& move_into_place);

namespace interrupt_detail {
void lock();
void unlock();
}  // namespace interrupt_detail

template <class F>
void uninterrupted(F&& move_into_place) {
  interrupt_detail::lock();
  try {
    move_into_place();
  } catch (...) {
    interrupt_detail::unlock();
    throw;
  }
  interrupt_detail::unlock();
}

}  // namespace infracov::cli
