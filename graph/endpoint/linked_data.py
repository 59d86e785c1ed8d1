"""Linked data on the endpoint's server: every project IRI dereferences, and the data is downloadable.

- ``/id/<kind>/<local>`` answers for ``https://w3id.org/itud-align/id/<kind>/<local>``:
  an HTML page for a browser (labels, every property with the graph that says it,
  the links with their evidence, what refers to it), Turtle, N-Triples, JSON-LD or
  RDF/XML by ``Accept`` (or ``?format=``); 404 with a message for an unknown IRI.
- ``/resource?iri=...``: the same for any other IRI of the store (SDG goals and targets).
- ``/void``: the VoID description of the dataset; ``/dump``: the full N-Quads dump
  (``?format=trig`` for TriG).

Every read goes through :func:`graph.endpoint.protocol.run_sparql`, so it has the endpoint's
time limit and safety.
"""

from __future__ import annotations

import html
import json
from urllib.parse import urlencode

import flask
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from graph import namespaces
from graph.buildfolder import dump_path, read_manifest
from graph.endpoint.protocol import (
    CORS_HEADERS,
    GRAPH_TYPES,
    PREFLIGHT_HEADERS,
    SPARQL_PATH,
    endpoint_state,
    negotiate,
    note_header,
    run_sparql,
)
from graph.errors import QueryError, StoreError
from graph.namespaces import BASE, DCTERMS, ITUD, RDF, SKOS, SPARQL_PREFIXES, VOID, XSD, mint

__all__ = ["bp", "compact", "local_href", "render_page"]

bp = flask.Blueprint("itud_linked_data", __name__)

_ID = BASE + "id/"
_GRAPHS = BASE + "graph/"
_PAGE_TYPES = {"turtle": GRAPH_TYPES["turtle"], "html": "text/html", **GRAPH_TYPES}
_PAGE_ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "json-ld": "jsonld",
    "json": "jsonld",
    "application/json": "jsonld",
    "rdf": "rdfxml",
    "xml": "rdfxml",
}
_RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
_ROWS_SHOWN = 500

_PROPERTIES = """
SELECT ?p ?o ?label ?g WHERE {{
  GRAPH ?g {{ {iri} ?p ?o }}
  OPTIONAL {{ ?o skos:prefLabel ?label FILTER(langMatches(lang(?label), "{lang}")) }}
}} ORDER BY ?p ?o"""

_REFERRERS = """
SELECT ?s ?p ?label ?g WHERE {{
  GRAPH ?g {{ ?s ?p {iri} }}
  FILTER(?p NOT IN (itud:alignmentSubject, itud:alignmentObject))
  OPTIONAL {{ ?s skos:prefLabel ?label FILTER(langMatches(lang(?label), "{lang}")) }}
}} ORDER BY ?p ?s LIMIT {limit}"""

_EVIDENCE = """
SELECT ?a ?direction ?predicate ?other ?otherLabel ?justification ?confidence ?status
       ?author ?date ?reviewer ?reviewed ?source ?comment ?g WHERE {{
  GRAPH ?g {{
    {{ ?a itud:alignmentSubject {iri} ; itud:alignmentObject ?other BIND("to" AS ?direction) }}
    UNION
    {{ ?a itud:alignmentObject {iri} ; itud:alignmentSubject ?other BIND("from" AS ?direction) }}
    ?a itud:alignmentPredicate ?predicate .
    OPTIONAL {{ ?a itud:justification ?justification }}
    OPTIONAL {{ ?a itud:confidence ?confidence }}
    OPTIONAL {{ ?a itud:status ?status }}
    OPTIONAL {{ ?a itud:author ?author }}
    OPTIONAL {{ ?a itud:date ?date }}
    OPTIONAL {{ ?a itud:source ?source }}
    OPTIONAL {{ ?a rdfs:comment ?comment }}
    OPTIONAL {{ ?a prov:wasGeneratedBy ?review . ?review prov:wasAssociatedWith ?reviewer ;
                dcterms:date ?reviewed }}
  }}
  OPTIONAL {{ ?other skos:prefLabel ?otherLabel FILTER(langMatches(lang(?otherLabel), "{lang}")) }}
}} ORDER BY ?direction ?predicate ?other LIMIT {limit}"""

