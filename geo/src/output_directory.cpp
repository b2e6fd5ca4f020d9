// OutputDirectory: results are written into a staging folder beside --out and moved into place at
// the end; nothing half-written is left, and an output another program is writing is not
// replaced.
#include <sqlite3.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cctype>
#include <system_error>

#include "infracov/geo/error.hpp"
#include "infracov/geo/writer.hpp"

namespace infracov::geo {

namespace {

std::filesystem::path without_trailing_slash(std::filesystem::path p) {
  if (p.has_filename() || !p.has_parent_path()) return p;
  return p.parent_path();
}

std::filesystem::path sibling(const std::filesystem::path& destination, const std::string& tag) {
  const std::filesystem::path parent =
      destination.has_parent_path() ? destination.parent_path() : std::filesystem::path(".");
  return parent /
         ("." + destination.filename().string() + "." + tag + "-" + std::to_string(::getpid()));
}

// A GeoPackage (any SQLite file) that another connection is writing: BEGIN IMMEDIATE needs the
// write lock that a writer holds (QGIS editing a layer, another infracov, a script), and fails at
// once with SQLITE_BUSY instead of waiting. Readers do not block it.
bool write_locked(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  bool locked = false;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 0);
    const int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    locked = rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
    if (rc == SQLITE_OK) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  sqlite3_close(db);
  return locked;
}

// Bytes an unprivileged writer may still use on the file system holding `file` (or the nearest
// folder above it that exists); -1 when unknown.
long long bytes_available(std::filesystem::path file) {
  std::error_code ec;
  while (!file.empty() && !std::filesystem::exists(file, ec)) file = file.parent_path();
  struct statvfs fs {};
  if (::statvfs(file.empty() ? "." : file.c_str(), &fs) != 0) return -1;
  return static_cast<long long>(fs.f_bavail) * static_cast<long long>(fs.f_frsize);
}

}  // namespace

OutputError write_failed(const std::string& message, const std::filesystem::path& file) {
  // Below a megabyte no GeoPackage page, journal or style file can be counted on to fit.
  constexpr long long kFullBelow = 1 << 20;
  const long long available = bytes_available(file);
  if (available >= 0 && available < kFullBelow) {
    return OutputError("disk full: cannot write '" + file.string() + "' (" +
                       std::to_string(available / 1024) +
                       " KiB left on its disk); free some space, or choose an --out on a disk "
                       "with room");
  }
  return OutputError(message + "; check the disk space and that the folder is writable");
}

void OutputDirectory::refuse_if_written_by_another() const {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(destination_, ec)) return;
  for (const auto& entry : fs::directory_iterator(destination_, ec)) {
    if (entry.path().extension() != ".gpkg" || !entry.is_regular_file(ec)) continue;
    if (write_locked(entry.path())) {
      throw OutputError("output in use: '" + entry.path().string() +
                        "' is locked by another program writing to it; close it there (in "
                        "QGIS: stop editing, or remove its layers), then run again, or choose "
                        "another --out");
    }
  }
}

std::string OutputDirectory::in_user_terms(std::string message) {
  // The staging folder is ".NAME.tmp-PID" beside NAME (sibling()): said as NAME, the --out the
  // user gave. A longer number is another process's folder and stays.
  const std::string tag = ".tmp-" + std::to_string(::getpid());
  std::size_t at = message.find(tag);
  while (at != std::string::npos) {
    const std::size_t end = at + tag.size();
    const std::size_t slash = message.find_last_of("/'\" ", at);
    const std::size_t start = slash == std::string::npos ? 0 : slash + 1;
    const bool ours =
        (end == message.size() || !std::isdigit(static_cast<unsigned char>(message[end]))) &&
        start < at && message[start] == '.';
    if (ours) {
      message.erase(at, tag.size());
      message.erase(start, 1);
      at = message.find(tag, start);
    } else {
      at = message.find(tag, end);
    }
  }
  return message;
}

OutputDirectory::OutputDirectory(std::filesystem::path destination, Mode mode)
    : destination_(without_trailing_slash(std::move(destination))), mode_(mode) {
  namespace fs = std::filesystem;
  staging_ = sibling(destination_, "tmp");
  std::error_code ec;
  if (fs::exists(destination_, ec) && !fs::is_directory(destination_, ec)) {
    throw InputError("output is not a folder: '" + destination_.string() +
                     "' is a file; choose a folder path for --out");
  }
  if (mode_ == Mode::kCreate && fs::exists(destination_, ec)) {
    throw InputError("output exists: '" + destination_.string() +
                     "' (infracov does not write over earlier results); pass --overwrite to "
                     "replace it or choose another --out");
  }
  // Refused before any work: the run would end by replacing a GeoPackage that is being written.
  if (mode_ != Mode::kCreate) refuse_if_written_by_another();
  fs::remove_all(staging_, ec);  // left by an earlier run that had this pid
  fs::create_directories(staging_.parent_path(), ec);
  if (!fs::create_directory(staging_, ec)) {
    throw OutputError("cannot create the output folder: '" + destination_.string() + "' (" +
                      ec.message() + "); check its folder is writable or choose another --out");
  }
  if (mode_ == Mode::kUpdate && fs::exists(destination_, ec)) {
    // Edits happen on copies, so the results in place stay whole until commit().
    fs::copy(destination_, staging_, fs::copy_options::recursive, ec);
    if (ec) {
      throw write_failed(
          "cannot copy the existing output: '" + destination_.string() + "' (" + ec.message() + ")",
          staging_);
    }
  }
}

OutputDirectory::~OutputDirectory() {
  if (committed_) return;
  std::error_code ignored;
  std::filesystem::remove_all(staging_, ignored);
}

void OutputDirectory::commit() {
  namespace fs = std::filesystem;
  if (committed_) return;
  std::error_code ec;
  fs::path old;
  if (fs::exists(destination_, ec)) {
    if (mode_ == Mode::kCreate) {
      throw InputError("output exists: '" + destination_.string() +
                       "' (it appeared while infracov ran); pass --overwrite to replace it");
    }
    // A writer may have started during the run: its edits would go to a file moved away.
    refuse_if_written_by_another();
    // Move the old results aside first, so a failure below leaves them restorable by hand.
    old = sibling(destination_, "old");
    fs::remove_all(old, ec);
    fs::rename(destination_, old, ec);
    if (ec) {
      throw OutputError("cannot replace the output: '" + destination_.string() + "' (" +
                        ec.message() + "); check that no program holds it open");
    }
  }
  fs::rename(staging_, destination_, ec);
  if (ec) {
    const std::string why = ec.message();
    if (!old.empty()) fs::rename(old, destination_, ec);
    throw OutputError("cannot move the results into place: '" + destination_.string() + "' (" +
                      why + "); check that the folder is writable");
  }
  committed_ = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace infracov::geo
