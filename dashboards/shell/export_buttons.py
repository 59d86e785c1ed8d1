"""Export callbacks: any chart as PNG/SVG/PDF, any table as CSV/XLSX, stamped with the view."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import ALL, MATCH, Dash, Input, Output, State, ctx, dcc, no_update

from dashboards.data import DashboardData
from dashboards.export import Stamp, export_name, figure_bytes, stamped, table_bytes
from dashboards.shared_views import view_of
from dashboards.shell.layout import URL
from dashboards.wiring import bind

__all__ = ["export_chart", "export_table", "register"]


def export_chart(
    chart: str, fmt: str, figure: dict[str, Any] | None, search: str | None, *, data: DashboardData
) -> dict[str, Any]:
    """The download of ``figure`` (as shown in the browser) in ``fmt``, stamped with the view."""
    state = view_of(data, search)
    fig = stamped(go.Figure(figure or {}), Stamp.of(state, data.snapshot))
    return dcc.send_bytes(figure_bytes(fig, fmt), export_name(chart, state, data.snapshot, fmt))


def export_table(
    table: str,
    fmt: str,
    rows: list[dict[str, Any]] | None,
    columns: list[dict[str, Any]] | None,
    search: str | None,
    *,
    data: DashboardData,
) -> dict[str, Any]:
    """The download of a table's rows in ``fmt``, with the headers it shows, stamped."""
    state = view_of(data, search)
    fields = [(c["field"], c.get("headerName", c["field"])) for c in columns or [] if "field" in c]
    frame = pd.DataFrame(rows or [], columns=[f for f, _ in fields])
    frame.columns = [h for _, h in fields]
    body = table_bytes(frame, fmt, Stamp.of(state, data.snapshot), sheet=table)
    return dcc.send_bytes(body, export_name(table, state, data.snapshot, fmt))


def register(app: Dash, data: DashboardData) -> None:
    """Wire the two pattern-matching export callbacks."""
    chart = bind(export_chart, data)
    table = bind(export_table, data)

    @app.callback(
        Output({"type": "chart-download", "chart": MATCH}, "data"),
        Input({"type": "chart-export", "chart": MATCH, "fmt": ALL}, "n_clicks"),
        State({"type": "chart", "chart": MATCH}, "figure"),
        State(URL, "search"),
        prevent_initial_call=True,
    )
    def chart_export(clicks: list[int | None], figure: dict[str, Any] | None, search: str | None) -> Any:
        trigger = ctx.triggered_id
        if not trigger or not any(clicks):
            return no_update
        return chart(trigger["chart"], trigger["fmt"], figure, search)

    @app.callback(
        Output({"type": "table-download", "table": MATCH}, "data"),
        Input({"type": "table-export", "table": MATCH, "fmt": ALL}, "n_clicks"),
        State({"type": "table", "table": MATCH}, "rowData"),
        State({"type": "table", "table": MATCH}, "columnDefs"),
        State(URL, "search"),
        prevent_initial_call=True,
    )
    def table_export(
        clicks: list[int | None],
        rows: list[dict[str, Any]] | None,
        columns: list[dict[str, Any]] | None,
        search: str | None,
    ) -> Any:
        trigger = ctx.triggered_id
        if not trigger or not any(clicks):
            return no_update
        return table(trigger["table"], trigger["fmt"], rows, columns, search)
