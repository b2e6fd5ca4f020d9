// New road links and grid extension: a minimum spanning tree over groups of geometries, found by
// Boruvka rounds whose nearest-foreign-element searches run on a uniform grid of cells.
//
// Why not geo::SpatialIndex: the searches here need "nearest element of another component,
// whose link the caller allows", growing until no closer element can exist; a cell grid gives
// that ring by ring with an exact lower bound, keeps this code free of a GEOS context, and is
// cheap to build for a million segments.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>

#include "infracov/analysis/plan.hpp"

namespace infracov::analysis {

namespace {

using geo::Point;

// A point (a == b) or one segment of a line, tagged with where it came from.
struct Element {
  Point a;
  Point b;
  std::uint32_t group = 0;
  std::uint32_t part = 0;         // index into the group's points or lines
  std::uint32_t segment = 0;      // segment index within the line
  std::uint32_t last_vertex = 0;  // index of the line's last vertex
  bool is_point = false;
};

double dot(Point u, Point v) { return u.x * v.x + u.y * v.y; }
double cross(Point u, Point v) { return u.x * v.y - u.y * v.x; }
Point minus(Point u, Point v) { return {u.x - v.x, u.y - v.y}; }

struct Projection {
  Point at;
  double t;  // 0 at a, 1 at b; exactly 0 or 1 at the end points
};

Projection project(Point p, Point a, Point b) {
  const Point ab = minus(b, a);
  const double len2 = dot(ab, ab);
  if (len2 <= 0.0) return {a, 0.0};
  const double t = dot(minus(p, a), ab) / len2;
  if (t <= 0.0) return {a, 0.0};
  if (t >= 1.0) return {b, 1.0};
  return {{a.x + t * ab.x, a.y + t * ab.y}, t};
}

// The shortest segment between two elements: p on the first at parameter s, q on the second at
// parameter t.
struct Closest {
  double d;
  Point p;
  double s;
  Point q;
  double t;
};

Closest closest(const Element& e, const Element& f) {
  // Proper crossing: distance 0 at the crossing point (components crossing without a shared
  // vertex, such as at an overpass, are joined there by a zero-length link).
  const Point ea = minus(e.b, e.a);
  const Point fa = minus(f.b, f.a);
  const double d1 = cross(fa, minus(e.a, f.a));
  const double d2 = cross(fa, minus(e.b, f.a));
  const double d3 = cross(ea, minus(f.a, e.a));
  const double d4 = cross(ea, minus(f.b, e.a));
  if (((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0)) &&
      ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))) {
    const double s = d1 / (d1 - d2);
    const double t = d3 / (d3 - d4);
    const Point at{e.a.x + s * ea.x, e.a.y + s * ea.y};
    return {0.0, at, s, at, t};
  }
  // Otherwise the minimum is reached at an end point of one of them; first candidate wins ties.
  Closest best{std::numeric_limits<double>::infinity(), {}, 0.0, {}, 0.0};
  auto consider = [&best](Point p, double s, Point q, double t) {
    const double d = geo::distance_m(p, q);
    if (d < best.d) best = {d, p, s, q, t};
  };
  const Projection pa = project(e.a, f.a, f.b);
  consider(e.a, 0.0, pa.at, pa.t);
  if (!e.is_point) {
    const Projection pb = project(e.b, f.a, f.b);
    consider(e.b, 1.0, pb.at, pb.t);
  }
  const Projection qa = project(f.a, e.a, e.b);
  consider(qa.at, qa.t, f.a, 0.0);
  if (!f.is_point) {
    const Projection qb = project(f.b, e.a, e.b);
    consider(qb.at, qb.t, f.b, 1.0);
  }
  return best;
}

// A uniform grid of square cells; each element is listed in every cell it passes through.
class CellIndex {
 public:
  struct Range {
    std::int64_t i0, i1, j0, j1;
  };

