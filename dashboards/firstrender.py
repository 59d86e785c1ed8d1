"""A page's first content comes with its layout, not from a second round trip.

Dash pages renders a page in the router's callback; the page's own callbacks then fired on the
new content (a second request, after the browser had loaded the page's components, and every
chart drawn empty first). Here a page registers its view callbacks with :func:`on_view`: the
page's layout, when the router renders it, calls the same functions with the URL's view and
puts their outputs into the components, so the router's one answer holds the whole page. A
callback stays wired only for the page's own controls (the Network focus, the Cycles pair),
and fires only when one of them changes.

Such a control also writes the URL, which would have the router render the whole page again
(a second and third round trip, every chart and picker drawn anew). The page keeps what it
shows in a store (:func:`shown_id`) that the URL writer updates with the URL: the router leaves
the page as it is when the new URL names what it already shows, and renders it when the URL
says something else (a filter, the language, the browser's back button).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import wraps
from typing import Any

import dash
import flask
from dash import ALL, Dash, Input, Output, State, dcc, html, no_update
from dash.development.base_component import Component

from dashboards.i18n import error_line
from dashboards.urlstate import ViewState
from graph.errors import ItudAlignError

__all__ = ["ROUTING_INPUTS", "descendants", "on_view", "prefill_layouts", "shown", "shown_id"]

_KEY = "itud-align.first-render"
# what the router is told besides the URL: the view the page on screen shows, if it keeps one
ROUTING_INPUTS: dict[str, Input | State] = {"shown": State({"type": "shown-view", "page": ALL}, "data")}


def shown_id(page: str) -> dict[str, str]:
    """The id of the store holding the view ``page`` shows (pages with their own controls)."""
    return {"type": "shown-view", "page": page}


def shown(page: str, query: str) -> str:
    """What that store holds: the page and its view's query string."""
    return page + query


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


def descendants(tree: Any) -> Iterator[Component]:
    """Every component of ``tree`` (a component or a list of them), ``tree`` first."""
    if isinstance(tree, Component):
        yield tree
        yield from descendants(getattr(tree, "children", None))
    elif isinstance(tree, list | tuple):
        for child in tree:
            yield from descendants(child)


def _key(component_id: Any) -> str:
    return repr(sorted(component_id.items())) if isinstance(component_id, dict) else str(component_id)


def _fills(page: str) -> list[_Fill]:
    return flask.current_app.extensions.get(_KEY, {}).get(page, [])


def _fill(page: str, tree: Component) -> Component:
    fills = _fills(page)
    ids = ((getattr(c, "id", None), c) for c in descendants(tree))
    by_id = {_key(cid): c for cid, c in ids if cid is not None}
    search = getattr(by_id[f"{page}-view"], "data", "") if fills else ""
    errors: list[str] = []
    for fill in fills:
        try:
            values = fill.func(search, *[getattr(by_id[c], "value", None) for c in fill.controls])
        except ItudAlignError as err:  # a URL option the data refuses (an unknown scope...): say it, draw the rest
            errors.append(error_line(err, ViewState.from_query(search).lang))
            continue
        values = values if len(fill.outputs) > 1 else (values,)
        for output, value in zip(fill.outputs, values, strict=True):
            if value is not no_update:
                setattr(by_id[_key(output.component_id)], output.component_property, value)
    if any(fill.controls for fill in fills):
        tree.children = [*tree.children, dcc.Store(id=shown_id(page), data=shown(page, search))]
    if errors:
        notices = [html.P(message, className="notice") for message in dict.fromkeys(errors)]
        tree.children = [*tree.children[:1], html.Div(notices, className="filters-notice"), *tree.children[1:]]
    return tree


def _prefilled(page: str, layout: Callable[..., Component]) -> Callable[..., Component]:
    @wraps(layout)
    def render(**params: object) -> Any:
        on_screen = params.pop("shown", None)
        # the router's callback renders a page; Dash also calls every layout once, outside any
        # callback, to know every component id (nothing to fill then)
        if not (flask.has_request_context() and flask.request.path.endswith("_dash-update-component")):
            return layout(**params)
        if on_screen == [shown(page, ViewState.from_params(params).to_query())]:
            return no_update  # the page's own controls wrote this URL: it shows it already
        return _fill(page, layout(**params))

    render.__dict__["prefilled"] = True
    return render


def prefill_layouts() -> None:
    """Make every registered page's layout fill its first content (once per process)."""
    for module, entry in dash.page_registry.items():
        layout = entry.get("layout")
        if callable(layout) and not getattr(layout, "prefilled", False):
            entry["layout"] = _prefilled(module.split(".")[-2], layout)
