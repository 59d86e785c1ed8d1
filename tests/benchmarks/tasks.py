"""Benchmark tasks, each run in a process of its own so that its peak memory is its own.

``python -m tests.benchmarks.tasks NAME '{"arg": ...}'`` runs one task and prints one JSON
line: the task's figures plus ``peak_rss_mb``, the process's peak resident memory
(imports included). :func:`run_task` does that from the runner.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

__all__ = ["TASKS", "run_task"]


def _clock() -> Callable[[], float]:
    start = time.perf_counter()
    return lambda: round(time.perf_counter() - start, 4)


def build(data: str, out: str) -> dict[str, Any]:
    """The project's build, phase by phase, as ``itud-align build`` runs it.

    The SHACL check runs inside ``write_build``, beside the store load; its own time is
    reported too, but it is part of ``write_build``'s, not added to it.
    """
    from graph.build import build_dataset
    from graph.load import load_data
    from graph.shacl import shacl_problems
    from graph.snapshot import write_build

    phases: dict[str, float] = {}

    def timed_check(quads: list[ox.Quad]) -> list[str]:
        lap = _clock()
        problems = shacl_problems(quads)
        phases["shacl"] = lap()
        return problems

    total = _clock()
    lap = _clock()
    tables = load_data(Path(data))
    phases["load"] = lap()
    lap = _clock()
    dataset = build_dataset(tables)
    phases["build_dataset"] = lap()
    lap = _clock()
    manifest = write_build(dataset, Path(out), check=timed_check)
    phases["write_build"] = lap()
    return {"seconds": total(), "phases": phases, "triples": manifest.triples}


def bulk_load(nquads: str, out: str) -> dict[str, Any]:
    """The limit for a build: pyoxigraph bulk-loading the build's N-Quads into an on-disk store."""
    shutil.rmtree(out, ignore_errors=True)
    clock = _clock()
    store = ox.Store(out)
    store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    store.flush()
    quads = len(store)
    del store
    seconds = clock()
    shutil.rmtree(out, ignore_errors=True)
    return {"seconds": seconds, "quads": quads}


def query_floor(build_dir: str, store: str = "memory") -> dict[str, Any]:
    """The limit for the analysis: the named queries run on pyoxigraph, rows read as tuples, on
    the store the analysis task reads (the build loaded into memory, or ``store="disk"``); the
    store load is not timed."""
    from graph.analysis.frames import query_names, read_query
    from graph.buildfolder import dump_path, store_path
    from graph.namespaces import SPARQL_PREFIXES
    from graph.stores import OxigraphStore

    if store == "disk":
        store_ = ox.Store.read_only(str(store_path(Path(build_dir))))
    else:
        store_ = OxigraphStore.load(dump_path(Path(build_dir))).store
    clock = _clock()
    rows = 0
    for name in query_names():
        result = store_.query(read_query(name), use_default_graph_as_union=True, prefixes=SPARQL_PREFIXES)
        variables = result.variables
        rows += sum(1 for solution in result if [solution[v] for v in variables])
    return {"seconds": clock(), "rows": rows, "store": store}


def analysis(build_dir: str, store: str = "memory") -> dict[str, Any]:
    """The full analysis: the build loaded into an in-memory Oxigraph store (``store="disk"``:
    the on-disk store opened instead), then frames, coverage, gaps, misalignments, network.
    The store load is part of the measured total."""
    from graph.analysis.coverage import action_line_coverage, goal_coverage, target_coverage
    from graph.analysis.frames import load_frames
    from graph.analysis.gaps import find_gaps
    from graph.analysis.misalignments import find_misalignments
    from graph.analysis.network import bridges, build_network, communities, community_agreement, hubs
    from graph.buildfolder import dump_path, store_path
    from graph.stores import OxigraphStore

    stages: dict[str, float] = {}
    sizes: dict[str, int] = {}
    total = _clock()
    lap = _clock()
    if store == "disk":
        oxigraph = OxigraphStore.open(store_path(Path(build_dir)))
    else:
        oxigraph = OxigraphStore.load(dump_path(Path(build_dir)))
    stages["store_load"] = lap()
    lap = _clock()
    frames = load_frames(oxigraph)
    stages["load_frames"] = lap()
    sizes["elements"], sizes["links"] = len(frames.elements), len(frames.links)
    lap = _clock()
    targets = target_coverage(frames)
    sizes["coverage_rows"] = (
        len(targets) + len(goal_coverage(frames, targets=targets)) + len(action_line_coverage(frames))
    )
    stages["coverage"] = lap()
    lap = _clock()
    sizes["misalignments"] = len(find_misalignments(frames))
    stages["misalignments"] = lap()
    lap = _clock()
    sizes["gaps"] = len(find_gaps(frames))
    stages["gaps"] = lap()
    lap = _clock()
    network = build_network(frames)
    sizes["hubs"] = len(hubs(network))
    sizes["bridges"] = len(bridges(network))
    found = communities(network)
    sizes["communities"] = int(found["community"].nunique())
    community_agreement(network, frames, found=found)
    stages["network"] = lap()
    return {"seconds": total(), "stages": stages, "sizes": sizes, "store": store}


def callbacks_in_process(build_dir: str) -> dict[str, Any]:
    """The baseline for the callbacks: the same page loads through Flask's test client, no network."""
    from dashboards.app import create_app
    from tests.benchmarks.dash_http import measure_pages, read_plan_from

    client = create_app(Path(build_dir)).server.test_client()

    def post(_path: str, body: dict[str, Any]) -> tuple[int, Any]:
        answer = client.post("/_dash-update-component", json=body)
        return answer.status_code, answer.get_json() if answer.status_code == 200 else None

    plan = read_plan_from(client.get("/_dash-dependencies").get_json(), client.get("/_dash-layout").get_json())
    return measure_pages(plan, post)


TASKS: dict[str, Callable[..., dict[str, Any]]] = {
    "callbacks_in_process": callbacks_in_process,
    "build": build,
    "bulk_load": bulk_load,
    "query_floor": query_floor,
    "analysis": analysis,
}


def run_task(name: str, timeout: float = 3600.0, **kwargs: str) -> dict[str, Any]:
    """Run task ``name`` in a fresh Python process; return its figures (raises if it fails)."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.tasks", name, json.dumps(kwargs)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark task {name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    name, kwargs = sys.argv[1], json.loads(sys.argv[2])
    figures = TASKS[name](**kwargs)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
