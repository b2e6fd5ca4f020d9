// Sample synthesis, first steps: the grid over the banner, the towns with their seats (k-means)
// and the highway mesh between seats with its road classes.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>

#include "infracov/geo/union_find.hpp"
#include "sample_synthesis.hpp"

namespace infracov::datasets::detail::synthesis {

void Builder::make_grid() {
  const geo::Envelope& box = boundary_.box();
  for (double y = box.min_y + kGridStepM / 2; y < box.max_y; y += kGridStepM) {
    for (double x = box.min_x + kGridStepM / 2; x < box.max_x; x += kGridStepM) {
      const Point p{x, y};
      if (!boundary_.contains(p)) continue;
      grid_.push_back(p);
      grid_margin_.push_back(boundary_.distance_m(p, kGridMarginCapM));
    }
  }
}

// k-means over the grid: seats end up at the centres of similar shares of the banner.
void Builder::make_towns() {
  std::map<std::string, std::size_t> town_of_code;
  for (std::size_t r = 0; r < records_.size(); ++r) {
    auto [it, added] = town_of_code.try_emplace(records_[r].town_code, model_.towns.size());
    if (added) model_.towns.push_back({records_[r].town_code, records_[r].town_name, {}, {}});
    model_.towns[it->second].villages.push_back(r);
  }
  const std::size_t k = model_.towns.size();
  std::vector<Point> centres;
  centres.push_back(grid_[rng_.index(grid_.size())]);
  while (centres.size() < k) {  // k-means++ seeding, with our own random source
    std::vector<double> weight(grid_.size());
    double total = 0.0;
    for (std::size_t g = 0; g < grid_.size(); ++g) {
      double best = std::numeric_limits<double>::infinity();
      for (const auto& c : centres) best = std::min(best, distance_m(grid_[g], c));
      weight[g] = best * best;
      total += weight[g];
    }
    double pick = rng_.uniform() * total;
    std::size_t g = 0;
    while (g + 1 < grid_.size() && pick >= weight[g]) pick -= weight[g++];
    centres.push_back(grid_[g]);
  }
  for (int iteration = 0; iteration < 40; ++iteration) {
    std::vector<Point> sum(k);
    std::vector<double> count(k, 0.0);
    for (const auto& p : grid_) {
      std::size_t best = 0;
      for (std::size_t c = 1; c < k; ++c) {
        if (distance_m(p, centres[c]) < distance_m(p, centres[best])) best = c;
      }
      sum[best] = sum[best] + p;
      count[best] += 1.0;
    }
    for (std::size_t c = 0; c < k; ++c) {
      if (count[c] > 0) centres[c] = sum[c] * (1.0 / count[c]);
    }
  }
  for (auto& c : centres) {  // a centroid of a curved cell can fall outside or on the edge
    if (boundary_.contains(c) && boundary_.distance_m(c, 4000.0) >= 4000.0) continue;
    double best = std::numeric_limits<double>::infinity();
    Point moved = c;
    for (std::size_t g = 0; g < grid_.size(); ++g) {
      if (grid_margin_[g] >= 4000.0 && distance_m(grid_[g], c) < best) {
        best = distance_m(grid_[g], c);
        moved = grid_[g];
      }
    }
    c = moved;
  }
  // The banner seat (town 0, Ganjig) takes the most southern-western centre, as the real town
  // lies in the south-west of the banner; the others follow by distance from it.
  std::size_t first = 0;
  for (std::size_t c = 1; c < k; ++c) {
    if (centres[c].x + centres[c].y < centres[first].x + centres[first].y) first = c;
  }
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return distance_m(centres[a], centres[first]) < distance_m(centres[b], centres[first]);
  });
  for (std::size_t t = 0; t < k; ++t) model_.towns[t].seat = centres[order[t]];
  radius_.resize(k);
  for (std::size_t t = 0; t < k; ++t) {
    radius_[t] =
        std::sqrt(static_cast<double>(model_.towns[t].villages.size()) * kAreaPerVillageM2 / kPi);
  }
  // Villages follow the reference order; the first of each town is its seat.
  model_.villages.resize(records_.size());
  for (std::size_t t = 0; t < k; ++t) {
    for (std::size_t r : model_.towns[t].villages) {
      model_.villages[r].record = r;
      model_.villages[r].town = t;
    }
    const std::size_t seat = model_.towns[t].villages.front();
    model_.villages[seat].role = Role::kSeat;
    model_.villages[seat].location = model_.towns[t].seat;
  }
  placed_.assign(records_.size(), false);
  exclusion_.assign(records_.size(), kVillageSpacingM);
  for (const auto& town : model_.towns) placed_[town.villages.front()] = true;
}

