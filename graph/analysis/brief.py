"""What the working group's brief says, as frames: coverage per priority and per region, and the
WTDC Resolutions by theme with their numbering.

The brief (``dashboards/documents/brief.py``) lays these out beside the gaps, misalignments,
streamlining pairs and cycle diff that the other analysis modules compute; nothing here is
counted twice. A region or numbering that the data cannot tell is said so, never counted as zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from graph.analysis.codes import code_key
from graph.analysis.coverage import scope_targets
from graph.analysis.filters import Filters, apply
from graph.analysis.frames import Frames, declared_links
from graph.analysis.gaps import find_gaps
from graph.analysis.misalignments import find_misalignments, misalignment_count

__all__ = [
    "FINDING_COLUMNS",
    "NUMBERING_COLUMNS",
    "PRIORITY_COLUMNS",
    "REGION_COLUMNS",
    "THEME_COLUMNS",
    "findings_by_priority",
    "findings_by_region",
    "priority_coverage",
    "region_coverage",
    "resolution_numbering",
    "resolution_themes",
]

PRIORITY_COLUMNS = ["priority", "code", "label", "family", "elements", "targets", "target_codes"]
REGION_COLUMNS = ["region", "code", "label", "period", "initiatives", "titled", "targets", "target_codes", "known"]
THEME_COLUMNS = ["theme", "resolution", "code", "label", "conference"]
NUMBERING_COLUMNS = ["number", "entries", "conferences", "titles", "note"]
FINDING_COLUMNS = ["code", "gaps", "misalignments"]
_NUMBER = re.compile(r"Res\.\s*(\d+)")


def _codes(targets: Iterable[str], frames: Frames) -> str:
    notation = dict(zip(frames.targets["target"], frames.targets["notation"], strict=True))
    return ", ".join(sorted((notation.get(t, t) for t in targets), key=code_key))


def _direct(frames: Frames, scope: set[str]) -> pd.DataFrame:
    links = declared_links(frames)
    direct = links[(links["predicate"] == "contributesTo") & links["object"].isin(scope)]
    return direct[["element", "object"]].drop_duplicates()


def priority_coverage(
    frames: Frames, scope: str | Iterable[str] | None = None, families: Iterable[str] | None = None
) -> pd.DataFrame:
    """Per priority: the elements filed under it and the in-scope targets that it or they cover directly."""
    in_scope = scope_targets(frames, scope)
    direct = _direct(frames, in_scope)
    links = declared_links(frames)
    filed = links[links["predicate"] == "implementsPriority"][["element", "object"]]
    priorities = frames.elements[frames.elements["kind"] == "priority"]
    if families is not None:
        priorities = priorities[priorities["family"].isin(list(families))]
    rows = []
    for row in priorities.itertuples():
        members = set(filed.loc[filed["object"] == row.element, "element"])
        targets = set(direct.loc[direct["element"].isin(members | {row.element}), "object"])
        rows.append(
            {
                "priority": row.element,
                "code": row.notation,
                "label": row.label_en,
                "family": row.family,
                "elements": len(members),
                "targets": len(targets),
                "target_codes": _codes(targets, frames),
            }
        )
    frame = pd.DataFrame(rows, columns=PRIORITY_COLUMNS)
    return frame.sort_values("code", key=lambda s: s.map(code_key)).reset_index(drop=True)


def region_coverage(
    frames: Frames, scope: str | Iterable[str] | None = None, period: str | None = None
) -> pd.DataFrame:
    """Per region, for the regional initiatives of ``period`` (default: the latest period that
    has titled initiatives): how many there are, how many have a known title, and the in-scope
    targets they cover. ``known`` is false where no initiative of the region has a title: the
    region's programme is unknown, not empty."""
    in_scope = scope_targets(frames, scope)
    direct = _direct(frames, in_scope)
    initiatives = frames.elements[frames.elements["kind"] == "initiative"]
    titled = initiatives["label_en"].notna() & (initiatives["label_en"].astype(str).str.strip() != "")
    if period is None:
        periods = sorted(initiatives.loc[titled, "period"].dropna().unique())
        period = periods[-1] if periods else None
    chosen = initiatives[initiatives["period"] == period]
    rows = []
    for region in frames.regions.itertuples():
        own = chosen[chosen["region"] == region.notation]
        named = own[own["label_en"].notna() & (own["label_en"].astype(str).str.strip() != "")]
        targets = set(direct.loc[direct["element"].isin(set(own["element"])), "object"])
        rows.append(
            {
                "region": region.region,
                "code": region.notation,
                "label": region.label_en,
                "period": period,
                "initiatives": len(own),
                "titled": len(named),
                "targets": len(targets),
                "target_codes": _codes(targets, frames),
                "known": len(named) > 0,
            }
        )
    return pd.DataFrame(rows, columns=REGION_COLUMNS)


