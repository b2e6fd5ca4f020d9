// End-to-end: `infracov analyze --format/--out-crs` writes the result layers through any GDAL
// driver, and PostGIS serves both as a source and as a destination. Every output is read back
// through GDAL and compared feature by feature with the GeoPackage written from the same input.
#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <sstream>
#include <tuple>

#include "infracov/geo/crs.hpp"
#include "infracov/geo/geometry.hpp"
#include "infracov/geo/inspect.hpp"
#include "infracov/geo/reader.hpp"
#include "infracov/geo/writer.hpp"
#include "support/test_support.hpp"

namespace infracov {
namespace {

namespace fs = std::filesystem;
using geo::FieldType;
using geo::Point;
using test::read_text;
using test::run_infracov;
using test::ScratchDir;
using test::write_text;

// Inputs in UTM 51N with exact metres: a 10 km road along y = 0, three villages north and south
// of it (one 2.5 km away, without road access), one clinic 50 m off the road.
constexpr double kX0 = 500000.0;
constexpr double kY0 = 4800000.0;
Point at(double x, double y) { return {kX0 + x, kY0 + y}; }

void write_inputs(geo::DatasetWriter& out) {
  const geo::Crs utm = geo::Crs::from_user("EPSG:32651");
  auto& villages = out.create_layer(
      "villages", geo::GeometryClass::kPoint, utm,
      {{"code", FieldType::kString}, {"name", FieldType::kString}, {"pop", FieldType::kInteger}});
  villages.write({std::string("V1"), std::string("甘旗卡村"), std::int64_t{1000}}, at(1000, 100));
  villages.write({std::string("V2"), std::string("北甘旗村"), std::int64_t{3000}}, at(5000, -300));
  villages.write({std::string("V3"), std::string("哈布哈嘎查"), std::int64_t{6000}},
                 at(9000, 2500));
  auto& roads =
      out.create_layer("roads", geo::GeometryClass::kLine, utm, {{"class", FieldType::kString}});
  roads.write({std::string("county")},
              std::vector<geo::Polyline>{{at(0, 0), at(4000, 0), at(10000, 0)}});
  auto& clinics = out.create_layer("clinics", geo::GeometryClass::kPoint, utm,
                                   {{"clinic_id", FieldType::kString}});
  clinics.write({std::string("C1")}, at(3000, 50));
  out.close();
}

std::string project_text(const std::string& source) {
  const std::string src = "source = \"" + source + "\"\n";
  return "[analysis]\ncrs = \"EPSG:32651\"\nseat = \"V1\"\nmax_access_m = 2000\nsnap_m = 1.0\n\n"
         "[villages]\n" +
         src +
         "layer = \"villages\"\nid = \"code\"\nname = \"name\"\npopulation = \"pop\"\n\n"
         "[roads]\n" +
         src +
         "layer = \"roads\"\nclass = \"class\"\n\n"
         "[facilities.clinic]\n" +
         src + "layer = \"clinics\"\nid = \"clinic_id\"\nrule = \"network\"\nmax_m = 2200\n";
}

// The output contract's layers and fields, as analyze writes them for this project.
struct LayerContract {
  std::string name;
  geo::GeometryClass geometry;
  std::vector<std::string> fields;
};
const std::vector<LayerContract> kLayers = {
    {"villages",
     geo::GeometryClass::kPoint,
     {"id", "name", "population", "road_dist_m", "road_access", "component", "connected",
      "paved_connected", "single_access", "clinic_dist_m", "clinic_nearest", "clinic_ok",
      "missing"}},
    {"roads",
     geo::GeometryClass::kLine,
     {"source_fid", "class", "length_m", "component", "bridge"}},
    {"service_areas", geo::GeometryClass::kPolygon, {"kind", "max_m", "max_minutes"}},
};

// One feature read back: its values by contract field name, and its geometry's measures in UTM.
struct ReadFeature {
  std::map<std::string, geo::FieldValue> values;
  geo::Envelope box;
  double length_m = 0.0;
  double area_m2 = 0.0;
};

struct Where {
  std::string source{};
  std::string layer{};
  std::map<std::string, std::string> renamed{};  // contract name -> name in the file
  std::string assume_crs{};
  std::vector<std::string> open_options{};
};

std::vector<ReadFeature> read_back(const Where& where, const LayerContract& contract) {
  geo::LayerSpec spec;
  spec.source = where.source;
  spec.layer = where.layer;
  spec.assume_crs = where.assume_crs;
  spec.open_options = where.open_options;
  for (const auto& f : contract.fields) {
    const auto renamed = where.renamed.find(f);
    spec.fields.push_back(renamed == where.renamed.end() ? f : renamed->second);
  }
  const geo::GeosContext ctx;
  auto table = geo::read_layer(ctx, spec, contract.geometry, geo::Crs::from_user("EPSG:32651"));
  std::vector<ReadFeature> out;
  for (const auto& feature : table.features) {
    ReadFeature f;
    for (std::size_t i = 0; i < contract.fields.size(); ++i) {
      f.values[contract.fields[i]] = feature.values[i];
    }
    f.box = feature.geometry.envelope();
    f.length_m = feature.geometry.length_m();
    f.area_m2 = feature.geometry.area_m2();
    out.push_back(std::move(f));
  }
  // Drivers may reorder features (FlatGeobuf sorts by its spatial index): order by position.
  std::sort(out.begin(), out.end(), [](const ReadFeature& a, const ReadFeature& b) {
    return std::tie(a.box.min_x, a.box.min_y) < std::tie(b.box.min_x, b.box.min_y);
  });
  return out;
}

// Formats differ in how they store a value, not in the value: KML and CSV give text, a null
// string comes back as "" from some. Numbers compare as numbers.
std::optional<double> as_number(const geo::FieldValue& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (s->empty()) return std::nullopt;
    char* end = nullptr;
    const double d = std::strtod(s->c_str(), &end);
    if (end == s->c_str() + s->size()) return d;
  }
  return std::nullopt;
}

void expect_same_value(const geo::FieldValue& expected, const geo::FieldValue& actual,
                       const std::string& what) {
  const std::string e = geo::to_string(expected);
  const std::string a = geo::to_string(actual);
  const auto en = as_number(expected);
  const auto an = as_number(actual);
  if (en && an) {
    EXPECT_NEAR(*en, *an, 1e-6 * std::max(1.0, std::abs(*en))) << what;
  } else {
    EXPECT_EQ(e, a) << what;
  }
}

void expect_same_layer(const std::vector<ReadFeature>& expected,
                       const std::vector<ReadFeature>& actual, const std::string& what) {
  ASSERT_EQ(expected.size(), actual.size()) << what;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const std::string where = what + " feature " + std::to_string(i);
    // Centimetres survive every format's coordinate precision and a round trip to degrees.
    EXPECT_NEAR(expected[i].box.min_x, actual[i].box.min_x, 0.01) << where;
    EXPECT_NEAR(expected[i].box.min_y, actual[i].box.min_y, 0.01) << where;
    EXPECT_NEAR(expected[i].box.max_x, actual[i].box.max_x, 0.01) << where;
    EXPECT_NEAR(expected[i].box.max_y, actual[i].box.max_y, 0.01) << where;
    EXPECT_NEAR(expected[i].length_m, actual[i].length_m, 0.01) << where;
    EXPECT_NEAR(expected[i].area_m2, actual[i].area_m2, 1.0) << where;
    for (const auto& [field, value] : expected[i].values) {
      expect_same_value(value, actual[i].values.at(field), where + " field " + field);
    }
  }
}

