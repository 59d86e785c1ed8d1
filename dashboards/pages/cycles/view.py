"""Cycles side by side: what changed between two cycles' Questions or initiatives, and which SDG
targets and WSIS lines they gained or lost."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.data import DashboardData
from dashboards.figures.bars import count_bars
from dashboards.i18n import label, t
from dashboards.shared_views import filtered, goal_order, memo, table
from dashboards.urlstate import ViewState
from graph.analysis.codes import goal_of_target
from graph.analysis.cycles_diff import CHANGES, CycleDiff, diff_cycles

__all__ = ["cycle_changes", "cycle_coverage", "cycle_options", "cycle_table", "diff"]


def cycle_options(data: DashboardData) -> list[dict[str, str]]:
    """The cycles one can compare, oldest first."""
    cycles = data.frames.cycles.sort_values("notation")
    return [{"label": str(c.label_en or c.notation), "value": str(c.notation)} for c in cycles.itertuples()]


def diff(data: DashboardData, state: ViewState, first: str, second: str, kind: str) -> CycleDiff:
    """The diff of ``kind`` elements from cycle ``first`` to cycle ``second`` (view filters but period)."""
    view = state.with_filters(period=None)
    frames = filtered(data, view)
    return memo(data, ("cycles", view.filters, first, second, kind), lambda: diff_cycles(frames, first, second, kind))


def cycle_changes(result: CycleDiff, lang: str, kind: str) -> go.Figure:
    """How many elements were carried over, renamed, moved, dropped or new."""
    frame = result.elements
    item = frame["from_notation"].fillna("") + " → " + frame["to_notation"].fillna("")
    bars = pd.DataFrame(
        {
            "category": frame["change"].map(lambda c: t(f"cycles.change.{c}", lang)),
            "series": kind,
            "item": item.str.strip(" →"),
        }
    )
    return count_bars(
        bars,
        title=t("cycles.changes.title", lang, first=result.from_cycle, second=result.to_cycle),
        x_title=t("cycles.changes.x", lang),
        y_title=t(f"kind.{kind}", lang),
        categories=[t(f"cycles.change.{c}", lang) for c in CHANGES],
        series_names={kind: t(f"kind.{kind}", lang)},
    )


def cycle_coverage(result: CycleDiff, data: DashboardData, lang: str) -> go.Figure:
    """SDG targets gained and lost, per goal."""
    cov = result.coverage
    cov = cov[cov["item_kind"] == "target"]
    bars = pd.DataFrame(
        {
            "category": cov["notation"].astype(str).map(goal_of_target(data.frames)),
            "series": cov["change"],
            "item": cov["notation"],
        }
    )
    return count_bars(
        bars,
        title=t("cycles.coverage.title", lang, first=result.from_cycle, second=result.to_cycle),
        x_title=t("common.goal", lang),
        y_title=t("cycles.coverage.y", lang),
        categories=goal_order(data.frames),
        series=["target gained", "target lost"],
        series_names={"target gained": t("cycles.gained", lang), "target lost": t("cycles.lost", lang)},
    )


def cycle_table(result: CycleDiff, lang: str) -> tuple[list[dict], list[dict]]:
    """One row per element change, side by side."""
    frame = result.elements.assign(
        change=result.elements["change"].map(lambda c: t(f"cycles.change.{c}", lang)),
        from_title=result.elements["from_title"].map(lambda v: label(v, None, lang)),
        to_title=result.elements["to_title"].map(lambda v: label(v, None, lang)),
        detail=result.elements["detail_fr" if lang == "fr" else "detail"],
    )
    columns = [
        "change",
        "from_notation",
        "from_title",
        "to_notation",
        "to_title",
        "similarity",
        "targets_gained",
        "targets_lost",
        "detail",
    ]
    return table(frame[columns], {c: t(f"cycles.col.{c}", lang) for c in columns})
