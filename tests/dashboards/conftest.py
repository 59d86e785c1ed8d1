"""Dashboard fixtures: the app's data on the bundled build, and one browser per test module.

``dash_duo`` here is Dash's own composite (a headless chromium driven by selenium) kept for
a whole module, pointed at the production entry ``gunicorn dashboards.wsgi:server`` run on
the bundled build in its own process group: the app (and the chromium kaleido starts for
exports) live and die apart from the test process. Each test opens the URL it needs.
Run with ``pytest --headless -m browser tests/dashboards``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from dash.testing.composite import DashComposite

from dashboards.data import DashboardData
from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bundled_data(bundled_build: Path) -> DashboardData:
    """The dashboard's data on the bundled build (frames loaded once per session)."""
    return DashboardData.open(bundled_build)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser saves downloads."""
    return tmp_path_factory.mktemp("downloads")


class GunicornServer:
    """``gunicorn dashboards.wsgi:server`` on a free loopback port, for one build."""

    def __init__(self, build: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "ITUD_ALIGN_BUILD_DIR": str(build)}
        env.pop("ITUD_ALIGN_STORE", None)
        self.log = log.open("wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "180",
                "dashboards.wsgi:server",
            ],
            cwd=REPO,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait(self, timeout: float = 90) -> None:
        """Return once the app answers; fail with the server's log if it does not."""
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                break
            try:
                if requests.get(self.url, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"dashboard did not start:\n{Path(self.log.name).read_text()[-3000:]}")

    def stop(self) -> None:
        """Stop gunicorn and everything it started (its process group)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def dash_duo(
    request: pytest.FixtureRequest, bundled_build: Path, downloads: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DashComposite]:
    """One app (gunicorn, bundled build) and one headless browser for the whole module."""
    config = request.config
    server = GunicornServer(bundled_build, tmp_path_factory.mktemp("server") / "gunicorn.log")
    try:
        server.wait()
        with DashComposite(
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
            duo.driver.set_window_size(1400, 1000)
            duo.server_url = server.url
            yield duo
    finally:
        server.stop()
