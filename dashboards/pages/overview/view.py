"""Overview charts: headline figures, the coverage heatmap, WSIS action-line support, links by status."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.data import DashboardData
from dashboards.figures import coverage as coverage_fig
from dashboards.i18n import label, t
from dashboards.shared_views import (
    KINDS,
    element_labels,
    filtered,
    finding_rows,
    gap_rows,
    goal_order,
    memo,
    scope_of,
    status_names,
)
from dashboards.urlstate import ViewState
from graph.analysis.codes import code_key, goal_of_target
from graph.analysis.coverage import action_line_coverage, target_coverage
from graph.analysis.filters import own_elements
from graph.analysis.frames import Frames, declared_links, short_id
from graph.analysis.summary import Headline, headline

__all__ = ["kpis", "overview_heatmap", "overview_status", "overview_wsis"]


def kpis(data: DashboardData, state: ViewState) -> Headline:
    """Headline figures of the view (see :func:`graph.analysis.summary.headline`): coverage and
    links of the view's own elements, the priorities' links apart under a region filter."""
    frames = filtered(data, state)
    own = own_elements(frames, state.filters)
    cov = memo(data, ("target_coverage", state.filters, scope_of(state)), lambda: target_coverage(own, scope_of(state)))
    return headline(
        own, cov, gap_rows(data, state), finding_rows(data, state), reference_links=len(frames.links) - len(own.links)
    )


def _goal_links(frames: Frames) -> pd.DataFrame:
    """Declared element -> goal rows (a link to a target counts for its goal) with the target."""
    links = declared_links(frames)
    sdg = links[links["predicate"] == "contributesTo"]
    goal_of = goal_of_target(frames)
    code_of = dict(zip(frames.targets["target"], frames.targets["notation"], strict=True))
    return sdg.assign(goal=sdg["object"].map(goal_of), target_code=sdg["object"].map(code_of))


def overview_heatmap(data: DashboardData, state: ViewState, rows: str = "kind", goal: str | None = None) -> go.Figure:
    """Elements per (kind or priority) and goal, or per target of ``goal`` when drilled down."""
    lang = state.lang
    frames = filtered(data, state)
    links = _goal_links(frames)
    labels = element_labels(frames, lang)
    links = links.assign(element_label=links["element"].map(lambda e: labels.get(e, short_id(e))))
    if rows == "priority":
        implements = declared_links(frames)
        implements = implements[implements["predicate"] == "implementsPriority"][["element", "object"]]
        notation = dict(zip(frames.elements["element"], frames.elements["notation"], strict=True))
        implements = implements.assign(row=implements["object"].map(notation))
        links = links.merge(implements[["element", "row"]], on="element", how="inner")
        row_keys = sorted(links["row"].dropna().unique())
    else:
        kind_name = {k: t(f"kind.{k}", lang) for k in KINDS}
        kind = dict(zip(frames.elements["element"], frames.elements["kind"], strict=True))
        links = links.assign(row=links["element"].map(lambda e: kind_name.get(kind.get(e, ""), "")))
        row_keys = [kind_name[k] for k in KINDS]
    rows_name = t(f"overview.rows.{rows}", lang).lower()
    if goal:
        links = links[(links["goal"] == goal) & links["target_code"].notna()]
        codes = frames.targets.loc[frames.targets["goal_notation"] == goal, "notation"].astype(str)
        columns = sorted(codes, key=code_key)
        frame = links.assign(column=links["target_code"])
        title = t("overview.heatmap.title_goal", lang, goal=goal, rows=rows_name)
        x_title = t("common.target", lang)
    else:
        frame = links.assign(column=links["goal"])
        columns = goal_order(frames)
        title = t("overview.heatmap.title", lang, rows=rows_name)
        x_title = t("common.goal", lang)
    return coverage_fig.coverage_heatmap(
        frame[["row", "column", "element", "element_label", "status"]],
        rows=row_keys,
        columns=columns,
        title=title,
        x_title=x_title,
        y_title=t(f"overview.rows.{rows}", lang),
        verified_name=t("legend.verified_cell", lang),
        count_name=t("common.elements", lang),
    )


def overview_wsis(data: DashboardData, state: ViewState) -> go.Figure:
    """Elements supporting each WSIS action line, by link status, ITU-led lines first."""
    lang = state.lang
    frames = filtered(data, state)
    lines = action_line_coverage(frames)
    links = declared_links(frames)
    links = links[links["predicate"] == "supportsActionLine"]
    labels = element_labels(frames, lang)
    rows = []
    for ln in lines.itertuples(index=False):
        mine = links[links["object"] == ln.line]
        base = {"line": ln.notation, "line_label": label(ln.label_en, ln.label_fr, lang), "is_itu_lead": ln.is_itu_lead}
        rows += [
            {**base, "element": e, "element_label": labels.get(e, short_id(e)), "status": s}
            for e, s in zip(mine["element"], mine["status"], strict=True)
        ]
        if mine.empty:
            rows.append({**base, "element": None, "element_label": None, "status": None})
    frame = pd.DataFrame(rows, columns=list(coverage_fig.LINE_COLUMNS))
    return coverage_fig.action_line_bars(
        frame,
        title=t("overview.wsis.title", lang),
        x_title=t("overview.wsis.x", lang),
        y_title=t("common.elements", lang),
        lead_name=t("legend.itu_lead", lang),
        status_names=status_names(lang),
    )


def overview_status(data: DashboardData, state: ViewState) -> go.Figure:
    """Links by status, per element kind."""
    lang = state.lang
    frames = filtered(data, state)
    kind = dict(zip(frames.elements["element"], frames.elements["kind"], strict=True))
    links = frames.links.assign(
        group=frames.links["element"].map(lambda e: t(f"kind.{kind[e]}", lang) if e in kind else "?")
    )
    counts = links.groupby(["status", "group"]).size().reset_index(name="count")
    order = {t(f"kind.{k}", lang): n for n, k in enumerate(KINDS)}  # the same order in every language
    counts = counts.sort_values("group", key=lambda g: g.map(lambda x: order.get(x, len(order))), kind="stable")
    return coverage_fig.status_bars(
        counts,
        title=t("overview.status.title", lang),
        x_title=t("overview.status.x", lang),
        y_title=t("common.links", lang),
        status_names=status_names(lang),
    )
