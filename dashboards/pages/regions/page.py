"""Regions: region by priority, and each region's initiatives with what they cover."""

from __future__ import annotations

import dash
from dash import html

from dashboards.components import chart_card, page, table_card
from dashboards.urlstate import ViewState

dash.register_page(__name__, path="/regions", name="Regions", order=5)


def layout(**params: object) -> html.Div:
    """The Regions page in the URL's language."""
    state = ViewState.from_params(params)
    lang = state.lang
    return page(
        "regions",
        state,
        html.Div(id="regions-notice", className="filters-notice"),
        chart_card("regions-priorities", lang, height=380),
        chart_card("regions-goals", lang, height=380),
        table_card("regions-table", lang, height=520),
    )
