"""The worker process of the SPARQL query pool: one Oxigraph store, one query at a time.

pyoxigraph cannot interrupt a running evaluation, so every endpoint query runs in a
process like this one, which the pool kills when the time limit passes. The worker
serializes results itself (in Rust, through pyoxigraph) and sends back bytes, so the
server process only copies them. Workers are forked by :mod:`graph.endpoint.zygote`, which
holds the store: a worker shares its pages instead of loading a copy. This module imports
nothing but pyoxigraph, the standard library and the channel.

Protocol over one socket (:class:`graph.endpoint.channel.Channel`): the worker says
``("ready", graph_iris, sandboxed)``, then for each job dict it answers
``("ok", form, rows, truncated)`` with the body as raw bytes in the same message (not
pickled: a big answer crosses in half the time), or ``("syntax", message)``, ``("refused", message)``,
``("memory", message)`` or ``("error", message)``. The worker cannot open a network socket
(:func:`forbid_network`) and its address space is capped at ``memory_mb`` (:func:`limit_memory`,
the store it inherits counted, as when it loaded it itself). End of input ends the worker.
A ``source`` is ``("disk", store_path)`` (the on-disk store, read-only, opened by each
worker) or ``("memory", dump_path, extra_nquads)`` (the build's N-Quads dump and the quads
it leaves out, loaded into memory once, by the zygote).
"""

from __future__ import annotations

import errno
import itertools
import re
import resource
import socket
import subprocess
import sys
from collections.abc import Callable
from typing import IO, Any, cast

import pyoxigraph as ox

from graph.endpoint.channel import Channel

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "forbid_network",
    "limit_memory",
    "named_graphs",
    "open_source",
    "run_job",
    "sandbox_available",
    "serve",
]

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


# the niceness every query worker runs at: under load, the dashboard's callbacks come first
QUERY_NICENESS = 5


def forbid_network() -> bool:
    """Make ``socket(AF_INET|AF_INET6)`` fail with EACCES in this process, for good.

    A seccomp filter built by libseccomp (through pyseccomp), which checks the calling
    architecture itself: should a SERVICE clause ever slip past :mod:`graph.endpoint.guard`,
    the worker still cannot open a connection. Returns False where the filter cannot be
    installed (no Linux, no libseccomp); the pool then refuses to serve unless told otherwise.
    """
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError):  # pyseccomp loads libseccomp when imported
        return False
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for family in (socket.AF_INET, socket.AF_INET6):
            rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
        rules.load()
    except (OSError, RuntimeError, ValueError):
        return False
    try:
        socket.socket(socket.AF_INET).close()
    except PermissionError:
        return True
    return False


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space: an allocation past it fails, and pyoxigraph aborts."""
    limit = megabytes << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _cut_lines(data: bytes, keep: int) -> bytes:
    """The first ``keep`` newline-terminated lines of ``data``."""
    end = -1
    for _ in range(keep):
        end = data.find(b"\n", end + 1)
    return data[: end + 1]


# where two solutions meet in compact SPARQL JSON, the second one not empty (see _json_direct)
_SEAM = re.compile(rb'\},\{"[^},]')
# a seam, or an empty solution after another, which has none: one pass finds both (written
# without their common prefix, the pattern takes ten times as long)
_SEAM_OR_EMPTY = re.compile(rb'\},\{(?:"[^},]|\})')


class _Enough(Exception):
    """Raised by :class:`_Capped` to stop a serialization, and with it the lazy evaluation."""


class _Capped:
    """A binary sink that stops the writer once it has written ``marker`` more than
    ``most`` times, so a result far past the row limit is neither evaluated nor held in memory."""

    def __init__(self, marker: bytes, most: int) -> None:
        self.marker = marker
        self.most = most
        self.seen = 0
        self.parts: list[bytes] = []
        self.tail = b""  # the end of the last chunk, for a marker split across two chunks

    def write(self, chunk: bytes) -> int:
        chunk = bytes(chunk)
        self.parts.append(chunk)
        self.seen += (self.tail + chunk).count(self.marker)
        self.tail = chunk[1 - len(self.marker) :] if len(self.marker) > 1 else b""
        if self.seen > self.most:
            raise _Enough
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the parts are joined at the end."""


