"""Regions callback: the two heatmaps and the initiatives table of the view."""

from __future__ import annotations

from typing import Any

from dash import Dash, Output, html

from dashboards.data import DashboardData
from dashboards.firstrender import on_view
from dashboards.pages.regions import view as views
from dashboards.shared_views import missing_lists, view_of
from dashboards.wiring import bind_memo

__all__ = ["register", "update_regions"]


def update_regions(search: str | None, *, data: DashboardData) -> tuple[Any, ...]:
    """The notice of unknown lists, region-by-priority and region-by-goal heatmaps, then the
    table's rows and columns."""
    state = view_of(data, search)
    rows, columns = views.region_table(data, state)
    notice = [html.P(line, className="notice") for line in missing_lists(data, state)]
    return notice, views.region_priorities(data, state), views.region_goals(data, state), rows, columns


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Regions callback."""
    on_view(
        app,
        "regions",
        bind_memo(update_regions, data),
        Output("regions-notice", "children"),
        Output({"type": "chart", "chart": "regions-priorities"}, "figure"),
        Output({"type": "chart", "chart": "regions-goals"}, "figure"),
        Output({"type": "table", "table": "regions-table"}, "rowData"),
        Output({"type": "table", "table": "regions-table"}, "columnDefs"),
    )
