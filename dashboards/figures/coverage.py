"""Coverage figures: the heatmap of links by row (kind or priority) and SDG goal or target,
WSIS action-line support with the ITU-led lines set apart, and links by status."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboards.figures.common import SEQUENTIAL, STATUS_STYLE, empty_figure, require_columns, styled

__all__ = ["HEATMAP_COLUMNS", "LINE_COLUMNS", "STATUS_COLUMNS", "action_line_bars", "coverage_heatmap", "status_bars"]

HEATMAP_COLUMNS = ("row", "column", "element", "element_label", "status")
LINE_COLUMNS = ("line", "line_label", "is_itu_lead", "element", "element_label", "status")
STATUS_COLUMNS = ("status", "group", "count")
_HOVER_NAMES = 12


def _names(labels: Sequence[str]) -> str:
    shown = sorted(set(labels))
    more = len(shown) - _HOVER_NAMES
    text = "<br>".join(shown[:_HOVER_NAMES])
    return text + (f"<br>… +{more}" if more > 0 else "")


def coverage_heatmap(
    links: pd.DataFrame,
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    title: str,
    x_title: str,
    y_title: str,
    verified_name: str = "verified link",
    count_name: str = "elements",
    missing_rows: Sequence[str] = (),
    missing_name: str = "unknown",
) -> go.Figure:
    """Distinct elements linked per (row, column); a dot marks cells holding a verified link.

    ``missing_rows`` are rows the data knows nothing about: drawn blank and named
    ``missing_name`` in the hover, never as zeros. The colour scale starts at 0.

    ``links`` has one row per link: ``row`` and ``column`` keys (e.g. kind and goal code),
    the ``element`` and its ``element_label`` (named in the hover), and the link ``status``.
    ``rows`` and ``columns`` give the order and every key shown, even empty ones.
    """
    require_columns(links, HEATMAP_COLUMNS, "coverage_heatmap")
    if not rows or not columns:
        return empty_figure(title, "—")
    grouped = {key: g for key, g in links.groupby(["row", "column"])}
    z: list[list[int | None]] = []
    text: list[list[str]] = []
    hover: list[list[str]] = []
    dots_x: list[str] = []
    dots_y: list[str] = []
    for r in rows:
        z_row: list[int | None] = []
        text_row, hover_row = [], []
        if r in missing_rows:
            z.append([None] * len(columns))
            text.append(["?"] * len(columns))
            hover.append([f"<b>{r}</b>: {missing_name}"] * len(columns))
            continue
        for c in columns:
            cell = grouped.get((r, c))
            n = 0 if cell is None else cell["element"].nunique()
            z_row.append(n)
            text_row.append(str(n) if n else "")
            if cell is None:
                hover_row.append(f"{r} × {c}: 0")
                continue
            statuses = cell["status"].value_counts().to_dict()
            split = ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
            hover_row.append(
                f"<b>{r} × {c}</b>: {n} {count_name} ({split})<br>{_names(cell['element_label'].astype(str).tolist())}"
            )
            if "verified" in statuses:
                dots_x.append(c)
                dots_y.append(r)
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(columns),
            y=list(rows),
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            colorscale=list(SEQUENTIAL),
            xgap=2,
            ygap=2,
            zmin=0,
            zmax=max([1, *(v for row in z for v in row if v is not None)]),
            colorbar={"title": {"text": count_name}},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=dots_x,
            y=dots_y,
            mode="markers",
            name=verified_name,
            hoverinfo="skip",
            marker={"symbol": "circle-open", "size": 22, "line": {"width": 2, "color": "#D55E00"}},
        )
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(columns))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=list(reversed(rows)))
    return styled(fig, title, x_title, y_title, height=max(360, 90 + 34 * len(rows)))


def action_line_bars(
    frame: pd.DataFrame, *, title: str, x_title: str, y_title: str, lead_name: str, status_names: dict[str, str]
) -> go.Figure:
    """Elements supporting each WSIS action line, stacked by link status, ITU-led lines first.

    ``frame``: one row per (line, element) link with ``line`` (code), ``line_label``,
    ``is_itu_lead``, ``element``, ``element_label`` and ``status``; lines without support
    appear with a ``None`` element so every line shows.
    """
    require_columns(frame, LINE_COLUMNS, "action_line_bars")
    lines = frame.drop_duplicates("line")[["line", "line_label", "is_itu_lead"]].copy()
    lines["lead"] = lines["is_itu_lead"].astype(bool)
    lines["key"] = lines["line"].map(lambda n: tuple(int(p) for p in str(n).lstrip("C").split(".") if p.isdigit()))
    lines = lines.sort_values(["lead", "key"], ascending=[False, True])
    order = [f"{ln} ★" if lead else ln for ln, lead in zip(lines["line"], lines["lead"], strict=True)]
    shown = dict(zip(lines["line"], order, strict=True))
    labels = dict(zip(lines["line"], lines["line_label"], strict=True))
    fig = go.Figure()
    linked = frame[frame["element"].notna()]
    for status, style in STATUS_STYLE.items():
        part = linked[linked["status"] == status]
        counts = part.groupby("line")["element"].nunique()
        names = part.groupby("line")["element_label"].agg(lambda s: _names(s.astype(str).tolist()))
        fig.add_trace(
            go.Bar(
                name=status_names.get(status, status),
                x=order,
                y=[int(counts.get(ln, 0)) for ln in lines["line"]],
                customdata=[[labels[ln], names.get(ln, "")] for ln in lines["line"]],
                hovertemplate="<b>%{x}</b> %{customdata[0]}<br>%{y} "
                + status_names.get(status, status)
                + "<br>%{customdata[1]}<extra></extra>",
                marker={
                    "color": style["color"],
                    "opacity": style["opacity"],
                    "pattern": {"shape": style["pattern"], "fgcolor": "#333"},
                    "line": {"color": "#333", "width": 0.5},
                },
            )
        )
    n_lead = int(lines["lead"].sum())
    if n_lead:
        fig.add_vrect(
            x0=-0.5,
            x1=n_lead - 0.5,
            fillcolor="#56B4E9",
            opacity=0.12,
            line_width=0,
            annotation_text=lead_name,
            annotation_position="top left",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=order,
        tickvals=order,
        ticktext=[shown[ln] for ln in lines["line"]],
    )
    return styled(fig, title, x_title, y_title)


def status_bars(
    frame: pd.DataFrame, *, title: str, x_title: str, y_title: str, status_names: dict[str, str]
) -> go.Figure:
    """Link counts per group (e.g. element kind), stacked by status with the status patterns.

    ``frame``: ``status``, ``group``, ``count``; groups show in the order they first appear, so
    the caller fixes one order for every language.
    """
    require_columns(frame, STATUS_COLUMNS, "status_bars")
    groups = list(dict.fromkeys(frame["group"].astype(str)))
    fig = go.Figure()
    for status, style in STATUS_STYLE.items():
        part = frame[frame["status"] == status].set_index("group")["count"]
        fig.add_trace(
            go.Bar(
                name=status_names.get(status, status),
                x=groups,
                y=[int(part.get(g, 0)) for g in groups],
                hovertemplate="%{x}: %{y} " + status_names.get(status, status) + "<extra></extra>",
                marker={
                    "color": style["color"],
                    "opacity": style["opacity"],
                    "pattern": {"shape": style["pattern"], "fgcolor": "#333"},
                    "line": {"color": "#333", "width": 0.5},
                },
            )
        )
    fig.update_layout(barmode="stack")
    return styled(fig, title, x_title, y_title, height=360)
