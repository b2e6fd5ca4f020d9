// `--set KEY=VALUE`: project-file keys overridden from the command line.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <vector>

namespace infracov::cli {

// The source path of every node an override puts in the table: messages say "(from --set)"
// instead of a line of the file.
inline constexpr const char* kSetSource = "--set";

// Sets each dotted KEY (e.g. "facilities.clinic.max_m") in `root` to VALUE parsed as TOML (a
// value TOML does not read, such as EPSG:4550, is taken as a string), creating tables on the way.
// Throws InputError for an override without '=' or with a key that runs through a non-table.
// Unknown keys are left to the project reader, which refuses them as it does in the file.
void apply_overrides(toml::table& root, const std::vector<std::string>& overrides);

}  // namespace infracov::cli
