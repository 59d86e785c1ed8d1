"""Resolutions callback: the candidate scatter and table of the view."""

from __future__ import annotations

from typing import Any

from dash import Dash, Output

from dashboards.data import DashboardData
from dashboards.firstrender import on_view
from dashboards.pages.resolutions import view as views
from dashboards.shared_views import view_of
from dashboards.wiring import bind_memo

__all__ = ["register", "update_resolutions"]


def update_resolutions(search: str | None, *, data: DashboardData) -> tuple[Any, ...]:
    """The scatter of candidate pairs, then the table's rows and columns."""
    state = view_of(data, search)
    rows, columns = views.candidates_table(data, state)
    return views.candidates_scatter(data, state), rows, columns


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Resolutions callback."""
    on_view(
        app,
        "resolutions",
        bind_memo(update_resolutions, data),
        Output({"type": "chart", "chart": "resolutions-pairs"}, "figure"),
        Output({"type": "table", "table": "resolutions-table"}, "rowData"),
        Output({"type": "table", "table": "resolutions-table"}, "columnDefs"),
    )
