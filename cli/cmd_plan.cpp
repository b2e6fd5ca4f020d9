#include "commands.hpp"

namespace infracov::cli {

void add_plan(CLI::App& /*app*/, Runner& /*run*/, const GlobalOptions& /*global*/) {}

}  // namespace infracov::cli
