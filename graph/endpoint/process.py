"""The pool's side of one query worker process: start it, hand it the build, wait until it
is ready, see how it died (the process itself is :mod:`graph.endpoint.worker`)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.buildfolder import dump_path, store_path
from graph.errors import StoreError
from graph.namespaces import SPARQL_PREFIXES
from graph.stores import dump_of

__all__ = ["TURTLE_PREFIXES", "WorkerProcess", "worker_source"]

# prefixes that shorten Turtle output; not ``id:``, whose locals hold slashes Turtle must escape
TURTLE_PREFIXES = {p: ns for p, ns in SPARQL_PREFIXES.items() if p != "id"}

# big enough that most answers cross in one write: with the default (about 200 kB) a
# 500 kB answer crosses in rounds, the two processes waking each other, in twice the time
SOCKET_BUFFER_BYTES = 4 << 20


class WorkerProcess:
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

    def wait_ready(self, timeout: float) -> WorkerProcess:
        """Wait until the worker has opened its store; kill it and raise StoreError if it fails."""
        try:
            if not self.conn.poll(timeout):
                raise StoreError(f"{self.where}: query worker did not open the store within {timeout:g} s")
            _, self.graphs, self.sandboxed = self.conn.recv()
        except (EOFError, OSError) as err:
            self.kill()
            raise StoreError(
                f"{self.where}: query worker failed to open the store ({err})", fix="run 'itud-align build' first"
            ) from err
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


def worker_source(build_dir: Path, in_memory: bool) -> tuple[Any, ...]:
    """What a worker opens for the build at ``build_dir`` (see :mod:`graph.endpoint.worker`)."""
    if not in_memory:
        store = store_path(build_dir)
        if not store.is_dir():
            raise StoreError(f"{store}: no Oxigraph store", fix="run 'itud-align build' first")
        return ("disk", str(store))
    dump, build_graph = dump_of(dump_path(build_dir))
    return ("memory", str(dump), ox.serialize(build_graph, format=ox.RdfFormat.N_QUADS))