class Export : public ::testing::Test {
 protected:
  void SetUp() override {
    geo::DatasetWriter in(dir_ / "in.gpkg");
    write_inputs(in);
    write_text(dir_ / "p.toml", project_text("in.gpkg"));
    const auto run = run_infracov("--quiet analyze --config p.toml --out ref", dir_.path());
    ASSERT_EQ(run.exit_code, 0) << run.output;
    for (const auto& layer : kLayers) {
      reference_[layer.name] = read_back({(dir_ / "ref/results.gpkg").string(), layer.name}, layer);
    }
    // The reference itself holds what the input says, so agreeing with it means something.
    const auto& villages = reference_["villages"];
    ASSERT_EQ(villages.size(), 3u);
    EXPECT_EQ(geo::to_string(villages[0].values.at("name")), "甘旗卡村");
    EXPECT_NEAR(*as_number(villages[0].values.at("clinic_dist_m")), 100.0 + 2000.0 + 50.0, 0.01);
    EXPECT_EQ(geo::to_string(villages[2].values.at("missing")), "road;connectivity;clinic");
    ASSERT_EQ(reference_["service_areas"].size(), 1u);
    EXPECT_GE(reference_["roads"].size(), 1u);
  }

  // Runs analyze with `options` into `out` and checks the three layers against the reference.
  void expect_round_trip(const std::string& options, const std::string& out,
                         const std::function<Where(const std::string&)>& locate) {
    const auto run =
        run_infracov("--quiet analyze --config p.toml --out " + out + " " + options, dir_.path());
    ASSERT_EQ(run.exit_code, 0) << run.output;
    for (const auto& layer : kLayers) {
      expect_same_layer(reference_[layer.name], read_back(locate(layer.name), layer),
                        options + " " + layer.name);
    }
    // The contract's plain files come with every format.
    EXPECT_EQ(read_text(dir_ / out / "villages.csv"), read_text(dir_ / "ref/villages.csv"));
    EXPECT_EQ(read_text(dir_ / out / "summary.json"), read_text(dir_ / "ref/summary.json"));
  }

