"""QGIS plugin entry point: adds the infracov Processing provider."""


def classFactory(iface):  # noqa: N802 (the name QGIS calls)
    from .plugin import InfracovPlugin

    return InfracovPlugin()
