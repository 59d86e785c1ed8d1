"""Regression tests, in a real browser, for the defects of the page-by-page walk (issue 14).

Each test names the defect it guards against; expected values come from the data files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from dashboards.i18n import t
from graph.analysis.frames import PREDICATES
from graph.cli import app
from tests.conftest import DATA
from tests.dashboards.test_browser import _download, _open, _query, _settle, _trace_values

pytestmark = pytest.mark.browser

Q3_2 = "https://w3id.org/itud-align/id/question/2022-2025/Q3-2"


def _grid_rows(duo, table: str) -> int:
    """The row count AG Grid's paging panel reports for ``table`` ("1 to 50 of 144")."""
    text = duo.find_element(f"#{table}-card .ag-paging-row-summary-panel").text
    return int(re.findall(r"\d+", text)[-1])


def _chain_subjects(duo) -> list[str]:
    return duo.driver.execute_script(
        "return [...document.querySelectorAll('#network-chain-card .ag-center-cols-container .ag-row')]"
        ".map(r => r.querySelector('[col-id=subject]').textContent);"
    )


def test_net002_a_focus_opened_from_the_url_stays_and_its_chain_is_shown(dash_duo):
    _open(dash_duo, f"/network?node={Q3_2}&target=9.c", "#network-chain-card .ag-row")
    assert _query(dash_duo) == {"node": [Q3_2], "target": ["9.c"]}
    assert _chain_subjects(dash_duo)[0] == "2022-2025/Q3-2"
    assert "Q3/2 (2022-2025)" in dash_duo.find_element("#network-focus").text


def test_net003_picking_a_focus_keeps_it(dash_duo):
    _open(dash_duo, "/network?target=9.c", "#network-graph canvas")
    dash_duo.find_element("#network-focus").click()
    dash_duo.find_element(".dash-dropdown-search").send_keys("Q3/2 (2022-2025)")
    dash_duo.wait_for_contains_text(".dash-dropdown-options", "Q3/2 (2022-2025)", timeout=20)
    option = next(o for o in dash_duo.find_elements(".dash-dropdown-option") if o.text.startswith("Q3/2 (2022-2025)"))
    option.click()
    _settle(dash_duo, quiet=1.5)
    assert _query(dash_duo).get("node") == [Q3_2]
    assert "Q3/2 (2022-2025)" in dash_duo.find_element("#network-focus").text
    dash_duo.wait_for_element("#network-chain-card .ag-row", timeout=30)
    assert _chain_subjects(dash_duo)[0] == "2022-2025/Q3-2"


def test_cnt001_misalignment_chart_adds_up_to_its_table(dash_duo, bundled_build):
    _open(dash_duo, "/misalignments", "#misalignments-table-card .ag-row")
    by_series = _trace_values(dash_duo, "misalignments-by-rule", axis="x")
    total = sum(v for k, v in by_series.items() if k != t("severity.note", "en"))  # notes: "not counted"
    # notes (the Matrix's silence) are listed in the table and counted nowhere, as the CLI lists them
    result = CliRunner().invoke(
        app, ["misalignments", "--format", "json"], env={"ITUD_ALIGN_BUILD_DIR": str(bundled_build)}
    )
    cli = json.loads(result.stdout[result.stdout.index("[") :])
    notes = sum(r["severity"] == "note" for r in cli)
    assert total == len(cli) - notes
    assert total + notes == _grid_rows(dash_duo, "misalignments-table")
    _open(dash_duo, "/", "#overview-kpi-misalignments")
    assert dash_duo.find_element("#overview-kpi-misalignments .kpi-value").text == str(total)


def test_cnt002_data_page_counts_every_question_and_initiative_of_the_data_files(dash_duo):
    _open(dash_duo, "/data", "#data-elements-card .main-svg")
    counts = dash_duo.driver.execute_script(
        "const el = document.querySelector('#data-elements-card .js-plotly-plot'); const out = {};"
        "for (const t of el.data) t.x.forEach((k, i) => out[k] = (out[k] || 0) + (+t.y[i] || 0));"
        "return out;"
    )
    questions = len(pd.read_csv(DATA / "frameworks/itud_study_questions.csv"))
    initiatives = len(pd.read_csv(DATA / "frameworks/wtdc_regional_initiatives.csv"))
    assert counts["Study Questions"] == questions
    assert counts["Regional initiatives"] == initiatives