  std::string at_dir(const std::string& relative) const { return (dir_ / relative).string(); }

  ScratchDir dir_;
  std::map<std::string, std::vector<ReadFeature>> reference_;
};

TEST_F(Export, GeoPackageHoldsEveryLayerInOneFile) {
  expect_round_trip("--format GPKG", "gpkg", [&](const std::string& layer) {
    return Where{at_dir("gpkg/results.gpkg"), layer};
  });
}

TEST_F(Export, ShapefilesGetShortUniqueFieldNamesARecordedMappingAndUtf8) {
  expect_round_trip("--format 'ESRI Shapefile'", "shp", [&](const std::string& layer) {
    Where where{at_dir("shp/" + layer + ".shp"), layer};
    // The mapping file says which short name each contract field got.
    std::istringstream lines(read_text(dir_ / "shp/field_names.csv"));
    std::string line;
    std::getline(lines, line);
    EXPECT_EQ(line, "layer,field,short_name");
    while (std::getline(lines, line)) {
      std::vector<std::string> cells;
      std::stringstream cell_stream(line);
      std::string cell;
      while (std::getline(cell_stream, cell, ',')) cells.push_back(cell);
      if (cells.size() == 3 && cells[0] == layer) where.renamed[cells[1]] = cells[2];
    }
    return where;
  });
  const std::string mapping = read_text(dir_ / "shp/field_names.csv");
  EXPECT_NE(mapping.find("villages,paved_connected,paved_conn\n"), std::string::npos) << mapping;
  EXPECT_NE(mapping.find("villages,clinic_nearest,clinic_nea\n"), std::string::npos) << mapping;
  EXPECT_NE(mapping.find("service_areas,max_minutes,max_minute\n"), std::string::npos) << mapping;
  EXPECT_EQ(read_text(dir_ / "shp/villages.cpg"), "UTF-8");
  // Every field name GDAL stored fits dBASE's 10 bytes, so no name was cut behind our back.
  for (const auto& info : geo::inspect_source(at_dir("shp/villages.shp"))) {
    for (const auto& field : info.fields) EXPECT_LE(field.name.size(), 10u) << field.name;
  }
}

TEST_F(Export, GeoJsonFilesPerLayerInLongitudeLatitude) {
  expect_round_trip("--format GeoJSON", "json", [&](const std::string& layer) {
    return Where{at_dir("json/" + layer + ".geojson"), layer};
  });
  const auto info = geo::inspect_source(at_dir("json/villages.geojson"));
  ASSERT_EQ(info.size(), 1u);
  EXPECT_EQ(info[0].crs_code.value_or(""), "EPSG:4326");
  EXPECT_NE(read_text(dir_ / "json/villages.geojson").find("哈布哈嘎查"), std::string::npos);
}

TEST_F(Export, KmlHoldsEveryLayerInOneFileInLongitudeLatitude) {
  expect_round_trip("--format KML", "kml", [&](const std::string& layer) {
    return Where{at_dir("kml/results.kml"), layer};
  });
  EXPECT_FALSE(fs::exists(dir_ / "kml/villages.kml"));
  EXPECT_NE(read_text(dir_ / "kml/results.kml").find("北甘旗村"), std::string::npos);
}

