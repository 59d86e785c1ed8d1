"""Cycles callbacks: the cycle choices, and the diff of the two chosen cycles."""

from __future__ import annotations

from typing import Any

from dash import Dash, Output

from dashboards.data import DashboardData
from dashboards.figures.common import empty_figure
from dashboards.firstrender import on_view
from dashboards.i18n import error_line, t
from dashboards.pages.cycles import view as views
from dashboards.shared_views import view_of
from dashboards.wiring import bind_memo, keep_in_url
from graph.errors import ItudAlignError

__all__ = ["register", "update_cycles"]


def update_cycles(
    search: str | None, first: str | None, second: str | None, kind: str | None, *, data: DashboardData
) -> tuple[Any, ...]:
    """Options and value of both pickers (the URL's ``from`` and ``to`` stand in for empty ones),
    a message, the two charts, the table's rows and columns."""
    state = view_of(data, search)
    lang = state.lang
    options = views.cycle_options(data)
    kind = kind or state.option("kind", "question")
    first = first or state.option("from", "WTDC-17")
    second = second or state.option("to", "WTDC-22")
    try:
        result = views.diff(data, state, first, second, kind)
    except ItudAlignError as err:
        blank = empty_figure(t("cycles.title", lang), t("cycles.pick", lang))  # the message says why
        return options, first, options, second, error_line(err, lang), blank, blank, [], []
    rows, columns = views.cycle_table(result, lang)
    return (
        options,
        first,
        options,
        second,
        "",
        views.cycle_changes(result, lang, kind),
        views.cycle_coverage(result, data, lang),
        rows,
        columns,
    )


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Cycles callback."""
    on_view(
        app,
        "cycles",
        bind_memo(update_cycles, data),
        Output("cycles-from", "options"),
        Output("cycles-from", "value"),
        Output("cycles-to", "options"),
        Output("cycles-to", "value"),
        Output("cycles-message", "children"),
        Output({"type": "chart", "chart": "cycles-changes"}, "figure"),
        Output({"type": "chart", "chart": "cycles-coverage"}, "figure"),
        Output({"type": "table", "table": "cycles-table"}, "rowData"),
        Output({"type": "table", "table": "cycles-table"}, "columnDefs"),
        controls=("cycles-from", "cycles-to", "cycles-kind"),
    )
    keep_in_url(
        app,
        {"from": ("cycles-from", "WTDC-17"), "to": ("cycles-to", "WTDC-22"), "kind": ("cycles-kind", "question")},
        shown_by="cycles",
    )
