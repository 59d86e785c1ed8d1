"""Callbacks called as plain functions on the bundled build.

Expected values are read from the data files (``tests/datafiles.py``): the element links are
the mapping rows whose subject is not a WSIS action line (the Matrix's line -> SDG rows).
Regions: AFR is "Afrique" in French.
"""

from __future__ import annotations

import base64
from urllib.parse import parse_qs

import pandas as pd
import pytest
from dash import no_update

from dashboards.i18n import FALLBACK_MARK, t
from dashboards.pages.cycles import callbacks as cycles
from dashboards.pages.data import callbacks as datainfo
from dashboards.pages.flows import callbacks as flows
from dashboards.pages.flows import view as flows_view
from dashboards.pages.gaps import callbacks as gaps
from dashboards.pages.misalignments import callbacks as misalignments
from dashboards.pages.network import callbacks as network
from dashboards.pages.network import view as network_view
from dashboards.pages.overview import callbacks as overview
from dashboards.pages.regions import callbacks as regions
from dashboards.pages.resolutions import callbacks as resolutions
from dashboards.pages.suggestions import callbacks as suggestions
from dashboards.shell import callbacks as shell
from dashboards.shell import export_buttons as export
from dashboards.shell.layout import NAV_PAGES
from dashboards.urlstate import FILTER_KEYS, ViewState
from graph.buildfolder import read_manifest
from tests.conftest import DATA
from tests.datafiles import element_link_statuses, framework

NONE = dict.fromkeys(FILTER_KEYS)


def _query(search: str) -> dict[str, list[str]]:
    return parse_qs(search.lstrip("?"))


def test_shell_url_sets_filters_language_and_french_labels(bundled_data):
    out = shell.update_shell(None, "?lang=fr&region=AFR", NONE, "en", data=bundled_data)
    assert out["values"]["region"] == "AFR" and out["values"]["status"] is None
    assert out["lang"] == "fr"
    assert out["search"] is no_update  # the URL already says it all
    assert {"label": "AFR · Afrique", "value": "AFR"} in out["options"]["region"]
    assert out["labels"]["region"] == "Région"
    assert out["nav_hrefs"]["gaps"] == "/gaps?lang=fr&region=AFR"
    assert bundled_data.snapshot in out["footer"]


def test_page_options_stay_on_their_page(bundled_data):
    out = shell.update_shell(None, "?region=AFR&scope=all&node=x", NONE, "en", "/gaps", data=bundled_data)
    assert set(out["nav_hrefs"].values()) == {path + "?region=AFR" for _, path in NAV_PAGES}


def test_unknown_filter_value_is_dropped_with_a_notice(bundled_data):
    out = shell.update_shell(None, "?region=XYZ&status=verified", NONE, "en", data=bundled_data)
    assert out["search"] == "?status=verified" and out["values"]["region"] is None
    (notice,) = out["notice"]
    assert '"XYZ"' in notice.children and "AFR" in notice.children


def test_shell_filter_change_writes_the_url_and_clear_keeps_the_language(bundled_data):
    values = {**NONE, "region": "AFR", "status": "verified"}
    out = shell.update_shell("filters-status", "?lang=fr&region=AFR", values, "fr", data=bundled_data)
    assert _query(out["search"]) == {"lang": ["fr"], "region": ["AFR"], "status": ["verified"]}
    out = shell.update_shell("filters-clear", "?lang=fr&region=AFR&scope=all", values, "fr", data=bundled_data)
    assert _query(out["search"]) == {"lang": ["fr"]}  # a page's own option (scope) is cleared too


def test_overview_counts_links_by_status(bundled_data):
    cards, _notice, _wsis, status = overview.update_overview("", data=bundled_data)
    links = next(c for c in cards if c.id == "overview-kpi-links")
    expected = element_link_statuses()
    assert links.children[0].children == str(sum(expected.values()))
    by_name = {trace.name: sum(trace.y) for trace in status.data}
    assert by_name == expected


def test_overview_status_filter_leaves_only_the_verified_line_link(bundled_data):
    _cards, _notice, wsis, _ = overview.update_overview("?status=verified", data=bundled_data)
    verified = next(trace for trace in wsis.data if trace.name == "verified")
    supported = {x: y for x, y in zip(verified.x, verified.y, strict=True) if y}
    assert supported == {"C7": 1}  # Q1/1 -> C7 is the one verified action-line link
    assert "Q1/1" in verified.customdata[list(verified.x).index("C7")][1]
    heat = overview.update_heatmap("?status=verified", data=bundled_data)
    assert sum(sum(row) for row in heat.data[0].z) == 0  # no verified SDG link at all


