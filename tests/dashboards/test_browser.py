"""The dashboard in a real browser (headless chromium): pages, filters, URL, language, exports.

One app and one browser serve the whole module (see ``conftest.py``). Expected values come
from the bundled data files (``tests/datafiles.py``): six ITU-D regions, Africa is "Afrique"
in French; the element links are the mapping rows whose subject is not a WSIS action line.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from pypdf import PdfReader

from tests.conftest import DATA
from tests.datafiles import element_link_statuses

pytestmark = pytest.mark.browser

PAGES = {
    "/": "#overview-heatmap-card .main-svg",
    "/gaps": "#gaps-by-goal-card .main-svg",
    "/misalignments": "#misalignments-by-rule-card .main-svg",
    "/network": "#network-graph canvas",
    "/flows": "#flows-sankey-card .main-svg",
    "/regions": "#regions-priorities-card .main-svg",
    "/cycles": "#cycles-changes-card .main-svg",
    "/resolutions": "#resolutions-pairs-card .main-svg",
    "/suggestions": "#suggestions-scores-card .main-svg",
    "/data": "#data-snapshot",
}


def _open(duo, path: str, ready: str) -> None:
    duo.wait_for_page(duo.server_url + path, timeout=30)
    duo.wait_for_element(ready, timeout=40)
    _settle(duo)


def _settle(duo, quiet: float = 0.6, timeout: float = 40) -> None:
    """Wait until no Dash callback has been pending for ``quiet`` seconds."""
    end = time.time() + timeout
    calm_since = time.time()
    while time.time() < end:
        busy = duo.driver.execute_script("return document.querySelectorAll('[data-dash-is-loading=\"true\"]').length")
        if busy:
            calm_since = time.time()
        elif time.time() - calm_since >= quiet:
            return
        time.sleep(0.1)


def _trace_values(duo, card: str, axis: str = "y") -> dict[str, float]:
    """Trace name -> sum of the values of the plotly chart in ``#<card>-card``."""
    return duo.driver.execute_script(
        "const el = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "const out = {}; for (const t of el.data) {"
        " out[t.name] = (t[arguments[1]] || []).reduce((a, b) => a + (+b || 0), 0); } return out;",
        f"#{card}-card",
        axis,
    )


def _title(duo, card: str) -> str:
    """The chart's title and subtitle."""
    return duo.driver.execute_script(
        "const t = document.querySelector(arguments[0] + ' .js-plotly-plot').layout.title;"
        "return t.text + ' · ' + ((t.subtitle && t.subtitle.text) || '');",
        f"#{card}-card",
    )


def _query(duo) -> dict[str, list[str]]:
    return parse_qs(urlparse(duo.driver.current_url).query)


def _download(folder: Path, suffix: str, before: set[Path], timeout: float = 40) -> Path:
    end = time.time() + timeout
    while time.time() < end:
        done = [p for p in folder.glob(f"*{suffix}") if p not in before and p.stat().st_size > 0]
        if done:
            time.sleep(0.3)
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} file downloaded into {folder}")


def test_ovw001_every_page_renders_without_console_errors(dash_duo):
    for path, ready in PAGES.items():
        _open(dash_duo, path, ready)
        assert dash_duo.get_logs() == [], path
        assert dash_duo.find_element("#app-nav").text  # the shell is there on every page


def test_ovw002_headline_figures_match_the_bundled_build(dash_duo):
    _open(dash_duo, "/", "#overview-kpi-links")
    expected = element_link_statuses()
    assert dash_duo.find_element("#overview-kpi-links .kpi-value").text == str(sum(expected.values()))
    status = _trace_values(dash_duo, "overview-status")
    assert status == expected


def test_flt001_status_filter_changes_the_status_chart_and_the_url(dash_duo):
    _open(dash_duo, "/", "#overview-status-card .main-svg")
    dash_duo.select_dcc_dropdown("#filters-status", value="verified")
    verified = element_link_statuses()["verified"]
    dash_duo.wait_for_text_to_equal("#overview-kpi-links .kpi-value", str(verified), timeout=30)
    _settle(dash_duo)
    assert _trace_values(dash_duo, "overview-status") == {"verified": verified, "unverified": 0, "suggested": 0}
    assert _query(dash_duo)["status"] == ["verified"]
    assert dash_duo.get_logs() == []


def test_flt002_region_filter_narrows_the_regions_heatmap(dash_duo):
    _open(dash_duo, "/regions", "#regions-priorities-card .main-svg")
    rows = dash_duo.driver.execute_script(
        "const d = document.querySelector('#regions-goals-card .js-plotly-plot').data[0];"
        "return d.y.filter((r, i) => d.z[i].some(v => v > 0));"
    )
    # every region with a titled initiative (the untitled ones have no link: unlinked.csv)
    initiatives = pd.read_csv(DATA / "frameworks/wtdc_regional_initiatives.csv")
    assert sorted(rows) == sorted(set(initiatives.loc[initiatives["title_en"].notna(), "region"]))
    dash_duo.select_dcc_dropdown("#filters-region", value="AFR · Africa")
    dash_duo.wait_for_contains_text("#filters-bar", "AFR · Africa", timeout=30)
    _settle(dash_duo)
    rows = dash_duo.driver.execute_script(
        "const d = document.querySelector('#regions-goals-card .js-plotly-plot').data[0];"
        "return d.y.filter((r, i) => d.z[i].some(v => v > 0));"
    )
    assert rows == ["AFR"]
    assert _query(dash_duo)["region"] == ["AFR"]


