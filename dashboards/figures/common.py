"""What every figure shares: the colour-blind-safe palette, link-status styles, column checks."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

__all__ = [
    "OKABE_ITO",
    "SEQUENTIAL",
    "STATUS_STYLE",
    "empty_figure",
    "require_columns",
    "styled",
]

# Okabe & Ito (2008), safe for the common colour-vision deficiencies
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
# a single-hue blue ramp (readable in grey and for every colour-vision deficiency)
# (stops end at a mid blue, so black cell numbers stay readable on the darkest cell)
SEQUENTIAL = ((0.0, "#f7fbff"), (0.35, "#c6dbef"), (0.7, "#84b9de"), (1.0, "#4a98d0"))
# how a link of each status is drawn: verified solid, unverified hatched, suggested faint dots
STATUS_STYLE: dict[str, dict[str, object]] = {
    "verified": {"color": "#0072B2", "pattern": "", "opacity": 1.0, "dash": "solid"},
    "unverified": {"color": "#E69F00", "pattern": "/", "opacity": 0.85, "dash": "dash"},
    "suggested": {"color": "#CC79A7", "pattern": ".", "opacity": 0.55, "dash": "dot"},
}


def require_columns(frame: pd.DataFrame, columns: Iterable[str], figure: str) -> None:
    """Raise ValueError naming the columns ``figure`` needs that ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{figure}: missing column(s) {', '.join(missing)}")


def styled(
    fig: go.Figure, title: str, x_title: str, y_title: str, *, height: int = 420, subtitle: str | None = None
) -> go.Figure:
    """Apply the house look: title (and subtitle) above the legend, axis titles, white template."""
    heading: dict[str, object] = {
        "text": title,
        "x": 0.01,
        "xanchor": "left",
        "y": 0.98,
        "yref": "container",
        "yanchor": "top",
        "font": {"size": 15},
    }
    if subtitle:
        heading["subtitle"] = {"text": subtitle, "font": {"size": 12, "color": "#555"}}
    fig.update_layout(
        title=heading,
        template="plotly_white",
        height=height,
        margin={"l": 70, "r": 20, "t": 110 if subtitle else 95, "b": 60},
        hoverlabel={"align": "left"},
        font={"family": "Arial, Helvetica, sans-serif", "size": 12},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.01,
            "xanchor": "left",
            "x": 0.0,
            "traceorder": "normal",
        },
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return fig


def empty_figure(title: str, message: str) -> go.Figure:
    """A figure that says there is nothing to show (keeps its title and axes)."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 14, "color": "#555"}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return styled(fig, title, "", "", height=300)
