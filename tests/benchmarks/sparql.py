"""SPARQL latency and throughput: the project's endpoint against pyoxigraph called directly
(the limit) and against rdflib-endpoint serving the same N-Quads (the peer a researcher
would otherwise start). Every server runs on 127.0.0.1 and is stopped at the end.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import psutil
import requests

from graph.endpoint.example_queries import load_examples
from graph.namespaces import sparql_prologue

__all__ = [
    "Server",
    "direct_runner",
    "example_queries",
    "free_port",
    "http_latency",
    "paired_latency",
    "percentile",
    "project_server",
    "rdflib_endpoint_server",
    "throughput",
]

JSON_RESULTS = "application/sparql-results+json"
TURTLE = "text/turtle"
BIN = Path(sys.executable).parent


def example_queries() -> dict[str, str]:
    """The endpoint's example queries (``graph/endpoint/examples/*.rq``), each with the project's PREFIXes
    written out, so that a server that does not know them (rdflib-endpoint) can run them too."""
    return {example.name: sparql_prologue() + example.text for example in load_examples()}


def accept_for(query: str) -> str:
    """SPARQL JSON results for SELECT and ASK, Turtle for CONSTRUCT and DESCRIBE."""
    body = re.sub(r"(?m)^\s*(#|PREFIX).*$", "", query)
    return TURTLE if re.search(r"\b(CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE) else JSON_RESULTS


def percentile(values: list[float], q: float) -> float:
    """The ``q`` percentile (0-100) of ``values``, by linear interpolation."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A server process on loopback and its SPARQL URL."""

    name: str
    url: str
    process: subprocess.Popen
    started_s: float = 0.0

    def rss_mb(self) -> float:
        """Resident memory of the server and all its child processes (workers), in MB."""
        try:
            root = psutil.Process(self.process.pid)
            procs = [root, *root.children(recursive=True)]
            return round(sum(p.memory_info().rss for p in procs) / 2**20, 1)
        except psutil.NoSuchProcess:
            return 0.0


def _wait(url: str, process: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: server exited ({process.returncode}): {log.read_text()[-2000:]}")
        try:
            answer = requests.post(url, data={"query": "ASK {}"}, headers={"Accept": JSON_RESULTS}, timeout=5)
            if answer.status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url}: not ready after {timeout:.0f} s: {log.read_text()[-2000:]}")


@contextmanager
def _serve(
    name: str, command: list[str], url: str, log: Path, env: dict[str, str] | None = None, timeout: float = 900.0
) -> Iterator[Server]:
    with log.open("wb") as out:
        clock = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}, start_new_session=True
        )
        try:
            _wait(url, process, timeout, log)
            yield Server(name, url, process, round(time.perf_counter() - clock, 2))
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def rdflib_endpoint_server(nquads: Path, log: Path) -> Iterator[Server]:
    """``rdflib-endpoint serve DUMP`` on a free loopback port, as a researcher would start it."""
    port = free_port()
    command = [str(BIN / "rdflib-endpoint"), "serve", str(nquads), "--host", "127.0.0.1", "--port", str(port)]
    with _serve("rdflib-endpoint", command, f"http://127.0.0.1:{port}/", log) as server:
        yield server


