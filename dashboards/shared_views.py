"""Charts and tables of a view: the filters applied to the frames, the analysis run, the result
shaped for a figure. Shared by the page callbacks and the chart pack (dashboard and CLI).

Analysis results are memoised per (snapshot, view, result) on the app's data, so a page
and its exports do not compute the same thing twice. One module per page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

from dashboards.data import DashboardData
from dashboards.i18n import label, t
from dashboards.urlstate import ViewState
from graph.analysis.codes import code_key
from graph.analysis.filters import apply, unknown
from graph.analysis.frames import ELEMENT_KINDS, Frames
from graph.analysis.gaps import find_gaps
from graph.analysis.misalignments import find_misalignments
from graph.analysis.regions import unknown_lists
from graph.analysis.scopes import DEFAULT_SCOPE
from graph.namespaces import STATUSES

__all__ = [
    "KINDS",
    "element_labels",
    "filtered",
    "finding_rows",
    "gap_rows",
    "goal_order",
    "memo",
    "missing_lists",
    "scope_of",
    "status_names",
    "table",
    "view_of",
]

# the kinds of element the charts count, in the order they show them
KINDS = tuple(ELEMENT_KINDS.values())
T = TypeVar("T")


def memo(data: DashboardData, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()`` once per ``key`` on ``data`` (keys include the snapshot)."""
    return data.memo((data.snapshot, *key), compute)


def view_of(data: DashboardData, search: str | None) -> ViewState:
    """The view a query string names, without the filter values the data does not have (the
    shell tells the reader which it dropped)."""
    state = ViewState.from_query(search)
    dropped = unknown(data.frames, state.filters)
    return state.with_filters(**dict.fromkeys((d.what.replace(" ", "_") for d in dropped), None)) if dropped else state


def filtered(data: DashboardData, state: ViewState) -> Frames:
    """The app's frames narrowed by the view's filters."""
    return memo(data, ("filtered", state.filters), lambda: apply(data.frames, state.filters))


def scope_of(state: ViewState) -> str:
    """The view's SDG scope (page option ``scope``, default the targets ITU-D answers for)."""
    return state.option("scope", DEFAULT_SCOPE)


def status_names(lang: str) -> dict[str, str]:
    """Status -> its name in ``lang``."""
    return {s: t(f"status.{s}", lang) for s in STATUSES}


def element_labels(frames: Frames, lang: str) -> dict[str, str]:
    """Element IRI -> "notation (period) · title" in ``lang`` (English titles marked in French).

    The period tells apart elements whose code was reused from one cycle to the next.
    """
    el = frames.elements
    return {
        e: f"{n}{f' ({p})' if p else ''} · {label(en, fr, lang)}".rstrip(" ·")
        for e, n, p, en, fr in zip(
            el["element"], el["notation"], el["period"], el["label_en"], el["label_fr"], strict=True
        )
    }


def missing_lists(data: DashboardData, state: ViewState) -> list[str]:
    """One sentence per region of the view whose initiative list (for some period) is not in the
    data: what is unknown is said, not drawn as zero."""
    lists = unknown_lists(data.frames, state.filters)
    return [
        t("completeness.region", state.lang, region=region, periods=", ".join(group["period"]))
        for region, group in lists.groupby("region")
    ]


def goal_order(frames: Frames) -> list[str]:
    return sorted(frames.goals["notation"].astype(str), key=code_key)


def gap_rows(data: DashboardData, state: ViewState) -> pd.DataFrame:
    """The gap table of the view."""
    return memo(
        data, ("gaps", state.filters, scope_of(state)), lambda: find_gaps(data.frames, scope_of(state), state.filters)
    )


def finding_rows(data: DashboardData, state: ViewState) -> pd.DataFrame:
    """The misalignment findings of the view."""
    frames = filtered(data, state)
    return memo(
        data, ("misalignments", state.filters, scope_of(state)), lambda: find_misalignments(frames, scope_of(state))
    )


# AG Grid's 14 px sans-serif: a character is at most about 8 px; a cell pads 15 px each side;
# a header pads 16 px each side and holds the filter button and the sort arrow
_CHAR, _CELL_PAD, _HEADER_PAD = 8, 34, 56
_LONG_MIN, _SHORT_MAX = 120, 200


def table(frame: pd.DataFrame, columns: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """AG Grid ``rowData`` and ``columnDefs`` for ``frame``'s ``columns`` (field -> header).

    Every column fits a 1440 px window: headers wrap between words (``table_card``), so a
    column is as wide as its longest header word; a short column (identifiers, codes, numbers)
    is as wide as its longest text, so "WTDC Res. 37" is never cut; a long-text column shares
    what is left and shows its full text as a tooltip.
    """
    rows = frame[list(columns)].astype(object).where(frame[list(columns)].notna(), None)
    defs = []
    for field, header in columns.items():
        # an empty cell is 0 characters long (a column of missing values has no NaN length)
        lengths = frame[field].astype(object).fillna("").astype(str).str.len() if len(frame) else pd.Series([0])
        longest = _CHAR * int(lengths.max()) + _CELL_PAD
        wide = bool(lengths.mean() > 30 or longest > 2 * _SHORT_MAX)
        head = _CHAR * max((len(w) for w in re.split(r"[\s-]+", header) if w), default=0) + _HEADER_PAD
        defs.append(
            {
                "field": field,
                "headerName": header,
                "flex": 3 if wide else 1,
                "minWidth": max(_LONG_MIN, head) if wide else max(head, min(_SHORT_MAX, longest)),
                "headerTooltip": header,
                **({"tooltipField": field} if wide or longest > _SHORT_MAX else {}),
            }
        )
    return rows.to_dict("records"), defs
