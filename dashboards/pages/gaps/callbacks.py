"""Gaps callbacks: charts and table for the view, the scope switch, the chart pack download."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboards.data import DashboardData
from dashboards.firstrender import on_view
from dashboards.pages.gaps import view as views
from dashboards.pages.gaps.pack import gap_chart_pack
from dashboards.shared_views import missing_lists, view_of
from dashboards.shell.layout import URL
from dashboards.wiring import bind, bind_memo, keep_in_url
from graph.analysis.scopes import DEFAULT_SCOPE

__all__ = ["chart_pack", "register", "update_gaps"]


def update_gaps(search: str | None, *, data: DashboardData) -> tuple[Any, ...]:
    """The notice of unknown lists, the four gap charts, then the table's rows and columns."""
    state = view_of(data, search)
    charts = [fig for _, fig in views.gap_charts(data, state)]
    rows, columns = views.gap_table(data, state)
    notice = [html.P(line, className="notice") for line in missing_lists(data, state)]
    return (notice, *charts, rows, columns)


def chart_pack(search: str | None, lang: str | None, *, data: DashboardData) -> dict[str, Any]:
    """The one-file PDF chart pack of the view in ``lang`` (``en``, ``fr``, or ``both`` in one
    file; the view's language when none is chosen), named as ``export-charts`` names it."""
    state = view_of(data, search)
    if lang in ("en", "fr"):
        state = state.with_lang(lang)
    name, pdf = gap_chart_pack(data, state, both=lang == "both")
    return dcc.send_bytes(pdf, name)


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Gaps callbacks."""
    on_view(
        app,
        "gaps",
        bind_memo(update_gaps, data),
        Output("gaps-notice", "children"),
        *[
            Output({"type": "chart", "chart": f"gaps-{name}"}, "figure")
            for name in ("by-kind", "by-goal", "by-region", "lost")
        ],
        Output({"type": "table", "table": "gaps-table"}, "rowData"),
        Output({"type": "table", "table": "gaps-table"}, "columnDefs"),
    )

    keep_in_url(app, {"scope": ("gaps-scope", DEFAULT_SCOPE)})
    pack = bind(chart_pack, data)

    @app.callback(
        Output("gaps-pack-download", "data"),
        Input("gaps-pack", "n_clicks"),
        State(URL, "search"),
        State("gaps-pack-lang", "value"),
        prevent_initial_call=True,
    )
    def gaps_pack(clicks: int, search: str | None, lang: str | None) -> Any:
        return pack(search, lang) if clicks else no_update
