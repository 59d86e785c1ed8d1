"""Check a proposed Question, Resolution or regional initiative against the portfolio.

For each item of a contribution (:func:`graph.documents.contribution.split_items`):
the SDG targets and WSIS action lines its text supports, each with the sentence that
supports it; the nearest existing elements (overlap, possible duplication); the
Plenipotentiary Resolutions it repeats or overlaps; the in-scope gaps it would close; and
the checks it would fail. Every score comes from the one text engine, so a proposal is
judged as the portfolio is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from graph.analysis.coverage import scope_targets
from graph.analysis.frames import ELEMENT_COLUMNS, LINK_COLUMNS, Frames
from graph.analysis.gaps import find_gaps
from graph.analysis.misalignments import find_misalignments
from graph.analysis.suggestions import link_objects, relevance
from graph.analysis.text import element_texts, shared_phrases, text_scores
from graph.documents.contribution import Item
from graph.namespaces import mint

__all__ = [
    "CHECK_COLUMNS",
    "LINK_MIN",
    "OVERLAP_MIN",
    "PROPOSAL_RULES",
    "REPEAT_MIN",
    "ProposalCheck",
    "check_item",
    "check_items",
    "check_table",
    "rules_it_would_trigger",
]

LINK_MIN = 0.1  # an SDG target or action line whose text scores under this is not proposed
NEAREST = 5  # nearest existing elements named per item
OVERLAP_MIN = 0.2  # an existing element or PP Resolution at least this alike overlaps
REPEAT_MIN = 0.55  # ... and at least this alike repeats it (a candidate duplicate)
TOP_LINKS = 5
PROPOSAL_RULES = ("M1", "M9")  # the rules that judge an element by its own title and links
CHECK_COLUMNS = ["item", "title", "kind", "section", "code", "label", "score", "evidence"]
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+|\n+")


@dataclass(frozen=True)
class ProposalCheck:
    """What one item of a contribution supports, repeats and would change."""

    item: Item
    targets: pd.DataFrame  # target, code, label, score, passage
    lines: pd.DataFrame  # line, code, label, score, passage
    nearest: pd.DataFrame  # element, code, kind, label, score, shared, relation
    pp_resolutions: pd.DataFrame  # element, code, label, score, shared, relation
    gaps_closed: pd.DataFrame  # target, code, label, kind
    checks: pd.DataFrame  # check (a check or rule id), severity, message, message_fr


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) > 3] or [text]


def _passages(item: Item, reference_texts: Sequence[str]) -> list[str]:
    """For each reference text, the item's sentence that scores best against it."""
    sentences = _sentences(item.text)
    scores = text_scores(sentences, list(reference_texts))
    return [sentences[int(i)] for i in scores.argmax(axis=0)] if len(sentences) else [""] * len(reference_texts)


def _shared(text: str, right: str) -> str:
    """The item's phrases that ``right`` also holds (the text engine's evidence)."""
    return ", ".join(shared_phrases(text, right))


def _relation(score: float) -> str:
    return "repeats" if score >= REPEAT_MIN else "overlaps"


