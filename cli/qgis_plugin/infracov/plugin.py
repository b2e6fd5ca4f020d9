"""Registers the provider with Processing; the plugin has no other user interface."""

from qgis.core import QgsApplication

from .provider import InfracovProvider


class InfracovPlugin:
    def __init__(self):
        self.provider = None

    def initProcessing(self):  # noqa: N802 (called by QGIS)
        # QGIS calls this at start-up (hasProcessingProvider) and initGui calls it again.
        if self.provider is not None:
            return
        self.provider = InfracovProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 (called by QGIS)
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
