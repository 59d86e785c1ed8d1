"""The SPARQL 1.1 Protocol endpoint: a thin Flask layer over the query pool.

``register_endpoint(server, build_dir)`` mounts, on the dashboard's Flask server:

- ``/sparql``: queries by GET, by POST form-encoded, by POST ``application/sparql-query``;
  results by content negotiation (SELECT/ASK: SPARQL JSON, XML, CSV, TSV;
  CONSTRUCT/DESCRIBE: Turtle, N-Triples, JSON-LD, RDF/XML); a GET without a query gets
  the service description (Turtle), or a redirect to the query page for a browser.
- ``/id/<kind>/<local>``, ``/resource?iri=``, ``/void``, ``/dump``: see :mod:`graph.linked_data`.

Read-only and closed to the network: updates (any transport) and SERVICE are refused
with 403 before evaluation (:mod:`graph.query_guard`), and the workers cannot open a
socket anyway (:func:`graph.query_worker.forbid_network`). ``FROM``/``FROM NAMED``
only select graphs of the store. Queries run in worker processes under a time limit
(:mod:`graph.query_pool`); results past the row limit are cut and say so in the
``X-SPARQL-Truncated`` and ``X-SPARQL-Note`` headers. CORS is open for reads, without
credentials.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import flask
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from werkzeug.datastructures import MIMEAccept
from werkzeug.wrappers import Response as WerkzeugResponse

from graph import settings
from graph.errors import QueryError, StoreError
from graph.namespaces import FORMATS, RDF, RDFS, SD, SPARQL_PREFIXES, XSD
from graph.query_guard import QueryRefused, inspect_query
from graph.query_pool import MalformedQuery, QueryPool, QueryResult, QueryTimeout, WorkersBusy

__all__ = [
    "GRAPH_TYPES",
    "QUERY_PAGE_PATH",
    "RESULT_TYPES",
    "EndpointState",
    "SparqlAnswer",
    "endpoint_state",
    "negotiate",
    "note_header",
    "register_endpoint",
    "run_sparql",
    "tabulate",
]

# SPARQL service description and W3C format IRIs (TODO lead: move into graph/namespaces.py)

QUERY_PAGE_PATH = "/query"
_STATE_KEY = "itud_align_endpoint"

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
_EXPOSED = "X-SPARQL-Rows, X-SPARQL-Truncated, X-SPARQL-Row-Limit, X-SPARQL-Note, X-SPARQL-Seconds"

bp = flask.Blueprint("itud_sparql", __name__)


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
    state = app.extensions.get(_STATE_KEY)
    if state is None:
        raise StoreError("no SPARQL endpoint registered on this server. "
                         "Fix: call graph.endpoint.register_endpoint(server, build_dir)")
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


def register_endpoint(server: flask.Flask, build_dir: Path, *, timeout_s: float = 30.0,
                      row_limit: int = 10_000, workers: int = 2, in_memory: bool | None = None) -> None:
    """Mount /sparql, /id/..., /resource, /void and /dump on ``server`` for the build at ``build_dir``.

    Worker processes start on the first query; ``workers`` of them answer at once. They
    hold the build in memory unless ``in_memory`` is false (default: the ``ITUD_ALIGN_STORE``
    setting, on disk only for ``oxigraph``).
    """
    from graph import linked_data  # the linked-data routes build on this module

    if in_memory is None:
        in_memory = settings.store_kind() != "oxigraph"
    pool = QueryPool(Path(build_dir), in_memory=in_memory, workers=workers, timeout_s=timeout_s,
                     row_limit=row_limit)
    server.extensions[_STATE_KEY] = EndpointState(pool, Path(build_dir))
    server.register_blueprint(bp)
    server.register_blueprint(linked_data.bp)


def note_header(notes: tuple[str, ...]) -> str:
    """Notes as one ``X-SPARQL-Note`` value; header values must be Latin-1, so IRIs with
    other characters go percent-encoded."""
    return quote(" | ".join(notes), safe=" !\"#$&'()*+,-./:;<=>?@[]^_`{|}~")


def _message(status: int, text: str, **headers: str) -> flask.Response:
    response = flask.Response(text + "\n", status=status, mimetype="text/plain")
    response.headers.update(headers)
    return response


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


@bp.after_app_request
def _cors(response: flask.Response) -> flask.Response:
    """Open reads of the endpoint's paths to any origin, never with credentials."""
    path = flask.request.path
    if path == "/sparql" or path.startswith(("/id/", "/resource", "/void", "/dump")):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = _EXPOSED
        if flask.request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
            response.headers["Access-Control-Max-Age"] = "86400"
    return response


