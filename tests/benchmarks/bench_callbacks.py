"""Every dashboard callback, called as the app calls it, on the bundled build: p50 and p95.

Outside the default test run. From the repository root::

    .venv/bin/python -m tests.benchmarks.bench_callbacks [--build-dir DIR] [--repeat 5]

Each callback runs on three views (no filter; region AFR; WTDC-22 in French), ``--repeat``
times each. Before every call the app's memo of analysis results is cleared, so a figure
is the analysis plus the figure (the frames stay loaded, as in the running app, where they
are read once per snapshot). A second column gives the time when the memo answers (the same
view asked again, e.g. by an export after the page).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboards.data import DashboardData
from dashboards.pages.cycles import callbacks as cycles
from dashboards.pages.data import callbacks as datainfo
from dashboards.pages.flows import callbacks as flows
from dashboards.pages.gaps import callbacks as gaps
from dashboards.pages.misalignments import callbacks as misalignments
from dashboards.pages.network import callbacks as network
from dashboards.pages.overview import callbacks as overview
from dashboards.pages.regions import callbacks as regions
from dashboards.pages.resolutions import callbacks as resolutions
from dashboards.pages.suggestions import callbacks as suggestions
from dashboards.shell import callbacks as shell
from dashboards.shell import export_buttons as export
from dashboards.urlstate import FILTER_KEYS
from graph.build import build_dataset
from graph.load import load_data
from graph.snapshot import write_build

VIEWS = ("", "?region=AFR", "?lang=fr&period=WTDC-22")
REPO = Path(__file__).resolve().parents[2]


def _calls(data: DashboardData) -> dict[str, Callable[[str], Any]]:
    none = dict.fromkeys(FILTER_KEYS)
    figure = overview.update_overview("", data=data)[3].to_dict()
    rows, columns = gaps.update_gaps("", data=data)[5:]
    first_finding = misalignments.update_misalignments("", data=data)[1][:1]
    return {
        "shell.update_shell": lambda v: shell.update_shell(None, v, none, None, "/", data=data),
        "overview.update_overview": lambda v: overview.update_overview(v, data=data),
        "overview.update_heatmap (kind)": lambda v: overview.update_heatmap(v, data=data),
        "overview.update_heatmap (priority, goal 9)": lambda v: overview.update_heatmap(
            v + ("&" if v else "?") + "rows=priority&goal=9", data=data
        ),
        "gaps.update_gaps": lambda v: gaps.update_gaps(v, data=data),
        "misalignments.update_misalignments": lambda v: misalignments.update_misalignments(v, data=data),
        "misalignments.show_finding": lambda v: misalignments.show_finding(
            v + ("&" if v else "?") + f"finding={first_finding[0]['n']}", data=data
        ),
        "network.update_network": lambda v: network.update_network(v, None, "1", "9.c", data=data),
        "flows.update_flows": lambda v: flows.update_flows(v, data=data),
        "regions.update_regions": lambda v: regions.update_regions(v, data=data),
        "cycles.update_cycles": lambda v: cycles.update_cycles(v, "WTDC-17", "WTDC-22", "question", data=data),
        "resolutions.update_resolutions": lambda v: resolutions.update_resolutions(v, data=data),
        "suggestions.update_suggestions": lambda v: suggestions.update_suggestions(v, data=data),
        "datainfo.update_data": lambda v: datainfo.update_data(v, data=data),
        "export.export_chart (png)": lambda v: export.export_chart("overview-status", "png", figure, v, data=data),
        "export.export_table (xlsx)": lambda v: export.export_table("gaps-table", "xlsx", rows, columns, v, data=data),
        "gaps.chart_pack (pdf)": lambda v: gaps.chart_pack(v, None, data=data),
    }


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(data: DashboardData, repeat: int) -> list[dict[str, Any]]:
    """Cold (memo cleared) and warm (memo answering) timings of every callback, in milliseconds."""
    results = []
    for name, call in _calls(data).items():
        cold, warm = [], []
        times = 1 if "chart_pack" in name else repeat
        for _ in range(times):
            for view in VIEWS:
                data.clear_memo()
                start = time.perf_counter()
                call(view)
                cold.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                call(view)
                warm.append((time.perf_counter() - start) * 1000)
        results.append(
            {
                "callback": name,
                "n": len(cold),
                "p50_ms": statistics.median(cold),
                "p95_ms": _percentile(cold, 0.95),
                "warm_p50_ms": statistics.median(warm),
            }
        )
    return results


def table(results: list[dict[str, Any]]) -> str:
    """The results as a Markdown table."""
    lines = ["| callback | n | p50 ms | p95 ms | p50 ms, memo warm |", "|---|---:|---:|---:|---:|"]
    lines += [
        f"| {r['callback']} | {r['n']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['warm_p50_ms']:.0f} |"
        for r in results
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, help="a build of the bundled data (built if absent)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    build = args.build_dir
    if build is None or not (build / "build.json").is_file():
        build = build or Path(tempfile.mkdtemp()) / "build"
        write_build(build_dataset(load_data(REPO / "data")), build)
    data = DashboardData.open(build)
    start = time.perf_counter()
    data.frames  # noqa: B018 - the app reads the frames once per snapshot
    print(f"frames loaded once in {(time.perf_counter() - start) * 1000:.0f} ms")
    print(table(measure(data, args.repeat)))


if __name__ == "__main__":
    main()
