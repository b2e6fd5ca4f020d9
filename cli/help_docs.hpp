// Documentation rendered from the CLI11 app itself, so it says what --help says: the README's
// command list, one man page per (sub)command, and the bash completion script.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <utility>
#include <vector>

namespace infracov::cli {

// The lines of `infracov --help`'s footer after the examples, and the EXIT STATUS of the man pages.
extern const char* const kExitCodesHelp;

// The visible subcommands of `cmd` (hidden ones, such as _docs, have an empty group).
std::vector<const CLI::App*> visible_subcommands(const CLI::App& cmd);

// The README's command list (Markdown): a synopsis line per command, then each one's --help.
std::string render_command_list(const CLI::App& app);

// `readme` with the text between the command-list markers replaced by `list`. Throws InputError
// when the markers are missing.
std::string with_command_list(const std::string& readme, const std::string& list);
// The text between the markers ("" when missing).
std::string command_list_of(const std::string& readme);

// One troff man page per command: {"infracov.1", ...}, {"infracov-plan-roads.1", ...}.
std::vector<std::pair<std::string, std::string>> render_man_pages(const CLI::App& app);

// A bash completion script for every command, option and subcommand.
std::string render_completion(const CLI::App& app);

}  // namespace infracov::cli
