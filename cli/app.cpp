#include "app.hpp"

#include <fstream>
#include <iostream>
#include <map>

#include "help_docs.hpp"
#include "infracov/geo/error.hpp"

namespace infracov::cli {
namespace {

// `infracov _docs ...`: writes what the build and the package derive from this app. Hidden from
// --help, the README and the man pages.
void add_docs(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("_docs", "Render the documentation derived from --help");
  cmd->group("");
  struct Options {
    std::string readme;
    std::string man_dir;
    std::string completion;
  };
  auto options = std::make_shared<Options>();
  cmd->add_option("--readme", options->readme, "README.md whose command list to rewrite");
  cmd->add_option("--man", options->man_dir, "Folder to write the man pages into");
  cmd->add_option("--completion", options->completion, "Bash completion script to write");
  cmd->callback([&run, &app, options] {
    run = [&app, options] {
      // Forget this parse: help() shows the selected subcommand's help, here _docs.
      app.clear();
      const auto write = [](const std::filesystem::path& path, const std::string& text) {
        std::ofstream out(path, std::ios::binary);
        out << text;
        if (!out) throw OutputError("cannot write '" + path.string() + "'");
      };
      if (!options->readme.empty()) {
        std::ifstream in(options->readme, std::ios::binary);
        if (!in) throw InputError("cannot read '" + options->readme + "'");
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        write(options->readme, with_command_list(text, render_command_list(app)));
      }
      if (!options->man_dir.empty()) {
        std::filesystem::create_directories(options->man_dir);
        for (const auto& [name, page] : render_man_pages(app)) {
          write(std::filesystem::path(options->man_dir) / name, page);
        }
      }
      if (!options->completion.empty()) write(options->completion, render_completion(app));
      return static_cast<int>(kExitOk);
    };
  });
}

// What each option's value is, in --help, the man pages and the README ("--config FILE" rather
// than CLI11's "--config TEXT"), set once for every command.
void name_values(CLI::App& cmd) {
  static const std::map<std::string, std::string> kNames = {{"config", "FILE"},
                                                            {"results", "DIR"},
                                                            {"boundary", "SOURCE[:LAYER]"},
                                                            {"format", "DRIVER"},
                                                            {"out-crs", "CRS"},
                                                            {"schema", "NAME"},
                                                            {"out-files", "DIR"},
                                                            {"avoid", "SOURCE[:LAYER]"},
                                                            {"candidates", "SOURCE[:LAYER]"},
                                                            {"kind", "KIND"},
                                                            {"count", "K"},
                                                            {"target", "SHARE"},
                                                            {"cost-per-km", "COST"},
                                                            {"title", "TEXT"},
                                                            {"encoding", "ENCODING"},
                                                            {"threads", "N"},
                                                            {"width-mm", "MM"},
                                                            {"height-mm", "MM"},
                                                            {"dpi", "DPI"},
                                                            {"source", "SOURCE"},
                                                            {"layer", "LAYER"}};
  const bool to_file = cmd.get_name() == "map" || cmd.get_name() == "report";
  for (CLI::Option* opt : cmd.get_options()) {
    if (opt->get_type_size() == 0) continue;  // a flag
    const std::vector<std::string>& lnames = opt->get_lnames();
    const std::string name = !lnames.empty() ? lnames.front() : opt->get_name(true, false);
    if (name == "out") {
      opt->type_name(to_file ? "FILE" : "DIR");
    } else if (const auto it = kNames.find(name); it != kNames.end()) {
      opt->type_name(it->second);
    }
  }
  for (CLI::App* sub : cmd.get_subcommands([](CLI::App*) { return true; })) name_values(*sub);
}

}  // namespace

const char* version() { return INFRACOV_VERSION; }

void set_examples(CLI::App& cmd, const std::vector<std::string>& examples) {
  std::string footer = "Examples:";
  for (const std::string& e : examples) footer += "\n  " + e;
  cmd.footer(footer);
}

void build_app(CLI::App& app, Runner& run, GlobalOptions& global) {
  app.name("infracov");
  app.description(
      "infracov: check and plan village infrastructure coverage (roads, power, water, clinics)");
  app.require_subcommand(1);
  app.fallthrough();  // global options work before or after the subcommand
  app.set_version_flag("--version", std::string("infracov ") + version(),
                       "Print the version and exit");
  app.add_flag("-q,--quiet", global.quiet, "No progress or table output (warnings still print)");
  app.add_flag("--progress", global.progress,
               "Print progress on stderr even when it is not a terminal, as 0...10...20... "
               "(for programs that read it)");
  app.add_flag("--timings", global.timings,
               "Print one line per stage (wall seconds, peak MiB) on stderr; commands writing a "
               "folder also write DIR/timings.json");
  app.add_option("--threads", global.threads, "Threads to use (default: every core)")
      ->check(CLI::Range(1u, 1024u));
  app.add_option("--set", global.set,
                 "Override a project-file key, the value written as in TOML (repeatable), e.g. "
                 "--set analysis.max_access_m=1500")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  add_inspect(app, run, global);
  add_sample(app, run, global);
  add_analyze(app, run, global);
  add_plan(app, run, global);
  add_map(app, run, global);
  add_report(app, run, global);
  add_compare(app, run, global);
  add_docs(app, run);
  name_values(app);
  set_examples(
      app,
      {"infracov analyze", "infracov analyze --config project.toml --out results --overwrite",
       "infracov --set facilities.clinic.max_m=3000 analyze --out wider",
       "infracov plan roads sites --kind clinic --count 10 --out plans", "infracov --version"});
  app.footer(app.get_footer() + "\n\n" + kExitCodesHelp);
}

}  // namespace infracov::cli
