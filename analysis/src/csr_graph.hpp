// The Boost.Graph type behind road_graph.hpp's opaque CsrGraph: only the graph code in
// analysis/src sees Boost; callers of the road graph do not.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>

#include "infracov/analysis/road_graph.hpp"

namespace infracov::analysis {

// The undirected edge an arc of the CSR graph belongs to.
struct ArcProperties {
  EdgeId edge = kNoId;
};

// Directed CSR graph with both arcs (u->v and v->u) of every undirected edge.
struct CsrGraph
    : boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, ArcProperties,
                                         boost::no_property, NodeId, std::uint32_t> {
  using compressed_sparse_row_graph::compressed_sparse_row_graph;
};

}  // namespace infracov::analysis
