"""Figures on three-row frames, no browser: what they count, what the hover names, how links of
each status look, and that they refuse frames missing a column and never change their input."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboards.figures.bars import count_bars, histogram
from dashboards.figures.common import OKABE_ITO, STATUS_STYLE, require_columns
from dashboards.figures.coverage import action_line_bars, coverage_heatmap, status_bars
from dashboards.figures.flows import sankey
from dashboards.figures.network import cytoscape_elements, stylesheet
from dashboards.figures.pages import table_pages
from dashboards.figures.scatter import pair_scatter

NAMES = {"verified": "verified", "unverified": "unverified", "suggested": "suggested"}


def _heat_links() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": ["Questions", "Questions", "Questions", "Initiatives"],
            "column": ["9", "9", "9", "4"],
            "element": ["q1", "q2", "q1", "i1"],
            "element_label": ["Q1/1 · Broadband", "Q2/1 · Broadcasting", "Q1/1 · Broadband", "AFR1 · Skills"],
            "status": ["verified", "unverified", "unverified", "unverified"],
        }
    )


def test_heatmap_counts_distinct_elements_per_cell_and_marks_verified_cells():
    links = _heat_links()
    before = links.copy()
    fig = coverage_heatmap(
        links, rows=["Questions", "Initiatives"], columns=["4", "9"], title="T", x_title="SDG goal", y_title="Kind"
    )
    heat, dots = fig.data
    # q1 links twice to goal 9 but counts once; i1 once to goal 4
    assert [list(r) for r in heat.z] == [[0, 2], [1, 0]]
    assert list(dots.x) == ["9"] and list(dots.y) == ["Questions"]  # only that cell has a verified link
    hover = heat.hovertext[0][1]
    assert "Q1/1 · Broadband" in hover and "Q2/1 · Broadcasting" in hover
    assert "unverified 2" in hover and "verified 1" in hover
    assert fig.layout.xaxis.title.text == "SDG goal" and fig.layout.yaxis.title.text == "Kind"
    assert fig.layout.title.text == "T"
    pd.testing.assert_frame_equal(links, before)


def test_heatmap_names_a_missing_column():
    with pytest.raises(ValueError, match="status"):
        coverage_heatmap(
            _heat_links().drop(columns="status"), rows=["a"], columns=["1"], title="T", x_title="x", y_title="y"
        )


def test_action_line_bars_put_itu_led_lines_first_and_stack_by_status():
    frame = pd.DataFrame(
        {
            "line": ["C1", "C5", "C2", "C2"],
            "line_label": ["Governance", "Security", "Infrastructure", "Infrastructure"],
            "is_itu_lead": [False, True, True, True],
            "element": ["q1", None, "q1", "q2"],
            "element_label": ["Q1/1", None, "Q1/1", "Q2/1"],
            "status": ["unverified", None, "verified", "unverified"],
        }
    )
    fig = action_line_bars(
        frame, title="T", x_title="Line", y_title="Elements", lead_name="ITU-led", status_names=NAMES
    )
    by_name = {trace.name: trace for trace in fig.data}
    assert list(by_name["verified"].x) == ["C2 ★", "C5 ★", "C1"]
    assert list(by_name["verified"].y) == [1, 0, 0]
    assert list(by_name["unverified"].y) == [1, 0, 1]
    # unverified bars are hatched and lighter than the solid verified ones
    assert by_name["unverified"].marker.pattern.shape == "/"
    assert by_name["verified"].marker.pattern.shape == ""
    assert by_name["unverified"].marker.opacity < by_name["verified"].marker.opacity
    assert fig.layout.barmode == "stack"
    assert fig.layout.shapes[0].x1 == 1.5  # the shaded band covers the two ITU-led lines


def test_status_bars_take_the_status_styles():
    frame = pd.DataFrame(
        {
            "status": ["verified", "unverified", "unverified"],
            "group": ["Questions", "Questions", "Resolutions"],
            "count": [2, 5, 7],
        }
    )
    fig = status_bars(frame, title="T", x_title="Kind", y_title="Links", status_names=NAMES)
    by_name = {trace.name: trace for trace in fig.data}
    assert list(by_name["unverified"].y) == [5, 7]
    assert list(by_name["verified"].y) == [2, 0]
    assert by_name["suggested"].marker.pattern.shape == STATUS_STYLE["suggested"]["pattern"]


def test_count_bars_count_rows_in_the_given_order_and_name_them():
    # two findings on one element count twice (the table beside the chart has two rows)
    frame = pd.DataFrame({"category": ["9", "9", "4"], "series": ["gap", "gap", "gap"], "item": ["9.1", "9.1", "4.4"]})
    fig = count_bars(frame, title="Gaps", x_title="Goal", y_title="Targets", categories=["1", "4", "9"])
    (trace,) = fig.data
    assert list(trace.x) == ["1", "4", "9"] and list(trace.y) == [0, 1, 2]
    assert list(trace.customdata) == ["", "4.4", "9.1"]
    assert trace.marker.color == OKABE_ITO[0]


def test_count_bars_horizontal_swaps_axes():
    frame = pd.DataFrame({"category": ["a", "b", "b"], "series": ["s", "s", "s"], "item": ["1", "2", "3"]})
    (trace,) = count_bars(frame, title="T", x_title="n", y_title="kind", horizontal=True).data
    assert trace.orientation == "h" and list(trace.y) == ["a", "b"] and list(trace.x) == [1, 2]


def test_empty_count_bars_say_so():
    frame = pd.DataFrame({"category": [], "series": [], "item": []})
    fig = count_bars(frame, title="T", x_title="x", y_title="y", empty_message="nothing here")
    assert fig.layout.annotations[0].text == "nothing here"
    assert fig.layout.title.text == "T"


def test_histogram_has_titles():
    fig = histogram(pd.Series([0.3, 0.5, 0.52]), title="Scores", x_title="score", y_title="links")
    assert fig.layout.title.text == "Scores" and fig.layout.xaxis.title.text == "score"
    assert list(fig.data[0].x) == [0.3, 0.5, 0.52]


def test_sankey_bands_count_elements_per_status():
    flows = pd.DataFrame(
        {
            "source": ["KAP-P1", "KAP-P1", "SG1 Questions"],
            "target": ["SG1 Questions", "SG1 Questions", "SDG 9"],
            "element_label": ["Q1/1", "Q2/1", "Q1/1"],
            "status": ["unverified", "unverified", "verified"],
        }
    )
    fig = sankey(
        flows,
        title="Flows",
        columns=[["KAP-P1"], ["SG1 Questions"], ["SDG 9"]],
        column_titles=["Priority", "Group", "Goal"],
        status_names=NAMES,
    )
    (trace,) = fig.data
    assert list(trace.node.label) == ["KAP-P1", "SG1 Questions", "SDG 9"]
    assert list(trace.link.source) == [0, 1] and list(trace.link.target) == [1, 2]
    assert list(trace.link.value) == [2, 1]
    assert "Q1/1" in trace.link.customdata[0] and "Q2/1" in trace.link.customdata[0]
    verified, unverified = trace.link.color[1], trace.link.color[0]
    assert verified.endswith("0.85)") and unverified.endswith("0.45)")
    assert [a.text for a in fig.layout.annotations][-3:] == ["<b>Priority</b>", "<b>Group</b>", "<b>Goal</b>"]


def test_pair_scatter_marks_declared_status_by_symbol():
    frame = pd.DataFrame(
        {
            "x": [0.9, 0.2, 0.4],
            "y": [1.0, 0.0, 0.5],
            "group": ["repeats", "overlaps", "overlaps"],
            "status": ["verified", "", "unverified"],
            "name": ["a", "b", "c"],
        }
    )
    fig = pair_scatter(
        frame, title="T", x_title="text", y_title="topic", group_names={}, status_names={**NAMES, "": "not declared"}
    )
    symbols = {trace.name: trace.marker.symbol for trace in fig.data}
    assert symbols == {
        "overlaps · not declared": "x",
        "overlaps · unverified": "circle-open",
        "repeats · verified": "circle",
    }


def test_cytoscape_elements_class_nodes_by_layer_and_edges_by_status():
    nodes = pd.DataFrame(
        {"id": ["q", "t"], "label": ["Q1/1", "9.c"], "layer": ["question", "target"], "focus": [True, False]}
    )
    edges = pd.DataFrame(
        {"source": ["q"], "target": ["t"], "predicate": ["contributesTo"], "status": ["unverified"], "chain": [True]}
    )
    elements = cytoscape_elements(nodes, edges)
    assert elements[0]["classes"] == "question focus"
    assert elements[2]["classes"] == "unverified chain"
    styles = {rule["selector"]: rule["style"] for rule in stylesheet()}
    assert styles[".unverified"]["line-style"] == "dashed"
    assert styles[".suggested"]["line-style"] == "dotted"
    assert styles[".verified"]["line-style"] == "solid"


def test_require_columns_lists_every_missing_column():
    with pytest.raises(ValueError, match="fig: missing column\\(s\\) a, b"):
        require_columns(pd.DataFrame({"c": []}), ["a", "b", "c"], "fig")


def test_a_table_page_holds_only_the_rows_its_height_shows():
    """Seven short rows fit a page; seven rows that wrap to many lines (a French target text is
    longer than its English one) go over two pages, each titled with the rows it holds."""
    short = pd.DataFrame({"item": [f"{n}.a" for n in range(7)], "text": ["E-health"] * 7})
    long = short.assign(text=["Construire des établissements scolaires adaptés aux enfants " * 12] * 7)
    assert len(table_pages("Gaps", short, {"item": "Item", "text": "Text"}, rows_per_page=7, widths=[1, 6])) == 1
    pages = table_pages("Gaps", long, {"item": "Item", "text": "Text"}, rows_per_page=7, widths=[1, 6])
    assert len(pages) > 1
    shown = [len(page.data[0].cells.values[0]) for page in pages]
    assert sum(shown) == 7 and max(shown) < 7
    assert pages[0].layout.title.text == f"Gaps (1–{shown[0]} / 7)"
