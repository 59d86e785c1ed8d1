"""Network callbacks: node choices, the neighbourhood with the explaining chain, the hubs."""

from __future__ import annotations

from typing import Any

from dash import Dash, Output

from dashboards.data import DashboardData
from dashboards.firstrender import on_view
from dashboards.i18n import t
from dashboards.pages.network import view as views
from dashboards.shared_views import view_of
from dashboards.wiring import bind_memo, keep_in_url

__all__ = ["register", "update_network"]


def update_network(
    search: str | None, focus: str | None, radius: str | None, target: str | None, *, data: DashboardData
) -> tuple[Any, ...]:
    """Focus options and the focus shown (the best-connected Question until one is picked), target
    options and value, the graph, the chain message and table, the hubs. ``focus`` is the focus
    picker's value (:func:`~dashboards.pages.network.view.focus_value`), the URL's ``node`` an IRI.

    The URL's ``node`` and ``target`` stand in for empty pickers (a picker drops a value it has
    no option for yet, so the first call restores it).
    """
    state = view_of(data, search)
    lang = state.lang
    focus = views.focus_node(focus) if focus else state.option("node") or views.default_focus(data, state)
    target = target or state.option("target") or None
    options = views.node_options(data, state)
    shown = next((o["label"] for o in options if o["value"] == views.focus_value(focus)), focus)
    path = views.chain(data, state, focus, target or "")
    if not target:
        message = t("network.chain.pick", lang)
    elif path.empty:
        message = t("network.chain.none", lang, target=target)
    else:
        message = t("network.chain.found", lang, target=target, n=len(path))
    elements = views.neighbourhood(data, state, focus, int(radius or 1), path)
    chain_rows, chain_columns = views.chain_table(path, lang)
    hub_rows, hub_columns = views.hubs_table(data, state)
    return (
        options,
        shown,
        views.target_options(data, lang),
        target,
        elements,
        message,
        chain_rows,
        chain_columns,
        hub_rows,
        hub_columns,
    )


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Network callbacks."""
    on_view(
        app,
        "network",
        bind_memo(update_network, data),
        Output("network-focus", "options"),
        Output("network-focus", "placeholder"),
        Output("network-target", "options"),
        Output("network-target", "value"),
        Output("network-graph", "elements"),
        Output("network-chain-message", "children"),
        Output({"type": "table", "table": "network-chain"}, "rowData"),
        Output({"type": "table", "table": "network-chain"}, "columnDefs"),
        Output({"type": "table", "table": "network-hubs"}, "rowData"),
        Output({"type": "table", "table": "network-hubs"}, "columnDefs"),
        controls=("network-focus", "network-radius", "network-target"),
    )
    keep_in_url(
        app,
        {"node": ("network-focus", ""), "radius": ("network-radius", "1"), "target": ("network-target", "")},
        shown_by="network",
        in_url={"node": views.focus_node},
    )