def test_overview_heatmap_drills_down_to_the_targets_of_a_goal(bundled_data):
    assert overview.drill("x", {"points": [{"x": "9"}]}, "?lang=fr") == "?lang=fr&goal=9"
    assert overview.drill("overview-back", None, "?lang=fr&goal=9") == "?lang=fr"
    fig = overview.update_heatmap("?lang=fr&goal=9", data=bundled_data)
    assert list(fig.data[0].x) == ["9.1", "9.2", "9.3", "9.4", "9.5", "9.a", "9.b", "9.c"]
    assert fig.layout.title.text.startswith("Éléments liés aux cibles de l'ODD 9")


def test_gaps_region_filter_keeps_one_region(bundled_data):
    _notice, *charts, rows, columns = gaps.update_gaps("?region=AFR", data=bundled_data)
    by_region = charts[2]
    totals = [sum(values) for values in zip(*(trace.y for trace in by_region.data), strict=True)]
    # a region none of whose initiatives has a title in the data is not ranked
    shown = dict(zip(by_region.data[0].x, totals, strict=True))
    assert shown == {r: (totals[0] if r == "AFR" else 0) for r in _regions() if r not in _untitled_regions()}
    assert totals[0] > 0
    assert [c["field"] for c in columns] == ["rank", "kind", "item", "item_label", "nearest", "detail", "filters"]
    assert all("Region: AFR" in row["filters"] for row in rows)


def test_gaps_chart_pack_is_a_pdf(bundled_data):
    sent = gaps.chart_pack("?lang=fr", None, data=bundled_data)  # no choice: the view's language
    body = base64.b64decode(sent["content"])
    assert body.startswith(b"%PDF") and len(body) > 20_000
    assert sent["filename"].endswith(f"_fr_{bundled_data.snapshot}.pdf")


def test_misalignment_selection_shows_its_evidence(bundled_data):
    fig, rows, _ = misalignments.update_misalignments("", data=bundled_data)
    assert fig.layout.title.text == "Findings by rule and severity"
    m9 = next(r for r in rows if r["rule"] == "M9")
    search = misalignments.select_finding([m9], "?region=AFR")
    assert search == f"?region=AFR&finding={m9['n']}"  # the selection is in the URL
    detail = misalignments.show_finding(f"?finding={m9['n']}", data=bundled_data)
    assert detail[0].children.startswith("M9 · ")
    evidence = detail[3]
    body = evidence.children[1].children
    assert len(body) >= 1  # at least the element's class: a missing link has no triple of its own
    french = misalignments.show_finding(f"?lang=fr&finding={m9['n']}", data=bundled_data)
    assert "grande orientation SMSI" in french[1].children[1]
    assert misalignments.show_finding("?lang=fr", data=bundled_data).children.startswith("Sélectionnez")


def test_flows_region_filter_keeps_that_region_s_initiatives(bundled_data):
    fig = flows.update_flows("?region=CIS", data=bundled_data)
    groups = [label for label in fig.data[0].node.label if "initiatives" in label]
    assert groups == ["CIS initiatives"]


def test_regions_table_marks_english_only_titles_in_french(bundled_data):
    _, _, _, rows, _ = regions.update_regions("?lang=fr&region=AFR", data=bundled_data)
    assert {r["region"] for r in rows} == {"Afrique"}
    assert all(r["title"].endswith(" (en)") for r in rows if r["title"])


def test_regions_table_lists_each_initiative_s_links_as_the_mapping_files_give_them(bundled_data):
    columns = {
        "itud:contributesTo": "targets",
        "itud:supportsActionLine": "lines",
        "itud:implementsPriority": "priorities",
    }
    expected: dict[str, dict[str, set[str]]] = {}
    for path in (DATA / "mappings").glob("*.sssom.tsv"):
        links = pd.read_csv(path, sep="\t", comment="#", dtype=str)
        for row in links[links["subject_id"].str.startswith("initiative:")].itertuples():
            codes = expected.setdefault(row.subject_id, {c: set() for c in columns.values()})
            prefix, _, local = row.object_id.partition(":")
            goal = prefix == "sdg" and "." not in local  # a whole goal is shown as "SDG 3"
            codes[columns[row.predicate_id]].add(f"SDG {local}" if goal else local)
    _, _, _, rows, _ = regions.update_regions("", data=bundled_data)
    assert len(rows) == len(framework("wtdc_regional_initiatives.csv"))
    for r in rows:
        codes = expected.get(f"initiative:{r['period']}/{r['initiative']}", {})
        assert {c: r[c] for c in columns.values()} == {
            c: ", ".join(sorted(codes.get(c, ()))) for c in columns.values()
        }, r["initiative"]
    assert any(r["targets"] and r["lines"] and r["priorities"] for r in rows)


