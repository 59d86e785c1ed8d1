"""Flows: a Sankey from priorities through Questions and initiatives to SDG goals."""

from __future__ import annotations

import dash
from dash import html

from dashboards.components import chart_card, page
from dashboards.urlstate import ViewState

dash.register_page(__name__, path="/flows", name="Flows", order=4)


def layout(**params: object) -> html.Div:
    """The Flows page in the URL's language."""
    state = ViewState.from_params(params)
    return page(
        "flows",
        state,
        chart_card("flows-sankey", state.lang, height=760),
    )