def test_mis001_selecting_a_finding_shows_its_evidence(dash_duo):
    _open(dash_duo, "/misalignments", "#misalignments-table-card .ag-row")
    dash_duo.find_element("#misalignments-table-card .ag-center-cols-container .ag-row").click()
    dash_duo.wait_for_element("#misalignments-evidence", timeout=30)
    assert dash_duo.find_element("#misalignments-rule").text.startswith("M")
    assert len(dash_duo.find_elements("#misalignments-evidence tbody tr")) >= 1
    assert dash_duo.get_logs() == []


def test_url001_a_link_reopens_the_same_view(dash_duo):
    _open(dash_duo, "/gaps?lang=fr&region=AFR&scope=all", "#gaps-by-goal-card .main-svg")
    assert "Les 169 cibles" in _title(dash_duo, "gaps-by-goal")
    assert dash_duo.find_element("#filters-region").text.startswith("AFR · Afrique")
    checked = dash_duo.find_element("#gaps-scope input:checked").get_attribute("value")
    assert checked == "all"
    assert dash_duo.find_element("#gaps-title").text == "Lacunes"
    # the navigation keeps language and filters; the Gaps page's own scope stays on Gaps
    dash_duo.find_element("#app-nav-regions").click()
    dash_duo.wait_for_element("#regions-priorities-card .main-svg", timeout=30)
    _settle(dash_duo)
    assert urlparse(dash_duo.driver.current_url).path == "/regions"
    assert _query(dash_duo) == {"lang": ["fr"], "region": ["AFR"]}
    assert dash_duo.find_element("#regions-title").text == "Régions"
    assert dash_duo.get_logs() == []


def test_lng001_language_switch_changes_labels(dash_duo):
    _open(dash_duo, "/", "#overview-heatmap-card .main-svg")
    assert dash_duo.find_element("#overview-title").text == "Overview"
    dash_duo.find_element("#app-lang input[value='fr']").click()
    dash_duo.wait_for_text_to_equal("#overview-title", "Vue d'ensemble", timeout=30)
    _settle(dash_duo)
    assert dash_duo.find_element("#app-nav-gaps").text == "Lacunes"
    assert dash_duo.find_element("#filters-region-label").text == "Région"
    assert _title(dash_duo, "overview-heatmap").startswith("Éléments liés à chaque ODD")
    assert _query(dash_duo)["lang"] == ["fr"]
    # data labels: regions have French names; English-only titles are marked "(en)"
    dash_duo.find_element("#filters-region").click()
    options = dash_duo.find_element(".dash-dropdown-options").text
    assert "AFR · Afrique" in options
    dash_duo.find_element("#overview-title").click()
    _open(dash_duo, "/regions?lang=fr", "#regions-table-card .ag-row")
    assert "(en)" in dash_duo.find_element("#regions-table-card .ag-center-cols-container").text
    assert dash_duo.get_logs() == []


def test_exp001_chart_export_writes_real_png_and_pdf(dash_duo, downloads):
    _open(dash_duo, "/", "#overview-status-card .main-svg")
    for fmt, magic in (("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF")):
        before = set(downloads.iterdir())
        dash_duo.find_element(f"#overview-status-card .export-{fmt}").click()
        path = _download(downloads, f".{fmt}", before)
        body = path.read_bytes()
        assert body.startswith(magic), path
        assert len(body) > 10_000, (path, len(body))
    assert dash_duo.get_logs() == []


def test_exp002_chart_pack_is_one_pdf_with_a_title_page_and_every_gap_chart(dash_duo, downloads):
    _open(dash_duo, "/gaps", "#gaps-by-goal-card .main-svg")
    before = set(downloads.iterdir())
    dash_duo.find_element("#gaps-pack").click()
    path = _download(downloads, ".pdf", before, timeout=90)
    assert path.read_bytes().startswith(b"%PDF")
    reader = PdfReader(path)
    texts = [page.extract_text() for page in reader.pages]
    assert "Definitions" in texts[1] and any("Sources" in x for x in texts[-2:])
    assert sum("Gaps by kind" in x for x in texts) >= 1  # every gap chart is there
    first = reader.pages[0].extract_text()
    assert "ITU-D gaps against the 2030 Agenda" in first
    assert "snapshot" in first


def test_exp003_table_export_is_stamped_csv(dash_duo, downloads):
    _open(dash_duo, "/gaps?region=AFR", "#gaps-table-card .ag-row")
    before = set(downloads.iterdir())
    dash_duo.find_element("#gaps-table-card .export-csv").click()
    path = _download(downloads, ".csv", before)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Filters: Region: AFR"
    assert lines[1].startswith("# Made ") and "snapshot" in lines[1]
    assert lines[3].startswith("#,Kind,Item")
    assert len(lines) > 4


def test_data_page_shows_the_data_completeness_of_the_command(dash_duo, bundled_data):
    from graph.analysis.completeness import completeness

    _open(dash_duo, "/data?lang=fr", "#data-completeness-card .ag-row")
    assert dash_duo.find_element("#data-completeness-title").text == "Complétude des données"
    # the grid counts the rows of the same analysis the command prints
    summary = dash_duo.find_element("#data-completeness-card .ag-paging-row-summary-panel").text
    assert summary.split()[-1] == str(len(completeness(bundled_data.frames)))
    assert "élément sans titre" in dash_duo.find_element("#data-completeness-card .ag-center-cols-container").text
    assert dash_duo.get_logs() == []