def test_flows_start_from_every_priority_a_question_or_initiative_implements(bundled_data):
    implemented = set()
    for path in (DATA / "mappings").glob("*.sssom.tsv"):
        links = pd.read_csv(path, sep="\t", comment="#", dtype=str)
        mine = links[
            (links["predicate_id"] == "itud:implementsPriority")
            & links["subject_id"].str.startswith(("question:", "initiative:"))
        ]
        implemented |= {o.partition(":")[2] for o in mine["object_id"]}
    steps, (priorities, groups, _goals) = flows_view.flows(bundled_data, ViewState())
    assert priorities == sorted(implemented) and len(priorities) > 5
    assert set(steps["source"]) >= set(priorities)
    assert "AFR initiatives" in groups and any(g.startswith("SG") for g in groups)


def test_cycles_refuse_the_same_cycle_twice(bundled_data):
    *_, message, _changes, _coverage, rows, _columns = cycles.update_cycles(
        "", "WTDC-22", "WTDC-22", "question", data=bundled_data
    )
    assert "same cycle" in message and rows == []


def test_cycles_say_an_unknown_cycle_in_the_message_and_the_charts_say_what_to_do(bundled_data):
    out = cycles.update_cycles("?lang=fr", "XX", "WTDC-22", "question", data=bundled_data)
    message, changes, coverage, rows = out[4], out[5], out[6], out[7]
    assert "'XX'" in message and message.endswith(FALLBACK_MARK)  # the error has no French text: marked
    assert rows == []
    for chart in (changes, coverage):
        assert [a.text for a in chart.layout.annotations] == [t("cycles.pick", "fr")]


def test_cycles_compare_the_questions_of_two_study_periods(bundled_data):
    out = cycles.update_cycles("", "WTDC-17", "WTDC-22", "question", data=bundled_data)
    changes, rows = out[5], out[7]
    # every Question of each study period (WTDC-17 set up 2018-2021's, WTDC-22 2022-2025's) appears once
    per_period = framework("itud_study_questions.csv")["study_period"].value_counts()
    assert sum(sum(trace.y) for trace in changes.data) == len(rows)
    assert sum(1 for r in rows if r["from_notation"]) == per_period["2018-2021"]
    assert sum(1 for r in rows if r["to_notation"]) == per_period["2022-2025"]


def test_a_grid_loading_its_rows_keeps_the_urls_finding():
    # the grid reports an empty selection while it loads: the finding of a link or a reload stays
    assert misalignments.select_finding([], "?lang=fr&finding=3") is no_update
    assert misalignments.select_finding(None, "?finding=3") is no_update
    assert "finding=5" in misalignments.select_finding([{"n": 5}], "?lang=fr&finding=3")


def test_cycles_show_a_partly_known_next_cycle(bundled_data):
    # WTDC-25's Questions (2026-2029) are listed without titles: the page says "not known yet", in French too
    out = cycles.update_cycles("?lang=fr", "WTDC-22", "WTDC-25", "question", data=bundled_data)
    message, rows = out[4], out[7]
    per_period = framework("itud_study_questions.csv")["study_period"].value_counts()
    assert message == ""
    assert sum(1 for r in rows if r["from_notation"]) == per_period["2022-2025"]
    assert {r["change"] for r in rows if r["from_notation"]} == {t("cycles.change.not known yet", "fr")}


def test_network_explains_a_coverage_with_its_evidence(bundled_data):
    focus = "question:2018-2021/Q1-1"  # the focus picker's value for this Question
    out = network.update_network("", focus, "1", "9.c", data=bundled_data)
    shown, target, elements, message, chain_rows = out[1], out[3], out[4], out[5], out[6]
    assert target == "9.c"
    assert shown.startswith("Q1/1")
    assert "9.c" in message
    assert chain_rows[0]["subject"] == "2018-2021/Q1-1" and chain_rows[-1]["object"] == "9.c"
    assert any("focus" in e.get("classes", "") for e in elements)
    assert any("chain" in e.get("classes", "") for e in elements)


