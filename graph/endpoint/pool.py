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
import signal
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
from graph.errors import (
    MalformedQuery,
    QueryError,
    QueryOutOfMemory,
    QueryRefused,
    QueryTimeout,
    SandboxUnavailable,
    StoreError,
    WorkersBusy,
)
from graph.namespaces import SPARQL_PREFIXES
from graph.settings import EndpointLimits
from graph.stores import dump_of

_log = logging.getLogger(__name__)

# prefixes that shorten Turtle output; not ``id:``, whose locals hold slashes Turtle must escape
TURTLE_PREFIXES = {p: ns for p, ns in SPARQL_PREFIXES.items() if p != "id"}

UNSANDBOXED = ("the query workers' network sandbox (seccomp, through pyseccomp and libseccomp) "
               "cannot be installed here, so a query could make network requests. Fix: install "
               "libseccomp2 and pyseccomp, or set ITUD_ALIGN_ALLOW_UNSANDBOXED=1 to serve anyway "
               "(SERVICE is then refused by the query guard only)")

__all__ = ["TURTLE_PREFIXES", "UNSANDBOXED", "QueryPool", "QueryResult"]


@dataclass(frozen=True)
class QueryResult:
    """Serialized results: ``form`` is ``SELECT``, ``ASK`` or ``GRAPH`` (CONSTRUCT/DESCRIBE)."""

    form: str
    body: bytes
    rows: int
    truncated: bool
    seconds: float


# the niceness of a worker whose query ran past the short-query line: runaways then take the
# CPU only when quick queries (and workers loading the store) leave it
LONG_QUERY_NICENESS = 19

# big enough that most answers cross in one write: with the default (about 200 kB) a
# 500 kB answer crosses in rounds, the two processes waking each other, in twice the time
SOCKET_BUFFER_BYTES = 4 << 20


