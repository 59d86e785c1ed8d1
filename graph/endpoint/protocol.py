"""The SPARQL 1.1 Protocol endpoint, mounted on the dashboard's Flask server.

``graph.endpoint.mount.register_endpoint(server, build_dir)`` mounts:

- ``/sparql``: queries by GET, by POST form-encoded, by POST ``application/sparql-query``;
  results by content negotiation (SELECT/ASK: SPARQL JSON, XML, CSV, TSV;
  CONSTRUCT/DESCRIBE: Turtle, N-Triples, JSON-LD, RDF/XML); a GET without a query gets
  the service description (Turtle), or a redirect to the query page for a browser.
  It is answered by WSGI middleware (:class:`SparqlProtocol`) ahead of Flask.
- ``/id/<kind>/<local>``, ``/resource?iri=``, ``/void``, ``/dump``: see :mod:`graph.endpoint.linked_data`.

Read-only and closed to the network: updates (any transport) and SERVICE are refused
with 403 before evaluation (:mod:`graph.endpoint.guard`), and the workers cannot open a
socket anyway (:func:`graph.endpoint.worker.forbid_network`). ``FROM``/``FROM NAMED``
only select graphs of the store. Queries run in worker processes under a time limit
(:mod:`graph.endpoint.pool`); results past the row limit are cut and say so in the
``X-SPARQL-Truncated`` and ``X-SPARQL-Note`` headers. CORS is open for reads, without
credentials.
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import flask
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from werkzeug.wrappers import Request

from graph.endpoint.formats import FORMAT_IRIS, GRAPH_TYPES, RESULT_TYPES, negotiate, negotiate_formats
from graph.endpoint.guard import inspect_query
from graph.endpoint.pool import QueryPool, QueryResult
from graph.endpoint.request import read_request
from graph.errors import (
    BadRequest,
    MalformedQuery,
    QueryError,
    QueryOutOfMemory,
    QueryRefused,
    QueryTimeout,
    QueryTooComplex,
    StoreError,
    WorkersBusy,
)
from graph.namespaces import RDF, RDFS, SD, SPARQL_PREFIXES, XSD

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = [
    "CORS_HEADERS",
    "GRAPH_TYPES",
    "PREFLIGHT_HEADERS",
    "QUERY_PAGE_PATH",
    "RESULT_TYPES",
    "SPARQL_PATH",
    "STATE_KEY",
    "EndpointState",
    "SparqlAnswer",
    "SparqlProtocol",
    "endpoint_state",
    "negotiate",
    "note_header",
    "run_sparql",
    "tabulate",
]

SPARQL_PATH = "/sparql"
QUERY_PAGE_PATH = "/query"
STATE_KEY = "itud_align_endpoint"

# reads are open to any origin, never with credentials
CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    (
        "Access-Control-Expose-Headers",
        "X-SPARQL-Rows, X-SPARQL-Truncated, X-SPARQL-Row-Limit, X-SPARQL-Note, X-SPARQL-Seconds",
    ),
)
PREFLIGHT_HEADERS = (
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Content-Type, Accept"),
    ("Access-Control-Max-Age", "86400"),
)
_ALLOWED = "GET, HEAD, OPTIONS, POST"


@dataclass
class EndpointState:
    """What the endpoint's routes share: the query pool (with the limits) and the build folder."""

    pool: QueryPool
    build_dir: Path

    @property
    def base_url(self) -> str:
        """The endpoint's public address (``ITUD_ALIGN_BASE_URL``), never the Host header."""
        return self.pool.limits.base_url


@dataclass(frozen=True)
class SparqlAnswer:
    """A query's serialized result with the notes the caller should show."""

    result: QueryResult
    media_type: str
    notes: tuple[str, ...]


def endpoint_state(app: flask.Flask | None = None) -> EndpointState:
    """The endpoint state registered on ``app`` (default: the current Flask app)."""
    app = app or flask.current_app
    state = app.extensions.get(STATE_KEY)
    if state is None:
        raise StoreError(
            "no SPARQL endpoint registered on this server. "
            "Fix: call graph.endpoint.mount.register_endpoint(server, build_dir)"
        )
    return state


