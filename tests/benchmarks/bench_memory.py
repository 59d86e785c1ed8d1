"""Memory of the README's deployment at rest: every process of the tree, PSS and RSS.

Starts the deployment the README gives (``gunicorn -w N --preload -b 127.0.0.1:PORT
dashboards.wsgi:server``, ``--preload`` given as ``--gunicorn=--preload``), plus a long
``--timeout`` so that the warm-up below cannot get a worker killed, on a build; warms every web
worker in turn (the others stopped with SIGSTOP, so the kernel hands the requests to the one left
running): every dashboard page loaded as the browser does, then one SPARQL query (``--examples``:
every example query too). Then it lets the server rest and reads each process's memory from
``/proc/PID/smaps_rollup`` (psutil):

- PSS, the proportional set size: a page shared by k processes counts 1/k in each, so the sum of
  PSS is the memory the tree takes (pages shared copy-on-write after a fork counted once);
- RSS, which counts a shared page in every process that maps it: its sum overstates the tree.

Run (outside the default test run)::

    .venv/bin/python -m tests.benchmarks.bench_memory --build BUILD_1M --data DATA_1M \\
        --workers 4 --rest 40 --gunicorn=--preload [--examples] --json out.json

Without ``--build`` it builds the bundled data into a temporary folder first.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil
import requests

from graph.endpoint.example_queries import load_examples
from tests.benchmarks.dash_http import http_post, load_page, read_plan
from tests.benchmarks.sparql import BIN, _serve, free_port

REPO = Path(__file__).resolve().parents[2]
MB = 2**20
QUICK = "ASK { ?s ?p ?o }"


def deployment_command(port: int, workers: int, extra: list[str]) -> list[str]:
    """The README's gunicorn command on ``port``, with ``extra`` options."""
    return [
        str(BIN / "gunicorn"),
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "900",
        *extra,
        "dashboards.wsgi:server",
    ]


def web_workers(master: psutil.Process) -> list[psutil.Process]:
    """The gunicorn workers: the master's children that run the app (named like it)."""
    return [p for p in master.children() if "gunicorn" in " ".join(p.cmdline())]


@contextmanager
def only(running: psutil.Process, workers: list[psutil.Process]) -> Iterator[None]:
    """Every worker but ``running`` stopped (SIGSTOP) for the duration."""
    stopped = [w for w in workers if w.pid != running.pid]
    for worker in stopped:
        worker.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        for worker in stopped:
            worker.send_signal(signal.SIGCONT)


def warm(base: str, master: psutil.Process, examples: bool) -> list[float]:
    """Load every dashboard page and run one SPARQL query (or, with ``examples``, every example
    query, which copies much of the store into the query workers) on each worker; seconds per worker."""
    workers = web_workers(master)
    seconds = []
    for worker in workers:
        with only(worker, workers):
            clock = time.perf_counter()
            session = requests.Session()
            plan = read_plan(base, session)
            post = http_post(base, session, timeout=900)
            for page in plan.pages:
                bad = [t for t in load_page(plan, page, post) if t.status != 200]
                if bad:
                    raise RuntimeError(f"{page}: {bad[0]}")
            for query in [QUICK, *(e.text for e in load_examples() if examples)]:
                answer = session.get(f"{base}/sparql", params={"query": query}, timeout=900)
                if answer.status_code != 200:
                    raise RuntimeError(f"SPARQL: {answer.status_code} {answer.text[:200]}")
            session.close()
            seconds.append(round(time.perf_counter() - clock, 1))
    return seconds


def role(process: psutil.Process, master: psutil.Process) -> str:
    """What a process of the tree is: the master, a web worker, or a query process."""
    if process.pid == master.pid:
        return "gunicorn master"
    command = " ".join(process.cmdline())
    if "graph.endpoint.zygote" in command:  # the zygote, and the workers it forked (same command)
        parent = process.parent()
        forked = parent is not None and "graph.endpoint.zygote" in " ".join(parent.cmdline())
        return "query worker" if forked else "query zygote"
    if "graph.endpoint.worker" in command or process.ppid() != master.pid:
        return "query worker"
    return "web worker"


def snapshot(master: psutil.Process) -> list[dict[str, Any]]:
    """PSS, RSS and USS (MB) of every process of the tree under ``master``."""
    rows = []
    for process in [master, *master.children(recursive=True)]:
        try:
            info = process.memory_full_info()
            rows.append(
                {
                    "pid": process.pid,
                    "ppid": process.ppid(),
                    "role": role(process, master),
                    "pss_mb": round(info.pss / MB, 1),
                    "rss_mb": round(info.rss / MB, 1),
                    "uss_mb": round(info.uss / MB, 1),
                }
            )
        except psutil.NoSuchProcess:
            continue
    return rows


def measure(
    build: Path, data: Path, workers: int, rest: float, extra: list[str], log: Path, examples: bool = False
) -> dict[str, Any]:
    """Start the deployment, warm it, let it rest ``rest`` seconds, read its memory."""
    port = free_port()
    env = {"ITUD_ALIGN_BUILD_DIR": str(build), "ITUD_ALIGN_DATA": str(data)}
    command = deployment_command(port, workers, extra)
    started = time.perf_counter()
    with _serve("itud-align", command, f"http://127.0.0.1:{port}/sparql", log, env) as server:
        ready_s = round(time.perf_counter() - started, 1)
        master = psutil.Process(server.process.pid)
        warm_s = warm(f"http://127.0.0.1:{port}", master, examples)
        time.sleep(rest)
        rows = snapshot(master)
    return {
        "command": " ".join(["gunicorn", *command[1:]]),
        "build": str(build),
        "workers": workers,
        "rest_s": rest,
        "example_queries": examples,
        "ready_s": ready_s,
        "warm_s": warm_s,
        "processes": rows,
        "pss_total_mb": round(sum(r["pss_mb"] for r in rows), 1),
        "rss_total_mb": round(sum(r["rss_mb"] for r in rows), 1),
    }


def report(result: dict[str, Any]) -> str:
    """The figures as a text table, one line per process and the totals."""
    lines = [f"{'pid':>8} {'ppid':>8} {'role':16} {'PSS MB':>9} {'RSS MB':>9} {'USS MB':>9}"]
    for r in result["processes"]:
        lines.append(
            f"{r['pid']:>8} {r['ppid']:>8} {r['role']:16} {r['pss_mb']:>9.1f} {r['rss_mb']:>9.1f} {r['uss_mb']:>9.1f}"
        )
    lines.append(
        f"{len(result['processes'])} processes: PSS {result['pss_total_mb']:,.1f} MB in all, "
        f"RSS summed {result['rss_total_mb']:,.1f} MB (counts shared pages once per process)"
    )
    lines.append(f"ready after {result['ready_s']} s; warm-up per worker (s): {result['warm_s']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, help="a build folder (default: build data/ afresh)")
    parser.add_argument("--data", type=Path, default=REPO / "data", help="the data folder of that build")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rest", type=float, default=30.0, help="seconds of rest before reading")
    parser.add_argument("--gunicorn", default="", help="more gunicorn options, e.g. '--preload'")
    parser.add_argument("--examples", action="store_true", help="warm with every example query too")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build = args.build
        if build is None:
            from graph.build import build_dataset
            from graph.load import load_data
            from graph.snapshot import write_build

            build = Path(tmp) / "build"
            write_build(build_dataset(load_data(args.data)), build)
        log = Path(tmp) / "server.log"
        options = args.gunicorn.split()
        result = measure(build.resolve(), args.data.resolve(), args.workers, args.rest, options, log, args.examples)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
