// Error hierarchy shared by every infracov module. Only cli/main.cpp catches them all.
#pragma once

#include <stdexcept>
#include <string>

namespace infracov {

// Root of every error infracov throws on purpose. The message is one line, shaped as
// "<what failed>: '<object>' in '<file>' [layer, feature, value] (<library message>); <what to
// do>".
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The user's data or project file is wrong (exit code 1).
class InputError : public Error {
 public:
  using Error::Error;
};

// A CRS cannot be read, is unsuitable for analysis, or a transform failed.
class CrsError : public InputError {
 public:
  using InputError::InputError;
};

// A geometry operation failed inside GEOS.
class GeometryError : public Error {
 public:
  using Error::Error;
};

// A function was called against its contract: a bug in infracov, never a problem of the data
// (exit code 3). Input problems are InputError, found at any depth.
class InternalError : public Error {
 public:
  using Error::Error;
};

// Writing outputs failed (disk full, driver refused a field, ...).
class OutputError : public Error {
 public:
  using Error::Error;
};

}  // namespace infracov
