// The infracov command line as one CLI11 app. main() parses with it; the README's command list,
// the man pages and the bash completion are rendered from the same app (cli/help_docs.hpp), so
// none of them can drift from --help.
#pragma once

#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace infracov::cli {

// "0.1.0": the CMake project version.
const char* version();

// Registers the global options and every subcommand on `app`. `run` receives the chosen command.
void build_app(CLI::App& app, Runner& run, GlobalOptions& global);

}  // namespace infracov::cli
