"""Turn benchmark results into results.json, results.md (tables) and results.png (plot)."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

__all__ = ["TARGETS", "check_targets", "markdown", "plot", "write"]

# (id, what, tier, how to read it from a tier, comparison, limit)
TARGETS: list[tuple[str, str, str, str, str, float]] = [
    (
        "endpoint_vs_rdflib",
        "endpoint speed-up over rdflib-endpoint (median of queries)",
        "1m",
        "sparql.speedup_vs_rdflib_median",
        ">=",
        20.0,
    ),
    (
        "endpoint_vs_direct",
        "endpoint latency / pyoxigraph direct (median of queries)",
        "1m",
        "sparql.endpoint_vs_direct_median",
        "<=",
        1.3,
    ),
    ("build_vs_bulk_load", "build time / bulk load time", "1m", "build_vs_bulk_load", "<=", 3.0),
    ("analysis_seconds", "full analysis time (s)", "1m", "analysis.seconds", "<=", 15.0),
    ("analysis_memory", "full analysis peak memory (MB)", "1m", "analysis.peak_rss_mb", "<=", 2048.0),
    ("callbacks_bundled", "dashboard callbacks p95 (ms), bundled data", "bundled", "callbacks.p95_ms", "<=", 200.0),
    ("callbacks_100k", "dashboard callbacks p95 (ms), 100k triples", "100k", "callbacks.p95_ms", "<=", 1000.0),
]


def _get(tier: dict[str, Any], path: str) -> Any:
    value: Any = tier
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured figure (None when that tier or benchmark was not run)."""
    tiers = {t["name"]: t for t in results["tiers"]}
    rows = []
    for key, what, tier, path, op, limit in TARGETS:
        value = _get(tiers[tier], path) if tier in tiers else None
        ok = None if value is None else (value >= limit if op == ">=" else value <= limit)
        rows.append({"id": key, "what": what, "tier": tier, "measured": value, "target": f"{op} {limit:g}", "met": ok})
    return rows


