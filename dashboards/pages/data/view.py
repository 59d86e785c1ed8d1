"""What the dashboard's data is: snapshot, sources (named graphs), licences, verification status
counts, and the SHACL report of the build."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.data import DashboardData
from dashboards.figures.bars import count_bars
from dashboards.i18n import label, t
from dashboards.shared_views import KINDS, filtered, status_names, table
from dashboards.urlstate import ViewState
from graph.analysis.completeness import completeness
from graph.analysis.frames import short_id
from graph.namespaces import STATUSES

__all__ = ["completeness_table", "element_status", "link_status", "sources_table", "summary"]


def summary(data: DashboardData) -> tuple[str, int | None, list[str] | None]:
    """Snapshot id, triple count and SHACL problems of the build (``None`` when the app reads a
    store, not a build folder)."""
    manifest = data.manifest()
    if manifest is None:
        return data.snapshot, None, None
    return data.snapshot, manifest.triples, list(manifest.shacl_problems)


def sources_table(data: DashboardData, lang: str) -> tuple[list[dict], list[dict]]:
    """One row per named graph (one per source file) with its triple count and licence note."""
    manifest = data.manifest()
    graphs = manifest.graphs if manifest else {}
    rows = pd.DataFrame(
        [
            {
                "graph": g.rsplit("/graph/", 1)[-1],
                "triples": n,
                "licence": t(_licence_key(g.rsplit("/graph/", 1)[-1]), lang),
            }
            for g, n in graphs.items()
        ],
        columns=["graph", "triples", "licence"],
    )
    return table(rows, {c: t(f"data.col.{c}", lang) for c in rows.columns})


def _licence_key(graph: str) -> str:
    if graph == "un-sdg-kos":
        return "data.licence.kos"
    if graph == "open-sdg-translations":
        return "data.licence.opensdg"
    if graph == "mappings/wsis-sdg-matrix":
        return "data.licence.matrix"
    if graph.startswith("mappings/"):
        return "data.licence.mappings"
    if graph in ("ontology", "build", "itud-align-schemes"):
        return "data.licence.project"
    return "data.licence.itu"


def element_status(data: DashboardData, state: ViewState) -> go.Figure:
    """Elements per kind, by the status of their record (verified or unverified title)."""
    lang = state.lang
    el = filtered(data, state).elements
    bars = pd.DataFrame(
        {"category": el["kind"].map(lambda k: t(f"kind.{k}", lang)), "series": el["status"], "item": el["notation"]}
    )
    return count_bars(
        bars,
        title=t("data.elements.title", lang),
        x_title=t("overview.status.x", lang),
        y_title=t("common.elements", lang),
        categories=[t(f"kind.{k}", lang) for k in KINDS],
        series=["verified", "unverified"],
        series_names=status_names(lang),
    )


def link_status(data: DashboardData, state: ViewState) -> go.Figure:
    """Links per justification, by status."""
    lang = state.lang
    links = filtered(data, state).links
    bars = pd.DataFrame(
        {
            "category": links["justification"].map(lambda j: t(f"justification.{j}", lang)),
            "series": links["status"],
            "item": links["element"].map(short_id) + " → " + links["object"].map(short_id),
        }
    )
    return count_bars(
        bars,
        title=t("data.links.title", lang),
        x_title=t("filters.justification", lang),
        y_title=t("common.links", lang),
        series=list(STATUSES),
        series_names=status_names(lang),
    )


def completeness_table(data: DashboardData, state: ViewState) -> tuple[list[dict], list[dict]]:
    """What the data does not say yet, read from the same analysis as ``itud-align completeness``."""
    lang = state.lang
    rows = completeness(filtered(data, state))
    rows = rows.assign(
        kind=rows["kind"].map(lambda k: t(f"completeness.kind.{k}", lang)),
        share=rows["share"].map(lambda v: f"{v:.0%}" if isinstance(v, float) and v == v else ""),
        # a curator's note has no French: shown in English, marked
        detail=[label(en, fr, lang) for en, fr in zip(rows["detail"], rows["detail_fr"], strict=True)],
    )
    columns = ["kind", "item_label", "cycle", "count", "share", "detail"]
    return table(rows, {c: t(f"completeness.col.{c}", lang) for c in columns})
