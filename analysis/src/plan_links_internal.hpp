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

// A uniform grid of square cells; each element is listed in every cell it passes through.
class CellIndex {
 public:
  struct Range {
    std::int64_t i0, i1, j0, j1;
  };

  explicit CellIndex(std::span<const Element> elements);

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
          if (geo::distance_m(centre, project(centre, el.a, el.b).point) > reach) continue;
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
