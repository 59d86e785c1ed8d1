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

__all__ = ["COLUMNS", "COMPLETENESS_KINDS", "completeness"]

COLUMNS = ["kind", "item", "item_label", "cycle", "detail", "count", "share", "item_iri"]
COMPLETENESS_KINDS = (
    "untitled-element",
    "element-without-links",
    "partial-list",
    "priority-without-cycle",
    "unverified-share",
)


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
                    "detail": reason or "title unknown in the sources",
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
                    "detail": f"{e['label_en']}: no declared link yet",
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
                    "detail": f"{e['label_en']}: belongs to no cycle, so no cycle's "
                    "Questions or initiatives are judged against it",
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
                "detail": f"{unverified} of {len(group)} declared links from {kind} elements are not verified",
                "count": len(group),
                "share": round(unverified / len(group), 4),
                "item_iri": None,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = {k: i for i, k in enumerate(COMPLETENESS_KINDS)}
    frame = frame.assign(_k=frame["kind"].map(order)).sort_values(["_k", "item"], kind="stable")
    return frame.drop(columns="_k").reset_index(drop=True)
