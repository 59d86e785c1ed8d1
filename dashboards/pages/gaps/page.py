"""Gaps: the ranked gap table with every filter, and gap charts by kind, goal, region and cycle."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboards.components import chart_card, page, table_card
from dashboards.i18n import t
from dashboards.pages.gaps.pack import PACK_LANGUAGES
from dashboards.urlstate import ViewState
from graph.analysis.scopes import DEFAULT_SCOPE, SCOPES

dash.register_page(__name__, path="/gaps", name="Gaps", order=1)


def layout(**params: object) -> html.Div:
    """The Gaps page in the URL's language."""
    state = ViewState.from_params(params)
    lang = state.lang
    return page(
        "gaps",
        state,
        html.Div(id="gaps-notice", className="filters-notice"),
        html.Div(
            className="controls",
            children=[
                html.Label(t("scope.label", lang), htmlFor="gaps-scope"),
                dcc.RadioItems(
                    id="gaps-scope",
                    inline=True,
                    value=state.option("scope", DEFAULT_SCOPE),
                    options=[{"label": t(f"scope.{s}", lang), "value": s} for s in SCOPES],
                ),
                html.Div(  # the pack's language and its button stay together when the row wraps
                    className="controls-group",
                    children=[
                        html.Label(t("pack.lang.label", lang), htmlFor="gaps-pack-lang"),
                        dcc.RadioItems(
                            id="gaps-pack-lang",
                            inline=True,
                            value=lang,
                            options=[{"label": t(f"pack.lang.{code}", lang), "value": code} for code in PACK_LANGUAGES],
                        ),
                        html.Button(t("export.pack", lang), id="gaps-pack", n_clicks=0, className="link-button"),
                    ],
                ),
                dcc.Download(id="gaps-pack-download"),
            ],
        ),
        html.Div(
            className="two-columns",
            children=[
                chart_card("gaps-by-kind", lang, height=380),
                chart_card("gaps-by-goal", lang, height=380),
            ],
        ),
        html.Div(
            className="two-columns",
            children=[
                chart_card("gaps-by-region", lang),
                chart_card("gaps-lost", lang),
            ],
        ),
        table_card("gaps-table", lang, height=560),
    )
