#include "help_docs.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "app.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::cli {

const char* const kExitCodesHelp =
    "Exit codes: 0 success, 1 bad input or project file (the message names the file, layer,\n"
    "feature and the fix), 2 usage, 3 other failures, 4 villages flagged with --fail-on-flags;\n"
    "128 + N when stopped by signal N (130 Ctrl-C, 143 SIGTERM), its outputs removed.";

namespace {

const char* const kBegin =
    "<!-- command list: generated from --help by `infracov _docs --readme README.md` "
    "(cmake --build BUILD --target readme); a test fails when it differs -->\n";
const char* const kEnd = "<!-- end of command list -->\n";

// A command with the words that lead to it ("infracov plan roads").
struct Command {
  const CLI::App* app;
  std::string path;
};

void collect(const CLI::App& cmd, const std::string& path, std::vector<Command>& out) {
  out.push_back({&cmd, path});
  for (const CLI::App* sub : visible_subcommands(cmd)) {
    collect(*sub, path + " " + sub->get_name(), out);
  }
}

std::vector<Command> all_commands(const CLI::App& app) {
  std::vector<Command> commands;
  collect(app, app.get_name(), commands);
  return commands;
}

// The help text exactly as `PATH --help` prints it.
std::string help_of(const Command& c) {
  const std::size_t space = c.path.rfind(' ');
  return c.app->help(space == std::string::npos ? "" : c.path.substr(0, space));
}

// "-f,--format DRIVER" for an option, "source" for a positional.
std::string option_label(const CLI::Option& opt) {
  if (opt.get_positional()) return opt.get_name(true, false);
  std::string label = opt.get_name(false, true);
  if (opt.get_type_size() != 0 && !opt.get_type_name().empty()) label += " " + opt.get_type_name();
  return label;
}

std::string synopsis(const Command& c) {
  std::string line = c.path;
  for (const CLI::Option* opt : c.app->get_options()) {
    if (opt->get_positional()) {
      const std::string name = opt->get_type_name();
      line += opt->get_required() ? " " + name : " [" + name + "]";
    } else if (opt->get_required()) {
      line += " " + option_label(*opt);
    }
  }
  if (!visible_subcommands(*c.app).empty()) line += " SUBCOMMAND";
  return line + " [OPTIONS]";
}

// The example command lines of a footer written by set_examples().
std::vector<std::string> examples_of(const CLI::App& cmd) {
  std::vector<std::string> lines;
  std::istringstream in(cmd.get_footer());
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line == "Examples:") {
      inside = true;
    } else if (inside && line.rfind("  ", 0) == 0) {
      lines.push_back(line.substr(2));
    } else {
      inside = false;
    }
  }
  return lines;
}

// Text safe for troff: backslashes and hyphens escaped, no line starting with a control character.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

std::string page_name(const std::string& path) {
  std::string name = path;
  for (char& c : name) {
    if (c == ' ') c = '-';
  }
  return name;
}

void man_options(std::ostringstream& out, const CLI::App& cmd, bool global = false) {
  for (const CLI::Option* opt : cmd.get_options()) {
    if (opt->get_group().empty()) continue;
    // Under GLOBAL OPTIONS, --help and --version belong to `infracov` alone.
    if (global && (opt->check_lname("help") || opt->check_lname("version"))) continue;
    out << ".TP\n\\fB" << roff(option_label(*opt)) << "\\fR\n"
        << roff(opt->get_description()) << "\n";
  }
}

std::string man_page(const Command& c, const CLI::App& top, const std::vector<Command>& all) {
  std::ostringstream out;
  std::string upper = page_name(c.path);
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  out << ".TH " << roff(upper) << " 1 \"\" \"infracov " << version() << "\" \"infracov manual\"\n"
      << ".SH NAME\n"
      << roff(page_name(c.path)) << " \\- " << roff(c.app->get_description()) << "\n"
      << ".SH SYNOPSIS\n"
      << ".B " << roff(synopsis(c)) << "\n"
      << ".SH DESCRIPTION\n"
      << roff(c.app->get_description()) << ".\n";
  const auto subs = visible_subcommands(*c.app);
  if (!subs.empty()) {
    out << ".SH COMMANDS\n";
    for (const CLI::App* sub : subs) {
      const std::string path = c.path + " " + sub->get_name();
      out << ".TP\n\\fB" << roff(path) << "\\fR\n"
          << roff(sub->get_description()) << "; see \\fB" << roff(page_name(path)) << "\\fR(1).\n";
    }
  }
  out << ".SH OPTIONS\n";
  man_options(out, *c.app);
  if (c.app != &top) {
    out << ".SH GLOBAL OPTIONS\nBefore or after the subcommand:\n";
    man_options(out, top, true);
  }
  const auto examples = examples_of(*c.app);
  if (!examples.empty()) {
    out << ".SH EXAMPLES\n.nf\n";
    for (const std::string& e : examples) out << roff(e) << "\n";
    out << ".fi\n";
  }
  out << ".SH EXIT STATUS\n" << roff(kExitCodesHelp) << "\n";
  out << ".SH SEE ALSO\n";
  std::string see;
  for (const Command& other : all) {
    if (other.app == c.app) continue;
    see += (see.empty() ? "" : ",\n") + ("\\fB" + roff(page_name(other.path)) + "\\fR(1)");
  }
  out << see << "\n";
  return out.str();
}

}  // namespace

