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

import codecs
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote

import flask
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Request

from graph.endpoint.guard import QueryRefused, inspect_query
from graph.endpoint.pool import MalformedQuery, QueryPool, QueryResult, QueryTimeout, WorkersBusy
from graph.errors import QueryError, StoreError
from graph.namespaces import FORMATS, RDF, RDFS, SD, SPARQL_PREFIXES, XSD

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = [
    "CORS_HEADERS",
    "GRAPH_TYPES",
    "MAX_QUERY_BYTES",
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
MAX_QUERY_BYTES = 1_000_000  # a request body past this is refused (413) before it is read
QUERY_PAGE_PATH = "/query"
STATE_KEY = "itud_align_endpoint"

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# other media types and short names clients use for the same formats
_RESULT_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml",
                   "json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"}
_GRAPH_ALIASES = {"application/json": "jsonld", "application/x-turtle": "turtle",
                  "application/turtle": "turtle", "text/plain": "ntriples",
                  "application/xml": "rdfxml", "text/xml": "rdfxml", "turtle": "turtle",
                  "ttl": "turtle", "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples",
                  "json-ld": "jsonld", "jsonld": "jsonld", "json": "jsonld", "rdfxml": "rdfxml",
                  "rdf+xml": "rdfxml", "xml": "rdfxml"}
_FORMAT_IRIS = {"json": FORMATS.SPARQL_Results_JSON, "xml": FORMATS.SPARQL_Results_XML,
                "csv": FORMATS.SPARQL_Results_CSV, "tsv": FORMATS.SPARQL_Results_TSV,
                "turtle": FORMATS.Turtle, "ntriples": FORMATS["N-Triples"],
                "jsonld": FORMATS["JSON-LD"], "rdfxml": FORMATS.RDF_XML}
# reads are open to any origin, never with credentials
CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers",
     "X-SPARQL-Rows, X-SPARQL-Truncated, X-SPARQL-Row-Limit, X-SPARQL-Note, X-SPARQL-Seconds"),
)
PREFLIGHT_HEADERS = (
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Content-Type, Accept"),
    ("Access-Control-Max-Age", "86400"),
)
_ALLOWED = "GET, HEAD, OPTIONS, POST"


@dataclass
class EndpointState:
    """What the endpoint's routes share: the query pool and the build folder."""

    pool: QueryPool
    build_dir: Path


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
        raise StoreError("no SPARQL endpoint registered on this server. "
                         "Fix: call graph.endpoint.mount.register_endpoint(server, build_dir)")
    return state


def run_sparql(pool: QueryPool, query: str, *, results_format: str = "json",
               graph_format: str = "turtle", default_graphs: list[str] | None = None,
               named_graphs: list[str] | None = None) -> SparqlAnswer:
    """Check and evaluate ``query``: the one code path of the endpoint and the query page.

    Raises :class:`QueryRefused` (update, SERVICE), :class:`MalformedQuery`,
    :class:`QueryTimeout`, :class:`WorkersBusy` or :class:`QueryError`.
    """
    info = inspect_query(query, SPARQL_PREFIXES)
    notes: list[str] = []
    named = (*info.from_graphs, *info.from_named, *(default_graphs or []), *(named_graphs or []))
    absent = [g for g in named if g not in pool.graphs()] if named else []
    if absent:
        notes.append("not a graph of this store, read as empty (nothing is fetched): "
                     + " ".join(f"<{g}>" for g in dict.fromkeys(absent)))
    result = pool.run(query, results_format=results_format, graph_format=graph_format,
                      default_graphs=default_graphs, named_graphs=named_graphs,
                      has_dataset=info.has_dataset)
    if result.truncated:
        unit = "triples" if result.form == "GRAPH" else "rows"
        notes.append(f"results cut at the row limit of {pool.row_limit} {unit}; "
                     "use LIMIT and OFFSET to page through them")
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
            for t in ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES)]
        return columns, rows
    if answer.media_type != RESULT_TYPES["json"]:
        raise ValueError("tabulate needs a SELECT or ASK answer in SPARQL JSON")
    body = json.loads(result.body)
    if "boolean" in body:
        return ["boolean"], [{"boolean": {"type": "literal", "value": str(body["boolean"]).lower(),
                                          "datatype": str(XSD.boolean)}}]
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


