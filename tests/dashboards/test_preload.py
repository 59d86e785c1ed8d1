"""A page with a chart names Plotly and dcc's Graph chunk in a preload header of its HTML answer;
the browser then asks for each once, before the router's answer, and the Graph uses that copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from dashboards.app import create_app
from dashboards.preload import CHART_SCRIPTS
from tests.dashboards.test_browser import _open


@pytest.fixture(scope="module")
def client(bundled_build: Path) -> FlaskClient:
    return create_app(bundled_build).server.test_client()


def test_pre001_a_chart_page_preloads_the_chart_scripts_the_server_serves(client):
    links = client.get("/gaps?lang=fr").headers.get("Link", "")
    for script in CHART_SCRIPTS:
        assert f"</{script}>; rel=preload; as=script" in links
        answer = client.get(f"/{script}")
        assert answer.status_code == 200 and answer.mimetype.endswith("javascript")


def test_pre002_a_page_without_a_chart_and_other_answers_preload_nothing(client):
    for path in ("/network", "/query", "/_dash-layout", f"/{CHART_SCRIPTS[1]}"):
        assert "Link" not in client.get(path).headers, path


@pytest.mark.browser
def test_pre003_the_browser_fetches_plotly_once_before_the_router_answers(dash_duo):
    _open(dash_duo, "/gaps", "#gaps-by-goal-card .main-svg")
    starts = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(r => [r.name, r.startTime])"
    )
    plotly = [start for name, start in starts if name.endswith(CHART_SCRIPTS[1])]
    callbacks = [start for name, start in starts if "_dash-update-component" in name]
    assert len(plotly) == 1  # the Graph's own request found the preloaded copy
    assert plotly[0] < min(callbacks)
    assert dash_duo.get_logs() == []
