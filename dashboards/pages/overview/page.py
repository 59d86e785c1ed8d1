"""Overview: headline figures, the coverage heatmap (drill down to targets), WSIS coverage."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboards.components import chart_card, page
from dashboards.i18n import t
from dashboards.urlstate import ViewState

dash.register_page(__name__, path="/", name="Overview", order=0)


def layout(**params: object) -> html.Div:
    """The Overview page in the URL's language."""
    state = ViewState.from_params(params)
    lang = state.lang
    return page(
        "overview",
        state,
        dcc.Loading(html.Div(id="overview-kpis", className="kpis")),
        html.Div(id="overview-notice", className="filters-notice"),
        html.Div(
            className="controls",
            children=[
                html.Label(t("overview.rows", lang), htmlFor="overview-rows"),
                dcc.RadioItems(
                    id="overview-rows",
                    inline=True,
                    value=state.option("rows", "kind"),
                    options=[
                        {"label": t("overview.rows.kind", lang), "value": "kind"},
                        {"label": t("overview.rows.priority", lang), "value": "priority"},
                    ],
                ),
                html.Button(
                    t("overview.back", lang),
                    id="overview-back",
                    n_clicks=0,
                    className="link-button",
                    hidden=not state.option("goal"),
                ),
            ],
        ),
        chart_card("overview-heatmap", lang, height=460),
        chart_card("overview-wsis", lang),
        chart_card("overview-status", lang, height=380),
    )
