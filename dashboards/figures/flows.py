"""The flow figure: a Sankey from priorities through groups of elements to SDG goals."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboards.figures.common import OKABE_ITO, STATUS_STYLE, empty_figure, require_columns, styled

__all__ = ["FLOW_COLUMNS", "sankey"]

FLOW_COLUMNS = ("source", "target", "element_label", "status")
_HOVER_NAMES = 10


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def sankey(
    flows: pd.DataFrame,
    *,
    title: str,
    columns: Sequence[Sequence[str]],
    column_titles: Sequence[str],
    status_names: dict[str, str],
    empty_message: str = "—",
) -> go.Figure:
    """One band per (source, target, status), as wide as the distinct elements it carries.

    ``flows`` has one row per element path step: ``source`` and ``target`` node names, the
    ``element_label`` behind it (named in the hover) and the ``status`` of its link.
    ``columns`` lists the node names of each column, left to right (their order is kept);
    ``column_titles`` names each column (the Sankey's axis labels).
    Verified bands are solid, unverified ones lighter, suggested ones faint; a legend line
    under the title says so.
    """
    require_columns(flows, FLOW_COLUMNS, "sankey")
    if flows.empty:
        return empty_figure(title, empty_message)
    nodes = [n for col in columns for n in col]
    index = {n: i for i, n in enumerate(nodes)}
    alpha = {"verified": 0.85, "unverified": 0.45, "suggested": 0.2}
    src, dst, value, colour, hover = [], [], [], [], []
    kept = flows[flows["source"].isin(index) & flows["target"].isin(index)]
    for (s, d, status), part in kept.groupby(["source", "target", "status"], sort=True):
        names = sorted(set(part["element_label"].astype(str)))
        more = len(names) - _HOVER_NAMES
        src.append(index[s])
        dst.append(index[d])
        value.append(len(names))
        style = STATUS_STYLE.get(status, STATUS_STYLE["unverified"])
        colour.append(_rgba(str(style["color"]), alpha.get(status, 0.4)))
        hover.append(
            f"{status_names.get(status, status)}<br>"
            + "<br>".join(names[:_HOVER_NAMES])
            + (f"<br>… +{more}" if more > 0 else "")
        )
    node_colours = [OKABE_ITO[c % len(OKABE_ITO)] for c, col in enumerate(columns) for _ in col]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": nodes,
                "pad": 8,
                "thickness": 14,
                "color": node_colours,
                "hovertemplate": "%{label}: %{value}<extra></extra>",
            },
            link={
                "source": src,
                "target": dst,
                "value": value,
                "color": colour,
                "customdata": hover,
                "hovertemplate": "%{source.label} → %{target.label}: %{value}<br>%{customdata}<extra></extra>",
            },
        )
    )
    legend = " · ".join(
        f"<span style='color:{_rgba(str(STATUS_STYLE[s]['color']), alpha[s])}'>■</span> {status_names.get(s, s)}"
        for s in STATUS_STYLE
    )
    fig.add_annotation(
        text=legend, x=1, y=1.1, xref="paper", yref="paper", showarrow=False, xanchor="right", font={"size": 12}
    )
    for c, name in enumerate(column_titles):
        pos = c / max(1, len(column_titles) - 1)
        fig.add_annotation(
            text=f"<b>{name}</b>",
            x=pos,
            y=1.04,
            xref="paper",
            yref="paper",
            showarrow=False,
            xanchor="left" if pos == 0 else "right" if pos == 1 else "center",
        )
    styled(fig, title, "", "", height=max(520, 16 * max(len(c) for c in columns)))
    return fig.update_layout(margin={"t": 100})
