"""Callbacks: plain functions a test can call, and ``register`` functions that wire them to an app.

Each module holds one page's callbacks. A callback takes the inputs Dash gives it and
the app's :class:`~dashboards.data.DashboardData` as ``data``; ``register_all`` binds
``data`` so Dash calls them with the inputs only. A callback that is a pure function of
its inputs and the snapshot is bound with :func:`bind_memo`: its answer is kept, so the
same view asked again (another visitor, a reload) is not drawn again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, no_update

from dashboards.data import DashboardData
from dashboards.firstrender import shown, shown_id
from dashboards.shell.layout import URL
from dashboards.urlstate import ViewState

__all__ = ["bind", "bind_memo", "keep_in_url", "option_in_url"]


def bind(func: Callable[..., Any], data: DashboardData) -> Callable[..., Any]:
    """``func`` with its ``data`` keyword argument fixed."""

    @wraps(func)
    def bound(*args: Any) -> Any:
        return func(*args, data=data)

    return bound


def _plain(value: Any) -> Any:
    """``value`` with its figures as the dicts Dash sends (a kept ``go.Figure`` would be copied
    whole again by every answer's serialization)."""
    if isinstance(value, go.Figure):
        return value.to_plotly_json()
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def bind_memo(func: Callable[..., Any], data: DashboardData) -> Callable[..., Any]:
    """``func`` bound to ``data``, its answer memoised per snapshot and inputs.

    Only for a callback whose answer depends on nothing but its inputs and the snapshot
    (not on files that change, the time or the request): the payload is kept in the app's
    memo under (snapshot, callback, inputs) and handed to Dash again as it is.
    """
    name = f"{func.__module__}.{func.__qualname__}"

    @wraps(func)
    def memoised(*args: Any) -> Any:
        key = (data.snapshot, "payload", name, json.dumps(args, sort_keys=True))
        return data.memo(key, lambda: _plain(func(*args, data=data)))

    return memoised


def option_in_url(search: str | None, key: str, value: str | None, default: str) -> str:
    """The URL query with page option ``key`` set to ``value`` (left out when it is ``default``)."""
    state = ViewState.from_query(search)
    return state.with_option(key, None if value in (None, default) else value).to_query()


def keep_in_url(
    app: Dash,
    options: dict[str, tuple[str, str]],
    shown_by: str | None = None,
    in_url: dict[str, Callable[[str], str]] | None = None,
) -> None:
    """Write page controls to the URL: ``options`` maps option key -> (component id, default).

    ``shown_by`` names a page whose callbacks follow these controls themselves: the URL then
    goes with the view that page shows (:mod:`dashboards.firstrender`), so the router does not
    render the page again for it. ``in_url`` maps an option key to what turns its control's
    value into the URL's (the control's value itself otherwise).
    """
    for key, (component, default) in options.items():
        convert = (in_url or {}).get(key)

        def write(
            value: str | None,
            search: str | None,
            key: str = key,
            default: str = default,
            convert: Callable[[str], str] | None = convert,
        ) -> Any:
            query = option_in_url(search, key, convert(value) if convert and value else value, default)
            if query == (search or ""):
                return (no_update, no_update) if shown_by else no_update
            return (query, shown(shown_by, query)) if shown_by else query

        shown_output = [Output(shown_id(shown_by), "data", allow_duplicate=True)] if shown_by else []
        app.callback(
            Output(URL, "search", allow_duplicate=True),
            *shown_output,
            Input(component, "value"),
            State(URL, "search"),
            prevent_initial_call=True,
        )(write)
