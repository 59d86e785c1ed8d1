"""Misalignments: findings by rule and severity; a selected finding shows its explanation and evidence."""

from __future__ import annotations

import dash
from dash import html

from dashboards.components import chart_card, page, table_card
from dashboards.i18n import t
from dashboards.urlstate import ViewState

dash.register_page(__name__, path="/misalignments", name="Misalignments", order=2)


def layout(**params: object) -> html.Div:
    """The Misalignments page in the URL's language."""
    state = ViewState.from_params(params)
    lang = state.lang
    return page(
        "misalignments",
        state,
        chart_card("misalignments-by-rule", lang),
        table_card("misalignments-table", lang, row_selection=True, height=420),
        html.Div(id="misalignments-detail", className="detail", children=html.P(t("mis.pick", lang))),
    )
