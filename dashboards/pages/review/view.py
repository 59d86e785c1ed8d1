"""Review views: the queue of links to decide on, and one link's two texts and evidence."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pandas as pd
from dash import html

from dashboards.i18n import t
from dashboards.shared_views import table
from dashboards.urlstate import ViewState
from graph.files import folder_digest
from graph.review import queue_link, review_queue

__all__ = ["COLUMNS", "QUEUE_ROWS", "detail", "evidence", "queue_table"]

COLUMNS = ("subject_id", "predicate_id", "object_id", "status", "confidence", "mapping_set", "line")
# not shown, but part of the key a decision names (a row whose comment changed meanwhile is refused)
_KEY = ("subject_id", "predicate_id", "object_id", "comment")
# shown in the detail panel only: read on selection, not sent with every row
_EVIDENCE = ("subject_text", "object_text", "mapping_justification", "author_id", "mapping_date", "source")
# the most rows sent to the browser: a reviewer narrows a longer queue with the filters (at 1M
# triples the queue holds about 49,000 links, 12 MB of rows in each web worker and each answer)
QUEUE_ROWS = 2000


def queue_table(
    data_dir: Any, state: ViewState, kind: str | None, limit: int = QUEUE_ROWS
) -> tuple[list[dict], list[dict], int]:
    """The queue filtered by kind and the view's cycle, region and priority: its first ``limit``
    rows, the columns, and how many links the queue holds.

    Kept per content of the data folder: a decision written to a mapping file (here or from
    the terminal) changes its digest, so the next call reads the files again."""
    f = state.filters
    digest = folder_digest(data_dir)
    return _queue_table(Path(data_dir), digest, kind, f.priority, f.region, f.period, state.lang, limit)


@functools.lru_cache(maxsize=8)
def _queue_table(
    data_dir: Path,
    digest: str,
    kind: str | None,
    priority: str | None,
    region: str | None,
    period: str | None,
    lang: str,
    limit: int,
) -> tuple[list[dict], list[dict], int]:
    del digest  # part of the key only
    queue = review_queue(data_dir, kind=kind, priority=priority, region=region, cycle=period)
    frame = queue.head(limit)
    shown = frame.assign(status=frame["status"].map(lambda s: t(f"status.{s}", lang)))
    rows, columns = table(shown, {c: t(f"review.col.{c}", lang) for c in COLUMNS})
    for row, comment in zip(rows, frame["comment"], strict=True):
        row["comment"] = comment
    return rows, columns, len(queue)


def evidence(data_dir: Any, row: dict[str, Any]) -> dict[str, Any] | None:
    """The selected queue row with its texts and evidence, as the files say now; None when its
    line no longer holds that link undecided (decided or changed since the table was read)."""
    line = row.get("line")
    if not isinstance(line, int):  # the browser sends back the row it was given
        return None
    found = queue_link(Path(data_dir), str(row.get("mapping_set")), line)
    if found is None or any(_text(found[k]) != _text(row.get(k)) for k in _KEY):
        return None
    return {**row, **{k: found[k] for k in _EVIDENCE}}


def _text(value: Any) -> str:
    """A key part as text; a missing value (None from the browser, NaN from pandas) is empty."""
    return "" if value is None or pd.isna(value) else str(value)


def detail(row: dict[str, Any] | None, lang: str) -> Any:
    """Both texts side by side and the evidence of the selected link."""
    if not row:
        return t("review.select", lang)

    def side(title: str, code: str, text: str) -> html.Div:
        return html.Div(
            className="review-side",
            children=[html.H4(title), html.Code(code), html.P(text or t("review.untitled", lang))],
        )

    facts = [
        (t(f"review.col.{c}", lang), row.get(c))
        for c in ("status", "mapping_justification", "confidence", "author_id", "mapping_date", "source", "comment")
    ]
    return html.Div(
        children=[
            html.Div(
                className="review-sides",
                children=[
                    side(t("review.element", lang), row["subject_id"], row.get("subject_text", "")),
                    side(
                        t("review.object", lang),
                        f"{row['predicate_id']} {row['object_id']}",
                        row.get("object_text", ""),
                    ),
                ],
            ),
            html.H4(t("review.evidence", lang)),
            html.Dl(
                className="review-evidence",
                children=[x for k, v in facts for x in (html.Dt(k), html.Dd(str(v or "")))],
            ),
        ]
    )
