"""Query page callbacks: both run in the browser (``assets/query.js``), where YASGUI lives.

``mount`` builds YASGUI from the page's config when the page opens; ``pick`` opens the chosen
example in its tab (its description follows the open tab) and clears the picker, so the same
example can be picked again once its tab is closed. The server has nothing to compute: YASGUI
sends its queries to ``/sparql`` itself.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output

from dashboards.data import DashboardData

__all__ = ["register"]


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Query page's two browser-side callbacks (``data`` is not needed here)."""
    del data
    app.clientside_callback(
        ClientsideFunction("itudQuery", "mount"), Output("query-status", "children"), Input("query-config", "data")
    )
    app.clientside_callback(
        ClientsideFunction("itudQuery", "pick"),
        Output("query-example", "value"),
        Input("query-example", "value"),
        prevent_initial_call=True,
    )
