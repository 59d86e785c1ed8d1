"""What the Query page hands to YASGUI, as plain data: the examples, the tab to open, the labels.

YASGUI itself (``assets/vendor/yasgui/``, wired by ``assets/query.js``) runs the queries
against ``/sparql`` from the browser, so the endpoint's limits and refusals apply unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from dash import html

from dashboards.i18n import t
from graph.endpoint.editor_terms import TERMS_PATH
from graph.endpoint.example_queries import ExampleQuery
from graph.endpoint.protocol import SPARQL_PATH
from graph.namespaces import SPARQL_PREFIXES, sparql_prologue

__all__ = ["BLANK_QUERY", "example_text", "intro", "yasgui_config"]

BLANK_QUERY = "SELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n}\nLIMIT 10\n"


def example_text(example: ExampleQuery) -> str:
    """The example as it opens in the editor: its header comments, the project's PREFIX lines,
    then its query (the prefixes make it run anywhere and let the editor complete ``itud:``).

    >>> from graph.endpoint.example_queries import load_examples
    >>> text = example_text(load_examples()[0])
    >>> text.startswith("# title:"), "PREFIX itud:" in text
    (True, True)
    """
    lines = example.text.splitlines(keepends=True)
    header = 0
    while header < len(lines) and lines[header].startswith("#"):
        header += 1
    return "".join(lines[:header]) + sparql_prologue() + "".join(lines[header:])


def yasgui_config(
    examples: list[ExampleQuery], lang: str, vendor: str, example: str | None = None, query: str | None = None
) -> dict[str, Any]:
    """Everything ``assets/query.js`` needs to build YASGUI: where the endpoint, the completion
    terms and the vendored files are, the examples, the labels, and what the URL asks to open
    (``query`` wins over ``example``, whose name then only names the tab and the downloads)."""
    known = {e.name for e in examples}
    chosen = example if example in known else None
    return {
        "endpoint": SPARQL_PATH,
        "terms": TERMS_PATH,
        "vendor": vendor,
        "lang": lang,
        "tabName": t("query.tab", lang),
        "prologue": sparql_prologue(),
        "blank": sparql_prologue() + BLANK_QUERY,
        "examples": [
            {"name": e.name, "title": e.titled(lang)[0], "description": e.titled(lang)[1], "query": example_text(e)}
            for e in examples
        ],
        "open": {"example": chosen, "query": query or None},
        # result IRIs open here: project IRIs at /id/..., any other at /resource?iri=...
        "links": {"idBase": SPARQL_PREFIXES["id"], "idPath": "/id/", "resourcePath": "/resource"},
    }


def intro(lang: str) -> list[Any]:
    """The page's introduction with its links to the endpoint, the dump and the VoID description."""
    links = {
        "endpoint": html.A(t("query.endpoint", lang), href=SPARQL_PATH),
        "dump": html.A("/dump", href="/dump"),
        "void": html.A("VoID", href="/void"),
    }
    return [
        links[piece[1:-1]] if piece.startswith("{") else piece
        for piece in re.split(r"(\{\w+\})", t("query.intro", lang))
        if piece
    ]
