// Planning: the cheapest upgrades that close coverage gaps. Pure algorithms on plain types (no
// GDAL, no GEOS, no files): the caller extracts groups, graphs and coverage sets from the network
// and writes the results. Every function is deterministic: ties are broken by the lowest index.
//
//   plan_links   new straight road links joining every road component / isolated village to the
//                main component (minimum spanning tree over groups, exact for its candidate set)
//   plan_paving  unpaved edges to pave so every village reaches the seat on paved roads
//                (Steiner tree, Takahashi-Matsuyama heuristic, within 2(1-1/l) of optimal)
//   plan_grid    new power lines joining villages beyond max_m to the existing grid
//                (the Prim tree rooted at the grid, exact)
//   plan_sites   facility sites covering the most weight (greedy maximal covering, CELF lazy
//                evaluation, within 1-1/e of optimal)
//
// Lengths are metres in the analysis CRS; costs are per kilometre.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "infracov/geo/types.hpp"

namespace infracov::analysis {

// ---------------------------------------------------------------------------------------------
// Build order on a tree of works
//
// Works form an out-tree hanging from something already built (the main component, the paved
// network, the grid): parent[i] is the work that must exist before work i is useful, or
// kNoParent when i hangs directly from what exists. benefit[i] >= 0 is what completing i adds
// (villages it connects once its ancestors exist), cost[i] >= 0 its size (km).
//
// Rule: the order that respects the tree and maximises the villages connected per km built at
// every budget, i.e. minimises sum_i benefit[i] * (cost built up to and including i). This is
// Horn's algorithm (1972) for 1|outtree|sum w_j C_j, which is optimal: repeatedly take the work
// (or already merged chain) with the highest benefit/cost and append it right after its parent's
// chain. A zero-cost work has an infinite ratio. Ties go to the lowest index.
// Returns the permutation of 0..n-1 (first to build first). Throws InternalError when
// the spans differ in size, a parent is out of range or the parents contain a cycle.
inline constexpr std::size_t kNoParent = std::numeric_limits<std::size_t>::max();
std::vector<std::size_t> build_order_on_tree(std::span<const std::size_t> parent,
                                             std::span<const double> benefit,
                                             std::span<const double> cost);

// Optional veto on a proposed straight line (e.g. "does not cross an avoid polygon"); the GEOS
// test lives with the caller. Empty means every line is allowed.
using LineAllowed = std::function<bool(geo::Point from, geo::Point to)>;

// Where one end of a proposed line lies.
enum class LineEndKind {
  kPoint,       // on a point of the group (a village)
  kLineEnd,     // on the first or last vertex of a line: an existing node
  kLineVertex,  // on an inner vertex of a line: applying the plan makes it a junction
  kLineMiddle,  // inside a segment: applying the plan adds a vertex there
};

struct LineEnd {
  geo::Point at;
  std::size_t group = 0;
  LineEndKind kind = LineEndKind::kPoint;
  std::size_t part = 0;     // index into the group's points (kPoint) or lines (others)
  std::size_t segment = 0;  // segment of that line holding `at` (kLineMiddle: the one to split);
                            // for kLineEnd / kLineVertex the vertex index is given by `vertex`
  std::size_t vertex = 0;   // vertex index in the line (kLineEnd / kLineVertex)
};

// ---------------------------------------------------------------------------------------------
// 1. New road links (plan roads, part a)

// A group: the main road component, another component holding villages (its line parts), or a
// village with no road access (one point). A group may mix lines and points.
struct LinkGroup {
  std::vector<geo::Polyline> lines;
  std::vector<geo::Point> points;
  std::size_t villages = 0;  // villages the group holds (what linking it brings in)
};

struct LinkOptions {
  std::size_t main_group = 0;
  // Links longer than this are never proposed (groups that need one stay unreached).
  double max_link_m = std::numeric_limits<double>::infinity();
  LineAllowed link_allowed;
};

struct PlannedLink {
  LineEnd near_end;  // on the group that already reaches the main group once earlier links exist
  LineEnd far_end;   // on the group this link brings in
  double length_m = 0.0;
  std::size_t villages_joined = 0;  // villages of the far group itself
  std::size_t villages_served = 0;  // villages of every group that reaches the main only via this
  std::optional<std::size_t> depends_on;  // index in LinkPlan::links of the link to build first
};

struct LinkPlan {
  std::vector<PlannedLink>
      links;  // in build order (build_order_on_tree, benefit = villages_joined)
  double total_length_m = 0.0;
  std::vector<std::size_t> unreached_groups;  // no allowed link within max_link_m; ascending
};

// Connects every group to the main group at least total new straight length.
// Candidate links: for every pair of elements (a point, or a segment of a line) of different
// groups, the shortest segment between them (closest points; 0 where lines cross), kept when
// within max_link_m and link_allowed. Between two groups the candidate is the shortest kept one.
// Guarantee: the result is an exact minimum spanning forest over groups for that candidate set
// (Boruvka rounds with nearest-foreign-element searches on a uniform grid index, growing rings
// until no closer element can exist; no k-nearest truncation). Without link_allowed this is the
// MST under the true minimum distance between group geometries. With link_allowed, a pair whose
// closest-point segment is vetoed may still be joined by another element pair, never by a
// non-closest-point segment (an approximation of "shortest allowed segment").
// Work: only elements outside the growing main component are query sources, so a 1,000,000-
// segment main component is only indexed. Throws InternalError for a bad main_group.
LinkPlan plan_links(std::span<const LinkGroup> groups, const LinkOptions& options = {});

// ---------------------------------------------------------------------------------------------
// 2. Paving (plan roads, part b)

struct PavingEdge {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  double length_m = 0.0;
  bool paved = false;
};

struct PavingUpgrade {
  std::size_t edge = 0;  // index into the edges given
  double length_m = 0.0;
  std::size_t villages_served = 0;        // villages whose paved route to the root uses this edge
  std::size_t villages_completed = 0;     // villages it finishes when built in this order
  std::optional<std::size_t> depends_on;  // index in PavingPlan::upgrades of the next unpaved
                                          // edge towards the root (built earlier)
};

struct PavingPlan {
  std::vector<PavingUpgrade> upgrades;  // in build order (benefit = villages_completed)
  double total_length_m = 0.0;
  std::size_t villages_already_paved = 0;          // terminals on paved roads to the root already
  std::vector<std::size_t> unreachable_terminals;  // indices into terminal_nodes; ascending
};

// Chooses unpaved edges so every terminal reaches `root` over paved edges, at least total paved
// length: a Steiner tree where paved edges cost 0 and unpaved ones their length.
// Heuristic: Takahashi-Matsuyama (shortest-path heuristic): grow a tree from the root, each time
// adding the cheapest path to the nearest terminal not yet in it. Cost <= 2(1 - 1/l) * optimum,
// l = leaves of an optimal tree (<= distinct terminals + root). Exact when the graph is a tree.
// One multi-source Dijkstra serves all terminals: nodes of each added path become sources at
// distance 0 and only the region they bring closer is scanned again, so 12,000 terminals on a
// 1,000,000-edge graph need no per-terminal search.
// terminal_nodes holds one entry per village (repeat a node for several villages).
// Throws InternalError for out-of-range nodes, InputError for a negative or non-finite
// length.
PavingPlan plan_paving(std::size_t node_count, std::span<const PavingEdge> edges,
                       std::uint32_t root, std::span<const std::uint32_t> terminal_nodes);

// ---------------------------------------------------------------------------------------------
// 3. Grid extension (plan grid)

struct GridOptions {
  double max_m = 1000.0;              // villages farther than this from the grid need a line
  std::optional<double> cost_per_km;  // fills PlannedGridLine::cost
  LineAllowed line_allowed;
};

struct PlannedGridLine {
  std::size_t village = 0;                // the village this line connects (index into villages)
  geo::Point from;                        // at that village
  geo::Point to;                          // on the grid or at the parent village
  std::optional<std::size_t> to_village;  // parent village, or nullopt for the existing grid ...
  LineEnd grid_end;                       // ... then where on the grid (group 0, part = grid line)
  double length_m = 0.0;
  std::size_t villages_served = 0;        // this village and every village connected through it
  std::optional<double> cost;             // length_km * cost_per_km
  std::optional<std::size_t> depends_on;  // index in GridPlan::lines of the parent's line
};

struct GridPlan {
  std::vector<PlannedGridLine> lines;  // in build order (benefit 1 per village)
  double total_length_m = 0.0;
  std::optional<double> total_cost;
  std::vector<std::size_t> villages_to_connect;  // farther than max_m from the grid; ascending
  std::vector<std::size_t> unreached_villages;   // no allowed line (or no grid at all)
};

// Connects every village farther than max_m from the grid at least total new length: each
// connects to the nearest point of the existing grid or to an already connected village.
// Guarantee: exact. The tree is the minimum spanning tree of {grid as one node} + villages,
// which is the tree Prim's algorithm grows from the grid; it is computed with plan_links'
// Boruvka core (same tree, unique under the tie rule) so it scales past dense Prim's n^2.
// Villages within max_m are served already and are not used as relays.
GridPlan plan_grid(std::span<const geo::Polyline> grid, std::span<const geo::Point> villages,
                   const GridOptions& options);

// ---------------------------------------------------------------------------------------------
// 4. Site selection (plan sites)

struct SiteOptions {
  std::size_t max_sites = std::numeric_limits<std::size_t>::max();
  std::optional<double> target_share;  // stop once covered weight / total weight reaches this
  bool lazy = true;                    // CELF; false = plain greedy (same picks, more work)
};

struct SitePick {
  std::size_t candidate = 0;
  double gain = 0.0;              // weight newly covered by this site
  std::size_t demands_added = 0;  // demand points newly covered
  double covered_weight = 0.0;    // cumulative, including already_covered
  double covered_share = 0.0;     // covered_weight / total weight
};

struct SitePlan {
  std::vector<SitePick> picks;  // in pick order
  double total_weight = 0.0;
  double covered_weight = 0.0;
  double covered_share = 0.0;        // 1 when the total weight is 0
  bool target_reached = false;       // false without target_share
  std::size_t gain_evaluations = 0;  // marginal gains computed (shows what laziness saves)
};

// Greedy maximal covering: picks, one at a time, the candidate that newly covers the most weight
// (ties: lowest index), until max_sites picks, target_share reached, or no candidate adds
// weight. covers[c] lists the demand points (indices into weights) candidate c covers under the
// kind's rule; already_covered lists demand points served by existing facilities.
// Guarantee: covered weight >= (1 - 1/e) of the best choice of the same number of sites
// (Nemhauser-Wolsey-Fisher). Lazy evaluation (CELF) makes exactly the same picks as plain
// greedy: coverage is submodular, so a stale gain bounds the fresh one from above.
// Throws InternalError for an out-of-range demand index, InputError for a negative or
// non-finite weight.
SitePlan plan_sites(std::span<const std::vector<std::uint32_t>> covers,
                    std::span<const double> weights, const SiteOptions& options = {},
                    std::span<const std::uint32_t> already_covered = {});

}  // namespace infracov::analysis