def test_reg001_a_region_without_known_initiatives_says_so(dash_duo):
    initiatives = pd.read_csv(DATA / "frameworks/wtdc_regional_initiatives.csv")
    titled = initiatives.assign(t=initiatives["title_en"].fillna("").str.strip() != "")
    titled = titled.groupby(["region", "period"])["t"].any()
    region, period = sorted(titled[~titled].index)[0]
    _open(dash_duo, f"/?region={region}&period={period}", "#overview-kpi-covered")
    assert dash_duo.find_element("#overview-kpi-covered .kpi-value").text == "unknown"
    assert f"No known initiatives for {region}" in dash_duo.find_element("#overview-notice").text
    assert dash_duo.find_element("#overview-kpi-reference .kpi-value").text != "0"
    _open(dash_duo, f"/gaps?period={period}", "#gaps-by-region-card .main-svg")
    shown = dash_duo.driver.execute_script(
        "return document.querySelector('#gaps-by-region-card .js-plotly-plot').data[0].x;"
    )
    assert region not in shown


def test_flt003_an_unknown_filter_value_is_named_in_a_notice(dash_duo):
    _open(dash_duo, "/gaps?region=XYZ", "#gaps-by-goal-card .main-svg")
    notice = dash_duo.find_element("#filters-notice").text
    assert '"XYZ"' in notice and "AFR" in notice
    assert "region" not in _query(dash_duo)


def test_url002_overview_rows_and_goal_survive_reload_and_back(dash_duo):
    _open(dash_duo, "/", "#overview-heatmap-card .main-svg")
    dash_duo.find_element("#overview-rows input[value='priority']").click()
    _settle(dash_duo, quiet=1.0)
    assert _query(dash_duo) == {"rows": ["priority"]}
    dash_duo.driver.refresh()
    dash_duo.wait_for_element("#overview-heatmap-card .main-svg", timeout=40)
    _settle(dash_duo)
    assert dash_duo.find_element("#overview-rows input:checked").get_attribute("value") == "priority"
    _open(dash_duo, "/?rows=priority&goal=9", "#overview-heatmap-card .main-svg")
    x = dash_duo.driver.execute_script(
        "return document.querySelector('#overview-heatmap-card .js-plotly-plot').data[0].x;"
    )
    assert all(str(c).startswith("9.") for c in x)
    dash_duo.find_element("#overview-back").click()
    _settle(dash_duo, quiet=1.0)
    assert _query(dash_duo) == {"rows": ["priority"]}
    dash_duo.driver.back()
    _settle(dash_duo, quiet=1.0)
    assert _query(dash_duo) == {"rows": ["priority"], "goal": ["9"]}


def test_url003_a_page_option_does_not_leak_and_clear_filters_clears_it(dash_duo):
    _open(dash_duo, "/gaps?scope=all&region=AFR", "#gaps-by-goal-card .main-svg")
    dash_duo.find_element("#app-nav-overview").click()
    dash_duo.wait_for_element("#overview-heatmap-card .main-svg", timeout=30)
    _settle(dash_duo)
    assert _query(dash_duo) == {"region": ["AFR"]}
    _open(dash_duo, "/gaps?scope=all&region=AFR", "#gaps-by-goal-card .main-svg")
    dash_duo.find_element("#filters-clear").click()
    _settle(dash_duo, quiet=1.0)
    assert urlparse(dash_duo.driver.current_url).query == ""


def test_exp004_a_chart_download_is_named_by_view_language_and_snapshot(dash_duo, downloads):
    _open(dash_duo, "/gaps?lang=fr&region=AFR", "#gaps-by-goal-card .main-svg")
    snapshot = dash_duo.find_element("#app-footer").text.split()[1]
    before = set(downloads.iterdir())
    dash_duo.find_element("#gaps-by-goal-card .export-png").click()
    path = _download(downloads, ".png", before)
    assert Path(path).name == f"gaps-by-goal_region-AFR_fr_{snapshot}.png"