bool Builder::has_bridge(std::size_t n,
                         const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                         std::pair<std::size_t, std::size_t>* bridge) const {
  for (std::size_t skip = 0; skip < edges.size(); ++skip) {
    geo::UnionFind<std::size_t> comp(n);
    for (std::size_t e = 0; e < edges.size(); ++e) {
      if (e != skip) comp.unite(edges[e].first, edges[e].second);
    }
    if (comp.find(edges[skip].first) != comp.find(edges[skip].second)) {
      *bridge = edges[skip];
      return true;
    }
  }
  return false;
}

void Builder::make_highways() {
  const std::size_t k = model_.towns.size();
  const auto seat = [&](std::size_t t) { return model_.towns[t].seat; };
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  const auto add = [&](std::size_t a, std::size_t b) {
    if (a > b) std::swap(a, b);
    if (std::find(edges.begin(), edges.end(), std::pair{a, b}) == edges.end())
      edges.push_back({a, b});
  };
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = a + 1; b < k; ++b) {  // Gabriel graph: planar, connected, has loops
      const Point mid = (seat(a) + seat(b)) * 0.5;
      const double r = distance_m(seat(a), seat(b)) / 2;
      bool empty = true;
      for (std::size_t c = 0; c < k; ++c) {
        if (c != a && c != b && distance_m(seat(c), mid) < r) empty = false;
      }
      if (empty) add(a, b);
    }
    std::vector<std::size_t> near(k);
    std::iota(near.begin(), near.end(), 0);
    std::sort(near.begin(), near.end(), [&](std::size_t x, std::size_t y) {
      return distance_m(seat(x), seat(a)) < distance_m(seat(y), seat(a));
    });
    add(a, near[1]);
    add(a, near[2]);
  }
  std::pair<std::size_t, std::size_t> bridge;
  while (has_bridge(k, edges, &bridge)) {
    // Link the seat of the bridge's smaller side to its nearest seat not yet linked to it.
    const std::size_t from = bridge.first;
    double best = std::numeric_limits<double>::infinity();
    std::size_t to = from;
    for (std::size_t c = 0; c < k; ++c) {
      const auto e = std::pair{std::min(from, c), std::max(from, c)};
      if (c == from || std::find(edges.begin(), edges.end(), e) != edges.end()) continue;
      if (distance_m(seat(c), seat(from)) < best) {
        best = distance_m(seat(c), seat(from));
        to = c;
      }
    }
    add(from, to);
  }
  // Minimum spanning tree edges are the provincial trunk; links at the banner seat are national.
  std::vector<std::size_t> by_length(edges.size());
  std::iota(by_length.begin(), by_length.end(), 0);
  std::sort(by_length.begin(), by_length.end(), [&](std::size_t x, std::size_t y) {
    return distance_m(seat(edges[x].first), seat(edges[x].second)) <
           distance_m(seat(edges[y].first), seat(edges[y].second));
  });
  geo::UnionFind<std::size_t> comp(k);
  std::vector<bool> in_tree(edges.size(), false);
  for (std::size_t e : by_length) {
    if (comp.unite(edges[e].first, edges[e].second)) in_tree[e] = true;
  }
  // The national road runs along the longest path of the tree (a trunk across the banner) and
  // on every link of the banner seat.
  std::vector<bool> trunk(edges.size(), false);
  {
    const auto farthest = [&](std::size_t from, std::vector<std::size_t>& via) {
      std::vector<double> dist(k, -1.0);
      via.assign(k, SIZE_MAX);
      dist[from] = 0.0;
      std::vector<std::size_t> todo{from};
      while (!todo.empty()) {
        const std::size_t n = todo.back();
        todo.pop_back();
        for (std::size_t e = 0; e < edges.size(); ++e) {
          if (!in_tree[e] || (edges[e].first != n && edges[e].second != n)) continue;
          const std::size_t m = edges[e].first == n ? edges[e].second : edges[e].first;
          if (dist[m] >= 0.0) continue;
          dist[m] = dist[n] + distance_m(seat(n), seat(m));
          via[m] = e;
          todo.push_back(m);
        }
      }
      return static_cast<std::size_t>(std::max_element(dist.begin(), dist.end()) - dist.begin());
    };
    std::vector<std::size_t> via;
    const std::size_t end_a = farthest(0, via);
    const std::size_t end_b = farthest(end_a, via);
    for (std::size_t n = end_b; n != end_a;) {
      trunk[via[n]] = true;
      n = edges[via[n]].first == n ? edges[via[n]].second : edges[via[n]].first;
    }
  }
  for (std::size_t e = 0; e < edges.size(); ++e) {
    const auto [a, b] = edges[e];
    Line line;
    line.kind = LineKind::kHighway;
    line.road_class = (trunk[e] || a == 0 || b == 0) ? "national"
                      : in_tree[e]                   ? "provincial"
                                                     : "county";
    line.name = model_.towns[a].name + "—" + model_.towns[b].name;
    highway_ends_.push_back({a, b});
    line.v = bent_line(rng_, seat(a), seat(b), 3, 0.03);
    lines_.push_back(std::move(line));
  }
}

}  // namespace infracov::datasets::detail::synthesis
