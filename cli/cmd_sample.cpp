#include <iostream>

#include "commands.hpp"
#include "infracov/datasets/sample.hpp"
#include "infracov/geo/writer.hpp"
#include "interrupt.hpp"
#include "pipeline/timings.hpp"

namespace infracov::cli {

void add_sample(CLI::App& app, Runner& run, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand(
      "sample",
      "Write the bundled Horqin Left Rear Banner sample (sample.gpkg, sample.toml, truth)");
  struct Options {
    std::string out;
    bool overwrite = false;
  };
  auto options = std::make_shared<Options>();
  cmd->add_option("--out", options->out, "Folder to write")->required();
  cmd->add_flag("--overwrite", options->overwrite, "Replace the folder when it exists");
  set_examples(*cmd, {"infracov sample --out banner",
                      "infracov analyze --config banner/sample.toml --out banner-results"});
  cmd->callback([&run, &global, options] {
    run = [&global, options] {
      geo::OutputDirectory out(options->out, options->overwrite
                                                 ? geo::OutputDirectory::Mode::kOverwrite
                                                 : geo::OutputDirectory::Mode::kCreate);
      const RemoveOnInterrupt staged(out.staging());
      StageTimings timings("sample", global.timings, worker_threads(global));
      timings.begin("write");
      datasets::write_sample(out.staging());
      timings.end();
      if (global.timings) timings.write(out.staging());
      uninterrupted([&out] { out.commit(); });
      if (!global.quiet) std::cout << "sample written to " << options->out << "\n";
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace infracov::cli
