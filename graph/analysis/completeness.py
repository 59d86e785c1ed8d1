"""Data completeness: what the rules and gaps cannot judge because the data does not say it yet.

One row per item, apart from the misalignments and gaps and never counted among them:

- ``untitled-element``: an element whose title is unknown in the sources;
- ``element-without-links``: a titled element with no declared link at all (not yet curated);
- ``partial-list``: a cycle's Questions, or a region's initiatives of a cycle, whose list is not
  known well enough to compare (:func:`holes.known_lists`);
- ``priority-without-cycle``: a priority of no cycle, which no cycle's elements are judged against;
- ``unverified-share``: per element kind, the share of its declared links not verified.
"""

from __future__ import annotations

import pandas as pd

from graph.analysis.frames import Frames, declared_links, short_id
from graph.analysis.holes import known_lists

__all__ = ["COLUMNS", "COMPLETENESS_KINDS", "DETAILS", "completeness"]

COLUMNS = ["kind", "item", "item_label", "cycle", "detail", "detail_fr", "count", "share", "item_iri"]
COMPLETENESS_KINDS = (
    "untitled-element",
    "element-without-links",
    "partial-list",
    "priority-without-cycle",
    "unverified-share",
)


# an item's detail, in English and French: one template a case and a language (a curator's
# written reason, copied from the data files, has no French and is left for the view to mark)
DETAILS = {
    "untitled-element": ("title unknown in the sources", "titre inconnu dans les sources"),
    "element-without-links": ("{title}: no declared link yet", "{title_fr} : aucun lien déclaré pour l'instant"),
    "priority-without-cycle": (
        "{title}: belongs to no cycle, so no cycle's Questions or initiatives are judged against it",
        "{title_fr} : n'appartient à aucun cycle, donc aucune Question ni initiative d'un cycle "
        "n'est jugée par rapport à elle",
    ),
    "unverified-share": (
        "{unverified} of {total} declared links from {kind} elements are not verified",
        "{unverified} des {total} liens déclarés des éléments {kind_fr} ne sont pas vérifiés",
    ),
}
# the element kinds a French detail names
_KIND_FR = {
    "question": "Question",
    "initiative": "initiative régionale",
    "resolution": "Résolution",
    "priority": "priorité",
}
EN_MARK = " (en)"  # an English-only title in a French detail


def _detail(case: str, **values: object) -> dict[str, str]:
    en, fr = DETAILS[case]
    return {"detail": en.format(**values), "detail_fr": fr.format(**values)}


def _titles(e: dict) -> dict[str, str]:
    """An element's title for the English and the French detail (English marked where no French)."""
    return {"title": e["label_en"], "title_fr": e["label_fr"] or f"{e['label_en']}{EN_MARK}"}


def _label(kind: str, notation: str, period: object) -> str:
    return f"{kind} {notation}" + (f" ({period})" if isinstance(period, str) and period else "")


def completeness(frames: Frames) -> pd.DataFrame:
    """The data-completeness items of the (filtered) frames, one row each (see the module).

    ``count`` and ``share`` carry the numbers of a ``partial-list`` (members) and an
    ``unverified-share`` row (links, share not verified); elsewhere ``count`` is 1.
    """
    el = frames.elements
    links = declared_links(frames)
    linked = set(links["element"])
    rows: list[dict] = []
    for e in el.to_dict("records"):
        label = _label(e["kind"], e["notation"], e["period"])
        reason = e["unlinked_reason"] or ""
        if not e["label_en"]:
            rows.append(
                {
                    "kind": "untitled-element",
                    "item": short_id(e["element"]),
                    "item_label": label,
                    "cycle": e["cycle"],
                    **({"detail": reason, "detail_fr": ""} if reason else _detail("untitled-element")),
                    "count": 1,
                    "share": None,
                    "item_iri": e["element"],
                }
            )
        elif e["element"] not in linked and not reason:
            rows.append(
                {
                    "kind": "element-without-links",
                    "item": short_id(e["element"]),
                    "item_label": label,
                    "cycle": e["cycle"],
                    **_detail("element-without-links", **_titles(e)),
                    "count": 1,
                    "share": None,
                    "item_iri": e["element"],
                }
            )
        if e["kind"] == "priority" and not isinstance(e["cycle"], str):
            rows.append(
                {
                    "kind": "priority-without-cycle",
                    "item": short_id(e["element"]),
                    "item_label": label,
                    "cycle": None,
                    **_detail("priority-without-cycle", **_titles(e)),
                    "count": 1,
                    "share": None,
                    "item_iri": e["element"],
                }
            )
    for r in known_lists(frames).to_dict("records"):
        if r["known"]:
            continue
        rows.append(
            {
                "kind": "partial-list",
                "item": f"{r['cycle']} {r['group']}",
                "item_label": r["group"],
                "cycle": r["cycle"],
                "detail": r["why"],
                "detail_fr": r["why_fr"],
                "count": r["elements"],
                "share": None,
                "item_iri": None,
            }
        )
    kinds = dict(zip(el["element"], el["kind"], strict=True))
    by_kind = links.assign(element_kind=links["element"].map(kinds))
    for kind, group in by_kind.groupby("element_kind", sort=True):
        unverified = int((group["status"] != "verified").sum())
        rows.append(
            {
                "kind": "unverified-share",
                "item": kind,
                "item_label": kind,
                "cycle": None,
                **_detail(
                    "unverified-share",
                    unverified=unverified,
                    total=len(group),
                    kind=kind,
                    kind_fr=_KIND_FR.get(str(kind), kind),
                ),
                "count": len(group),
                "share": round(unverified / len(group), 4),
                "item_iri": None,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = {k: i for i, k in enumerate(COMPLETENESS_KINDS)}
    frame = frame.assign(_k=frame["kind"].map(order)).sort_values(["_k", "item"], kind="stable")
    return frame.drop(columns="_k").reset_index(drop=True)
