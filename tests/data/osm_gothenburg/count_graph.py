#!/usr/bin/python3
"""Counts the road graph of an OpenStreetMap GeoJSON extract by DESIGN.md's node rule.

Written apart from infracov's C++ code, to check it: it reads the file with Python's json
module, projects with pyproj (Debian's python3-pyproj, which python3-qgis in dev.sh pulls in)
and builds the graph with plain dicts and lists. It shares no code with analysis/.

The rule, as DESIGN.md ("Road graph", and "Behaviour users rely on" for closed ways, repeated
vertices, duplicate lines and zero-length segments) gives it:
  * a line is a LineString (or one part of a MultiLineString); other geometry types are not
    roads and are skipped (DESIGN.md: stray features of another type are skipped);
  * zero-length segments (a vertex repeated at once) are dropped; a line left with fewer than
    two distinct vertices is no line;
  * nodes are the lines' end points and the vertices shared by two or more lines (a vertex that
    one line visits twice is not shared); end points within snap_m of each other are one node
    (single linkage, so transitively); an end point never snaps to the middle of a line;
  * every line is cut at every node it passes; each piece between two consecutive nodes is an
    edge: a closed way that meets no other line is one edge from its node to itself, a
    duplicate line gives parallel edges (so neither is a bridge); a piece that snapping shrank
    to a point (from a node to the same node with no vertex between) is the closed gap, no edge;
  * components are the connected components of that multigraph; a bridge is an edge whose
    removal disconnects its two ends (a self-loop never is, nor is either of two parallel
    edges).
Bridges are found with a different method from the C++ code (which uses Tarjan's low-link): a
breadth-first spanning forest, then every non-tree edge marks the tree path it closes into a
cycle; tree edges left unmarked are the bridges.

Usage: count_graph.py FILE.geojson[.gz] [--crs EPSG:32632] [--snap-m 1.0]   (JSON on stdout)
"""

import argparse
import gzip
import json
import math
import sys
from collections import deque

from pyproj import Transformer


