"""Run every benchmark at every size and write the results (JSON, Markdown table, plot).

Usage (from the repository root; about 30 minutes on 2 cores, 21 of them the 1m tier)::

    .venv/bin/python -m tests.benchmarks.run --sizes bundled,10k,100k,1m --out tests/benchmarks/results

Each size is a data folder: ``bundled`` is ``data/``; ``10k``, ``100k``, ``1m`` are synthetic
portfolios of about that many triples (``tests/benchmarks/generate.py``, seeded). For each,
every benchmark is measured beside its baseline, in the same run, on the same machine:

- build (``itud-align build``'s steps) against pyoxigraph bulk-loading the build's N-Quads;
- the full analysis against the bare named queries on pyoxigraph, with peak memory;
- the SPARQL endpoint against pyoxigraph called directly and against rdflib-endpoint;
- the dashboard callbacks through HTTP (``tests/benchmarks/bench_callbacks.py``).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import requests

from tests.benchmarks import report
from tests.benchmarks.dash_http import http_post, measure_pages, read_plan
from tests.benchmarks.generate import REAL_DATA, generate, read_reference, write_data_folder
from tests.benchmarks.sparql import (
    direct_runner,
    example_queries,
    http_latency,
    paired_latency,
    project_server,
    rdflib_endpoint_server,
    throughput,
)
from tests.benchmarks.tasks import run_task

DEFAULT_SIZES = "bundled,10k,100k,1m"
DEFAULT_OUT = Path("tests/benchmarks/results")
MAX_PASS_S = 60.0
COMMAND = ".venv/bin/python -m tests.benchmarks.run --sizes {sizes} --out {out}"


def parse_size(text: str) -> int | None:
    """``bundled`` -> None; ``10k`` -> 10000; ``1m`` -> 1000000; ``2500`` -> 2500."""
    text = text.strip().lower()
    if text == "bundled":
        return None
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def bench_sparql(build_dir: Path, work: Path, with_rdflib: bool) -> dict[str, Any]:
    """Example queries: the project's endpoint timed in alternation with pyoxigraph called
    directly, then rdflib-endpoint."""
    queries = example_queries()
    direct = direct_runner(build_dir)
    result: dict[str, Any] = {"direct": {}}
    servers: list[tuple[str, Callable[[], Any]]] = [
        ("endpoint", lambda: project_server(build_dir, work / "endpoint.log")),
    ]
    if with_rdflib:
        servers.append(
            ("rdflib_endpoint", lambda: rdflib_endpoint_server(build_dir / "dataset.nq", work / "rdflib-endpoint.log"))
        )
    for key, start in servers:
        log(f"  sparql: {key}")
        with start() as server:
            rss_before = server.rss_mb()
            if key == "endpoint":
                latency = {}
                for name, q in queries.items():
                    latency[name], result["direct"][name] = paired_latency(server.url, q, direct)
            else:
                latency = {name: http_latency(server.url, q) for name, q in queries.items()}
            one_pass_s = sum(q["median_ms"] for q in latency.values()) / 1000
            result[key] = {
                "startup_s": server.started_s,
                "rss_mb_before": rss_before,
                "queries": latency,
                # four clients each run every query once; a server that needs minutes for one pass is
                # not loaded further (its rate is then one pass over the sum of its latencies)
                "throughput": throughput(server.url, list(queries.values()))
                if one_pass_s < MAX_PASS_S
                else {"queries_per_s": round(len(queries) / one_pass_s, 2), "estimated": True},
                "rss_mb_after": server.rss_mb(),
            }
    direct = result["direct"]
    endpoint = result["endpoint"]["queries"]
    # a query the endpoint cut at its row limit did less work than the others: leave it out of the ratios
    result["truncated_by_endpoint"] = sorted(n for n, q in endpoint.items() if q.get("truncated"))
    compared = [n for n in queries if n not in result["truncated_by_endpoint"]]
    result["endpoint_vs_direct"] = {n: round(endpoint[n]["median_ms"] / direct[n]["median_ms"], 2) for n in compared}
    result["endpoint_vs_direct_median"] = statistics.median(result["endpoint_vs_direct"].values())
    if with_rdflib:
        peer = result["rdflib_endpoint"]["queries"]
        result["speedup_vs_rdflib"] = {n: round(peer[n]["median_ms"] / endpoint[n]["median_ms"], 1) for n in compared}
        result["speedup_vs_rdflib_median"] = statistics.median(result["speedup_vs_rdflib"].values())
    return result


def bench_callbacks(build_dir: Path, work: Path) -> dict[str, Any]:
    """Every page's initial callbacks through HTTP (gunicorn), against Flask's test client in-process."""
    with project_server(build_dir, work / "dashboard.log") as server:
        base = server.url.rsplit("/", 1)[0]
        session = requests.Session()
        figures = measure_pages(read_plan(base, session), http_post(base, session))
        figures["rss_mb_after"] = server.rss_mb()
    baseline = run_task("callbacks_in_process", build_dir=str(build_dir))
    figures["baseline_p95_ms"] = baseline["p95_ms"]
    figures["ratio"] = round(figures["p95_ms"] / baseline["p95_ms"], 2)
    return figures


def timed_task(name: str, **kwargs: str) -> dict[str, Any]:
    """A task's figures from the run of median time out of three (the machine is shared: one
    run can land on a busy moment); the times of all three are kept in ``runs_s``."""
    runs = sorted((run_task(name, **kwargs) for _ in range(3)), key=lambda r: r["seconds"])
    return {**runs[1], "runs_s": [r["seconds"] for r in runs]}


def run_tier(name: str, size: int | None, work: Path, seed: int, skip: set[str]) -> dict[str, Any]:
    """Every benchmark at one size."""
    tier: dict[str, Any] = {"name": name}
    if size is None:
        data = REAL_DATA
    else:
        log(f"{name}: generating about {size} triples (seed {seed})")
        portfolio = generate(size, seed, read_reference())
        data = write_data_folder(portfolio, work / "data")
        tier["elements"] = portfolio.elements()
        tier["links"] = sum(len(rows) for rows in portfolio.links.values())
    build_dir = work / "build"
    log(f"{name}: build")
    tier["build"] = timed_task("build", data=str(data), out=str(build_dir))
    tier["triples"] = tier["build"]["triples"]
    log(f"{name}: bulk load ({tier['triples']} triples)")
    tier["bulk_load"] = timed_task("bulk_load", nquads=str(build_dir / "dataset.nq"), out=str(work / "bulk"))
    tier["build_vs_bulk_load"] = round(tier["build"]["seconds"] / tier["bulk_load"]["seconds"], 2)
    log(f"{name}: analysis")
    tier["query_floor"] = timed_task("query_floor", build_dir=str(build_dir))
    tier["analysis"] = timed_task("analysis", build_dir=str(build_dir))
    tier["analysis_vs_query_floor"] = round(tier["analysis"]["seconds"] / tier["query_floor"]["seconds"], 2)
    if "sparql" not in skip:
        tier["sparql"] = bench_sparql(build_dir, work, with_rdflib="rdflib" not in skip)
    if "callbacks" not in skip:
        log(f"{name}: dashboard callbacks")
        tier["callbacks"] = bench_callbacks(build_dir, work)
    return tier


def machine() -> dict[str, Any]:
    import psutil

    return {
        "python": platform.python_version(),
        "pyoxigraph": ox.__version__,
        "cpus": psutil.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmarks of itud-align against baselines measured in the same run.")
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated sizes (default {DEFAULT_SIZES})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for results.json/.md/.png")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip", default="", help="comma-separated: sparql, rdflib, callbacks")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    scratch = Path(tempfile.mkdtemp(prefix="itud-bench-")) if args.work is None else args.work
    results: dict[str, Any] = {
        "command": COMMAND.format(sizes=args.sizes, out=args.out) + (f" --skip {args.skip}" if skip else ""),
        "seed": args.seed,
        "machine": machine(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "tiers": [],
    }
    try:
        for name in sizes:
            work = scratch / name
            work.mkdir(parents=True, exist_ok=True)
            results["tiers"].append(run_tier(name, parse_size(name), work, args.seed, skip))
            shutil.rmtree(work, ignore_errors=True)
            report.write(results, args.out)  # keep what is measured so far
    finally:
        if args.work is None:
            shutil.rmtree(scratch, ignore_errors=True)
    paths = report.write(results, args.out)
    log("wrote " + ", ".join(str(p) for p in paths))
    print(json.dumps(results["targets"], indent=2))


if __name__ == "__main__":
    main()
