"""SPARQL query page: YASGUI on this graph's endpoint, the example library, CSV and TSV downloads.

``?example=NN-name`` opens that example, ``?query=...`` that text (the page keeps both in its
address as the query changes, so the address is a permalink), ``?lang=fr`` in French.
"""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboards.i18n import t
from dashboards.pages.query import view
from dashboards.urlstate import ViewState
from graph.endpoint.example_queries import load_examples

dash.register_page(__name__, path="/query", name="SPARQL query", order=10)


def layout(example: str | None = None, query: str | None = None, **params: object) -> html.Div:
    """The Query page in the URL's language, opening the URL's example or query."""
    lang = ViewState.from_params(params).lang
    examples = load_examples()
    config = view.yasgui_config(examples, lang, dash.get_asset_url("vendor/yasgui/"), example, query)
    chosen = next((e for e in examples if e.name == config["open"]["example"]), None)
    return html.Div(
        className="page",
        children=[
            html.Div(
                className="page-heading",
                children=[
                    html.H2(t("query.title", lang), id="query-title"),
                    html.P(className="page-intro", children=view.intro(lang)),
                ],
            ),
            html.Div(
                className="controls",
                children=[
                    html.Label(t("query.example", lang), htmlFor="query-example"),
                    dcc.Dropdown(
                        id="query-example",
                        className="query-example",
                        clearable=False,
                        value=None,
                        placeholder=t("query.pick", lang),
                        options=[{"label": e.title, "value": e.name} for e in examples],
                    ),
                ],
            ),
            html.P(chosen.description if chosen else "", id="query-description", className="page-intro"),
            html.Div(t("query.loading", lang), id="query-yasgui", className="query-yasgui"),
            html.Div(
                className="controls",
                children=[
                    html.Span(t("query.download", lang)),
                    html.A("CSV", id="query-csv", href="#", className="link-button"),
                    html.A("TSV", id="query-tsv", href="#", className="link-button"),
                ],
            ),
            html.Div(id="query-status", className="query-status", role="status"),
            dcc.Store(id="query-config", data=config),
        ],
    )
