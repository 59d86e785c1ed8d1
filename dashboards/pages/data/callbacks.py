"""Data page callback: summary (snapshot, SHACL report), status charts, sources table."""

from __future__ import annotations

from typing import Any

from dash import Dash, Output, html

from dashboards.data import DashboardData
from dashboards.firstrender import on_view
from dashboards.i18n import t
from dashboards.pages.data import view as views
from dashboards.shared_views import view_of
from dashboards.wiring import bind_memo

__all__ = ["register", "update_completeness", "update_data"]


def update_data(search: str | None, *, data: DashboardData) -> tuple[Any, ...]:
    """The summary block, the element and link status charts, the sources table."""
    state = view_of(data, search)
    lang = state.lang
    snapshot, triples, shacl = views.summary(data)
    if shacl is None:
        report: Any = t("data.shacl.unknown", lang)
    elif not shacl:
        report = t("data.shacl.ok", lang)
    else:
        report = html.Ul([html.Li(p) for p in shacl])
    block = [
        html.P(
            [
                html.B(t("data.snapshot", lang) + " "),
                html.Code(snapshot, id="data-snapshot"),
                " · " + t("data.triples", lang, n=triples or "?"),
            ]
        ),
        html.P([html.B(t("data.shacl", lang) + " "), html.Span(report, id="data-shacl")]),
        html.P(t("data.provenance", lang)),
    ]
    rows, columns = views.sources_table(data, lang)
    return block, views.element_status(data, state), views.link_status(data, state), rows, columns


def update_completeness(search: str | None, *, data: DashboardData) -> tuple[Any, ...]:
    """The data-completeness table of the view."""
    return views.completeness_table(data, view_of(data, search))


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Data page callbacks."""
    on_view(
        app,
        "data",
        bind_memo(update_completeness, data),
        Output({"type": "table", "table": "data-completeness"}, "rowData"),
        Output({"type": "table", "table": "data-completeness"}, "columnDefs"),
    )
    on_view(
        app,
        "data",
        bind_memo(update_data, data),
        Output("data-summary", "children"),
        Output({"type": "chart", "chart": "data-elements"}, "figure"),
        Output({"type": "chart", "chart": "data-links"}, "figure"),
        Output({"type": "table", "table": "data-sources"}, "rowData"),
        Output({"type": "table", "table": "data-sources"}, "columnDefs"),
    )
