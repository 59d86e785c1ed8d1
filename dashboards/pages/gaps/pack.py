"""The gap chart pack a working-group chair hands out: cover with contents, definitions of each
gap kind, the gap charts (target codes on the bars), the gap table with the nearest elements,
the completeness caveats and the sources, every page numbered and stamped with the view.

One function for the dashboard button and ``itud-align export-charts``.
"""

from __future__ import annotations

import io

import plotly.graph_objects as go
from pypdf import PdfWriter

from dashboards.data import DashboardData
from dashboards.export import Stamp, chart_pack_pdf, export_name, titled_pdf
from dashboards.figures.pages import table_pages, text_page
from dashboards.i18n import t
from dashboards.pages.gaps.view import gap_charts, gap_frame
from dashboards.shared_views import missing_lists, scope_of
from dashboards.urlstate import ViewState
from graph import settings
from graph.analysis.gaps import GAP_KINDS
from graph.load import source_documents

__all__ = ["PACK_LANGUAGES", "gap_chart_pack", "pack_pages"]

# the pack in English, in French, or both in one file (English first)
PACK_LANGUAGES = ("en", "fr", "both")
_TABLE = ("rank", "kind", "item", "item_label", "nearest", "filters")


def _sources(lang: str) -> list[go.Figure]:
    """The sources by document, URL and version (``data/sources/sources.csv``)."""
    frame = source_documents(settings.data_dir())
    return table_pages(
        t("pack.sources", lang),
        frame,
        {c: t(f"pack.sources.{c}", lang) for c in ("title", "url", "version")},
        widths=[4, 3, 4],
    )


def pack_pages(data: DashboardData, state: ViewState) -> list[tuple[str, go.Figure]]:
    """Every page after the cover, named: definitions, charts, gap table, caveats, sources."""
    lang = state.lang
    definitions = [(t(f"gap.{k}", lang), t(f"gap.def.{k}", lang)) for k in GAP_KINDS]
    definitions += [
        (t("pack.def.coverage", lang), t("pack.def.coverage.text", lang)),
        (t("pack.def.status", lang), t("pack.def.status.text", lang)),
    ]
    frame = gap_frame(data, state)
    table = table_pages(
        t("pack.table", lang),
        frame,
        {c: t(f"gaps.col.{c}", lang) for c in _TABLE},
        rows_per_page=7,
        widths=[0.5, 2, 1, 4, 2.5, 2.5],
    )
    caveats = [("", line) for line in missing_lists(data, state)]
    caveats += [("", t("pack.caveat.matrix", lang)), ("", t("pack.caveat.unverified", lang))]
    return [
        ("definitions", text_page(t("pack.definitions", lang), definitions)),
        *gap_charts(data, state),
        *[(f"gap-table-{n}", page) for n, page in enumerate(table, start=1)],
        ("caveats", text_page(t("pack.caveats", lang), caveats)),
        *[(f"sources-{n}", page) for n, page in enumerate(_sources(lang), start=1)],
    ]


def _one(data: DashboardData, state: ViewState) -> bytes:
    lang = state.lang
    return chart_pack_pdf(
        pack_pages(data, state),
        t("pack.title", lang),
        t("pack.subtitle", lang, scope=t(f"scope.{scope_of(state)}", lang)),
        Stamp.of(state, data.snapshot),
    )


def gap_chart_pack(data: DashboardData, state: ViewState, *, both: bool = False) -> tuple[str, bytes]:
    """The one-file PDF pack of the view in its language (or English then French with ``both``),
    and its file name (view, language or ``en-fr``, snapshot)."""
    if not both:
        return export_name("itud-align-gap-charts", state, data.snapshot, "pdf"), _one(data, state)
    writer = PdfWriter()
    for lang in ("en", "fr"):
        writer.append(io.BytesIO(_one(data, state.with_lang(lang))))
    buffer = io.BytesIO()
    writer.write(buffer)
    name = export_name("itud-align-gap-charts", state, data.snapshot, "pdf", lang="en-fr")
    return name, titled_pdf(buffer.getvalue(), f"{t('pack.title', 'en')} / {t('pack.title', 'fr')}")
