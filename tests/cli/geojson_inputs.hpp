// Small GeoJSON layers for end-to-end tests of bad and odd input: written as text, so that a test
// can put in what a writer would refuse (null geometries, stray types, self-intersections).
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace infracov::test {

// A feature with an integer id (GDAL's FID) and a "code" property; `geometry` is the geometry's
// JSON text, "null" for none.
inline std::string feature(int fid, const std::string& code, const std::string& geometry) {
  return R"({"type": "Feature", "id": )" + std::to_string(fid) + R"(, "properties": {"code": ")" +
         code + R"("}, "geometry": )" + geometry + "}";
}

inline std::string collection(const std::vector<std::string>& features) {
  std::string out = R"({"type": "FeatureCollection", "features": [)";
  for (std::size_t i = 0; i < features.size(); ++i) out += (i ? ",\n" : "\n") + features[i];
  return out + "]}\n";
}

inline std::string point(double lon, double lat) {
  return R"({"type": "Point", "coordinates": [)" + std::to_string(lon) + ", " +
         std::to_string(lat) + "]}";
}

inline std::string line(double lon0, double lat0, double lon1, double lat1) {
  return R"({"type": "LineString", "coordinates": [[)" + std::to_string(lon0) + ", " +
         std::to_string(lat0) + "], [" + std::to_string(lon1) + ", " + std::to_string(lat1) + "]]}";
}

// Sound inputs near 123 E, 43.5 N: villages.geojson (V1, V2 points), roads.geojson (two lines,
// property code), clinics.geojson (one point) and p.toml reading them (clinic: euclid, 5 km),
// followed by `extra` (more project-file text).
inline void write_sound_inputs(const ScratchDir& dir, const std::string& extra = "") {
  write_text(dir / "villages.geojson", collection({feature(1, "V1", point(123.0, 43.501)),
                                                   feature(2, "V2", point(123.02, 43.499))}));
  write_text(dir / "roads.geojson",
             collection({feature(1, "a", line(122.99, 43.5, 123.01, 43.5)),
                         feature(2, "b", line(123.01, 43.5, 123.03, 43.5))}));
  write_text(dir / "clinics.geojson", collection({feature(1, "C1", point(123.02, 43.5005))}));
  write_text(dir / "p.toml",
             "[villages]\nsource = \"villages.geojson\"\nid = \"code\"\n"
             "[roads]\nsource = \"roads.geojson\"\n"
             "[facilities.clinic]\nsource = \"clinics.geojson\"\nrule = \"euclid\"\n"
             "max_m = 5000\n" +
                 extra);
}

// The names in `dir`, to check that a refused run left nothing behind.
inline std::set<std::string> entries(const std::filesystem::path& dir) {
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    names.insert(e.path().filename().string());
  return names;
}

// Runs infracov with `args` in `dir` and expects the refusal of bad input (DESIGN.md "Behaviour
// users rely on"): exit code `exit_code`, nothing on stdout, exactly one line on stderr starting
// "infracov: " that holds every one of `parts` and none of `absent`, and no new entry in `dir`
// (no output folder, no temporary folder). Returns the line.
inline std::string expect_refused(const ScratchDir& dir, const std::string& args,
                                  const std::vector<std::string>& parts,
                                  const std::vector<std::string>& absent = {}, int exit_code = 1) {
  const auto before = entries(dir.path());
  const auto run = run_infracov_split(args, dir.path());
  EXPECT_EQ(run.exit_code, exit_code) << run.err;
  EXPECT_EQ(run.out, "");
  const auto lines = lines_of(run.err);
  EXPECT_EQ(lines.size(), 1u) << "one line on stderr:\n" << run.err;
  const std::string first = lines.empty() ? std::string() : lines.front();
  EXPECT_EQ(first.rfind("infracov: ", 0), 0u) << first;
  for (const auto& part : parts)
    EXPECT_NE(first.find(part), std::string::npos) << part << "\n" << first;
  for (const auto& part : absent)
    EXPECT_EQ(first.find(part), std::string::npos) << part << "\n" << first;
  EXPECT_EQ(entries(dir.path()), before) << "nothing left at the output path";
  return first;
}

}  // namespace infracov::test
