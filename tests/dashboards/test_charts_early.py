"""The charts' code (dcc's Graph chunk and plotly.js) starts with a page that has charts, from
fingerprinted (cached) URLs, each asked once, and not at all with a page without one; the charts
draw either way, also after a move from such a page. Real server (``itud-align serve``) and real
chromium, each request read from its log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboards.app import create_app
from dashboards.charts_early import chart_paths
from tests.dashboards.serving import Serve, browser, requested_urls
from tests.dashboards.test_browser import PAGES

FINGERPRINTED = re.compile(r"/_dash-component-suites/plotly/package_data/plotly\.v[\w-]+m\d+\.min\.js$")
UNFINGERPRINTED = "/_dash-component-suites/plotly/package_data/plotly.min.js"
GRAPH_CHUNK = re.compile(r"/_dash-component-suites/dash/dcc/async-graph(\.v[\w-]+m\d+)?\.js$")


@pytest.fixture(scope="module")
def server(bundled_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    running = Serve(bundled_build, tmp_path_factory.mktemp("serve") / "serve.log").wait()
    yield running
    running.stop()


def _chart_code_requests(driver) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """(plotly.js requests, dcc Graph chunk requests) since the last call, without query strings."""
    asked = [u.split("?")[0] for u in requested_urls(driver)]
    return [u for u in asked if "/_dash-component-suites/plotly/" in u], [u for u in asked if GRAPH_CHUNK.search(u)]


def test_chart_pages_are_the_pages_with_a_chart_card(bundled_build: Path) -> None:
    create_app(bundled_build)
    chart_pages = {path for path, ready in PAGES.items() if ".main-svg" in ready}
    assert chart_pages <= set(chart_paths())
    assert "/network" not in chart_paths()  # its graph is Cytoscape's canvas
    assert "/query" not in chart_paths()


def test_a_chart_page_loads_its_chart_code_once_from_cached_urls(server: Serve) -> None:
    driver = browser()
    try:
        driver.get(server.url + "/gaps")
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, PAGES["/gaps"]))
        plotly_js, graph_chunk = _chart_code_requests(driver)
        assert len(plotly_js) == 1, plotly_js
        assert FINGERPRINTED.search(plotly_js[0]), plotly_js
        # asked once, by the page's HTML (fingerprinted): dcc found it registered and did not ask again
        assert len(graph_chunk) == 1, graph_chunk
        assert ".v" in graph_chunk[0], graph_chunk
    finally:
        driver.quit()


def test_a_page_without_charts_loads_no_plotly_and_charts_still_draw_after_moving(server: Serve) -> None:
    driver = browser()
    try:
        driver.get(server.url + "/network")
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, PAGES["/network"]))
        assert _chart_code_requests(driver) == ([], [])
        driver.find_element(By.CSS_SELECTOR, "#app-nav a[href='/gaps']").click()
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, PAGES["/gaps"]))
        plotly_js, graph_chunk = _chart_code_requests(driver)
        assert [u.removeprefix(server.url) for u in plotly_js] == [UNFINGERPRINTED]  # dcc.Graph's own loads
        assert len(graph_chunk) == 1 and ".v" not in graph_chunk[0], graph_chunk
    finally:
        driver.quit()