def _distinct(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct text: an element carried over from cycle to cycle under one code is
    named once, with each of its cycles (``Q5/1 (2018-2021, 2022-2025)``)."""
    if frame.empty:
        return frame.assign(code=pd.Series(dtype=object))
    cycles = frame["period"].fillna(frame["cycle"])
    frame = frame.assign(_cycle=cycles.fillna(""))
    grouped = frame.groupby(["notation", "text"], sort=False)
    codes = grouped["_cycle"].agg(lambda c: ", ".join(sorted(x for x in set(c) if x)))
    first = grouped.head(1).set_index(["notation", "text"])
    first = first.assign(code=[f"{n} ({c})" if c else n for (n, _), c in zip(codes.index, codes, strict=True)])
    return first.reset_index().drop(columns="_cycle")


def _top(scores: np.ndarray, frame: pd.DataFrame, minimum: float, k: int) -> pd.DataFrame:
    order = [i for i in np.argsort(-scores, kind="stable")[:k] if scores[i] >= minimum]
    return frame.iloc[order].assign(score=scores[order].round(3)).reset_index(drop=True)


def check_item(
    frames: Frames,
    item: Item,
    *,
    scope: str | Iterable[str] | None = None,
    gaps: pd.DataFrame | None = None,
    number: int = 1,
) -> ProposalCheck:
    """Check one item against the portfolio of ``frames`` (``gaps``: the portfolio's target gaps
    in ``scope``, passed in when several items are checked at once)."""
    objects = link_objects(frames)
    scores = text_scores([item.text], list(objects["text"]))[0] * relevance(objects)
    is_line = (objects["object_kind"] == "line").to_numpy()
    target_hits = _top(np.where(is_line, 0.0, scores), objects, LINK_MIN, TOP_LINKS)
    line_hits = _top(np.where(is_line, scores, 0.0), objects, LINK_MIN, 3)
    target_hits, line_hits = (
        hits.assign(passage=_passages(item, list(hits["text"]))).rename(columns={"target": kind})
        for hits, kind in ((target_hits, "target"), (line_hits, "line"))
    )

    elements = element_texts(frames.elements, None)
    scores = text_scores([item.text], list(elements["text"]))[0]
    is_pp = (elements["family"] == "PP").to_numpy()
    near = _distinct(_top(np.where(is_pp, 0.0, scores), elements, OVERLAP_MIN, 2 * NEAREST)).head(NEAREST)
    pp = _top(np.where(is_pp, scores, 0.0), elements, OVERLAP_MIN, 3).assign(code=lambda f: f["notation"])
    near, pp = (
        frame.assign(
            label=frame["label_en"].fillna(frame["text"]),
            shared=[_shared(item.text, t) for t in frame["text"]],
            relation=[_relation(s) for s in frame["score"]],
        )
        for frame in (near, pp)
    )

    if gaps is None:
        gaps = find_gaps(frames, scope, kinds=("uncovered-target", "indirect-only-target"))
    in_scope = scope_targets(frames, scope)
    open_gaps = gaps[gaps["item_iri"].isin(set(target_hits["target"]) & in_scope)]
    closed = open_gaps.rename(columns={"item_iri": "target", "item": "code", "item_label": "label"})
    return ProposalCheck(
        item=item,
        targets=target_hits[["target", "code", "label", "score", "passage"]],
        lines=line_hits[["line", "code", "label", "score", "passage"]],
        nearest=near[["element", "code", "kind", "label", "score", "shared", "relation"]],
        pp_resolutions=pp[["element", "code", "label", "score", "shared", "relation"]],
        gaps_closed=closed[["target", "code", "label", "kind"]].reset_index(drop=True),
        checks=pd.concat(
            [
                _checks(item, target_hits, line_hits, near, pp),
                rules_it_would_trigger(frames, item, target_hits, line_hits, number),
            ],
            ignore_index=True,
        ),
    )


def _checks(
    item: Item, targets: pd.DataFrame, lines: pd.DataFrame, near: pd.DataFrame, pp: pd.DataFrame
) -> pd.DataFrame:
    """What the working group would be told about the item: the same tests the portfolio gets."""
    rows = []
    if targets.empty:
        rows.append(
            ("no-sdg-target", "high", "No SDG target shares enough of its text: state which targets the item serves.")
        )
    if lines.empty:
        rows.append(
            (
                "no-wsis-line",
                "medium",
                "No WSIS action line shares enough of its text: name the action line (C2, C5 or C6 where ITU leads).",
            )
        )
    same_kind = near[(near["kind"] == item.kind) & (near["relation"] == "repeats")]
    for row in same_kind.itertuples():
        rows.append(("duplicates-element", "high", f"Repeats {row.code} ({row.label}); shared: {row.shared}."))
    if item.kind == "resolution":
        for row in pp[pp["relation"] == "repeats"].itertuples():
            rows.append(
                (
                    "repeats-pp-resolution",
                    "high",
                    f"Repeats {row.code} ({row.label}): refer to it rather than restate it.",
                )
            )
    frame = pd.DataFrame(rows, columns=["check", "severity", "message"])
    return frame.assign(message_fr=pd.Series([None] * len(frame), dtype=object))


def rules_it_would_trigger(
    frames: Frames, item: Item, targets: pd.DataFrame, lines: pd.DataFrame, number: int = 1
) -> pd.DataFrame:
    """The misalignment rules that would fire on the item were it added to the portfolio with the
    links its text supports (``targets``, ``lines``): the portfolio's own rules, not a copy.

    Only the rules that read an element's own title and links apply (:data:`PROPOSAL_RULES`);
    the item's links are unverified, lexical ones. Columns: check (the rule id), severity,
    message, message_fr.
    """
    kind = item.kind if item.kind in ("question", "initiative", "resolution") else "question"
    element = str(mint(kind, f"proposal-{number}"))
    row = dict.fromkeys(ELEMENT_COLUMNS) | {
        "element": element,
        "kind": kind,
        "notation": f"#{number}",
        "label_en": item.title,
        "text": item.text,
        "status": "unverified",
    }
    links = [
        dict.fromkeys(LINK_COLUMNS)
        | {
            "element": element,
            "predicate": predicate,
            "object": obj,
            "object_kind": object_kind,
            "status": "unverified",
            "justification": "lexical similarity",
            "confidence": score,
            "source": "proposal",
            "graph": "proposal",
            "alignment": f"{element}#{predicate}-{n}",
        }
        for predicate, object_kind, column, frame in (
            ("contributesTo", "target", "target", targets),
            ("supportsActionLine", "line", "line", lines),
        )
        for n, (obj, score) in enumerate(zip(frame[column], frame["score"], strict=True))
    ]
    with_item = replace(
        frames,
        elements=pd.concat([frames.elements, pd.DataFrame([row])], ignore_index=True),
        links=pd.concat([frames.links, pd.DataFrame(links, columns=LINK_COLUMNS)], ignore_index=True),
    )
    found = find_misalignments(with_item, rules=PROPOSAL_RULES)
    found = found[found["element"] == element]
    return pd.DataFrame(
        {
            "check": found["rule"],
            "severity": found["severity"],
            "message": found["message"],
            "message_fr": found["message_fr"],
        }
    ).reset_index(drop=True)


def check_items(
    frames: Frames, items: Sequence[Item], *, scope: str | Iterable[str] | None = None
) -> list[ProposalCheck]:
    """Check every item; the portfolio's target gaps are computed once."""
    gaps = find_gaps(frames, scope, kinds=("uncovered-target", "indirect-only-target"))
    return [check_item(frames, item, scope=scope, gaps=gaps, number=n) for n, item in enumerate(items, start=1)]


def check_table(checks: Sequence[ProposalCheck]) -> pd.DataFrame:
    """Every check as one long table (``CHECK_COLUMNS``): one row per finding of each item."""
    rows = []
    for n, check in enumerate(checks, start=1):
        base = {"item": n, "title": check.item.title, "kind": check.item.kind}
        for row in check.targets.itertuples():
            rows.append(
                {
                    **base,
                    "section": "sdg-target",
                    "code": row.code,
                    "label": row.label,
                    "score": row.score,
                    "evidence": row.passage,
                }
            )
        for row in check.lines.itertuples():
            rows.append(
                {
                    **base,
                    "section": "wsis-line",
                    "code": row.code,
                    "label": row.label,
                    "score": row.score,
                    "evidence": row.passage,
                }
            )
        for row in check.nearest.itertuples():
            rows.append(
                {
                    **base,
                    "section": f"nearest-{row.kind}",
                    "code": row.code,
                    "label": row.label,
                    "score": row.score,
                    "evidence": f"{row.relation}; shared: {row.shared}",
                }
            )
        for row in check.pp_resolutions.itertuples():
            rows.append(
                {
                    **base,
                    "section": "pp-resolution",
                    "code": row.code,
                    "label": row.label,
                    "score": row.score,
                    "evidence": f"{row.relation}; shared: {row.shared}",
                }
            )
        for row in check.gaps_closed.itertuples():
            rows.append(
                {
                    **base,
                    "section": "gap-closed",
                    "code": row.code,
                    "label": row.label,
                    "score": None,
                    "evidence": row.kind,
                }
            )
        for row in check.checks.itertuples():
            rows.append(
                {
                    **base,
                    "section": "check",
                    "code": row.check,
                    "label": row.severity,
                    "score": None,
                    "evidence": row.message,
                }
            )
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)
