// The measure stage: per-village checks, the `missing` list and the summary figures, computed from
// the loaded inputs and the network (no files here: loading and writing live in cli/pipeline).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "infracov/analysis/criticality.hpp"
#include "infracov/analysis/inputs.hpp"
#include "infracov/analysis/network.hpp"
#include "infracov/analysis/project.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/geometry.hpp"

namespace infracov::analysis {

// The World Bank's Rural Access Index: people within 2 km of a paved road.
inline constexpr double kRuralAccessDistanceM = 2000.0;

struct KindOutcome {
  std::optional<double> value;  // metres, or minutes for a max_minutes kind; null: unreachable
  std::string nearest;          // facility id or FID; "" when none
  bool ok = false;
  // The nearest facility's index in the kind's facilities (FacilityLayer order), for the lines
  // drawn to it; nullopt when none.
  std::optional<std::size_t> nearest_index;
};

struct VillageRow {
  std::string id;
  std::string name;
  std::optional<std::int64_t> population;
  geo::Point location;  // analysis CRS
  VillageNetwork network;
  std::vector<KindOutcome> kinds;  // parallel to Project::facilities
  std::vector<bool> checks;        // parallel to Project::checklist: the item holds here
  std::string group;               // the [villages] group field's value; "" without one
  std::string missing;             // failed checks joined by ';', then failed items' label_en
};

struct KindSummary {
  std::string name;
  std::size_t ok = 0;
  std::size_t missing = 0;
  std::optional<double> population_share;
};

// One checklist item over a set of villages (all of them, or one group's).
struct ChecklistSummary {
  std::size_t ok = 0;
  std::size_t missing = 0;
  double share = 0.0;                      // ok / villages; 0 for no village
  std::optional<double> population_share;  // null when the villages hold no people
  bool holds = false;                      // share >= the item's claim
  std::vector<std::string> failing;        // village ids, sorted
};

// The `road` figures of summary.json over a set of villages. For a group, `components` is the
// number of road components its villages attach to (the whole run's is the graph's count).
struct RoadFigures {
  std::size_t components = 0;
  std::size_t connected = 0;
  std::size_t no_access = 0;
  std::size_t single_access = 0;
  std::size_t paved_connected = 0;
  double rural_access_index = 0.0;
};

// Every figure of one value of the [villages] group field.
struct GroupSummary {
  std::string value;
  std::size_t villages = 0;
  std::int64_t population = 0;  // unknown populations count as 0
  std::size_t flagged = 0;
  RoadFigures road;
  std::vector<KindSummary> kinds;           // parallel to Project::facilities
  std::vector<ChecklistSummary> checklist;  // parallel to Project::checklist
};

// One kind's facilities as used (after `where`, with a scenario's additions), for the
// facilities_K layer. Point kinds keep the point each facility is located by; line and polygon
// kinds (power lines, water areas) keep copies of their geometries, in the inputs' GEOS context.
struct FacilityFeatures {
  geo::GeometryClass geometry_class = geo::GeometryClass::kPoint;  // shared by every feature
  std::vector<geo::Point> points;         // point kinds (and kinds mixing classes)
  std::vector<geo::Geometry> geometries;  // line and polygon kinds
  std::vector<std::string> ids;           // as K_nearest reports them
  // Straight line to the nearest road when the facility attaches (within max_access_m), in
  // metres rounded to the cm: network kinds as attached; point facilities of other kinds by the
  // same rule though nothing is routed from them; null for lines and polygons, which attach to
  // nothing (a power line's distance to a road says nothing about service).
  std::vector<std::optional<double>> access_m;
  // Network kinds: villages whose nearest facility (reachable along roads, at any distance) it
  // is; empty for other kinds.
  std::vector<std::int64_t> villages_served;
  std::size_t size() const { return ids.size(); }
};

// A flagged village's line to the nearest facility of a kind that explains why it is flagged
// (a flagging kind it fails, or a failing measure of a checklist item it fails): for a network
// kind its route along the roads (KindResult::route), for the other rules the straight line to
// the nearest point of the facility's geometry.
struct NearestLine {
  std::size_t village = 0;  // index into AnalysisResult::villages
  std::size_t kind = 0;     // index into Project::facilities
  bool along_roads = false;
  geo::Polyline line;  // from the village to the facility, analysis CRS
};

struct AnalysisResult {
  geo::Crs crs;
  std::vector<VillageRow> villages;
  std::vector<KindSummary> kinds;
  NetworkResult network;
  Criticality criticality;  // filled by the criticality stage (add_criticality)
  std::size_t flagged = 0;
  double rural_access_index = 0.0;
  std::vector<ChecklistSummary> checklist;   // parallel to Project::checklist
  std::vector<GroupSummary> groups;          // sorted by value; empty without a group field
  std::string language = "en";               // zh or en, Project::language resolved
  std::vector<DataWarning> warnings;         // the load stage's, in the order found (summary.json)
  std::vector<FacilityFeatures> facilities;  // parallel to Project::facilities
  std::vector<NearestLine> nearest_lines;    // by village, then kind in project order
};

// The network kinds of the project (rule = network), with their facilities as points, in project
// order (what the network stage attaches).
std::vector<NetworkKind> network_kinds(const Project& project, const Inputs& inputs);
// Per facility kind: its index among the network kinds, SIZE_MAX for kinds of other rules.
std::vector<std::size_t> network_kind_index(const Project& project);

// The network stage's options from the project file.
NetworkOptions network_options(const Project& project);

// Each kind's facilities as used, with their access legs and the villages they serve (from the
// measured villages' nearest facilities).
std::vector<FacilityFeatures> facility_features(const Project& project, const Inputs& inputs,
                                                const Network& network,
                                                const std::vector<KindResult>& network_kinds);

// The lines of the flagged villages of `result` to their nearest facilities (see NearestLine),
// from the rows, the network kinds' routes and the facilities' geometries.
std::vector<NearestLine> nearest_lines(const Project& project, const Inputs& inputs,
                                       const AnalysisResult& result);

// Measures every village: road, connectivity, paved, single access and every facility kind.
AnalysisResult measure(const Project& project, const Inputs& inputs, const Network& network);

// The criticality stage: fills result.criticality for the measured result (people from the
// villages' populations, unknown as 0), with project.critical_edges closures on `threads`.
void add_criticality(const Project& project, const Network& network, AnalysisResult& result,
                     unsigned threads);

}  // namespace infracov::analysis