@contextmanager
def project_server(build_dir: Path, log: Path, workers: int = 1, threads: int = 8) -> Iterator[Server]:
    """The project's dashboard with its SPARQL endpoint under gunicorn, on a free loopback port, as
    the README deploys it (``--preload``: the workers share one read of the build and one query zygote)."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "--preload",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "300",
        "--bind",
        f"127.0.0.1:{port}",
        "dashboards.wsgi:server",
    ]
    env = {"ITUD_ALIGN_BUILD_DIR": str(build_dir), "ITUD_ALIGN_STORE": "oxigraph-memory"}
    with _serve("itud-align", command, f"http://127.0.0.1:{port}/sparql", log, env) as server:
        yield server


def _timings(times: list[float]) -> dict[str, Any]:
    return {
        "median_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(percentile(times, 95) * 1000, 2),
        "reps": len(times),
    }


def _reps(first_s: float, budget_s: float, max_reps: int) -> int:
    """A query slower than ten budgets is timed once more (its warm-up says as much); others 3 to max_reps times."""
    return 1 if first_s > 10 * budget_s else max(3, min(max_reps, int(budget_s / max(first_s, 1e-3))))


class _HttpQuery:
    """One query posted to a SPARQL endpoint (form POST; JSON or Turtle) over one kept-alive
    connection, timed; remembers the size of the answer and whether the endpoint cut it.

    Plain ``http.client``, not requests: the direct baseline has no client at all, and requests
    adds about 1 ms a call, the same for every server, that is no server's latency."""

    def __init__(self, url: str, query: str, timeout: float = 600.0) -> None:
        parts = urlsplit(url)
        self.path = parts.path
        self.connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
        self.body = urlencode({"query": query})
        self.headers = {"Accept": accept_for(query), "Content-Type": "application/x-www-form-urlencoded"}
        self.seen: dict[str, Any] = {}

    def _send(self) -> http.client.HTTPResponse:
        self.connection.request("POST", self.path, body=self.body, headers=self.headers)
        return self.connection.getresponse()

    def __call__(self) -> float:
        clock = time.perf_counter()
        try:
            answer = self._send()
        except (http.client.RemoteDisconnected, ConnectionError):  # the server closed an idle keep-alive
            self.connection.close()
            clock = time.perf_counter()
            answer = self._send()
        content = answer.read()
        seconds = time.perf_counter() - clock
        if answer.status != 200:
            raise RuntimeError(f"{self.path}: HTTP {answer.status}: {content[:300]!r}")
        self.seen["bytes"] = len(content)
        self.seen["truncated"] = (answer.getheader("X-SPARQL-Truncated") or "false").lower() == "true"
        return seconds

    def close(self) -> None:
        self.connection.close()


def http_latency(url: str, query: str, budget_s: float = 3.0, max_reps: int = 20) -> dict[str, Any]:
    """Latency of one query over HTTP: one warm-up, then repeats within a budget."""
    once = _HttpQuery(url, query)
    reps = _reps(once(), budget_s, max_reps)
    times = [once() for _ in range(reps)]
    once.close()
    return {**_timings(times), **once.seen}


def direct_runner(build_dir: Path) -> Callable[[str], float]:
    """The limit for the endpoint: a query run in-process on the store the endpoint serves (the
    build loaded into an in-memory pyoxigraph), results serialised as the endpoint does by default
    (SPARQL JSON, Turtle); returns the seconds it took."""
    import pyoxigraph as ox

    from graph.buildfolder import dump_path
    from graph.endpoint.pool import TURTLE_PREFIXES
    from graph.namespaces import SPARQL_PREFIXES
    from graph.stores import OxigraphStore

    store = OxigraphStore.load(dump_path(build_dir)).store

    def once(query: str) -> float:
        clock = time.perf_counter()
        result = store.query(query, use_default_graph_as_union=True, prefixes=SPARQL_PREFIXES)
        if isinstance(result, ox.QueryTriples):
            ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
        else:
            result.serialize(format=ox.QueryResultsFormat.JSON)
        return time.perf_counter() - clock

    return once


def paired_latency(
    url: str, query: str, direct: Callable[[str], float], budget_s: float = 3.0, max_reps: int = 20
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Latency of one query through the endpoint at ``url`` and directly (``direct``), timed in
    alternation after one warm-up each, so that both see the same load of a shared machine.
    Returns (endpoint figures, direct figures)."""
    over_http = _HttpQuery(url, query)
    first = max(over_http(), direct(query))
    reps = _reps(first, budget_s / 2, max_reps)
    http_times, direct_times = [], []
    for _ in range(reps):
        http_times.append(over_http())
        direct_times.append(direct(query))
    over_http.close()
    return {**_timings(http_times), **over_http.seen}, _timings(direct_times)


def throughput(
    url: str, queries: list[str], clients: int = 4, rounds: int = 1, timeout: float = 600.0
) -> dict[str, Any]:
    """Queries per second when ``clients`` threads each run every query ``rounds`` times."""
    errors: list[str] = []
    done = [0]
    lock = threading.Lock()

    def client(offset: int) -> None:
        session = requests.Session()
        order = queries[offset % len(queries) :] + queries[: offset % len(queries)]
        for _ in range(rounds):
            for query in order:
                try:
                    answer = session.post(
                        url, data={"query": query}, headers={"Accept": accept_for(query)}, timeout=timeout
                    )
                    answer.raise_for_status()
                    with lock:
                        done[0] += 1
                except requests.RequestException as err:
                    with lock:
                        errors.append(str(err)[:200])
        session.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    clock = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - clock
    return {
        "queries_per_s": round(done[0] / seconds, 2),
        "queries": done[0],
        "errors": len(errors),
        "clients": clients,
        "seconds": round(seconds, 2),
    }
