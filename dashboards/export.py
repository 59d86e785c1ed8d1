"""Exports for working-group chairs: stamped charts (PNG, SVG, PDF), tables (CSV, XLSX), chart packs.

Every export carries a stamp: the filters, the date, the snapshot id and a source line.
Charts are rendered by kaleido with the system's chromium; one kaleido server is started
on first use and reused, so each further image takes a fraction of a second.
"""

from __future__ import annotations

import atexit
import io
import re
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from choreographer.browsers.chromium import Chromium
from pypdf import PdfReader, PdfWriter

from dashboards.components import CHART_FORMATS
from dashboards.i18n import t, view_words
from dashboards.urlstate import ViewState
from graph.errors import ItudAlignError

__all__ = [
    "Stamp",
    "chart_pack_pdf",
    "export_name",
    "figure_bytes",
    "require_browser",
    "stamped",
    "table_bytes",
    "title_page",
    "write_charts",
]

_WIDTH, _HEIGHT = 1100, 620
_LOCK = threading.Lock()
_SERVER: dict[str, bool] = {"running": False}


@dataclass(frozen=True)
class Stamp:
    """What every export says about itself."""

    filters: str
    day: str
    snapshot: str
    lang: str = "en"

    @classmethod
    def of(cls, state: ViewState, snapshot: str, day: date | None = None) -> Stamp:
        """The stamp of a view on ``day`` (today by default)."""
        return cls(filters=state.describe(), day=(day or date.today()).isoformat(), snapshot=snapshot, lang=state.lang)

    def lines(self) -> list[str]:
        """The stamp as lines: filters, date and snapshot, source."""
        return [
            t("stamp.filters", self.lang, filters=view_words(self.filters, self.lang)),
            t("stamp.made", self.lang, day=self.day, snapshot=self.snapshot),
            t("stamp.source", self.lang),
        ]


def stamped(fig: go.Figure, stamp: Stamp) -> go.Figure:
    """A copy of ``fig`` with the stamp written under the plot."""
    out = go.Figure(fig)
    margin = out.layout.margin
    bottom = (margin.b if margin and margin.b is not None else 60) + 70
    out.update_layout(margin={"b": bottom})
    out.add_annotation(
        text="<br>".join(stamp.lines()),
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-bottom + 62,
        align="left",
        font={"size": 10, "color": "#444"},
    )
    return out


def _stop_server() -> None:
    """Stop kaleido's server at exit, waiting at most a few seconds: its close can hang for ever
    (seen here at the end of a pytest run), which would keep the process from exiting."""
    stopper = threading.Thread(target=kaleido.stop_sync_server, kwargs={"silence_warnings": True}, daemon=True)
    stopper.start()
    stopper.join(timeout=5)


def require_browser() -> str:
    """The Chrome or Chromium that kaleido will use (its own search); raise a one-line error saying
    how to install one when there is none: kaleido would raise in its own thread and the caller
    would wait for ever."""
    path = Chromium.find_browser(skip_local=False)
    if not path:
        raise ItudAlignError(
            "charts need Chrome or Chromium, and none was found",
            fix="apt-get install chromium (Debian; `make serve` does it), or set BROWSER_PATH to a Chromium binary",
        )
    return path


def export_name(name: str, state: ViewState, snapshot: str, ext: str, *, lang: str | None = None) -> str:
    """A file name that tells views apart: ``gaps-by-goal_region-AFR_fr_a986d1dac2a6.png``
    (chart or table name, each filter and page option, language, snapshot); ``lang`` names a
    file in more than the view's language (``en-fr``)."""
    view = [f"{k}-{v}" for k, v in state.filter_values().items() if v] + [f"{k}-{v}" for k, v in state.options]
    safe = ["".join(c if c.isalnum() or c in "-." else "-" for c in part) for part in view]
    return "_".join([name, *safe, lang or state.lang, snapshot]) + f".{ext}"


