"""The CLI's ``query`` under the endpoint's rules: the same guard (length, nesting, updates,
SERVICE), and on the embedded store the same sandboxed worker with its time, memory and row
limits, so a query typed at the shell can neither crash the command nor reach the network."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from graph import settings
from graph.endpoint.guard import inspect_query
from graph.endpoint.pool import UNSANDBOXED, QueryPool
from graph.endpoint.worker import sandbox_available
from graph.errors import DataError, SandboxUnavailable
from graph.namespaces import SPARQL_PREFIXES
from graph.stores import open_store

__all__ = ["Answer", "query_text", "run_query"]

_QUERY_FILES = (".rq", ".sparql")


@dataclass(frozen=True)
class Answer:
    """One query's answer: a frame (SELECT), a boolean (ASK) or N-Triples (CONSTRUCT, DESCRIBE),
    and a note when the rows were cut."""

    frame: pd.DataFrame | None = None
    boolean: bool | None = None
    triples: str | None = None
    note: str | None = None


def query_text(query_or_file: str) -> str:
    """The query itself, or the text of the ``.rq`` file it names; DataError for a file that
    is missing, unreadable or not UTF-8."""
    path = Path(query_or_file)
    try:
        is_file = path.suffix in _QUERY_FILES or ("\n" not in query_or_file and path.is_file())
    except (OSError, ValueError):  # a query too long, or with NUL, to be a file name
        is_file = False
    if not is_file:
        return query_or_file
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(
            path, None, "no such file", "give the path of an existing .rq file, or the query text itself"
        ) from None
    except UnicodeDecodeError as err:
        raise DataError(path, None, f"not UTF-8 text (byte {err.start})", "save the query as UTF-8") from None
    except OSError as err:
        raise DataError(path, None, f"cannot be read ({err.strerror})", "check the path and its permissions") from None


def run_query(text: str) -> Answer:
    """Check ``text`` as the endpoint does, then evaluate it: in a sandboxed worker on the
    embedded store, or on another store (``ITUD_ALIGN_STORE``) once the guard passed it."""
    limits = settings.endpoint_limits()
    inspect_query(text, SPARQL_PREFIXES, max_length=limits.max_query_length, max_depth=limits.max_query_depth)
    store = settings.store_setting()
    if store.kind not in ("oxigraph", "oxigraph-memory"):
        return _on_store(text)
    if not limits.allow_unsandboxed and not sandbox_available():
        raise SandboxUnavailable(UNSANDBOXED)
    pool = QueryPool(settings.build_dir(), in_memory=store.in_memory, limits=replace(limits, query_workers=1))
    try:
        result = pool.run(text, results_format="json", graph_format="ntriples")
    finally:
        pool.close()
    note = (
        (
            f"results cut at the row limit of {limits.row_limit} (ITUD_ALIGN_ROW_LIMIT); "
            "use LIMIT and OFFSET to page through them"
        )
        if result.truncated
        else None
    )
    if result.form == "GRAPH":
        return Answer(triples=result.body.decode("utf-8"), note=note)
    body = json.loads(result.body)
    if "boolean" in body:
        return Answer(boolean=bool(body["boolean"]))
    columns = body["head"]["vars"]
    rows = [[b[c]["value"] if c in b else None for c in columns] for b in body["results"]["bindings"]]
    return Answer(frame=pd.DataFrame(rows, columns=columns), note=note)


def _on_store(text: str) -> Answer:
    store = open_store()
    try:
        form = inspect_query(text, SPARQL_PREFIXES).form
        if form == "ASK":
            return Answer(boolean=store.ask(text))
        if form in ("CONSTRUCT", "DESCRIBE"):
            return Answer(triples=store.construct(text))
        return Answer(frame=store.select(text))
    finally:
        store.close()
