"""``itud-align serve`` as the user runs it, in its own process group, and fresh browser sessions.

The Query page tests and the server tests drive the real command (gunicorn by default) on a
free loopback port. Each browser is a new chromium session (empty storage) that records
every network request the page makes, from chromium's performance log.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from selenium import webdriver
from selenium.webdriver.chrome.options import Options

from tests.conftest import free_port

__all__ = ["Serve", "browser", "requested_urls"]


class Serve:
    """``itud-align serve --port P --build-dir B [extra...]``, until :meth:`stop`."""

    def __init__(self, build: Path, log: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # unbuffered: what the command prints (a review token) is in the log as soon as it is printed
        env = {**os.environ, "ITUD_ALIGN_BUILD_DIR": str(build), "PYTHONUNBUFFERED": "1"}
        env.pop("ITUD_ALIGN_STORE", None)
        self.log_path = log
        self.log = log.open("wb")
        command = [
            str(Path(sys.executable).with_name("itud-align")),
            "serve",
            "--port",
            str(self.port),
            "--build-dir",
            str(build),
            *extra,
        ]
        self.proc = subprocess.Popen(
            command, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait(self, timeout: float = 120) -> Serve:
        """Return once the dashboard answers; fail with the server's output if it does not."""
        end = time.time() + timeout
        while time.time() < end and self.proc.poll() is None:
            try:
                if requests.get(self.url, timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.3)
        output = self.output()
        self.stop()
        raise RuntimeError(f"itud-align serve did not start:\n{output[-3000:]}")

    def output(self) -> str:
        """What the server printed so far."""
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")

    def group_alive(self) -> bool:
        """Whether any process of the server's group (server, gunicorn worker, query workers) is left."""
        try:
            os.killpg(self.proc.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def stop(self) -> None:
        """Stop the whole group; SIGKILL what SIGTERM leaves."""
        if self.group_alive():
            os.killpg(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=30)
            if self.group_alive():
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.log.close()


def browser(headless: bool = True) -> webdriver.Chrome:
    """A new headless chromium session that logs its network requests."""
    options = Options()
    if headless:
        options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--window-size=1400,1100")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        options.binary_location = chromium
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(options=options)


def requested_urls(driver: webdriver.Chrome) -> list[str]:
    """Every URL the page asked for since the last call (documents, scripts, fetches, images...)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
