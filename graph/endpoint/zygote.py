"""The query zygote: one process that loads the build's store once and forks the query workers.

A worker forked from here shares the store's pages with the zygote and with every other
worker (copy on write) instead of loading its own copy; it then installs its own network
sandbox and memory limit (:func:`graph.endpoint.worker.serve`). The zygote is single-threaded
and runs no query, so forking it is safe; it imports nothing but pyoxigraph and the
standard library.

It is started by a query pool (:class:`graph.endpoint.process.Zygote`) with a *door*: a
``SOCK_SEQPACKET`` socket whose other end every process forked from the starter after that
inherits (gunicorn ``--preload``'s workers). Through the door a process hands the zygote one
end of a private *channel*; on it the zygote says ``("ready", graph_iris)`` (or ``("failed",
message)``) once the store is loaded, then answers ``("spawn", memory_mb)`` with ``("spawned",
pid)`` plus the worker's socket and a pidfd, and ``("status", pid)`` with the worker's exit
status (negative: the signal), or None if it is still running. The source comes on standard
input, pickled: ``(source, query_prefixes, turtle_prefixes)``. Once no process holds the door
any more, the zygote exits.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import signal
import socket
import sys
import time
from typing import Any

import pyoxigraph as ox

from graph.endpoint.worker import QUERY_NICENESS, named_graphs, open_source, serve

__all__ = ["receive", "send"]

# big enough that most answers cross in one write (see graph.endpoint.process)
SOCKET_BUFFER_BYTES = 4 << 20
_MESSAGE_BYTES = 1 << 16
_STATUSES_KEPT = 1024


def send(sock: socket.socket, message: Any, fds: list[int] | tuple[int, ...] = ()) -> None:
    """Send one pickled ``message`` (and file descriptors) as one record."""
    socket.send_fds(sock, [pickle.dumps(message)], list(fds))


def receive(sock: socket.socket) -> tuple[Any, list[int]]:
    """One record: the message (None at end of input) and the file descriptors it carried."""
    data, fds, _flags, _address = socket.recv_fds(sock, _MESSAGE_BYTES, 4)
    return (pickle.loads(data) if data else None), fds


def worker_pair() -> tuple[socket.socket, socket.socket]:
    """A connected pair of stream sockets with big buffers: the pool's end and the worker's."""
    ours, theirs = socket.socketpair()
    for end in (ours, theirs):
        end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SOCKET_BUFFER_BYTES)
        end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SOCKET_BUFFER_BYTES)
    return ours, theirs


class _Zygote:
    def __init__(self, door: socket.socket, config: tuple[Any, ...]) -> None:
        self.door = door
        self.source, self.prefixes, self.turtle_prefixes = config
        self.store: ox.Store | None = None
        self.channels: list[socket.socket] = []
        self.statuses: dict[int, int] = {}
        try:
            store = open_source(self.source)
            self.hello: tuple[Any, ...] = ("ready", named_graphs(store))
            # an on-disk store is opened by each worker: RocksDB's threads must not be forked
            self.store = store if self.source[0] == "memory" else None
        except Exception as err:  # any failure to open the build is said to every pool that asks
            self.hello = ("failed", f"{type(err).__name__}: {' '.join(str(err).split())}")

    def spawn(self, channel: socket.socket, memory_mb: int) -> None:
        ours, theirs = worker_pair()
        pid = os.fork()
        if pid == 0:  # the worker: keep only its own socket
            try:
                for sock in (ours, self.door, *self.channels):
                    sock.close()
                serve(theirs.detach(), self.store, self.source, self.prefixes, self.turtle_prefixes, memory_mb)
            finally:
                os._exit(0)
        theirs.close()
        pidfd = os.pidfd_open(pid)
        try:
            send(channel, ("spawned", pid), [ours.fileno(), pidfd])
        finally:
            ours.close()
            os.close(pidfd)

    def reap(self) -> None:
        with contextlib.suppress(ChildProcessError):
            while True:
                pid, status = os.waitpid(-1, os.WNOHANG)
                if pid == 0:
                    return
                self.statuses[pid] = os.waitstatus_to_exitcode(status)
                while len(self.statuses) > _STATUSES_KEPT:
                    self.statuses.pop(next(iter(self.statuses)))

    def status(self, pid: int) -> int | None:
        """The exit status of worker ``pid``, waiting up to 2 s for it to end."""
        deadline = time.monotonic() + 2.0
        while pid not in self.statuses and time.monotonic() < deadline:
            time.sleep(0.01)
            self.reap()
        return self.statuses.pop(pid, None)

    def answer(self, channel: socket.socket, message: tuple[Any, ...]) -> None:
        if message[0] == "spawn":
            self.spawn(channel, int(message[1]))
        elif message[0] == "status":
            send(channel, ("status", self.status(int(message[1]))))

    def run(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self.door, selectors.EVENT_READ)
        while True:
            for key, _ in selector.select(timeout=1.0):
                sock: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    message, fds = receive(sock)
                except OSError:
                    message, fds = None, []
                if sock is self.door:
                    if message is None:  # nobody can reach the zygote any more
                        return
                    channel = socket.socket(fileno=fds[0])
                    self.channels.append(channel)
                    selector.register(channel, selectors.EVENT_READ)
                    with contextlib.suppress(OSError):
                        send(channel, self.hello)
                elif message is None:  # that process is gone (its workers see their own sockets close)
                    selector.unregister(sock)
                    self.channels.remove(sock)
                    sock.close()
                else:
                    with contextlib.suppress(OSError):
                        self.answer(sock, message)
            self.reap()


def main(door_fd: int) -> None:
    """Load the store named on standard input, then serve the door on ``door_fd``."""
    # Ctrl-C in a terminal reaches the whole process group: the pools stop their workers themselves
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # queries yield the CPU to the web process's page loads (a long one yields more: the pool)
    os.nice(QUERY_NICENESS)
    with contextlib.suppress(ImportError, OSError):  # once here rather than in every worker
        import pyseccomp  # noqa: F401
    config = pickle.load(sys.stdin.buffer)
    door = socket.socket(fileno=door_fd)
    _Zygote(door, config).run()


if __name__ == "__main__":
    main(int(sys.argv[1]))
