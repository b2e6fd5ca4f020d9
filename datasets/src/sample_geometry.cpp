// Plane helpers for the banner sample synthesis: the bucketed boundary, and the line edits the
// road and power layouts need (detours around discs, bent lines, noding of crossings).
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <utility>

#include "sample_synthesis.hpp"

namespace infracov::datasets::detail::synthesis {

Boundary::Boundary(const Polyline& ring) : ring_(ring) {
  for (const auto& p : ring) box_.expand(p);
  columns_ = static_cast<std::size_t>((box_.max_x - box_.min_x) / kCellM) + 1;
  rows_ = static_cast<std::size_t>((box_.max_y - box_.min_y) / kCellM) + 1;
  cells_.resize(columns_ * rows_);
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    geo::Envelope e;
    e.expand(ring[i]);
    e.expand(ring[i + 1]);
    for (std::size_t r = row(e.min_y); r <= row(e.max_y); ++r) {
      for (std::size_t c = column(e.min_x); c <= column(e.max_x); ++c)
        cells_[r * columns_ + c].push_back(i);
    }
  }
}

double Boundary::distance_m(Point p, double cap_m) const {
  double best = cap_m;
  for (std::size_t r = row(p.y - cap_m); r <= row(p.y + cap_m); ++r) {
    for (std::size_t c = column(p.x - cap_m); c <= column(p.x + cap_m); ++c) {
      for (std::size_t i : cells_[r * columns_ + c]) {
        best = std::min(best, segment_distance_m(p, ring_[i], ring_[i + 1]));
      }
    }
  }
  return best;
}

// Replaces every part of `line` that enters the disc (centre, radius) by an arc outside it. The arc
// radius grows with `uses` so two detours around one disc never overlap.
void detour_around(Polyline& line, Point centre, double radius_m, int& uses) {
  for (auto& p : line) {
    const double d = distance_m(p, centre);
    if (d < radius_m + 100.0) {
      const Point dir = d > 0.0 ? unit(p - centre) : Point{1.0, 0.0};
      p = centre + dir * (radius_m + 250.0);
    }
  }
  Polyline out;
  out.push_back(line.front());
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const Point a = line[i];
    const Point b = line[i + 1];
    if (segment_distance_m(centre, a, b) < radius_m + 100.0) {
      const double arc_m = radius_m + 180.0 + 90.0 * uses;
      const double ta = std::atan2(a.y - centre.y, a.x - centre.x);
      const double tb = std::atan2(b.y - centre.y, b.x - centre.x);
      double sweep = tb - ta;
      while (sweep > kPi) sweep -= 2 * kPi;
      while (sweep <= -kPi) sweep += 2 * kPi;
      // A small angular inset per use keeps the legs of two detours from one vertex apart.
      const double inset = 0.004 * (uses + 1) * (sweep >= 0 ? 1.0 : -1.0);
      const double from = ta + inset;
      const double to = tb - inset;
      const int steps = std::max(2, static_cast<int>(std::ceil(std::abs(to - from) / (kPi / 18))));
      for (int s = 0; s <= steps; ++s) {
        out.push_back(centre + polar(arc_m, from + (to - from) * s / steps));
      }
      ++uses;
    }
    out.push_back(b);
  }
  line = std::move(out);
}

// A line from a to b with `bends` interior vertices pushed sideways by up to `wiggle` of its
// length.
Polyline bent_line(Random& rng, Point a, Point b, int bends, double wiggle) {
  Polyline out{a};
  const Point side = perpendicular(b - a);
  for (int i = 1; i <= bends; ++i) {
    const double t = static_cast<double>(i) / (bends + 1);
    out.push_back(a + (b - a) * t + side * rng.uniform(-wiggle, wiggle));
  }
  out.push_back(b);
  return out;
}

namespace {

struct SegmentRef {
  std::size_t line;
  std::size_t seg;
};

}  // namespace

// Gives every proper crossing between lines a vertex shared by both (the same double values), so
// the lines meet there as DESIGN.md's noding sees it.
void node_crossings(std::vector<Line>& lines) {
  std::vector<SegmentRef> segs;
  std::vector<geo::Envelope> boxes;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    for (std::size_t s = 0; s + 1 < lines[l].v.size(); ++s) {
      segs.push_back({l, s});
      geo::Envelope e;
      e.expand(lines[l].v[s]);
      e.expand(lines[l].v[s + 1]);
      boxes.push_back(e);
    }
  }
  // Per line and segment: (parameter, point) of the crossings found on it.
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::pair<double, Point>>> inserts;
  std::vector<std::size_t> order(segs.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t i, std::size_t j) { return boxes[i].min_x < boxes[j].min_x; });
  for (std::size_t oi = 0; oi < order.size(); ++oi) {
    const std::size_t i = order[oi];
    for (std::size_t oj = oi + 1; oj < order.size(); ++oj) {
      const std::size_t j = order[oj];
      if (boxes[j].min_x > boxes[i].max_x) break;
      if (boxes[j].min_y > boxes[i].max_y || boxes[j].max_y < boxes[i].min_y) continue;
      if (segs[i].line == segs[j].line) continue;
      const Line& li = lines[segs[i].line];
      const Line& lj = lines[segs[j].line];
      const auto c = proper_crossing(li.v[segs[i].seg], li.v[segs[i].seg + 1], lj.v[segs[j].seg],
                                     lj.v[segs[j].seg + 1]);
      if (!c) continue;
      inserts[{segs[i].line, segs[i].seg}].push_back({c->t, c->at});
      inserts[{segs[j].line, segs[j].seg}].push_back({c->u, c->at});
    }
  }
  for (std::size_t l = 0; l < lines.size(); ++l) {
    Polyline out;
    const Polyline& v = lines[l].v;
    for (std::size_t s = 0; s + 1 < v.size(); ++s) {
      out.push_back(v[s]);
      auto it = inserts.find({l, s});
      if (it == inserts.end()) continue;
      auto cuts = it->second;
      std::sort(cuts.begin(), cuts.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& cut : cuts) out.push_back(cut.second);
    }
    out.push_back(v.back());
    lines[l].v = std::move(out);
  }
}

}  // namespace infracov::datasets::detail::synthesis
