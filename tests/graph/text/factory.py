"""Small hand-made frames for the text-analysis tests (the shape ``load_frames`` returns)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from graph.analysis.frames import (
    CYCLE_COLUMNS,
    ELEMENT_COLUMNS,
    GOAL_COLUMNS,
    INDICATOR_COLUMNS,
    LINE_COLUMNS,
    LINK_COLUMNS,
    MATRIX_COLUMNS,
    TARGET_COLUMNS,
    Frames,
)
from graph.namespaces import SDG, graph_iri, mint

CYCLES = [
    {"cycle": str(mint("cycle", "WTDC-17")), "notation": "WTDC-17", "period": "2018-2021", "label_en": None},
    {"cycle": str(mint("cycle", "WTDC-22")), "notation": "WTDC-22", "period": "2022-2025", "label_en": None},
]


def element(kind: str, local: str, notation: str, title: str | None, **extra: Any) -> dict[str, Any]:
    """An element row; ``extra`` sets period, cycle, region, study_group, family, label_fr."""
    row = dict.fromkeys(ELEMENT_COLUMNS)
    row.update(
        element=str(mint(kind, local)),
        kind=kind,
        notation=notation,
        label_en=title,
        status="verified",
        text=title or "",
        **extra,
    )
    return row


def question(local: str, title: str | None, study_group: str) -> dict[str, Any]:
    """A Question "2018-2021/Q3-1" of a study group, in the cycle its period opens."""
    period, code = local.split("/")
    cycle = {"2018-2021": "WTDC-17", "2022-2025": "WTDC-22"}[period]
    notation = "Q" + code[1:].replace("-", "/")
    return element("question", local, notation, title, period=period, cycle=cycle, study_group=study_group)


def target(code: str, label_en: str, label_fr: str | None = None) -> dict[str, Any]:
    goal = code.split(".")[0]
    return {
        "target": str(SDG[code]),
        "goal": str(SDG[goal]),
        "notation": code,
        "goal_notation": goal,
        "label_en": label_en,
        "label_fr": label_fr,
    }


def line(code: str, label_en: str) -> dict[str, Any]:
    row = dict.fromkeys(LINE_COLUMNS)
    row.update(line=str(mint("wsis", code)), notation=code, label_en=label_en, is_itu_lead=False)
    return row


def link(
    subject: dict[str, Any],
    predicate: str,
    obj: str,
    object_kind: str,
    status: str = "unverified",
    confidence: float = 0.9,
    comment: str = "",
    source: str = "",
    mapping_set: str = "curated",
) -> dict[str, Any]:
    row = dict.fromkeys(LINK_COLUMNS)
    row.update(
        element=subject["element"],
        predicate=predicate,
        object=obj,
        object_kind=object_kind,
        status=status,
        justification="manual curation",
        confidence=confidence,
        source=source,
        graph=str(graph_iri(f"mappings/{mapping_set}")),
        alignment=str(mint("alignment", f"{mapping_set}/{subject['notation']}-{obj[-6:]}-{status}")),
        comment=comment,
    )
    return row


def to_target(subject: dict[str, Any], code: str, **kw: Any) -> dict[str, Any]:
    return link(subject, "contributesTo", str(SDG[code]), "target", **kw)


Rows = Sequence[dict[str, Any]]


def indicator(code: str, label_en: str, label_fr: str | None = None) -> dict[str, Any]:
    """An indicator row "17.6.1" of its target "17.6"."""
    return {
        "indicator": str(SDG["C" + code.replace(".", "")]),
        "target": str(SDG[code.rsplit(".", 1)[0]]),
        "notation": code,
        "label_en": label_en,
        "label_fr": label_fr,
    }


def pairing(line_code: str, target_code: str, rationale: str) -> dict[str, Any]:
    """A WSIS-SDG Matrix row: action line ``line_code`` serves target ``target_code``, and why."""
    row = dict.fromkeys(MATRIX_COLUMNS)
    row.update(
        line=str(mint("wsis", line_code)),
        line_notation=line_code,
        object=str(SDG[target_code]),
        level="target",
        rationale=rationale,
        alignment=str(mint("alignment", f"matrix/{line_code}-{target_code}")),
        graph=str(graph_iri("mappings/wsis-sdg-matrix")),
        status="unverified",
    )
    return row


def make_frames(
    elements: Rows,
    links: Rows = (),
    targets: Rows = (),
    lines: Rows = (),
    indicators: Rows = (),
    matrix: Rows = (),
) -> Frames:
    """Frames holding exactly the given rows."""

    def frame(rows: Rows, columns: list[str]) -> pd.DataFrame:
        return pd.DataFrame(list(rows), columns=columns, dtype=object)

    return Frames(
        elements=frame(elements, ELEMENT_COLUMNS),
        links=frame(links, LINK_COLUMNS),
        targets=frame(targets, TARGET_COLUMNS),
        goals=frame([], GOAL_COLUMNS),
        action_lines=frame(lines, LINE_COLUMNS),
        matrix=frame(matrix, MATRIX_COLUMNS),
        snapshot="test",
        cycles=frame(CYCLES, CYCLE_COLUMNS),
        indicators=frame(indicators, INDICATOR_COLUMNS),
    )
