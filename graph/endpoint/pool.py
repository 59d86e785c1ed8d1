"""A small pool of worker processes that evaluate SPARQL queries under a time limit.

pyoxigraph's ``Store.query`` has no time limit and cannot be interrupted from Python,
so each query runs in a worker process (:mod:`graph.endpoint.worker`) that holds the
build's store: loaded into memory from the build's dump (the default: big joins run
several times faster) or the on-disk store opened read-only. A query past the limit gets its worker killed and replaced;
the other workers keep answering. Workers start on first use, in the process that
uses the pool (so a pool survives a fork, e.g. under gunicorn ``--preload``).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.buildfolder import dump_path, store_path
from graph.endpoint.worker import GRAPH_FORMATS, RESULT_FORMATS
from graph.errors import MalformedQuery, QueryError, QueryRefused, QueryTimeout, StoreError, WorkersBusy
from graph.namespaces import SPARQL_PREFIXES
from graph.stores import dump_of

_log = logging.getLogger(__name__)

# prefixes that shorten Turtle output; not ``id:``, whose locals hold slashes Turtle must escape
TURTLE_PREFIXES = {p: ns for p, ns in SPARQL_PREFIXES.items() if p != "id"}

__all__ = ["TURTLE_PREFIXES", "QueryPool", "QueryResult"]


@dataclass(frozen=True)
class QueryResult:
    """Serialized results: ``form`` is ``SELECT``, ``ASK`` or ``GRAPH`` (CONSTRUCT/DESCRIBE)."""

    form: str
    body: bytes
    rows: int
    truncated: bool
    seconds: float


# big enough that most answers cross in one write: with the default (about 200 kB) a
# 500 kB answer crosses in rounds, the two processes waking each other, in twice the time
SOCKET_BUFFER_BYTES = 4 << 20


class _Worker:
    """One worker process and the connection to it."""

    def __init__(self, source: tuple[Any, ...]) -> None:
        """Start the process and send it ``source``; :meth:`wait_ready` waits for the store."""
        ours, theirs = socket.socketpair()
        for end in (ours, theirs):
            end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SOCKET_BUFFER_BYTES)
            end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SOCKET_BUFFER_BYTES)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.endpoint.worker", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.where = source[1]
        self.graphs: list[str] = []
        self.sandboxed = False
        with contextlib.suppress(OSError):  # a process that died at once: wait_ready says so
            self.conn.send((source, SPARQL_PREFIXES, TURTLE_PREFIXES))

    def wait_ready(self, timeout: float) -> _Worker:
        """Wait until the worker has opened its store; kill it and raise StoreError if it fails."""
        try:
            if not self.conn.poll(timeout):
                raise StoreError(f"{self.where}: query worker did not open the store within {timeout:g} s")
            _, self.graphs, self.sandboxed = self.conn.recv()
        except (EOFError, OSError) as err:
            self.kill()
            raise StoreError(f"{self.where}: query worker failed to open the store ({err})",
                             fix="run 'itud-align build' first") from err
        except StoreError:
            self.kill()
            raise
        return self

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.conn.close()


def _source(build_dir: Path, in_memory: bool) -> tuple[Any, ...]:
    """What a worker opens for the build at ``build_dir`` (see :mod:`graph.endpoint.worker`)."""
    if not in_memory:
        store = store_path(build_dir)
        if not store.is_dir():
            raise StoreError(f"{store}: no Oxigraph store", fix="run 'itud-align build' first")
        return ("disk", str(store))
    dump, build_graph = dump_of(dump_path(build_dir))
    return ("memory", str(dump), ox.serialize(build_graph, format=ox.RdfFormat.N_QUADS))


class QueryPool:
    """Worker processes over the build at ``build_dir`` (in memory, or on disk when
    ``in_memory`` is false): ``workers`` start with the pool, more (up to ``max_workers``,
    default twice as many) when all are busy; see the module docstring."""

    def __init__(self, build_dir: Path, *, in_memory: bool = True, workers: int = 2,
                 max_workers: int | None = None, timeout_s: float = 30.0, row_limit: int = 10_000,
                 start_timeout: float = 120.0) -> None:
        if workers < 1:
            raise ValueError("a query pool needs at least one worker")
        self.build_dir = Path(build_dir)
        self.in_memory = in_memory
        self._source: tuple[Any, ...] = ()
        self.size = workers
        self.max_workers = max(workers, max_workers if max_workers is not None else 2 * workers)
        self._starting = 0
        self.timeout_s = timeout_s
        self.row_limit = row_limit
        self.start_timeout = start_timeout
        # last in, first out: a lone client keeps meeting the same worker, whose caches are warm
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._graphs: frozenset[str] = frozenset()
        self.sandboxed = False

    def _start(self) -> None:
        """Start the workers in this process (again after a fork)."""
        with self._lock:
            if self._pid == os.getpid():
                return
            self._source = _source(self.build_dir, self.in_memory)
            self._idle = queue.LifoQueue()
            self._all = []
            starting = [_Worker(self._source) for _ in range(self.size)]  # they load in parallel
            try:
                for worker in starting:
                    self._add(worker.wait_ready(self.start_timeout))
            except StoreError:
                for worker in starting:
                    worker.kill()
                raise
            self._graphs = frozenset(self._all[0].graphs)
            self.sandboxed = all(w.sandboxed for w in self._all)
            if not self.sandboxed:
                _log.warning("query workers run without the network sandbox (needs Linux on x86_64 "
                             "or aarch64); SERVICE is refused by the query guard only")
            self._pid = os.getpid()
            atexit.register(self.close)

    def _add(self, worker: _Worker) -> None:
        self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        try:
            fresh = _Worker(self._source).wait_ready(self.start_timeout)
        except StoreError:
            return
        with self._lock:
            self._add(fresh)

    def _acquire(self, limit: float) -> _Worker:
        """An idle worker; a new one while the pool is below ``max_workers`` (so a few
        runaway queries cannot hold up the quick ones); else wait up to ``limit``."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            grow = len(self._all) + self._starting < self.max_workers
            self._starting += grow
        if grow:
            try:
                worker = _Worker(self._source).wait_ready(self.start_timeout)
            finally:
                with self._lock:
                    self._starting -= 1
            with self._lock:
                self._all.append(worker)
            return worker
        try:
            return self._idle.get(timeout=limit)
        except queue.Empty:
            raise WorkersBusy(f"every query worker stayed busy for {limit:g} s; try again later") from None

    def graphs(self) -> frozenset[str]:
        """The IRIs of the store's named graphs."""
        self._start()
        return self._graphs

    def run(self, query: str, *, results_format: str = "json", graph_format: str = "turtle",
            default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
            has_dataset: bool = False, timeout_s: float | None = None) -> QueryResult:
        """Evaluate ``query`` in a worker; return its results serialized in the format asked.

        ``results_format`` (json, xml, csv, tsv) serves SELECT and ASK, ``graph_format``
        (turtle, ntriples, jsonld, rdfxml) CONSTRUCT and DESCRIBE. The default graph is
        the union of all graphs unless ``default_graphs`` are given or the query has a
        dataset clause (``has_dataset``: FROM / FROM NAMED, which then rule). Raises
        :class:`MalformedQuery` for a query the parser rejects, :class:`QueryError` for a
        failed evaluation,
        :class:`QueryRefused` for a network request the worker's sandbox stopped,
        :class:`QueryTimeout` past the time limit, :class:`WorkersBusy` when no worker
        came free within the time limit.
        """
        if results_format not in RESULT_FORMATS or graph_format not in GRAPH_FORMATS:
            raise ValueError(f"unknown format {results_format!r} / {graph_format!r}")
        self._start()
        limit = self.timeout_s if timeout_s is None else timeout_s
        worker = self._acquire(limit)
        job = {"query": query, "results_format": results_format, "graph_format": graph_format,
               "row_limit": self.row_limit, "default_graphs": default_graphs or [],
               "named_graphs": named_graphs or [], "has_dataset": has_dataset}
        started = time.perf_counter()
        try:
            worker.conn.send(job)
            if not worker.conn.poll(limit):
                threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
                raise QueryTimeout(f"query stopped after the time limit of {limit:g} s; "
                                   "narrow it (more specific patterns, LIMIT) and try again")
            reply: tuple[Any, ...] = worker.conn.recv()
            body = worker.conn.recv_bytes() if reply[0] == "ok" else b""
        except (EOFError, OSError) as err:
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise QueryError(f"the query worker failed ({err}); it has been restarted") from err
        self._idle.put(worker)
        seconds = time.perf_counter() - started
        if reply[0] == "syntax":
            raise MalformedQuery(f"malformed query: {reply[1]}")
        if reply[0] == "refused":
            raise QueryRefused(f"query refused: {reply[1]}; this endpoint answers from its own "
                               "store only (no SERVICE)")
        if reply[0] == "error":
            raise QueryError(f"query failed: {reply[1]}")
        _, form, rows, truncated = reply
        return QueryResult(form, body, rows, truncated, seconds)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            if self._pid != os.getpid():
                return
            for worker in self._all:
                worker.kill()
            self._all = []
            self._pid = None
