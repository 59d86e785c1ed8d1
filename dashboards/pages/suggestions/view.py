"""Suggestions: the review queue of element -> SDG target and action line links that text similarity proposes and
no mapping set declares, with the score and both texts, and the suggested links already stored."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.data import DashboardData
from dashboards.figures.bars import histogram
from dashboards.i18n import label, t
from dashboards.shared_views import element_labels, filtered, memo, table
from dashboards.urlstate import ViewState
from graph.analysis.frames import short_id
from graph.analysis.suggestions import suggest_links

__all__ = ["queue", "queue_histogram", "queue_table"]


def queue(data: DashboardData, state: ViewState) -> pd.DataFrame:
    """Suggested links of the view (TF-IDF, undeclared pairs only), plus stored suggested links."""
    frames = filtered(data, state)
    fresh = memo(data, ("suggest", state.filters), lambda: suggest_links(frames))
    stored = frames.links[frames.links["status"] == "suggested"]
    stored = pd.DataFrame(
        {
            "element": stored["element"],
            "target": stored["object"],
            "score": stored["confidence"],
            "method": "stored",
            "element_text": None,
            "target_text": None,
            "evidence": None,
        }
    )
    return pd.concat([fresh.assign(origin="similarity"), stored.assign(origin="stored")], ignore_index=True)


def queue_histogram(data: DashboardData, state: ViewState) -> go.Figure:
    """How the suggestion scores spread."""
    lang = state.lang
    return histogram(
        queue(data, state)["score"].dropna(),
        title=t("sug.chart.title", lang),
        x_title=t("sug.chart.x", lang),
        y_title=t("sug.chart.y", lang),
    )


def queue_table(data: DashboardData, state: ViewState) -> tuple[list[dict], list[dict]]:
    """The review queue, best score first."""
    lang = state.lang
    frame = queue(data, state).sort_values("score", ascending=False)
    labels = element_labels(data.frames, lang)
    code = {
        **dict(zip(data.frames.targets["target"], data.frames.targets["notation"], strict=True)),
        **dict(zip(data.frames.action_lines["line"], data.frames.action_lines["notation"], strict=True)),
    }
    # in French, the target's or line's own French title (the UN's French text is in the graph)
    titles = {
        row.iri: label(row.label_en, row.label_fr, lang)
        for frame_ in (
            data.frames.targets.rename(columns={"target": "iri"}),
            data.frames.action_lines.rename(columns={"line": "iri"}),
        )
        for row in frame_.itertuples()
    }
    shown = pd.DataFrame(
        {
            "element": [
                ", ".join(labels.get(e, short_id(e)) for e in (es if isinstance(es, tuple) else (e,)))
                for e, es in zip(frame["element"], frame.get("elements", frame["element"]), strict=True)
            ],
            "target": frame["target"].map(lambda x: code.get(x, short_id(x))),
            "score": frame["score"].map(lambda s: round(float(s), 3) if s is not None else None),
            "status": t("status.suggested", lang),
            "evidence": frame["evidence"],
            "element_text": frame["element_text"].map(lambda v: label(v, None, lang)),
            "target_text": [
                titles.get(x, v) if lang == "fr" else v
                for x, v in zip(frame["target"], frame["target_text"], strict=True)
            ],
            "method": frame["method"],
        }
    )
    return table(shown, {c: t(f"sug.col.{c}", lang) for c in shown.columns})
