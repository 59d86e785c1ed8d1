"""Suggestions: the review queue of suggested links, with similarity scores and both texts."""

from __future__ import annotations

import dash
from dash import html

from dashboards.components import chart_card, page, table_card
from dashboards.urlstate import ViewState

dash.register_page(__name__, path="/suggestions", name="Suggestions", order=8)


def layout(**params: object) -> html.Div:
    """The Suggestions page in the URL's language."""
    state = ViewState.from_params(params)
    return page(
        "suggestions",
        state,
        chart_card("suggestions-scores", state.lang, height=320),
        table_card("suggestions-table", state.lang, height=600),
    )
