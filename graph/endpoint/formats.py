"""The result formats the endpoint speaks, their media types, and content negotiation."""

from __future__ import annotations

from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from graph.namespaces import FORMATS

__all__ = ["FORMAT_IRIS", "GRAPH_TYPES", "RESULT_TYPES", "negotiate", "negotiate_formats"]

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
_RESULT_ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
}
_GRAPH_ALIASES = {
    "application/json": "jsonld",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/plain": "ntriples",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "ntriples",
    "ntriples": "ntriples",
    "n-triples": "ntriples",
    "json-ld": "jsonld",
    "jsonld": "jsonld",
    "json": "jsonld",
    "rdfxml": "rdfxml",
    "rdf+xml": "rdfxml",
    "xml": "rdfxml",
}
FORMAT_IRIS = {
    "json": FORMATS.SPARQL_Results_JSON,
    "xml": FORMATS.SPARQL_Results_XML,
    "csv": FORMATS.SPARQL_Results_CSV,
    "tsv": FORMATS.SPARQL_Results_TSV,
    "turtle": FORMATS.Turtle,
    "ntriples": FORMATS["N-Triples"],
    "jsonld": FORMATS["JSON-LD"],
    "rdfxml": FORMATS.RDF_XML,
}


def negotiate(accept: MIMEAccept, options: dict[str, str], aliases: dict[str, str], asked: str | None = None) -> str:
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


@lru_cache(maxsize=256)
def negotiate_formats(accept: str, asked: str | None) -> tuple[str, str]:
    """The results and graph formats for an Accept header and a format parameter (clients
    send the same few headers again and again, so the parse is kept)."""
    mimes = parse_accept_header(accept, MIMEAccept)
    return (
        negotiate(mimes, RESULT_TYPES, _RESULT_ALIASES, asked),
        negotiate(mimes, GRAPH_TYPES, _GRAPH_ALIASES, asked),
    )
