"""Dashboard fixtures: the app's data on the bundled build, and one browser per test module.

``dash_duo`` here is Dash's own composite (a threaded app server and a headless chromium)
kept for a whole module, so a module starts one app and one browser; each test opens the
URL it needs. Run with ``pytest --headless -m browser tests/dashboards``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dash.testing.application_runners import ThreadedRunner
from dash.testing.composite import DashComposite

from dashboards.app import create_app
from dashboards.data import DashboardData


@pytest.fixture(scope="session")
def bundled_data(bundled_build: Path) -> DashboardData:
    """The dashboard's data on the bundled build (frames loaded once per session)."""
    return DashboardData.open(bundled_build)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser saves downloads."""
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def dash_duo(request: pytest.FixtureRequest, bundled_build: Path, downloads: Path) -> Iterator[DashComposite]:
    """One app on the bundled build and one headless browser for the whole module."""
    config = request.config
    with ThreadedRunner() as server, DashComposite(
        server=server,
        browser=config.getoption("webdriver"),
        remote=config.getoption("remote"),
        remote_url=config.getoption("remote_url"),
        headless=config.getoption("headless"),
        options=config.hook.pytest_setup_options(),
        download_path=str(downloads),
        percy_assets_root=config.getoption("percy_assets"),
        percy_finalize=config.getoption("nopercyfinalize"),
        pause=config.getoption("pause"),
    ) as duo:
        duo.start_server(create_app(bundled_build), start_timeout=20)
        duo.driver.set_window_size(1400, 1000)
        yield duo
