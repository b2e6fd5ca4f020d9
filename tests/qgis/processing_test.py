"""The QGIS Processing provider, headless, with Debian's qgis and python3-qgis.

    processing_test.py INFRACOV_BINARY PLUGIN_FOLDER

Fails (never skips) when PyQGIS is missing. On the bundled sample: infracov:analyze gives the
command line's villages.csv byte for byte, from the project file and from layers with their
fields; the layers it loads carry the styles the CLI wrote; a CLI error surfaces as its one line;
a cancelled run leaves nothing behind; plan, compare, map and report write what their commands do.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from qgis.core import (
        QgsApplication,
        QgsFeatureRequest,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProject,
        QgsVectorLayer,
    )
except ImportError as e:
    sys.exit("processing_test: PyQGIS is missing (%s); install qgis and python3-qgis" % e)

BINARY, PLUGIN_FOLDER = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
os.environ["INFRACOV_BIN"] = BINARY  # the plugin runs this binary instead of one on PATH

QgsApplication.setPrefixPath("/usr", True)
APP = QgsApplication([], False)
APP.initQgis()
sys.path.append("/usr/share/qgis/python/plugins")
sys.path.insert(0, PLUGIN_FOLDER)
import processing  # noqa: E402 (needs the application above)
from processing.core.Processing import Processing  # noqa: E402

from infracov.provider import InfracovProvider  # noqa: E402

Processing.initialize()
# Kept referenced: without it Python frees the provider's Python half and its algorithms lose
# their names.
PROVIDER = InfracovProvider()
QgsApplication.processingRegistry().addProvider(PROVIDER)


def infracov(*arguments, cwd=None):
    subprocess.run([BINARY, "--quiet"] + list(arguments), cwd=cwd, check=True)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class Feedback(QgsProcessingFeedback):
    """Keeps what the algorithm reported as errors, and cancels at the first progress when asked."""

    def __init__(self, cancel_at_start=False):
        super().__init__()
        self.errors = []
        if cancel_at_start:
            self.progressChanged.connect(lambda _: self.cancel())

    def reportError(self, error, fatalError=False):  # noqa: N802 (QGIS API)
        self.errors.append(error)


class ProcessingProvider(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="infracov-qgis-")
        cls.sample = os.path.join(cls.dir, "sample")
        infracov("sample", "--out", cls.sample)
        cls.toml = os.path.join(cls.sample, "sample.toml")
        cls.gpkg = os.path.join(cls.sample, "sample.gpkg")
        infracov("analyze", "--config", cls.toml, "--out", os.path.join(cls.dir, "cli"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def setUp(self):
        QgsProject.instance().removeAllMapLayers()

    def test_the_group_has_every_algorithm(self):
        provider = QgsApplication.processingRegistry().providerById("infracov")
        names = {algorithm.id() for algorithm in provider.algorithms()}
        self.assertEqual(
            names,
            {"infracov:" + n for n in ("analyze", "plan", "compare", "map", "report")},
        )

    def test_analyze_from_the_project_file_matches_the_command_line_and_loads_styled_layers(self):
        out = os.path.join(self.dir, "from_project")
        results = processing.runAndLoadResults(
            "infracov:analyze", {"PROJECT": self.toml, "OUTPUT": out}
        )
        self.assertEqual(results["VILLAGES_CSV"], os.path.join(out, "villages.csv"))
        self.assertEqual(
            read_bytes(os.path.join(out, "villages.csv")),
            read_bytes(os.path.join(self.dir, "cli", "villages.csv")),
        )
        styles = self.default_styles(os.path.join(out, "results.gpkg"))
        layers = {layer.name(): layer for layer in QgsProject.instance().mapLayers().values()}
        self.assertIn("villages", layers)
        self.assertIn("roads", layers)
        self.assertEqual(set(layers), set(styles), "every styled layer is loaded, and only those")
        for name, layer in layers.items():
            with self.subTest(layer=name):
                self.assertEqual(layer.renderer().type(), styles[name])
        # The sample's villages and roads are drawn by category, not QGIS's default single symbol.
        self.assertNotEqual(layers["villages"].renderer().type(), "singleSymbol")
        self.assertNotEqual(layers["roads"].renderer().type(), "singleSymbol")

    def test_analyze_from_layers_and_fields_matches_the_same_project_on_the_command_line(self):
        toml = os.path.join(self.dir, "layers.toml")
        with open(toml, "w", encoding="utf-8") as f:
            f.write(
                '[analysis]\ncrs = "auto"\n'
                '[villages]\nsource = "sample/sample.gpkg"\nlayer = "villages"\nid = "code"\n'
                'name = "name"\npopulation = "population"\n'
                '[roads]\nsource = "sample/sample.gpkg"\nlayer = "roads"\nclass = "class"\n'
                'paved = ["national", "provincial", "county", "village_paved"]\n'
                '[facilities.clinic]\nsource = "sample/sample.gpkg"\nlayer = "clinics"\n'
                'where = "standardized = 1"\nrule = "network"\nmax_m = 4000\n'
                '[facilities.power]\nsource = "sample/sample.gpkg"\nlayer = "power_lines"\n'
                'rule = "euclid"\nmax_m = 1000\n'
            )
        infracov("analyze", "--config", toml, "--out", os.path.join(self.dir, "cli_layers"))
        expected = read_bytes(os.path.join(self.dir, "cli_layers", "villages.csv"))
        file_villages = QgsVectorLayer(self.gpkg + "|layername=villages", "villages", "ogr")
        # A layer that is not a file (here a memory copy) reaches the CLI through a GeoPackage.
        memory_villages = file_villages.materialize(QgsFeatureRequest())
        self.assertEqual(memory_villages.providerType(), "memory")
        for way, villages in (("file", file_villages), ("memory", memory_villages)):
            with self.subTest(villages=way):
                out = os.path.join(self.dir, "from_layers_" + way)
                processing.run(
                    "infracov:analyze",
                    {
                        "VILLAGES": villages,
                        "VILLAGE_ID": "code",
                        "VILLAGE_NAME": "name",
                        "VILLAGE_POPULATION": "population",
                        "ROADS": self.gpkg + "|layername=roads",
                        "ROAD_CLASS": "class",
                        "PAVED": "national, provincial, county, village_paved",
                        "CLINIC_LAYER": self.gpkg + "|layername=clinics|subset=standardized = 1",
                        "CLINIC_MAX_M": 4000,
                        "POWER_LAYER": self.gpkg + "|layername=power_lines",
                        "OUTPUT": out,
                    },
                )
                self.assertEqual(read_bytes(os.path.join(out, "villages.csv")), expected)

    def test_a_cli_error_surfaces_as_its_one_line(self):
        bad = os.path.join(self.dir, "bad.toml")
        with open(self.toml, encoding="utf-8") as f:
            text = f.read()
        with open(bad, "w", encoding="utf-8") as f:
            f.write(text.replace("[roads]\n", "[roads]\nspeed = 3\n", 1))
        feedback = Feedback()
        algorithm = QgsApplication.processingRegistry().createAlgorithmById("infracov:analyze")
        out = os.path.join(self.dir, "bad_out")
        _, ok = algorithm.run({"PROJECT": bad, "OUTPUT": out}, QgsProcessingContext(), feedback)
        self.assertFalse(ok)
        self.assertEqual(len(feedback.errors), 1, feedback.errors)
        message = feedback.errors[0]
        self.assertTrue(message.startswith("infracov: unknown key 'speed' in [roads]"), message)
        self.assertNotIn("\n", message)
        self.assertFalse(os.path.exists(out))

    def test_a_cancelled_run_leaves_nothing_behind(self):
        before = set(os.listdir(self.dir))
        feedback = Feedback(cancel_at_start=True)
        algorithm = QgsApplication.processingRegistry().createAlgorithmById("infracov:analyze")
        out = os.path.join(self.dir, "cancelled")
        results, _ = algorithm.run(
            {"PROJECT": self.toml, "OUTPUT": out}, QgsProcessingContext(), feedback
        )
        self.assertTrue(feedback.isCanceled())
        self.assertEqual(results, {})
        # Neither the folder nor the CLI's staging folder beside it (.cancelled.tmp-PID).
        self.assertEqual(set(os.listdir(self.dir)), before)

    def test_plan_compare_map_and_report_run_their_commands(self):
        cli = os.path.join(self.dir, "cli")
        plans = os.path.join(self.dir, "plans")
        processing.runAndLoadResults(
            "infracov:plan",
            {
                "PROJECT": self.toml,
                "PLANS": [0, 2],  # roads and sites
                "SITE_KIND": "clinic",
                "COUNT": 3,
                "OUTPUT": plans,
            },
        )
        with open(os.path.join(plans, "summary.json"), encoding="utf-8") as f:
            planned = json.load(f)["plans"]
        self.assertEqual(sorted(planned), ["roads", "sites"])
        loaded = {layer.name() for layer in QgsProject.instance().mapLayers().values()}
        self.assertTrue({"proposed_roads", "proposed_sites", "villages"} <= loaded, loaded)

        changes = os.path.join(self.dir, "changes")
        processing.run("infracov:compare", {"BASE": cli, "OTHER": plans, "OUTPUT": changes})
        with open(os.path.join(changes, "changes.csv"), encoding="utf-8") as f:
            self.assertEqual(len(f.read().splitlines()), 1 + 262)

        drawn = os.path.join(self.dir, "map.png")
        processing.run(
            "infracov:map",
            {"PROJECT": self.toml, "RESULTS": cli, "DPI": 50, "OUTPUT": drawn},
        )
        self.assertEqual(read_bytes(drawn)[:8], b"\x89PNG\r\n\x1a\n")
        page = os.path.join(self.dir, "report.html")
        processing.run(
            "infracov:report",
            {"PROJECT": self.toml, "RESULTS": cli, "TITLE": "后旗", "OUTPUT": page},
        )
        with open(page, encoding="utf-8") as f:
            self.assertIn("<title>后旗</title>", f.read())

    def test_stderr_is_read_as_progress_warnings_and_the_error_whatever_the_chunks(self):
        from infracov.runner import StderrReader

        class Recorder(QgsProcessingFeedback):
            def __init__(self):
                super().__init__()
                self.warnings = []

            def pushWarning(self, warning):  # noqa: N802 (QGIS API)
                self.warnings.append(warning)

        text = (
            "0...10...20...infracov: warning: 2 road ends near 甘旗卡村\n"
            "30...40...50...60...70...80...90...100 - done.\n"
            "infracov: output exists: '出'\n"
        ).encode("utf-8")
        # Split at every byte: numbers, dots and Chinese characters all arrive in pieces.
        feedback = Recorder()
        stderr = StderrReader(feedback)
        seen = []
        feedback.progressChanged.connect(seen.append)
        for i in range(len(text)):
            stderr.feed(text[i : i + 1])
        stderr.close()
        self.assertEqual(seen, [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0])
        self.assertEqual(feedback.warnings, ["infracov: warning: 2 road ends near 甘旗卡村"])
        self.assertEqual(stderr.error, "infracov: output exists: '出'")

    @staticmethod
    def default_styles(gpkg):
        """The renderer type of each map layer's default style in the GeoPackage's layer_styles.
        Tables without geometry (groups) are styled for their field aliases but, as in the CLI's
        results.qgs, not loaded onto the map, so they are left out here."""
        with sqlite3.connect(gpkg) as db:
            rows = db.execute(
                "SELECT s.f_table_name, s.styleQML FROM layer_styles s"
                " JOIN gpkg_contents c ON c.table_name = s.f_table_name"
                " WHERE s.useAsDefault AND c.data_type = 'features'"
            ).fetchall()
        return {
            name: ElementTree.fromstring(qml).find("renderer-v2").get("type") for name, qml in rows
        }


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    APP.exitQgis()
    sys.exit(0 if result.wasSuccessful() and not result.skipped else 1)