def titled_pdf(pdf: bytes, title: str, subject: str = "") -> bytes:
    """``pdf`` with its document title (and subject) set: kaleido names every PDF "Kaleido-fier"."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title, "/Subject": subject, "/Creator": "itud-align"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _ensure_server() -> None:
    if not _SERVER["running"]:
        require_browser()
        kaleido.start_sync_server(silence_warnings=True)
        atexit.register(_stop_server)
        _SERVER["running"] = True


def figure_bytes(fig: go.Figure, fmt: str, *, width: int = _WIDTH, height: int = _HEIGHT) -> bytes:
    """Render ``fig`` as PNG, SVG or PDF bytes."""
    if fmt not in CHART_FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}; use one of {', '.join(CHART_FORMATS)}")
    with _LOCK:
        _ensure_server()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            image = pio.to_image(fig, format=fmt, width=width, height=height, scale=2 if fmt == "png" else 1)
    return titled_pdf(image, _figure_title(fig, "itud-align chart")) if fmt == "pdf" else image


def table_bytes(frame: pd.DataFrame, fmt: str, stamp: Stamp, sheet: str = "data") -> bytes:
    """A table as CSV (stamp as leading ``#`` lines) or XLSX (stamp on an ``about`` sheet)."""
    if fmt == "csv":
        head = "".join(f"# {line}\n" for line in stamp.lines())
        return (head + frame.to_csv(index=False)).encode("utf-8")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            frame.to_excel(writer, sheet_name=sheet[:31], index=False)
            pd.DataFrame({"about": stamp.lines()}).to_excel(writer, sheet_name="about", index=False)
        return buffer.getvalue()
    raise ValueError(f"unknown table format {fmt!r}; use csv or xlsx")


def title_page(title: str, subtitle: str, contents: Sequence[str], stamp: Stamp) -> go.Figure:
    """A chart pack's title page: a blank figure carrying the title, contents and stamp."""
    fig = go.Figure()
    fig.update_xaxes(visible=False, range=[0, 1])
    fig.update_yaxes(visible=False, range=[0, 1])
    fig.update_layout(
        template="plotly_white",
        margin={"l": 60, "r": 60, "t": 60, "b": 60},
        font={"family": "Arial, Helvetica, sans-serif"},
    )
    fig.add_annotation(
        text=f"<b>{title}</b>",
        x=0,
        y=0.95,
        xanchor="left",
        showarrow=False,
        font={"size": 26},
        xref="paper",
        yref="paper",
    )
    fig.add_annotation(
        text=subtitle,
        x=0,
        y=0.86,
        xanchor="left",
        showarrow=False,
        font={"size": 15, "color": "#333"},
        xref="paper",
        yref="paper",
    )
    listing = "<br>".join(f"{i}. {name}" for i, name in enumerate(contents, start=1))  # "name · p. N"
    fig.add_annotation(
        text=listing,
        x=0,
        y=0.76,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": 13},
        xref="paper",
        yref="paper",
    )
    fig.add_annotation(
        text="<br>".join(stamp.lines()),
        x=0,
        y=0.02,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"size": 11, "color": "#444"},
        xref="paper",
        yref="paper",
    )
    return fig


def _figure_title(fig: go.Figure, fallback: str) -> str:
    title = fig.layout.title
    return title.text if title and title.text else fallback


def _numbered(fig: go.Figure, n: int, total: int, lang: str) -> go.Figure:
    out = go.Figure(fig)
    margin = out.layout.margin.b if out.layout.margin and out.layout.margin.b is not None else 60
    out.add_annotation(
        text=t("pack.page", lang, n=n, total=total),
        showarrow=False,
        xref="paper",
        yref="paper",
        x=1,
        y=0,
        xanchor="right",
        yanchor="top",
        yshift=-max(margin - 30, 10),
        font={"size": 10, "color": "#444"},
    )
    return out


def chart_pack_pdf(charts: Sequence[tuple[str, go.Figure]], title: str, subtitle: str, stamp: Stamp) -> bytes:
    """One PDF: a title page listing the pages with their numbers, then every page (chart,
    table or text) stamped and numbered, one per page."""
    contents: list[str] = []
    last = ""
    for n, (name, fig) in enumerate(charts, start=2):
        heading = re.sub(r" \(\d+–\d+ / \d+\)$", "", _figure_title(fig, name))  # a table's later pages
        if heading != last:
            contents.append(f"{heading} · p. {n}")
        last = heading
    total = len(charts) + 1
    pages = [_numbered(title_page(title, subtitle, contents, stamp), 1, total, stamp.lang)]
    pages += [_numbered(stamped(fig, stamp), n, total, stamp.lang) for n, (_, fig) in enumerate(charts, start=2)]
    writer = PdfWriter()
    for page in pages:
        writer.append(io.BytesIO(figure_bytes(page, "pdf")))
    buffer = io.BytesIO()
    writer.write(buffer)
    return titled_pdf(buffer.getvalue(), title, f"{subtitle} · {stamp.filters} · {stamp.snapshot}")


def write_charts(
    charts: Sequence[tuple[str, go.Figure]], out: Path, fmt: str, stamp: Stamp, state: ViewState
) -> list[Path]:
    """Write each chart, stamped, as ``<out>/<name>_<view>_<lang>_<snapshot>.<fmt>``; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, fig in charts:
        path = out / export_name(name, state, stamp.snapshot, fmt)
        path.write_bytes(figure_bytes(stamped(fig, stamp), fmt))
        paths.append(path)
    return paths