class _Worker:
    """One worker process and the connection to it."""

    def __init__(self, source: tuple[Any, ...], memory_mb: int) -> None:
        """Start the process and send it ``source``; :meth:`wait_ready` waits for the store."""
        ours, theirs = socket.socketpair()
        for end in (ours, theirs):
            end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SOCKET_BUFFER_BYTES)
            end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SOCKET_BUFFER_BYTES)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.endpoint.worker", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            # pyoxigraph prints "memory allocation failed" and a backtrace when it passes the
            # memory limit: the pool says so in one line instead (_crash)
            stderr=subprocess.DEVNULL,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.where = source[1]
        self.graphs: list[str] = []
        self.sandboxed = False
        self.lowered = False  # its CPU priority was lowered for a long query
        with contextlib.suppress(OSError):  # a process that died at once: wait_ready says so
            self.conn.send((source, SPARQL_PREFIXES, TURTLE_PREFIXES, memory_mb))

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

    def died_of(self) -> int | None:
        """The exit status of a worker whose connection broke (negative: the signal)."""
        try:
            return self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return None


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
    ``in_memory`` is false) under ``limits``: ``query_workers`` start with the pool, more (up
    to ``max_query_workers``) when all are busy; see the module docstring.

    Runaways cannot starve quick queries: at most ``long_queries`` queries may run past
    ``short_query_seconds`` at once (a query that crosses that line when every slot is
    taken is stopped with :class:`WorkersBusy`), so ``max_query_workers - long_queries``
    workers are always free or about to be.
    """

    def __init__(self, build_dir: Path, *, in_memory: bool = True, limits: EndpointLimits | None = None,
                 start_timeout: float = 120.0) -> None:
        limits = limits or EndpointLimits()
        self.limits = limits
        self.build_dir = Path(build_dir)
        self.in_memory = in_memory
        self._source: tuple[Any, ...] = ()
        self.size = limits.query_workers
        self.max_workers = max(limits.query_workers, limits.max_query_workers)
        self._starting = 0
        self.timeout_s = limits.query_timeout
        self.row_limit = limits.row_limit
        self.start_timeout = start_timeout
        self._long = threading.BoundedSemaphore(limits.long_queries)
        # last in, first out: a lone client keeps meeting the same worker, whose caches are warm
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: list[_Worker] = []
        self._lock = threading.RLock()
        # queries waiting for a worker, newest last: a freed worker goes to the newest, so a
        # quick query that just came does not queue behind runaways that wait for their turn
        self._waiters: list[tuple[threading.Event, list[_Worker]]] = []
        self._pid: int | None = None
        self._graphs: frozenset[str] = frozenset()
        self.sandboxed = False

    @property
    def workers(self) -> int:
        """How many worker processes run now (starting ones included)."""
        with self._lock:
            return len(self._all) + self._starting

    def _spawn(self) -> _Worker:
        return _Worker(self._source, self.limits.query_memory_mb)

    def _start(self) -> None:
        """Start the workers in this process (again after a fork)."""
        with self._lock:
            if self._pid == os.getpid():
                return
            self._source = _source(self.build_dir, self.in_memory)
            self._idle = queue.LifoQueue()
            self._all = []
            self._waiters = []
            starting = [self._spawn() for _ in range(self.size)]  # they load in parallel
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
                if not self.limits.allow_unsandboxed:
                    for worker in self._all:
                        worker.kill()
                    raise SandboxUnavailable(UNSANDBOXED)
                _log.warning("query workers run without the network sandbox, as "
                             "ITUD_ALIGN_ALLOW_UNSANDBOXED asks; SERVICE is refused by the query guard only")
            self._pid = os.getpid()
            atexit.register(self.close)

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            self._all.append(worker)
            self._release(worker)

    def _release(self, worker: _Worker) -> None:
        """Hand ``worker`` to the newest waiting query, or make it idle."""
        with self._lock:
            if self._waiters:
                event, slot = self._waiters.pop()
                slot.append(worker)
                event.set()
            else:
                self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in its place (never past the cap: the new one
        counts as starting before the old one stops counting)."""
        with self._lock:
            known = worker in self._all
            if known:
                self._all.remove(worker)
                self._starting += 1
        worker.kill()
        if known:
            self._add_fresh()

    def _retire(self, worker: _Worker) -> None:
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()

    def _add_fresh(self) -> None:
        """Start a worker that was counted in ``_starting``, and make it idle once ready."""
        try:
            fresh = self._spawn().wait_ready(self.start_timeout)
        except StoreError:
            with self._lock:
                self._starting -= 1
            return
        with self._lock:
            self._starting -= 1
            self._add(fresh)

    def _grow(self) -> None:
        """Start one more worker in the background while the pool is below its cap."""
        with self._lock:
            if len(self._all) + self._starting >= self.max_workers:
                return
            self._starting += 1
        threading.Thread(target=self._add_fresh, daemon=True).start()

    def _acquire(self, limit: float) -> _Worker:
        """A live idle worker, waiting up to ``limit`` for one (the newest waiter is served
        first); a worker found dead (killed from outside) is replaced, never handed out.
        A pool of more than one worker (a server's) keeps one warm spare while below
        ``max_workers``, so a few runaways do not make a quick query wait for a worker to load
        the store; a one-worker pool (the CLI's) starts none."""
        deadline = time.monotonic() + limit
        while True:
            worker = self._wait_for_worker(max(0.0, deadline - time.monotonic()), limit)
            if worker.process.poll() is None:
                break
            self._retire(worker)
        if self._idle.empty() and self.size > 1:
            self._grow()
        return worker

    def _wait_for_worker(self, wait: float, limit: float) -> _Worker:
        event, slot = threading.Event(), list[_Worker]()
        with self._lock:
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                self._waiters.append((event, slot))
        self._grow()
        if not event.wait(wait):
            with self._lock:
                if not slot:
                    self._waiters.remove((event, slot))
                    raise WorkersBusy(f"every query worker stayed busy for {limit:g} s; try again later")
        return slot[0]

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
            reply, body = self._wait(worker, limit, started)
        except (EOFError, OSError) as err:
            self._retire(worker)
            raise self._crash(worker, err) from err
        seconds = time.perf_counter() - started
        if reply[0] == "memory":
            self._retire(worker)
            raise QueryOutOfMemory(self._memory_message())
        if worker.lowered:  # its priority cannot be raised again: a fresh worker takes its place
            self._retire(worker)
        else:
            self._release(worker)
        if reply[0] in ("syntax", "refused", "error"):  # pyoxigraph's messages span lines: one line here
            reply = (reply[0], " ".join(str(reply[1]).split()))
        if reply[0] == "syntax":
            raise MalformedQuery(f"malformed query: {reply[1]}")
        if reply[0] == "refused":
            raise QueryRefused(f"query refused: {reply[1]}; this endpoint answers from its own "
                               "store only (no SERVICE)")
        if reply[0] == "error":
            raise QueryError(f"query failed: {reply[1]}")
        _, form, rows, truncated = reply
        return QueryResult(form, body, rows, truncated, seconds)

    def _wait(self, worker: _Worker, limit: float, started: float) -> tuple[tuple[Any, ...], bytes]:
        """The worker's reply to the job it was sent; stops it past ``limit`` seconds, or past
        the short-query line when every long-query slot is taken."""
        short = min(self.limits.short_query_seconds, limit)
        if not worker.conn.poll(short):
            if not self._long.acquire(blocking=False):
                self._retire(worker)
                raise WorkersBusy(f"query stopped after {short:g} s: {self.limits.long_queries} long "
                                  "queries are running already, and the other workers are kept for "
                                  "quick ones; try again shortly, or narrow it (LIMIT)")
            worker.lowered = True  # a long query yields the CPU to quick ones from now on
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, worker.process.pid, LONG_QUERY_NICENESS)
            try:
                if not worker.conn.poll(max(0.0, limit - (time.perf_counter() - started))):
                    self._retire(worker)
                    raise QueryTimeout(f"query stopped after the time limit of {limit:g} s; "
                                       "narrow it (more specific patterns, LIMIT) and try again")
            finally:
                self._long.release()
        reply: tuple[Any, ...] = worker.conn.recv()
        return reply, worker.conn.recv_bytes() if reply[0] == "ok" else b""

    def _memory_message(self) -> str:
        return (f"query stopped: it needed more than the memory limit of {self.limits.query_memory_mb:,} MB "
                "of a query worker; narrow it (more specific patterns, LIMIT without ORDER BY over "
                "everything) and try again")

    def _crash(self, worker: _Worker, err: BaseException) -> QueryError:
        """What to say about a worker that died on a query: past its memory limit pyoxigraph
        aborts (SIGABRT); anything else (SIGKILL from the kernel or an operator) is not the
        query's doing."""
        status = worker.died_of()
        if status == -signal.SIGABRT:
            return QueryOutOfMemory(self._memory_message())
        if status == -signal.SIGSEGV:
            return QueryError("query failed: it crashed the query worker (it has been replaced); simplify it")
        return WorkersBusy(f"the query worker was stopped from outside ({err}); it has been replaced: "
                           "try again")

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            if self._pid != os.getpid():
                return
            for worker in self._all:
                worker.kill()
            self._all = []
            self._pid = None
