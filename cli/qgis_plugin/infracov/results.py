"""Loading what a run wrote into the open project, styled as the CLI styled it."""

import os

from qgis.core import QgsDataProvider, QgsProcessingContext, QgsVectorLayer, QgsWkbTypes

# Added in this order, each above the previous, so points are drawn over lines over polygons.
_DRAW_ORDER = [
    QgsWkbTypes.PolygonGeometry,
    QgsWkbTypes.LineGeometry,
    QgsWkbTypes.PointGeometry,
]


def load_geopackage(path, context, feedback):
    """Queues every map layer of the GeoPackage at `path` for loading into the project when the
    algorithm finishes. Each layer carries its default style from the file's layer_styles table
    (written by the CLI, cli/qgis_styles.cpp), which QGIS applies when it opens the layer.
    Returns the layer names queued."""
    if not os.path.exists(path):
        return []
    layers = []
    probe = QgsVectorLayer(path, "probe", "ogr")
    for sublayer in probe.dataProvider().subLayers():
        # "index!!::!!name!!::!!count!!::!!geometry type!!::!!geometry column..."
        name = sublayer.split(QgsDataProvider.SUBLAYER_SEPARATOR)[1]
        if name == "layer_styles":
            continue
        layer = QgsVectorLayer("%s|layername=%s" % (path, name), name, "ogr")
        if not layer.isValid():
            feedback.reportError("infracov: cannot open layer '%s' of %s" % (name, path))
            continue
        # Tables without geometry (groups) stay in the file, as in the CLI's results.qgs.
        if layer.geometryType() in _DRAW_ORDER:
            layers.append(layer)
    layers.sort(key=lambda layer: _DRAW_ORDER.index(layer.geometryType()))
    for layer in layers:
        context.temporaryLayerStore().addMapLayer(layer)
        context.addLayerToLoadOnCompletion(
            layer.id(), QgsProcessingContext.LayerDetails(layer.name(), context.project(), "")
        )
    return [layer.name() for layer in layers]