def _serialize_capped(
    result: ox.QuerySolutions | ox.QueryTriples, fmt: Any, marker: bytes, most: int
) -> tuple[bytes, bool]:
    """``result`` serialized in ``fmt``, stopped once ``marker`` was written more than
    ``most`` times, and whether it was stopped."""
    sink = _Capped(marker, most)
    try:
        result.serialize(cast(IO[bytes], sink), format=fmt)
    except _Enough:
        return b"".join(sink.parts), True
    return b"".join(sink.parts), False


def _first_lines(result: ox.QuerySolutions | ox.QueryTriples, fmt: Any, lines: int) -> tuple[bytes, bool]:
    """At most ``lines`` lines of ``result`` serialized in a line-per-item ``fmt``, and
    whether there was more."""
    data, stopped = _serialize_capped(result, fmt, b"\n", lines)
    return (_cut_lines(data, lines), True) if stopped else (data, False)


def _json_direct(result: ox.QuerySolutions, limit: int) -> tuple[bytes, int, bool] | None:
    """At most ``limit`` rows of ``result`` as SPARQL JSON, their number, and whether there
    were more; None when they cannot be counted this way (the caller then takes the TSV pass).

    pyoxigraph writes compact JSON, where two solutions meet at ``},{``; the writer stops
    once it has written more than ``limit`` of those. A literal may hold ``},{`` too, so
    rows are counted and cut at the exact seams only: ``},{"`` followed by a variable's
    first letter (:data:`_SEAM`). A literal cannot hold ``{"`` (its quotes are written
    ``\\"``), and one that ends in ``},{`` has its closing ``"`` followed by ``,`` or ``}``.
    An empty solution after another has no such seam (``},{}``): any ``},{}`` sends the
    result to the TSV pass. A first one, ``[{}``, needs none: the rows are the seams plus one.
    """
    body, stopped = _serialize_capped(result, ox.QueryResultsFormat.JSON, b"},{", limit)
    if not stopped and body.endswith(b'"bindings":[]}}'):
        return body, 0, False
    found = _SEAM_OR_EMPTY.findall(body)
    if b"},{}" in found:
        return None
    seams = len(found)
    if seams >= limit:  # more rows than the limit: cut after the last one kept
        last_kept = next(itertools.islice(_SEAM.finditer(body), limit - 1, None))
        return body[: last_kept.start() + 1] + b"]}}", limit, True
    if stopped:  # literals holding "},{" stopped the writer early
        return None
    return body, seams + 1, False


def _solutions(result: ox.QuerySolutions, again: Callable[[], Any], fmt: str, limit: int) -> tuple[bytes, int, bool]:
    """At most ``limit`` rows of ``result`` in ``fmt``, their number, and whether there were more.

    SPARQL JSON is written directly when its rows can be counted (the common case). Otherwise the
    solutions go through TSV, which writes one solution per line (newlines in literals are
    escaped), so counting and cutting is a byte scan; other formats are converted from
    it in Rust. ``again`` evaluates the query anew, for TSV when JSON could not be counted.
    """
    if fmt == "json":
        direct = _json_direct(result, limit)
        if direct is not None:
            return direct
        result = again()
    tsv, truncated = _first_lines(result, ox.QueryResultsFormat.TSV, limit + 1)
    rows = tsv.count(b"\n") - 1
    if fmt == "tsv":
        return tsv, rows, truncated
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    return parsed.serialize(format=RESULT_FORMATS[fmt]) or b"", rows, truncated


def _triples(result: ox.QueryTriples, fmt: str, limit: int, prefixes: dict[str, str]) -> tuple[bytes, int, bool]:
    nt, truncated = _first_lines(result, ox.RdfFormat.N_TRIPLES, limit)
    rows = nt.count(b"\n")
    if fmt == "ntriples":
        return nt, rows, truncated
    triples = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    used = prefixes if fmt == "turtle" else None
    return ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=used) or b"", rows, truncated