def read_lines(path):
    """The file's lines as lists of (lon, lat), and the count of skipped other-type features."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        doc = json.load(f)
    lines, skipped = [], 0
    for feature in doc["features"]:
        geometry = feature.get("geometry")
        if geometry is None:
            skipped += 1
        elif geometry["type"] == "LineString":
            lines.append(geometry["coordinates"])
        elif geometry["type"] == "MultiLineString":
            lines.extend(geometry["coordinates"])
        else:
            skipped += 1
    return lines, skipped


def project(lines, crs):
    to_crs = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    out = []
    for line in lines:
        xs, ys = to_crs.transform([p[0] for p in line], [p[1] for p in line])
        out.append(list(zip(xs, ys)))
    return out


def drop_repeats(lines):
    """Removes zero-length segments; returns the lines and the counts of both kinds of drop."""
    kept, zero_length, degenerate = [], 0, 0
    for line in lines:
        clean = [line[0]]
        for p in line[1:]:
            if p == clean[-1]:
                zero_length += 1
            else:
                clean.append(p)
        if len(clean) < 2:
            degenerate += 1
        else:
            kept.append(clean)
    return kept, zero_length, degenerate


def snap_clusters(ends, snap_m):
    """Single-linkage clusters of the distinct end points: a dict point -> cluster id."""
    parent = list(range(len(ends)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joins = 0
    if snap_m > 0:
        # A grid of snap_m cells: two points within snap_m lie in the same or adjacent cells.
        cells = {}
        for i, (x, y) in enumerate(ends):
            cells.setdefault((math.floor(x / snap_m), math.floor(y / snap_m)), []).append(i)
        for i, (x, y) in enumerate(ends):
            cx, cy = math.floor(x / snap_m), math.floor(y / snap_m)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for j in cells.get((cx + dx, cy + dy), ()):
                        if j <= i:
                            continue
                        if math.hypot(ends[j][0] - x, ends[j][1] - y) <= snap_m:
                            a, b = find(i), find(j)
                            if a != b:
                                parent[max(a, b)] = min(a, b)
                                joins += 1
    return {p: find(i) for i, p in enumerate(ends)}, joins


def build_graph(lines, snap_m):
    # Which lines each vertex is on (a set, so a vertex one line visits twice counts once).
    lines_at = {}
    for k, line in enumerate(lines):
        for p in line:
            lines_at.setdefault(p, set()).add(k)
    ends = sorted({line[0] for line in lines} | {line[-1] for line in lines})
    cluster_of, joins = snap_clusters(ends, snap_m)
    node_of = {}
    for p in ends:
        node_of[p] = ("end", cluster_of[p])
    for p, on in lines_at.items():
        if len(on) >= 2 and p not in node_of:
            node_of[p] = ("shared", p)
    # Node positions: a cluster sits at its members' mean, a shared vertex where it is.
    members = {}
    for p in ends:
        members.setdefault(cluster_of[p], []).append(p)
    position = {}
    for key in set(node_of.values()):
        if key[0] == "end":
            pts = members[key[1]]
            position[key] = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        else:
            position[key] = key[1]
    # Edges: each line cut at its nodes; a piece is (u, v, length_m).
    # A piece from a node back to the same node with no vertex between is the gap that snapping
    # closed (DESIGN.md: "the gap adds no length"), not an edge: it is left out and counted.
    edges, gaps = [], 0
    for line in lines:
        u = node_of[line[0]]
        prev = position[u]
        length, between = 0.0, 0
        for p in line[1:]:
            n = node_of.get(p)
            here = position[n] if n is not None else p
            length += math.hypot(here[0] - prev[0], here[1] - prev[1])
            prev = here
            if n is None:
                between += 1
                continue
            if n == u and between == 0:
                gaps += 1
            else:
                edges.append((u, n, length))
            u, length, between = n, 0.0, 0
    used = sorted({e[0] for e in edges} | {e[1] for e in edges})
    index = {key: i for i, key in enumerate(used)}
    return len(used), [(index[u], index[v], m) for u, v, m in edges], joins, gaps


def structure(node_count, edges):
    """Components and bridges: BFS spanning forest, then non-tree edges mark their cycles."""
    adjacency = [[] for _ in range(node_count)]
    for e, (u, v, _) in enumerate(edges):
        adjacency[u].append((v, e))
        if u != v:
            adjacency[v].append((u, e))
    parent = [-1] * node_count
    parent_edge = [-1] * node_count
    depth = [-1] * node_count
    components = 0
    tree = [False] * len(edges)
    for root in range(node_count):
        if depth[root] >= 0:
            continue
        components += 1
        depth[root] = 0
        queue = deque([root])
        while queue:
            x = queue.popleft()
            for y, e in adjacency[x]:
                if depth[y] < 0:
                    depth[y], parent[y], parent_edge[y] = depth[x] + 1, x, e
                    tree[e] = True
                    queue.append(y)
    covered = [False] * node_count  # covered[x]: the tree edge from x to its parent is on a cycle
    # jump[x]: the nearest ancestor-or-self whose tree edge is not yet covered (path halving).
    jump = list(range(node_count))

    def top(x):
        while jump[x] != x:
            jump[x] = jump[jump[x]]
            x = jump[x]
        return x

    for e, (u, v, _) in enumerate(edges):
        if tree[e] or u == v:
            continue
        a, b = top(u), top(v)
        while a != b:
            if depth[a] < depth[b]:
                a, b = b, a
            covered[a] = True
            jump[a] = parent[a]
            a = top(a)
    bridges = sum(1 for x in range(node_count) if parent_edge[x] >= 0 and not covered[x])
    return components, bridges


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--crs", default="EPSG:32632")
    parser.add_argument("--snap-m", type=float, default=1.0)
    args = parser.parse_args()
    raw, skipped = read_lines(args.file)
    lines, zero_length, degenerate = drop_repeats(project(raw, args.crs))
    node_count, edges, joins, gaps = build_graph(lines, args.snap_m)
    components, bridges = structure(node_count, edges)
    seen, duplicates = set(), 0
    for line in lines:
        key = min(tuple(line), tuple(reversed(line)))
        duplicates += key in seen
        seen.add(key)
    figures = {
        "file": args.file.rsplit("/", 1)[-1],
        "crs": args.crs,
        "snap_m": args.snap_m,
        "lines": len(lines),
        "skipped_other_type": skipped,
        "nodes": node_count,
        "edges": len(edges),
        "components": components,
        "bridges": bridges,
        "self_loops": sum(1 for u, v, _ in edges if u == v),
        "snapped_joins": joins,
        "snap_gaps_closed": gaps,
        "duplicate_lines": duplicates,
        "zero_length_segments": zero_length,
        "degenerate_lines": degenerate,
        "road_km": round(sum(m for _, _, m in edges) / 1000.0, 3),
    }
    json.dump(figures, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
