"""Document pages drawn as figures, for one-file PDF packs: a page of paragraphs and a page of a
table. Pure functions of their inputs, like every figure."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboards.figures.common import require_columns

__all__ = ["table_pages", "text_page"]

_FONT = {"family": "Arial, Helvetica, sans-serif"}


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
    """``frame``'s ``headers`` columns as table pages of ``rows_per_page`` rows, every cell in
    full (long texts wrap); the title says which rows each page holds."""
    require_columns(frame, tuple(headers), "table_pages")
    pages = []
    total = len(frame)
    for start in range(0, max(total, 1), rows_per_page):
        part = frame.iloc[start : start + rows_per_page]
        shown = f"{title} ({start + 1}–{start + len(part)} / {total})" if total > rows_per_page else title
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
