"""Flows callback: the Sankey of the view."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Dash, Output

from dashboards.data import DashboardData
from dashboards.firstrender import on_view
from dashboards.pages.flows.view import flows_sankey
from dashboards.shared_views import view_of
from dashboards.wiring import bind_memo

__all__ = ["register", "update_flows"]


def update_flows(search: str | None, *, data: DashboardData) -> go.Figure:
    """The Sankey for the view in the URL."""
    return flows_sankey(data, view_of(data, search))


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Flows callback."""
    on_view(app, "flows", bind_memo(update_flows, data), Output({"type": "chart", "chart": "flows-sankey"}, "figure"))
