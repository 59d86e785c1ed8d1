"""Callbacks: plain functions a test can call, and ``register`` functions that wire them to an app.

Each module holds one page's callbacks. A callback takes the inputs Dash gives it and
the app's :class:`~dashboards.data.DashboardData` as ``data``; ``register_all`` binds
``data`` so Dash calls them with the inputs only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from dash import Dash

from dashboards.data import DashboardData

__all__ = ["bind", "register_all"]


def bind(func: Callable[..., Any], data: DashboardData) -> Callable[..., Any]:
    """``func`` with its ``data`` keyword argument fixed."""

    @wraps(func)
    def bound(*args: Any) -> Any:
        return func(*args, data=data)

    return bound


def register_all(app: Dash, data: DashboardData) -> None:
    """Wire every page's callbacks to ``app``."""
    from dashboards.callbacks import export, gaps, misalignments, overview, shell

    for module in (shell, export, overview, gaps, misalignments):
        module.register(app, data)
