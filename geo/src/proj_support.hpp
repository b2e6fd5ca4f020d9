// Private move-only owners of PROJ handles, shared by the geo/ sources.
#pragma once

#include <proj.h>

#include <memory>
#include <string>

namespace infracov::geo::detail {

// A PROJ context that keeps PROJ's last error message (PROJ logs its useful messages, such as
// "crs not found", rather than returning them) instead of printing it to stderr.
class ProjContext {
 public:
  ProjContext();
  ~ProjContext();
  ProjContext(const ProjContext&) = delete;
  ProjContext& operator=(const ProjContext&) = delete;

  PJ_CONTEXT* get() const { return ctx_; }
  // PROJ's last logged error, else the message for its error number, "" when none.
  std::string message() const;
  void clear();

 private:
  PJ_CONTEXT* ctx_ = nullptr;
  std::string last_log_;  // written by PROJ's log callback
};

struct ProjObjectDeleter {
  void operator()(PJ* pj) const { proj_destroy(pj); }
};
using ProjObject = std::unique_ptr<PJ, ProjObjectDeleter>;

}  // namespace infracov::geo::detail
