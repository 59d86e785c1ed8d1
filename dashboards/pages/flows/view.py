"""The flow of the portfolio: priorities, through Questions (per study group) and regional
initiatives (per region), to the SDG goals their elements link to."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards.data import DashboardData
from dashboards.figures.flows import FLOW_COLUMNS, sankey
from dashboards.i18n import t
from dashboards.shared_views import element_labels, filtered, goal_order, status_names
from dashboards.urlstate import ViewState
from graph.analysis.codes import goal_of_target
from graph.analysis.frames import declared_links

__all__ = ["flows", "flows_sankey"]


def flows(data: DashboardData, state: ViewState) -> tuple[pd.DataFrame, list[list[str]]]:
    """The flow steps (source, target, element_label, status) and the node columns."""
    lang = state.lang
    frames = filtered(data, state)
    el = frames.elements.set_index("element")
    labels = element_labels(frames, lang)
    links = declared_links(frames)
    members = el[el["kind"].isin(["question", "initiative"])]

    # each member's group worked out once, not looked up row by row for every link
    group = {
        e: t("flows.group.question", lang, group=study_group or "?")
        if kind == "question"
        else t("flows.group.initiative", lang, region=region or "?")
        for e, kind, study_group, region in zip(
            members.index, members["kind"], members["study_group"], members["region"], strict=True
        )
    }
    implements = links[(links["predicate"] == "implementsPriority") & links["element"].isin(members.index)]
    first = pd.DataFrame(
        {
            "source": implements["object"].map(el["notation"].to_dict()),
            "target": implements["element"].map(group),
            "element_label": implements["element"].map(labels),
            "status": implements["status"],
        }
    )
    goal_of = goal_of_target(frames)
    sdg = links[(links["predicate"] == "contributesTo") & links["element"].isin(members.index)]
    second = pd.DataFrame(
        {
            "source": sdg["element"].map(group),
            "target": sdg["object"].map(lambda o: t("flows.goal", lang, goal=goal_of.get(o, "?"))),
            "element_label": sdg["element"].map(labels),
            "status": sdg["status"],
        }
    )
    steps = pd.concat([first, second], ignore_index=True).dropna()
    priorities = sorted(set(first["source"].dropna()))
    groups = sorted(set(first["target"]) | set(second["source"]))
    used_goals = set(second["target"])
    goals = [g for g in (t("flows.goal", lang, goal=n) for n in goal_order(frames)) if g in used_goals]
    return steps[list(FLOW_COLUMNS)], [priorities, groups, goals]


def flows_sankey(data: DashboardData, state: ViewState) -> go.Figure:
    """The Sankey of the view."""
    lang = state.lang
    steps, columns = flows(data, state)
    return sankey(
        steps,
        title=t("flows.chart.title", lang),
        columns=columns,
        column_titles=[t("flows.col.priority", lang), t("flows.col.group", lang), t("flows.col.goal", lang)],
        status_names=status_names(lang),
        empty_message=t("common.none", lang),
    )
