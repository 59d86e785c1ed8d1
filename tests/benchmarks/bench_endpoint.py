"""Latency of the example queries through the SPARQL endpoint against pyoxigraph called directly.

Four ways to answer each example query (``graph/endpoint/examples/*.rq``), measured in the same
run, interleaved, on the same build:

- ``direct``: ``pyoxigraph.Store.query`` in this process, on the build loaded into memory
  (the store the endpoint serves by default), results serialized to the bytes
  the endpoint sends (SPARQL JSON for SELECT/ASK, Turtle for CONSTRUCT): the limit;
- ``pool``: :func:`graph.endpoint.protocol.run_sparql` (query guard, worker process, pipe), no HTTP;
- ``http``: ``GET /sparql`` on Flask's development server (werkzeug, threaded, keep-alive)
  on 127.0.0.1, with ``http.client``: the whole endpoint as a client sees it;
- ``gunicorn``: the same through the production entry (``gunicorn dashboards.wsgi:server``,
  one gthread worker), which also serves the dashboard.

The servers' floor is an ``OPTIONS /sparql`` request (no query runs), timed back to back
and again after 10 ms of idle each time: a server left idle as long as a query takes
answers later (its threads, and the CPUs they sleep on, have to wake up again).

Run (outside the default test run)::

    .venv/bin/python tests/benchmarks/bench_endpoint.py [--build build] [--repeat 30] [--json out.json]

Without ``--build`` it builds the bundled data into a temporary folder first.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import flask
import pyoxigraph as ox
from werkzeug.serving import WSGIRequestHandler, make_server

from graph.build import build_dataset
from graph.buildfolder import dump_path
from graph.endpoint.example_queries import load_examples
from graph.endpoint.mount import register_endpoint
from graph.endpoint.pool import TURTLE_PREFIXES
from graph.endpoint.protocol import endpoint_state, run_sparql
from graph.load import load_data
from graph.namespaces import SPARQL_PREFIXES
from graph.settings import EndpointLimits
from graph.snapshot import write_build
from graph.stores import OxigraphStore

REPO = Path(__file__).resolve().parents[2]
# a server that has idled this long answers its next request later (its threads and the CPU
# they sleep on wake up again); the example queries leave it idle about as long
IDLE_S = 0.01


def _direct(store: ox.Store, text: str) -> Callable[[], bytes]:
    def run() -> bytes:
        result = store.query(text, prefixes=SPARQL_PREFIXES, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES) or b""
        return result.serialize(format=ox.QueryResultsFormat.JSON) or b""

    return run


def _http(port: int) -> tuple[http.client.HTTPConnection, Callable[[str, str], bytes]]:
    client = http.client.HTTPConnection("127.0.0.1", port)

    def send(text: str, accept: str) -> http.client.HTTPResponse:
        if accept == "OPTIONS":  # the server's floor: a request that runs no query
            client.request("OPTIONS", "/sparql")
        else:
            client.request("GET", "/sparql?" + urlencode({"query": text}), headers={"Accept": accept})
        return client.getresponse()

    def get(text: str, accept: str) -> bytes:
        try:
            response = send(text, accept)
        except (http.client.RemoteDisconnected, ConnectionError):  # the server closed an idle keep-alive
            client.close()
            response = send(text, accept)
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{response.status}: {body[:200]!r}")
        return body

    return client, get


def _gunicorn(build: Path) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "ITUD_ALIGN_BUILD_DIR": str(build), "ITUD_ALIGN_DATA": str(REPO / "data")}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "dashboards.wsgi:server",
            "--workers",
            "1",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start within 60 s")


def _median_ms(fn: Callable[[], object], repeat: int, idle_s: float = 0.0) -> list[float]:
    """Milliseconds of ``repeat`` calls of ``fn``, each after ``idle_s`` seconds of sleep (untimed)."""
    times = []
    for _ in range(repeat):
        if idle_s:
            time.sleep(idle_s)
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def bench(build: Path, repeat: int) -> list[dict[str, object]]:
    """Median milliseconds per example query for direct, pool and http; see the module docstring."""
    app = flask.Flask("bench-endpoint")
    register_endpoint(
        app, build, limits=EndpointLimits(query_timeout=60.0, row_limit=1_000_000, max_query_length=10_000_000)
    )
    WSGIRequestHandler.protocol_version = "HTTP/1.1"  # keep-alive, as a real client would use
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log: it would be timed too
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pool = endpoint_state(app).pool
    store = OxigraphStore.load(dump_path(build)).store  # the store the endpoint serves by default
    client, get = _http(server.server_port)
    gunicorn, gunicorn_port = _gunicorn(build)
    production, get_production = _http(gunicorn_port)
    rows = []
    try:
        floors = {"http": lambda: get("", "OPTIONS"), "gunicorn": lambda: get_production("", "OPTIONS")}
        for fn in floors.values():
            fn()
        for label, idle_s in (("(server floor)", 0.0), (f"(server floor, {IDLE_S * 1000:g} ms idle first)", IDLE_S)):
            rows.append(
                {
                    "query": label,
                    "bytes": 0,
                    "direct": 0.0,
                    "pool": 0.0,
                    **{k: statistics.median(_median_ms(fn, 5 * repeat, idle_s)) for k, fn in floors.items()},
                }
            )
        for example in load_examples():
            direct = _direct(store, example.text)
            accept = "text/turtle" if "CONSTRUCT" in example.text else "application/sparql-results+json"

            def through_pool(text: str = example.text) -> bytes:
                return run_sparql(pool, text).result.body

            def through_http(text: str = example.text, accept: str = accept) -> bytes:
                return get(text, accept)

            def through_gunicorn(text: str = example.text, accept: str = accept) -> bytes:
                return get_production(text, accept)

            ways = {"direct": direct, "pool": through_pool, "http": through_http, "gunicorn": through_gunicorn}
            for fn in ways.values():  # warm caches and both workers of each pool
                fn()
                fn()
            samples: dict[str, list[float]] = {name: [] for name in ways}
            for _ in range(repeat):  # interleaved, so drift hits all alike
                for name, fn in ways.items():
                    samples[name] += _median_ms(fn, 1)
            medians = {k: statistics.median(v) for k, v in samples.items()}
            rows.append(
                {
                    "query": example.name,
                    "bytes": len(direct()),
                    **medians,
                    **{f"{k}_ratio": medians[k] / medians["direct"] for k in ways if k != "direct"},
                }
            )
    finally:
        client.close()
        production.close()
        gunicorn.terminate()
        gunicorn.wait()
        server.shutdown()
        pool.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, help="a build folder (default: build data/ afresh)")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build = args.build
        if build is None:
            build = Path(tmp) / "build"
            write_build(build_dataset(load_data(REPO / "data")), build)
        rows = bench(build, args.repeat)
    ways = ("direct", "pool", "http", "gunicorn")
    print(
        f"{'query':42} {'bytes':>7} "
        + " ".join(f"{w + ' ms':>11}" for w in ways)
        + " "
        + " ".join(f"{w + '/direct':>15}" for w in ways[1:])
    )
    floors, rows = rows[:2], rows[2:]
    for r in rows:
        print(
            f"{r['query']:42} {r['bytes']:>7} "
            + " ".join(f"{r[w]:>11.2f}" for w in ways)
            + " "
            + " ".join(f"{r[w + '_ratio']:>15.2f}" for w in ways[1:])
        )
    for floor in floors:
        label = floor["query"] + ": OPTIONS"
        print(f"{label:42} {'':>7} {'':>11} {'':>11} {floor['http']:>11.2f} {floor['gunicorn']:>11.2f}")
    total = {w: sum(float(r[w]) for r in rows) for w in ways}  # type: ignore[arg-type]
    print(f"\nall {len(rows)} queries, sum of medians: " + ", ".join(f"{w} {total[w]:.1f} ms" for w in ways))
    for w in ways[1:]:
        ratios = [float(r[w + "_ratio"]) for r in rows]  # type: ignore[arg-type]
        print(
            f"{w:>9}/direct: on the sum {total[w] / total['direct']:.2f}, median per query "
            f"{statistics.median(ratios):.2f}, geometric mean {statistics.geometric_mean(ratios):.2f}"
        )
    if args.json:
        args.json.write_text(
            json.dumps({"repeat": args.repeat, "queries": rows, "totals_ms": total, "floors_ms": floors}, indent=2)
            + "\n"
        )


if __name__ == "__main__":
    main()
