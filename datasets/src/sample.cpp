// Writing the banner sample: reference data in, sample.gpkg, sample.toml and sample_truth.json out.
#include "infracov/datasets/sample.hpp"
#include "infracov/geo/error.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/writer.hpp"
#include "plane.hpp"
#include "reference_data.hpp"
#include "sample_model.hpp"

namespace infracov::datasets {
namespace {

using detail::Role;
using detail::SampleModel;
using detail::VillageRecord;
using geo::FieldDef;
using geo::FieldType;
using geo::FieldValue;

std::vector<VillageRecord> parse_villages(std::string_view csv) {
  std::vector<VillageRecord> records;
  std::istringstream in{std::string(csv)};
  std::string line;
  std::getline(in, line);  // header: code,name,town_code,town_name
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::istringstream fields(line);
    VillageRecord r;
    std::getline(fields, r.code, ',');
    std::getline(fields, r.name, ',');
    std::getline(fields, r.town_code, ',');
    std::getline(fields, r.town_name, ',');
    records.push_back(std::move(r));
  }
  return records;
}

// The outer ring of the one polygon in the boundary file, in longitude/latitude.
geo::Polyline parse_boundary(std::string_view geojson) {
  const auto doc = nlohmann::json::parse(geojson);
  const auto& ring = doc.at("features").at(0).at("geometry").at("coordinates").at(0);
  geo::Polyline out;
  for (const auto& xy : ring) out.push_back({xy.at(0).get<double>(), xy.at(1).get<double>()});
  if (!(out.front() == out.back())) out.push_back(out.front());
  return out;
}

FieldValue text(const std::string& s) { return s.empty() ? FieldValue{} : FieldValue{s}; }

void write_text_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw OutputError("writing '" + path.string() + "' failed");
}

const char* kProjectFile =
    R"(# Project file for the bundled Horqin Left Rear Banner sample (see datasets/README.md).
# Village names, codes and towns are real; positions and all infrastructure are synthetic.

[analysis]
crs = "auto"
seat = "150522100200"     # 甘旗卡村委会, the banner seat
max_access_m = 2000
snap_m = 1.0
language = "zh"
boundary = "sample.gpkg:boundary"   # the banner's outline, written to results and drawn on maps

[villages]
source = "sample.gpkg"
layer = "villages"
id = "code"
name = "name"
population = "population"
group = "town_name"       # every figure also per town (镇/苏木)

[roads]
source = "sample.gpkg"
layer = "roads"
class = "class"
paved = ["national", "provincial", "county", "village_paved"]
speed_kmh = { national = 80, provincial = 60, county = 40, village_paved = 30, gravel = 20 }

[facilities.clinic]
source = "sample.gpkg"
layer = "clinics"
id = "clinic_id"
where = "standardized = 1"
rule = "network"
max_m = 5000

[facilities.power]
source = "sample.gpkg"
layer = "power_lines"
rule = "euclid"
max_m = 1000

[facilities.water]
source = "sample.gpkg"
layer = "water_service_areas"
rule = "within"

# The kinds below serve the banner's checklist: facilities that must be in the village itself
# (named by their village_id), and coverage polygons.
[facilities.clinic_in_village]
flag = false   # serves the checklist below; its item says what fails
source = "sample.gpkg"
layer = "clinics"
id = "clinic_id"
where = "standardized = 1"
rule = "in_village"
village_id = "village_id"

[facilities.well_in_village]
flag = false   # serves the checklist below; its item says what fails
source = "sample.gpkg"
layer = "water_wells"
id = "well_id"
rule = "in_village"
village_id = "village_id"

[facilities.store]
flag = false   # serves the checklist below; its item says what fails
source = "sample.gpkg"
layer = "stores"
id = "store_id"
rule = "euclid"
max_m = 3000

[facilities.culture_room]
flag = false   # serves the checklist below; its item says what fails
source = "sample.gpkg"
layer = "culture_rooms"
id = "room_id"
rule = "in_village"
village_id = "village_id"

[facilities.telecom]
flag = false   # serves the checklist below; its item says what fails
source = "sample.gpkg"
layer = "telecom_coverage"
id = "area_id"
rule = "within"

