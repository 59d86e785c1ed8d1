"""Coverage: which elements cover each SDG target, goal and WSIS action line.

A target is covered *directly* when an element declares ``contributesTo`` it, and
*indirectly* when an element supports a WSIS action line that the WSIS-SDG Matrix links
to the target. The two are always counted apart. Suggested links (status "suggested")
never count: only declared and curated links do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from graph.analysis.frames import STATUS_RANK, Frames, declared_links, short_id
from graph.analysis.scopes import resolve_scope

__all__ = [
    "action_line_coverage",
    "direct_target_links",
    "goal_coverage",
    "indirect_target_links",
    "scope_targets",
    "target_coverage",
]

TARGET_COVERAGE_COLUMNS = [
    "target",
    "notation",
    "goal_notation",
    "label_en",
    "label_fr",
    "in_scope",
    "direct_count",
    "indirect_count",
    "direct_elements",
    "indirect_elements",
    "strongest_status",
    "max_confidence",
    "coverage",
]


def scope_targets(frames: Frames, scope: str | Iterable[str] | None) -> set[str]:
    """The target IRIs of ``scope``: a scope spec (see :mod:`scopes`), a list of IRIs, or the default."""
    if scope is None or isinstance(scope, str):
        return set(resolve_scope(frames, scope))
    return set(scope)


def direct_target_links(frames: Frames) -> pd.DataFrame:
    """Declared element -> SDG target links: element, target, status, confidence, alignment, ..."""
    links = declared_links(frames)
    direct = links[(links["predicate"] == "contributesTo") & (links["object_kind"] == "target")]
    return direct.rename(columns={"object": "target"})


def indirect_target_links(frames: Frames) -> pd.DataFrame:
    """Element -> target through an action line: element, line, target, status, confidence,
    alignment (of the element's line link) and matrix_alignment (of the Matrix row)."""
    links = declared_links(frames)
    supports = links[links["predicate"] == "supportsActionLine"].rename(columns={"object": "line"})
    matrix = frames.matrix[frames.matrix["level"] == "target"][["line", "object", "alignment"]]
    matrix = matrix.rename(columns={"object": "target", "alignment": "matrix_alignment"})
    return supports.merge(matrix, on="line", how="inner")


def _ids(elements: Iterable[str]) -> list[str]:
    return sorted({short_id(e) for e in set(elements)})


@dataclass(frozen=True)
class _Summary:
    """The links that reach one target or line: their elements' ids (sorted), the strongest
    status (the first of the highest rank) and the highest confidence."""

    ids: list[str]
    status: str | None
    confidence: float | None


def _summaries(links: pd.DataFrame, key: str) -> dict[str, _Summary]:
    """``key`` value -> the summary of its links, for all values at once on integer codes (at 1M
    triples the indirect links are 170,000 rows). Statuses that are not text and confidences that
    are not numbers are left out."""
    if links.empty:
        return {}
    codes, values = pd.factorize(links[key], use_na_sentinel=False)
    # ids: the distinct (value, element id) pairs, sorted by value then id
    el_codes, el_values = pd.factorize(links["element"], use_na_sentinel=False)
    shorts = [short_id(e) for e in el_values]
    names = sorted(set(shorts))
    rank_of_name = {name: i for i, name in enumerate(names)}
    id_codes = np.array([rank_of_name[s] for s in shorts], dtype=np.int64)[el_codes]
    pairs = np.unique(codes.astype(np.int64) * len(names) + id_codes)
    pair_values, pair_ids = np.divmod(pairs, len(names))
    bounds = np.flatnonzero(np.diff(pair_values)) + 1
    ids = {
        values[pair_values[start]]: [names[i] for i in chunk]
        for start, chunk in zip(np.r_[0, bounds], np.split(pair_ids, bounds), strict=True)
    }
    # status: of the highest rank, the first in the links' order (lexsort is stable)
    st_codes, st_values = pd.factorize(links["status"], use_na_sentinel=False)
    rank = np.array([STATUS_RANK.get(s, 0) if isinstance(s, str) else -1 for s in st_values])[st_codes]
    order = np.lexsort((-rank, codes))
    firsts = order[np.r_[0, np.flatnonzero(np.diff(codes[order])) + 1]]
    best = {values[codes[i]]: st_values[st_codes[i]] for i in firsts if rank[i] >= 0}
    cf_codes, cf_values = pd.factorize(links["confidence"], use_na_sentinel=False)
    numbers = np.array(
        [
            float(v) if isinstance(v, int | float) and v == v else np.nan  # v == v: not NaN
            for v in cf_values
        ],
        dtype=float,
    )[cf_codes]
    highest = pd.Series(numbers).groupby(codes).max()
    return {
        value: _Summary(ids[value], best.get(value), None if np.isnan(highest[code]) else float(highest[code]))
        for code, value in enumerate(values)
    }


def target_coverage(frames: Frames, scope: str | Iterable[str] | None = None) -> pd.DataFrame:
    """One row per SDG target: who covers it directly and indirectly, and how strongly.

    ``strongest_status`` and ``max_confidence`` describe the direct links when there are
    any, otherwise the element's links to the action lines that cover it indirectly.
    ``coverage`` is "direct" when any element links to the target, "indirect" when only
    an action line does, "none" otherwise.
    """
    in_scope = scope_targets(frames, scope)
    direct_by = _summaries(direct_target_links(frames), "target")
    indirect_by = _summaries(indirect_target_links(frames), "target")
    rows = []
    for t in frames.targets.itertuples(index=False):
        d = direct_by.get(t.target)
        i = indirect_by.get(t.target)
        d_elements = d.ids if d is not None else []
        i_elements = i.ids if i is not None else []
        evidence = d if d is not None else i
        rows.append(
            {
                "target": t.target,
                "notation": t.notation,
                "goal_notation": t.goal_notation,
                "label_en": t.label_en,
                "label_fr": t.label_fr,
                "in_scope": t.target in in_scope,
                "direct_count": len(d_elements),
                "indirect_count": len(i_elements),
                "direct_elements": d_elements,
                "indirect_elements": i_elements,
                "strongest_status": evidence.status if evidence is not None else None,
                "max_confidence": evidence.confidence if evidence is not None else None,
                "coverage": "direct" if d_elements else "indirect" if i_elements else "none",
            }
        )
    return pd.DataFrame(rows, columns=TARGET_COVERAGE_COLUMNS)


def goal_coverage(
    frames: Frames, scope: str | Iterable[str] | None = None, targets: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per SDG goal: its in-scope targets, how many of them are covered directly and
    indirectly, and the elements that link to the goal or to one of its targets.

    Direct elements link to the goal itself or to one of its targets; indirect elements
    support an action line that the Matrix links to the goal or to one of its targets.
    ``targets`` is ``target_coverage(frames, scope)`` when the caller has it already.
    """
    targets = target_coverage(frames, scope) if targets is None else targets
    links = declared_links(frames)
    to_goal = links[(links["predicate"] == "contributesTo") & (links["object_kind"] == "goal")]
    supports = links[links["predicate"] == "supportsActionLine"]
    goal_of = dict(zip(frames.targets["target"], frames.targets["goal"], strict=True))
    matrix = frames.matrix.assign(goal=frames.matrix["object"].map(lambda o: goal_of.get(o, o)))
    linking = _summaries(to_goal, "object")
    supporters = _summaries(supports, "object")
    rows = []
    for g in frames.goals.itertuples(index=False):
        mine = targets[targets["goal_notation"] == g.notation]
        scoped = mine[mine["in_scope"]]
        direct = set(linking[g.goal].ids) if g.goal in linking else set()
        direct |= {short for lst in mine["direct_elements"] for short in lst}
        lines = set(matrix.loc[matrix["goal"] == g.goal, "line"])
        indirect = set().union(*(supporters[ln].ids for ln in lines if ln in supporters))
        direct_ids = _ids(direct)
        indirect_ids = _ids(indirect)
        rows.append(
            {
                "goal": g.goal,
                "notation": g.notation,
                "short_en": g.short_en,
                "short_fr": g.short_fr,
                "label_en": g.label_en,
                "label_fr": g.label_fr,
                "targets": len(mine),
                "targets_in_scope": len(scoped),
                "in_scope_direct": int((scoped["coverage"] == "direct").sum()),
                "in_scope_indirect": int((scoped["coverage"] == "indirect").sum()),
                "in_scope_none": int((scoped["coverage"] == "none").sum()),
                "direct_count": len(direct_ids),
                "indirect_count": len(indirect_ids),
                "direct_elements": direct_ids,
                "indirect_elements": indirect_ids,
                "coverage": "direct" if direct_ids else "indirect" if indirect_ids else "none",
            }
        )
    frame = pd.DataFrame(rows)
    order = frame["notation"].map(lambda n: int(n) if str(n).isdigit() else 99)
    return frame.assign(_o=order).sort_values("_o").drop(columns="_o").reset_index(drop=True)


def action_line_coverage(frames: Frames) -> pd.DataFrame:
    """One row per WSIS action line: the elements that support it, and the Matrix targets it
    opens to indirect coverage."""
    links = declared_links(frames)
    supporters = _summaries(links[links["predicate"] == "supportsActionLine"], "object")
    matrix = frames.matrix
    rows = []
    for ln in frames.action_lines.itertuples(index=False):
        mine = supporters.get(ln.line, _Summary([], None, None))
        elements = mine.ids
        rows.append(
            {
                "line": ln.line,
                "notation": ln.notation,
                "label_en": ln.label_en,
                "label_fr": ln.label_fr,
                "is_itu_lead": bool(ln.is_itu_lead),
                "parent": ln.parent,
                "element_count": len(elements),
                "elements": elements,
                "matrix_targets": int(((matrix["line"] == ln.line) & (matrix["level"] == "target")).sum()),
                "matrix_goals": int(((matrix["line"] == ln.line) & (matrix["level"] == "goal")).sum()),
                "strongest_status": mine.status,
                "max_confidence": mine.confidence,
            }
        )
    frame = pd.DataFrame(rows)
    key = frame["notation"].map(_line_key)
    return frame.assign(_k=key).sort_values("_k").drop(columns="_k").reset_index(drop=True)


def _line_key(notation: str) -> tuple[int, ...]:
    return tuple(int(p) for p in notation.lstrip("C").split(".") if p.isdigit())