TEST_F(Export, FlatGeobufFilesPerLayer) {
  expect_round_trip("--format FlatGeobuf", "fgb", [&](const std::string& layer) {
    return Where{at_dir("fgb/" + layer + ".fgb"), layer};
  });
}

TEST_F(Export, CsvLayersCarryWktBesideThePlainVillageTable) {
  expect_round_trip("--format CSV", "csv", [&](const std::string& layer) {
    // CSV declares no CRS: the layers are in the analysis CRS, as written.
    return Where{
        at_dir("csv/layers/" + layer + ".csv"), layer, {}, "EPSG:32651", {"AUTODETECT_TYPE=YES"}};
  });
  EXPECT_EQ(read_text(dir_ / "csv/layers/villages.csv").rfind("WKT,", 0), 0u);
  EXPECT_EQ(read_text(dir_ / "csv/villages.csv").find("POINT"), std::string::npos);
}

TEST_F(Export, OutCrsReprojectsTheLayers) {
  const auto run = run_infracov(
      "--quiet analyze --config p.toml --out cgcs --format GPKG --out-crs EPSG:4490", dir_.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto info = geo::inspect_source(at_dir("cgcs/results.gpkg"), "villages");
  ASSERT_EQ(info.size(), 1u);
  EXPECT_EQ(info[0].crs_code.value_or(""), "EPSG:4490");
  // V1 in the file's own coordinates (an unknown target keeps them): longitude, latitude.
  geo::LayerSpec spec;
  spec.source = at_dir("cgcs/results.gpkg");
  spec.layer = "villages";
  spec.fields = {"id"};
  const geo::GeosContext ctx;
  const auto table = geo::read_layer(ctx, spec, geo::GeometryClass::kPoint, geo::Crs());
  const geo::Transform to_cgcs(geo::Crs::from_user("EPSG:32651"), geo::Crs::from_user("EPSG:4490"));
  const Point expected = to_cgcs.apply(at(1000, 100));
  bool found = false;
  for (const auto& feature : table.features) {
    if (geo::to_string(feature.values[0]) != "V1") continue;
    found = true;
    const auto points = feature.geometry.points();
    ASSERT_EQ(points.size(), 1u);
    EXPECT_NEAR(points[0].x, expected.x, 1e-9);  // about 0.1 mm
    EXPECT_NEAR(points[0].y, expected.y, 1e-9);
    EXPECT_NEAR(points[0].x, 123.0, 0.1) << "x is the longitude";
  }
  EXPECT_TRUE(found);
}

TEST_F(Export, UnknownFormatIsBadInputListingValidOnes) {
  const auto run =
      run_infracov("--quiet analyze --config p.toml --out bad --format NoSuchDriver", dir_.path());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("NoSuchDriver"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("ESRI Shapefile"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(dir_ / "bad"));
  // A driver that exists but cannot create files is refused the same way.
  const auto read_only =
      run_infracov("--quiet analyze --config p.toml --out bad --format OSM", dir_.path());
  EXPECT_EQ(read_only.exit_code, 1) << read_only.output;
}

// ---- PostGIS ----

// A private PostgreSQL cluster with PostGIS for one test: initdb into a scratch folder, a server
// listening only on a unix socket in that folder (so its port cannot clash with another server),
// stopped and removed at the end. The server refuses to run as root, so under root (CI) it runs as
// the postgres user.
class PostgisCluster {
 public:
  PostgisCluster() {
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ignored_)) {
      if (fs::exists(entry.path() / "bin/initdb")) bin_ = entry.path() / "bin";
    }
    if (bin_.empty()) {
      problem_ =
          "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); ./dev.sh "
          "installs postgresql and postgis";
      return;
    }
    const std::string version = bin_.parent_path().filename().string();
    if (!fs::exists("/usr/share/postgresql/" + version + "/extension/postgis.control")) {
      problem_ = "PostGIS is not installed for PostgreSQL " + version +
                 "; ./dev.sh installs postgresql-" + version + "-postgis-3";
      return;
    }
    char name[] = "/tmp/infracov-pg-XXXXXX";
    if (mkdtemp(name) == nullptr) {
      problem_ = "cannot create a scratch folder in /tmp";
      return;
    }
    dir_ = name;
    std::string as_postgres;
    if (geteuid() == 0) {
      const passwd* pw = getpwnam("postgres");
      if (pw == nullptr || chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        problem_ = "no postgres user to run the server as";
        return;
      }
      as_postgres = "runuser -u postgres -- ";
    }
    const std::string d = dir_.string();
    if (!run(as_postgres + (bin_ / "initdb").string() + " -D " + d + "/data -U postgres " +
             "--auth=trust -E UTF8 --no-locale > " + d + "/initdb.log 2>&1")) {
      problem_ = "initdb failed: " + read_text(dir_ / "initdb.log");
      return;
    }
    if (!run(as_postgres + (bin_ / "pg_ctl").string() + " -D " + d + "/data -l " + d +
             "/server.log -w -o \"-c listen_addresses='' -k " + d + " -p " + kPort +
             " -F\" start > " + d + "/pg_ctl.log 2>&1")) {
      problem_ = "the server did not start: " + read_text(dir_ / "server.log");
      return;
    }
    started_ = true;
    if (!run((bin_ / "psql").string() + " -h " + d + " -p " + kPort +
             " -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c 'CREATE EXTENSION postgis' > " + d +
             "/psql.log 2>&1")) {
      problem_ = "CREATE EXTENSION postgis failed: " + read_text(dir_ / "psql.log");
    }
  }
  ~PostgisCluster() {
    if (started_) {
      run((geteuid() == 0 ? std::string("runuser -u postgres -- ") : std::string()) +
          (bin_ / "pg_ctl").string() + " -D " + dir_.string() + "/data -m immediate stop" +
          " > /dev/null 2>&1");
    }
    if (!dir_.empty()) fs::remove_all(dir_, ignored_);
  }
  PostgisCluster(const PostgisCluster&) = delete;
  PostgisCluster& operator=(const PostgisCluster&) = delete;

  // Empty when the cluster runs; else why it does not.
  const std::string& problem() const { return problem_; }
  std::string connection() const {
    return "PG:dbname=postgres host=" + dir_.string() + " port=" + kPort + " user=postgres";
  }

 private:
  static bool run(const std::string& command) { return std::system(command.c_str()) == 0; }
  static constexpr const char* kPort = "5432";
  std::error_code ignored_;
  fs::path bin_;
  fs::path dir_;
  std::string problem_;
  bool started_ = false;
};