def resolution_themes(frames: Frames) -> pd.DataFrame:
    """The WTDC Resolutions grouped by theme: the WSIS action line they support (by their own
    declared links), else the SDG goal they contribute to most, else "no declared link"."""
    links = declared_links(frames)
    resolutions = frames.elements[(frames.elements["kind"] == "resolution") & (frames.elements["family"] == "WTDC")]
    lines = dict(zip(frames.action_lines["line"], frames.action_lines["notation"], strict=True))
    goal_of = dict(zip(frames.targets["target"], frames.targets["goal_notation"], strict=True))
    rows = []
    for row in resolutions.itertuples():
        own = links[links["element"] == row.element]
        on_lines = sorted(
            {lines[o] for o in own.loc[own["predicate"] == "supportsActionLine", "object"] if o in lines}, key=code_key
        )
        goals = own.loc[own["object_kind"] == "target", "object"].map(goal_of).dropna()
        if on_lines:
            theme = "WSIS " + on_lines[0]
        elif len(goals):
            theme = "SDG " + str(goals.value_counts().sort_index(key=lambda s: s.map(code_key)).idxmax())
        else:
            theme = ""
        rows.append(
            {
                "theme": theme,
                "resolution": row.element,
                "code": row.notation,
                "label": row.label_en,
                "conference": row.cycle,
            }
        )
    frame = pd.DataFrame(rows, columns=THEME_COLUMNS)
    order = frame["theme"].eq("").astype(int).astype(str) + frame["theme"].map(lambda s: f"{code_key(s)}")
    return frame.assign(_o=order).sort_values(["_o", "code"]).drop(columns="_o").reset_index(drop=True)


def resolution_numbering(frames: Frames) -> pd.DataFrame:
    """WTDC Resolution numbers in the known list: each number's entries, conferences and titles,
    with a note where one number carries different titles (reused or retitled) or where a new
    Resolution has no number yet. The known list is partial: a number absent from it is not said
    to be free."""
    resolutions = frames.elements[(frames.elements["kind"] == "resolution") & (frames.elements["family"] == "WTDC")]
    numbers = resolutions["notation"].astype(str).map(lambda n: m.group(1) if (m := _NUMBER.search(n)) else "")
    numbered = resolutions.assign(number=numbers)
    rows = []
    for number, group in numbered.groupby("number", sort=False):
        titles = sorted({str(t) for t in group["label_en"].dropna() if str(t).strip()})
        conferences = sorted({str(c) for c in group["cycle"].dropna()})
        if not number:
            note = "new"
        elif len(titles) > 1:
            note = "several titles"
        elif len(group) > 1:
            note = "revised"
        else:
            note = ""
        rows.append(
            {
                "number": number,
                "entries": len(group),
                "conferences": ", ".join(conferences),
                "titles": " | ".join(titles),
                "note": note,
            }
        )
    frame = pd.DataFrame(rows, columns=NUMBERING_COLUMNS)
    key = frame["number"].map(lambda n: int(n) if n else 10**6)
    return frame.assign(_k=key).sort_values("_k").drop(columns="_k").reset_index(drop=True)


def findings_by_priority(
    frames: Frames, gaps: pd.DataFrame, findings: pd.DataFrame, priorities: pd.DataFrame
) -> pd.DataFrame:
    """Per priority of ``priorities`` (a :func:`priority_coverage` frame): its own gap rows (no
    Question, no initiative in a region) and the misalignments (notes left out) of the priority
    or of an element filed under it; counted from the gaps and findings the brief shows."""
    links = declared_links(frames)
    filed = links[links["predicate"] == "implementsPriority"]
    counted = findings[findings["severity"] != "note"] if len(findings) else findings
    rows = []
    for row in priorities.itertuples():
        members = set(filed.loc[filed["object"] == row.priority, "element"]) | {row.priority}
        own_gaps = gaps[gaps["item_iri"] == row.priority] if "item_iri" in gaps else gaps.iloc[0:0]
        rows.append(
            {
                "code": row.code,
                "gaps": len(own_gaps),
                "misalignments": int(counted["element"].isin(members).sum()) if len(counted) else 0,
            }
        )
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def findings_by_region(frames: Frames, scope: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Per region: the gaps and misalignments (notes left out) of the view filtered to it, as the
    dashboard's region filter counts them."""
    rows = []
    for code in frames.regions["notation"]:
        only = Filters(region=str(code))
        rows.append(
            {
                "code": code,
                "gaps": len(find_gaps(frames, scope, filters=only)),
                "misalignments": misalignment_count(find_misalignments(apply(frames, only), scope)),
            }
        )
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)
