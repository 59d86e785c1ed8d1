"""Overview callbacks: headline figures, the heatmap and its drill-down, WSIS and status charts."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, ctx, html

from dashboards.data import DashboardData
from dashboards.i18n import t
from dashboards.pages.overview import view as views
from dashboards.shared_views import view_of
from dashboards.wiring import bind

__all__ = ["drill", "register", "update_heatmap", "update_overview"]


def _kpi(value: str, name: str, detail: str, kpi_id: str) -> html.Div:
    return html.Div(className="kpi", id=kpi_id, children=[
        html.Div(value, className="kpi-value"), html.Div(name, className="kpi-name"),
        html.Div(detail, className="kpi-detail"),
    ])


def update_overview(search: str | None, *, data: DashboardData) -> tuple[Any, go.Figure, go.Figure]:
    """Headline figures, the WSIS action-line chart and the links-by-status chart."""
    state = view_of(data, search)
    lang = state.lang
    k = views.kpis(data, state)
    cards = [
        _kpi(f"{k.direct} / {k.scope}", t("overview.kpi.covered", lang),
             t("overview.kpi.covered_detail", lang, indirect=k.indirect, none=k.uncovered),
             "overview-kpi-covered"),
        _kpi(str(k.gaps), t("overview.kpi.gaps", lang), "", "overview-kpi-gaps"),
        _kpi(str(k.misalignments), t("overview.kpi.misalignments", lang), "",
             "overview-kpi-misalignments"),
        _kpi(str(k.links), t("overview.kpi.links", lang),
             t("overview.kpi.links_detail", lang, **k.links_by_status), "overview-kpi-links"),
    ]
    return cards, views.overview_wsis(data, state), views.overview_status(data, state)


def update_heatmap(search: str | None, rows: str | None, goal: str | None, *,
                   data: DashboardData) -> go.Figure:
    """The coverage heatmap: by goal, or by target of the drilled-down ``goal``."""
    return views.overview_heatmap(data, view_of(data, search), rows or "kind", goal)


def drill(trigger: str | None, click: dict[str, Any] | None, goal: str | None) -> str | None:
    """The goal to drill into: the clicked goal column, or none after "back"."""
    if trigger == "overview-back":
        return None
    if goal is None and click and click.get("points"):
        return str(click["points"][0]["x"])
    return goal


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Overview callbacks."""
    overview = bind(update_overview, data)
    heatmap = bind(update_heatmap, data)
    app.callback(
        Output("overview-kpis", "children"),
        Output({"type": "chart", "chart": "overview-wsis"}, "figure"),
        Output({"type": "chart", "chart": "overview-status"}, "figure"),
        Input("overview-view", "data"),
    )(overview)
    app.callback(
        Output({"type": "chart", "chart": "overview-heatmap"}, "figure"),
        Input("overview-view", "data"),
        Input("overview-rows", "value"),
        Input("overview-goal", "data"),
    )(heatmap)

    @app.callback(
        Output("overview-goal", "data"),
        Input({"type": "chart", "chart": "overview-heatmap"}, "clickData"),
        Input("overview-back", "n_clicks"),
        State("overview-goal", "data"),
        prevent_initial_call=True,
    )
    def overview_drill(click: dict[str, Any] | None, _back: int, goal: str | None) -> str | None:
        return drill(ctx.triggered_id, click, goal)
