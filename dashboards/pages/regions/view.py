"""Regions: region by priority (initiatives filed under each), and each region's initiatives
with the SDG targets, WSIS lines and priorities they link to."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.data import DashboardData
from dashboards.figures.coverage import coverage_heatmap
from dashboards.i18n import label, t
from dashboards.shared_views import element_labels, filtered, goal_order, table
from dashboards.urlstate import ViewState
from graph.analysis.codes import goal_of_target
from graph.analysis.frames import declared_links
from graph.analysis.regions import unknown_regions

__all__ = ["region_goals", "region_priorities", "region_table"]


def _initiatives(data: DashboardData, state: ViewState) -> tuple[pd.DataFrame, pd.DataFrame]:
    frames = filtered(data, state)
    el = frames.elements
    initiatives = el[el["kind"] == "initiative"]
    links = declared_links(frames)
    return initiatives, links[links["element"].isin(set(initiatives["element"]))]


def _rows(data: DashboardData, state: ViewState) -> list[str]:
    """The regions of the view: the filtered one only, else all."""
    return [state.filters.region] if state.filters.region else sorted(data.frames.regions["notation"])


def region_priorities(data: DashboardData, state: ViewState) -> go.Figure:
    """Initiatives per region (rows) and the priority they are filed under (columns)."""
    lang = state.lang
    initiatives, links = _initiatives(data, state)
    el = data.frames.elements.set_index("element")
    labels = element_labels(data.frames, lang)
    filed = links[links["predicate"] == "implementsPriority"]
    region = initiatives.set_index("element")["region"]
    frame = pd.DataFrame(
        {
            "row": filed["element"].map(region),
            "column": filed["object"].map(lambda p: el.loc[p, "notation"]),
            "element": filed["element"],
            "element_label": filed["element"].map(labels),
            "status": filed["status"],
        }
    )
    return coverage_heatmap(
        frame,
        rows=_rows(data, state),
        columns=sorted(frame["column"].dropna().unique()),
        title=t("regions.priority.title", lang),
        x_title=t("filters.priority", lang),
        y_title=t("filters.region", lang),
        verified_name=t("legend.verified_cell", lang),
        count_name=t("regions.initiatives", lang),
        missing_rows=unknown_regions(data.frames, state.filters),
        missing_name=t("regions.unknown", lang),
    )


def region_goals(data: DashboardData, state: ViewState) -> go.Figure:
    """Initiatives per region (rows) linked to each SDG goal (columns)."""
    lang = state.lang
    initiatives, links = _initiatives(data, state)
    frames = data.frames
    labels = element_labels(frames, lang)
    goal_of = goal_of_target(frames)
    sdg = links[links["predicate"] == "contributesTo"]
    region = initiatives.set_index("element")["region"]
    frame = pd.DataFrame(
        {
            "row": sdg["element"].map(region),
            "column": sdg["object"].map(goal_of),
            "element": sdg["element"],
            "element_label": sdg["element"].map(labels),
            "status": sdg["status"],
        }
    )
    return coverage_heatmap(
        frame,
        rows=_rows(data, state),
        columns=goal_order(frames),
        title=t("regions.goal.title", lang),
        x_title=t("common.goal", lang),
        y_title=t("filters.region", lang),
        verified_name=t("legend.verified_cell", lang),
        count_name=t("regions.initiatives", lang),
        missing_rows=unknown_regions(data.frames, state.filters),
        missing_name=t("regions.unknown", lang),
    )


def region_table(data: DashboardData, state: ViewState) -> tuple[list[dict], list[dict]]:
    """Every initiative of the view with what it covers."""
    lang = state.lang
    initiatives, links = _initiatives(data, state)
    frames = data.frames
    code = {
        **dict(zip(frames.targets["target"], frames.targets["notation"], strict=True)),
        **dict(zip(frames.goals["goal"], ("SDG " + frames.goals["notation"]), strict=True)),
        **dict(zip(frames.action_lines["line"], frames.action_lines["notation"], strict=True)),
        **dict(zip(frames.elements["element"], frames.elements["notation"], strict=True)),
    }
    regions = {r.notation: label(r.label_en, r.label_fr, lang) for r in frames.regions.itertuples()}

    # one grouping, not a scan of every link per initiative (tests/benchmarks/README.md)
    codes = links["object"].map(lambda o: code.get(o, o))
    listed = codes.groupby([links["element"], links["predicate"]]).agg(lambda c: ", ".join(sorted(set(c))))

    def linked(element: str, predicate: str) -> str:
        return str(listed.get((element, predicate), ""))

    rows = pd.DataFrame(
        [
            {
                "region": regions.get(r.region, r.region),
                "period": r.period,
                "initiative": r.notation,
                "title": label(r.label_en, r.label_fr, lang),
                "status": t(f"status.{r.status}", lang),
                "targets": linked(r.element, "contributesTo"),
                "lines": linked(r.element, "supportsActionLine"),
                "priorities": linked(r.element, "implementsPriority"),
            }
            for r in initiatives.itertuples()
        ],
        columns=["region", "period", "initiative", "title", "status", "targets", "lines", "priorities"],
    )
    return table(rows, {c: t(f"regions.col.{c}", lang) for c in rows.columns})
