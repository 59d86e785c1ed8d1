"""The production WSGI server behind ``itud-align serve``: gunicorn, one process, threads.

One worker process holds the dashboard's data and the endpoint's query pool (whose own
processes, forked from one query zygote, evaluate SPARQL); for several workers, the README's
``gunicorn -w 4 --preload`` shares the data and the zygote between them.
Threads answer requests side by side. gunicorn reads a request body only when the app asks
for it, so a body the endpoint refuses (413) is not read: at most 64 kB are drained before
the connection closes. SIGTERM stops it gracefully (requests in flight finish), Ctrl-C
(SIGINT) at once; either way the query pool's processes are stopped as the worker exits.
"""

from __future__ import annotations

import signal
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

__all__ = ["GRACEFUL_SECONDS", "run"]

GRACEFUL_SECONDS = 10  # how long SIGTERM waits for requests in flight
# longer than the endpoint's 30 s query time limit, so a slow query gets its 503, not a killed worker
_WORKER_TIMEOUT = 120


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn serving an app built in this process (so build errors surface in the CLI)."""

    def __init__(self, server: Flask, options: dict[str, Any]) -> None:
        self.server = server
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.server


def _quit_once(worker: Any) -> None:
    """Ctrl-C reaches the worker twice (from the terminal and from the master): the first one
    stops it; later ones must not interrupt the query pool's shutdown."""
    del worker
    for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGTERM):
        signal.signal(sig, _ignore)


def _ignore(signum: int, frame: object) -> None:
    """A handler that does nothing (not SIG_IGN: a signal already pending would then raise)."""


def run(server: Flask, host: str, port: int, threads: int = 8) -> None:
    """Serve ``server`` on ``host:port`` until SIGTERM or Ctrl-C."""
    _Gunicorn(
        server,
        {
            "bind": f"{host}:{port}",
            "workers": 1,
            "worker_class": "gthread",
            "threads": threads,
            "timeout": _WORKER_TIMEOUT,
            "graceful_timeout": GRACEFUL_SECONDS,
            "loglevel": "warning",
            "proc_name": "itud-align",
            "control_socket_disable": True,
            "worker_int": _quit_once,  # gunicorn 27 would open ~/.gunicorn/gunicorn.ctl, shared by every server
        },
    ).run()