_DESCRIBE = """
CONSTRUCT {{ {iri} ?p ?o . ?s ?q {iri} . ?a ?ap ?ao }} WHERE {{
  {{ {iri} ?p ?o }}
  UNION {{ ?s ?q {iri} FILTER(?q NOT IN (itud:alignmentSubject, itud:alignmentObject)) }}
  UNION {{ {{ ?a itud:alignmentSubject {iri} }} UNION {{ ?a itud:alignmentObject {iri} }} ?a ?ap ?ao }}
}}"""

_EXISTS = "ASK {{ {{ {iri} ?p ?o }} UNION {{ ?s ?q {iri} }} }}"


def local_href(iri: str) -> str:
    """The path on this server that shows ``iri``."""
    if iri.startswith(_ID):
        return "/id/" + iri[len(_ID) :]
    return "/resource?" + urlencode({"iri": iri})


def compact(iri: str) -> str:
    """``iri`` as ``prefix:local`` with the project's prefixes (graphs as ``graph/...``)."""
    if iri.startswith(_GRAPHS):
        return iri[len(BASE) :]
    return namespaces.compact(iri, "sparql") or iri


def _select(query: str) -> list[dict[str, dict[str, str]]]:
    answer = run_sparql(endpoint_state().pool, query, results_format="json")
    return json.loads(answer.result.body)["results"]["bindings"]


def _term(binding: dict[str, str] | None, label: dict[str, str] | None = None) -> str:
    """One RDF term as HTML: IRIs as links to their page, literals with language or datatype."""
    if binding is None:
        return ""
    value = binding["value"]
    if binding["type"] == "uri":
        text = html.escape(compact(value))
        if label:
            text += f' <span class="label">{html.escape(label["value"])}</span>'
        return f'<a href="{html.escape(local_href(value))}">{text}</a>'
    if binding["type"] == "bnode":
        return html.escape(f"_:{value}")
    out = html.escape(value)
    if value.startswith(("http://", "https://")) and " " not in value:  # a source's address
        out = f'<a href="{out}" rel="noopener">{out}</a>'
    if "xml:lang" in binding:
        out += f' <span class="meta">@{html.escape(binding["xml:lang"])}</span>'
    elif binding.get("datatype") and binding["datatype"] != str(XSD.string):
        out += f' <span class="meta">^^{html.escape(compact(binding["datatype"]))}</span>'
    return out


