"""The worker process of the SPARQL query pool: one read-only Oxigraph store, one query at a time.

pyoxigraph cannot interrupt a running evaluation, so every endpoint query runs in a
process like this one, which the pool kills when the time limit passes. The worker
serializes results itself (in Rust, through pyoxigraph) and sends back bytes, so the
server process only copies them. It imports nothing but pyoxigraph, to start fast.

Protocol over one socket (``multiprocessing.connection.Connection``): the pool sends
``(store_path, prefixes)``, the worker answers ``("ready", graph_iris)``, then for each
job dict it answers ``("ok", form, body, rows, truncated)``, ``("syntax", message)`` or
``("error", message)``. End of input ends the worker.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "run_job"]

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def _cut_lines(data: bytes, keep: int) -> bytes:
    """The first ``keep`` newline-terminated lines of ``data``."""
    end = -1
    for _ in range(keep):
        end = data.find(b"\n", end + 1)
    return data[: end + 1]


def _solutions(result: ox.QuerySolutions, fmt: str, limit: int) -> tuple[bytes, int, bool]:
    # TSV writes one solution per line (newlines in literals are escaped), so counting
    # and cutting is a byte scan; other formats are converted from it in Rust.
    tsv = result.serialize(format=ox.QueryResultsFormat.TSV)
    rows = tsv.count(b"\n") - 1
    truncated = rows > limit
    if truncated:
        tsv, rows = _cut_lines(tsv, limit + 1), limit
    if fmt == "tsv":
        return tsv, rows, truncated
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    return parsed.serialize(format=RESULT_FORMATS[fmt]), rows, truncated


def _triples(result: ox.QueryTriples, fmt: str, limit: int,
             prefixes: dict[str, str]) -> tuple[bytes, int, bool]:
    nt = result.serialize(format=ox.RdfFormat.N_TRIPLES)
    rows = nt.count(b"\n")
    truncated = rows > limit
    if truncated:
        nt, rows = _cut_lines(nt, limit), limit
    if fmt == "ntriples":
        return nt, rows, truncated
    triples = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    used = prefixes if fmt == "turtle" else None
    return ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=used), rows, truncated


def run_job(store: ox.Store, prefixes: dict[str, str], job: dict[str, Any]) -> tuple[Any, ...]:
    """Evaluate one query job on ``store``; return the reply tuple (never raises)."""
    default = [ox.NamedNode(g) for g in job.get("default_graphs") or []]
    named = [ox.NamedNode(g) for g in job.get("named_graphs") or []]
    try:
        result = store.query(
            job["query"],
            prefixes=prefixes,
            use_default_graph_as_union=not default,
            default_graph=default or None,
            named_graphs=named or None,
        )
        limit = int(job["row_limit"])
        if isinstance(result, ox.QueryBoolean):
            fmt = job["results_format"]
            return ("ok", "ASK", result.serialize(format=RESULT_FORMATS[fmt]), 1, False)
        if isinstance(result, ox.QuerySolutions):
            return ("ok", "SELECT", *_solutions(result, job["results_format"], limit))
        return ("ok", "GRAPH", *_triples(result, job["graph_format"], limit, prefixes))
    except SyntaxError as err:
        return ("syntax", str(err))
    except Exception as err:  # the server turns any evaluation failure into a message
        return ("error", f"{type(err).__name__}: {err}")


def main(fd: int) -> None:
    """Serve jobs over the connection on file descriptor ``fd`` until it closes."""
    conn = Connection(fd)
    store_path, prefixes = conn.recv()
    store = ox.Store.read_only(store_path)
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    conn.send(("ready", graphs))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        conn.send(run_job(store, prefixes, job))


if __name__ == "__main__":
    main(int(sys.argv[1]))
