// A GeoPackage spatial index written whole instead of row by row.
//
// A GeoPackage's spatial index is an SQLite R*-tree virtual table ("rtree_<table>_<column>").
// GDAL 3.6 fills it with one R*-tree insertion per feature: about 10 s of CPU for the million road
// edges of a province, more than writing the features themselves. Here the tree is packed in one
// pass (sort-tile-recursive) and its nodes are written straight into the three tables SQLite keeps
// behind the virtual table, in SQLite's own node format, so SQLite reads and updates it as if it
// had built it. Boost.Geometry's packed rtree cannot serve: its nodes are not reachable through
// its public interface, and the node layout here is fixed by SQLite's file format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace infracov::geo::detail {

// One feature's box, in the layer's CRS.
struct RtreeEntry {
  std::int64_t id;  // the feature id (the table's integer primary key)
  double min_x, max_x, min_y, max_y;
};

// The rows of the three shadow tables SQLite keeps for an R*-tree "NAME":
// NAME_node(nodeno, data), NAME_parent(nodeno, parentnode), NAME_rowid(rowid, nodeno).
struct PackedRtree {
  struct Node {
    std::int64_t number;  // 1 is the root
    std::string data;     // exactly node_bytes long
  };
  std::vector<Node> nodes;                                     // by number
  std::vector<std::pair<std::int64_t, std::int64_t>> parents;  // (node, its parent), by node
  std::vector<std::pair<std::int64_t, std::int64_t>> rowids;   // (feature id, its leaf), by id
};

// Packs the entries into nodes of `node_bytes` bytes (the length of the empty root SQLite wrote
// when it created the table: 1228 for 2-D boxes on 4 KiB pages, 51 boxes a node). Boxes are
// rounded outwards to 32-bit floats exactly as SQLite rounds them on insertion. The order of the
// entries does not matter: the result depends only on the set of entries.
PackedRtree pack_rtree(std::vector<RtreeEntry> entries, std::size_t node_bytes);

// Fills the shadow tables of R*-tree `rtree_name` (empty, as SQLite creates it) with `tree`, on
// the open database `db`. Throws std::runtime_error with SQLite's message on failure.
void rtree_fill(sqlite3* db, const std::string& rtree_name, const PackedRtree& tree);

// SQL quoting: 'text' and "name", with the quote doubled inside.
std::string sql_literal(const std::string& text);
std::string sql_identifier(const std::string& name);

}  // namespace infracov::geo::detail