def test_exp005_the_pack_button_offers_english_french_or_both_in_one_file(dash_duo, downloads):
    _open(dash_duo, "/gaps?lang=fr&region=AFR", "#gaps-by-goal-card .main-svg")
    choices = [c.get_attribute("value") for c in dash_duo.find_elements("#gaps-pack-lang input")]
    assert choices == ["en", "fr", "both"]  # the choice of export-charts --lang
    assert dash_duo.find_element("#gaps-pack-lang input:checked").get_attribute("value") == "fr"
    snapshot = dash_duo.find_element("#app-footer").text.split()[1]
    dash_duo.find_element("#gaps-pack-lang input[value='both']").click()
    before = set(downloads.iterdir())
    dash_duo.find_element("#gaps-pack").click()
    path = _download(downloads, ".pdf", before, timeout=180)
    # named as export-charts --lang both --region AFR names it
    assert path.name == f"itud-align-gap-charts_region-AFR_en-fr_{snapshot}.pdf"
    texts = [page.extract_text() for page in PdfReader(path).pages]
    french = next(n for n, text in enumerate(texts) if t("pack.title", "fr") in text)
    assert t("pack.title", "en") in texts[0] and 0 < french < len(texts)
    assert "Région : AFR" in texts[french + 1] and "Region: AFR" in texts[1]


# each table's page, ready once its rows are drawn
TABLES = {
    "/gaps": "#gaps-table-card .ag-row",
    "/misalignments": "#misalignments-table-card .ag-row",
    "/network?target=9.c": "#network-chain-card .ag-row",
    "/regions": "#regions-table-card .ag-row",
    "/cycles": "#cycles-table-card .ag-row",
    "/resolutions": "#resolutions-table-card .ag-row",
    "/suggestions": "#suggestions-table-card .ag-row",
    "/data": "#data-completeness-card .ag-row",
}
# a header cut by its cell (ellipsis) or by the grid's edge, and columns wider than the grid
# (AG Grid draws no header for a column scrolled out of view, so that is a cut header too)
_CUT_HEADERS = """const out = [];
for (const grid of document.querySelectorAll('.ag-root-wrapper')) {
  const box = grid.getBoundingClientRect(); const name = grid.closest('.card').id;
  const viewport = grid.querySelector('.ag-center-cols-viewport');
  if (viewport.scrollWidth > viewport.clientWidth + 1) out.push(name + ': columns wider than the grid');
  for (const cell of grid.querySelectorAll('.ag-header-cell')) {
    const text = cell.querySelector('.ag-header-cell-text'); const r = cell.getBoundingClientRect();
    if (r.right > box.right + 1 || text.scrollWidth > text.clientWidth + 1 || text.scrollHeight > text.clientHeight + 1)
      out.push(name + ': ' + text.textContent);
  }
} return out;"""


def test_tab001_every_table_header_shows_whole_in_a_1440_px_window(dash_duo):
    dash_duo.driver.set_window_size(1440, 900)
    try:
        found = {}
        for lang in ("en", "fr"):
            for path, ready in TABLES.items():
                _open(dash_duo, path + ("&" if "?" in path else "?") + f"lang={lang}", ready)
                cut = dash_duo.driver.execute_script(_CUT_HEADERS)
                if cut:
                    found[f"{path} ({lang})"] = cut
        assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
    finally:
        dash_duo.driver.set_window_size(1400, 1000)


def test_dat001_the_production_entry_reads_the_build_folder_with_its_manifest(dash_duo, bundled_build):
    # gunicorn dashboards.wsgi:server on ITUD_ALIGN_BUILD_DIR (conftest), as deployed: the Data
    # page showed "? triples", no sources and no SHACL report, as if it read a bare store
    manifest = json.loads((bundled_build / "build.json").read_text())
    _open(dash_duo, "/data", "#data-snapshot")
    assert f"{manifest['triples']} triples" in dash_duo.find_element("#data-summary").text
    dash_duo.wait_for_element("#data-sources-card .ag-row", timeout=30)
    assert _grid_rows(dash_duo, "data-sources") == len(manifest["graphs"])


def test_net004_the_chain_names_its_links_in_words_of_the_page(dash_duo):
    # the graph's predicates (contributesTo, implementsPriority...) are not words for a reader
    predicates = [*PREDICATES.values(), "broader"]
    for lang in ("en", "fr"):
        _open(dash_duo, f"/network?node={Q3_2}&target=9.c&lang={lang}", "#network-chain-card .ag-row")
        links = dash_duo.driver.execute_script(
            "return [...document.querySelectorAll('#network-chain-card .ag-center-cols-container .ag-row')]"
            ".map(r => r.querySelector('[col-id=predicate]').textContent);"
        )
        assert links and set(links) <= {t(f"predicate.{p}", lang) for p in predicates}, (lang, links)
