"""Suggestions callback: the score histogram and the review queue of the view."""

from __future__ import annotations

from typing import Any

from dash import Dash, Output

from dashboards.data import DashboardData
from dashboards.firstrender import on_view
from dashboards.pages.suggestions import view as views
from dashboards.shared_views import view_of
from dashboards.wiring import bind_memo

__all__ = ["register", "update_suggestions"]


def update_suggestions(search: str | None, *, data: DashboardData) -> tuple[Any, ...]:
    """The score histogram, then the queue's rows and columns."""
    state = view_of(data, search)
    rows, columns = views.queue_table(data, state)
    return views.queue_histogram(data, state), rows, columns


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Suggestions callback."""
    on_view(
        app,
        "suggestions",
        bind_memo(update_suggestions, data),
        Output({"type": "chart", "chart": "suggestions-scores"}, "figure"),
        Output({"type": "table", "table": "suggestions-table"}, "rowData"),
        Output({"type": "table", "table": "suggestions-table"}, "columnDefs"),
    )