def run_sparql(
    pool: QueryPool,
    query: str,
    *,
    results_format: str = "json",
    graph_format: str = "turtle",
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> SparqlAnswer:
    """Check and evaluate ``query``: the one code path of the endpoint and the query page.

    Raises :class:`QueryTooComplex` (too long, too deeply nested), :class:`QueryRefused`
    (update, SERVICE), :class:`MalformedQuery`, :class:`QueryTimeout`, :class:`WorkersBusy`,
    :class:`QueryOutOfMemory` or :class:`QueryError`.
    """
    limits = pool.limits
    info = inspect_query(query, SPARQL_PREFIXES, max_length=limits.max_query_length, max_depth=limits.max_query_depth)
    notes: list[str] = []
    named = (*info.from_graphs, *info.from_named, *(default_graphs or []), *(named_graphs or []))
    absent = [g for g in named if g not in pool.graphs()] if named else []
    if absent:
        notes.append(
            "not a graph of this store, read as empty (nothing is fetched): "
            + " ".join(f"<{g}>" for g in dict.fromkeys(absent))
        )
    result = pool.run(
        query,
        results_format=results_format,
        graph_format=graph_format,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        has_dataset=info.has_dataset,
    )
    if result.truncated:
        unit = "triples" if result.form == "GRAPH" else "rows"
        notes.append(
            f"results cut at the row limit of {pool.row_limit} {unit}; use LIMIT and OFFSET to page through them"
        )
    media = GRAPH_TYPES[graph_format] if result.form == "GRAPH" else RESULT_TYPES[results_format]
    return SparqlAnswer(result, media, tuple(notes))


def tabulate(answer: SparqlAnswer) -> tuple[list[str], list[dict[str, dict[str, str] | None]]]:
    """The columns and rows of an answer, each cell an RDF term as in SPARQL JSON results.

    Takes a JSON answer (SELECT: its variables; ASK: one ``boolean`` column) or an
    N-Triples answer (CONSTRUCT/DESCRIBE: ``subject``, ``predicate``, ``object``).
    """
    result = answer.result
    if result.form == "GRAPH":
        if answer.media_type != GRAPH_TYPES["ntriples"]:
            raise ValueError("tabulate needs a graph answer in N-Triples")
        columns = ["subject", "predicate", "object"]
        rows: list[dict[str, dict[str, str] | None]] = [
            {"subject": _term(t.subject), "predicate": _term(t.predicate), "object": _term(t.object)}
            for t in ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES)
        ]
        return columns, rows
    if answer.media_type != RESULT_TYPES["json"]:
        raise ValueError("tabulate needs a SELECT or ASK answer in SPARQL JSON")
    body = json.loads(result.body)
    if "boolean" in body:
        return ["boolean"], [
            {"boolean": {"type": "literal", "value": str(body["boolean"]).lower(), "datatype": str(XSD.boolean)}}
        ]
    columns = body["head"]["vars"]
    return columns, [{c: b.get(c) for c in columns} for b in body["results"]["bindings"]]


def _term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != str(XSD.string):
        out["datatype"] = term.datatype.value
    return out


def note_header(notes: tuple[str, ...]) -> str:
    """Notes as one ``X-SPARQL-Note`` value; header values must be Latin-1, so IRIs with
    other characters go percent-encoded."""
    return quote(" | ".join(notes), safe=" !\"#$&'()*+,-./:;<=>?@[]^_`{|}~")


_Reply = tuple[int, list[tuple[str, str]], bytes]


def _message(status: int, text: str, *headers: tuple[str, str]) -> _Reply:
    """A plain-text answer of one line."""
    line = " ".join(text.split())
    return status, [("Content-Type", "text/plain; charset=utf-8"), *headers], (line + "\n").encode()


class _ThenHangUp(list[bytes]):
    """A response body after which the connection must close with the request body unread.

    werkzeug's server and waitress close on the ``Connection: close`` header; gunicorn drops
    that header (hop-by-hop) and would read the rest of the body to reach the next request,
    so its socket is shut for reading once the answer is written (WSGI calls ``close``):
    the drain then meets the end of the stream and gunicorn hangs up.
    """

    def __init__(self, chunks: list[bytes], sock: socket.socket | None) -> None:
        super().__init__(chunks)
        self.sock = sock

    def close(self) -> None:
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RD)


