"""The five algorithms of the infracov group: each builds an infracov command line from its
widgets, runs it (runner.py) and loads what it wrote (results.py)."""

import json
import os

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from . import project_inputs
from .results import load_geopackage
from .runner import run_infracov

# GDAL drivers offered for the layers (-f); GPKG is the one the CLI styles for QGIS.
FORMATS = ["GPKG", "ESRI Shapefile", "GeoJSON", "FlatGeobuf", "KML", "CSV"]
PLANS = ["roads", "grid", "sites"]


def _fresh_folder(path):
    # Processing may create the folder of a temporary output before the run; the CLI refuses to
    # write over an existing folder, which an empty one is not worth.
    if os.path.isdir(path) and not os.listdir(path):
        os.rmdir(path)
    return path


class _InfracovAlgorithm(QgsProcessingAlgorithm):
    """What every infracov algorithm shares: its name, group and how it is created."""

    command = ""
    title = ""
    help_text = ""

    def name(self):
        return self.command

    def displayName(self):  # noqa: N802 (QGIS API)
        return self.title

    def shortHelpString(self):  # noqa: N802 (QGIS API)
        return self.help_text

    def createInstance(self):  # noqa: N802 (QGIS API)
        return type(self)()

    def _optional_number(self, parameters, name, context, option, integer=False):
        if parameters.get(name) is None:
            return []
        value = self.parameterAsDouble(parameters, name, context)
        return [option, str(int(value)) if integer else repr(value)]

    def _optional_text(self, parameters, name, context, option):
        value = self.parameterAsString(parameters, name, context)
        return [option, value] if value else []


