"""What changed between two cycles: elements carried over, renamed, moved, dropped or new, and the
SDG targets and WSIS action lines the cycle's elements gained or lost.

Codes are reused across cycles for other subjects (Q3/1 was "Emerging technologies..." in
2018-2021 and is "disaster risk reduction" in 2022-2025), so elements are matched by their
content: the text similarity of their titles, paired one to one by the Hungarian assignment
(scipy's ``linear_sum_assignment``) among pairs scoring at least ``threshold``. A same code or a
same study group only breaks ties; initiatives are matched within their region only. A matched
pair is then

- "carried over": same code, same group, same title (the same words, whatever the case and
  punctuation);
- "renamed": same code and group, another title;
- "moved": another code or group, same title;
- "moved and renamed": another code or group and another title.

Unmatched elements of the first cycle are "dropped", of the second "new"; elements without a
title cannot be matched by content and are listed as "no title".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from graph.analysis.codes import code_key
from graph.analysis.duplication import element_group
from graph.analysis.filters import resolve_cycle
from graph.analysis.frames import Frames, declared_links
from graph.analysis.holes import known_lists, list_group
from graph.analysis.text import element_texts, text_scores, without_boilerplate
from graph.errors import ItudAlignError

__all__ = [
    "CHANGES",
    "COVERAGE_COLUMNS",
    "ELEMENT_COLUMNS",
    "MATCH_THRESHOLD",
    "CycleDiff",
    "cycle_elements",
    "diff_cycles",
]

ELEMENT_COLUMNS = [
    "change",
    "kind",
    "from_element",
    "from_notation",
    "from_group",
    "from_title",
    "to_element",
    "to_notation",
    "to_group",
    "to_title",
    "similarity",
    "detail",
    "detail_fr",
    "targets_gained",
    "targets_lost",
    "lines_gained",
    "lines_lost",
]
COVERAGE_COLUMNS = ["change", "item_kind", "item", "notation", "label", "from_elements", "to_elements"]
# every kind of element change, in the order a diff lists them
CHANGES = ("carried over", "renamed", "moved", "moved and renamed", "dropped", "not known yet", "new", "no title")
TIE_BREAK = 0.05
# the detail of a change, in English and French: one template a case and a language
DETAILS: dict[str, tuple[str, str]] = {
    "moved": ("{old} -> {new}", "{old} -> {new}"),
    "title changed": ("title changed", "titre modifié"),
    "reused": ("code {code} reused in {period} for: {title}", "code {code} réutilisé en {period} pour : {title_fr}"),
    "was used": ("code {code} was used in {period} for: {title}", "code {code} utilisé en {period} pour : {title_fr}"),
    "not known yet": (
        "the {period} list is partly known: {why}",
        "la liste de {period} n'est connue qu'en partie : {why_fr}",
    ),
    "no title": ("no title to match by content", "pas de titre pour l'apparier par son contenu"),
}


def _say(*parts: tuple[str, dict[str, Any]]) -> tuple[str, str]:
    """The English and French details of a change: each (case, values) of ``DETAILS``, joined by "; "."""
    en = "; ".join(DETAILS[case][0].format(**values) for case, values in parts)
    fr = " ; ".join(DETAILS[case][1].format(**values) for case, values in parts)
    return en, fr


# lowest title similarity of a match; TF-IDF with word pairs scores a one-word title against a
# longer one near 0.2 ("e-health" in 2018 against "e-services and applications, including e-health")
MATCH_THRESHOLD = 0.2
# kinds whose elements never move between groups: an initiative belongs to its region
WITHIN_GROUP = ("initiative",)


@dataclass(frozen=True)
class CycleDiff:
    """The two halves of a diff: one row per element change, one per target or line gained or lost."""

    from_cycle: str
    to_cycle: str
    elements: pd.DataFrame
    coverage: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """Both halves in one frame, with a ``section`` column ("element" or "coverage")."""
        parts = [self.elements.assign(section="element"), self.coverage.assign(section="coverage")]
        frame = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)
        extra = [c for c in COVERAGE_COLUMNS if c not in ELEMENT_COLUMNS]
        return frame.reindex(columns=["section", *ELEMENT_COLUMNS, *extra])


def cycle_elements(frames: Frames, period: str, kind: str) -> pd.DataFrame:
    """The elements of ``kind`` that belong to a cycle, given as a study period or a cycle id."""
    cycle, resolved = resolve_cycle(frames, period)
    el = frames.elements
    mask = (el["kind"] == kind) & ((el["period"] == resolved) | (el["cycle"] == cycle))
    frame = el[mask].copy()
    frame["group"] = [element_group(r) for r in frame.to_dict("records")]
    return frame.reset_index(drop=True)


def _link_sets(frames: Frames, object_kind: str) -> dict[str, set[str]]:
    links = declared_links(frames)
    links = links[links["object_kind"] == object_kind]
    table = frames.targets if object_kind == "target" else frames.action_lines
    key = "target" if object_kind == "target" else "line"
    notation = dict(zip(table[key], table["notation"], strict=True))
    out: dict[str, set[str]] = {}
    for element, obj in zip(links["element"], links["object"], strict=True):
        out.setdefault(element, set()).add(str(notation.get(obj, obj)))
    return out


def _join(codes: set[str]) -> str:
    return "; ".join(sorted(codes, key=code_key))


def _match(
    old: pd.DataFrame, new: pd.DataFrame, threshold: float, method: str, within_group: bool
) -> list[tuple[int, int, float]]:
    if old.empty or new.empty:
        return []
    sim = text_scores(
        [without_boilerplate(t) for t in old["text"]], [without_boilerplate(t) for t in new["text"]], method
    )
    same_code = old["notation"].to_numpy()[:, None] == new["notation"].to_numpy()[None, :]
    same_group = old["group"].to_numpy()[:, None] == new["group"].to_numpy()[None, :]
    if within_group:
        sim = np.where(same_group, sim, 0.0)
    weight = np.where(sim >= threshold, sim + TIE_BREAK * same_code + TIE_BREAK * same_group, 0.0)
    from scipy.optimize import linear_sum_assignment  # a slow import few callers need

    rows, cols = linear_sum_assignment(weight, maximize=True)
    return [(int(i), int(j), float(sim[i, j])) for i, j in zip(rows, cols, strict=True) if sim[i, j] >= threshold]


def _row(
    change: str,
    kind: str,
    a: dict[str, Any] | None,
    b: dict[str, Any] | None,
    similarity: float | None,
    detail: tuple[str, str],
    sets: tuple[dict[str, set[str]], dict[str, set[str]]],
) -> dict[str, Any]:
    targets, lines = sets
    ta = targets.get(a["element"], set()) if a else set()
    tb = targets.get(b["element"], set()) if b else set()
    la = lines.get(a["element"], set()) if a else set()
    lb = lines.get(b["element"], set()) if b else set()
    row: dict[str, Any] = {"change": change, "kind": kind}
    for side, r in (("from", a), ("to", b)):
        row[f"{side}_element"] = r["element"] if r else None
        row[f"{side}_notation"] = r["notation"] if r else None
        row[f"{side}_group"] = r["group"] if r else None
        row[f"{side}_title"] = r["text"] if r else None
    row.update(
        similarity=None if similarity is None else round(similarity, 4),
        detail=detail[0],
        detail_fr=detail[1],
        targets_gained=_join(tb - ta),
        targets_lost=_join(ta - tb),
        lines_gained=_join(lb - la),
        lines_lost=_join(la - lb),
    )
    return row


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _classify(a: dict[str, Any], b: dict[str, Any]) -> tuple[str, tuple[str, str]]:
    same_code = a["notation"] == b["notation"]
    same_group = a["group"] == b["group"]
    same_title = _words(a["text"]) == _words(b["text"])
    details: list[tuple[str, dict[str, Any]]] = []
    if not same_group:
        details.append(("moved", {"old": a["group"], "new": b["group"]}))
    if not same_code:
        details.append(("moved", {"old": a["notation"], "new": b["notation"]}))
    if not same_title:
        details.append(("title changed", {}))
    if same_code and same_group:
        return ("carried over" if same_title else "renamed"), _say(*details)
    return ("moved" if same_title else "moved and renamed"), _say(*details)


def _reuse_note(row: dict[str, Any], others: pd.DataFrame, other_period: str, verb: str) -> tuple[str, str]:
    same = others[(others["notation"] == row["notation"]) & (others["group"] == row["group"])]
    if same.empty:
        return "", ""
    title = same["text"].iloc[0]
    # the title is the English text the match was made on: marked so in French
    title_fr = f"{title} (en)" if title else "un élément sans titre"
    values = {"code": row["notation"], "period": other_period, "title": title or "an untitled element"}
    return _say((verb, values | {"title_fr": title_fr}))


def diff_cycles(
    frames: Frames,
    from_period: str = "2018-2021",
    to_period: str = "2022-2025",
    kind: str = "question",
    threshold: float = MATCH_THRESHOLD,
    method: str = "tfidf",
) -> CycleDiff:
    """Compare the elements of ``kind`` of two cycles (study periods or cycle ids).

    Raises ItudAlignError for an unknown period or when both name the same cycle.
    """
    if resolve_cycle(frames, from_period) == resolve_cycle(frames, to_period):
        raise ItudAlignError(f"{from_period} and {to_period} name the same cycle", fix="give two cycles")
    old_all = cycle_elements(frames, from_period, kind)
    new_all = cycle_elements(frames, to_period, kind)
    titled = set(element_texts(pd.concat([old_all, new_all]), [kind])["element"])
    old = element_texts(old_all[old_all["element"].isin(titled)], [kind])
    new = element_texts(new_all[new_all["element"].isin(titled)], [kind])
    sets = (_link_sets(frames, "target"), _link_sets(frames, "line"))
    rows: list[dict[str, Any]] = []
    matched_old, matched_new = set(), set()
    for i, j, sim in _match(old, new, threshold, method, within_group=kind in WITHIN_GROUP):
        a, b = old.iloc[i].to_dict(), new.iloc[j].to_dict()
        change, detail = _classify(a, b)
        rows.append(_row(change, kind, a, b, sim, detail, sets))
        matched_old.add(i)
        matched_new.add(j)
    partial = _partly_known(frames, resolve_cycle(frames, to_period)[0], kind)
    for i, a in enumerate(old.to_dict("records")):
        if i in matched_old:
            continue
        why = partial.get(list_group(kind, a.get("region")))
        if why is None:
            rows.append(_row("dropped", kind, a, None, None, _reuse_note(a, new, to_period, "reused"), sets))
        else:  # the next cycle's list is only partly known: not finding an element there says nothing
            # nothing is lost yet: the links it would lose are not counted as lost
            detail = _say(("not known yet", {"period": to_period, "why": why[0], "why_fr": why[1]}))
            row = _row("not known yet", kind, a, None, None, detail, sets)
            rows.append(row | {"targets_lost": "", "lines_lost": ""})
    for j, b in enumerate(new.to_dict("records")):
        if j not in matched_new:
            rows.append(_row("new", kind, None, b, None, _reuse_note(b, old, from_period, "was used"), sets))
    for side, frame in (("from", old_all), ("to", new_all)):
        for r in frame[~frame["element"].isin(titled)].to_dict("records"):
            r["text"] = None
            a, b = (r, None) if side == "from" else (None, r)
            rows.append(_row("no title", kind, a, b, None, _say(("no title", {})), sets))
    order = {c: n for n, c in enumerate(CHANGES)}
    elements = pd.DataFrame(rows, columns=ELEMENT_COLUMNS)
    elements = elements.assign(
        _o=elements["change"].map(order), _k=elements["from_notation"].fillna(elements["to_notation"])
    )
    elements = elements.sort_values(["_o", "_k", "to_notation"]).drop(columns=["_o", "_k"])
    coverage = _coverage(frames, old_all, new_all, sets)
    if partial:  # coverage the next cycle seems to lose may only be unread yet: losses are not judged
        coverage = coverage[~coverage["change"].str.endswith(" lost")].reset_index(drop=True)
    return CycleDiff(from_period, to_period, elements.reset_index(drop=True), coverage)


def _partly_known(frames: Frames, cycle: str | None, kind: str) -> dict[str, tuple[str, str]]:
    """The groups of ``kind`` (Questions, or one region's initiatives) of ``cycle`` listed with no
    title at all, with why (:func:`holes.known_lists`): nothing there to match an element by, so
    none is said to be dropped. A list with some titles is compared, its untitled rows shown apart."""
    lists = known_lists(frames)
    lists = lists[(lists["cycle"] == cycle) & ~lists["known"] & (lists["titled"] == 0)]
    groups = lists["group"] if kind == "initiative" else lists["group"][lists["group"] == "question"]
    found = lists.loc[groups.index]
    return dict(zip(groups, zip(found["why"], found["why_fr"], strict=True), strict=True))


def _coverage(
    frames: Frames, old: pd.DataFrame, new: pd.DataFrame, sets: tuple[dict[str, set[str]], dict[str, set[str]]]
) -> pd.DataFrame:
    labels = {
        **dict(zip(frames.targets["notation"], frames.targets["label_en"], strict=True)),
        **dict(zip(frames.action_lines["notation"], frames.action_lines["label_en"], strict=True)),
    }
    items = {
        **{str(n): t for t, n in zip(frames.targets["target"], frames.targets["notation"], strict=True)},
        **{str(n): ln for ln, n in zip(frames.action_lines["line"], frames.action_lines["notation"], strict=True)},
    }
    rows: list[dict[str, Any]] = []
    for item_kind, links in (("target", sets[0]), ("action line", sets[1])):
        holders: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
        for side, frame in enumerate((old, new)):
            for element, notation in zip(frame["element"], frame["notation"], strict=True):
                for code in links.get(element, set()):
                    holders[side].setdefault(code, []).append(str(notation))
        for change, have, lack in (("lost", 0, 1), ("gained", 1, 0)):
            for code in sorted(set(holders[have]) - set(holders[lack]), key=code_key):
                rows.append(
                    {
                        "change": f"{item_kind} {change}",
                        "item_kind": item_kind,
                        "item": items.get(code, code),
                        "notation": code,
                        "label": labels.get(code),
                        "from_elements": "; ".join(sorted(holders[0].get(code, []))),
                        "to_elements": "; ".join(sorted(holders[1].get(code, []))),
                    }
                )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