def _table(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "<p class='meta'>none</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    note = (
        f"<p class='meta'>showing the first {_ROWS_SHOWN} rows; query the endpoint for all</p>"
        if len(rows) >= _ROWS_SHOWN
        else ""
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"


_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;max-width:75em;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:1.5em;table-layout:fixed}td,th{border:1px solid #ddd;
padding:.3em .5em;text-align:left;vertical-align:top;font-size:.9em;overflow-wrap:anywhere}th{background:#f3f5f7}
.meta,.label{color:#667}code{background:#f3f5f7;padding:.1em .3em}a{color:#0b5cad}"""


# the page's own words; labels of the data come in the language asked for (``?lang=fr``)
_WORDS = {
    "en": {
        "dashboard": "← dashboard",
        "data": "as data",
        "query": "query it",
        "props": "Properties",
        "links": "Links with their evidence",
        "referrers": "Referred to by",
    },
    "fr": {
        "dashboard": "← tableau de bord",
        "data": "en données",
        "query": "l'interroger",
        "props": "Propriétés",
        "links": "Liens et leurs preuves",
        "referrers": "Cité par",
    },
}


def render_page(iri: str, lang: str = "en") -> str:
    """The HTML page of ``iri`` in ``lang`` (en or fr): properties, links with their evidence, and
    referrers, with a link back to the dashboard."""
    lang = lang if lang in _WORDS else "en"
    words = _WORDS[lang]
    ref = f"<{iri}>"
    props = _select(_PROPERTIES.format(iri=ref, lang=lang))
    labels = {r["o"].get("xml:lang", ""): r["o"]["value"] for r in props if r["p"]["value"] == str(SKOS.prefLabel)}
    label = labels.get(lang) or labels.get("en")
    notations = [r["o"]["value"] for r in props if r["p"]["value"] == str(SKOS.notation)]
    notation = min(notations, key=len) if notations else None  # SDG: "9.c" rather than "09.0c"
    title = " — ".join(t for t in (notation, label) if t) or compact(iri)
    evidence = _select(_EVIDENCE.format(iri=ref, limit=_ROWS_SHOWN, lang=lang))
    referrers = _select(_REFERRERS.format(iri=ref, limit=_ROWS_SHOWN, lang=lang))
    dashboard = "/" + ("?lang=fr" if lang == "fr" else "")
    query_link = "/query?" + urlencode({"query": f"SELECT ?p ?o ?g WHERE {{\n  GRAPH ?g {{ {ref} ?p ?o }}\n}}"})
    formats = " · ".join(
        f'<a href="?{urlencode({"format": k})}">{k}</a>' for k in ("turtle", "jsonld", "ntriples", "rdfxml")
    )
    parts = [
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1><p><code>{html.escape(iri)}</code></p>",
        f"<p class='meta'><a href='{dashboard}'>{words['dashboard']}</a> · {words['data']}: {formats} · "
        f"<a href='{html.escape(query_link)}'>{words['query']}</a> · "
        "<a href='/sparql'>SPARQL endpoint</a> · <a href='/void'>VoID</a></p>",
        f"<h2>{words['props']}</h2>",
        _table(
            ["property", "value", "said by (graph)"],
            [[_term(r["p"]), _term(r["o"], r.get("label")), _term(r["g"])] for r in props],
        ),
        f"<h2>{words['links']}</h2>",
        _table(
            [
                "",
                "link",
                "element",
                "justification",
                "confidence",
                "status",
                "author",
                "date",
                "decided by",
                "decided on",
                "source",
                "comment",
                "said by (graph)",
            ],
            [
                [
                    html.escape(r["direction"]["value"]),
                    _term(r["predicate"]),
                    _term(r["other"], r.get("otherLabel")),
                    _term(r.get("justification")),
                    _term(r.get("confidence")),
                    _term(r.get("status")),
                    _term(r.get("author")),
                    _term(r.get("date")),
                    _term(r.get("reviewer")),
                    _term(r.get("reviewed")),
                    _term(r.get("source")),
                    _term(r.get("comment")),
                    _term(r["g"]),
                ]
                for r in evidence
            ],
        ),
        f"<h2>{words['referrers']}</h2>",
        _table(
            ["element", "property", "said by (graph)"],
            [[_term(r["s"], r.get("label")), _term(r["p"]), _term(r["g"])] for r in referrers],
        ),
        "</body></html>",
    ]
    return "".join(parts)


@bp.after_request
def _cors(response: flask.Response) -> flask.Response:
    """Open reads of these pages to any origin, never with credentials."""
    response.headers.extend(CORS_HEADERS)
    if flask.request.method == "OPTIONS":
        response.headers.extend(PREFLIGHT_HEADERS)
    return response


def _message(status: int, text: str) -> flask.Response:
    return flask.Response(text + "\n", status=status, mimetype="text/plain")


def _describe(iri: str) -> flask.Response:
    """Answer for ``iri`` in the format the client asked for."""
    try:
        ox.NamedNode(iri)
    except ValueError:
        return _message(400, f"not a valid IRI: {iri!r}")
    request = flask.request
    fmt = negotiate(request.accept_mimetypes, _PAGE_TYPES, _PAGE_ALIASES, request.args.get("format"))
    pool = endpoint_state().pool
    try:
        found = run_sparql(pool, _EXISTS.format(iri=f"<{iri}>")).result.body
        if b"true" not in found:
            return _message(
                404, f"no resource <{iri}> in this dataset. Browse the dataset from /void or search it at /sparql"
            )
        if fmt == "html":
            response = flask.Response(render_page(iri, flask.request.args.get("lang", "en")), mimetype="text/html")
        else:
            answer = run_sparql(pool, _DESCRIBE.format(iri=f"<{iri}>"), graph_format=fmt)
            response = flask.Response(answer.result.body, mimetype=answer.media_type)
            response.headers["X-SPARQL-Truncated"] = "true" if answer.result.truncated else "false"
            if answer.notes:
                response.headers["X-SPARQL-Note"] = note_header(answer.notes)
    except (QueryError, StoreError) as err:
        return _message(503, str(err))
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/id/<path:path>")
def element(path: str) -> flask.Response:
    """Dereference ``https://w3id.org/itud-align/id/<path>``."""
    kind, _, local = path.partition("/")
    try:
        iri = str(mint(kind, local))
    except ValueError as err:
        return _message(404, f"no resource {_ID}{path} in this dataset: {err}")
    return _describe(iri)


@bp.route("/resource")
def resource() -> flask.Response:
    """Describe any IRI of the store (``?iri=``), e.g. an SDG target."""
    iri = flask.request.args.get("iri", "")
    if not iri:
        return _message(400, "give the IRI to describe: /resource?iri=...")
    return _describe(iri)


@bp.route("/void")
def void() -> flask.Response:
    """The VoID description of the dataset: size, graphs, endpoint, dump."""
    state = endpoint_state()
    try:
        manifest = read_manifest(state.build_dir)
    except StoreError as err:
        return _message(503, str(err))
    dataset = URIRef(str(mint("dataset", "itud-align")))
    g = Graph()
    for prefix in ("void", "dcterms", "itud", "xsd"):
        g.bind(prefix, SPARQL_PREFIXES[prefix])
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add(
        (
            dataset,
            DCTERMS.title,
            Literal("itud-align: the ITU-D portfolio aligned with the SDGs and the WSIS action lines", lang="en"),
        )
    )
    # the configured public address, never the Host header a client sent
    g.add((dataset, VOID.sparqlEndpoint, URIRef(state.base_url + SPARQL_PATH)))
    g.add((dataset, VOID.dataDump, URIRef(state.base_url + flask.url_for("itud_linked_data.dump"))))
    g.add((dataset, VOID.uriSpace, Literal(_ID)))
    g.add((dataset, VOID.triples, Literal(manifest.triples, datatype=XSD.integer)))
    g.add((dataset, ITUD.snapshotId, Literal(manifest.snapshot)))
    for vocabulary in ("itud", "skos", "sdgo", "semapv", "dcterms"):
        g.add((dataset, VOID.vocabulary, URIRef(SPARQL_PREFIXES[vocabulary])))
    for graph, triples in sorted(manifest.graphs.items()):
        subset = URIRef(graph)
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(triples, datatype=XSD.integer)))
    request = flask.request
    fmt = negotiate(request.accept_mimetypes, GRAPH_TYPES, _PAGE_ALIASES, request.args.get("format"))
    response = flask.Response(g.serialize(format=_RDFLIB_FORMATS[fmt]), mimetype=GRAPH_TYPES[fmt])
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/dump")
def dump() -> flask.Response:
    """The full dataset: N-Quads (the build's dump), or TriG with ``?format=trig``."""
    state = endpoint_state()
    try:
        manifest = read_manifest(state.build_dir)
    except StoreError as err:
        return _message(503, str(err))
    path = dump_path(state.build_dir)
    request = flask.request
    fmt = negotiate(
        request.accept_mimetypes,
        {"nquads": "application/n-quads", "trig": "application/trig"},
        {},
        request.args.get("format"),
    )
    name = f"itud-align-{manifest.snapshot}"
    if fmt == "nquads":
        return flask.send_file(path, mimetype="application/n-quads", as_attachment=True, download_name=f"{name}.nq")
    quads = ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
    body = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=SPARQL_PREFIXES)
    response = flask.Response(body, mimetype="application/trig")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.trig"'
    return response