  explicit CellIndex(std::span<const Element> elements) {
    geo::Envelope extent;
    for (const Element& el : elements) {
      extent.expand(el.a);
      extent.expand(el.b);
    }
    if (extent.empty()) extent.expand(Point{0.0, 0.0});
    min_x_ = extent.min_x;
    min_y_ = extent.min_y;
    const double width = extent.max_x - extent.min_x;
    const double height = extent.max_y - extent.min_y;
    const double n = static_cast<double>(std::max<std::size_t>(elements.size(), 1));
    // About one element per cell; capped so the cell table stays within a few entries per
    // element even for thin extents.
    cell_m_ =
        std::max({std::sqrt(std::max(width * height, 0.0) / n), std::max(width, height) / n, 1e-3});
    const double max_cells = 4.0 * n + 64.0;
    while ((std::floor(width / cell_m_) + 1.0) * (std::floor(height / cell_m_) + 1.0) > max_cells) {
      cell_m_ *= 1.5;
    }
    nx_ = static_cast<std::int64_t>(std::floor(width / cell_m_)) + 1;
    ny_ = static_cast<std::int64_t>(std::floor(height / cell_m_)) + 1;

    const std::size_t cells = static_cast<std::size_t>(nx_ * ny_);
    offsets_.assign(cells + 1, 0);
    for (int pass = 0; pass < 2; ++pass) {
      std::vector<std::uint32_t> fill;
      if (pass == 1) {
        for (std::size_t c = 0; c < cells; ++c) offsets_[c + 1] += offsets_[c];
        ids_.resize(offsets_[cells]);
        fill.assign(offsets_.begin(), offsets_.end() - 1);
      }
      for (std::size_t id = 0; id < elements.size(); ++id) {
        for_each_cell_of(elements[id], [&](std::size_t cell) {
          if (pass == 0) {
            ++offsets_[cell + 1];
          } else {
            ids_[fill[cell]++] = static_cast<std::uint32_t>(id);
          }
        });
      }
    }
  }

  double cell_m() const { return cell_m_; }

  Range range_of(const Element& el) const {
    return {cell_x(std::min(el.a.x, el.b.x)), cell_x(std::max(el.a.x, el.b.x)),
            cell_y(std::min(el.a.y, el.b.y)), cell_y(std::max(el.a.y, el.b.y))};
  }

  // Visits the ids listed in the cells at Chebyshev ring r around `range` (r = 0: the range
  // itself). Elements outside rings 0..r lie farther than r * cell_m() from anything in the
  // range. Returns false once rings 0..r cover the whole grid (nothing is left to find).
  template <class Visit>
  bool visit_ring(const Range& range, std::int64_t r, Visit&& visit) const {
    const std::int64_t i0 = range.i0 - r, i1 = range.i1 + r;
    const std::int64_t j0 = range.j0 - r, j1 = range.j1 + r;
    auto cell = [&](std::int64_t i, std::int64_t j) {
      if (i < 0 || j < 0 || i >= nx_ || j >= ny_) return;
      const std::size_t c = static_cast<std::size_t>(j * nx_ + i);
      for (std::uint32_t k = offsets_[c]; k < offsets_[c + 1]; ++k) visit(ids_[k]);
    };
    if (r == 0) {
      for (std::int64_t j = std::max<std::int64_t>(j0, 0); j <= std::min(j1, ny_ - 1); ++j) {
        for (std::int64_t i = std::max<std::int64_t>(i0, 0); i <= std::min(i1, nx_ - 1); ++i) {
          cell(i, j);
        }
      }
    } else {
      const std::int64_t ilo = std::max<std::int64_t>(i0, 0), ihi = std::min(i1, nx_ - 1);
      if (j0 >= 0) {
        for (std::int64_t i = ilo; i <= ihi; ++i) cell(i, j0);
      }
      if (j1 < ny_) {
        for (std::int64_t i = ilo; i <= ihi; ++i) cell(i, j1);
      }
      const std::int64_t jlo = std::max<std::int64_t>(j0 + 1, 0);
      const std::int64_t jhi = std::min(j1 - 1, ny_ - 1);
      if (i0 >= 0) {
        for (std::int64_t j = jlo; j <= jhi; ++j) cell(i0, j);
      }
      if (i1 < nx_) {
        for (std::int64_t j = jlo; j <= jhi; ++j) cell(i1, j);
      }
    }
    return !(i0 <= 0 && j0 <= 0 && i1 >= nx_ - 1 && j1 >= ny_ - 1);
  }

 private:
  std::int64_t cell_x(double x) const {
    return static_cast<std::int64_t>(std::floor((x - min_x_) / cell_m_));
  }
  std::int64_t cell_y(double y) const {
    return static_cast<std::int64_t>(std::floor((y - min_y_) / cell_m_));
  }

  template <class F>
  void for_each_cell_of(const Element& el, F&& f) const {
    const Range r = range_of(el);
    const std::int64_t i0 = std::clamp<std::int64_t>(r.i0, 0, nx_ - 1);
    const std::int64_t i1 = std::clamp<std::int64_t>(r.i1, 0, nx_ - 1);
    const std::int64_t j0 = std::clamp<std::int64_t>(r.j0, 0, ny_ - 1);
    const std::int64_t j1 = std::clamp<std::int64_t>(r.j1, 0, ny_ - 1);
    // A long diagonal segment would fill its whole bounding box; list it only in the cells it
    // can pass through (centre within half a diagonal of the segment).
    const bool filter = (i1 - i0) >= 2 && (j1 - j0) >= 2;
    const double reach = cell_m_ * 0.7072;
    for (std::int64_t j = j0; j <= j1; ++j) {
      for (std::int64_t i = i0; i <= i1; ++i) {
        if (filter) {
          const Point centre{min_x_ + (static_cast<double>(i) + 0.5) * cell_m_,
                             min_y_ + (static_cast<double>(j) + 0.5) * cell_m_};
          if (geo::distance_m(centre, project(centre, el.a, el.b).at) > reach) continue;
        }
        f(static_cast<std::size_t>(j * nx_ + i));
      }
    }
  }

