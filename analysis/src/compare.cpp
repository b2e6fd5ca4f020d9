#include "infracov/analysis/compare.hpp"

#include <algorithm>
#include <unordered_map>

#include "infracov/geo/error.hpp"

namespace infracov::analysis {
namespace {

std::unordered_map<std::string, std::size_t> index_of(const RunVillages& run, const char* which) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < run.ids.size(); ++i) {
    if (!index.emplace(run.ids[i], i).second) {
      throw InputError("compare: village id '" + run.ids[i] + "' appears twice in " + which +
                       "; ids must be unique to match villages between runs");
    }
  }
  return index;
}

// Names of a then names only b has, and where each sits in a and in b (SIZE_MAX: absent).
struct Union {
  std::vector<std::string> names;
  std::vector<std::size_t> in_a, in_b;
};
Union name_union(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  Union u;
  u.names = a;
  for (const std::string& name : b) {
    if (std::find(a.begin(), a.end(), name) == a.end()) u.names.push_back(name);
  }
  for (const std::string& name : u.names) {
    const auto at = [&](const std::vector<std::string>& list) {
      const auto it = std::find(list.begin(), list.end(), name);
      return it == list.end() ? SIZE_MAX : static_cast<std::size_t>(it - list.begin());
    };
    u.in_a.push_back(at(a));
    u.in_b.push_back(at(b));
  }
  return u;
}

}  // namespace

bool check_passes(const std::string& check, bool value) {
  return check == "single_access" ? !value : value;
}

ChangeReport compare_runs(const RunVillages& base, const RunVillages& other) {
  const auto base_index = index_of(base, "BASE");
  const auto other_index = index_of(other, "OTHER");
  const Union checks = name_union(base.check_names, other.check_names);
  const Union distances = name_union(base.distance_names, other.distance_names);
  ChangeReport report;
  report.check_names = checks.names;
  report.distance_names = distances.names;
  report.counts.resize(checks.names.size());
  for (std::size_t i = 0; i < base.ids.size(); ++i) report.flagged_base += base.flagged[i];
  for (std::size_t i = 0; i < other.ids.size(); ++i) report.flagged_other += other.flagged[i];

  auto add = [&](std::size_t b, std::size_t o) {  // indexes into base / other, SIZE_MAX: absent
    VillageChange change;
    const bool in_base = b != SIZE_MAX, in_other = o != SIZE_MAX;
    change.presence = in_base && in_other ? Presence::kBoth
                      : in_base           ? Presence::kOnlyBase
                                          : Presence::kOnlyOther;
    change.id = in_other ? other.ids[o] : base.ids[b];
    change.name = in_other ? other.names[o] : base.names[b];
    change.point = in_other ? other.points[o] : base.points[b];
    for (std::size_t c = 0; c < checks.names.size(); ++c) {
      const std::optional<bool> before =
          in_base && checks.in_a[c] != SIZE_MAX ? base.checks[checks.in_a[c]][b] : std::nullopt;
      const std::optional<bool> after =
          in_other && checks.in_b[c] != SIZE_MAX ? other.checks[checks.in_b[c]][o] : std::nullopt;
      change.base.push_back(before);
      change.other.push_back(after);
      if (!before || !after) continue;
      const bool was = check_passes(checks.names[c], *before);
      const bool now = check_passes(checks.names[c], *after);
      CheckCounts& counts = report.counts[c];
      if (now && !was) {
        ++counts.gained;
        change.gained.push_back(checks.names[c]);
      } else if (was && !now) {
        ++counts.lost;
        change.lost.push_back(checks.names[c]);
      } else if (was) {
        ++counts.ok_both;
      } else {
        ++counts.missing_both;
      }
    }
    for (std::size_t d = 0; d < distances.names.size(); ++d) {
      const std::optional<double> before = in_base && distances.in_a[d] != SIZE_MAX
                                               ? base.distances[distances.in_a[d]][b]
                                               : std::nullopt;
      const std::optional<double> after = in_other && distances.in_b[d] != SIZE_MAX
                                              ? other.distances[distances.in_b[d]][o]
                                              : std::nullopt;
      change.distance_base.push_back(before);
      change.distance_other.push_back(after);
      change.distance_change.push_back(before && after ? std::optional(*after - *before)
                                                       : std::nullopt);
    }
    report.villages.push_back(std::move(change));
  };
  for (std::size_t b = 0; b < base.ids.size(); ++b) {
    const auto found = other_index.find(base.ids[b]);
    const std::size_t o = found == other_index.end() ? SIZE_MAX : found->second;
    add(b, o);
    ++(o == SIZE_MAX ? report.only_base : report.both);
  }
  for (std::size_t o = 0; o < other.ids.size(); ++o) {
    if (base_index.count(other.ids[o])) continue;
    add(SIZE_MAX, o);
    ++report.only_other;
  }
  return report;
}

}  // namespace infracov::analysis
