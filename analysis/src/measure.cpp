#include "infracov/analysis/analyze.hpp"

#include <algorithm>
#include <cmath>

#include "coverage.hpp"
#include "infracov/analysis/checklist.hpp"
#include "infracov/analysis/schema.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::analysis {
namespace {

double round_cm(double value) { return std::round(value * 100.0) / 100.0; }

}  // namespace

std::string to_string(Rule rule) {
  switch (rule) {
    case Rule::kNetwork:
      return "network";
    case Rule::kEuclid:
      return "euclid";
    case Rule::kWithin:
      return "within";
    case Rule::kInVillage:
      return "in_village";
  }
  return "?";
}

std::vector<std::size_t> network_kind_index(const Project& project) {
  std::vector<std::size_t> index(project.facilities.size(), SIZE_MAX);
  std::size_t next = 0;
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    if (project.facilities[k].rule == Rule::kNetwork) index[k] = next++;
  }
  return index;
}

std::vector<NetworkKind> network_kinds(const Project& project, const Inputs& inputs) {
  std::vector<NetworkKind> kinds;
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    const auto& kind = project.facilities[k];
    if (kind.rule != Rule::kNetwork) continue;
    NetworkKind nk;
    nk.name = kind.name;
    nk.max_m = kind.max_m;
    nk.max_minutes = kind.max_minutes;
    for (const auto& geometry : inputs.facilities[k].geometries) {
      nk.facilities.push_back(geometry.point_on_surface());
    }
    kinds.push_back(std::move(nk));
  }
  return kinds;
}

NetworkOptions network_options(const Project& project) {
  NetworkOptions options;
  options.snap_m = project.snap_m;
  options.max_access_m = project.max_access_m;
  options.paved_classes = project.paved;
  options.speed_kmh = project.speed_kmh;
  options.access_speed_kmh = project.access_speed_kmh;
  options.service_area_width_m = project.service_area_width_m;
  return options;
}

AnalysisResult measure(const Project& project, const Inputs& inputs, const Network& network) {
  AnalysisResult result;
  result.crs = inputs.crs;
  result.warnings = inputs.warnings;
  const VillageLayer& villages = inputs.villages;
  const std::size_t n = villages.size();
  const std::vector<std::size_t> network_kind_of = network_kind_index(project);
  result.network = network.measure();

  VillageShapes shapes;
  shapes.ids = villages.ids;
  shapes.points = villages.points;
  if (!villages.polygons.empty()) {
    shapes.polygons.resize(n, nullptr);
    for (std::size_t i = 0; i < n; ++i) {
      if (!villages.polygons[i].is_null()) shapes.polygons[i] = &villages.polygons[i];
    }
  }

  std::vector<std::vector<KindOutcome>> outcomes(project.facilities.size());
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    const auto& kind = project.facilities[k];
    const auto& set = inputs.facilities[k];
    switch (kind.rule) {
      case Rule::kNetwork: {
        const KindResult& kr = result.network.kinds[network_kind_of[k]];
        const std::optional<double> limit = kind.max_minutes ? kind.max_minutes : kind.max_m;
        auto& out = outcomes[k];
        out.resize(n);
        for (std::size_t v = 0; v < n; ++v) {
          if (!kr.value[v]) continue;
          out[v].value = kr.value[v];
          out[v].nearest = set.ids[*kr.nearest[v]];
          out[v].nearest_index = kr.nearest[v];
          out[v].ok = !limit || *kr.value[v] <= *limit;
        }
        break;
      }
      case Rule::kEuclid:
        outcomes[k] = measure_euclid(shapes, set, kind.max_m);
        break;
      case Rule::kWithin:
        outcomes[k] = measure_within(shapes, set);
        break;
      case Rule::kInVillage:
        outcomes[k] = measure_in_village(shapes, set);
        break;
    }
  }

  // Rows, the `missing` list and the summary counts.
  double population_total = 0.0;
  double population_near_paved = 0.0;
  const bool has_population = !project.village_population.empty();
  result.kinds.resize(project.facilities.size());
  std::vector<double> kind_population(project.facilities.size(), 0.0);
  result.villages.resize(n);
  for (std::size_t v = 0; v < n; ++v) {
    VillageRow& row = result.villages[v];
    row.id = villages.ids[v];
    row.name = villages.names[v];
    row.population = villages.populations[v];
    row.location = villages.points[v];
    if (!villages.groups.empty()) row.group = villages.groups[v];
    row.network = result.network.villages[v];
    if (std::isfinite(row.network.road_dist_m))
      row.network.road_dist_m = round_cm(row.network.road_dist_m);

    std::string missing;
    auto fail = [&missing](std::string_view check) {
      if (!missing.empty()) missing += schema::kMissingSeparator;
      missing += check;
    };
    if (!row.network.road_access) fail(schema::kFailedRoad);
    if (!row.network.connected) fail(schema::kFailedConnectivity);
    const double weight = has_population ? static_cast<double>(row.population.value_or(0)) : 1.0;
    population_total += weight;
    row.kinds.resize(project.facilities.size());
    for (std::size_t k = 0; k < project.facilities.size(); ++k) {
      KindOutcome outcome = outcomes[k][v];
      if (outcome.value) outcome.value = round_cm(*outcome.value);
      if (outcome.ok) {
        ++result.kinds[k].ok;
        kind_population[k] += weight;
      } else {
        ++result.kinds[k].missing;
        if (project.facilities[k].flag) fail(project.facilities[k].name);
      }
      row.kinds[k] = std::move(outcome);
    }
    row.missing = std::move(missing);
    if (!row.missing.empty()) ++result.flagged;
    if (row.network.paved_dist_m <= kRuralAccessDistanceM) {
      population_near_paved += weight;
    }
  }
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    result.kinds[k].name = project.facilities[k].name;
    if (population_total > 0.0)
      result.kinds[k].population_share = kind_population[k] / population_total;
  }
  result.rural_access_index =
      population_total > 0.0 ? population_near_paved / population_total : 0.0;
  result.language = resolve_language(project.language, villages.names);
  add_checklist(project, result);
  result.facilities = facility_features(project, inputs, network, result.network.kinds);
  result.nearest_lines = nearest_lines(project, inputs, result);
  // Every route is now in a line or was never wanted: the result keeps one copy.
  for (KindResult& kind : result.network.kinds) geo::release(kind.route);
  return result;
}

void add_criticality(const Project& project, const Network& network, AnalysisResult& result,
                     unsigned threads) {
  std::vector<std::int64_t> people;
  people.reserve(result.villages.size());
  for (const VillageRow& row : result.villages) people.push_back(row.population.value_or(0));
  result.criticality =
      compute_criticality(network, result.network, people, project.critical_edges, threads);
}

}  // namespace infracov::analysis
