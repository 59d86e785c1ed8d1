"""Pairs of elements of one kind so alike in text and in SDG targets that they may duplicate.

Questions are compared across study groups of one study period, regional initiatives across
regions of one period, Resolutions within one body (WTDC with WTDC, PP with PP). A pair's score
is the mean of its text similarity and the Jaccard index of the SDG targets the two elements
link to; when neither element has a target link, the text alone decides (and the pair says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any

import pandas as pd

from graph.analysis.codes import code_key
from graph.analysis.frames import ELEMENT_KINDS, Frames
from graph.analysis.similarity import declared_target_links, text_value
from graph.analysis.text import element_texts, text_scores, without_boilerplate

__all__ = [
    "DUPLICATE_COLUMNS",
    "DUPLICATE_KINDS",
    "duplicate_pairs",
    "element_group",
    "target_sets",
]

# the kinds compared (see above): every element kind but the priorities
DUPLICATE_KINDS = tuple(k for k in ELEMENT_KINDS.values() if k != "priority")
DUPLICATE_COLUMNS = [
    "kind",
    "element_a",
    "notation_a",
    "group_a",
    "text_a",
    "element_b",
    "notation_b",
    "group_b",
    "text_b",
    "text_score",
    "target_jaccard",
    "shared_targets",
    "score",
]


def element_group(row: Any) -> str:
    """What an element's duplicates must differ in: study group, region, or (for Resolutions) body.

    >>> element_group({"kind": "question", "study_group": "SG2"})
    'SG2'
    >>> element_group({"kind": "resolution", "family": "WTDC"})
    'WTDC'
    """
    if row["kind"] == "question":
        return text_value(row["study_group"])
    if row["kind"] == "initiative":
        return text_value(row["region"])
    if row["kind"] == "resolution":
        return text_value(row["family"])
    return ""


def _comparable(a: Any, b: Any) -> bool:
    if a["kind"] == "resolution":
        return bool(a["group"] == b["group"])
    return bool(a["period"] == b["period"] and a["group"] != b["group"])


def target_sets(frames: Frames) -> dict[str, set[str]]:
    """Element -> set of SDG target notations it declares a link to."""
    links = declared_target_links(frames)
    notation = dict(zip(frames.targets["target"], frames.targets["notation"], strict=True))
    out: dict[str, set[str]] = {}
    for element, target in zip(links["element"], links["target"], strict=True):
        out.setdefault(element, set()).add(str(notation[target]))
    return out


def duplicate_pairs(
    frames: Frames,
    kinds: Sequence[str] = DUPLICATE_KINDS,
    min_text: float = 0.3,
    min_targets: float = 0.2,
    method: str = "tfidf",
) -> pd.DataFrame:
    """Streamlining candidates: pairs alike in text (``>= min_text``) and targets (``>= min_targets``).

    Returns the columns of ``DUPLICATE_COLUMNS``, best score first; ``shared_targets`` lists the
    shared target codes, ``target_jaccard`` is empty when neither element has a target link.
    """
    targets = target_sets(frames)
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        elements = element_texts(frames.elements, [kind])
        if len(elements) < 2:
            continue
        elements["group"] = [element_group(r) for r in elements.to_dict("records")]
        texts = list(elements["text"])
        scores = text_scores([without_boilerplate(t) for t in texts], [without_boilerplate(t) for t in texts], method)
        records = elements.to_dict("records")
        for i, j in combinations(range(len(records)), 2):
            a, b = records[i], records[j]
            text = float(scores[i, j])
            if text < min_text or not _comparable(a, b):
                continue
            ta, tb = targets.get(a["element"], set()), targets.get(b["element"], set())
            jaccard = len(ta & tb) / len(ta | tb) if ta | tb else None
            if jaccard is not None and jaccard < min_targets:
                continue
            rows.append(
                {
                    "kind": kind,
                    "element_a": a["element"],
                    "notation_a": a["notation"],
                    "group_a": a["group"],
                    "text_a": a["text"],
                    "element_b": b["element"],
                    "notation_b": b["notation"],
                    "group_b": b["group"],
                    "text_b": b["text"],
                    "text_score": round(text, 4),
                    "target_jaccard": None if jaccard is None else round(jaccard, 4),
                    "shared_targets": "; ".join(sorted(ta & tb, key=code_key)),
                    "score": round(text if jaccard is None else (text + jaccard) / 2, 4),
                }
            )
    frame = pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)
    return frame.sort_values(["score", "element_a", "element_b"], ascending=[False, True, True]).reset_index(drop=True)