def test_resolutions_and_suggestions_fill_their_tables(bundled_data):
    fig, rows, _ = resolutions.update_resolutions("", data=bundled_data)
    assert rows and fig.layout.xaxis.title.text.startswith("Title similarity")
    fig, rows, _ = suggestions.update_suggestions("", data=bundled_data)
    assert rows and all(r["status"] == "suggested" for r in rows)
    assert rows[0]["score"] >= rows[-1]["score"]


def test_data_page_shows_the_snapshot_of_the_build(bundled_data, bundled_build):
    block, *_, rows, _ = datainfo.update_data("", data=bundled_data)
    assert block[0].children[1].children == read_manifest(bundled_build).snapshot
    assert {r["graph"] for r in rows} >= {"un-sdg-kos", "mappings/wsis-sdg-matrix"}


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<svg"), ("pdf", b"%PDF")])
def test_chart_export_renders_the_browser_figure(bundled_data, fmt, magic):
    figure = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"title": {"text": "T"}}}
    sent = export.export_chart("overview-status", fmt, figure, "?region=AFR", data=bundled_data)
    body = base64.b64decode(sent["content"])
    assert body.startswith(magic)
    assert sent["filename"] == f"overview-status_region-AFR_en_{bundled_data.snapshot}.{fmt}"


def test_table_export_keeps_the_headers_shown_and_the_stamp(bundled_data):
    rows = [{"item": "9.c", "kind": "gap"}]
    columns = [{"field": "item", "headerName": "Item"}, {"field": "kind", "headerName": "Kind"}]
    sent = export.export_table("gaps-table", "csv", rows, columns, "?status=verified", data=bundled_data)
    text = base64.b64decode(sent["content"]).decode("utf-8").splitlines()
    assert text[0] == "# Filters: Link status: verified"
    assert text[3:] == ["Item,Kind", "9.c,gap"]


def test_network_focus_picker_values_are_curies_of_the_nodes(bundled_data):
    # the picker indexes every substring of its values: CURIEs, not full IRIs, keep that short
    options = network_view.node_options(bundled_data, ViewState())
    nodes = set(network_view.network(bundled_data, ViewState()).nodes)
    assert {network_view.focus_node(o["value"]) for o in options} == nodes
    assert all(":" in o["value"] and "//" not in o["value"] for o in options)


def test_network_restores_node_and_target_from_the_url(bundled_data):
    focus = "https://w3id.org/itud-align/id/question/2018-2021/Q1-1"
    out = network.update_network(f"?node={focus}&target=9.c", None, "1", None, data=bundled_data)
    assert out[1].startswith("Q1/1") and out[3] == "9.c"
    assert out[6][-1]["object"] == "9.c"


def _regions() -> list[str]:
    return sorted(pd.read_csv(DATA / "frameworks/regions.csv")["id"])


def _titled() -> pd.DataFrame:
    initiatives = pd.read_csv(DATA / "frameworks/wtdc_regional_initiatives.csv")
    return initiatives.assign(t=initiatives["title_en"].fillna("").str.strip() != "")


def _untitled_regions() -> list[str]:
    """Regions none of whose initiatives has a title in the data file."""
    titled = _titled().groupby("region")["t"].any()
    return sorted(titled[~titled].index)


def _untitled_list() -> tuple[str, str]:
    """The first (region, period) whose initiatives have no title in the data file."""
    titled = _titled().groupby(["region", "period"])["t"].any()
    return sorted(titled[~titled].index)[0]


def test_a_region_without_known_initiatives_is_said_and_drawn_as_missing(bundled_data):
    region, period = _untitled_list()
    view = f"?region={region}&period={period}"
    cards, notice, _wsis, _status = overview.update_overview(view, data=bundled_data)
    covered = next(c for c in cards if c.id == "overview-kpi-covered")
    assert covered.children[0].children == "unknown"
    assert any(c.id == "overview-kpi-reference" for c in cards)  # priorities' links apart
    assert any(f"No known initiatives for {region}" in p.children for p in notice)
    notice, by_priority, by_goal, _rows, _cols = regions.update_regions(f"?period={period}", data=bundled_data)
    for fig in (by_priority, by_goal):
        heat = fig.data[0]
        row = list(heat.y).index(region)
        assert all(v is None for v in heat.z[row])  # missing, not zero
        assert heat.zmin == 0


def test_the_analysis_names_statuses_in_french_as_the_dashboard_does():
    from graph.analysis.sentences import STATUS_FR
    from graph.namespaces import STATUSES

    assert {s: t(f"status.{s}", "fr") for s in STATUSES} == STATUS_FR
