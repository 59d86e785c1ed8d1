"""Which regional initiative lists are known: a region's list for a study period is known when
at least one of its initiatives has a title in the data. An unknown list is missing data, not a
region without initiatives: it is said in words, drawn as missing and never ranked.
"""

from __future__ import annotations

import pandas as pd

from graph.analysis.filters import Filters, resolve_cycle
from graph.analysis.frames import Frames

__all__ = ["LIST_COLUMNS", "region_lists", "unknown_lists", "unknown_regions"]

LIST_COLUMNS = ["region", "period", "initiatives", "titled", "linked", "known"]


def region_lists(frames: Frames) -> pd.DataFrame:
    """One row per region and study period of any initiative: how many initiatives, how many
    titled, how many with a link, and whether the list is known (at least one titled). A region
    with no initiative at all in a period has a row of zeros: WTDC adopts initiatives for every
    region, so an empty list is one the data does not have."""
    el = frames.elements
    initiatives = el[el["kind"] == "initiative"]
    if initiatives.empty:
        return pd.DataFrame(columns=LIST_COLUMNS)
    titled = initiatives["label_en"].fillna("").astype(str).str.strip() != ""
    linked = initiatives["element"].isin(set(frames.links["element"]))
    grouped = initiatives.assign(titled=titled, linked=linked).groupby(["region", "period"], dropna=False)
    out = grouped.agg(initiatives=("element", "size"), titled=("titled", "sum"), linked=("linked", "sum"))
    every = pd.MultiIndex.from_product(
        [sorted(frames.regions["notation"].astype(str)), sorted(initiatives["period"].dropna().astype(str).unique())],
        names=["region", "period"],
    )
    out = out.reindex(out.index.union(every), fill_value=0).reset_index()
    out["known"] = out["titled"] > 0
    return out[LIST_COLUMNS].astype({"initiatives": int, "titled": int, "linked": int, "known": bool})


def unknown_lists(frames: Frames, filters: Filters | None = None) -> pd.DataFrame:
    """The (region, period) lists of the view that are not known, in region and period order."""
    lists = region_lists(frames)
    lists = lists[~lists["known"]]
    if filters is not None and filters.region:
        lists = lists[lists["region"] == filters.region]
    if filters is not None and filters.period:
        _, period = resolve_cycle(frames, filters.period)
        lists = lists[lists["period"] == period]
    return lists.sort_values(["region", "period"]).reset_index(drop=True)


def unknown_regions(frames: Frames, filters: Filters | None = None) -> list[str]:
    """Regions none of whose lists in the view is known: they are left out of any ranking."""
    lists = region_lists(frames)
    if filters is not None and filters.period:
        _, period = resolve_cycle(frames, filters.period)
        lists = lists[lists["period"] == period]
    known = lists.groupby("region")["known"].any()
    return sorted(str(r) for r, k in known.items() if not k)