class _Unsupported(QueryError):
    """A POST body of a type the protocol does not define."""


def _read_request() -> tuple[str | None, list[str], list[str]]:
    """The query text and protocol graph parameters; raises QueryRefused for an update."""
    request = flask.request
    default = request.args.getlist("default-graph-uri")
    named = request.args.getlist("named-graph-uri")
    if "update" in request.args:
        raise QueryRefused("SPARQL update is refused: this endpoint is read-only")
    if request.method == "GET":
        return request.args.get("query"), default, named
    mimetype = request.mimetype
    if mimetype == "application/sparql-update":
        raise QueryRefused("SPARQL update (application/sparql-update) is refused: "
                           "this endpoint is read-only")
    if mimetype == "application/sparql-query":
        return request.get_data(as_text=True), default, named
    if mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        if "update" in request.form:
            raise QueryRefused("SPARQL update is refused: this endpoint is read-only")
        default += request.form.getlist("default-graph-uri")
        named += request.form.getlist("named-graph-uri")
        return request.form.get("query"), default, named
    raise _Unsupported(mimetype)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> WerkzeugResponse:
    """The SPARQL 1.1 Protocol query operation."""
    request = flask.request
    try:
        query, default, named = _read_request()
    except QueryRefused as err:
        return _message(403, str(err))
    except _Unsupported as err:
        return _message(415, f"unsupported content type {err}; send application/sparql-query "
                             "or a form with query=")
    if query is None or not query.strip():
        if request.method == "POST":
            return _message(400, "no query given: send query= or an application/sparql-query body")
        return _service_description()
    asked = request.values.get("format") or request.values.get("output")
    results_format = negotiate(request.accept_mimetypes, RESULT_TYPES, _RESULT_ALIASES, asked)
    graph_format = negotiate(request.accept_mimetypes, GRAPH_TYPES, _GRAPH_ALIASES, asked)
    pool = endpoint_state().pool
    try:
        answer = run_sparql(pool, query, results_format=results_format,
                            graph_format=graph_format, default_graphs=default, named_graphs=named)
    except QueryRefused as err:
        return _message(403, str(err))
    except MalformedQuery as err:
        return _message(400, str(err))
    except QueryTimeout as err:
        return _message(503, str(err))
    except WorkersBusy as err:
        return _message(503, str(err), **{"Retry-After": "5"})
    except StoreError as err:
        return _message(503, str(err))
    except QueryError as err:
        return _message(500, str(err))
    result = answer.result
    response = flask.Response(result.body, mimetype=answer.media_type)
    if answer.media_type.startswith("text/"):
        response.headers["Content-Type"] = f"{answer.media_type}; charset=utf-8"
    response.headers["Vary"] = "Accept"
    response.headers["X-SPARQL-Rows"] = str(result.rows)
    response.headers["X-SPARQL-Truncated"] = "true" if result.truncated else "false"
    response.headers["X-SPARQL-Row-Limit"] = str(pool.row_limit)
    response.headers["X-SPARQL-Seconds"] = f"{result.seconds:.4f}"
    if answer.notes:
        response.headers["X-SPARQL-Note"] = note_header(answer.notes)
    return response


def _service_description() -> WerkzeugResponse:
    """SPARQL service description (Turtle), or the query page for a browser."""
    request = flask.request
    if request.accept_mimetypes["text/html"] > request.accept_mimetypes["text/turtle"]:
        return flask.redirect(QUERY_PAGE_PATH, code=303)
    endpoint = URIRef(request.base_url)
    g = Graph()
    g.bind("sd", SD)
    service, dataset, default_graph = BNode(), BNode(), BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, endpoint))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for key in (*RESULT_TYPES, *GRAPH_TYPES):
        g.add((service, SD.resultFormat, _FORMAT_IRIS[key]))
    pool = endpoint_state().pool
    g.add((service, RDFS.comment, Literal(
        f"Read-only SPARQL 1.1 query endpoint of itud-align. Queries stop after {pool.timeout_s:g} s; "
        f"results are cut at {pool.row_limit} rows (see the X-SPARQL-Truncated header); SERVICE "
        "and updates are refused; the default graph is the union of the named graphs; the prefixes "
        + ", ".join(f"{p}:" for p in SPARQL_PREFIXES) + " are predeclared.", lang="en")))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    try:
        graphs = sorted(pool.graphs())
    except StoreError as err:
        return _message(503, str(err))
    for iri in graphs:
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(iri)))
    response = flask.Response(g.serialize(format="turtle"), mimetype="text/turtle")
    response.headers["Vary"] = "Accept"
    return response
