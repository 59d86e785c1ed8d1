"""What the query page shows, as plain data: highlighted tokens, table cells, a run's outcome.

The page (``dashboards/pages/query/page.py``) only lays these out; queries go through
:func:`graph.endpoint.protocol.run_sparql`, the code path of ``/sparql`` (same worker pool,
time limit, row limit and refusals). Errors come back as messages, never raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph.endpoint.guard import QUERY_FORMS, UPDATE_FORMS, sparql_tokens
from graph.endpoint.linked_data import compact, local_href
from graph.endpoint.pool import QueryPool
from graph.endpoint.protocol import run_sparql, tabulate
from graph.errors import ItudAlignError

__all__ = ["TOKEN_COLORS", "QueryOutcome", "cell", "download_results", "highlight_tokens", "run_query"]

_KEYWORDS = {*QUERY_FORMS, *UPDATE_FORMS, "WHERE", "PREFIX", "BASE", "FROM", "NAMED", "GRAPH",
             "OPTIONAL", "FILTER", "UNION", "MINUS", "BIND", "VALUES", "AS", "DISTINCT", "REDUCED",
             "ORDER", "BY", "ASC", "DESC", "GROUP", "HAVING", "LIMIT", "OFFSET", "NOT", "EXISTS",
             "IN", "SERVICE", "SILENT", "A", "TRUE", "FALSE", "UNDEF", "SEPARATOR"}
_CLASSES = {"comment": "sq-comment", "string": "sq-string", "iri": "sq-iri", "var": "sq-var",
            "pname": "sq-pname"}
TOKEN_COLORS = {"sq-keyword": "#7a1fa2", "sq-function": "#0b5cad", "sq-comment": "#6a737d",
                "sq-string": "#1a7f37", "sq-iri": "#b35900", "sq-var": "#c2185b", "sq-pname": "#b35900"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


@dataclass(frozen=True)
class QueryOutcome:
    """A query run for the page: grid column definitions, rows of Markdown cells, a message."""

    columns: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    message: str = ""
    error: bool = False


def highlight_tokens(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (css class, text) pieces; the class is ``""`` for plain text.

    >>> highlight_tokens("SELECT ?s")
    [('sq-keyword', 'SELECT'), ('', ' '), ('sq-var', '?s')]
    """
    out: list[tuple[str, str]] = []
    for kind, value in sparql_tokens(text):
        if kind == "word":
            name = "sq-keyword" if value.upper() in _KEYWORDS else "sq-function"
        else:
            name = _CLASSES.get(kind, "")
        if out and not name and not out[-1][0]:
            out[-1] = ("", out[-1][1] + value)
        else:
            out.append((name, value))
    return out


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def cell(term: dict[str, str] | None) -> str:
    """One RDF term (SPARQL JSON form) as Markdown: IRIs as ``prefix:local`` links to their page.

    >>> cell({"type": "uri", "value": "https://w3id.org/itud-align/id/wsis/C5"})
    '[id:wsis/C5](/id/wsis/C5)'
    >>> cell({"type": "literal", "value": "Q3/2 (draft)", "xml:lang": "en"})
    'Q3/2 \\\\(draft\\\\) @en'
    """
    if term is None:
        return ""
    value = term["value"]
    if term["type"] == "uri":
        return f"[{_escape(compact(value))}]({local_href(value)})"
    text = _escape(value if term["type"] == "literal" else f"_:{value}")
    if "xml:lang" in term:
        text += f" @{term['xml:lang']}"
    return text


def run_query(pool: QueryPool, text: str) -> QueryOutcome:
    """Run ``text`` as the endpoint would; errors and notes become the message."""
    if not text.strip():
        return QueryOutcome(message="Write a query, or pick an example.", error=True)
    try:
        answer = run_sparql(pool, text, results_format="json", graph_format="ntriples")
        columns, rows = tabulate(answer)
    except ItudAlignError as err:
        return QueryOutcome(message=str(err), error=True)
    result = answer.result
    column_defs = [{"field": c, "headerName": c, "cellRenderer": "markdown",
                    "cellRendererParams": {"linkTarget": "_blank"}} for c in columns]
    unit = "triples" if result.form == "GRAPH" else "rows"
    message = " · ".join([f"{result.rows} {unit} in {result.seconds:.3f} s", *answer.notes])
    return QueryOutcome(column_defs, [{c: cell(row[c]) for c in columns} for row in rows], message)


def download_results(pool: QueryPool, text: str) -> tuple[bytes, str] | str:
    """The results as CSV (SELECT, ASK) or Turtle (CONSTRUCT, DESCRIBE) with a file name,
    or the message that says why not."""
    try:
        answer = run_sparql(pool, text, results_format="csv", graph_format="turtle")
    except ItudAlignError as err:
        return str(err)
    name = "query-results.ttl" if answer.result.form == "GRAPH" else "query-results.csv"
    return answer.result.body, name
