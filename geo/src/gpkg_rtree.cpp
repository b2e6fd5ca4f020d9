#include "gpkg_rtree.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace infracov::geo::detail {

namespace {

// SQLite stores 2-D R*-tree boxes as 32-bit floats and widens them so that the float box always
// holds the double one; these are its rtreeValueDown/rtreeValueUp, so a box written here equals
// the one SQLite's own insertion (a GDAL trigger on a later edit) would write.
constexpr double kRoundTowards = 1.0 - 1.0 / 8388608.0;
constexpr double kRoundAway = 1.0 + 1.0 / 8388608.0;

float round_down(double d) {
  float f = static_cast<float>(d);
  if (f > d) f = static_cast<float>(d * (d < 0 ? kRoundAway : kRoundTowards));
  return f;
}

float round_up(double d) {
  float f = static_cast<float>(d);
  if (f < d) f = static_cast<float>(d * (d < 0 ? kRoundTowards : kRoundAway));
  return f;
}

struct Box {
  float min_x, max_x, min_y, max_y;
  float centre_x() const { return 0.5f * (min_x + max_x); }
  float centre_y() const { return 0.5f * (min_y + max_y); }
};

Box cover(const std::vector<Box>& boxes, const std::vector<std::size_t>& members) {
  Box b = boxes[members.front()];
  for (std::size_t i : members) {
    b.min_x = std::min(b.min_x, boxes[i].min_x);
    b.max_x = std::max(b.max_x, boxes[i].max_x);
    b.min_y = std::min(b.min_y, boxes[i].min_y);
    b.max_y = std::max(b.max_y, boxes[i].max_y);
  }
  return b;
}

// Splits items 0..n-1 into runs of at most `capacity` sizes as even as possible.
void cut_evenly(const std::vector<std::size_t>& run, std::size_t capacity,
                std::vector<std::vector<std::size_t>>& groups) {
  const std::size_t count = (run.size() + capacity - 1) / capacity;
  std::size_t start = 0;
  for (std::size_t g = 0; g < count; ++g) {
    const std::size_t end = run.size() * (g + 1) / count;
    groups.emplace_back(run.begin() + static_cast<std::ptrdiff_t>(start),
                        run.begin() + static_cast<std::ptrdiff_t>(end));
    start = end;
  }
}

// Sort-tile-recursive grouping (Leutenegger et al. 1997): vertical slices by centre x, then runs
// by centre y within each slice. Ties go to the lower index, so the grouping is deterministic.
std::vector<std::vector<std::size_t>> str_groups(const std::vector<Box>& boxes,
                                                 std::size_t capacity) {
  std::vector<std::size_t> order(boxes.size());
  std::iota(order.begin(), order.end(), 0);
  auto by = [&](auto key) {
    return [&boxes, key](std::size_t a, std::size_t b) {
      const float ka = key(boxes[a]), kb = key(boxes[b]);
      return ka < kb || (ka == kb && a < b);
    };
  };
  std::sort(order.begin(), order.end(), by([](const Box& b) { return b.centre_x(); }));
  const std::size_t nodes = (boxes.size() + capacity - 1) / capacity;
  const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
  const std::size_t per_slice = (nodes + slices - 1) / slices * capacity;
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t start = 0; start < order.size(); start += per_slice) {
    std::vector<std::size_t> slice(
        order.begin() + static_cast<std::ptrdiff_t>(start),
        order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), start + per_slice)));
    std::sort(slice.begin(), slice.end(), by([](const Box& b) { return b.centre_y(); }));
    cut_evenly(slice, capacity, groups);
  }
  return groups;
}

void put_be16(std::string& out, std::size_t at, std::uint16_t v) {
  out[at] = static_cast<char>(v >> 8);
  out[at + 1] = static_cast<char>(v & 0xff);
}

void put_be64(std::string& out, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out[at + i] = static_cast<char>((v >> (56 - 8 * i)) & 0xff);
}

void put_be32(std::string& out, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
}

// SQLite's node layout: a 2-byte depth (meaningful in the root only), a 2-byte cell count, then
// cells of an 8-byte id (a feature id in a leaf, a child node number above) and the four floats
// min x, max x, min y, max y, every number big-endian.
constexpr std::size_t kHeaderBytes = 4;
constexpr std::size_t kCellBytes = 8 + 4 * 4;

}  // namespace

