"""Misalignment charts and tables: findings by rule and severity, and one finding's evidence."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboards.data import DashboardData
from dashboards.figures.bars import count_bars
from dashboards.i18n import label, t
from dashboards.shared_views import element_labels, filtered, finding_rows, table
from dashboards.urlstate import ViewState
from graph.analysis.frames import short_id
from graph.analysis.misalignments import RULES
from graph.namespaces import ITUD, compact

__all__ = ["SEVERITIES", "evidence", "findings_by_rule", "findings_table"]

SEVERITIES = ("high", "medium", "low", "note")
# vermillion, orange, sky blue (Okabe-Ito): the most serious the most alarming
SEVERITY_COLOURS = {"high": "#D55E00", "medium": "#E69F00", "low": "#56B4E9"}


def _compact(iri: str) -> str:
    """An ontology term as ``itud:Term``, an element by its id, anything else unchanged."""
    return (compact(iri, "sparql") or iri) if iri.startswith(str(ITUD)) else short_id(iri)


def findings_by_rule(data: DashboardData, state: ViewState) -> go.Figure:
    """Findings per rule, stacked by severity; hover names the elements."""
    lang = state.lang
    frame = finding_rows(data, state)
    labels = element_labels(filtered(data, state), lang)
    bars = pd.DataFrame(
        {
            "category": frame["rule"].map(lambda r: f"{r} · {t(f'rule.{r}', lang)}"),
            "series": frame["severity"],
            "item": frame["element"].map(lambda e: labels.get(e, short_id(e))),
        }
    )
    return count_bars(
        bars,
        title=t("mis.chart.title", lang),
        x_title=t("mis.chart.x", lang),
        y_title=t("mis.chart.y", lang),
        categories=[f"{r.id} · {t(f'rule.{r.id}', lang)}" for r in RULES],
        series=list(SEVERITIES),
        series_names={s: t(f"severity.{s}", lang) for s in SEVERITIES},
        horizontal=True,
        height=420,
        colours=SEVERITY_COLOURS,
    )


def findings_table(data: DashboardData, state: ViewState) -> tuple[list[dict], list[dict]]:
    """One row per finding, numbered from 1 (the number looks up its evidence)."""
    lang = state.lang
    frame = finding_rows(data, state)
    labels = element_labels(filtered(data, state), lang)
    shown = pd.DataFrame(
        {
            "n": range(1, len(frame) + 1),
            "rule": frame["rule"],
            "severity": frame["severity"].map(lambda s: t(f"severity.{s}", lang)),
            "element": frame["element"].map(lambda e: labels.get(e, short_id(e))),
            "message": [label(en, fr, lang) for en, fr in zip(frame["message"], frame["message_fr"], strict=True)],
        }
    )
    return table(shown, {c: t(f"mis.col.{c}", lang) for c in shown.columns})


def evidence(data: DashboardData, state: ViewState, n: int) -> tuple[dict[str, Any], pd.DataFrame]:
    """Finding number ``n`` (from 1) of the view and its evidence (triples with status, source, graph,
    and who decided on the link and when)."""
    frame = finding_rows(data, state)
    if not 1 <= n <= len(frame):
        raise IndexError(n)
    row = frame.iloc[n - 1].to_dict()
    names = {
        **element_labels(data.frames, state.lang),
        **dict(zip(data.frames.targets["target"], data.frames.targets["notation"], strict=True)),
        **dict(zip(data.frames.action_lines["line"], data.frames.action_lines["notation"], strict=True)),
    }
    rows = [
        {
            "subject": names.get(ev["subject"], _compact(ev["subject"])),
            "predicate": ev["predicate"],
            "object": names.get(ev["object"], _compact(str(ev["object"]))),
            "status": ev.get("status") or "",
            "source": ev.get("source") or "",
            "graph": str(ev.get("graph") or "").rsplit("/graph/", 1)[-1],
            # who verified or rejected the link, and when (SSSOM reviewer_id / review_date, PROV in the graph)
            "reviewer": _compact(str(ev["reviewer"])) if ev.get("reviewer") else "",
            "reviewed": ev.get("reviewed") or "",
        }
        for ev in row["evidence"]
    ]
    return row, pd.DataFrame(
        rows, columns=["subject", "predicate", "object", "status", "source", "graph", "reviewer", "reviewed"]
    )
