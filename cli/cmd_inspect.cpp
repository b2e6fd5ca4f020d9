#include <iostream>

#include "commands.hpp"
#include "infracov/geo/inspect.hpp"
#include "pipeline/timings.hpp"

namespace infracov::cli {

void add_inspect(CLI::App& app, Runner& run, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("inspect", "Describe the layers of any GDAL vector source");
  struct Options {
    std::string source;
    std::string layer;
    std::string encoding;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  cmd->add_option("source", options->source, "File, folder, PG: connection or /vsizip/ path")
      ->required();
  cmd->add_option("layer", options->layer, "Only this layer");
  cmd->add_option("--encoding", options->encoding, "Attribute encoding of a Shapefile (e.g. GBK)");
  cmd->add_flag("--json", options->json,
                "Print JSON on stdout: a list of layers (name, driver, crs, crs_code, "
                "feature_count, geometry_type, extent_lonlat, invalid, null_geometries, "
                "empty_geometries, fields)");
  set_examples(*cmd, {"infracov inspect villages.gpkg", "infracov inspect roads.shp --encoding GBK",
                      "infracov inspect /vsizip/county.zip/roads.shp --json",
                      "infracov inspect sample.gpkg villages --json"});
  cmd->callback([&run, &global, options] {
    run = [&global, options] {
      StageTimings timings("inspect", global.timings, worker_threads(global));
      timings.begin("load");
      const auto layers = geo::inspect_source(options->source, options->layer, options->encoding);
      timings.end();
      std::cout << (options->json ? geo::inspect_json(layers) : geo::inspect_text(layers));
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace infracov::cli
