"""What an algorithm analyses: a project file, or layers of the open project with their fields.

For layers, the plugin writes a project file (DESIGN.md, "The project file") for the run, so the
CLI reads its inputs one way only. The rule and distance of each facility kind are widgets; with
a project file they override its values through --set.
"""

import json
import os
import uuid

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsVectorFileWriter,
)

RULES = ["network", "euclid", "within", "in_village"]
# Rules measured against a distance (max_m); the others are tests.
DISTANCE_RULES = {"network", "euclid"}

# The facility kinds offered as widgets: name, label, rule and max_m when the project file has none.
KINDS = [
    ("clinic", "Clinics", "network", 5000),
    ("school", "Schools", "network", 5000),
    ("power", "Power lines", "euclid", 1000),
    ("water", "Water service areas", "within", None),
]
RULE_OPTIONS = ["as in the project file (else the kind's usual rule)"] + RULES


def add_parameters(algorithm):
    a = algorithm
    a.addParameter(
        QgsProcessingParameterFile(
            "PROJECT",
            "Project file (TOML); leave empty to use the layers below",
            extension="toml",
            optional=True,
        )
    )
    points_or_polygons = [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon]
    a.addParameter(
        QgsProcessingParameterVectorLayer("VILLAGES", "Villages", points_or_polygons, optional=True)
    )
    field = QgsProcessingParameterField
    a.addParameter(field("VILLAGE_ID", "Village id field", None, "VILLAGES", optional=True))
    a.addParameter(field("VILLAGE_NAME", "Village name field", None, "VILLAGES", optional=True))
    a.addParameter(
        field(
            "VILLAGE_POPULATION",
            "Village population field",
            None,
            "VILLAGES",
            field.Numeric,
            optional=True,
        )
    )
    a.addParameter(
        QgsProcessingParameterVectorLayer(
            "ROADS", "Roads", [QgsProcessing.TypeVectorLine], optional=True
        )
    )
    a.addParameter(field("ROAD_CLASS", "Road class field", None, "ROADS", optional=True))
    a.addParameter(
        QgsProcessingParameterString(
            "PAVED", "Paved road classes (comma-separated, e.g. national,county)", optional=True
        )
    )
    for kind, label, _, _ in KINDS:
        a.addParameter(
            QgsProcessingParameterVectorLayer(
                kind.upper() + "_LAYER", label, [QgsProcessing.TypeVectorAnyGeometry], optional=True
            )
        )
        a.addParameter(
            QgsProcessingParameterEnum(
                kind.upper() + "_RULE", label + ": rule", RULE_OPTIONS, defaultValue=0
            )
        )
        a.addParameter(
            QgsProcessingParameterNumber(
                kind.upper() + "_MAX_M",
                label + ": furthest distance in metres (network and euclid rules)",
                QgsProcessingParameterNumber.Double,
                optional=True,
                minValue=0,
            )
        )
    a.addParameter(
        QgsProcessingParameterString(
            "SETTINGS",
            "More project-file keys, one KEY=VALUE a line "
            "(as --set, e.g. analysis.max_access_m=1500)",
            multiLine=True,
            optional=True,
        )
    )


def arguments(algorithm, parameters, context):
    """The global options (--set) and the --config of the run, as two lists."""
    a = algorithm
    project = a.parameterAsFile(parameters, "PROJECT", context)
    overrides = []
    if project:
        for kind, _, _, _ in KINDS:
            rule, max_m = _kind_choice(a, parameters, context, kind)
            if rule is not None:
                overrides.append("facilities.%s.rule=%s" % (kind, _toml_string(rule)))
            if max_m is not None:
                overrides.append("facilities.%s.max_m=%s" % (kind, _toml_number(max_m)))
    else:
        project = _write_project(a, parameters, context)
    settings = a.parameterAsString(parameters, "SETTINGS", context)
    overrides += [line.strip() for line in settings.splitlines() if line.strip()]
    global_options = []
    for override in overrides:
        global_options += ["--set", override]
    return global_options, ["--config", project]


