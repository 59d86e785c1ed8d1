"""Review callbacks: the queue, the selected link's detail, and a decision written to its mapping file.

A decision is written only when the app was made with a token (``serve --review``) and the
request gives the same token; anything else leaves the files as they are.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dash import Dash, Input, Output, State, ctx, no_update

from dashboards.i18n import error_line, t
from dashboards.pages.review import view as views
from dashboards.urlstate import ViewState
from graph.errors import ItudAlignError
from graph.review import Decision, decide

__all__ = ["ReviewAccess", "register", "submit", "update_detail", "update_mode", "update_queue"]


@dataclass(frozen=True)
class ReviewAccess:
    """The data folder the Review page reads and writes, and the token that allows writing (None: read-only)."""

    data_dir: Path
    token: str | None = None


def update_mode(search: str | None, *, access: ReviewAccess) -> str:
    """Say whether decisions can be written."""
    lang = ViewState.from_query(search).lang
    return t("review.writable" if access.token else "review.readonly", lang)


def _unreadable(err: ItudAlignError, lang: str) -> str:
    """A data folder the page cannot read, in one line that names the file and the fix."""
    return t("review.unreadable", lang, error=error_line(err, lang))


def update_queue(search: str | None, kind: str | None, _done: int, *, access: ReviewAccess) -> tuple[Any, ...]:
    """The queue's rows and columns for the view and kind, and a notice: empty, how many rows
    of a longer queue are shown, or why the data folder could not be read (the queue empty)."""
    state = ViewState.from_query(search)
    try:
        rows, columns, total = views.queue_table(access.data_dir, state, kind)
    except ItudAlignError as err:
        return [], [], _unreadable(err, state.lang)
    notice = t("review.capped", state.lang, shown=len(rows), total=total) if total > len(rows) else ""
    return rows, columns, notice


def update_detail(selected: list[dict] | None, search: str | None, *, access: ReviewAccess) -> Any:
    """The selected link's texts and evidence, read from the data folder (the queue's rows carry
    only what the table shows and the link's key)."""
    lang = ViewState.from_query(search).lang
    if not selected:
        return views.detail(None, lang)
    try:
        row = views.evidence(access.data_dir, selected[0])
    except ItudAlignError as err:
        return _unreadable(err, lang)
    return views.detail(row, lang) if row is not None else t("review.changed", lang)


def submit(
    _accept: int,
    _reject: int,
    _edit: int,
    selected: list[dict] | None,
    reviewer: str | None,
    token: str | None,
    confidence: float | None,
    comment: str | None,
    search: str | None,
    done: int,
    *,
    access: ReviewAccess,
    action: str | None = None,
) -> tuple[Any, Any]:
    """Write the decision on the selected link; returns a message and the new decision count."""
    lang = ViewState.from_query(search).lang
    action = action or {"review-accept": "accept", "review-reject": "reject", "review-edit": "edit"}.get(
        str(ctx.triggered_id)
    )
    if action is None:
        return no_update, no_update
    if not access.token or not hmac.compare_digest(access.token, token or ""):
        return t("review.refused", lang), no_update
    if not selected:
        return t("review.select", lang), no_update
    row = selected[0]
    key = (row["subject_id"], row["predicate_id"], row["object_id"], row["comment"])
    edit = action == "edit"
    try:
        decide(
            access.data_dir,
            Decision(
                row["mapping_set"],
                key,
                action,
                (reviewer or "").strip(),
                confidence=confidence if edit else None,
                comment=(comment or None) if edit else None,
            ),
        )
    except ItudAlignError as err:
        return error_line(err, lang), no_update
    return t(
        "review.done",
        lang,
        action=t(f"review.{action}", lang),
        link=f"{row['subject_id']} {row['predicate_id']} {row['object_id']}",
    ), (done or 0) + 1


def register(app: Dash, access: ReviewAccess) -> None:
    """Wire the Review callbacks."""
    app.callback(Output("review-mode", "children"), Input("review-view", "data"))(
        lambda search: update_mode(search, access=access)
    )
    app.callback(
        Output({"type": "table", "table": "review-queue"}, "rowData"),
        Output({"type": "table", "table": "review-queue"}, "columnDefs"),
        Output("review-queue-notice", "children"),
        Input("review-view", "data"),
        Input("review-kind", "value"),
        Input("review-done", "data"),
    )(lambda search, kind, done: update_queue(search, kind, done, access=access))
    app.callback(
        Output("review-detail", "children"),
        Input({"type": "table", "table": "review-queue"}, "selectedRows"),
        State("review-view", "data"),
    )(lambda selected, search: update_detail(selected, search, access=access))
    app.callback(
        Output("review-result", "children"),
        Output("review-done", "data"),
        Input("review-accept", "n_clicks"),
        Input("review-reject", "n_clicks"),
        Input("review-edit", "n_clicks"),
        State({"type": "table", "table": "review-queue"}, "selectedRows"),
        State("review-reviewer", "value"),
        State("review-token", "value"),
        State("review-confidence", "value"),
        State("review-comment", "value"),
        State("review-view", "data"),
        State("review-done", "data"),
        prevent_initial_call=True,
    )(lambda *args: submit(*args, access=access))
