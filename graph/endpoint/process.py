"""The pool's side of the query processes: the zygote that holds the store (start it, reach it
from any process forked after), and each worker it forks (wait until it is ready, kill it, see
how it died). The processes themselves are :mod:`graph.endpoint.zygote` and
:mod:`graph.endpoint.worker`."""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.buildfolder import dump_path, store_path
from graph.endpoint.channel import Channel
from graph.endpoint.zygote import receive, send
from graph.errors import StoreError
from graph.namespaces import SPARQL_PREFIXES
from graph.stores import dump_of

__all__ = ["TURTLE_PREFIXES", "WorkerProcess", "Zygote", "worker_source"]

# a worker at rest that holds more memory of its own than this is stale: a fresh fork replaces it
REFRESH_PRIVATE_MB = 8

# prefixes that shorten Turtle output; not ``id:``, whose locals hold slashes Turtle must escape
TURTLE_PREFIXES = {p: ns for p, ns in SPARQL_PREFIXES.items() if p != "id"}


class Zygote:
    """The process that loads the store once and forks the query workers (see
    :mod:`graph.endpoint.zygote`). Started in one process, it serves that process and every
    process forked from it later, each through a channel of its own."""

    def __init__(self, source: tuple[Any, ...]) -> None:
        door, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.endpoint.zygote", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.PIPE,
            # pyoxigraph's messages go to the pools instead, in one line
            stderr=subprocess.DEVNULL,
        )
        theirs.close()
        assert self.process.stdin is not None
        with contextlib.suppress(OSError), self.process.stdin as config:  # a zygote that died: ready() says so
            pickle.dump((source, SPARQL_PREFIXES, TURTLE_PREFIXES), config)
        self.door = door
        self.where = str(source[1])
        self.owner = os.getpid()
        self.graphs: list[str] = []
        self._channel: socket.socket | None = None
        self._channel_pid: int | None = None
        self._lock = threading.Lock()
        atexit.register(self.stop)
        forked = weakref.WeakMethod(self._forked)
        os.register_at_fork(after_in_child=lambda: (method := forked()) and method())

    def _forked(self) -> None:
        """In a child process: its own lock and, on first use, its own channel."""
        self._lock = threading.Lock()
        self._channel = None

    def _reach(self, timeout: float) -> socket.socket:
        """This process's channel to the zygote, opened (and the store awaited) on first use."""
        if self._channel is not None:
            return self._channel
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            send(self.door, "channel", [theirs.fileno()])
            theirs.close()
            if not select.select([ours], [], [], timeout)[0]:
                raise StoreError(f"{self.where}: the query zygote did not open the store within {timeout:g} s")
            hello, _ = receive(ours)
        except OSError as err:
            hello = ("failed", f"the query zygote is gone: {err}")
        if not hello or hello[0] != "ready":
            ours.close()
            raise StoreError(
                f"{self.where}: could not open the store for queries ({hello[1] if hello else 'no answer'})",
                fix="run 'itud-align build' first",
            )
        self.graphs = hello[1]
        self._channel = ours
        return ours

    def _ask(self, message: tuple[Any, ...], timeout: float) -> tuple[Any, list[int]]:
        with self._lock:
            channel = self._reach(timeout)
            try:
                send(channel, message)
                answer, fds = receive(channel)
            except OSError:
                answer, fds = None, []
            if answer is None:
                self._channel = None
                raise StoreError(f"{self.where}: the query zygote is gone")
            return answer, fds

    def open(self, timeout: float) -> list[str]:
        """Wait until the zygote holds the store; the IRIs of its named graphs."""
        with self._lock:
            self._reach(timeout)
        return self.graphs

    def spawn(self, memory_mb: int, timeout: float) -> WorkerProcess:
        """A worker forked from the zygote, its address space capped at ``memory_mb``;
        :meth:`WorkerProcess.wait_ready` waits until it has installed its limits."""
        (_, pid), fds = self._ask(("spawn", memory_mb), timeout)
        return WorkerProcess(self, pid, socket.socket(fileno=fds[0]), fds[1])

    def exit_status(self, pid: int) -> int | None:
        """How worker ``pid`` ended (negative: the signal), None if not known."""
        try:
            (_, status), _ = self._ask(("status", pid), 5.0)
        except StoreError:
            return None
        return int(status) if status is not None else None

    def stop(self) -> None:
        """Stop the zygote, from the process that started it (its workers stop with their pools)."""
        if self.owner != os.getpid():
            return
        self.door.close()
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class ForkedProcess:
    """A worker process known by its pidfd (it is the zygote's child, not ours)."""

    def __init__(self, zygote: Zygote, pid: int, pidfd: int) -> None:
        self.zygote = zygote
        self.pid = pid
        self.pidfd = pidfd
        self.returncode: int | None = None
        self._lock = threading.Lock()

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait up to ``timeout`` seconds for it to end; its exit status, or None if it runs on."""
        with self._lock:
            if self.returncode is None:
                if not select.select([self.pidfd], [], [], timeout)[0]:
                    return None
                os.close(self.pidfd)
                status = self.zygote.exit_status(self.pid)
                self.returncode = status if status is not None else -signal.SIGKILL
            return self.returncode

    def poll(self) -> int | None:
        return self.wait(0)

    def private_mb(self) -> float:
        """Memory written by this process alone, in MB (its copies of shared pages included)."""
        try:
            with open(f"/proc/{self.pid}/smaps_rollup", encoding="ascii") as rollup:
                return sum(int(line.split()[1]) for line in rollup if line.startswith("Private_Dirty:")) / 1024
        except (OSError, ValueError, IndexError):
            return 0.0

    def kill(self) -> None:
        with self._lock:
            if self.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)


class WorkerProcess:
    """One worker process and the connection to it."""

    def __init__(self, zygote: Zygote, pid: int, conn: socket.socket, pidfd: int) -> None:
        self.process = ForkedProcess(zygote, pid, pidfd)
        self.conn = Channel(conn)
        self.where = zygote.where
        self.graphs: list[str] = []
        self.sandboxed = False
        self.lowered = False  # its CPU priority was lowered for a long query
        self.served = 0  # queries answered since it was forked
        self.rested_from = 0.0  # time.monotonic() at the end of its last query

    def wait_ready(self, timeout: float) -> WorkerProcess:
        """Wait until the worker has installed its limits; kill it and raise StoreError if it fails."""
        try:
            if not self.conn.poll(timeout):
                raise StoreError(f"{self.where}: query worker did not start within {timeout:g} s")
            (_, self.graphs, self.sandboxed), _ = self.conn.receive()
        except (EOFError, OSError) as err:
            self.kill()
            raise StoreError(
                f"{self.where}: query worker failed to open the store ({err}); is "
                "ITUD_ALIGN_QUERY_MEMORY_MB above the size of the build in memory?",
                fix="run 'itud-align build' first",
            ) from err
        except StoreError:
            self.kill()
            raise
        return self

    def stale(self, rest: float) -> bool:
        """Whether it has rested ``rest`` seconds since a query and holds more than
        :data:`REFRESH_PRIVATE_MB` of its own: a query writes to the pages of the store it
        reads, which copies them from the zygote into this worker."""
        rested = self.served > 0 and time.monotonic() - self.rested_from >= rest
        return rested and self.process.private_mb() >= REFRESH_PRIVATE_MB

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.conn.close()

    def died_of(self) -> int | None:
        """The exit status of a worker whose connection broke (negative: the signal)."""
        return self.process.wait(timeout=2)


def worker_source(build_dir: Path, in_memory: bool) -> tuple[Any, ...]:
    """What a worker opens for the build at ``build_dir`` (see :mod:`graph.endpoint.worker`)."""
    if not in_memory:
        store = store_path(build_dir)
        if not store.is_dir():
            raise StoreError(f"{store}: no Oxigraph store", fix="run 'itud-align build' first")
        return ("disk", str(store))
    dump, build_graph = dump_of(dump_path(build_dir))
    return ("memory", str(dump), ox.serialize(build_graph, format=ox.RdfFormat.N_QUADS))
