"""Building blocks the pages share: the page frame, chart cards and table cards with their export
buttons.

A chart is a ``dcc.Graph`` whose id is ``{"type": "chart", "chart": "<page>-<name>"}``;
its PNG, SVG and PDF buttons and its download share the same ``chart`` key, so one
pattern-matching callback exports every chart. Tables work the same way with ``table``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_ag_grid as dag
from dash import dcc, html

from dashboards.i18n import t
from dashboards.urlstate import ViewState

__all__ = ["CHART_FORMATS", "TABLE_FORMATS", "chart_card", "page", "table_card"]

CHART_FORMATS = ("png", "svg", "pdf")
TABLE_FORMATS = ("csv", "xlsx")

# AG Grid's own texts (pagination, empty grid) that follow the page's language
_GRID_TEXT = (
    "page",
    "of",
    "to",
    "pageSizeSelectorLabel",
    "noRowsToShow",
    "firstPage",
    "lastPage",
    "nextPage",
    "previousPage",
)
_GRAPH_CONFIG: Any = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def page(view: str, state: ViewState, *children: Any, title: str | None = None) -> html.Div:
    """A page of the dashboard: its title and one-paragraph explanation (i18n keys
    ``<title>.title`` and ``<title>.intro``, ``title`` defaulting to ``view``), the page's copy of
    the view (query string) its callbacks start from, in the store ``<view>-view``, then ``children``."""
    key = title or view
    return html.Div(
        className="page",
        children=[
            html.Div(
                className="page-heading",
                children=[
                    html.H2(t(f"{key}.title", state.lang), id=f"{key}-title"),
                    html.P(t(f"{key}.intro", state.lang), className="page-intro"),
                ],
            ),
            dcc.Store(id=f"{view}-view", data=state.to_query()),
            *children,
        ],
    )


def chart_card(chart: str, lang: str, *, height: int = 420) -> html.Div:
    """A chart with PNG/SVG/PDF export buttons; ``chart`` is ``<page>-<name>``."""
    return html.Div(
        className="card chart-card",
        id=f"{chart}-card",
        children=[
            dcc.Loading(
                dcc.Graph(id={"type": "chart", "chart": chart}, config=_GRAPH_CONFIG, style={"height": f"{height}px"}),
                type="circle",
            ),
            _export_bar("chart", chart, CHART_FORMATS, lang),
        ],
    )


def _export_bar(kind: str, name: str, formats: Sequence[str], lang: str) -> html.Div:
    """The download buttons under a ``kind`` ("chart" or "table") called ``name``."""
    return html.Div(
        className="export-bar",
        children=[
            html.Span(t(f"export.{kind}", lang), className="export-label"),
            *[
                html.Button(
                    fmt.upper(),
                    id={"type": f"{kind}-export", kind: name, "fmt": fmt},
                    className=f"export-button export-{fmt}",
                    n_clicks=0,
                )
                for fmt in formats
            ],
            dcc.Download(id={"type": f"{kind}-download", kind: name}),
        ],
    )


def table_card(
    table: str, lang: str, *, row_selection: bool = False, height: int = 420, empty: str = "grid.noRowsToShow"
) -> html.Div:
    """A sortable, filterable table with CSV/XLSX export; ``table`` is ``<page>-<name>``; ``empty``
    is the key of what it says with no rows."""
    options: dict[str, object] = {
        "pagination": True,
        "paginationPageSize": 50,
        "enableCellTextSelection": True,
        "tooltipShowDelay": 300,
        "localeText": {key: t(f"grid.{key}", lang) for key in _GRID_TEXT} | {"noRowsToShow": t(empty, lang)},
    }
    if row_selection:
        options["rowSelection"] = {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True}
    return html.Div(
        className="card table-card",
        id=f"{table}-card",
        children=[
            dag.AgGrid(
                id={"type": "table", "table": table},
                rowData=[],
                columnDefs=[],
                defaultColDef={
                    "sortable": True,
                    "filter": True,
                    "resizable": True,
                    "wrapHeaderText": True,
                    "autoHeaderHeight": True,
                },
                dashGridOptions=options,
                style={"height": f"{height}px"},
            ),
            _export_bar("table", table, TABLE_FORMATS, lang),
        ],
    )
