"""Load dashboard pages the way the browser does, over HTTP, and time every callback.

A page load is: the pages callback (``_pages_location.pathname`` -> the page's layout),
then every callback that the Dash renderer fires on its own (not ``prevent_initial_call``,
not client-side) once its inputs are in the layout, in dependency order, each a
``POST /_dash-update-component`` with the values the layout (and the callbacks before it)
gave. The plan (``/_dash-dependencies``, ``/_dash-layout``, the page paths from the
layout's links) is read from the server itself, so it follows the dashboard as it changes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests

__all__ = ["CallbackTiming", "DashPlan", "http_post", "load_page", "measure_pages", "read_plan", "read_plan_from"]

PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."
Post = Callable[[str, dict[str, Any]], tuple[int, Any]]


def _key(component_id: Any) -> str:
    """The id as the dependencies spell it: a string, or a dict as sorted compact JSON."""
    return (
        component_id
        if isinstance(component_id, str)
        else json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    )


def _components(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for child in node:
            yield from _components(child)
    elif isinstance(node, dict) and "props" in node:
        yield node
        for value in node["props"].values():
            yield from _components(value)


def _outputs(output: str) -> list[tuple[str, str]]:
    """``..a.x...b.y..`` or ``a.x`` (with ``@hash`` on duplicates) -> [(id key, property)]."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    pairs = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        pairs.append((component, prop.split("@", 1)[0]))
    return pairs


def _as_id(key: str) -> Any:
    return json.loads(key) if key.startswith("{") else key


@dataclass
class DashPlan:
    """What the server says about itself: callbacks, the shell layout and the page paths."""

    dependencies: list[dict[str, Any]]
    layout: dict[str, Any]
    pages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CallbackTiming:
    """One callback request of a page load."""

    page: str
    output: str
    ms: float
    status: int


def read_plan(base: str, session: requests.Session) -> DashPlan:
    """Read ``/_dash-dependencies`` and ``/_dash-layout``; the pages are the layout's local links."""
    dependencies = session.get(f"{base}/_dash-dependencies", timeout=60).json()
    return read_plan_from(dependencies, session.get(f"{base}/_dash-layout", timeout=60).json())


def read_plan_from(dependencies: list[dict[str, Any]], layout: dict[str, Any]) -> DashPlan:
    """The plan from the dependencies and the shell layout; the pages are the layout's local links."""
    pages = sorted(
        {
            c["props"]["href"]
            for c in _components(layout)
            if isinstance(c["props"].get("href"), str) and c["props"]["href"].startswith("/")
        }
    )
    return DashPlan(dependencies, layout, pages)


def http_post(base: str, session: requests.Session, timeout: float = 120.0) -> Post:
    """A poster of callback requests to ``base``/_dash-update-component."""

    def post(_path: str, body: dict[str, Any]) -> tuple[int, Any]:
        answer = session.post(f"{base}/_dash-update-component", json=body, timeout=timeout)
        return answer.status_code, answer.json() if answer.status_code == 200 else None

    return post


def _request(dep: dict[str, Any], props: dict[str, dict[str, Any]], changed: list[str]) -> dict[str, Any]:
    def values(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "id": _as_id(_key(i["id"])),
                "property": i["property"],
                "value": props.get(_key(i["id"]), {}).get(i["property"]),
            }
            for i in items
        ]

    outputs = [{"id": _as_id(c), "property": p} for c, p in _outputs(dep["output"])]
    return {
        "output": dep["output"],
        "outputs": outputs if dep["output"].startswith("..") else outputs[0],
        "inputs": values(dep["inputs"]),
        "state": values(dep["state"]),
        "changedPropIds": changed,
    }


def _merge(props: dict[str, dict[str, Any]], answer: Any) -> None:
    if not isinstance(answer, dict):
        return
    for component, values in answer.get("response", {}).items():
        props.setdefault(component, {}).update(values)
        for node in _components(list(values.values())):
            if "id" in node["props"]:
                props.setdefault(_key(node["props"]["id"]), {}).update(node["props"])


def _fed_by_others(dep: dict[str, Any], ready: list[dict[str, Any]]) -> set[str]:
    return {c for other in ready if other is not dep for c, _ in _outputs(other["output"])}


def load_page(plan: DashPlan, path: str, post: Post) -> list[CallbackTiming]:
    """Load ``path``: the pages callback, then every initial callback in dependency order."""
    props: dict[str, dict[str, Any]] = {}
    for node in _components(plan.layout):
        if "id" in node["props"]:
            props[_key(node["props"]["id"])] = dict(node["props"])
    props.setdefault("_pages_location", {}).update({"pathname": path, "search": ""})
    timings: list[CallbackTiming] = []

    def fire(dep: dict[str, Any], changed: list[str]) -> None:
        clock = time.perf_counter()
        status, answer = post(path, _request(dep, props, changed))
        timings.append(CallbackTiming(path, dep["output"], round((time.perf_counter() - clock) * 1000, 2), status))
        _merge(props, answer)

    pages_dep = next(d for d in plan.dependencies if d["output"] == PAGES_OUTPUT)
    fire(pages_dep, ["_pages_location.pathname"])
    pending = [
        d
        for d in plan.dependencies
        if not d.get("prevent_initial_call")
        and not d.get("clientside_function")
        and d["output"] != PAGES_OUTPUT
        and all(not isinstance(i["id"], dict) for i in d["inputs"])
    ]
    while True:
        ready = [
            d
            for d in pending
            if all(_key(i["id"]) in props for i in d["inputs"]) and any(c in props for c, _ in _outputs(d["output"]))
        ]
        # fire first what no other ready callback still has to feed
        first = [d for d in ready if not any(_key(i["id"]) in _fed_by_others(d, ready) for i in d["inputs"])] or ready[
            :1
        ]
        if not first:
            return timings
        for dep in first:
            pending.remove(dep)
            fire(dep, [])


def measure_pages(plan: DashPlan, post: Post, passes: int = 3) -> dict[str, Any]:
    """Load every page once to warm up (timed apart as ``cold``), then ``passes`` more times."""
    from tests.benchmarks.sparql import percentile

    cold = [t for page in plan.pages for t in load_page(plan, page, post)]
    warm = [t for _ in range(passes) for page in plan.pages for t in load_page(plan, page, post)]
    ms = [t.ms for t in warm]
    slowest = max(warm, key=lambda t: t.ms)
    return {
        "requests": len(warm),
        "errors": sum(t.status != 200 for t in [*cold, *warm]),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "max_ms": max(ms),
        "slowest": f"{slowest.page} {slowest.output[:80]}",
        "cold_max_ms": max(t.ms for t in cold),
        "cold_total_ms": round(sum(t.ms for t in cold), 1),
        "pages": len(plan.pages),
    }
