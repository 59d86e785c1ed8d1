"""Gaps: what the portfolio leaves uncovered, each with the filters it holds under and the
nearest elements that could cover it.

Kinds (``GAP_KINDS``):

- ``uncovered-target``: an in-scope SDG target that no element covers, directly or indirectly;
- ``indirect-only-target``: an in-scope target that no element links to, reached only through
  an action line the WSIS-SDG Matrix links to it;
- ``priority-without-question``: a priority no Question of its cycle is filed under;
- ``priority-without-initiative``: a priority no regional initiative of its cycle in some
  region is filed under (one row per priority and region);
- ``unsupported-action-line``: a WSIS action line no element supports;
- ``unlinked-element``: a curated element with SDG links and no WSIS link, or the reverse
  (:func:`holes.unlinked_elements`, the same definition as rule M3);
- ``coverage-lost``: a target covered in one cycle and not in the next, both lists known.

Gaps judge only known data: untitled elements, elements with no link at all and partial
lists are data-completeness items (:mod:`completeness`), never gaps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import pandas as pd

from graph.analysis.coverage import direct_target_links, scope_targets, target_coverage
from graph.analysis.filters import Filters, apply, narrowed, resolve_cycle
from graph.analysis.frames import Frames, declared_links, short_id
from graph.analysis.holes import coverage_transitions, priority_holes, unlinked_elements, unlinked_note
from graph.analysis.scopes import DEFAULT_SCOPE
from graph.analysis.text import text_similarity
from graph.errors import BadInput

__all__ = ["COLUMNS", "GAP_KINDS", "NEAREST", "WHY", "find_gaps", "why"]

COLUMNS = ["kind", "item", "item_label", "filters", "nearest", "detail", "detail_fr", "item_iri"]
GAP_KINDS = (
    "uncovered-target",
    "indirect-only-target",
    "priority-without-question",
    "priority-without-initiative",
    "unsupported-action-line",
    "unlinked-element",
    "coverage-lost",
)
NEAREST = 3  # how many nearest elements a gap row names

# why each gap is one, in English and French: one parameterised template a case and a language
# (as sentences.py does for findings), so that a French reader reads it in French
WHY: dict[str, tuple[str, str]] = {
    "uncovered-target": (
        "no element links to it or to an action line the WSIS-SDG Matrix links to it",
        "aucun élément n'y est lié, ni à une grande orientation que la matrice SMSI-ODD y relie",
    ),
    "indirect-only-target": (
        "no element links to it; {count} reach it only through an action line the WSIS-SDG Matrix links to it",
        "aucun élément n'y est lié directement ; {count} ne l'atteignent que par une grande orientation "
        "que la matrice SMSI-ODD y relie",
    ),
    "priority-without-question": (
        "no Question{of_cycle} is filed under it; nearest: Questions sharing most of its SDG targets "
        "(or else its words)",
        "aucune Question{de_cycle} n'y est rattachée ; les plus proches : les Questions qui partagent le plus "
        "de ses cibles ODD (ou, à défaut, de ses mots)",
    ),
    "priority-without-initiative": (
        "no regional initiative of {region}{of_cycle} is filed under it; nearest: {region} initiatives "
        "sharing most of its SDG targets (or else its words)",
        "aucune initiative régionale {region}{de_cycle} n'y est rattachée ; les plus proches : les "
        "initiatives {region} qui partagent le plus de ses cibles ODD (ou, à défaut, de ses mots)",
    ),
    "unsupported-action-line": (
        "no element supports it{lead}; the Matrix links it to {targets} target(s); nearest: elements "
        "linking to most of them",
        "aucun élément ne la soutient{lead_fr} ; la matrice la relie à {targets} cible(s) ; les plus "
        "proches : les éléments liés au plus grand nombre d'entre elles",
    ),
    "unlinked-element": (
        "{kind} with no {missing} link, though it has other links; nearest: SDG targets whose text is closest",
        "{kind_fr} sans lien {missing_fr}, bien qu'elle ait d'autres liens ; les plus proches : les cibles "
        "ODD dont le texte est le plus voisin",
    ),
    "coverage-lost": (
        "covered by {what} of {first} ({earlier}), by none of the {count} {what} of {second}{note}; "
        "nearest: {second} {what} whose text is closest",
        "couverte par des {what_fr} de {first} ({earlier}), par aucune des {count} {what_fr} de "
        "{second}{note_fr} ; les plus proches : les {what_fr} de {second} dont le texte est le plus voisin",
    ),
}
# the words a French "why" puts in: element kinds, link families
_KIND_FR = {"question": "Question", "initiative": "initiative régionale", "resolution": "Résolution"}
_FAMILY_FR = {"SDG": "ODD", "WSIS": "SMSI"}


def why(case: str, /, **values: object) -> dict[str, str]:
    """A gap's ``detail`` (English) and ``detail_fr`` (French) from the templates of ``case``
    (its kind).

    >>> why("indirect-only-target", count=2)["detail_fr"][:44]
    "aucun élément n'y est lié directement ; 2 ne"
    """
    en, fr = WHY[case]
    return {"detail": en.format(**values), "detail_fr": fr.format(**values)}


class _Nearest:
    """The portfolio elements (Questions, initiatives, WTDC Resolutions) whose text is
    nearest to a piece of text (TF-IDF cosine, best first)."""

    def __init__(self, frames: Frames) -> None:
        el = frames.elements
        portfolio = el["kind"].isin(["question", "initiative"]) | (el["family"] == "WTDC")
        self.elements = el[portfolio & el["text"].map(bool)].reset_index(drop=True)

    def to(self, text: str | None, among: pd.DataFrame | None = None, n: int = NEAREST) -> list[str]:
        """The ``n`` elements (of ``among``, default all) nearest to ``text``."""
        return self.to_each([text], among, n)[0]

    def to_each(self, texts: list[str | None], among: pd.DataFrame | None = None, n: int = NEAREST) -> list[list[str]]:
        """The nearest elements to each of ``texts``, scored in one pass."""
        pool = self.elements if among is None else among[among["text"].map(bool)]
        if pool.empty:
            return [[] for _ in texts]
        scores = text_similarity([t or "" for t in texts], list(pool["text"]))
        ids = [short_id(e) for e in pool["element"]]
        nearest = []
        for text, row in zip(texts, scores, strict=True):
            order = np.argsort(-row, kind="stable")
            nearest.append([ids[i] for i in order[:n] if row[i] > 0] if text else [])
        return nearest


def _target_gaps(frames: Frames, scope: set[str], where: str, near: _Nearest) -> list[dict]:
    rows = []
    coverage = target_coverage(frames, scope)
    open_targets = coverage[coverage["in_scope"] & (coverage["coverage"] != "direct")]
    nearest = near.to_each(list(open_targets["label_en"]))
    for t, close in zip(open_targets.to_dict("records"), nearest, strict=True):
        kind = "uncovered-target" if t["coverage"] == "none" else "indirect-only-target"
        rows.append(
            {
                "kind": kind,
                "item": t["notation"],
                "item_label": t["label_en"],
                "filters": where,
                "nearest": close,
                **why(kind, count=t["indirect_count"]),
                "item_iri": t["target"],
            }
        )
    return rows


def _priority_gaps(frames: Frames, where: str, near: _Nearest) -> list[dict]:
    el = frames.elements
    label = dict(zip(el["element"], el["label_en"], strict=True))
    direct = direct_target_links(frames)
    targets_of: dict[str, set[str]] = defaultdict(set)
    for element, target in zip(direct["element"], direct["target"], strict=True):
        targets_of[element].add(target)
    rows = []
    for p in priority_holes(frames).to_dict("records"):
        if not p["missing_question"] and not p["regions_missing"]:
            continue
        cycle = p["cycle"] if isinstance(p["cycle"], str) else None
        same = el if cycle is None else el[el["cycle"] == cycle]
        wanted = targets_of.get(p["priority"], set())
        label_text = label.get(p["priority"]) or ""

        def nearest(pool: pd.DataFrame, wanted: set[str] = wanted, text: str = label_text) -> list[str]:
            # elements sharing most of the priority's targets; failing that, the closest texts
            shared = [(len(wanted & targets_of.get(e, set())), short_id(e)) for e in pool["element"]]
            found = [e for n, e in sorted(shared, key=lambda x: (-x[0], x[1])) if n][:NEAREST]
            return found or near.to(text, among=pool)

        cycles = {"of_cycle": f" of {cycle}" if cycle else "", "de_cycle": f" de {cycle}" if cycle else ""}
        if p["missing_question"]:
            rows.append(
                {
                    "kind": "priority-without-question",
                    "item": short_id(p["priority"]),
                    "item_label": label.get(p["priority"]),
                    "filters": where,
                    "nearest": nearest(same[same["kind"] == "question"]),
                    **why("priority-without-question", **cycles),
                    "item_iri": p["priority"],
                }
            )
        for region in p["regions_missing"]:
            pool = same[(same["kind"] == "initiative") & (same["region"] == region)]
            rows.append(
                {
                    "kind": "priority-without-initiative",
                    "item": short_id(p["priority"]),
                    "item_label": label.get(p["priority"]),
                    "filters": narrowed(where, f"region={region}"),
                    "nearest": nearest(pool),
                    **why("priority-without-initiative", region=region, **cycles),
                    "item_iri": p["priority"],
                }
            )
    return rows


def _line_gaps(frames: Frames, where: str) -> list[dict]:
    links = declared_links(frames)
    supported = set(links.loc[links["predicate"] == "supportsActionLine", "object"])
    direct = direct_target_links(frames)
    rows = []
    for ln in frames.action_lines.to_dict("records"):
        if ln["line"] in supported:
            continue
        m = frames.matrix
        targets = set(m.loc[(m["line"] == ln["line"]) & (m["level"] == "target"), "object"])
        counts = direct[direct["target"].isin(targets)].groupby("element").size()
        nearest = [short_id(e) for e, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))][:NEAREST]
        lead = bool(ln["is_itu_lead"])
        rows.append(
            {
                "kind": "unsupported-action-line",
                "item": ln["notation"],
                "item_label": ln["label_en"],
                "filters": where,
                "nearest": nearest,
                **why(
                    "unsupported-action-line",
                    targets=len(targets),
                    lead=" (an ITU lead line)" if lead else "",
                    lead_fr=" (l'UIT en est chef de file)" if lead else "",
                ),
                "item_iri": ln["line"],
            }
        )
    return rows


def _unlinked_gaps(frames: Frames, where: str) -> list[dict]:
    el = frames.elements.set_index("element")
    t_codes = list(frames.targets["notation"])
    t_texts = [t or "" for t in frames.targets["label_en"]]
    rows = []
    for e in unlinked_elements(frames).to_dict("records"):
        text = el.at[e["element"], "text"] or el.at[e["element"], "label_en"]
        scores = text_similarity([text], t_texts)[0]
        nearest = [t_codes[i] for i in np.argsort(-scores, kind="stable")[:NEAREST] if scores[i] > 0]
        rows.append(
            {
                "kind": "unlinked-element",
                "item": short_id(e["element"]),
                "item_label": el.at[e["element"], "label_en"],
                "filters": where,
                "nearest": nearest,
                **why(
                    "unlinked-element",
                    kind=e["kind"],
                    kind_fr=_KIND_FR.get(e["kind"], e["kind"]),
                    missing=" and no ".join(e["missing"]),
                    missing_fr=" ni ".join(_FAMILY_FR[m] for m in e["missing"]),
                ),
                "item_iri": e["element"],
            }
        )
    return rows


def _lost_gaps(frames: Frames, scope: set[str], filters: Filters | None, where: str, near: _Nearest) -> list[dict]:
    # compare cycles on frames filtered by everything but the period, then keep the rows
    # that touch the period asked for
    base = apply(frames, replace(filters, period=None)) if filters else frames
    cycle = resolve_cycle(frames, filters.period)[0] if filters and filters.period else None
    t = frames.targets
    code = dict(zip(t["target"], t["notation"], strict=True))
    label = dict(zip(t["target"], t["label_en"], strict=True))
    el = base.elements
    rows = []
    for r in coverage_transitions(base, scope).to_dict("records"):
        if cycle and cycle not in (r["from_cycle"], r["to_cycle"]):
            continue
        group = r["group"]
        pool = el[(el["cycle"] == r["to_cycle"]) & (el["kind"] == group.split()[0])]
        if group.startswith("initiative"):
            pool = pool[pool["region"] == group.split()[1]]
        what = "Questions" if group == "question" else f"{group.split()[1]} initiatives"
        what_fr = "Questions" if group == "question" else f"initiatives {group.split()[1]}"
        rows.append(
            {
                "kind": "coverage-lost",
                "item": code[r["target"]],
                "item_label": label[r["target"]],
                "filters": f"{where}; {r['from_cycle']} -> {r['to_cycle']}; {what}",
                "nearest": near.to(label[r["target"]], among=pool),
                **why(
                    "coverage-lost",
                    what=what,
                    what_fr=what_fr,
                    first=r["from_cycle"],
                    second=r["to_cycle"],
                    earlier=", ".join(r["earlier_elements"]),
                    count=r["to_cycle_elements"],
                    note=unlinked_note(r["to_cycle_unlinked"]),
                    note_fr=unlinked_note(r["to_cycle_unlinked"], "fr"),
                ),
                "item_iri": r["target"],
            }
        )
    return rows


def find_gaps(
    frames: Frames,
    scope: str | Iterable[str] | None = None,
    filters: Filters | None = None,
    kinds: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every gap of the (filtered) portfolio in ``scope`` (default: the ITU lead scope).

    Returns one row per gap with columns kind, item (a target code, element id or line
    code), item_label, filters (the filters and scope it holds under), nearest (ids of the
    elements, or for an unlinked element the target codes, nearest to covering it), detail
    and item_iri.
    """
    wanted = set(kinds) if kinds is not None else set(GAP_KINDS)
    unknown = sorted(wanted - set(GAP_KINDS))
    if unknown:
        raise BadInput("gap kind", unknown, GAP_KINDS)
    in_scope = scope_targets(frames, scope)
    scope_name = scope if isinstance(scope, str) else DEFAULT_SCOPE if scope is None else "list"
    kept = apply(frames, filters)
    where = f"scope={scope_name}; " + (filters.describe() if filters else "none")
    near = _Nearest(kept)
    rows: list[dict] = []
    if wanted & {"uncovered-target", "indirect-only-target"}:
        rows += _target_gaps(kept, in_scope, where, near)
    if wanted & {"priority-without-question", "priority-without-initiative"}:
        rows += _priority_gaps(kept, where, near)
    if "unsupported-action-line" in wanted:
        rows += _line_gaps(kept, where)
    if "unlinked-element" in wanted:
        rows += _unlinked_gaps(kept, where)
    if "coverage-lost" in wanted:
        rows += _lost_gaps(frames, in_scope, filters, where, near)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = frame[frame["kind"].isin(wanted)]
    order = {k: i for i, k in enumerate(GAP_KINDS)}
    frame = frame.assign(_k=frame["kind"].map(order)).sort_values(["_k"], kind="stable")
    return frame.drop(columns="_k").reset_index(drop=True)
