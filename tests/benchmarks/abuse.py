"""The endpoint under the abuse queries of issue 15, on the README's deployment (gunicorn):
how long a quick ASK takes while eight runaways run, and how much memory the server's whole
process tree takes while four memory hogs run at once (each stopped at its worker's limit);
and how the query guard's time grows with the query's length (4 for a linear guard, when the
text is four times longer; 16 for a quadratic one).

Usage::

    .venv/bin/python -m tests.benchmarks.abuse --workers 4 --out tests/benchmarks/results/abuse.json

Without ``--build`` it builds the bundled data into a temporary folder first. Every figure
depends on how busy the machine is: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

from graph.endpoint.guard import inspect_query
from graph.errors import QueryError
from graph.settings import EndpointLimits
from tests.benchmarks.load import RUNAWAY
from tests.benchmarks.sparql import percentile, project_server

REPO = Path(__file__).resolve().parents[2]
QUICK = "ASK { ?s ?p ?o }"
MEMORY_HOG = "SELECT ?a ?b WHERE { ?a ?p ?o . ?b ?q ?r } ORDER BY ?a ?b LIMIT 10"


def _post(url: str, query: str) -> tuple[int, float]:
    clock = time.perf_counter()
    answer = requests.post(url, data={"query": query}, timeout=120)
    return answer.status_code, time.perf_counter() - clock


def _alongside(url: str, query: str, count: int, probe: Any) -> tuple[list[int], Any]:
    """Run ``count`` copies of ``query`` at once, call ``probe()`` while they run; their
    statuses and what the probe returned."""
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda: statuses.append(_post(url, query)[0])) for _ in range(count)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    found = probe()
    for thread in threads:
        thread.join()
    return statuses, found


def guard_scaling() -> dict[str, float]:
    """Per repeated unit of text, the guard's time on 100,000 characters over its time on 25,000
    (best of three each)."""
    ratios = {}
    for unit in ("a.", "<a", "?a<?b&&", "{}", "'\\'", "%41"):
        best = []
        for size in (25_000, 100_000):
            text = (unit * (size // len(unit) + 1))[:size]
            times = []
            for _ in range(3):
                clock = time.perf_counter()
                with contextlib.suppress(QueryError):
                    inspect_query(text)
                times.append(time.perf_counter() - clock)
            best.append(min(times))
        ratios[unit] = round(best[1] / best[0], 2)
    return ratios


def run_abuse(build: Path, workers: int, log: Path) -> dict[str, Any]:
    limits = EndpointLimits()
    with project_server(build, log, workers=workers) as server:
        for _ in range(workers * 2):  # every gunicorn worker starts its query workers
            _post(server.url, QUICK)
        rss_rest = server.rss_mb()

        def quick_times() -> list[float]:
            times = []
            for _ in range(5):
                status, seconds = _post(server.url, QUICK)
                times.append(seconds if status == 200 else float("inf"))
                time.sleep(0.5)
            return times

        runaway_statuses, quick = _alongside(server.url, RUNAWAY, 8, quick_times)
        peak = [server.rss_mb()]
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], server.rss_mb())
                time.sleep(0.2)

        watcher = threading.Thread(target=watch)
        watcher.start()
        hog_statuses, _ = _alongside(server.url, MEMORY_HOG, 4, lambda: None)
        done.set()
        watcher.join()
        return {
            "gunicorn_workers": workers,
            "quick_ask_with_8_runaways_s": [round(t, 3) for t in quick],
            "quick_ask_p95_s": round(percentile(quick, 95), 3),
            "runaway_statuses": sorted(runaway_statuses),
            "memory_hog_statuses": sorted(hog_statuses),
            "rss_mb_at_rest": rss_rest,
            "rss_mb_peak_with_4_memory_hogs": peak[0],
            "documented_bound_mb": workers * (limits.max_query_workers * limits.query_memory_mb + 400),
            "guard_time_100k_over_25k": guard_scaling(),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, help="a build folder (default: build data/ afresh)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--out", type=Path, default=REPO / "tests/benchmarks/results/abuse.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build = args.build
        if build is None:
            from graph.build import build_dataset
            from graph.load import load_data
            from graph.snapshot import write_build

            build = Path(tmp) / "build"
            write_build(build_dataset(load_data(REPO / "data")), build)
        result = run_abuse(build, args.workers, Path(tmp) / "server.log")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