std::vector<const CLI::App*> visible_subcommands(const CLI::App& cmd) {
  return cmd.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

std::string render_command_list(const CLI::App& app) {
  const std::vector<Command> commands = all_commands(app);
  std::ostringstream out;
  out << "```sh\n";
  std::size_t width = 0;
  for (const Command& c : commands) width = std::max(width, synopsis(c).size());
  for (const Command& c : commands) {
    const std::string line = synopsis(c);
    out << line << std::string(width - line.size() + 2, ' ') << "# "
        << (c.app == &app ? "global options, --version" : c.app->get_description()) << "\n";
  }
  out << "```\n";
  for (const Command& c : commands) {
    out << "\n<details><summary><code>" << c.path << " --help</code></summary>\n\n```text\n"
        << help_of(c) << "```\n</details>\n";
  }
  return out.str();
}

std::string command_list_of(const std::string& readme) {
  const std::size_t begin = readme.find(kBegin);
  const std::size_t end = readme.find(kEnd);
  if (begin == std::string::npos || end == std::string::npos || end < begin) return "";
  const std::size_t from = begin + std::string(kBegin).size();
  return readme.substr(from, end - from);
}

std::string with_command_list(const std::string& readme, const std::string& list) {
  const std::size_t begin = readme.find(kBegin);
  const std::size_t end = readme.find(kEnd);
  if (begin == std::string::npos || end == std::string::npos || end < begin) {
    throw InputError(
        "the README has no command-list markers; put the two marker lines of cli/help_docs.cpp "
        "where the list belongs");
  }
  const std::size_t from = begin + std::string(kBegin).size();
  return readme.substr(0, from) + list + readme.substr(end);
}

std::vector<std::pair<std::string, std::string>> render_man_pages(const CLI::App& app) {
  const std::vector<Command> commands = all_commands(app);
  std::vector<std::pair<std::string, std::string>> pages;
  for (const Command& c : commands) {
    pages.emplace_back(page_name(c.path) + ".1", man_page(c, app, commands));
  }
  return pages;
}

std::string render_completion(const CLI::App& app) {
  const std::vector<Command> commands = all_commands(app);
  const auto words = [](const CLI::App& cmd, bool options) {
    std::string list;
    if (options) {
      for (const CLI::Option* opt : cmd.get_options()) {
        if (opt->get_positional() || opt->get_group().empty()) continue;
        for (const std::string& s : opt->get_snames()) list += (list.empty() ? "-" : " -") + s;
        for (const std::string& l : opt->get_lnames()) list += (list.empty() ? "--" : " --") + l;
      }
    } else {
      for (const CLI::App* sub : visible_subcommands(cmd)) {
        list += (list.empty() ? "" : " ") + sub->get_name();
      }
    }
    return list;
  };
  std::ostringstream out;
  out << "# bash completion for infracov, generated from its --help (infracov _docs --completion)\n"
      << "_infracov() {\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      << "  local path=\"\" subs opts i w\n"
      << "  local globals=\"" << words(app, true) << "\"\n"
      << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      << "    w=${COMP_WORDS[i]}\n"
      << "    _infracov_level \"$path\"\n"
      << "    case \" $subs \" in\n"
      << "      *\" $w \"*) if [[ $path == *\" \"* ]]; then path=\"${path%% *} $w\";\n"
      << "               else path=\"${path:+$path }$w\"; fi ;;\n"
      << "    esac\n"
      << "  done\n"
      << "  _infracov_level \"$path\"\n"
      << "  case \"$prev\" in\n"
      << "    -f|--format) COMPREPLY=($(compgen -W \"GPKG GeoJSON KML FlatGeobuf CSV\" -- "
         "\"$cur\")); return ;;\n"
      << "  esac\n"
      << "  if [[ $cur == -* ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"$opts $globals\" -- \"$cur\"))\n"
      << "  elif [[ -n $subs ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"$subs\" -- \"$cur\") $(compgen -f -- \"$cur\"))\n"
      << "  else\n"
      << "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      << "  fi\n"
      << "}\n"
      << "# Sets subs and opts for a command path (\"\", \"analyze\", \"plan roads\", ...).\n"
      << "_infracov_level() {\n"
      << "  case \"$1\" in\n";
  for (const Command& c : commands) {
    const std::size_t space = c.path.find(' ');
    const std::string key = space == std::string::npos ? "" : c.path.substr(space + 1);
    // Plans combine (`plan roads grid sites`): after one, the others are still offered.
    const CLI::App* subs_of = c.app;
    if (c.app->get_parent() != nullptr && c.app->get_parent()->get_parent() != nullptr) {
      subs_of = c.app->get_parent();
    }
    out << "    \"" << key << "\") subs=\"" << words(*subs_of, false) << "\"; opts=\""
        << words(*c.app, true) << "\" ;;\n";
  }
  out << "    *) subs=\"\"; opts=\"\" ;;\n"
      << "  esac\n"
      << "}\n"
      << "complete -F _infracov infracov\n";
  return out.str();
}

}  // namespace infracov::cli