def _median_of(queries: dict[str, dict[str, float]] | None) -> float | None:
    if not queries:
        return None
    return round(statistics.median(q["median_ms"] for q in queries.values()), 2)


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def markdown(results: dict[str, Any]) -> str:
    """The results as Markdown: targets, then one row per size for each benchmark."""
    lines = [
        f"Command: `{results['command']}`  ",
        f"Machine: {results['machine']}  ",
        f"Started: {results['started']}",
        "",
        "### Targets",
        "",
        "| target | size | measured | target | met |",
        "|---|---|---|---|---|",
    ]
    for t in results.get("targets", []):
        met = {True: "yes", False: "**no**", None: "not measured"}[t["met"]]
        lines.append(f"| {t['what']} | {t['tier']} | {_fmt(t['measured'])} | {t['target']} | {met} |")
    lines += [
        "",
        "### Build and analysis",
        "",
        "| size | triples | build s | bulk load s | build ÷ bulk | SHACL s | analysis s | query floor s "
        "| analysis ÷ floor | analysis peak MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for t in results["tiers"]:
        b, a = t["build"], t["analysis"]
        lines.append(
            f"| {t['name']} | {t['triples']} | {_fmt(b['seconds'])} | {_fmt(t['bulk_load']['seconds'])} "
            f"| {_fmt(t['build_vs_bulk_load'])} | {_fmt(b['phases']['shacl'])} | {_fmt(a['seconds'])} "
            f"| {_fmt(t['query_floor']['seconds'])} | {_fmt(t['analysis_vs_query_floor'])} "
            f"| {_fmt(a['peak_rss_mb'], 0)} |"
        )
    lines += [
        "",
        "Analysis stages (s): "
        + "; ".join(
            f"{t['name']}: " + ", ".join(f"{k} {v:.2f}" for k, v in t["analysis"]["stages"].items())
            for t in results["tiers"]
        ),
    ]
    lines += [
        "",
        "Build phases (s; shacl runs within write_build, beside the store load): "
        + "; ".join(
            f"{t['name']}: " + ", ".join(f"{k} {v:.2f}" for k, v in t["build"]["phases"].items())
            for t in results["tiers"]
        ),
    ]
    sparql = [t for t in results["tiers"] if "sparql" in t]
    if sparql:
        lines += [
            "",
            "### SPARQL endpoint (example queries; latency = median over queries of each query's median)",
            "",
            "| size | direct ms | endpoint ms | endpoint ÷ direct | rdflib-endpoint ms | speed-up vs rdflib "
            "| endpoint q/s | rdflib q/s | endpoint MB | rdflib MB |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for t in sparql:
            s = t["sparql"]
            peer = s.get("rdflib_endpoint", {})
            lines.append(
                f"| {t['name']} | {_fmt(_median_of(s['direct']))} | {_fmt(_median_of(s['endpoint']['queries']))} "
                f"| {_fmt(s['endpoint_vs_direct_median'])} | {_fmt(_median_of(peer.get('queries')))} "
                f"| {_fmt(s.get('speedup_vs_rdflib_median'), 1)} "
                f"| {_fmt(s['endpoint']['throughput']['queries_per_s'])} "
                f"| {_fmt(peer.get('throughput', {}).get('queries_per_s'))} | {_fmt(s['endpoint']['rss_mb_after'], 0)} "
                f"| {_fmt(peer.get('rss_mb_after'), 0)} |"
            )
        lines += ["", "Per query at the largest size (median ms: direct / endpoint / rdflib-endpoint):", ""]
        last = sparql[-1]["sparql"]
        for name, d in last["direct"].items():
            peer_q = last.get("rdflib_endpoint", {}).get("queries", {}).get(name, {})
            lines.append(
                f"- `{name}`: {d['median_ms']} / {last['endpoint']['queries'][name]['median_ms']} / "
                f"{_fmt(peer_q.get('median_ms'))}"
            )
    calls = [t for t in results["tiers"] if "callbacks" in t]
    if calls:
        lines += [
            "",
            "### Dashboard callbacks through HTTP",
            "",
            "| size | requests | p50 ms | p95 ms | max ms | in-process p95 ms | HTTP ÷ in-process |",
            "|---|---|---|---|---|---|---|",
        ]
        for t in calls:
            c = t["callbacks"]
            lines.append(
                f"| {t['name']} | {c['requests']} | {_fmt(c['p50_ms'])} | {_fmt(c['p95_ms'])} "
                f"| {_fmt(c['max_ms'])} | {_fmt(c.get('baseline_p95_ms'))} | {_fmt(c.get('ratio'))} |"
            )
    return "\n".join(lines) + "\n"


def plot(results: dict[str, Any], path: Path) -> Path:
    """Time and memory against size (log-log), one line per benchmark and baseline."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    tiers = sorted(results["tiers"], key=lambda t: t["triples"])
    x = [t["triples"] for t in tiers]
    fig = make_subplots(rows=1, cols=2, subplot_titles=("time (s)", "peak memory (MB)"))
    series_time = {
        "build": [t["build"]["seconds"] for t in tiers],
        "bulk load (baseline)": [t["bulk_load"]["seconds"] for t in tiers],
        "SHACL (part of build)": [t["build"]["phases"]["shacl"] for t in tiers],
        "full analysis": [t["analysis"]["seconds"] for t in tiers],
        "named queries only (baseline)": [t["query_floor"]["seconds"] for t in tiers],
    }
    if all("sparql" in t for t in tiers):
        series_time["endpoint query, median"] = [_median_of(t["sparql"]["endpoint"]["queries"]) / 1000 for t in tiers]
        series_time["pyoxigraph direct, median"] = [_median_of(t["sparql"]["direct"]) / 1000 for t in tiers]
        if all("rdflib_endpoint" in t["sparql"] for t in tiers):
            series_time["rdflib-endpoint query, median"] = [
                _median_of(t["sparql"]["rdflib_endpoint"]["queries"]) / 1000 for t in tiers
            ]
    if all("callbacks" in t for t in tiers):
        series_time["dashboard callback p95"] = [t["callbacks"]["p95_ms"] / 1000 for t in tiers]
    for name, ys in series_time.items():
        fig.add_trace(go.Scatter(x=x, y=ys, mode="lines+markers", name=name, legendgroup="t"), row=1, col=1)
    series_mem = {
        "build": [t["build"]["peak_rss_mb"] for t in tiers],
        "full analysis": [t["analysis"]["peak_rss_mb"] for t in tiers],
    }
    if all("sparql" in t for t in tiers):
        series_mem["endpoint server"] = [t["sparql"]["endpoint"]["rss_mb_after"] for t in tiers]
        if all("rdflib_endpoint" in t["sparql"] for t in tiers):
            series_mem["rdflib-endpoint server"] = [t["sparql"]["rdflib_endpoint"]["rss_mb_after"] for t in tiers]
    for name, ys in series_mem.items():
        fig.add_trace(
            go.Scatter(x=x, y=ys, mode="lines+markers", name=f"{name} (memory)", legendgroup="m", line={"dash": "dot"}),
            row=1,
            col=2,
        )
    fig.update_xaxes(type="log", title_text="triples")
    fig.update_yaxes(type="log")
    fig.update_layout(
        width=1300,
        height=560,
        title="itud-align benchmarks against size",
        template="plotly_white",
        legend={"font": {"size": 10}},
    )
    fig.write_image(str(path))
    return path


def write(results: dict[str, Any], out: Path) -> list[Path]:
    """Write results.json, results.md and results.png into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    results["targets"] = check_targets(results)
    paths = [out / "results.json", out / "results.md"]
    paths[0].write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(markdown(results), encoding="utf-8")
    if results["tiers"]:
        paths.append(plot(results, out / "results.png"))
    return paths
