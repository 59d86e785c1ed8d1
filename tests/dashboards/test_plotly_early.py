"""plotly.js starts with a page that has charts, from its fingerprinted (cached) URL, and not at
all with a page without one; the charts draw either way, also after a move from such a page.
Real server (``itud-align serve``) and real chromium, each request read from its log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboards.app import create_app
from dashboards.plotly_early import chart_paths
from tests.dashboards.serving import Serve, browser, requested_urls
from tests.dashboards.test_browser import PAGES

FINGERPRINTED = re.compile(r"/_dash-component-suites/plotly/package_data/plotly\.v[\w-]+m\d+\.min\.js$")
UNFINGERPRINTED = "/_dash-component-suites/plotly/package_data/plotly.min.js"


@pytest.fixture(scope="module")
def server(bundled_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    running = Serve(bundled_build, tmp_path_factory.mktemp("serve") / "serve.log").wait()
    yield running
    running.stop()


def _plotly_requests(driver) -> list[str]:  # type: ignore[no-untyped-def]
    return [u for u in requested_urls(driver) if "/_dash-component-suites/plotly/" in u]


def test_chart_pages_are_the_pages_with_a_chart_card(bundled_build: Path) -> None:
    create_app(bundled_build)
    chart_pages = {path for path, ready in PAGES.items() if ".main-svg" in ready}
    assert chart_pages <= set(chart_paths())
    assert "/network" not in chart_paths()  # its graph is Cytoscape's canvas
    assert "/query" not in chart_paths()


def test_a_chart_page_loads_plotly_once_from_its_cached_url(server: Serve) -> None:
    driver = browser()
    try:
        driver.get(server.url + "/gaps")
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, PAGES["/gaps"]))
        asked = _plotly_requests(driver)
        assert len(asked) == 1, asked
        assert FINGERPRINTED.search(asked[0]), asked
    finally:
        driver.quit()


def test_a_page_without_charts_loads_no_plotly_and_charts_still_draw_after_moving(server: Serve) -> None:
    driver = browser()
    try:
        driver.get(server.url + "/network")
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, PAGES["/network"]))
        assert _plotly_requests(driver) == []
        driver.find_element(By.CSS_SELECTOR, "#app-nav a[href='/gaps']").click()
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, PAGES["/gaps"]))
        asked = _plotly_requests(driver)
        assert [u.split("?")[0].removeprefix(server.url) for u in asked] == [UNFINGERPRINTED]  # dcc.Graph's own load
    finally:
        driver.quit()
