"""Gap charts and the gap table: by kind, by SDG goal, by region, and coverage lost between cycles.

:func:`gap_charts` and :func:`gap_frame` are the chart pack's content (``pack.py`` assembles the pack),
so the dashboard button and ``itud-align export-charts`` give the same file for the same view.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from dashboards.data import DashboardData
from dashboards.figures.bars import count_bars
from dashboards.i18n import label, t, view_words
from dashboards.shared_views import element_labels, gap_rows, goal_order, scope_of, table
from dashboards.urlstate import ViewState
from graph.analysis.codes import goal_of_target
from graph.analysis.gaps import GAP_KINDS
from graph.analysis.regions import unknown_regions

__all__ = ["gap_charts", "gap_frame", "gap_table", "gaps_by_goal", "gaps_by_kind", "gaps_by_region", "gaps_lost"]

_REGION = re.compile(r"region=([A-Z]+)")
_CYCLES = re.compile(r"(WTDC-\d+) -> (WTDC-\d+)")


def _kind_names(lang: str) -> dict[str, str]:
    return {k: t(f"gap.{k}", lang) for k in GAP_KINDS}


def gaps_by_kind(data: DashboardData, state: ViewState) -> go.Figure:
    """How many gaps of each kind the view has."""
    lang = state.lang
    frame = gap_rows(data, state)
    names = _kind_names(lang)
    tail = frame["filters"].str.rsplit("; ", n=1).str[-1]
    context = tail.where(~tail.str.startswith("scope=") & (tail != "none"), "")
    bars = pd.DataFrame(
        {
            "category": frame["kind"].map(names),
            "series": "gap",
            "item": (frame["item"].astype(str) + " · " + context).str.rstrip(" ·"),
        }
    )
    return count_bars(
        bars,
        title=t("gaps.kind.title", lang),
        x_title=t("gaps.count", lang),
        y_title=t("gaps.kind.axis", lang),
        categories=[names[k] for k in GAP_KINDS],
        series_names={"gap": t("gaps.count", lang)},
        horizontal=True,
        height=380,
    )


def gaps_by_goal(data: DashboardData, state: ViewState) -> go.Figure:
    """In-scope targets uncovered or covered only indirectly, per SDG goal."""
    lang = state.lang
    frame = gap_rows(data, state)
    frame = frame[frame["kind"].isin(["uncovered-target", "indirect-only-target"])]
    bars = pd.DataFrame(
        {
            "category": frame["item"].astype(str).map(goal_of_target(data.frames)),
            "series": frame["kind"],
            "item": frame["item"],
        }
    )
    return count_bars(
        bars,
        title=t("gaps.goal.title", lang),
        subtitle=t("view.scope", lang, scope=t(f"scope.{scope_of(state)}", lang)),
        x_title=t("common.goal", lang),
        y_title=t("gaps.goal.axis", lang),
        categories=goal_order(data.frames),
        series=["uncovered-target", "indirect-only-target"],
        series_names=_kind_names(lang),
        label_items=True,
    )


def gaps_by_region(data: DashboardData, state: ViewState) -> go.Figure:
    """Per region: priorities with no initiative there, and its initiatives lacking a link.
    Regions whose initiative lists are not in the data are left out (named under the title):
    a list the data lacks is not a region doing worse."""
    lang = state.lang
    frame = gap_rows(data, state)
    unknown = unknown_regions(data.frames, state.filters)
    regions = data.frames.elements.set_index("element")["region"].to_dict()
    region = frame["filters"].str.extract(_REGION, expand=False)
    region = region.fillna(frame["item_iri"].map(regions))
    kept = frame.assign(region=region)
    kept = kept[kept["kind"].isin(["priority-without-initiative", "unlinked-element"]) & kept["region"].notna()]
    bars = pd.DataFrame({"category": kept["region"], "series": kept["kind"], "item": kept["item"]})
    return count_bars(
        bars,
        title=t("gaps.region.title", lang),
        x_title=t("filters.region", lang),
        y_title=t("gaps.count", lang),
        categories=[r for r in sorted(data.frames.regions["notation"]) if r not in unknown],
        subtitle=t("gaps.region.unknown", lang, regions=", ".join(unknown)) if unknown else None,
        series=["priority-without-initiative", "unlinked-element"],
        series_names=_kind_names(lang),
    )


def gaps_lost(data: DashboardData, state: ViewState) -> go.Figure:
    """Targets covered in one cycle and dropped in the next, per cycle change and group."""
    lang = state.lang
    frame = gap_rows(data, state)
    frame = frame[frame["kind"] == "coverage-lost"]
    cycles = frame["filters"].str.extract(_CYCLES)
    group = frame["filters"].str.rsplit("; ", n=1).str[-1]
    bars = pd.DataFrame(
        {
            "category": cycles[0] + " → " + cycles[1],
            "series": group.map(lambda g: view_words(g, lang)),
            "item": frame["item"],
        }
    )
    return count_bars(
        bars,
        title=t("gaps.lost.title", lang),
        x_title=t("gaps.lost.axis", lang),
        y_title=t("gaps.lost.count", lang),
        empty_message=t("common.none", lang),
        label_items=True,
    )


def gap_charts(data: DashboardData, state: ViewState) -> list[tuple[str, go.Figure]]:
    """Every gap chart of the view, named for files: the chart pack's content."""
    return [
        ("gaps-by-kind", gaps_by_kind(data, state)),
        ("gaps-by-goal", gaps_by_goal(data, state)),
        ("gaps-by-region", gaps_by_region(data, state)),
        ("gaps-lost", gaps_lost(data, state)),
    ]


def gap_table(data: DashboardData, state: ViewState) -> tuple[list[dict], list[dict]]:
    """The ranked gap table in the view's language, as AG Grid rows and columns."""
    shown = gap_frame(data, state)
    return table(shown, {c: t(f"gaps.col.{c}", state.lang) for c in shown.columns})


def gap_frame(data: DashboardData, state: ViewState) -> pd.DataFrame:
    """The ranked gap table in the view's language (each gap's "why" in it; English-only
    titles marked in French)."""
    lang = state.lang
    frame = gap_rows(data, state)
    targets = data.frames.targets.set_index("target")
    elements = element_labels(data.frames, lang)

    def item_label(iri: str, fallback: object) -> str:
        if iri in targets.index:
            row = targets.loc[iri]
            return label(row["label_en"], row["label_fr"], lang)
        if iri in elements:
            return elements[iri].split(" · ", 1)[-1]
        return label(fallback, None, lang)

    shown = pd.DataFrame(
        {
            "rank": range(1, len(frame) + 1),
            "kind": frame["kind"].map(_kind_names(lang)),
            "item": frame["item"],
            "item_label": [item_label(i, f) for i, f in zip(frame["item_iri"], frame["item_label"], strict=True)],
            "nearest": frame["nearest"].map(lambda v: "; ".join(v) if isinstance(v, list) else v),
            "detail": [label(en, fr, lang) for en, fr in zip(frame["detail"], frame["detail_fr"], strict=True)],
            "filters": frame["filters"].map(lambda f: view_words(f, lang)),
        }
    )
    return shown
