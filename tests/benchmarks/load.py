"""A bounded load test: many concurrent clients against the SPARQL endpoint and the dashboard.

The server (``gunicorn dashboards.wsgi:server``, which serves both) listens on 127.0.0.1
only; the clients stop by themselves after ``--seconds`` and every request has a timeout,
so the test cannot run away. ``--runaways`` of the clients loop a query that never ends
on its own (the endpoint must stop each one, 503, without slowing the others); of the
rest, half run the example SPARQL queries and half load dashboard pages the way the
browser does (every initial callback). The result: requests, errors, latency percentiles
per kind, the dashboard callbacks slowest at their 95th percentile (page and outputs), the
server's memory (all its processes) before, at its peak and after.

Usage::

    .venv/bin/python -m tests.benchmarks.load --clients 50 --runaways 4 --seconds 60 --workers 4 \\
        --out tests/benchmarks/results/load.json

Without ``--build`` it builds the bundled data into a temporary folder first.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

from tests.benchmarks.dash_http import CallbackTiming, http_post, load_page, read_plan
from tests.benchmarks.sparql import accept_for, example_queries, percentile, project_server

REPO = Path(__file__).resolve().parents[2]
REQUEST_TIMEOUT = 60.0
# every triple against every triple, three times over: far past any time limit
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _summary(samples: list[tuple[float, bool]]) -> dict[str, Any]:
    ms = [m for m, _ok in samples]
    if not ms:
        return {"requests": 0, "errors": 0}
    return {
        "requests": len(ms),
        "errors": sum(not ok for _m, ok in samples),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1),
    }


def _slowest(by_callback: dict[str, list[float]], n: int = 5) -> list[dict[str, Any]]:
    """The ``n`` callbacks (page and outputs) with the highest p95."""
    ranked = sorted(by_callback.items(), key=lambda item: -percentile(item[1], 95))[:n]
    return [
        {
            "callback": name,
            "requests": len(ms),
            "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1),
        }
        for name, ms in ranked
    ]


def run_load(
    build: Path, clients: int, seconds: float, workers: int, threads: int, log: Path, runaways: int = 0
) -> dict[str, Any]:
    """Start the server, warm it up, run ``clients`` clients (``runaways`` of them looping a
    runaway query) for ``seconds``, stop everything."""
    queries = list(example_queries().values())
    samples: dict[str, list[tuple[float, bool]]] = {"sparql": [], "dashboard": [], "runaway": []}
    by_callback: dict[str, list[float]] = {}
    failures: list[str] = []
    lock = threading.Lock()
    with project_server(build, log, workers=workers, threads=threads) as server:
        base = server.url.rsplit("/", 1)[0]
        session = requests.Session()
        plan = read_plan(base, session)
        for _ in range(workers):  # every worker loads its data before the clock starts
            for page in plan.pages:
                load_page(plan, page, http_post(base, requests.Session(), REQUEST_TIMEOUT))
        rss_before = server.rss_mb()
        deadline = time.monotonic() + seconds

        def record(kind: str, ms: float, ok: bool, what: str) -> None:
            with lock:
                samples[kind].append((ms, ok))
                if not ok and len(failures) < 20:
                    failures.append(what)

        def sparql_client(seed: int) -> None:
            rng = random.Random(seed)
            own = requests.Session()
            while time.monotonic() < deadline:
                query = rng.choice(queries)
                clock = time.perf_counter()
                try:
                    answer = own.post(
                        server.url,
                        data={"query": query},
                        headers={"Accept": accept_for(query)},
                        timeout=REQUEST_TIMEOUT,
                    )
                    ok, what = answer.status_code == 200, f"sparql {answer.status_code}"
                except requests.RequestException as err:
                    ok, what = False, f"sparql {type(err).__name__}"
                record("sparql", (time.perf_counter() - clock) * 1000, ok, what)

        def runaway_client(seed: int) -> None:
            own = requests.Session()
            while time.monotonic() < deadline:
                clock = time.perf_counter()
                try:
                    answer = own.post(server.url, data={"query": RUNAWAY}, timeout=REQUEST_TIMEOUT)
                    ok, what = answer.status_code == 503, f"runaway {answer.status_code}"
                except requests.RequestException as err:
                    ok, what = False, f"runaway {type(err).__name__}"
                record("runaway", (time.perf_counter() - clock) * 1000, ok, what)

        peak = [rss_before]

        def watch_memory() -> None:
            while time.monotonic() < deadline:
                peak[0] = max(peak[0], server.rss_mb())
                time.sleep(0.5)

        def dashboard_client(seed: int) -> None:
            rng = random.Random(seed)
            own = requests.Session()
            poster = http_post(base, own, REQUEST_TIMEOUT)

            def post(path: str, body: dict[str, Any]) -> tuple[int, Any]:
                try:
                    return poster(path, body)
                except requests.RequestException:
                    return 599, None

            while time.monotonic() < deadline:
                timings: list[CallbackTiming] = load_page(plan, rng.choice(plan.pages), post)
                for t in timings:
                    with lock:
                        by_callback.setdefault(f"{t.page} {t.output[:80]}", []).append(t.ms)
                    record("dashboard", t.ms, t.status == 200, f"callback {t.status} {t.page} {t.output[:60]}")

        pool = [threading.Thread(target=runaway_client, args=(i,)) for i in range(runaways)]
        pool += [
            threading.Thread(target=sparql_client if i % 2 == 0 else dashboard_client, args=(i,))
            for i in range(clients - runaways)
        ]
        pool.append(threading.Thread(target=watch_memory))
        clock = time.perf_counter()
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        elapsed = time.perf_counter() - clock
        rss_after = server.rss_mb()
    total = samples["sparql"] + samples["dashboard"]
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "gunicorn_workers": workers,
        "threads": threads,
        "runaway_clients": runaways,
        "requests": len(total),
        "errors": sum(not ok for _m, ok in total + samples["runaway"]),
        "requests_per_s": round(len(total) / elapsed, 1),
        "sparql": _summary(samples["sparql"]),
        "dashboard": _summary(samples["dashboard"]),
        "slowest_callbacks": _slowest(by_callback),
        "runaway": _summary(samples["runaway"]),
        "rss_mb_before": rss_before,
        "rss_mb_peak": peak[0],
        "rss_mb_after": rss_after,
        "failures": failures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, help="a build folder (default: build data/ afresh)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--runaways", type=int, default=0, help="clients that loop a runaway query")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--out", type=Path, default=REPO / "tests/benchmarks/results/load.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build = args.build
        if build is None:
            from graph.build import build_dataset
            from graph.load import load_data
            from graph.snapshot import write_build

            build = Path(tmp) / "build"
            write_build(build_dataset(load_data(REPO / "data")), build)
        result = run_load(
            build, args.clients, args.seconds, args.workers, args.threads, Path(tmp) / "server.log", args.runaways
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
