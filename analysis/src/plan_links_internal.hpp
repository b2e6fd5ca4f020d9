// Internals of plan_links and plan_grid shared by plan_links*.cpp: the elements (points and
// segments) links join, the cell grid that finds the nearest ones, and the spanning forest.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "infracov/analysis/plan.hpp"
#include "infracov/geo/spatial_index.hpp"

// Nested so that these short names (Element, Forest, orient) stay apart from the rest of
// infracov::analysis.
namespace infracov::analysis::spanning {

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

// Nearest point of segment ab to p (geo's one projection).
inline geo::SegmentProjection project(Point p, Point a, Point b) {
  return geo::project_onto_segment(p, a, b);
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

Closest closest(const Element& e, const Element& f);

// The elements in geo's one spatial index, for "nearest element of another component whose link
// the caller allows" searches that grow until no closer element can exist.
class ElementSearch {
 public:
  explicit ElementSearch(std::span<const Element> elements) {
    for (std::size_t id = 0; id < elements.size(); ++id) index_.insert(id, envelope(elements[id]));
  }

  // Visits every element whose envelope lies within bound() of the source's (bound() may
  // shrink as visit finds better ones), in windows growing from the elements' typical spacing;
  // an element may be visited more than once. An element's distance is at least its envelope's,
  // so none left unvisited can be closer, nor tie.
  template <class Bound, class Visit>
  void run(const Element& source, Bound&& bound, Visit&& visit) const {
    const geo::Envelope all = index_.bounds();
    if (all.empty()) return;
    const geo::Envelope from = envelope(source);
    for (double r = index_.spacing_m();; r *= 4.0) {
      const geo::Envelope window = from.grown(r);
      index_.query(window, [&](std::size_t id) { visit(static_cast<std::uint32_t>(id)); });
      const bool covers_all = window.min_x <= all.min_x && window.min_y <= all.min_y &&
                              window.max_x >= all.max_x && window.max_y >= all.max_y;
      if (bound() <= r || covers_all) return;
    }
  }

 private:
  static geo::Envelope envelope(const Element& el) {
    geo::Envelope e;
    e.expand(el.a);
    e.expand(el.b);
    return e;
  }
  geo::SpatialIndex index_;
};

// One chosen link between elements ea and eb (ea < eb), with the closest points on each.
struct CoreLink {
  double d = 0.0;
  std::uint32_t ga = 0, gb = 0;  // groups, ga < gb
  std::uint32_t ea = 0, eb = 0;  // elements
  Point pa, pb;
  double sa = 0.0, sb = 0.0;
};

struct Forest {
  std::vector<CoreLink> links;  // a spanning forest over groups
};

// Minimum spanning forest over groups (Boruvka); elements sorted by group.
Forest boruvka(const std::vector<Element>& elements, std::size_t group_count, std::size_t root,
               double max_link_m, const LineAllowed& allowed);

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
                    const std::vector<std::size_t>& villages);

}  // namespace infracov::analysis::spanning