def run_job(
    store: ox.Store, prefixes: dict[str, str], job: dict[str, Any], turtle_prefixes: dict[str, str] | None = None
) -> tuple[Any, ...]:
    """Evaluate one query job on ``store``; return the reply tuple (never raises).

    ``prefixes`` are predeclared for the query; ``turtle_prefixes`` shorten Turtle output.
    """
    default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = []
    named: list[ox.NamedNode | ox.BlankNode] = []

    def evaluate() -> Any:
        return store.query(
            job["query"],
            prefixes=prefixes,
            use_default_graph_as_union=not default and not job.get("has_dataset"),
            default_graph=default or None,
            named_graphs=named or None,
        )

    try:
        default.extend(ox.NamedNode(g) for g in job.get("default_graphs") or [])
        named.extend(ox.NamedNode(g) for g in job.get("named_graphs") or [])
        result = evaluate()
        limit = int(job["row_limit"])
        if isinstance(result, ox.QueryBoolean):
            fmt = job["results_format"]
            return ("ok", "ASK", result.serialize(format=RESULT_FORMATS[fmt]) or b"", 1, False)
        if isinstance(result, ox.QuerySolutions):
            return ("ok", "SELECT", *_solutions(result, evaluate, job["results_format"], limit))
        return ("ok", "GRAPH", *_triples(result, job["graph_format"], limit, turtle_prefixes or {}))
    except SyntaxError as err:
        return ("syntax", str(err))
    except PermissionError as err:  # forbid_network at work: a SERVICE call the guard missed
        return ("refused", f"the query tried to open a network connection ({err})")
    except MemoryError:
        return ("memory", "the query needed more memory than a query worker may take")
    except Exception as err:  # the server turns any evaluation failure into a message
        return ("error", f"{type(err).__name__}: {err}")


def open_source(source: tuple[Any, ...]) -> ox.Store:
    """The store a ``source`` tuple names (see the module docstring)."""
    if source[0] == "disk":
        return ox.Store.read_only(source[1])
    _, dump, extra = source
    store = ox.Store()
    # lenient: the dump is the build's own output, written from checked quads (see graph.stores)
    store.load(path=dump, format=ox.RdfFormat.N_QUADS, lenient=True)
    store.load(extra, format=ox.RdfFormat.N_QUADS)
    return store


def named_graphs(store: ox.Store) -> list[str]:
    """The IRIs of the store's named graphs, sorted."""
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def _address_space() -> int:
    """This process's address space in bytes (what RLIMIT_AS counts)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def serve(
    fd: int,
    store: ox.Store | None,
    source: tuple[Any, ...],
    prefixes: dict[str, str],
    turtle_prefixes: dict[str, str],
    memory_mb: int,
) -> None:
    """Serve jobs over the connection on file descriptor ``fd`` until it closes: the life of
    a worker forked by :mod:`graph.endpoint.zygote`, which holds ``store`` (None for an
    on-disk ``source``, opened here)."""
    conn = Channel(socket.socket(fileno=fd))
    sandboxed = forbid_network()
    limit_memory(memory_mb)
    if _address_space() >= memory_mb << 20:  # the store alone fills the limit: no query could run
        return
    if store is None:
        store = open_source(source)
    conn.send(("ready", named_graphs(store), sandboxed))
    while True:
        try:
            job, _ = conn.receive()
        except (EOFError, OSError):  # the pool closed the connection: its way to say stop
            return
        reply = run_job(store, prefixes, job, turtle_prefixes)
        if reply[0] == "ok":
            status, form, body, rows, truncated = reply
            conn.send((status, form, rows, truncated), body)
        else:
            conn.send(reply)


def sandbox_available() -> bool:
    """Whether :func:`forbid_network` works on this machine, tried in a child process (the
    filter cannot be undone in the process that installs it)."""
    check = subprocess.run(
        [sys.executable, "-m", "graph.endpoint.worker", "--check-sandbox"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return check.returncode == 0


if __name__ == "__main__":
    sys.exit(0 if forbid_network() else 1)  # --check-sandbox: see sandbox_available