TEST_F(Export, PostgisServesAsSourceAndAsDestination) {
  const PostgisCluster cluster;
  ASSERT_EQ(cluster.problem(), "");
  // The same input, read from PostGIS tables instead of the GeoPackage.
  {
    geo::DatasetWriter db = geo::DatasetWriter::open_database(cluster.connection());
    write_inputs(db);
  }
  write_text(dir_ / "pg.toml", project_text(cluster.connection()));
  const std::string options =
      "--config pg.toml --out '" + cluster.connection() + "' --schema coverage --out-files files";
  const auto run = run_infracov("--quiet analyze " + options, dir_.path());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const auto& layer : kLayers) {
    expect_same_layer(reference_[layer.name],
                      read_back({cluster.connection(), "coverage." + layer.name}, layer),
                      "PostGIS " + layer.name);
  }
  EXPECT_EQ(read_text(dir_ / "files/villages.csv"), read_text(dir_ / "ref/villages.csv"));
  EXPECT_EQ(read_text(dir_ / "files/summary.json"), read_text(dir_ / "ref/summary.json"));
  // A second run replaces the tables rather than adding rows to them, and still finds its input
  // tables in public intact.
  const auto again = run_infracov("--quiet analyze " + options + " --overwrite", dir_.path());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  expect_same_layer(reference_["villages"],
                    read_back({cluster.connection(), "coverage.villages"}, kLayers[0]),
                    "PostGIS villages after a second run");
  // Without --schema the tables go to the infracov schema, never over same-named inputs.
  const auto plain = run_infracov(
      "--quiet analyze --config pg.toml --out '" + cluster.connection() + "' --out-files files2",
      dir_.path());
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  expect_same_layer(reference_["villages"],
                    read_back({cluster.connection(), "infracov.villages"}, kLayers[0]),
                    "PostGIS villages in the default schema");
  EXPECT_EQ(read_back({cluster.connection(), "villages"},
                      {"villages", geo::GeometryClass::kPoint, {"code", "name", "pop"}})
                .size(),
            3u);
}

}  // namespace
}  // namespace infracov