def negotiate(accept: MIMEAccept, options: dict[str, str], aliases: dict[str, str],
              asked: str | None = None) -> str:
    """The format key of ``options`` that fits ``asked`` (a format parameter) or ``accept``.

    The first option is the default when nothing fits.
    """
    if asked:
        asked = asked.strip().lower()
        for key, media in options.items():
            if asked in (key, media):
                return key
        if aliases.get(asked) in options:
            return aliases[asked]
    choices = [*options.values(), *(m for m, k in aliases.items() if "/" in m and k in options)]
    best = accept.best_match(choices)
    if best is None:
        return next(iter(options))
    return next((k for k, m in options.items() if m == best), None) or aliases[best]


class _BadBody(QueryError):
    """A request body this endpoint cannot take; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class _Params:
    """The protocol parameters of one request."""

    query: str | None
    default_graphs: list[str]
    named_graphs: list[str]
    format: str | None


_TOO_LARGE = (f"the request body is over the limit of {MAX_QUERY_BYTES:,} bytes; "
              "send a shorter query (the usual prefixes are predeclared)")


def _body(environ: WSGIEnvironment) -> bytes:
    """The request body; raises _BadBody (413) past :data:`MAX_QUERY_BYTES`, unread."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise _BadBody(400, "the Content-Length header is not a number") from None
    if length > MAX_QUERY_BYTES:
        raise _BadBody(413, _TOO_LARGE)
    stream = environ["wsgi.input"]
    if length:
        return bytes(stream.read(length))
    if environ.get("wsgi.input_terminated"):  # a chunked body, no length given
        data = bytes(stream.read(MAX_QUERY_BYTES + 1))
        if len(data) > MAX_QUERY_BYTES:
            raise _BadBody(413, _TOO_LARGE)
        return data
    return b""


def _read_request(environ: WSGIEnvironment) -> _Params:
    """The query text and protocol parameters of a GET or POST; raises QueryRefused for an
    update and _BadBody for a body of the wrong type or size.

    Parsed straight from the WSGI environ (form bodies and query strings are small): a
    werkzeug request object costs a quick query a good part of its time. Multipart forms,
    rare here, go through werkzeug's parser.
    """
    args = parse_qs(environ.get("QUERY_STRING", ""), errors="replace")
    if "update" in args:
        raise QueryRefused("SPARQL update is refused: this endpoint is read-only")
    if environ["REQUEST_METHOD"] != "POST":
        return _Params(_first(args, "query"), args.get("default-graph-uri", []),
                       args.get("named-graph-uri", []), _first(args, "format") or _first(args, "output"))
    content_type = environ.get("CONTENT_TYPE", "")
    mimetype = content_type.partition(";")[0].strip().lower()
    if mimetype == "application/sparql-update":
        raise QueryRefused("SPARQL update (application/sparql-update) is refused: "
                           "this endpoint is read-only")
    query: str | None
    form: dict[str, list[str]] = {}
    if mimetype == "application/sparql-query":
        query = _body(environ).decode(_charset(content_type), errors="replace")
    elif mimetype == "application/x-www-form-urlencoded":
        form = parse_qs(_body(environ).decode("utf-8", errors="replace"), errors="replace")
        query = _first(form, "query")
    elif mimetype == "multipart/form-data":
        request = Request(environ)
        request.max_content_length = MAX_QUERY_BYTES
        form = {key: request.form.getlist(key) for key in request.form}
        query = _first(form, "query")
    else:
        raise _BadBody(415, f"unsupported content type {mimetype or '(none)'}; send "
                            "application/sparql-query or a form with query=")
    if "update" in form:
        raise QueryRefused("SPARQL update is refused: this endpoint is read-only")
    return _Params(query, args.get("default-graph-uri", []) + form.get("default-graph-uri", []),
                   args.get("named-graph-uri", []) + form.get("named-graph-uri", []),
                   _first(args, "format") or _first(form, "format")
                   or _first(args, "output") or _first(form, "output"))


