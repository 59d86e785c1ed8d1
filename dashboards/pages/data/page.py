"""Data: sources, licences, verification status counts, the SHACL report, the snapshot id, and
the data completeness (what the rules cannot judge yet)."""

from __future__ import annotations

import dash
from dash import html

from dashboards.components import chart_card, page, table_card
from dashboards.i18n import t
from dashboards.urlstate import ViewState

dash.register_page(__name__, path="/data", name="Data", order=9)


def layout(**params: object) -> html.Div:
    """The Data page in the URL's language."""
    state = ViewState.from_params(params)
    lang = state.lang
    return page(
        "data",
        state,
        html.Div(id="data-summary", className="detail"),
        html.Div(
            className="two-columns",
            children=[
                chart_card("data-elements", lang, height=360),
                chart_card("data-links", lang, height=360),
            ],
        ),
        table_card("data-sources", lang, height=480),
        html.H2(t("completeness.title", lang), id="data-completeness-title"),
        html.P(t("completeness.intro", lang)),
        table_card("data-completeness", lang, height=420),
    )
