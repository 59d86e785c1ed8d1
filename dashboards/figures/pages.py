"""Document pages drawn as figures, for one-file PDF packs: a page of paragraphs and a page of a
table. Pure functions of their inputs, like every figure."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboards.figures.common import require_columns

__all__ = ["table_pages", "text_page"]

_FONT = {"family": "Arial, Helvetica, sans-serif"}
# a table page: 1000 px of table, 9 pt cells of about 5.5 px a character, about 13 px a line
# and 10 px of padding a row, 380 px for the rows under the header (the page is 620 px high)
_TABLE_PX, _CHAR_PX, _LINE_PX, _ROW_PX, _ROWS_PX = 1000, 5.5, 13, 10, 380


def _blank(title: str) -> go.Figure:
    fig = go.Figure()
    fig.update_xaxes(visible=False, range=[0, 1])
    fig.update_yaxes(visible=False, range=[0, 1])
    fig.update_layout(
        template="plotly_white",
        font=_FONT,
        title={"text": title, "x": 0.02},
        margin={"l": 50, "r": 50, "t": 70, "b": 120},
    )
    return fig


def text_page(title: str, paragraphs: Sequence[tuple[str, str]]) -> go.Figure:
    """A page of (heading, text) paragraphs; long texts wrap at about 130 characters."""
    lines: list[str] = []
    for head, text in paragraphs:
        lines.append(f"<b>{head}</b>" if head else "")
        words, line = str(text).split(), ""
        for word in words:
            if len(line) + len(word) > 130:
                lines.append(line)
                line = ""
            line += ("" if not line else " ") + word
        lines += [line, ""]
    fig = _blank(title)
    fig.add_annotation(
        text="<br>".join(lines),
        x=0,
        y=1,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": 12},
        xref="paper",
        yref="paper",
    )
    return fig


def table_pages(
    title: str,
    frame: pd.DataFrame,
    headers: dict[str, str],
    *,
    rows_per_page: int = 16,
    widths: Sequence[float] | None = None,
) -> list[go.Figure]:
    """``frame``'s ``headers`` columns as table pages of at most ``rows_per_page`` rows, every
    cell in full (long texts wrap, and a page holds only the rows its height can show); the
    title says which rows each page holds."""
    require_columns(frame, tuple(headers), "table_pages")
    pages = []
    total = len(frame)
    for start, stop in _page_breaks(frame[list(headers)], widths, rows_per_page):
        part = frame.iloc[start:stop]
        shown = f"{title} ({start + 1}–{stop} / {total})" if stop - start < total else title
        fig = _blank(shown)
        fig.add_trace(
            go.Table(
                columnwidth=list(widths) if widths else None,
                header={
                    "values": [f"<b>{h}</b>" for h in headers.values()],
                    "align": "left",
                    "fill_color": "#e8edf3",
                    "font": {"size": 10},
                },
                cells={
                    "values": [part[c].fillna("").astype(str).tolist() for c in headers],
                    "align": "left",
                    "font": {"size": 9},
                    "height": 22,
                },
            )
        )
        pages.append(fig)
    return pages


def _page_breaks(frame: pd.DataFrame, widths: Sequence[float] | None, most: int) -> Iterator[tuple[int, int]]:
    """(first, past last) row of each page: at most ``most`` rows, and no more wrapped lines
    than the page's height holds (a French text wraps to more lines than its English one)."""
    shares = list(widths) if widths else [1.0] * len(frame.columns)
    per_line = [max(8, int(_TABLE_PX * w / sum(shares) / _CHAR_PX) - 2) for w in shares]
    texts = frame.fillna("").astype(str)
    heights = [
        _ROW_PX + _LINE_PX * max(math.ceil(len(text) / n) or 1 for text, n in zip(row, per_line, strict=True))
        for row in texts.itertuples(index=False)
    ]
    start, used = 0, 0
    for n, height in enumerate(heights):
        if n > start and (n - start >= most or used + height > _ROWS_PX):
            yield start, n
            start, used = n, 0
        used += height
    yield start, max(len(heights), start)
