// Independent pieces of work spread over threads, with results that do not depend on how many.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace infracov::geo {

// Calls work(i) for every i in [0, count), on up to `threads` threads (the calling one among
// them), each taking the next index in turn. `make_worker()` runs once on each thread and returns
// that thread's `work`, so per-thread state (buffers, GDAL error handlers) lives in it. Once every
// thread has stopped, the failure of the lowest index is rethrown (a failure in make_worker
// counts before all of them), so what escapes does not depend on the scheduling either.
template <typename MakeWorker>
void parallel_for(std::size_t count, unsigned threads, MakeWorker make_worker) {
  if (count == 0) return;
  std::vector<std::exception_ptr> errors(count);
  std::exception_ptr setup_error;
  std::atomic<bool> setup_failed{false};
  std::atomic<std::size_t> next{0};
  auto run = [&] {
    try {
      auto work = make_worker();
      for (std::size_t i = next++; i < count; i = next++) {
        try {
          work(i);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      }
    } catch (...) {
      if (!setup_failed.exchange(true)) setup_error = std::current_exception();
    }
  };
  const std::size_t helpers = std::min<std::size_t>(std::max(threads, 1u) - 1, count - 1);
  std::vector<std::thread> pool;
  pool.reserve(helpers);
  for (std::size_t t = 0; t < helpers; ++t) pool.emplace_back(run);
  run();
  for (std::thread& t : pool) t.join();
  if (setup_error) std::rethrow_exception(setup_error);
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace infracov::geo
