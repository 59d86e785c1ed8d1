"""SPARQL query page: an editor with highlighting, the example library, a results table, download.

The page only lays out and wires; what it shows comes from :mod:`dashboards.pages.query.view`,
which runs queries through the endpoint's own code path.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import dash
import dash_ag_grid as dag
from dash import Input, Output, State, dcc, html

from dashboards.pages.query.view import TOKEN_COLORS, download_results, highlight_tokens, run_query
from graph.endpoint.example_queries import load_examples
from graph.endpoint.protocol import endpoint_state
from graph.errors import ItudAlignError
from graph.namespaces import sparql_prologue

dash.register_page(__name__, path="/query", name="SPARQL query", order=10)

_MONO = {"fontFamily": "ui-monospace, Menlo, Consolas, monospace", "fontSize": "13px",
         "lineHeight": "20px", "padding": "8px", "margin": 0, "whiteSpace": "pre-wrap",
         "overflowWrap": "anywhere", "border": "1px solid #d9dee5", "borderRadius": "4px",
         "boxSizing": "border-box", "width": "100%", "tabSize": 2}
_ERROR = {"color": "#b00020", "fontWeight": "bold"}
# the page's own texts, in the dashboard's two languages (messages from the endpoint stay English)
_TEXTS = {
    "en": {"title": "SPARQL query", "intro": (
        "Ask your own questions of the graph. The prefixes below are predeclared; the same queries "
        "work at the {endpoint} (JSON, XML, CSV, TSV, Turtle, JSON-LD), and every IRI opens its page "
        "with the evidence behind its links. Download the whole dataset from {dump} or read its {void}."),
        "endpoint": "SPARQL endpoint", "example": "Example", "pick": "Pick an example", "query": "Query",
        "run": "Run", "download": "Download results", "open": "Open at the endpoint",
        "prefixes": "Predeclared prefixes"},
    "fr": {"title": "Requête SPARQL", "intro": (
        "Posez vos propres questions au graphe. Les préfixes ci-dessous sont prédéclarés ; les mêmes "
        "requêtes fonctionnent au {endpoint} (JSON, XML, CSV, TSV, Turtle, JSON-LD), et chaque IRI ouvre "
        "sa page avec les éléments qui fondent ses liens. Téléchargez le jeu de données entier depuis "
        "{dump} ou lisez sa description {void}."),
        "endpoint": "point d'accès SPARQL", "example": "Exemple", "pick": "Choisir un exemple",
        "query": "Requête", "run": "Exécuter", "download": "Télécharger les résultats",
        "open": "Ouvrir au point d'accès", "prefixes": "Préfixes prédéclarés"},
}


# Dash takes aria-* attributes as keyword arguments that its typed signatures do not list
_ARIA_HIDDEN: dict[str, Any] = {"aria-hidden": "true"}

def _intro(texts: dict[str, str]) -> list[Any]:
    links = {"endpoint": html.A(texts["endpoint"], href="/sparql"), "dump": html.A("/dump", href="/dump"),
             "void": html.A("VoID", href="/void")}
    out: list[Any] = []
    for piece in re.split(r"(\{\w+\})", texts["intro"]):
        out.append(links[piece[1:-1]] if piece.startswith("{") else piece)
    return out


def highlight(text: str) -> list[html.Span | str]:
    """``text`` as coloured spans, with a last empty line so the editor grows with its text."""
    pieces = [html.Span(value, className=name, style={"color": TOKEN_COLORS[name]}) if name else value
              for name, value in highlight_tokens(text)]
    return [*pieces, "\n"]


def endpoint_href(text: str, fmt: str = "json") -> str:
    """The endpoint URL that answers ``text`` in ``fmt``: a link to share or to script."""
    return "/sparql?" + urlencode({"query": text, "format": fmt})


def layout(example: str | None = None, query: str | None = None, lang: str | None = None,
           **_: object) -> html.Div:
    """The query page; ``?example=NN-name`` opens that example, ``?query=...`` that text,
    ``?lang=fr`` in French."""
    texts = _TEXTS.get(lang or "en", _TEXTS["en"])
    examples = load_examples()
    chosen = next((e for e in examples if e.name == example), examples[0] if examples else None)
    if query:
        chosen = None
    text = query or (chosen.text if chosen else "")
    return html.Div(className="page", children=[
        html.Div(className="page-heading", children=[
            html.H2(texts["title"], id="query-title"),
            html.P(className="page-intro", children=_intro(texts)),
        ]),
        html.Div(className="controls", children=[
            html.Label(texts["example"], htmlFor="query-example"),
            dcc.Dropdown(id="query-example", clearable=False, style={"minWidth": "520px"},
                         value=chosen.name if chosen else None, placeholder=texts["pick"],
                         options=[{"label": e.title, "value": e.name} for e in examples]),
        ]),
        html.P(chosen.description if chosen else "", id="query-description", className="page-intro"),
        html.Label(texts["query"], htmlFor="query-text"),
        html.Div(id="query-editor", style={"position": "relative", "maxWidth": "1100px"}, children=[
            html.Pre(highlight(text), id="query-highlight", **_ARIA_HIDDEN,
                     style={**_MONO, "background": "white", "color": "#1d2733", "minHeight": "200px"}),
            dcc.Textarea(id="query-text", value=text, spellCheck=False,
                         style={**_MONO, "position": "absolute", "inset": 0, "height": "100%",
                                "resize": "none", "overflow": "hidden", "background": "transparent",
                                "color": "transparent", "caretColor": "#1d2733"}),
        ]),
        html.Div(className="controls", children=[
            html.Button(texts["run"], id="query-run", n_clicks=0, className="link-button"),
            html.Button(texts["download"], id="query-download-button", n_clicks=0,
                        className="link-button"),
            dcc.Download(id="query-download"),
            html.A(texts["open"], id="query-endpoint-link", href=endpoint_href(text),
                   target="_blank"),
            html.Details([html.Summary(texts["prefixes"]),
                          html.Pre(sparql_prologue(), id="query-prefixes", style=_MONO)]),
        ]),
        dcc.Loading(html.Div(id="query-message", className="page-intro", role="status")),
        dag.AgGrid(id="query-grid", columnDefs=[], rowData=[], className="ag-theme-alpine",
                   defaultColDef={"resizable": True, "sortable": True, "filter": True,
                                  "wrapText": True, "autoHeight": True, "minWidth": 120, "flex": 1},
                   dashGridOptions={"pagination": True, "paginationPageSize": 50},
                   style={"height": "560px"}),
    ])


@dash.callback(Output("query-text", "value"), Output("query-description", "children"),
               Input("query-example", "value"), prevent_initial_call=True)
def _choose_example(name: str) -> tuple[Any, Any]:
    chosen = next((e for e in load_examples() if e.name == name), None)
    if chosen is None:
        return dash.no_update, dash.no_update
    return chosen.text, chosen.description


@dash.callback(Output("query-highlight", "children"), Input("query-text", "value"))
def _highlight(text: str | None) -> list[html.Span | str]:
    return highlight(text or "")


@dash.callback(Output("query-endpoint-link", "href"), Input("query-text", "value"))
def _endpoint_link(text: str | None) -> str:
    return endpoint_href(text or "")


@dash.callback(Output("query-grid", "columnDefs"), Output("query-grid", "rowData"),
               Output("query-message", "children"), Output("query-message", "style"),
               Input("query-run", "n_clicks"), State("query-text", "value"))
def _run(_: int, text: str | None) -> tuple[Any, Any, str, dict[str, str]]:
    try:
        outcome = run_query(endpoint_state().pool, text or "")
    except ItudAlignError as err:  # no endpoint mounted on this server
        return [], [], str(err), _ERROR
    return outcome.columns, outcome.rows, outcome.message, _ERROR if outcome.error else {}


@dash.callback(Output("query-download", "data"),
               Output("query-message", "children", allow_duplicate=True),
               Input("query-download-button", "n_clicks"), State("query-text", "value"),
               prevent_initial_call=True)
def _download(_: int, text: str | None) -> tuple[Any, Any]:
    try:
        found = download_results(endpoint_state().pool, text or "")
    except ItudAlignError as err:
        return dash.no_update, str(err)
    if isinstance(found, str):
        return dash.no_update, found
    body, name = found
    return dcc.send_bytes(body, name), dash.no_update