def _first(values: dict[str, list[str]], key: str) -> str | None:
    found = values.get(key)
    return found[0] if found else None


def _charset(content_type: str) -> str:
    """The charset a Content-Type names, UTF-8 when none or an unknown one."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"')
            try:
                codecs.lookup(charset)
            except LookupError:
                return "utf-8"
            return charset
    return "utf-8"


@lru_cache(maxsize=256)
def _formats(accept: str, asked: str | None) -> tuple[str, str]:
    """The results and graph formats for an Accept header and a format parameter (clients
    send the same few headers again and again, so the parse is kept)."""
    mimes = parse_accept_header(accept, MIMEAccept)
    return (negotiate(mimes, RESULT_TYPES, _RESULT_ALIASES, asked),
            negotiate(mimes, GRAPH_TYPES, _GRAPH_ALIASES, asked))


_Reply = tuple[int, list[tuple[str, str]], bytes]


def _message(status: int, text: str, *headers: tuple[str, str]) -> _Reply:
    return status, [("Content-Type", "text/plain; charset=utf-8"), *headers], (text + "\n").encode()


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
        request = Request(environ)
        status, headers, body = self.respond(request)
        headers += [*CORS_HEADERS, ("Content-Length", str(len(body)))]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [] if request.method == "HEAD" else [body]

    def respond(self, request: Request) -> _Reply:
        """Status, headers and body for one request to ``/sparql``."""
        if request.method == "OPTIONS":
            return 200, [("Allow", _ALLOWED), *PREFLIGHT_HEADERS], b""
        if request.method not in ("GET", "HEAD", "POST"):
            return _message(405, f"method {request.method} is not allowed on /sparql", ("Allow", _ALLOWED))
        try:
            params = _read_request(request.environ)
        except QueryRefused as err:
            return _message(403, str(err))
        except _BadBody as err:
            return _message(err.status, str(err))
        except RequestEntityTooLarge:
            return _message(413, _TOO_LARGE)
        query = params.query
        if query is None or not query.strip():
            if request.method == "POST":
                return _message(400, "no query given: send query= or an application/sparql-query body")
            return self._service_description(request)
        # no format name is longer than 64 characters: a longer one would only fill _formats' cache
        asked = params.format if params.format and len(params.format) <= 64 else None
        results_format, graph_format = _formats(request.environ.get("HTTP_ACCEPT", "*/*"), asked)
        try:
            answer = run_sparql(self.pool, query, results_format=results_format, graph_format=graph_format,
                                default_graphs=params.default_graphs, named_graphs=params.named_graphs)
        except QueryRefused as err:
            return _message(403, str(err))
        except MalformedQuery as err:
            return _message(400, str(err))
        except QueryTimeout as err:
            return _message(503, str(err))
        except WorkersBusy as err:
            return _message(503, str(err), ("Retry-After", "5"))
        except StoreError as err:
            return _message(503, str(err))
        except QueryError as err:
            return _message(500, str(err))
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
        g.add((service, SD.endpoint, URIRef(request.base_url)))
        g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
        g.add((service, SD.feature, SD.UnionDefaultGraph))
        for key in (*RESULT_TYPES, *GRAPH_TYPES):
            g.add((service, SD.resultFormat, _FORMAT_IRIS[key]))
        g.add((service, RDFS.comment, Literal(
            f"Read-only SPARQL 1.1 query endpoint of itud-align. Queries stop after {pool.timeout_s:g} s; "
            f"results are cut at {pool.row_limit} rows (see the X-SPARQL-Truncated header); SERVICE "
            "and updates are refused; the default graph is the union of the named graphs; the prefixes "
            + ", ".join(f"{p}:" for p in SPARQL_PREFIXES) + " are predeclared.", lang="en")))
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
