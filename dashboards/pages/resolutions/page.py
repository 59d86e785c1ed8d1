"""Resolutions: WTDC against Plenipotentiary Resolutions, the streamlining candidates."""

from __future__ import annotations

import dash
from dash import html

from dashboards.components import chart_card, page, table_card
from dashboards.urlstate import ViewState

dash.register_page(__name__, path="/resolutions", name="Resolutions", order=7)


def layout(**params: object) -> html.Div:
    """The Resolutions page in the URL's language."""
    state = ViewState.from_params(params)
    return page(
        "resolutions",
        state,
        chart_card("resolutions-pairs", state.lang),
        table_card("resolutions-table", state.lang, height=560),
    )
