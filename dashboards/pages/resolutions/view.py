"""Resolutions: WTDC Resolutions against Plenipotentiary (and other WTDC) Resolutions, ranked as
streamlining candidates with their declared, text and topic evidence."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.data import DashboardData
from dashboards.figures.scatter import pair_scatter
from dashboards.i18n import label, t
from dashboards.shared_views import filtered, memo, status_names, table
from dashboards.urlstate import ViewState
from graph.analysis.streamline import streamline

__all__ = ["candidates", "candidates_scatter", "candidates_table"]


def candidates(data: DashboardData, state: ViewState) -> pd.DataFrame:
    """The streamlining candidates of the view."""
    frames = filtered(data, state)
    return memo(data, ("streamline", state.filters), lambda: streamline(frames))


def candidates_scatter(data: DashboardData, state: ViewState) -> go.Figure:
    """Text similarity against topic overlap for every candidate pair."""
    lang = state.lang
    frame = candidates(data, state)
    points = pd.DataFrame(
        {
            "x": frame["text_score"],
            "y": frame["topic_score"],
            "group": frame["relation"],
            "status": frame["declared_status"].where(frame["declared"].astype(bool), ""),
            "name": frame["wtdc_notation"] + " ↔ " + frame["other_notation"] + " · " + frame["relation"],
        }
    )
    return pair_scatter(
        points,
        title=t("res.chart.title", lang),
        x_title=t("res.chart.x", lang),
        y_title=t("res.chart.y", lang),
        group_names={r: t(f"res.relation.{r}", lang) for r in ("repeats", "overlaps", "refers")},
        status_names={**status_names(lang), "": t("res.undeclared", lang)},
        empty_message=t("common.none", lang),
    )


def candidates_table(data: DashboardData, state: ViewState) -> tuple[list[dict], list[dict]]:
    """The candidates, strongest first, with both titles and the evidence sentence (the pair's
    kind, WTDC-PP or WTDC-WTDC, is in the other Resolution's code)."""
    lang = state.lang
    frame = candidates(data, state)
    shown = pd.DataFrame(
        {
            "wtdc": frame["wtdc_notation"],
            "wtdc_title": frame["wtdc_title"].map(lambda v: label(v, None, lang)),
            "other": frame["other_notation"],
            "other_title": frame["other_title"].map(lambda v: label(v, None, lang)),
            "relation": frame["relation"].map(lambda r: t(f"res.relation.{r}", lang)),
            "declared": frame["declared_status"]
            .where(frame["declared"].astype(bool), "")
            .map(lambda s: t(f"status.{s}", lang) if s else t("res.undeclared", lang)),
            "score": frame["score"],
            "text_score": frame["text_score"],
            "topic_score": frame["topic_score"],
            "shared_topics": frame["shared_topics"],
            "evidence": frame["evidence_fr" if lang == "fr" else "evidence"],
        }
    )
    return table(shown, {c: t(f"res.col.{c}", lang) for c in shown.columns})
