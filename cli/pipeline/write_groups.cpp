// The write stage's checklist and group outputs (DESIGN.md "Checklist, groups and language"):
// summary.json's `checklist` and `groups`, and the `groups` table of results.gpkg and groups.csv.
// The figures come computed from analysis::add_checklist; here they are only laid out.
#include "infracov/analysis/schema.hpp"
#include "infracov/geo/writer.hpp"
#include "pipeline/write.hpp"

namespace infracov::cli {
namespace {

using analysis::ChecklistItem;
using geo::FieldDef;
using geo::FieldType;
using geo::FieldValue;
using nlohmann::ordered_json;

constexpr double kShareStep = 1e-6;  // shares as summary.json gives every other share

ordered_json optional_share(const std::optional<double>& share) {
  return share ? ordered_json(round_to(*share, kShareStep)) : ordered_json();
}

FieldValue optional_share_value(const std::optional<double>& share) {
  return share ? FieldValue{round_to(*share, kShareStep)} : FieldValue{std::monostate{}};
}

// The item's measure as the project file wrote it: a name, a list, or {"any": [...]}.
ordered_json measure_json(const ChecklistItem& item) {
  switch (item.combine) {
    case ChecklistItem::Combine::kSingle:
      return item.measures.front();
    case ChecklistItem::Combine::kAll:
      return item.measures;
    case ChecklistItem::Combine::kAny:
      return {{"any", item.measures}};
  }
  return nullptr;
}

ordered_json road_json(const analysis::RoadFigures& road) {
  return {{"components", road.components},
          {"connected", road.connected},
          {"no_access", road.no_access},
          {"single_access", road.single_access},
          {"paved_connected", road.paved_connected},
          {"rural_access_index", round_to(road.rural_access_index, kShareStep)}};
}

// The names of the groups table's columns after `group`, with their types; group_values gives
// the values in this order.
struct Column {
  std::string name;
  FieldType type;
};

std::vector<Column> group_columns(const analysis::Project& project) {
  std::vector<Column> columns{{"villages", FieldType::kInteger64},
                              {"population", FieldType::kInteger64},
                              {"flagged", FieldType::kInteger64}};
  for (const char* road :
       {"components", "connected", "no_access", "single_access", "paved_connected"}) {
    columns.push_back({std::string("road_") + road, FieldType::kInteger64});
  }
  columns.push_back({"road_rural_access_index", FieldType::kReal});
  for (const auto& kind : project.facilities) {
    columns.push_back({kind.name + "_ok", FieldType::kInteger64});
    columns.push_back({kind.name + "_missing", FieldType::kInteger64});
    columns.push_back({kind.name + "_population_share", FieldType::kReal});
  }
  for (std::size_t i = 0; i < project.checklist.size(); ++i) {
    const std::string check = analysis::schema::check_field(i);
    columns.push_back({check + "_ok", FieldType::kInteger64});
    columns.push_back({check + "_missing", FieldType::kInteger64});
    columns.push_back({check + "_share", FieldType::kReal});
  }
  return columns;
}

FieldValue count(std::size_t n) { return static_cast<std::int64_t>(n); }

}  // namespace

ordered_json checklist_json(const analysis::AnalysisResult& result,
                            const analysis::Project& project) {
  ordered_json items = ordered_json::array();
  for (std::size_t i = 0; i < project.checklist.size(); ++i) {
    const ChecklistItem& item = project.checklist[i];
    const analysis::ChecklistSummary& figures = result.checklist.at(i);
    items.push_back({{"label", item.label},
                     {"label_en", item.label_en},
                     {"measure", measure_json(item)},
                     {"claim", item.claim},
                     {"ok", figures.ok},
                     {"missing", figures.missing},
                     {"share", round_to(figures.share, kShareStep)},
                     {"population_share", optional_share(figures.population_share)},
                     {"holds", figures.holds},
                     {"failing", figures.failing}});
  }
  return items;
}

ordered_json groups_json(const analysis::AnalysisResult& result, const analysis::Project& project) {
  ordered_json groups = ordered_json::object();
  for (const analysis::GroupSummary& group : result.groups) {
    ordered_json facilities = ordered_json::object();
    for (std::size_t k = 0; k < group.kinds.size(); ++k) {
      const analysis::KindSummary& kind = group.kinds[k];
      facilities[kind.name] = {{"rule", analysis::to_string(project.facilities[k].rule)},
                               {"ok", kind.ok},
                               {"missing", kind.missing},
                               {"population_share", optional_share(kind.population_share)}};
    }
    ordered_json checklist = ordered_json::array();
    for (const analysis::ChecklistSummary& item : group.checklist) {
      checklist.push_back({{"ok", item.ok},
                           {"missing", item.missing},
                           {"share", round_to(item.share, kShareStep)}});
    }
    groups[group.value] = {{"villages", group.villages},
                           {"population", group.population},
                           {"flagged", group.flagged},
                           {"road", road_json(group.road)},
                           {"facilities", std::move(facilities)},
                           {"checklist", std::move(checklist)}};
  }
  return groups;
}

std::vector<FieldDef> group_fields(const analysis::Project& project) {
  std::vector<FieldDef> fields{{std::string(analysis::schema::kGroup), FieldType::kString}};
  for (const Column& column : group_columns(project)) fields.push_back({column.name, column.type});
  return fields;
}

std::vector<FieldValue> group_values(const analysis::GroupSummary& group) {
  std::vector<FieldValue> values{group.value, count(group.villages), group.population,
                                 count(group.flagged)};
  const analysis::RoadFigures& road = group.road;
  for (const std::size_t n : {road.components, road.connected, road.no_access, road.single_access,
                              road.paved_connected}) {
    values.push_back(count(n));
  }
  values.emplace_back(round_to(road.rural_access_index, kShareStep));
  for (const analysis::KindSummary& kind : group.kinds) {
    values.push_back(count(kind.ok));
    values.push_back(count(kind.missing));
    values.push_back(optional_share_value(kind.population_share));
  }
  for (const analysis::ChecklistSummary& item : group.checklist) {
    values.push_back(count(item.ok));
    values.push_back(count(item.missing));
    values.emplace_back(round_to(item.share, kShareStep));
  }
  return values;
}

void write_groups_csv(const analysis::AnalysisResult& result, const analysis::Project& project,
                      const std::filesystem::path& dir) {
  if (project.village_group.empty()) return;
  geo::DatasetWriter csv(dir / "groups.csv", "CSV");
  geo::LayerWriter& rows =
      csv.create_layer(std::string(analysis::schema::kGroups), geo::GeometryClass::kAny, geo::Crs(),
                       group_fields(project));
  const geo::Geometry none;
  for (const analysis::GroupSummary& group : result.groups) rows.write(group_values(group), none);
  csv.close();
}

}  // namespace infracov::cli
