"""A small pool of worker processes that evaluate SPARQL queries under a time and a memory limit.

pyoxigraph's ``Store.query`` has no time limit, no memory bound, and cannot be interrupted
from Python, so each query runs in a worker process (:mod:`graph.endpoint.worker`), forked
from a zygote (:mod:`graph.endpoint.zygote`) that holds the build's store: loaded into memory
from the build's dump once (the default: big joins run several times faster), or the on-disk
store, which each worker opens read-only. A worker cannot open a network socket and its
address space is capped. A query past the time limit, or one that takes a worker past its
memory, gets the worker killed and replaced; the other workers keep answering, and the pool
never runs more than its cap. Workers start on first use, in the process that uses the pool;
processes forked after :meth:`QueryPool.start_zygote` (gunicorn ``--preload``'s workers)
fork theirs from the same zygote.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.endpoint.process import TURTLE_PREFIXES, WorkerProcess, Zygote, worker_source
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
from graph.settings import EndpointLimits

_log = logging.getLogger(__name__)

UNSANDBOXED = (
    "the query workers' network sandbox (seccomp, through pyseccomp and libseccomp) "
    "cannot be installed here, so a query could make network requests. Fix: install "
    "libseccomp2 and pyseccomp, or set ITUD_ALIGN_ALLOW_UNSANDBOXED=1 to serve anyway "
    "(SERVICE is then refused by the query guard only)"
)

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


class QueryPool:
    """Worker processes over the build at ``build_dir`` (in memory, or on disk when
    ``in_memory`` is false) under ``limits``: ``query_workers`` start with the pool, more (up
    to ``max_query_workers``) when all are busy; see the module docstring.

    Runaways cannot starve quick queries: at most ``long_queries`` queries may run past
    ``short_query_seconds`` at once (a query that crosses that line when every slot is
    taken is stopped with :class:`WorkersBusy`), so ``max_query_workers - long_queries``
    workers are always free or about to be.
    """

    def __init__(
        self,
        build_dir: Path,
        *,
        in_memory: bool = True,
        limits: EndpointLimits | None = None,
        start_timeout: float = 120.0,
    ) -> None:
        limits = limits or EndpointLimits()
        self.limits = limits
        self.build_dir = Path(build_dir)
        self.in_memory = in_memory
        self._zygote: Zygote | None = None
        self.size = limits.query_workers
        self.max_workers = max(limits.query_workers, limits.max_query_workers)
        self._starting = 0
        self.timeout_s = limits.query_timeout
        self.row_limit = limits.row_limit
        self.start_timeout = start_timeout
        self._long = threading.BoundedSemaphore(limits.long_queries)
        # last in, first out: a lone client keeps meeting the same worker, whose caches are warm
        self._idle: queue.LifoQueue[WorkerProcess] = queue.LifoQueue()
        self._all: list[WorkerProcess] = []
        self._lock = threading.RLock()
        # queries waiting for a worker, newest last: a freed worker goes to the newest, so a
        # quick query that just came does not queue behind runaways that wait for their turn
        self._waiters: list[tuple[threading.Event, list[WorkerProcess]]] = []
        self._pid: int | None = None
        self._graphs: frozenset[str] = frozenset()
        self.sandboxed = False

    @property
    def workers(self) -> int:
        """How many worker processes run now (starting ones included)."""
        with self._lock:
            return len(self._all) + self._starting

    def start_zygote(self) -> None:
        """Start the process that loads the store and forks the workers (the zygote), now:
        this process and every process forked from it later (gunicorn ``--preload``'s
        workers) then fork their workers from it, sharing one copy of the store."""
        with self._lock:
            if self._zygote is None:
                self._zygote = Zygote(worker_source(self.build_dir, self.in_memory))

    def _spawn(self) -> WorkerProcess:
        zygote = self._zygote
        if zygote is None:  # closed while a replacement started
            raise StoreError("the query pool is closed")
        try:
            return zygote.spawn(self.limits.query_memory_mb, self.start_timeout)
        except StoreError:
            if self._pid is None or (zygote.owner == os.getpid() and zygote.process.poll() is None):
                raise
        # the zygote this process shared is gone (killed from outside): start one of its own
        zygote = self._zygote = Zygote(worker_source(self.build_dir, self.in_memory))
        return zygote.spawn(self.limits.query_memory_mb, self.start_timeout)

    def _start(self) -> None:
        """Start the workers in this process (again after a fork)."""
        with self._lock:
            if self._pid == os.getpid():
                return
            self.start_zygote()
            assert self._zygote is not None
            self._zygote.open(self.start_timeout)
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
                _log.warning(
                    "query workers run without the network sandbox, as "
                    "ITUD_ALIGN_ALLOW_UNSANDBOXED asks; SERVICE is refused by the query guard only"
                )
            self._pid = os.getpid()
            atexit.register(self.close)
            threading.Thread(target=self._refresh_rested, args=(self._pid,), daemon=True).start()

    def _add(self, worker: WorkerProcess) -> None:
        with self._lock:
            self._all.append(worker)
            self._release(worker)

    def _release(self, worker: WorkerProcess) -> None:
        """Hand ``worker`` to the newest waiting query, or make it idle."""
        with self._lock:
            if self._waiters:
                event, slot = self._waiters.pop()
                slot.append(worker)
                event.set()
            else:
                self._idle.put(worker)

    def _replace(self, worker: WorkerProcess) -> None:
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

    def _retire(self, worker: WorkerProcess) -> None:
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

    def _refresh_rested(self, pid: int) -> None:
        """Replace idle workers gone stale (:meth:`WorkerProcess.stale`) by fresh forks, until closed."""
        rest = self.limits.query_worker_rest_seconds
        while True:
            time.sleep(rest / 4)
            with self._lock:
                if self._pid != pid:
                    return
                idle = []
                with contextlib.suppress(queue.Empty):
                    while True:
                        idle.append(self._idle.get_nowait())
                stale = [w for w in idle if w.stale(rest)]
                for worker in reversed(idle):  # the newest back on top
                    if worker not in stale:
                        self._idle.put(worker)
            for worker in stale:
                self._replace(worker)

    def _grow(self) -> None:
        """Start one more worker in the background while the pool is below its cap."""
        with self._lock:
            if len(self._all) + self._starting >= self.max_workers:
                return
            self._starting += 1
        threading.Thread(target=self._add_fresh, daemon=True).start()

    def _acquire(self, limit: float) -> WorkerProcess:
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

    def _wait_for_worker(self, wait: float, limit: float) -> WorkerProcess:
        with self._lock:
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                event, slot = threading.Event(), list[WorkerProcess]()
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

    def run(
        self,
        query: str,
        *,
        results_format: str = "json",
        graph_format: str = "turtle",
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        has_dataset: bool = False,
        timeout_s: float | None = None,
    ) -> QueryResult:
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
        job = {
            "query": query,
            "results_format": results_format,
            "graph_format": graph_format,
            "row_limit": self.row_limit,
            "default_graphs": default_graphs or [],
            "named_graphs": named_graphs or [],
            "has_dataset": has_dataset,
        }
        started = time.perf_counter()
        try:
            worker.conn.send(job)
            reply, body = self._wait(worker, limit, started)
        except (EOFError, OSError) as err:
            self._retire(worker)
            raise self._crash(worker, err) from err
        seconds = time.perf_counter() - started
        worker.served += 1
        worker.rested_from = time.monotonic()
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
            raise QueryRefused(f"query refused: {reply[1]}; this endpoint answers from its own store only (no SERVICE)")
        if reply[0] == "error":
            raise QueryError(f"query failed: {reply[1]}")
        _, form, rows, truncated = reply
        return QueryResult(form, body, rows, truncated, seconds)

    def _wait(self, worker: WorkerProcess, limit: float, started: float) -> tuple[tuple[Any, ...], bytes]:
        """The worker's reply to the job it was sent; stops it past ``limit`` seconds, or past
        the short-query line when every long-query slot is taken."""
        short = min(self.limits.short_query_seconds, limit)
        if not worker.conn.poll(short):
            if not self._long.acquire(blocking=False):
                self._retire(worker)
                raise WorkersBusy(
                    f"query stopped after {short:g} s: {self.limits.long_queries} long "
                    "queries are running already, and the other workers are kept for "
                    "quick ones; try again shortly, or narrow it (LIMIT)"
                )
            worker.lowered = True  # a long query yields the CPU to quick ones from now on
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, worker.process.pid, LONG_QUERY_NICENESS)
            try:
                if not worker.conn.poll(max(0.0, limit - (time.perf_counter() - started))):
                    self._retire(worker)
                    raise QueryTimeout(
                        f"query stopped after the time limit of {limit:g} s; "
                        "narrow it (more specific patterns, LIMIT) and try again"
                    )
            finally:
                self._long.release()
        return worker.conn.receive()

    def _memory_message(self) -> str:
        return (
            f"query stopped: it needed more than the memory limit of {self.limits.query_memory_mb:,} MB "
            "of a query worker; narrow it (more specific patterns, LIMIT without ORDER BY over "
            "everything) and try again"
        )

    def _crash(self, worker: WorkerProcess, err: BaseException) -> QueryError:
        """What to say about a worker that died on a query: past its memory limit pyoxigraph
        aborts (SIGABRT); anything else (SIGKILL from the kernel or an operator) is not the
        query's doing."""
        status = worker.died_of()
        if status == -signal.SIGABRT:
            return QueryOutOfMemory(self._memory_message())
        if status == -signal.SIGSEGV:
            return QueryError("query failed: it crashed the query worker (it has been replaced); simplify it")
        return WorkersBusy(f"the query worker was stopped from outside ({err}); it has been replaced: try again")

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            if self._pid != os.getpid():
                return
            for worker in self._all:
                worker.kill()
            self._all = []
            self._pid = None
            if self._zygote is not None and self._zygote.owner == os.getpid():
                self._zygote.stop()
                self._zygote = None
