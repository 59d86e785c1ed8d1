"""Suggestions: the review queue of suggested links, with similarity scores and both texts."""

from __future__ import annotations

import dash
from dash import html

from dashboards.components import chart_card, heading, table_card, view_store
from dashboards.urlstate import ViewState

dash.register_page(__name__, path="/suggestions", name="Suggestions", order=8)


def layout(**params: object) -> html.Div:
    """The Suggestions page in the URL's language."""
    state = ViewState.from_params(params)
    return html.Div(
        className="page",
        children=[
            heading("suggestions", state.lang),
            view_store("suggestions", state.to_query()),
            chart_card("suggestions-scores", state.lang, height=320),
            table_card("suggestions-table", state.lang, height=600),
        ],
    )