  double min_x_ = 0.0;
  double min_y_ = 0.0;
  double cell_m_ = 1.0;
  std::int64_t nx_ = 1;
  std::int64_t ny_ = 1;
  std::vector<std::uint32_t> offsets_;
  std::vector<std::uint32_t> ids_;
};

// Grows rings around `source` until no unseen element can be closer than bound(); each element
// is visited at most once per search.
class RingSearch {
 public:
  RingSearch(const CellIndex& index, std::size_t element_count)
      : index_(index), stamp_(element_count, 0) {}

  template <class Bound, class Visit>
  void run(const Element& source, Bound&& bound, Visit&& visit) {
    ++query_;
    const CellIndex::Range range = index_.range_of(source);
    for (std::int64_t r = 0;; ++r) {
      const bool more = index_.visit_ring(range, r, [&](std::uint32_t id) {
        if (stamp_[id] == query_) return;
        stamp_[id] = query_;
        visit(id);
      });
      // Unseen elements now lie at least r cells away. Strict: one at exactly that distance
      // may still win a tie.
      if (!more || bound() < static_cast<double>(r) * index_.cell_m()) return;
    }
  }

 private:
  const CellIndex& index_;
  std::vector<std::uint32_t> stamp_;
  std::uint32_t query_ = 0;
};

// One chosen link between elements ea and eb (ea < eb), with the closest points on each.
struct CoreLink {
  double d = 0.0;
  std::uint32_t ga = 0, gb = 0;  // groups, ga < gb
  std::uint32_t ea = 0, eb = 0;  // elements
  Point pa, pb;
  double sa = 0.0, sb = 0.0;
};

// Strict total order on links, so every Boruvka round picks consistent minima.
bool link_less(const CoreLink& x, const CoreLink& y) {
  if (x.d != y.d) return x.d < y.d;
  if (x.ga != y.ga) return x.ga < y.ga;
  if (x.gb != y.gb) return x.gb < y.gb;
  if (x.ea != y.ea) return x.ea < y.ea;
  return x.eb < y.eb;
}

CoreLink make_link(const std::vector<Element>& elements, std::uint32_t e, std::uint32_t f) {
  const std::uint32_t lo = std::min(e, f), hi = std::max(e, f);
  const Closest c = closest(elements[lo], elements[hi]);
  CoreLink link;
  link.d = c.d;
  link.ea = lo;
  link.eb = hi;
  link.pa = c.p;
  link.sa = c.s;
  link.pb = c.q;
  link.sb = c.t;
  link.ga = elements[lo].group;
  link.gb = elements[hi].group;
  if (link.ga > link.gb) {
    std::swap(link.ga, link.gb);
  }
  return link;
}

struct Forest {
  std::vector<CoreLink> links;  // a spanning forest over groups
};

// Minimum spanning forest over groups (Boruvka). Elements are sorted by group. Components that
// hold `root` are never query sources: their minimum outgoing link is not needed, because every
// other component finds its own, and any set of components' minimum links is safe to add.
Forest boruvka(const std::vector<Element>& elements, std::size_t group_count, std::size_t root,
               double max_link_m, const LineAllowed& allowed) {
  Forest forest;
  std::vector<std::size_t> first(group_count + 1, 0);
  for (const Element& el : elements) ++first[el.group + 1];
  for (std::size_t g = 0; g < group_count; ++g) first[g + 1] += first[g];

  std::vector<std::uint32_t> uf(group_count);
  for (std::size_t g = 0; g < group_count; ++g) uf[g] = static_cast<std::uint32_t>(g);
  auto find = [&uf](std::uint32_t g) {
    while (uf[g] != g) {
      uf[g] = uf[uf[g]];
      g = uf[g];
    }
    return g;
  };
  std::vector<char> isolated(group_count, 0);  // component with no allowed outgoing link
  std::vector<std::uint32_t> comp(group_count);
  std::vector<std::optional<CoreLink>> best(group_count);

  const CellIndex index(elements);
  RingSearch search(index, elements.size());
  const double inf = std::numeric_limits<double>::infinity();

  for (;;) {
    const std::uint32_t root_comp = find(static_cast<std::uint32_t>(root));
    for (std::size_t g = 0; g < group_count; ++g) comp[g] = find(static_cast<std::uint32_t>(g));
    std::fill(best.begin(), best.end(), std::nullopt);
    std::vector<std::uint32_t> sources;  // components searched this round
    for (std::size_t g = 0; g < group_count; ++g) {
      const std::uint32_t c = comp[g];
      if (c == root_comp || isolated[c]) continue;
      if (c == g) sources.push_back(c);
      for (std::size_t e = first[g]; e < first[g + 1]; ++e) {
        std::optional<CoreLink>& b = best[c];
        search.run(
            elements[e], [&] { return b ? b->d : inf; },
            [&](std::uint32_t f) {
              if (comp[elements[f].group] == c) return;
              const CoreLink link = make_link(elements, static_cast<std::uint32_t>(e), f);
              if (link.d > max_link_m) return;
              if (b && !link_less(link, *b)) return;
              if (allowed && !allowed(link.pa, link.pb)) return;
              b = link;
            });
      }
    }
    bool merged = false;
    for (const std::uint32_t c : sources) {
      if (!best[c]) {
        isolated[c] = 1;  // the candidate graph never changes, so it stays cut off
        continue;
      }
      const std::uint32_t a = find(best[c]->ga), b = find(best[c]->gb);
      if (a == b) continue;  // the same link, chosen from both sides
      uf[std::max(a, b)] = std::min(a, b);
      forest.links.push_back(*best[c]);
      merged = true;
    }
    if (!merged) break;
  }
  return forest;
}

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

