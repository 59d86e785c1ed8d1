"""The SPARQL endpoint of two code trees, A and B, measured in alternation (A, B, A, B ...).

Two figures, each for a change to the endpoint whose effect is smaller than the noise between
two runs on a shared machine::

    git archive <old commit> | tar -x -C /tmp/old
    .venv/bin/python -m tests.benchmarks.ab_endpoint ratio BUILD /tmp/old . --rounds 3
    .venv/bin/python -m tests.benchmarks.ab_endpoint request BUILD /tmp/old . --repeat 200
    .venv/bin/python -m tests.benchmarks.ab_endpoint paired BUILD /tmp/old . --repeat 100 --queries ask,01,02,12

- ``ratio``: ``bench_sparql`` of ``tests/benchmarks/run.py`` (the endpoint/direct target: the
  median over the example queries of each one's endpoint latency over pyoxigraph's, called
  directly), one fresh process per run, trees alternating; each run's median, the load
  average before it, and every query's ratio.
- ``request``: both trees' servers (as ``project_server`` starts them) up side by side, each
  request sent to A then B after ``--idle`` seconds without a request (a server left idle as
  long as a query takes answers later); the median milliseconds per query and tree.
- ``paired``: both servers up, each request sent right after pyoxigraph's direct call of the
  same query, as ``paired_latency`` does (trees alternating, the first one changing each round);
  per query and tree: endpoint/direct, the median of each request's time less the direct
  call's before it, and the CPU time of the server's web process per request (its threads'
  run time from ``/proc``, which the waits of a shared machine do not inflate as they do the
  latency).

Each tree runs with its own folder first on ``PYTHONPATH``, from a scratch folder (gunicorn
puts its working directory first on ``sys.path``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import psutil

from tests.benchmarks.sparql import Server, _HttpQuery, direct_runner, example_queries, project_server

RUN = """
import json, sys
from pathlib import Path
from tests.benchmarks.run import bench_sparql
result = bench_sparql(Path(sys.argv[1]), Path(sys.argv[2]), with_rdflib=False)
print(json.dumps({"median": result["endpoint_vs_direct_median"], "ratios": result["endpoint_vs_direct"]}))
"""


def _env(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree.resolve())}


def ratio(build: Path, trees: dict[str, Path], rounds: int, scratch: Path) -> None:
    """Alternating ``bench_sparql`` runs; prints one line per run."""
    for _ in range(rounds):
        for label, tree in trees.items():
            load = os.getloadavg()[0]
            started = time.strftime("%H:%M:%S", time.gmtime())
            done = subprocess.run(
                [sys.executable, "-c", RUN, str(build.resolve()), str(scratch)],
                env=_env(tree),
                cwd=scratch,
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            per_query = " ".join(f"{name[:2]}:{value}" for name, value in figures["ratios"].items())
            print(f"{label} {started} UTC load {load:.1f} median {figures['median']}  {per_query}", flush=True)


def request(build: Path, trees: dict[str, Path], repeat: int, idle: float, scratch: Path) -> None:
    """Both servers up; each example query (and ASK {}) sent to A then B, ``repeat`` times."""
    queries = {"ask": "ASK {}", **{name[:2]: text for name, text in example_queries().items()}}
    with ExitStack() as stack:
        servers = {}
        for label, tree in trees.items():
            os.environ["PYTHONPATH"] = str(tree.resolve())  # the server's process inherits it
            os.chdir(scratch)
            servers[label] = stack.enter_context(project_server(build, scratch / f"{label}.log"))
        for name, query in queries.items():
            clients = {label: _HttpQuery(server.url, query) for label, server in servers.items()}
            times: dict[str, list[float]] = {label: [] for label in clients}
            for client in clients.values():  # warm-up
                client()
            for _ in range(repeat):
                for label, client in clients.items():
                    time.sleep(idle)
                    times[label].append(client() * 1000)
            medians = {label: statistics.median(values) for label, values in times.items()}
            print(f"{name:4} " + "  ".join(f"{label} {ms:8.3f} ms" for label, ms in medians.items()), flush=True)


def _web_cpu_s(server: Server) -> float:
    """Seconds of CPU the threads of the server's web process (gunicorn's worker) have run."""
    worker = next(p for p in psutil.Process(server.process.pid).children() if "gunicorn" in " ".join(p.cmdline()))
    total = 0
    for task in Path(f"/proc/{worker.pid}/task").iterdir():
        with contextlib.suppress(OSError):
            total += int((task / "schedstat").read_text().split()[0])  # nanoseconds on a CPU
    return total / 1e9


def paired(build: Path, trees: dict[str, Path], repeat: int, names: list[str], scratch: Path) -> None:
    """Both servers up; each request after the direct call of the same query (see the module docstring)."""
    queries = {"ask": "ASK {}", **{name[:2]: text for name, text in example_queries().items()}}
    direct = direct_runner(build)
    with ExitStack() as stack:
        servers = {}
        for label, tree in trees.items():
            os.environ["PYTHONPATH"] = str(tree.resolve())  # the server's process inherits it
            os.chdir(scratch)
            servers[label] = stack.enter_context(project_server(build, scratch / f"{label}.log"))
        labels = list(servers)
        print(f"{time.strftime('%H:%M:%S', time.gmtime())} UTC load {os.getloadavg()[0]:.1f}", flush=True)
        for name in names:
            query = queries[name]
            clients = {label: _HttpQuery(server.url, query) for label, server in servers.items()}
            for client in clients.values():  # warm-up
                client()
                direct(query)
            endpoint: dict[str, list[float]] = {label: [] for label in labels}
            alone: dict[str, list[float]] = {label: [] for label in labels}
            cpu = {label: _web_cpu_s(server) for label, server in servers.items()}
            for round_ in range(repeat):
                for label in labels[round_ % 2 :] + labels[: round_ % 2]:
                    alone[label].append(direct(query) * 1000)
                    endpoint[label].append(clients[label]() * 1000)
            cpu = {label: (_web_cpu_s(server) - cpu[label]) * 1000 / repeat for label, server in servers.items()}
            figures = []
            for label in labels:
                ratio = statistics.median(endpoint[label]) / statistics.median(alone[label])
                added = statistics.median(e - d for e, d in zip(endpoint[label], alone[label], strict=True))
                figures.append(f"{label} {ratio:.3f} +{added:.3f} ms, web CPU {cpu[label]:.3f} ms")
            print(f"{name:4} " + "  ".join(figures) + f"  load {os.getloadavg()[0]:.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("ratio", "request", "paired"))
    parser.add_argument("build", type=Path, help="a build folder (itud-align build --out ...)")
    parser.add_argument("a", type=Path, help="code tree A (a checkout or git archive)")
    parser.add_argument("b", type=Path, help="code tree B")
    parser.add_argument("--rounds", type=int, default=3, help="ratio: runs of each tree")
    parser.add_argument("--repeat", type=int, default=200, help="request, paired: requests per query and tree")
    parser.add_argument("--queries", default="ask,01,02,12", help="paired: the queries (ask, or an example's number)")
    parser.add_argument("--idle", type=float, default=0.01, help="request: seconds without a request before each")
    args = parser.parse_args()
    trees = {"A": args.a, "B": args.b}
    with tempfile.TemporaryDirectory(prefix="itud-ab-") as scratch:
        if args.mode == "ratio":
            ratio(args.build, trees, args.rounds, Path(scratch))
        elif args.mode == "request":
            request(args.build.resolve(), trees, args.repeat, args.idle, Path(scratch))
        else:
            paired(args.build.resolve(), trees, args.repeat, args.queries.split(","), Path(scratch))


if __name__ == "__main__":
    main()
