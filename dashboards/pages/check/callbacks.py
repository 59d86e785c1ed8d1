"""Check a proposal callbacks: read the pasted text or the upload, show the check, download it or the brief.

The items read are kept in the browser (a session store), not on the server: the tables and
the two downloads recompute the check from them. A contribution that cannot be read is a
one-line notice, never a traceback.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from dashboards.data import DashboardData
from dashboards.documents.brief import write_brief
from dashboards.documents.check_report import check_report
from dashboards.export import require_browser
from dashboards.i18n import error_line, t
from dashboards.pages.check import view as views
from dashboards.urlstate import ViewState
from dashboards.wiring import bind
from graph.analysis.proposals import ProposalCheck, check_items
from graph.documents.contribution import Item, read_contribution, split_items
from graph.errors import ItudAlignError

__all__ = ["download_brief", "download_check", "read_proposal", "register", "show_check"]

TABLE_OUTPUTS = [(name, prop) for name in views.CHECK_TABLES for prop in ("rowData", "columnDefs")]


def _notice(err: ItudAlignError, lang: str) -> html.Span:
    """An error as one line the reader can act on (the project's errors say what and the fix)."""
    return html.Span(t("check.notice.error", lang, error=error_line(err, lang)), className="error")


def read_proposal(
    trigger: str | None, text: str | None, contents: str | None, filename: str | None, search: str | None
) -> tuple[Any, Any]:
    """The items of the pasted text (``check-run``) or of the upload (``check-upload``) for the
    browser's store, and the notice: empty, or why the contribution could not be read."""
    lang = ViewState.from_query(search).lang
    try:
        name: str | None  # None: the pasted text, named in the page's language when shown
        if trigger == "check-upload" and contents:
            name = filename or "upload"
            items = split_items(read_contribution(views.upload_bytes(contents, filename), name=name))
        elif trigger == "check-run":
            name = None
            items = split_items(read_contribution((text or "").encode("utf-8"), name=t("check.pasted", lang)))
        else:
            return no_update, no_update
    except ItudAlignError as err:
        return None, _notice(err, lang)
    return {"name": name, "items": views.items_data(items)}, ""


def _checks(stored: object, lang: str, data: DashboardData) -> tuple[str, list[ProposalCheck]]:
    """The contribution's name in ``lang`` and the check of its stored items, computed once per
    distinct contribution."""
    if not isinstance(stored, dict):
        return "", []
    items: list[Item] = views.items_of(stored.get("items"))
    if not items:
        return "", []
    key = ("check", tuple(items))
    name = stored.get("name") or t("check.pasted", lang)
    return str(name), data.memo(key, lambda: check_items(data.frames, items))


def show_check(stored: object, search: str | None, *, data: DashboardData) -> tuple[Any, ...]:
    """Every table's rows and columns (empty before a check), whether the check download is off,
    and the line that says what the tables show (the text box may since have changed)."""
    lang = ViewState.from_query(search).lang
    name, checks = _checks(stored, lang, data)
    if not checks:
        return (*([[], []] * len(views.CHECK_TABLES)), True, "")
    tables = views.check_tables(data.frames, checks, lang)
    return (
        *[part for key in views.CHECK_TABLES for part in tables[key]],
        False,
        t("check.source", lang, name=name, n=len(checks)),
    )


def download_check(stored: object, search: str | None, *, data: DashboardData) -> Any:
    """The check as a contribution-shaped .docx in the page's language."""
    lang = ViewState.from_query(search).lang
    name, checks = _checks(stored, lang, data)
    if not checks:
        return no_update
    body = check_report(checks, name=name, lang=lang, day=date.today().isoformat(), snapshot=data.snapshot)
    return dcc.send_bytes(body, f"itud-align-check-{data.snapshot[:12]}-{lang}.docx")


def download_brief(search: str | None, *, data: DashboardData) -> tuple[Any, Any]:
    """The Declaration brief in the page's language (and the view's scope), or a notice why not."""
    state = ViewState.from_query(search)
    try:
        require_browser()
        body = write_brief(data, state, [state.lang], date.today().isoformat())
    except ItudAlignError as err:
        return no_update, _notice(err, state.lang)
    return dcc.send_bytes(body, f"itud-align-brief-{data.snapshot[:12]}-{state.lang}.docx"), no_update


def register(app: Dash, data: DashboardData) -> None:
    """Wire the Check a proposal callbacks."""

    @app.callback(
        Output("check-items", "data"),
        Output("check-notice", "children"),
        Input("check-run", "n_clicks"),
        Input("check-upload", "contents"),
        State("check-text", "value"),
        State("check-upload", "filename"),
        State("check-view", "data"),
        prevent_initial_call=True,
    )
    def read(
        clicks: int | None, contents: str | None, text: str | None, filename: str | None, search: str | None
    ) -> tuple[Any, Any]:
        return read_proposal(ctx.triggered_id, text, contents, filename, search)

    app.callback(
        *[Output({"type": "table", "table": f"check-{name}"}, prop) for name, prop in TABLE_OUTPUTS],
        Output("check-download-check", "disabled"),
        Output("check-source", "children"),
        Input("check-items", "data"),
        State("check-view", "data"),
    )(bind(show_check, data))
    check_docx = bind(download_check, data)
    brief_docx = bind(download_brief, data)

    @app.callback(
        Output("check-check-docx", "data"),
        Input("check-download-check", "n_clicks"),
        State("check-items", "data"),
        State("check-view", "data"),
        prevent_initial_call=True,
    )
    def check_download(clicks: int | None, stored: object, search: str | None) -> Any:
        return check_docx(stored, search) if clicks else no_update

    @app.callback(
        Output("check-brief-docx", "data"),
        Output("check-notice", "children", allow_duplicate=True),
        Input("check-download-brief", "n_clicks"),
        State("check-view", "data"),
        prevent_initial_call=True,
    )
    def brief_download(clicks: int | None, search: str | None) -> Any:
        return brief_docx(search) if clicks else (no_update, no_update)
