"""A real HTTP server on 127.0.0.1 running the SPARQL endpoint over the bundled build."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flask
import pytest
import requests
from werkzeug.serving import make_server

from graph.endpoint.mount import register_endpoint
from graph.endpoint.pool import QueryPool
from graph.endpoint.protocol import endpoint_state
from graph.settings import EndpointLimits

TIME_LIMIT = 2.0
BASE_URL = "https://itud.example.org"  # not the test server's address: the endpoint must say this one


@dataclass
class Server:
    """A running endpoint: its base URL and its query pool."""

    url: str
    pool: QueryPool

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


def serve(build: Path, **options: Any) -> Iterator[Server]:
    """Run a Flask app with the endpoint on a free loopback port until the generator closes."""
    app = flask.Flask("endpoint-test")
    register_endpoint(app, build, limits=EndpointLimits(**options))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pool = endpoint_state(app).pool
    try:
        yield Server(f"http://127.0.0.1:{server.server_port}", pool)
    finally:
        server.shutdown()
        pool.close()


@contextlib.contextmanager
def gunicorn_deployment(build: Path, log: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``gunicorn OPTIONS dashboards.wsgi:server`` over ``build`` on a free loopback port, once it
    answers a quick ASK: its base URL and its master process; stopped on exit."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "ITUD_ALIGN_BUILD_DIR": str(build)}
    command = [str(Path(sys.executable).parent / "gunicorn"), *options, "-b", f"127.0.0.1:{port}"]
    with log.open("wb") as out:
        process = subprocess.Popen([*command, "dashboards.wsgi:server"], stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    break
            assert process.poll() is None, log.read_text()[-2000:]
            time.sleep(0.5)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def endpoint(bundled_build: Path) -> Iterator[Server]:
    """The endpoint over the bundled build, with a 2 s time limit."""
    yield from serve(bundled_build, query_timeout=TIME_LIMIT, base_url=BASE_URL)


@pytest.fixture(scope="session")
def small_endpoint(bundled_build: Path) -> Iterator[Server]:
    """The endpoint with a row limit of 5, to see results cut."""
    yield from serve(bundled_build, query_timeout=TIME_LIMIT, row_limit=5)


class Listener:
    """A TCP socket on loopback that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A loopback listener that must receive no connection."""
    lst = Listener()
    yield lst
    lst.close()
