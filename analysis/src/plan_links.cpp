// New road links and grid extension: a minimum spanning tree over groups of geometries, found by
// Boruvka rounds whose nearest-foreign-element searches run on a uniform grid of cells.
//
// The elements, the cell grid and the forest live in plan_links_index.cpp and
// plan_links_forest.cpp; this file turns groups into elements and the forest into plans.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "infracov/analysis/plan.hpp"
#include "infracov/geo/error.hpp"
#include "plan_links_internal.hpp"

namespace infracov::analysis {

namespace {

using geo::Point;
using spanning::boruvka;
using spanning::CoreLink;
using spanning::Element;
using spanning::ElementSearch;
using spanning::Forest;
using spanning::orient;
using spanning::OrientedTree;
using spanning::project;

LineEnd make_end(const Element& el, Point at, double s) {
  LineEnd end;
  end.at = at;
  end.group = el.group;
  end.part = el.part;
  if (el.is_point) {
    end.kind = LineEndKind::kPoint;
    return end;
  }
  end.segment = el.segment;
  if (s > 0.0 && s < 1.0) {
    end.kind = LineEndKind::kLineMiddle;
    end.vertex = el.segment;
    return end;
  }
  end.vertex = s <= 0.0 ? el.segment : el.segment + 1;
  end.at = s <= 0.0 ? el.a : el.b;
  end.kind = (end.vertex == 0 || end.vertex == el.last_vertex) ? LineEndKind::kLineEnd
                                                               : LineEndKind::kLineVertex;
  return end;
}

void add_group_elements(const LinkGroup& group, std::uint32_t g, std::vector<Element>& out) {
  for (std::size_t p = 0; p < group.points.size(); ++p) {
    Element el;
    el.a = el.b = group.points[p];
    el.group = g;
    el.part = static_cast<std::uint32_t>(p);
    el.is_point = true;
    out.push_back(el);
  }
  for (std::size_t l = 0; l < group.lines.size(); ++l) {
    const geo::Polyline& line = group.lines[l];
    if (line.empty()) continue;
    Element el;
    el.group = g;
    el.part = static_cast<std::uint32_t>(l);
    el.last_vertex = static_cast<std::uint32_t>(line.size() - 1);
    if (line.size() == 1) {
      el.a = el.b = line[0];
      out.push_back(el);
      continue;
    }
    for (std::size_t s = 0; s + 1 < line.size(); ++s) {
      el.a = line[s];
      el.b = line[s + 1];
      el.segment = static_cast<std::uint32_t>(s);
      out.push_back(el);
    }
  }
}

}  // namespace

LinkPlan plan_links(std::span<const LinkGroup> groups, const LinkOptions& options) {
  if (options.main_group >= groups.size()) {
    throw InternalError("plan_links: main_group " + std::to_string(options.main_group) +
                        " is out of range (" + std::to_string(groups.size()) + " groups)");
  }
  std::vector<Element> elements;
  std::vector<std::size_t> villages(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    add_group_elements(groups[g], static_cast<std::uint32_t>(g), elements);
    villages[g] = groups[g].villages;
  }
  const Forest forest = boruvka(elements, groups.size(), options.main_group, options.max_link_m,
                                options.link_allowed);
  const OrientedTree tree = orient(forest, groups.size(), options.main_group, villages);

  LinkPlan plan;
  std::vector<std::size_t> position(tree.links.size());
  for (std::size_t k = 0; k < tree.order.size(); ++k) position[tree.order[k]] = k;
  for (const std::size_t k : tree.order) {
    const OrientedTree::Link& l = tree.links[k];
    const CoreLink& cl = forest.links[l.core];
    const bool a_is_child = elements[cl.ea].group == l.child;
    PlannedLink link;
    const LineEnd end_a = make_end(elements[cl.ea], cl.pa, cl.sa);
    const LineEnd end_b = make_end(elements[cl.eb], cl.pb, cl.sb);
    link.far_end = a_is_child ? end_a : end_b;
    link.near_end = a_is_child ? end_b : end_a;
    link.length_m = cl.d;
    link.villages_joined = villages[l.child];
    link.villages_served = l.served;
    if (l.parent_link != kNoParent) link.depends_on = position[l.parent_link];
    plan.total_length_m += cl.d;
    plan.links.push_back(link);
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (!tree.reached[g]) plan.unreached_groups.push_back(g);
  }
  return plan;
}

GridPlan plan_grid(std::span<const geo::Polyline> grid, std::span<const geo::Point> villages,
                   const GridOptions& options) {
  GridPlan plan;
  LinkGroup grid_group;
  grid_group.lines.assign(grid.begin(), grid.end());
  std::vector<Element> grid_elements;
  add_group_elements(grid_group, 0, grid_elements);
  if (grid_elements.empty()) {
    for (std::size_t v = 0; v < villages.size(); ++v) {
      plan.villages_to_connect.push_back(v);
      plan.unreached_villages.push_back(v);
    }
    return plan;
  }

  // Which villages lie beyond max_m of the grid: one nearest search each.
  {
    const ElementSearch search(grid_elements);
    for (std::size_t v = 0; v < villages.size(); ++v) {
      Element probe;
      probe.a = probe.b = villages[v];
      probe.is_point = true;
      double nearest_m = std::numeric_limits<double>::infinity();
      search.run(
          probe, [&] { return nearest_m; },
          [&](std::uint32_t f) {
            const Element& el = grid_elements[f];
            nearest_m = std::min(
                nearest_m, geo::distance_m(villages[v], project(villages[v], el.a, el.b).point));
          });
      if (nearest_m > options.max_m) plan.villages_to_connect.push_back(v);
    }
  }

  // Group 0 is the grid, group k + 1 the k-th village to connect.
  std::vector<Element> elements = std::move(grid_elements);
  std::vector<std::size_t> counts(plan.villages_to_connect.size() + 1, 1);
  counts[0] = 0;
  for (std::size_t k = 0; k < plan.villages_to_connect.size(); ++k) {
    Element el;
    el.a = el.b = villages[plan.villages_to_connect[k]];
    el.group = static_cast<std::uint32_t>(k + 1);
    el.is_point = true;
    elements.push_back(el);
  }
  const std::size_t group_count = counts.size();
  const Forest forest = boruvka(elements, group_count, 0, std::numeric_limits<double>::infinity(),
                                options.line_allowed);
  const OrientedTree tree = orient(forest, group_count, 0, counts);

  std::vector<std::size_t> position(tree.links.size());
  for (std::size_t k = 0; k < tree.order.size(); ++k) position[tree.order[k]] = k;
  for (const std::size_t k : tree.order) {
    const OrientedTree::Link& l = tree.links[k];
    const CoreLink& cl = forest.links[l.core];
    const bool a_is_child = elements[cl.ea].group == l.child;
    const LineEnd far_end = make_end(elements[a_is_child ? cl.ea : cl.eb],
                                     a_is_child ? cl.pa : cl.pb, a_is_child ? cl.sa : cl.sb);
    const LineEnd near_end = make_end(elements[a_is_child ? cl.eb : cl.ea],
                                      a_is_child ? cl.pb : cl.pa, a_is_child ? cl.sb : cl.sa);
    PlannedGridLine line;
    line.village = plan.villages_to_connect[l.child - 1];
    line.from = far_end.at;
    line.to = near_end.at;
    if (l.parent == 0) {
      line.grid_end = near_end;
    } else {
      line.to_village = plan.villages_to_connect[l.parent - 1];
    }
    line.length_m = cl.d;
    line.villages_served = l.served;
    if (options.cost_per_km) line.cost = cl.d / 1000.0 * *options.cost_per_km;
    if (l.parent_link != kNoParent) line.depends_on = position[l.parent_link];
    plan.total_length_m += cl.d;
    plan.lines.push_back(line);
  }
  if (options.cost_per_km) plan.total_cost = plan.total_length_m / 1000.0 * *options.cost_per_km;
  for (std::size_t k = 0; k < plan.villages_to_connect.size(); ++k) {
    if (!tree.reached[k + 1]) plan.unreached_villages.push_back(plan.villages_to_connect[k]);
  }
  return plan;
}

}  // namespace infracov::analysis
