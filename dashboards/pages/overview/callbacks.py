"""Overview callbacks: headline figures, the heatmap and its drill-down, WSIS and status charts."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, ctx, html, no_update

from dashboards.data import DashboardData
from dashboards.firstrender import on_view
from dashboards.i18n import t
from dashboards.pages.overview import view as views
from dashboards.shared_views import missing_lists, view_of
from dashboards.shell.layout import URL
from dashboards.urlstate import ViewState
from dashboards.wiring import bind_memo, keep_in_url, option_in_url
from graph.analysis.regions import unknown_regions

__all__ = ["drill", "register", "update_heatmap", "update_overview"]


def _kpi(value: str, name: str, detail: str, kpi_id: str) -> html.Div:
    return html.Div(
        className="kpi",
        id=kpi_id,
        children=[
            html.Div(value, className="kpi-value"),
            html.Div(name, className="kpi-name"),
            html.Div(detail, className="kpi-detail"),
        ],
    )


def update_overview(search: str | None, *, data: DashboardData) -> tuple[Any, Any, go.Figure, go.Figure]:
    """Headline figures, the notice of unknown lists, the WSIS action-line chart and the
    links-by-status chart. A region whose initiatives are all unknown shows no coverage figure:
    unknown is not zero."""
    state = view_of(data, search)
    lang = state.lang
    k = views.kpis(data, state)
    unknown = bool(state.filters.region) and state.filters.region in unknown_regions(data.frames, state.filters)
    cards = [
        _kpi(
            t("overview.kpi.unknown", lang) if unknown else f"{k.direct} / {k.scope}",
            t("overview.kpi.covered", lang),
            "" if unknown else t("overview.kpi.covered_detail", lang, indirect=k.indirect, none=k.uncovered),
            "overview-kpi-covered",
        ),
        _kpi(str(k.gaps), t("overview.kpi.gaps", lang), "", "overview-kpi-gaps"),
        _kpi(str(k.misalignments), t("overview.kpi.misalignments", lang), "", "overview-kpi-misalignments"),
        _kpi(
            str(k.links),
            t("overview.kpi.links", lang),
            t("overview.kpi.links_detail", lang, **k.links_by_status),
            "overview-kpi-links",
        ),
    ]
    if state.filters.region or state.filters.study_group:
        cards.append(_kpi(str(k.reference_links), t("overview.kpi.reference", lang), "", "overview-kpi-reference"))
    notice = [html.P(line, className="notice") for line in missing_lists(data, state)]
    return cards, notice, views.overview_wsis(data, state), views.overview_status(data, state)


def update_heatmap(search: str | None, *, data: DashboardData) -> go.Figure:
    """The coverage heatmap of the URL's view: rows by kind or priority (``rows``), by goal, or
    by target of the drilled-down ``goal``."""
    state = view_of(data, search)
    rows = state.option("rows", "kind")
    rows = rows if rows in ("kind", "priority") else "kind"  # a hand-edited URL's unknown value: the default
    return views.overview_heatmap(data, state, rows, state.option("goal") or None)


def drill(trigger: str | None, click: dict[str, Any] | None, search: str | None) -> Any:
    """The URL with the goal to drill into: the clicked goal column, or none after "back"."""
    goal = ViewState.from_query(search).option("goal")
    if trigger == "overview-back":
        goal = ""
    elif not goal and click and click.get("points"):
        goal = str(click["points"][0]["x"])
    query = option_in_url(search, "goal", goal, "")
    return query if query != (search or "") else no_update


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Overview callbacks."""
    overview = bind_memo(update_overview, data)
    heatmap = bind_memo(update_heatmap, data)
    on_view(
        app,
        "overview",
        overview,
        Output("overview-kpis", "children"),
        Output("overview-notice", "children"),
        Output({"type": "chart", "chart": "overview-wsis"}, "figure"),
        Output({"type": "chart", "chart": "overview-status"}, "figure"),
    )
    on_view(app, "overview", heatmap, Output({"type": "chart", "chart": "overview-heatmap"}, "figure"))
    keep_in_url(app, {"rows": ("overview-rows", "kind")})

    @app.callback(
        Output(URL, "search", allow_duplicate=True),
        Input({"type": "chart", "chart": "overview-heatmap"}, "clickData"),
        Input("overview-back", "n_clicks"),
        State(URL, "search"),
        prevent_initial_call=True,
    )
    def overview_drill(click: dict[str, Any] | None, back: int, search: str | None) -> Any:
        # a freshly rendered page fires this with the button's n_clicks at 0: not a click
        trigger = ctx.triggered_id if ctx.triggered_id != "overview-back" or back else None
        return drill(trigger, click, search)