# The banner's 2018 claims and the national standard for a poor village's exit (贫困村退出),
# each checked village by village.
@CHECKLIST@
# `infracov analyze --scenario rainy_season`: after heavy rain the gravel tracks are impassable,
# so only paved roads join a village to the seat and to its clinic.
[scenarios.rainy_season]
close_classes = ["gravel"]
)";

// The project file with the banner's checklist in place of @CHECKLIST@.
std::string project_file() {
  std::string items;
  for (const auto& item : detail::sample_checklist()) {
    items += std::string("[[checklist]]\nlabel = \"") + item.label + "\"\nlabel_en = \"" +
             item.label_en + "\"\nmeasure = " + item.measure + "\n\n";
  }
  std::string text = kProjectFile;
  const std::string mark = "@CHECKLIST@";
  text.replace(text.find(mark), mark.size(), items);
  return text;
}

void write_geopackage(const std::filesystem::path& path, const SampleModel& model,
                      const std::vector<VillageRecord>& records, const geo::Polyline& boundary,
                      SampleFigures& figures) {
  std::filesystem::remove(path);
  const geo::Crs crs = geo::Crs::from_user(kSampleCrs);
  const geo::GeosContext ctx;
  geo::DatasetWriter out(path);

  auto& villages = out.create_layer("villages", geo::GeometryClass::kPoint, crs,
                                    {{"code", FieldType::kString},
                                     {"name", FieldType::kString},
                                     {"town_code", FieldType::kString},
                                     {"town_name", FieldType::kString},
                                     {"population", FieldType::kInteger64}});
  for (const auto& v : model.villages) {
    const auto& r = records[v.record];
    villages.write({r.code, r.name, r.town_code, r.town_name, v.population}, v.location);
    figures.population += v.population;
  }
  figures.villages = model.villages.size();
  figures.towns = model.towns.size();

  auto& roads = out.create_layer("roads", geo::GeometryClass::kLine, crs,
                                 {{"class", FieldType::kString}, {"name", FieldType::kString}});
  for (const auto& road : model.roads) {
    roads.write({road.road_class, text(road.name)}, std::vector<geo::Polyline>{road.vertices});
    const double km = detail::polyline_length_m(road.vertices) / 1000.0;
    figures.road_km += km;
    figures.road_km_by_class[road.road_class] += km;
  }
  figures.road_lines = model.roads.size();

  auto& power = out.create_layer("power_lines", geo::GeometryClass::kLine, crs,
                                 {{"line_id", FieldType::kString},
                                  {"name", FieldType::kString},
                                  {"voltage_kv", FieldType::kInteger}});
  for (std::size_t i = 0; i < model.power_lines.size(); ++i) {
    const auto& line = model.power_lines[i];
    power.write({"P" + std::to_string(10000 + i).substr(1), line.name, std::int64_t{10}},
                std::vector<geo::Polyline>{line.vertices});
    figures.power_km += detail::polyline_length_m(line.vertices) / 1000.0;
  }
  figures.power_lines = model.power_lines.size();

  // One service area per town: the union of the discs around the villages its supply reaches.
  auto& water = out.create_layer("water_service_areas", geo::GeometryClass::kPolygon, crs,
                                 {{"area_id", FieldType::kString},
                                  {"name", FieldType::kString},
                                  {"supply", FieldType::kString}});
  for (std::size_t t = 0; t < model.towns.size(); ++t) {
    std::vector<geo::Geometry> parts;
    for (const auto& disk : model.water_disks) {
      if (disk.town == t) parts.push_back(geo::Geometry::polygon(ctx, disk.ring));
    }
    if (parts.empty()) continue;
    const geo::Geometry area = geo::Geometry::union_all(ctx, std::move(parts));
    water.write({"WS-" + model.towns[t].code, model.towns[t].name + "集中供水", "central"}, area);
    ++figures.water_service_areas;
  }

  const std::vector<FieldDef> point_fields{{"well_id", FieldType::kString},
                                           {"name", FieldType::kString},
                                           {"village_id", FieldType::kString}};
  auto& wells = out.create_layer("water_wells", geo::GeometryClass::kPoint, crs, point_fields);
  for (const auto& w : model.wells) {
    wells.write({w.id, w.name, records[model.villages[w.village].record].code}, w.location);
  }
  figures.water_wells = model.wells.size();

  auto& clinics = out.create_layer("clinics", geo::GeometryClass::kPoint, crs,
                                   {{"clinic_id", FieldType::kString},
                                    {"name", FieldType::kString},
                                    {"standardized", FieldType::kInteger},
                                    {"village_id", FieldType::kString}});
  for (const auto& c : model.clinics) {
    clinics.write({c.id, c.name, std::int64_t{c.standardized ? 1 : 0},
                   records[model.villages[c.listed_village()].record].code},
                  c.location);
    figures.standardized_clinics += c.standardized ? 1 : 0;
  }
  figures.clinics = model.clinics.size();

  auto& stores = out.create_layer("stores", geo::GeometryClass::kPoint, crs,
                                  {{"store_id", FieldType::kString},
                                   {"name", FieldType::kString},
                                   {"village_id", FieldType::kString}});
  for (const auto& s : model.stores) {
    stores.write({s.id, s.name, records[model.villages[s.village].record].code}, s.location);
  }
  figures.stores = model.stores.size();

  auto& rooms = out.create_layer("culture_rooms", geo::GeometryClass::kPoint, crs,
                                 {{"room_id", FieldType::kString},
                                  {"name", FieldType::kString},
                                  {"village_id", FieldType::kString}});
  for (const auto& c : model.culture_rooms) {
    rooms.write({c.id, c.name, records[model.villages[c.village].record].code}, c.location);
  }
  figures.culture_rooms = model.culture_rooms.size();

  // Radio, TV and network coverage: one area per town, the union of its masts' cells.
  auto& telecom = out.create_layer("telecom_coverage", geo::GeometryClass::kPolygon, crs,
                                   {{"area_id", FieldType::kString},
                                    {"name", FieldType::kString},
                                    {"masts", FieldType::kInteger}});
  for (std::size_t t = 0; t < model.towns.size(); ++t) {
    std::vector<geo::Geometry> cells;
    for (const auto& cell : model.telecom_cells) {
      if (cell.town == t) cells.push_back(geo::Geometry::polygon(ctx, cell.ring));
    }
    if (cells.empty()) continue;
    const auto masts = static_cast<std::int64_t>(cells.size());
    const geo::Geometry area = geo::Geometry::union_all(ctx, std::move(cells));
    telecom.write({"TC-" + model.towns[t].code, model.towns[t].name + "广播电视网络覆盖", masts},
                  area);
    ++figures.telecom_areas;
  }

  auto& outline = out.create_layer("boundary", geo::GeometryClass::kPolygon, crs,
                                   {{"code", FieldType::kString}, {"name", FieldType::kString}});
  // The reference outline crosses itself once (near 123.2949 E, 43.5801 N, a digitising slip);
  // GEOS's make_valid keeps every part of its area, as a valid (Multi)Polygon.
  outline.write({"150522", "科尔沁左翼后旗"}, geo::Geometry::polygon(ctx, boundary)
                                                  .make_valid()
                                                  .parts_of_class(geo::GeometryClass::kPolygon));
  out.close();
}

}  // namespace

SampleFigures write_sample(const std::filesystem::path& dir, std::uint64_t seed) {
  std::filesystem::create_directories(dir);
  const auto records = parse_villages(detail::reference_villages_csv());
  geo::Polyline boundary = parse_boundary(detail::reference_boundary_geojson());
  const geo::Transform to_utm(geo::Crs::wgs84(), geo::Crs::from_user(kSampleCrs));
  to_utm.apply(boundary);
  const SampleModel model = detail::build_sample_model(records, boundary, seed);

  SampleFigures figures;
  write_geopackage(dir / "sample.gpkg", model, records, boundary, figures);
  write_text_file(dir / "sample.toml", project_file());
  write_text_file(dir / "sample_truth.json", detail::truth_json(model, records, figures.flagged));
  return figures;
}

}  // namespace infracov::datasets
