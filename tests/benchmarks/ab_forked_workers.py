"""A/B in one process, interleaved: a query worker forked from the zygote (this code) against one
that loads its own store (the code before the zygote, from another tree), each against pyoxigraph
called directly, on the example queries (CONSTRUCT left out), without HTTP.

Run (outside the default test run; OLD_TREE holds the code before the zygote, e.g.
``git archive 02a6ca1 | tar -x -C /tmp/old``)::

    .venv/bin/python tests/benchmarks/ab_forked_workers.py BUILD REPEAT OLD_TREE
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.buildfolder import dump_path
from graph.endpoint.example_queries import load_examples
from graph.endpoint.pool import QueryPool
from graph.namespaces import SPARQL_PREFIXES
from graph.settings import EndpointLimits
from graph.stores import OxigraphStore

# one worker each, no time pressure: the worker's origin is all that differs
LIMITS = EndpointLimits(
    query_workers=1,
    max_query_workers=2,
    long_queries=1,
    query_timeout=600,
    short_query_seconds=600,
    row_limit=1_000_000,
)


def old_worker(build: Path, old_tree: str) -> Any:
    """A worker of the code in ``old_tree``, which loads the build itself."""
    spec = importlib.util.spec_from_file_location("old_process", f"{old_tree}/graph/endpoint/process.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    here = os.getcwd()
    os.environ["PYTHONPATH"] = old_tree
    os.chdir(old_tree)  # ``python -m graph.endpoint.worker`` then finds the old worker
    try:
        return module.WorkerProcess(module.worker_source(build, True), 4096).wait_ready(600)
    finally:
        del os.environ["PYTHONPATH"]
        os.chdir(here)


def ways(build: Path, old_tree: str) -> tuple[dict[str, Callable[[str], bytes]], Callable[[], None]]:
    pool = QueryPool(build, limits=LIMITS)
    pool.run("ASK {}")  # the zygote starts before the old worker, with this tree's environment
    old = old_worker(build, old_tree)
    store = OxigraphStore.load(dump_path(build)).store

    def direct(query: str) -> bytes:
        result = store.query(query, prefixes=SPARQL_PREFIXES, use_default_graph_as_union=True)
        if not isinstance(result, ox.QuerySolutions):
            return b""
        return result.serialize(format=ox.QueryResultsFormat.JSON) or b""

    def forked(query: str) -> bytes:
        return pool.run(query, results_format="json").body

    def spawned(query: str) -> bytes:
        job = {"query": query, "results_format": "json", "graph_format": "turtle", "row_limit": 1_000_000}
        old.conn.send({**job, "default_graphs": [], "named_graphs": [], "has_dataset": False})
        reply = old.conn.recv()
        return bytes(old.conn.recv_bytes()) if reply[0] == "ok" else b""

    def close() -> None:
        old.kill()
        pool.close()

    return {"direct": direct, "forked": forked, "spawned": spawned}, close


def main() -> None:
    build, repeat, old_tree = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    runs, close = ways(build, old_tree)
    ratios: dict[str, list[float]] = {"forked": [], "spawned": []}
    try:
        for example in load_examples():
            if "CONSTRUCT" in example.text:
                continue
            for run in runs.values():  # warm each twice
                run(example.text)
                run(example.text)
            times: dict[str, list[float]] = {name: [] for name in runs}
            for _ in range(repeat):  # interleaved, so drift hits all alike
                for name, run in runs.items():
                    started = time.perf_counter()
                    run(example.text)
                    times[name].append((time.perf_counter() - started) * 1000)
            ms = {name: statistics.median(t) for name, t in times.items()}
            for name, values in ratios.items():
                values.append(ms[name] / ms["direct"])
            print(
                f"{example.name:42} direct {ms['direct']:9.2f}  forked {ms['forked']:9.2f} "
                f"({ms['forked'] / ms['direct']:.2f})  spawned {ms['spawned']:9.2f} "
                f"({ms['spawned'] / ms['direct']:.2f})  forked/spawned {ms['forked'] / ms['spawned']:.2f}",
                flush=True,
            )
    finally:
        close()
    for name, values in ratios.items():
        print(
            f"{name}/direct: median per query {statistics.median(values):.2f}, "
            f"geometric mean {statistics.geometric_mean(values):.2f}"
        )


if __name__ == "__main__":
    main()
