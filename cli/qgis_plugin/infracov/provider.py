"""The "infracov" group of the Processing toolbox."""

from qgis.core import QgsProcessingProvider

from .algorithms import (
    AnalyzeAlgorithm,
    CompareAlgorithm,
    MapAlgorithm,
    PlanAlgorithm,
    ReportAlgorithm,
)


class InfracovProvider(QgsProcessingProvider):
    def id(self):
        return "infracov"

    def name(self):
        return "infracov"

    def longName(self):  # noqa: N802 (QGIS API)
        return "infracov: village infrastructure coverage"

    def loadAlgorithms(self):  # noqa: N802 (QGIS API)
        for algorithm in (
            AnalyzeAlgorithm(),
            PlanAlgorithm(),
            CompareAlgorithm(),
            MapAlgorithm(),
            ReportAlgorithm(),
        ):
            self.addAlgorithm(algorithm)
