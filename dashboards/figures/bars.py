"""Bar charts of counts: one bar per category, stacked by series, hover naming what is counted."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboards.figures.common import OKABE_ITO, STATUS_STYLE, empty_figure, require_columns, styled

__all__ = ["BAR_COLUMNS", "count_bars", "histogram"]

BAR_COLUMNS = ("category", "series", "item")
_HOVER_NAMES = 12


def _names(items: Sequence[str]) -> str:
    shown = sorted({str(i) for i in items})
    more = len(shown) - _HOVER_NAMES
    return "<br>".join(shown[:_HOVER_NAMES]) + (f"<br>… +{more}" if more > 0 else "")


def count_bars(
    frame: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    y_title: str,
    categories: Sequence[str] | None = None,
    series: Sequence[str] | None = None,
    series_names: dict[str, str] | None = None,
    horizontal: bool = False,
    empty_message: str = "—",
    height: int = 420,
    subtitle: str | None = None,
    colours: dict[str, str] | None = None,
    label_items: bool = False,
) -> go.Figure:
    """Count the rows per ``category``, stacked by ``series``; hover lists the rows' ``item`` names.

    One row is one counted thing (a finding, a gap, an element), so the bars add up to the
    table of the same frame; two things of the same name (a Question code reused in the next
    cycle, two findings on one element) count twice.

    ``categories`` and ``series`` fix the order (and show empty categories); a series named
    like a link status ("verified", "unverified", "suggested") takes that status's style;
    ``colours`` gives other series a fixed colour (e.g. severities). ``label_items`` writes the
    items' names on the bars (target codes), for printed charts that have no hover.
    """
    require_columns(frame, BAR_COLUMNS, "count_bars")
    if frame.empty and not categories:
        return empty_figure(title, empty_message)
    cats = list(categories) if categories is not None else sorted(frame["category"].astype(str).unique())
    sers = list(series) if series is not None else sorted(frame["series"].astype(str).unique())
    names = series_names or {}
    fig = go.Figure()
    for n, s in enumerate(sers):
        part = frame[frame["series"] == s]
        counts = part.groupby("category").size()
        hover = part.groupby("category")["item"].agg(lambda v: _names(v.tolist()))
        style = STATUS_STYLE.get(s)
        marker: dict[str, object] = {
            "color": (colours or {}).get(s, OKABE_ITO[n % len(OKABE_ITO)]),
            "line": {"color": "#333", "width": 0.5},
        }
        if style:
            marker.update(
                color=style["color"], opacity=style["opacity"], pattern={"shape": style["pattern"], "fgcolor": "#333"}
            )
        values = [int(counts.get(c, 0)) for c in cats]
        fig.add_trace(
            go.Bar(
                name=names.get(s, s),
                x=values if horizontal else cats,
                y=cats if horizontal else values,
                orientation="h" if horizontal else "v",
                marker=marker,
                customdata=[hover.get(c, "") for c in cats],
                text=[", ".join(sorted(set(map(str, part.loc[part["category"] == c, "item"])))) for c in cats]
                if label_items
                else None,
                textposition="inside" if label_items else None,
                insidetextanchor="middle",
                hovertemplate=("<b>%{y}</b>: %{x} " if horizontal else "<b>%{x}</b>: %{y} ")
                + names.get(s, s)
                + "<br>%{customdata}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", showlegend=len(sers) > 1)
    axis = fig.update_yaxes if horizontal else fig.update_xaxes
    axis(type="category", categoryorder="array", categoryarray=list(reversed(cats)) if horizontal else cats)
    counts_axis = fig.update_xaxes if horizontal else fig.update_yaxes
    most = frame.groupby("category").size().max() if len(frame) else 0
    counts_axis(rangemode="tozero", tickformat="d", dtick=1 if most <= 8 else None)
    return styled(fig, title, x_title, y_title, height=height, subtitle=subtitle)


def histogram(values: pd.Series, *, title: str, x_title: str, y_title: str, bins: int = 20) -> go.Figure:
    """The distribution of scores (0 to 1)."""
    fig = go.Figure(
        go.Histogram(
            x=values.astype(float),
            nbinsx=bins,
            marker={"color": OKABE_ITO[3]},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    return styled(fig, title, x_title, y_title, height=320)
