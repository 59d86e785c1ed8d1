"""In a real browser: a page arrives in the router's one answer, and a Network focus change is one
round trip that does not render the page again, while the URL and the back button still hold.

The browser records every Dash callback request and the outputs its answer carried (a hook on
``fetch`` installed before the page's own scripts run).
"""

from __future__ import annotations

import json

import pytest

from tests.dashboards.test_browser import _open, _query, _settle

pytestmark = pytest.mark.browser

Q3_2 = "https://w3id.org/itud-align/id/question/2022-2025/Q3-2"
HOOK = """
window.__callbacks = [];
const fetch0 = window.fetch;
window.fetch = async function(url, init) {
  const answer = await fetch0.apply(this, arguments);
  if (String(url).includes('_dash-update-component')) {
    const asked = JSON.parse(init.body).output;
    const record = {asked: asked, answered: []};
    window.__callbacks.push(record);
    answer.clone().text().then(t => { record.answered = t ? Object.keys(JSON.parse(t).response || {}) : []; });
  }
  return answer;
};
"""


@pytest.fixture
def hooked(dash_duo):
    """``dash_duo`` whose pages record their callback requests (``window.__callbacks``)."""
    script = dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    yield dash_duo
    dash_duo.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def _callbacks(duo) -> list[dict[str, object]]:
    return duo.driver.execute_script("return window.__callbacks")


def _chart_points(duo, chart: str) -> int:
    return duo.driver.execute_script(
        f"return document.querySelector('#{chart}-card .js-plotly-plot')"
        ".data.reduce((n, t) => n + (t.x || []).length, 0)"
    )


def test_frd001_a_page_and_its_charts_come_in_the_router_answer(hooked):
    _open(hooked, "/gaps?region=AFR", "#gaps-by-goal-card .main-svg")
    calls = _callbacks(hooked)
    assert any("_pages_content" in call["answered"] for call in calls)
    # no request of its own for a chart or the table: the router's answer held them
    assert not [call for call in calls if "gaps-by-goal" in call["asked"] or "gaps-table" in call["asked"]]
    assert _chart_points(hooked, "gaps-by-goal") > 0
    assert hooked.find_elements("#gaps-table-card .ag-row")


def _pick_focus(duo, text: str) -> None:
    duo.find_element("#network-focus").click()
    duo.find_element(".dash-dropdown-search").send_keys(text)
    duo.wait_for_contains_text(".dash-dropdown-options", text, timeout=20)
    next(o for o in duo.find_elements(".dash-dropdown-option") if o.text.startswith(text)).click()


def test_frd002_a_focus_change_is_one_round_trip_and_back_restores_the_focus(hooked):
    _open(hooked, "/network?target=9.c", "#network-chain-card .ag-row")
    first = hooked.find_element("#network-focus").text
    before = len(_callbacks(hooked))
    _pick_focus(hooked, "Q3/2 (2022-2025)")
    _settle(hooked, quiet=1.5)
    assert _query(hooked) == {"node": [Q3_2], "target": ["9.c"]}
    after = _callbacks(hooked)[before:]
    network = [call for call in after if "network-graph.elements" in call["asked"]]
    assert len(network) == 1, json.dumps(after)
    assert not [call for call in after if "_pages_content" in call["answered"]], json.dumps(after)
    assert "Q3/2 (2022-2025)" in hooked.find_element("#network-focus").text
    hooked.wait_for_element("#network-chain-card .ag-row", timeout=30)

    hooked.driver.back()  # the URL before the pick: the page follows it again
    _settle(hooked, quiet=1.5)
    assert _query(hooked) == {"target": ["9.c"]}
    assert hooked.find_element("#network-focus").text == first


def test_frd003_a_cycles_kind_change_updates_the_charts_and_url_without_a_new_page(hooked):
    _open(hooked, "/cycles", "#cycles-changes-card .main-svg")
    table = hooked.find_element("#cycles-table-card .ag-center-cols-container").text
    before = len(_callbacks(hooked))
    hooked.find_element("#cycles-kind input[value='initiative']").click()
    _settle(hooked, quiet=1.5)
    assert _query(hooked) == {"kind": ["initiative"]}
    after = _callbacks(hooked)[before:]
    assert not [call for call in after if "_pages_content" in call["answered"]], json.dumps(after)
    assert [call for call in after if "cycles-changes" in call["asked"]]
    assert hooked.find_element("#cycles-table-card .ag-center-cols-container").text != table

    hooked.driver.back()
    _settle(hooked, quiet=1.5)
    assert _query(hooked) == {}
    assert hooked.find_element("#cycles-kind input:checked").get_attribute("value") == "question"
    assert hooked.find_element("#cycles-table-card .ag-center-cols-container").text == table
