// Small open-addressing table of 32-bit ids used by noding. The keys live in the caller's arrays
// (coordinates, vertex sequences), so the table costs 4 bytes per slot instead of the 40+ bytes
// per entry of a node-based std::unordered_map: the difference matters at tens of millions of
// vertices. It is only ever probed, never iterated, so its layout cannot leak into results.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "infracov/geo/types.hpp"

namespace infracov::analysis::detail {

inline std::uint64_t mix64(std::uint64_t x) {
  // splitmix64 finaliser: spreads nearby coordinates over the whole table.
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline std::uint64_t hash_point(geo::Point p) {
  // -0.0 and 0.0 are the same coordinate; callers normalise before hashing.
  return mix64(std::bit_cast<std::uint64_t>(p.x) ^ mix64(std::bit_cast<std::uint64_t>(p.y)));
}

// Same value for a sequence and its reverse, so duplicates are found in either direction.
inline std::uint64_t hash_sequence(std::span<const geo::Point> points) {
  std::uint64_t forward = 0x9e3779b97f4a7c15ULL;
  std::uint64_t backward = 0x9e3779b97f4a7c15ULL;
  const std::size_t n = points.size();
  for (std::size_t i = 0; i < n; ++i) {
    forward = mix64(forward ^ hash_point(points[i]));
    backward = mix64(backward ^ hash_point(points[n - 1 - i]));
  }
  return forward < backward ? forward : backward;
}

inline bool same_sequence_either_direction(std::span<const geo::Point> a,
                                           std::span<const geo::Point> b) {
  if (a.size() != b.size()) return false;
  const std::size_t n = a.size();
  bool forward = true;
  for (std::size_t i = 0; i < n && forward; ++i) forward = a[i] == b[i];
  if (forward) return true;
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[n - 1 - i]) return false;
  }
  return true;
}

class IdTable {
 public:
  static constexpr std::uint32_t kEmpty = 0xffffffffU;

  explicit IdTable(std::size_t expected) {
    std::size_t capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    slots_.assign(capacity, kEmpty);
    mask_ = capacity - 1;
  }

  // Returns the id already stored under an equal key, or stores `candidate` and returns it;
  // `.second` is true when `candidate` was inserted.
  template <class Equal>
  std::pair<std::uint32_t, bool> find_or_insert(std::uint64_t hash, std::uint32_t candidate,
                                                const Equal& equal) {
    std::size_t i = static_cast<std::size_t>(hash) & mask_;
    while (true) {
      const std::uint32_t stored = slots_[i];
      if (stored == kEmpty) {
        slots_[i] = candidate;
        return {candidate, true};
      }
      if (equal(stored)) return {stored, false};
      i = (i + 1) & mask_;
    }
  }

  void release() {
    geo::release(slots_);
    mask_ = 0;
  }

 private:
  std::vector<std::uint32_t> slots_;
  std::size_t mask_ = 0;
};

}  // namespace infracov::analysis::detail