class AnalyzeAlgorithm(_InfracovAlgorithm):
    command = "analyze"
    title = "Analyze coverage"
    help_text = (
        "Runs infracov analyze: for every village, road access, connection to the seat and "
        "the distance to each facility kind. Give a project file, or the layers with their "
        "fields. Writes the output folder (results.gpkg with QGIS styles, villages.csv, "
        "summary.json) and loads the styled layers."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        project_inputs.add_parameters(self)
        self.addParameter(
            QgsProcessingParameterString(
                "SCENARIO", "Scenario of the project file ([scenarios.NAME])", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum("FORMAT", "Format of the layers", FORMATS, defaultValue=0)
        )
        self.addParameter(QgsProcessingParameterBoolean("MAP", "Also draw map.png", False))
        self.addParameter(QgsProcessingParameterBoolean("REPORT", "Also write report.html", False))
        self.addParameter(
            QgsProcessingParameterBoolean(
                "OVERWRITE", "Replace the output folder when it exists", False
            )
        )
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", "Output folder"))
        self.addOutput(QgsProcessingOutputFile("VILLAGES_CSV", "villages.csv"))
        self.addOutput(QgsProcessingOutputFile("SUMMARY", "summary.json"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        global_options, config = project_inputs.arguments(self, parameters, context)
        out = _fresh_folder(self.parameterAsFileOutput(parameters, "OUTPUT", context))
        driver = FORMATS[self.parameterAsEnum(parameters, "FORMAT", context)]
        command = global_options + ["analyze"] + config + ["--out", out, "-f", driver, "--json"]
        command += self._optional_text(parameters, "SCENARIO", context, "--scenario")
        for flag in ("MAP", "REPORT", "OVERWRITE"):
            if self.parameterAsBoolean(parameters, flag, context):
                command.append("--" + flag.lower())
        stdout = run_infracov(command, feedback)
        if stdout is None:
            return {}
        summary = json.loads(stdout)["summary"]
        feedback.pushInfo(
            "infracov: %d villages, %d flagged" % (summary["villages"], summary["flagged"])
        )
        load_geopackage(os.path.join(out, "results.gpkg"), context, feedback)
        return {
            "OUTPUT": out,
            "VILLAGES_CSV": os.path.join(out, "villages.csv"),
            "SUMMARY": os.path.join(out, "summary.json"),
        }


class PlanAlgorithm(_InfracovAlgorithm):
    command = "plan"
    title = "Plan roads, grid and sites"
    help_text = (
        "Runs infracov plan: the cheapest new roads and paving (roads), grid extensions "
        "(grid) and new facility sites (sites) that close the gaps. Adds the plans' layers to "
        "the output folder's results.gpkg (created when absent) and loads them."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        project_inputs.add_parameters(self)
        self.addParameter(
            QgsProcessingParameterEnum(
                "PLANS", "Plans", PLANS, allowMultiple=True, defaultValue=[0]
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "GRID_KIND", "Grid: the power kind to extend (default: power)", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterString("SITE_KIND", "Sites: the facility kind", "clinic")
        )
        number = QgsProcessingParameterNumber
        self.addParameter(
            number(
                "COUNT",
                "Sites: number of sites to choose",
                number.Integer,
                optional=True,
                minValue=1,
            )
        )
        self.addParameter(
            number(
                "TARGET",
                "Sites: choose sites until this share is served (0-1]",
                number.Double,
                optional=True,
                minValue=0,
                maxValue=1,
            )
        )
        self.addParameter(
            number(
                "COST_PER_KM",
                "Cost of one km of road or line",
                number.Double,
                optional=True,
                minValue=0,
            )
        )
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", "Output folder"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        global_options, config = project_inputs.arguments(self, parameters, context)
        out = _fresh_folder(self.parameterAsFileOutput(parameters, "OUTPUT", context))
        chosen = sorted(self.parameterAsEnums(parameters, "PLANS", context))
        command = global_options + ["plan"]
        # Each plan's own options follow its name: grid and sites both have --kind.
        for which in chosen:
            command.append(PLANS[which])
            if PLANS[which] == "grid":
                command += self._optional_text(parameters, "GRID_KIND", context, "--kind")
            elif PLANS[which] == "sites":
                command += ["--kind", self.parameterAsString(parameters, "SITE_KIND", context)]
                command += self._optional_number(parameters, "COUNT", context, "--count", True)
                command += self._optional_number(parameters, "TARGET", context, "--target")
        command += self._optional_number(parameters, "COST_PER_KM", context, "--cost-per-km")
        command += config + ["--out", out, "--json"]
        if run_infracov(command, feedback) is None:
            return {}
        load_geopackage(os.path.join(out, "results.gpkg"), context, feedback)
        return {"OUTPUT": out}


class CompareAlgorithm(_InfracovAlgorithm):
    command = "compare"
    title = "Compare two results"
    help_text = (
        "Runs infracov compare: village by village, the checks gained and lost between two "
        "results folders (two scenarios, or two vintages of the data). Writes changes.gpkg, "
        "changes.csv and summary.json, and loads the changes."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        folder = QgsProcessingParameterFile.Folder
        for name, label in (
            ("BASE", "Results folder to compare from"),
            ("OTHER", "Results folder to compare to"),
        ):
            self.addParameter(QgsProcessingParameterFile(name, label, folder))
        self.addParameter(
            QgsProcessingParameterBoolean(
                "OVERWRITE", "Replace the output folder when it exists", False
            )
        )
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", "Output folder"))
        self.addOutput(QgsProcessingOutputFile("CHANGES_CSV", "changes.csv"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        out = _fresh_folder(self.parameterAsFileOutput(parameters, "OUTPUT", context))
        command = [
            "compare",
            self.parameterAsFile(parameters, "BASE", context),
            self.parameterAsFile(parameters, "OTHER", context),
            "--out",
            out,
            "--json",
        ]
        if self.parameterAsBoolean(parameters, "OVERWRITE", context):
            command.append("--overwrite")
        if run_infracov(command, feedback) is None:
            return {}
        load_geopackage(os.path.join(out, "changes.gpkg"), context, feedback)
        return {"OUTPUT": out, "CHANGES_CSV": os.path.join(out, "changes.csv")}


class _DrawAlgorithm(_InfracovAlgorithm):
    """map and report: a file drawn from a results folder."""

    file_filter = ""

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.addParameter(
            QgsProcessingParameterFile(
                "PROJECT",
                "Project file (TOML) of the results; default: the bundled sample's",
                extension="toml",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                "RESULTS", "Results folder (written by analyze)", QgsProcessingParameterFile.Folder
            )
        )
        self.addParameter(QgsProcessingParameterString("TITLE", "Title", optional=True))
        self.add_page_parameters()
        self.addParameter(
            QgsProcessingParameterFileDestination("OUTPUT", self.title, self.file_filter)
        )

    def add_page_parameters(self):
        pass

    def page_options(self, parameters, context):
        return []

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        out = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        command = [self.command]
        command += self._optional_text(parameters, "PROJECT", context, "--config")
        command += ["--results", self.parameterAsFile(parameters, "RESULTS", context)]
        command += self._optional_text(parameters, "TITLE", context, "--title")
        command += self.page_options(parameters, context) + ["--out", out]
        if run_infracov(command, feedback) is None:
            return {}
        return {"OUTPUT": out}


class MapAlgorithm(_DrawAlgorithm):
    command = "map"
    title = "Map"
    file_filter = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"
    help_text = "Runs infracov map: the results as a printable map (PNG, SVG or PDF)."

    def add_page_parameters(self):
        number = QgsProcessingParameterNumber
        self.addParameter(number("WIDTH_MM", "Page width in mm", number.Double, 297, minValue=10))
        self.addParameter(number("HEIGHT_MM", "Page height in mm", number.Double, 210, minValue=10))
        self.addParameter(
            number("DPI", "Resolution in dots per inch", number.Integer, 150, minValue=10)
        )

    def page_options(self, parameters, context):
        return (
            self._optional_number(parameters, "WIDTH_MM", context, "--width-mm")
            + self._optional_number(parameters, "HEIGHT_MM", context, "--height-mm")
            + self._optional_number(parameters, "DPI", context, "--dpi", True)
        )


class ReportAlgorithm(_DrawAlgorithm):
    command = "report"
    title = "Report"
    file_filter = "HTML page (*.html)"
    help_text = "Runs infracov report: the results as one self-contained HTML page."
