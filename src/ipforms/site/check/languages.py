"""A municipality's third language (sameloven chapter 3): what it lacks, found by
:mod:`ipforms.site.thirdlang` for every municipality checked."""

from __future__ import annotations

from pathlib import Path

from ...core.municipality import DataFile
from .report import Finding, Report


def check_languages(report: Report, root: Path, layers: list[Path],
                    datafiles: dict[str, DataFile]) -> None:
    from ..thirdlang import check_findings  # it reads the content layers from this package

    for df in datafiles.values():
        if df.municipality is not None:
            report.findings += [Finding(*f) for f in check_findings(root, df.municipality, df.path,
                                                                    layers)]
