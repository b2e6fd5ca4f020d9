// Running the plans on a finished analysis: extract what each algorithm needs (groups, a graph
// with paved flags, the grid, coverage sets), run it, and shape the result as output layers.
#include "infracov/analysis/plan_run.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "infracov/analysis/plan.hpp"
#include "infracov/analysis/road_graph.hpp"
#include "infracov/analysis/schema.hpp"
#include "infracov/analysis/shortest_paths.hpp"
#include "infracov/geo/error.hpp"
#include "infracov/geo/spatial_index.hpp"

namespace infracov::analysis {
namespace {

using geo::FieldDef;
using geo::FieldType;
using geo::FieldValue;
using nlohmann::ordered_json;

double round_cm(double value) { return std::round(value * 100.0) / 100.0; }
// Rounds to a multiple of `step` (a power of ten) so that JSON shows the short decimal form:
// dividing by the inverse gives the double nearest that decimal, multiplying would not.
double round_to(double value, double step) { return std::round(value / step) / (1.0 / step); }

FieldValue optional_real(std::optional<double> value) {
  if (!value) return std::monostate{};
  return round_cm(*value);
}

std::optional<double> cost_of(double length_m, std::optional<double> cost_per_km) {
  if (!cost_per_km) return std::nullopt;
  return length_m / 1000.0 * *cost_per_km;
}

std::size_t kind_index(const Project& project, const std::string& name, const std::string& plan) {
  for (std::size_t k = 0; k < project.facilities.size(); ++k) {
    if (project.facilities[k].name == name) return k;
  }
  std::string kinds;
  for (const auto& kind : project.facilities) kinds += (kinds.empty() ? "" : ", ") + kind.name;
  throw InputError("plan " + plan + ": no facility kind '" + name + "' in '" +
                   project.file.string() +
                   "'; the kinds there are: " + (kinds.empty() ? "none" : kinds));
}

double village_weight(const VillageRow& row, const Project& project) {
  return project.village_population.empty() ? 1.0 : static_cast<double>(row.population.value_or(0));
}

bool is_paved(const Project& project, const RoadLines& roads, std::uint16_t road_class) {
  const std::string& name = roads.class_names[road_class];
  return std::find(project.paved.begin(), project.paved.end(), name) != project.paved.end();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
PlanOutput run_road_plan(const geo::GeosContext& ctx, const PlanBasis& basis,
                         const RoadPlanOptions& options) {
  const Project& project = basis.project;
  const AnalysisResult& analysis = basis.analysis;
  const NetworkResult& net = analysis.network;
  PlanOutput out;
  out.name = "roads";

  // (a) Groups: the main component, every other component holding villages, every village
  // without road access. Components without villages need no link.
  std::vector<LinkGroup> groups(1);
  std::vector<std::string> group_label = {"main"};
  std::map<std::int64_t, std::size_t> group_of_component;
  for (const auto& row : analysis.villages) {
    if (!row.network.road_access || !row.network.component) continue;
    const std::int64_t c = *row.network.component;
    if (c == net.main_component) continue;
    auto [it, added] = group_of_component.emplace(c, groups.size());
    if (added) {
      groups.emplace_back();
      group_label.push_back("component " + std::to_string(c));
    }
    ++groups[it->second].villages;
  }
  for (std::size_t e = 0; e < net.roads.size(); ++e) {
    const RoadEdge& edge = net.roads[e];
    const auto geometry = net.road_geometry(e);
    if (edge.component == net.main_component) {
      groups[0].lines.emplace_back(geometry.begin(), geometry.end());
    } else if (const auto it = group_of_component.find(edge.component);
               it != group_of_component.end()) {
      groups[it->second].lines.emplace_back(geometry.begin(), geometry.end());
    }
  }
  for (const auto& row : analysis.villages) {
    if (row.network.road_access) continue;
    LinkGroup group;
    group.points.push_back(row.location);
    group.villages = 1;
    groups.push_back(std::move(group));
    group_label.push_back("village " + row.id);
  }

  LinkOptions link_options;
  link_options.main_group = 0;
  const geo::Geometry& avoid = options.avoid;
  // Two components whose lines cross without a shared vertex meet at an overpass: a zero-length
  // "link" there is no road work, so such candidates are refused and a real link is sought.
  constexpr double kMinLinkM = 0.01;
  link_options.link_allowed = [&ctx, &avoid](geo::Point a, geo::Point b) {
    if (geo::distance_m(a, b) < kMinLinkM) return false;
    const geo::Point ends[2] = {a, b};
    return avoid.is_null() || !avoid.intersects(geo::Geometry::line(ctx, ends));
  };
  const LinkPlan links = groups.size() > 1 ? plan_links(groups, link_options) : LinkPlan{};

  PlanLayer proposed;
  proposed.name = schema::kProposedRoads;
  proposed.geometry = geo::GeometryClass::kLine;
  proposed.fields = {{"build_order", FieldType::kInteger},
                     {"length_m", FieldType::kReal},
                     {"villages_served", FieldType::kInteger},
                     {"villages_joined", FieldType::kInteger},
                     {"joins", FieldType::kString},
                     {"ends_mid_line", FieldType::kInteger}};
  if (options.cost_per_km) proposed.fields.push_back({"cost", FieldType::kReal});
  std::size_t joined_total = 0;
  for (std::size_t i = 0; i < links.links.size(); ++i) {
    const PlannedLink& link = links.links[i];
    // A link ending inside a segment needs a new vertex there when the plan is applied.
    const bool mid = link.near_end.kind == LineEndKind::kLineMiddle ||
                     link.far_end.kind == LineEndKind::kLineMiddle;
    std::vector<FieldValue> row = {static_cast<std::int64_t>(i + 1),
                                   round_cm(link.length_m),
                                   static_cast<std::int64_t>(link.villages_served),
                                   static_cast<std::int64_t>(link.villages_joined),
                                   group_label[link.far_end.group],
                                   std::int64_t{mid ? 1 : 0}};
    if (options.cost_per_km)
      row.push_back(optional_real(cost_of(link.length_m, options.cost_per_km)));
    proposed.rows.push_back(std::move(row));
    proposed.lines.push_back({link.near_end.at, link.far_end.at});
    joined_total += link.villages_joined;
  }

  // (b) Paving: every connected village that is not yet paved-connected (DESIGN.md's
  // definition) to the seat's paved network. Paving a village's attachment edge makes it the
  // village's nearest paved edge, so the plan closes exactly the paved_connected gaps.
  // The network already holds every village and the seat as nodes of its attached graph.
  const AttachedGraph& graph = basis.network.attached();
  std::vector<std::uint32_t> terminals;
  std::size_t already_paved = 0;
  for (std::size_t v = 0; v < analysis.villages.size(); ++v) {
    const VillageNetwork& vn = analysis.villages[v].network;
    if (vn.paved_connected) ++already_paved;
    if (!vn.connected || vn.paved_connected) continue;
    if (const auto node = basis.network.village_node(v)) terminals.push_back(*node);
  }
  std::vector<PavingEdge> paving_edges(graph.edge_count());
  for (EdgeId e = 0; e < graph.edge_count(); ++e) {
    paving_edges[e] = {
        graph.edge_u(e), graph.edge_v(e), graph.edge_length_m(e),
        is_paved(project, basis.inputs.roads, graph.base().edge_class(graph.edge_parent(e)))};
  }
  PavingPlan paving;
  if (const auto root = basis.network.seat_node()) {
    paving = plan_paving(graph.node_count(), paving_edges, *root, terminals);
  }
  PlanLayer upgrades;
  upgrades.name = schema::kPavingUpgrades;
  upgrades.geometry = geo::GeometryClass::kLine;
  upgrades.fields = {{"build_order", FieldType::kInteger},
                     {"length_m", FieldType::kReal},
                     {"villages_served", FieldType::kInteger},
                     {"villages_completed", FieldType::kInteger},
                     {"class", FieldType::kString}};
  if (options.cost_per_km) upgrades.fields.push_back({"cost", FieldType::kReal});
  for (std::size_t i = 0; i < paving.upgrades.size(); ++i) {
    const PavingUpgrade& up = paving.upgrades[i];
    const EdgeId e = static_cast<EdgeId>(up.edge);
    const std::uint16_t cls = graph.base().edge_class(graph.edge_parent(e));
    std::vector<FieldValue> row = {static_cast<std::int64_t>(i + 1), round_cm(up.length_m),
                                   static_cast<std::int64_t>(up.villages_served),
                                   static_cast<std::int64_t>(up.villages_completed),
                                   basis.inputs.roads.class_names[cls]};
    if (options.cost_per_km)
      row.push_back(optional_real(cost_of(up.length_m, options.cost_per_km)));
    upgrades.rows.push_back(std::move(row));
    upgrades.lines.push_back(graph.edge_geometry(e, 0.0, graph.edge_length_m(e)));
  }

  ordered_json figures;
  figures["method"] = {
      {"links", "minimum spanning tree over components and unattached villages"},
      {"paving", "Takahashi-Matsuyama Steiner heuristic, within 2(1-1/l) of optimal"}};
  figures["new_links"] = links.links.size();
  figures["new_road_km"] = round_to(links.total_length_m / 1000.0, 1e-3);
  figures["villages_joined"] = joined_total;
  figures["groups_unreached"] = links.unreached_groups.size();
  figures["paving_parts"] = paving.upgrades.size();
  figures["paving_km"] = round_to(paving.total_length_m / 1000.0, 1e-3);
  figures["villages_to_pave"] = terminals.size();
  figures["villages_already_paved"] = already_paved;
  figures["villages_unreachable_for_paving"] = paving.unreachable_terminals.size();
  if (options.cost_per_km) {
    figures["cost"] = round_to(
        (links.total_length_m + paving.total_length_m) / 1000.0 * *options.cost_per_km, 0.01);
  }
  out.figures_json = figures.dump();
  out.layers.push_back(std::move(proposed));
  out.layers.push_back(std::move(upgrades));
  return out;
}

// ---------------------------------------------------------------------------------------------
PlanOutput run_grid_plan(const geo::GeosContext& /*ctx*/, const PlanBasis& basis,
                         const GridPlanOptions& options) {
  const Project& project = basis.project;
  const AnalysisResult& analysis = basis.analysis;
  const std::size_t k = kind_index(project, options.kind, "grid");
  const FacilityKind& kind = project.facilities[k];
  if (!kind.max_m) {
    throw InputError("plan grid: kind '" + kind.name + "' in '" + project.file.string() +
                     "' has no max_m; give the distance a village may lie from the grid");
  }
  std::vector<geo::Polyline> grid;
  for (const auto& geometry : basis.inputs.facilities[k].geometries) {
    for (auto& line : geometry.lines()) grid.push_back(std::move(line));
  }
  if (grid.empty()) {
    throw InputError("plan grid: kind '" + kind.name + "' holds no lines in '" + kind.layer.source +
                     "'; the existing grid must be a line layer");
  }
  std::vector<geo::Point> villages;
  for (const auto& row : analysis.villages) villages.push_back(row.location);
  GridOptions grid_options;
  grid_options.max_m = *kind.max_m;
  grid_options.cost_per_km = options.cost_per_km;
  const GridPlan plan = plan_grid(grid, villages, grid_options);

  PlanLayer layer;
  layer.name = schema::kProposedGrid;
  layer.geometry = geo::GeometryClass::kLine;
  layer.fields = {{"build_order", FieldType::kInteger},
                  {"village", FieldType::kString},
                  {"to", FieldType::kString},
                  {"length_m", FieldType::kReal},
                  {"villages_served", FieldType::kInteger}};
  if (options.cost_per_km) layer.fields.push_back({"cost", FieldType::kReal});
  for (std::size_t i = 0; i < plan.lines.size(); ++i) {
    const PlannedGridLine& line = plan.lines[i];
    std::vector<FieldValue> row = {
        static_cast<std::int64_t>(i + 1), analysis.villages[line.village].id,
        line.to_village ? analysis.villages[*line.to_village].id : std::string("grid"),
        round_cm(line.length_m), static_cast<std::int64_t>(line.villages_served)};
    if (options.cost_per_km) row.push_back(optional_real(line.cost));
    layer.rows.push_back(std::move(row));
    layer.lines.push_back({line.from, line.to});
  }
  ordered_json figures;
  figures["method"] = "Prim's tree rooted at the existing grid";
  figures["kind"] = kind.name;
  figures["villages_to_connect"] = plan.villages_to_connect.size();
  figures["villages_unreached"] = plan.unreached_villages.size();
  figures["new_lines"] = plan.lines.size();
  figures["new_line_km"] = round_to(plan.total_length_m / 1000.0, 1e-3);
  if (plan.total_cost) figures["cost"] = round_to(*plan.total_cost, 0.01);

  PlanOutput out;
  out.name = "grid";
  out.figures_json = figures.dump();
  out.layers.push_back(std::move(layer));
  return out;
}

// ---------------------------------------------------------------------------------------------
namespace {

// Villages within `limit` of each candidate along roads: one search per candidate, bounded by the
// limit and resetting only the nodes it touched, so that its cost is the size of the candidate's
// service area, not of the network.
std::vector<std::vector<std::uint32_t>> network_covers(const PlanBasis& basis,
                                                       const FacilityKind& kind,
                                                       const SitePlanOptions& options) {
  const Network& network = basis.network;
  const AttachedGraph& graph = network.attached();
  const std::size_t n = basis.analysis.villages.size();
  const bool minutes = kind.max_minutes.has_value();
  const double limit = minutes ? *kind.max_minutes : *kind.max_m;
  const std::vector<double> weight = minutes ? network.minutes_weights() : network.length_weights();
  auto leg_cost = [&](double leg_m) { return minutes ? network.access_minutes(leg_m) : leg_m; };
  // Villages waiting at each node, with their own leg cost.
  std::vector<std::vector<std::pair<std::uint32_t, double>>> villages_at(graph.node_count());
  for (std::size_t v = 0; v < n; ++v) {
    if (const auto node = network.village_node(v)) {
      villages_at[*node].push_back(
          {static_cast<std::uint32_t>(v), leg_cost(network.village_leg_m(v))});
    }
  }
  const std::size_t candidate_count =
      options.extra_candidates ? options.candidate_points.size() : n;
  std::vector<std::vector<std::uint32_t>> covers(candidate_count);
  PathSearch search(graph.csr(), weight);
  for (std::size_t c = 0; c < candidate_count; ++c) {
    const auto start = options.extra_candidates ? network.extra_node(c) : network.village_node(c);
    if (!start) continue;  // a site with no road access serves nobody under a network rule
    const double start_leg =
        options.extra_candidates ? network.extra_leg_m(c) : network.village_leg_m(c);
    std::vector<std::uint32_t>& covered = covers[c];
    search.reset();
    search.add_source(*start, leg_cost(start_leg));
    search.run(limit, [&](NodeId u) {
      for (const auto& [village, leg] : villages_at[u]) {
        if (search.cost(u) + leg <= limit) covered.push_back(village);
      }
    });
    std::sort(covered.begin(), covered.end());
    covered.erase(std::unique(covered.begin(), covered.end()), covered.end());
  }
  return covers;
}

std::vector<std::vector<std::uint32_t>> euclid_covers(const AnalysisResult& analysis, double max_m,
                                                      const std::vector<geo::Point>& candidates) {
  geo::SpatialIndex index;
  for (std::size_t v = 0; v < analysis.villages.size(); ++v) {
    geo::Envelope e;
    e.expand(analysis.villages[v].location);
    index.insert(v, e);
  }
  std::vector<std::vector<std::uint32_t>> covers(candidates.size());
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    geo::Envelope window;
    window.expand(candidates[c]);
    index.query(window.grown(max_m), [&](std::size_t v) {
      if (geo::distance_m(candidates[c], analysis.villages[v].location) <= max_m) {
        covers[c].push_back(static_cast<std::uint32_t>(v));
      }
    });
    std::sort(covers[c].begin(), covers[c].end());
  }
  return covers;
}

}  // namespace

PlanOutput run_site_plan(const geo::GeosContext& /*ctx*/, const PlanBasis& basis,
                         const SitePlanOptions& options) {
  const Project& project = basis.project;
  const AnalysisResult& analysis = basis.analysis;
  const std::size_t k = kind_index(project, options.kind, "sites");
  const FacilityKind& kind = project.facilities[k];
  if (!options.count && !options.target_share) {
    throw InputError("plan sites: give --count K or --target SHARE (e.g. 0.95)");
  }
  if (kind.rule == Rule::kWithin) {
    throw InputError("plan sites: kind '" + kind.name +
                     "' uses rule 'within' (service polygons), which a point site cannot extend; "
                     "choose a kind with rule network, euclid or in_village");
  }
  // Candidates: the villages themselves, or the points of a candidates layer.
  std::vector<geo::Point> candidates;
  std::vector<std::string> candidate_ids;
  if (options.extra_candidates) {
    if (kind.rule == Rule::kInVillage) {
      throw InputError("plan sites: kind '" + kind.name +
                       "' uses rule in_village, whose sites are villages; leave --candidates out");
    }
    candidates = options.candidate_points;
    candidate_ids = options.candidate_ids;
  } else {
    for (const auto& row : analysis.villages) {
      candidates.push_back(row.location);
      candidate_ids.push_back(row.id);
    }
  }
  std::vector<std::vector<std::uint32_t>> covers;
  switch (kind.rule) {
    case Rule::kNetwork:
      covers = network_covers(basis, kind, options);
      break;
    case Rule::kEuclid:
      covers = euclid_covers(analysis, *kind.max_m, candidates);
      break;
    case Rule::kInVillage:
      covers.resize(candidates.size());
      for (std::size_t c = 0; c < candidates.size(); ++c)
        covers[c] = {static_cast<std::uint32_t>(c)};
      break;
    case Rule::kWithin:
      break;
  }
  std::vector<double> weights;
  std::vector<std::uint32_t> served;
  for (std::size_t v = 0; v < analysis.villages.size(); ++v) {
    weights.push_back(village_weight(analysis.villages[v], project));
    if (analysis.villages[v].kinds[k].ok) served.push_back(static_cast<std::uint32_t>(v));
  }
  SiteOptions site_options;
  if (options.count) site_options.max_sites = *options.count;
  site_options.target_share = options.target_share;
  const SitePlan plan = plan_sites(covers, weights, site_options, served);

  PlanLayer layer;
  layer.name = schema::kProposedSites;
  layer.geometry = geo::GeometryClass::kPoint;
  layer.fields = {{"pick_order", FieldType::kInteger},
                  {"candidate", FieldType::kString},
                  {"kind", FieldType::kString},
                  {"marginal_gain", FieldType::kReal},
                  {"villages_served", FieldType::kInteger},
                  {"cumulative_share", FieldType::kReal}};
  for (std::size_t i = 0; i < plan.picks.size(); ++i) {
    const SitePick& pick = plan.picks[i];
    layer.rows.push_back({static_cast<std::int64_t>(i + 1), candidate_ids[pick.candidate],
                          kind.name, pick.gain, static_cast<std::int64_t>(pick.demands_added),
                          round_to(pick.covered_share, 1e-6)});
    layer.points.push_back(candidates[pick.candidate]);
  }
  double share_before = 0.0;
  for (auto v : served) share_before += weights[v];
  ordered_json figures;
  figures["method"] = "greedy maximal covering with lazy evaluation (within 1-1/e of optimal)";
  figures["kind"] = kind.name;
  figures["sites"] = plan.picks.size();
  figures["share_before"] =
      plan.total_weight > 0 ? round_to(share_before / plan.total_weight, 1e-6) : 1.0;
  figures["share_after"] = round_to(plan.covered_share, 1e-6);
  if (options.target_share) {
    figures["target_share"] = *options.target_share;
    figures["target_reached"] = plan.target_reached;
  }
  figures["gain_evaluations"] = plan.gain_evaluations;
  PlanOutput out;
  out.name = "sites";
  out.figures_json = figures.dump();
  out.layers.push_back(std::move(layer));
  return out;
}

}  // namespace infracov::analysis
