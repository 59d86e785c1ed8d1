"""The headline numbers of a view, computed once: the Overview, the chart pack, the CLI and the
consistency tests all read them from here, so no two places count the same thing apart.

Every count is a count of rows of an analysis result (targets, gaps, findings, links), the same
rows the tables beside the charts show.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from graph.analysis.frames import Frames
from graph.analysis.misalignments import COUNTED, misalignment_count
from graph.namespaces import STATUSES

__all__ = ["Headline", "headline"]


@dataclass(frozen=True)
class Headline:
    """What a view's headline says.

    ``direct`` and ``indirect`` split the in-scope targets covered: ``indirect`` counts only
    the targets reached through a WSIS action line and by no direct link, so
    ``direct + indirect <= scope`` and a target is never counted twice.
    """

    scope: int
    direct: int
    indirect: int
    gaps: int
    gaps_by_kind: dict[str, int]
    misalignments: int  # notes (the Matrix's silence) are listed with the findings, not counted
    misalignments_by_rule: dict[str, int]
    links: int
    links_by_status: dict[str, int]
    elements_by_kind: dict[str, int]
    reference_links: int = 0

    @property
    def uncovered(self) -> int:
        """In-scope targets with neither direct nor indirect coverage."""
        return self.scope - self.direct - self.indirect


def _counts(values: pd.Series, keys: tuple[str, ...] = ()) -> dict[str, int]:
    counted = {str(k): int(v) for k, v in values.value_counts().items()}
    return {**dict.fromkeys(keys, 0), **counted}


def headline(
    frames: Frames, coverage: pd.DataFrame, gaps: pd.DataFrame, findings: pd.DataFrame, reference_links: int = 0
) -> Headline:
    """The headline of a view from its own (filtered) ``frames``, their target ``coverage``
    (:func:`graph.analysis.coverage.target_coverage`), its ``gaps``
    (:func:`graph.analysis.gaps.find_gaps`) and its ``findings``
    (:func:`graph.analysis.misalignments.find_misalignments`). ``reference_links`` counts the
    links of the priorities a region or study-group view keeps as reference, shown apart
    (see :func:`graph.analysis.filters.own_elements`).
    """
    scoped = coverage[coverage["in_scope"]] if len(coverage) else coverage
    rules = findings["rule"] if len(findings) else pd.Series(dtype=str)
    kinds = gaps["kind"] if len(gaps) else pd.Series(dtype=str)
    return Headline(
        scope=len(scoped),
        direct=int((scoped["coverage"] == "direct").sum()) if len(scoped) else 0,
        indirect=int((scoped["coverage"] == "indirect").sum()) if len(scoped) else 0,
        gaps=len(gaps),
        gaps_by_kind=_counts(kinds),
        misalignments=misalignment_count(findings),
        misalignments_by_rule=_counts(rules[findings["severity"].isin(COUNTED)] if len(findings) else rules),
        links=len(frames.links),
        links_by_status=_counts(frames.links["status"], STATUSES),
        elements_by_kind=_counts(frames.elements["kind"]),
        reference_links=reference_links,
    )