PackedRtree pack_rtree(std::vector<RtreeEntry> entries, std::size_t node_bytes) {
  if (node_bytes < kHeaderBytes + 2 * kCellBytes) {
    throw std::invalid_argument("R*-tree node of " + std::to_string(node_bytes) + " bytes");
  }
  PackedRtree tree;
  if (entries.empty()) return tree;  // SQLite's own empty root stays as it is
  const std::size_t capacity = (node_bytes - kHeaderBytes) / kCellBytes;
  std::sort(entries.begin(), entries.end(),
            [](const RtreeEntry& a, const RtreeEntry& b) { return a.id < b.id; });

  // Levels bottom up: level 0 groups entries into leaves, level k groups the nodes of level k-1.
  std::vector<std::vector<Box>> boxes(1);
  boxes[0].reserve(entries.size());
  for (const RtreeEntry& e : entries) {
    boxes[0].push_back(
        {round_down(e.min_x), round_up(e.max_x), round_down(e.min_y), round_up(e.max_y)});
  }
  std::vector<std::vector<std::vector<std::size_t>>> levels;
  for (;;) {
    levels.push_back(str_groups(boxes.back(), capacity));
    if (levels.back().size() == 1) break;
    std::vector<Box> covers;
    covers.reserve(levels.back().size());
    for (const auto& group : levels.back()) covers.push_back(cover(boxes.back(), group));
    boxes.push_back(std::move(covers));
  }

  // Node numbers top down, so the root is 1 as SQLite requires.
  const std::size_t top = levels.size() - 1;
  std::vector<std::vector<std::int64_t>> number(levels.size());
  std::int64_t next = 1;
  for (std::size_t k = levels.size(); k-- > 0;) {
    for (std::size_t g = 0; g < levels[k].size(); ++g) number[k].push_back(next++);
  }

  tree.nodes.resize(static_cast<std::size_t>(next - 1));
  for (std::size_t k = 0; k < levels.size(); ++k) {
    for (std::size_t g = 0; g < levels[k].size(); ++g) {
      const auto& members = levels[k][g];
      std::string data(node_bytes, '\0');
      if (k == top) put_be16(data, 0, static_cast<std::uint16_t>(top));
      put_be16(data, 2, static_cast<std::uint16_t>(members.size()));
      std::size_t at = kHeaderBytes;
      for (std::size_t m : members) {
        const std::int64_t id = k == 0 ? entries[m].id : number[k - 1][m];
        const Box& b = boxes[k][m];
        put_be64(data, at, static_cast<std::uint64_t>(id));
        put_be32(data, at + 8, std::bit_cast<std::uint32_t>(b.min_x));
        put_be32(data, at + 12, std::bit_cast<std::uint32_t>(b.max_x));
        put_be32(data, at + 16, std::bit_cast<std::uint32_t>(b.min_y));
        put_be32(data, at + 20, std::bit_cast<std::uint32_t>(b.max_y));
        at += kCellBytes;
        if (k == 0) {
          tree.rowids.emplace_back(id, number[k][g]);
        } else {
          tree.parents.emplace_back(number[k - 1][m], number[k][g]);
        }
      }
      tree.nodes[static_cast<std::size_t>(number[k][g] - 1)] = {number[k][g], std::move(data)};
    }
  }
  std::sort(tree.rowids.begin(), tree.rowids.end());
  std::sort(tree.parents.begin(), tree.parents.end());
  return tree;
}

namespace {

// A prepared statement, finalized on every path out.
struct Statement {
  sqlite3* db;
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* handle, const std::string& sql) : db(handle) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) fail(sql);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt); }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(what.substr(0, 80) + ": " + sqlite3_errmsg(db));
  }
  // Binds the two integers, or an integer and a blob, and runs the statement once.
  void run(std::int64_t first, std::int64_t second) {
    sqlite3_bind_int64(stmt, 1, first);
    sqlite3_bind_int64(stmt, 2, second);
    step();
  }
  void run(std::int64_t first, const std::string& blob) {
    sqlite3_bind_int64(stmt, 1, first);
    sqlite3_bind_blob(stmt, 2, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
    step();
  }
  void step() {
    if (sqlite3_step(stmt) != SQLITE_DONE) fail("writing the spatial index");
    sqlite3_reset(stmt);
  }
};

}  // namespace

// One prepared statement per shadow table, its values bound as numbers and blobs: building the
// same rows as SQL text cost 2.9 s of CPU for a province's million roads, most of it in GDAL's
// ExecuteSQL scanning the statements' text, against a fraction of a second here.
void rtree_fill(sqlite3* db, const std::string& rtree_name, const PackedRtree& tree) {
  // The root row exists already (SQLite writes an empty root on creation): replace it.
  Statement nodes(db, "INSERT OR REPLACE INTO " + sql_identifier(rtree_name + "_node") +
                          "(nodeno,data) VALUES (?,?)");
  for (const PackedRtree::Node& node : tree.nodes) nodes.run(node.number, node.data);
  Statement parents(db, "INSERT INTO " + sql_identifier(rtree_name + "_parent") +
                            "(nodeno,parentnode) VALUES (?,?)");
  for (const auto& [node, parent] : tree.parents) parents.run(node, parent);
  Statement rowids(
      db, "INSERT INTO " + sql_identifier(rtree_name + "_rowid") + "(rowid,nodeno) VALUES (?,?)");
  for (const auto& [id, leaf] : tree.rowids) rowids.run(id, leaf);
}

namespace {

std::string quote(const std::string& text, char mark) {
  std::string out(1, mark);
  for (char c : text) {
    if (c == mark) out += mark;
    out += c;
  }
  return out + mark;
}

}  // namespace

std::string sql_literal(const std::string& text) { return quote(text, '\''); }
std::string sql_identifier(const std::string& name) { return quote(name, '"'); }

}  // namespace infracov::geo::detail
