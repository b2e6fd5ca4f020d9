// What the load stage hands to the network and measure stages: every input layer read once,
// transformed to the analysis CRS and repaired, as plain values. Nothing here knows files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "infracov/analysis/network.hpp"
#include "infracov/geo/crs.hpp"
#include "infracov/geo/geometry.hpp"

namespace infracov::analysis {

// The villages: a point each (a point on the surface of a polygon village), and the polygon when
// the layer had one (kept for the in_village rule).
struct VillageLayer {
  std::vector<std::string> ids;
  std::vector<std::string> names;                        // "" without a name field
  std::vector<std::optional<std::int64_t>> populations;  // null without a population value
  std::vector<geo::Point> points;
  std::vector<geo::Geometry> polygons;  // empty when every village is a point; else parallel
  std::vector<std::string> groups;      // [villages] group values; empty without a group field
  std::size_t size() const { return ids.size(); }
};

// One facility kind's features as used (after `where`).
struct FacilityLayer {
  std::vector<geo::Geometry> geometries;
  std::vector<std::string> ids;          // what K_nearest reports: the id field, else the FID
  std::vector<std::string> village_ids;  // in_village attribute, "" when absent
};

// A data problem found while loading: printed at once and kept for the summary.
struct DataWarning {
  std::string code;   // "repaired", "null_geometry", "other_type", ...
  std::string layer;  // the layer's name in its source
  std::string source;
  std::size_t count = 0;
  std::vector<std::int64_t> fids;  // the first few features concerned
  std::string message;             // one line, as printed
};

struct Inputs {
  geo::Crs crs;  // the analysis CRS (metres)
  VillageLayer villages;
  RoadLines roads;
  std::string roads_layer;  // the roads layer's name as read ([roads] layer or the only one)
  std::vector<FacilityLayer> facilities;  // parallel to Project::facilities
  SeatSpec seat;
  std::vector<DataWarning> warnings;
};

}  // namespace infracov::analysis
