"""A page's first content comes with its layout, not from a second round trip.

Dash pages renders a page in the router's callback; the page's own callbacks then fired on the
new content (a second request, after the browser had loaded the page's components, and every
chart drawn empty first). Here a page registers its view callbacks with :func:`on_view`: the
page's layout, when the router renders it, calls the same functions with the URL's view and
puts their outputs into the components, so the router's one answer holds the whole page. A
callback stays wired only for the page's own controls (the Network focus, the Cycles pair),
and fires only when one of them changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import wraps
from typing import Any

import dash
import flask
from dash import Dash, Input, Output, no_update
from dash.development.base_component import Component

__all__ = ["on_view", "prefill_layouts"]

_KEY = "itud-align.first-render"


@dataclass(frozen=True)
class _Fill:
    outputs: tuple[Output, ...]
    func: Callable[..., Any]
    controls: tuple[str, ...]


def on_view(app: Dash, page: str, func: Callable[..., Any], *outputs: Output, controls: tuple[str, ...] = ()) -> None:
    """Fill ``outputs`` with ``func(search, *control values)`` when ``page`` is rendered; with
    ``controls``, also from a callback whenever one of their values changes."""
    fills = app.server.extensions.setdefault(_KEY, {})
    fills.setdefault(page, []).append(_Fill(outputs, func, controls))
    if controls:
        app.callback(
            *outputs,
            Input(f"{page}-view", "data"),
            *[Input(control, "value") for control in controls],
            prevent_initial_call=True,  # the layout already holds the first outputs
        )(func)


def _components(tree: Any) -> Iterator[Component]:
    if isinstance(tree, Component):
        yield tree
        yield from _components(getattr(tree, "children", None))
    elif isinstance(tree, list | tuple):
        for child in tree:
            yield from _components(child)


def _key(component_id: Any) -> str:
    return repr(sorted(component_id.items())) if isinstance(component_id, dict) else str(component_id)


def _fill(page: str, tree: Component) -> Component:
    fills = flask.current_app.extensions.get(_KEY, {}).get(page, [])
    ids = ((getattr(c, "id", None), c) for c in _components(tree))
    by_id = {_key(cid): c for cid, c in ids if cid is not None}
    search = getattr(by_id[f"{page}-view"], "data", "") if fills else ""
    for fill in fills:
        values = fill.func(search, *[getattr(by_id[c], "value", None) for c in fill.controls])
        values = values if len(fill.outputs) > 1 else (values,)
        for output, value in zip(fill.outputs, values, strict=True):
            if value is not no_update:
                setattr(by_id[_key(output.component_id)], output.component_property, value)
    return tree


def _prefilled(page: str, layout: Callable[..., Component]) -> Callable[..., Component]:
    @wraps(layout)
    def render(**params: object) -> Component:
        tree = layout(**params)
        # the router's callback renders a page; Dash also calls every layout once, outside any
        # callback, to know every component id (nothing to fill then)
        if flask.has_request_context() and flask.request.path.endswith("_dash-update-component"):
            return _fill(page, tree)
        return tree

    render.__dict__["prefilled"] = True
    return render


def prefill_layouts() -> None:
    """Make every registered page's layout fill its first content (once per process)."""
    for module, entry in dash.page_registry.items():
        layout = entry.get("layout")
        if callable(layout) and not getattr(layout, "prefilled", False):
            entry["layout"] = _prefilled(module.split(".")[-2], layout)
