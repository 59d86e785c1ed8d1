"""Pair scatter: two similarity scores of each candidate pair, marker by declared status."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.figures.common import OKABE_ITO, STATUS_STYLE, empty_figure, require_columns, styled

__all__ = ["PAIR_COLUMNS", "pair_scatter"]

PAIR_COLUMNS = ("x", "y", "group", "status", "name")
_SYMBOLS = {"verified": "circle", "unverified": "circle-open", "suggested": "diamond-open", "": "x"}


def pair_scatter(
    frame: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    y_title: str,
    group_names: dict[str, str],
    status_names: dict[str, str],
    empty_message: str = "—",
) -> go.Figure:
    """One marker per pair at (x, y); colour by ``group``, symbol by the ``status`` of a declared
    link (filled verified, open unverified, open diamond suggested, cross undeclared)."""
    require_columns(frame, PAIR_COLUMNS, "pair_scatter")
    if frame.empty:
        return empty_figure(title, empty_message)
    fig = go.Figure()
    groups = sorted(frame["group"].astype(str).unique())
    for g_index, group in enumerate(groups):
        for status, symbol in _SYMBOLS.items():
            part = frame[(frame["group"] == group) & (frame["status"].fillna("") == status)]
            if part.empty:
                continue
            style = STATUS_STYLE.get(status, {"opacity": 0.9})
            fig.add_trace(
                go.Scatter(
                    x=part["x"],
                    y=part["y"],
                    mode="markers",
                    text=part["name"],
                    name=f"{group_names.get(group, group)} · {status_names.get(status, status)}",
                    marker={
                        "symbol": symbol,
                        "size": 11,
                        "color": OKABE_ITO[g_index % len(OKABE_ITO)],
                        "opacity": style["opacity"],
                        "line": {"width": 2},
                    },
                    hovertemplate="%{text}<br>%{x:.2f} · %{y:.2f}<extra></extra>",
                )
            )
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1})
    return styled(fig, title, x_title, y_title)
