// The minimum spanning forest of new links over groups (Boruvka rounds on the cell grid), and its
// orientation from the main group into a build order.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "infracov/geo/union_find.hpp"
#include "plan_links_internal.hpp"

namespace infracov::analysis::spanning {

namespace {

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

}  // namespace

// Minimum spanning forest over groups (Boruvka). Elements are sorted by group. Components that
// hold `root` are never query sources: their minimum outgoing link is not needed, because every
// other component finds its own, and any set of components' minimum links is safe to add.
Forest boruvka(const std::vector<Element>& elements, std::size_t group_count, std::size_t root,
               double max_link_m, const LineAllowed& allowed) {
  Forest forest;
  std::vector<std::size_t> first(group_count + 1, 0);
  for (const Element& el : elements) ++first[el.group + 1];
  for (std::size_t g = 0; g < group_count; ++g) first[g + 1] += first[g];

  geo::UnionFind<std::uint32_t> groups(group_count);
  auto find = [&groups](std::uint32_t g) { return groups.find(g); };
  std::vector<char> isolated(group_count, 0);  // component with no allowed outgoing link
  std::vector<std::uint32_t> comp(group_count);
  std::vector<std::optional<CoreLink>> best(group_count);

  const ElementSearch search(elements);
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
      // The same link chosen from both sides unites nothing the second time.
      if (!groups.unite(best[c]->ga, best[c]->gb)) continue;
      forest.links.push_back(*best[c]);
      merged = true;
    }
    if (!merged) break;
  }
  return forest;
}

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

}  // namespace infracov::analysis::spanning