// The forest oriented from the root group: for each link, which end is the child (far) side,
// the links in build order, and who depends on whom.
struct OrientedTree {
  struct Link {
    std::size_t core = 0;  // index into forest.links
    std::uint32_t child = 0, parent = 0;
    std::size_t parent_link = kNoParent;  // oriented link that reaches `parent`
    std::size_t served = 0;
  };
  std::vector<Link> links;         // in discovery (breadth-first) order
  std::vector<std::size_t> order;  // indices into links, in build order
  std::vector<char> reached;       // per group
};

OrientedTree orient(const Forest& forest, std::size_t group_count, std::size_t root,
                    const std::vector<std::size_t>& villages) {
  OrientedTree tree;
  std::vector<std::vector<std::size_t>> adj(group_count);
  for (std::size_t k = 0; k < forest.links.size(); ++k) {
    adj[forest.links[k].ga].push_back(k);
    adj[forest.links[k].gb].push_back(k);
  }
  tree.reached.assign(group_count, 0);
  std::vector<std::size_t> link_to(group_count, kNoParent);
  std::deque<std::uint32_t> queue{static_cast<std::uint32_t>(root)};
  tree.reached[root] = 1;
  while (!queue.empty()) {
    const std::uint32_t g = queue.front();
    queue.pop_front();
    for (const std::size_t k : adj[g]) {
      const CoreLink& cl = forest.links[k];
      const std::uint32_t other = cl.ga == g ? cl.gb : cl.ga;
      if (tree.reached[other]) continue;
      tree.reached[other] = 1;
      link_to[other] = tree.links.size();
      tree.links.push_back({k, other, g, link_to[g], 0});
      queue.push_back(other);
    }
  }
  // Villages served: every group below the link, summed leaves-first.
  for (OrientedTree::Link& l : tree.links) l.served = villages[l.child];
  for (std::size_t k = tree.links.size(); k-- > 0;) {
    const std::size_t up = tree.links[k].parent_link;
    if (up != kNoParent) tree.links[up].served += tree.links[k].served;
  }
  std::vector<std::size_t> parent(tree.links.size());
  std::vector<double> benefit(tree.links.size()), cost_km(tree.links.size());
  for (std::size_t k = 0; k < tree.links.size(); ++k) {
    parent[k] = tree.links[k].parent_link;
    benefit[k] = static_cast<double>(villages[tree.links[k].child]);
    cost_km[k] = forest.links[tree.links[k].core].d / 1000.0;
  }
  tree.order = build_order_on_tree(parent, benefit, cost_km);
  return tree;
}

}  // namespace

LinkPlan plan_links(std::span<const LinkGroup> groups, const LinkOptions& options) {
  if (options.main_group >= groups.size()) {
    throw std::invalid_argument("plan_links: main_group " + std::to_string(options.main_group) +
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
    const CellIndex index(grid_elements);
    RingSearch search(index, grid_elements.size());
    for (std::size_t v = 0; v < villages.size(); ++v) {
      Element probe;
      probe.a = probe.b = villages[v];
      probe.is_point = true;
      double nearest_m = std::numeric_limits<double>::infinity();
      search.run(
          probe, [&] { return nearest_m; },
          [&](std::uint32_t f) {
            const Element& el = grid_elements[f];
            nearest_m = std::min(nearest_m,
                                 geo::distance_m(villages[v], project(villages[v], el.a, el.b).at));
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
