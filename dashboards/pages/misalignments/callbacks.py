"""Misalignments callbacks: the chart and table of findings, and the selected finding's evidence."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, html, no_update

from dashboards.data import DashboardData
from dashboards.firstrender import on_view
from dashboards.i18n import label, t
from dashboards.pages.misalignments import view as views
from dashboards.shared_views import finding_rows, view_of
from dashboards.shell.layout import URL
from dashboards.wiring import bind_memo, option_in_url

__all__ = ["register", "select_finding", "show_finding", "update_misalignments"]


def update_misalignments(search: str | None, *, data: DashboardData) -> tuple[Any, ...]:
    """The findings chart, then the table's rows and columns."""
    state = view_of(data, search)
    rows, columns = views.findings_table(data, state)
    return views.findings_by_rule(data, state), rows, columns


def select_finding(selected: list[dict[str, Any]] | None, search: str | None) -> Any:
    """The URL with the selected finding's number (``finding=12``), so a link reopens it.

    No selection leaves the URL alone: the grid reports one while it loads its rows, and that
    must not wipe the finding a link or a reload asked for."""
    if not selected:
        return no_update
    query = option_in_url(search, "finding", str(selected[0]["n"]), "")
    return query if query != (search or "") else no_update


def show_finding(search: str | None, *, data: DashboardData) -> Any:
    """The explanation and evidence table of the URL's finding (``finding=n``)."""
    state = view_of(data, search)
    lang = state.lang
    number = state.option("finding")
    if not number.isdigit() or not 1 <= int(number) <= len(finding_rows(data, state)):
        return html.P(t("mis.pick", lang))
    finding, evidence = views.evidence(data, state, int(number))
    head = [html.Th(t(f"mis.ev.{c}", lang)) for c in evidence.columns]

    def cell(row: dict[str, Any], column: str) -> html.Td:
        if column == "status":
            shown = t(f"status.{row['status']}", lang) if row["status"] else ""
            return html.Td(shown, className=f"status-{row['status']}")
        return html.Td(row[column])

    body = [html.Tr([cell(row, c) for c in evidence.columns]) for row in evidence.to_dict("records")]
    return [
        html.H3(f"{finding['rule']} · {t('rule.' + finding['rule'], lang)}", id="misalignments-rule"),
        html.P(
            [
                html.B(t("view.filter", lang, name=t(f"severity.{finding['severity']}", lang), value="")),
                finding["message_fr"]
                if lang == "fr" and finding.get("message_fr")
                else label(finding["message"], None, lang),
            ]
        ),
        html.H4(t("mis.evidence", lang)),
        html.Table([html.Thead(html.Tr(head)), html.Tbody(body)], id="misalignments-evidence"),
    ]


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Misalignments callbacks."""
    on_view(
        app,
        "misalignments",
        bind_memo(update_misalignments, data),
        Output({"type": "chart", "chart": "misalignments-by-rule"}, "figure"),
        Output({"type": "table", "table": "misalignments-table"}, "rowData"),
        Output({"type": "table", "table": "misalignments-table"}, "columnDefs"),
    )
    on_view(app, "misalignments", bind_memo(show_finding, data), Output("misalignments-detail", "children"))
    app.callback(
        Output(URL, "search", allow_duplicate=True),
        Input({"type": "table", "table": "misalignments-table"}, "selectedRows"),
        State(URL, "search"),
        prevent_initial_call=True,
    )(select_finding)
