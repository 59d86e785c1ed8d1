"""Flows: a Sankey from priorities through Questions and initiatives to SDG goals."""

from __future__ import annotations

import dash
from dash import html

from dashboards.components import chart_card, heading, view_store
from dashboards.urlstate import ViewState

dash.register_page(__name__, path="/flows", name="Flows", order=4)


def layout(**params: object) -> html.Div:
    """The Flows page in the URL's language."""
    state = ViewState.from_params(params)
    return html.Div(
        className="page",
        children=[
            heading("flows", state.lang),
            view_store("flows", state.to_query()),
            chart_card("flows-sankey", state.lang, height=760),
        ],
    )