def _kind_choice(a, parameters, context, kind):
    """The rule and max_m the user chose for `kind`; None where left to the project file."""
    choice = a.parameterAsEnum(parameters, kind.upper() + "_RULE", context)
    rule = RULES[choice - 1] if choice > 0 else None
    max_m = None
    if parameters.get(kind.upper() + "_MAX_M") is not None:
        max_m = a.parameterAsDouble(parameters, kind.upper() + "_MAX_M", context)
    return rule, max_m


def _write_project(a, parameters, context):
    villages = a.parameterAsVectorLayer(parameters, "VILLAGES", context)
    roads = a.parameterAsVectorLayer(parameters, "ROADS", context)
    village_id = a.parameterAsString(parameters, "VILLAGE_ID", context)
    if villages is None or roads is None or not village_id:
        raise QgsProcessingException(
            "infracov: give a project file, or the villages layer with its id field and the "
            "roads layer"
        )
    lines = ["[analysis]", 'crs = "auto"', "", "[villages]"]
    lines += _layer_keys(villages, context)
    lines.append("id = " + _toml_string(village_id))
    for key, name in (("name", "VILLAGE_NAME"), ("population", "VILLAGE_POPULATION")):
        value = a.parameterAsString(parameters, name, context)
        if value:
            lines.append("%s = %s" % (key, _toml_string(value)))
    lines += ["", "[roads]"] + _layer_keys(roads, context)
    road_class = a.parameterAsString(parameters, "ROAD_CLASS", context)
    if road_class:
        lines.append("class = " + _toml_string(road_class))
    paved = [c.strip() for c in a.parameterAsString(parameters, "PAVED", context).split(",")]
    if any(paved):
        lines.append("paved = [%s]" % ", ".join(_toml_string(c) for c in paved if c))
    for kind, _, usual_rule, usual_max_m in KINDS:
        layer = a.parameterAsVectorLayer(parameters, kind.upper() + "_LAYER", context)
        if layer is None:
            continue
        rule, max_m = _kind_choice(a, parameters, context, kind)
        rule = rule or usual_rule
        lines += ["", "[facilities.%s]" % kind] + _layer_keys(layer, context)
        lines.append("rule = " + _toml_string(rule))
        if rule in DISTANCE_RULES:
            lines.append("max_m = " + _toml_number(max_m if max_m is not None else usual_max_m))
    path = os.path.join(QgsProcessingUtils.tempFolder(), "infracov-%s.toml" % uuid.uuid4().hex)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def _layer_keys(layer, context):
    """source, layer and where of a layer: as GDAL reads it for a file layer (QGIS's "ogr"
    provider); any other layer (a CSV opened as delimited text, a memory or database layer) is
    first copied into a GeoPackage of the Processing temporary folder."""
    if layer.providerType() != "ogr":
        return ["source = " + _toml_string(_copy_to_geopackage(layer, context))]
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    keys = ["source = " + _toml_string(parts["path"])]
    if parts.get("layerName"):
        keys.append("layer = " + _toml_string(parts["layerName"]))
    if layer.subsetString():
        keys.append("where = " + _toml_string(layer.subsetString()))
    return keys


def _copy_to_geopackage(layer, context):
    path = os.path.join(QgsProcessingUtils.tempFolder(), "infracov-%s.gpkg" % uuid.uuid4().hex)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer.name()
    error, message, _, _ = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, path, context.transformContext(), options
    )
    if error != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(
            "infracov: cannot copy layer '%s' for the run: %s" % (layer.name(), message)
        )
    return path


def _toml_string(text):
    # A JSON string is a valid TOML basic string: the same quotes and escapes.
    return json.dumps(text, ensure_ascii=False)


def _toml_number(value):
    return repr(float(value)) if value != int(value) else str(int(value))