class SparqlProtocol:
    """WSGI middleware that answers ``/sparql`` (the SPARQL 1.1 Protocol query operation)
    and hands every other path to ``app``.

    A plain WSGI handler rather than a Flask route: every query would otherwise pay for
    Flask's dispatch, the dashboard's request hooks and response objects, a sizeable part
    of a quick query's time.
    """

    def __init__(self, app: WSGIApplication, pool: QueryPool) -> None:
        self.app = app
        self.pool = pool

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != SPARQL_PATH:
            return self.app(environ, start_response)
        status, headers, body = self.respond(environ)
        headers += [*CORS_HEADERS, ("Content-Length", str(len(body)))]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        chunks = [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
        if ("Connection", "close") in headers:
            return _ThenHangUp(chunks, environ.get("gunicorn.socket"))
        return chunks

    def respond(self, environ: WSGIEnvironment) -> _Reply:
        """Status, headers and body for one request to ``/sparql``, read from the WSGI environ
        (a werkzeug request object is made for the service description only)."""
        method = environ["REQUEST_METHOD"]
        if method == "OPTIONS":
            return 200, [("Allow", _ALLOWED), *PREFLIGHT_HEADERS], b""
        if method not in ("GET", "HEAD", "POST"):
            return _message(
                405,
                f"method {method[:20]} is not allowed on /sparql",
                ("Allow", _ALLOWED),
                ("Connection", "close"),
            )
        try:
            params = read_request(environ, self.pool.limits.max_body_bytes)
        except QueryRefused as err:
            return _message(403, str(err))
        except BadRequest as err:  # a body left unread: close the connection rather than drain it
            return _message(err.status, str(err), *([("Connection", "close")] if err.close else []))
        query = params.query
        if query is None or not query.strip():
            if method == "POST":
                return _message(400, "no query given: send query= or an application/sparql-query body")
            return self._service_description(Request(environ))
        # no format name is longer than 64 characters: a longer one would only fill the cache
        asked = params.format if params.format and len(params.format) <= 64 else None
        results_format, graph_format = negotiate_formats(environ.get("HTTP_ACCEPT", "*/*")[:1000], asked)
        try:
            answer = run_sparql(
                self.pool,
                query,
                results_format=results_format,
                graph_format=graph_format,
                default_graphs=params.default_graphs,
                named_graphs=params.named_graphs,
            )
        except QueryRefused as err:
            return _message(403, str(err))
        except (MalformedQuery, QueryTooComplex) as err:
            return _message(400, str(err))
        except (QueryTimeout, QueryOutOfMemory) as err:
            return _message(503, str(err))
        except WorkersBusy as err:
            return _message(503, str(err), ("Retry-After", "5"))
        except StoreError as err:
            return _message(503, str(err))
        except QueryError as err:  # the evaluation failed on what the query asks: the client's to fix
            return _message(400, str(err))
        result = answer.result
        media = answer.media_type
        headers = [
            ("Content-Type", f"{media}; charset=utf-8" if media.startswith("text/") else media),
            ("Vary", "Accept"),
            ("X-SPARQL-Rows", str(result.rows)),
            ("X-SPARQL-Truncated", "true" if result.truncated else "false"),
            ("X-SPARQL-Row-Limit", str(self.pool.row_limit)),
            ("X-SPARQL-Seconds", f"{result.seconds:.4f}"),
        ]
        if answer.notes:
            headers.append(("X-SPARQL-Note", note_header(answer.notes)))
        return 200, headers, result.body

    def _service_description(self, request: Request) -> _Reply:
        """SPARQL service description (Turtle), or the query page for a browser."""
        if request.accept_mimetypes["text/html"] > request.accept_mimetypes["text/turtle"]:
            return 303, [("Location", request.script_root + QUERY_PAGE_PATH)], b""
        pool = self.pool
        try:
            graphs = sorted(pool.graphs())
        except StoreError as err:
            return _message(503, str(err))
        g = Graph()
        g.bind("sd", SD)
        service, dataset, default_graph = BNode(), BNode(), BNode()
        g.add((service, RDF.type, SD.Service))
        g.add((service, SD.endpoint, URIRef(self.pool.limits.base_url + SPARQL_PATH)))
        g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
        g.add((service, SD.feature, SD.UnionDefaultGraph))
        for key in (*RESULT_TYPES, *GRAPH_TYPES):
            g.add((service, SD.resultFormat, FORMAT_IRIS[key]))
        g.add(
            (
                service,
                RDFS.comment,
                Literal(
                    f"Read-only SPARQL 1.1 query endpoint of itud-align. Queries stop after {pool.timeout_s:g} s; "
                    f"results are cut at {pool.row_limit} rows (see the X-SPARQL-Truncated header); SERVICE "
                    "and updates are refused; the default graph is the union of the named graphs; the prefixes "
                    + ", ".join(f"{p}:" for p in SPARQL_PREFIXES)
                    + " are predeclared.",
                    lang="en",
                ),
            )
        )
        g.add((service, SD.defaultDataset, dataset))
        g.add((dataset, RDF.type, SD.Dataset))
        g.add((dataset, SD.defaultGraph, default_graph))
        g.add((default_graph, RDF.type, SD.Graph))
        for iri in graphs:
            named = BNode()
            g.add((dataset, SD.namedGraph, named))
            g.add((named, RDF.type, SD.NamedGraph))
            g.add((named, SD.name, URIRef(iri)))
        body = g.serialize(format="turtle", encoding="utf-8")
        return 200, [("Content-Type", "text/turtle; charset=utf-8"), ("Vary", "Accept")], body
