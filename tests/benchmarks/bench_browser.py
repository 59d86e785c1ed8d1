"""Speed in a real browser: each page's first render and the Network focus change, on the
bundled build served by ``itud-align serve``, in headless chromium.

Each view is timed two ways in the same load:

- in the browser (``render_probe.js``): from navigation start until the first painted frame in
  which the page's ready element is there, no Dash component is marked loading, no Dash callback
  request is in flight, and all of it stays so for 300 ms (the quiet time not counted);
- from the test process, as this benchmark did before: from the WebDriver call that opens the
  page until a poll (every 20 ms, two WebDriver round trips each) first finds the ready element
  and nothing marked loading, staying so for 300 ms (not counted). It adds the WebDriver round
  trips and the polling interval, and a poll waits while the page runs a long task after it
  has drawn (a chart below, a table's layout), so it reads late by a varying amount.

Each page is opened once to warm the server's caches, then timed ``--runs`` times; the table
gives the median and the worst run of each.

Run: ``.venv/bin/python -m tests.benchmarks.bench_browser [--runs 3]`` (a benchmark, not a test:
it reports times, it asserts nothing about them).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from selenium.webdriver.common.by import By

from tests.dashboards.serving import Serve, browser
from tests.dashboards.test_browser import PAGES

QUIET = 0.3
Q3_2 = "Q3/2 (2022-2025)"
PROBE = (Path(__file__).with_name("render_probe.js")).read_text()


def _rendered(driver, ready: str, timeout: float = 60) -> float:
    """Seconds until a poll finds ``ready`` shown and callbacks quiet for :data:`QUIET` (minus it)."""
    start = time.perf_counter()
    end = start + timeout
    calm = None
    while time.perf_counter() < end:
        shown = driver.find_elements(By.CSS_SELECTOR, ready)
        busy = driver.execute_script("return document.querySelectorAll('[data-dash-is-loading=\"true\"]').length")
        now = time.perf_counter()
        if shown and not busy:
            calm = calm or now
            if now - calm >= QUIET:
                return calm - start
        else:
            calm = None
        time.sleep(0.02)
    raise TimeoutError(ready)


def _in_browser(driver, timeout: float = 60) -> float:
    """Seconds the page's render probe measured, once it has."""
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        done = driver.execute_script("return window.__itudRender && window.__itudRender.state.done")
        if done is not None:
            return done / 1000
        time.sleep(0.05)
    raise TimeoutError("render probe")


def _page(driver, url: str, ready: str) -> tuple[float, float]:
    """(in the browser, from the test process) seconds to the first render of ``url``."""
    driver.get("about:blank")
    probe = driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": PROBE + f"window.__itudRender.arm({json.dumps(ready)});"}
    )
    try:
        start = time.perf_counter()
        driver.get(url)
        polled = (time.perf_counter() - start) + _rendered(driver, ready)
        return _in_browser(driver), polled
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", probe)


def _focus_change(driver, base: str) -> tuple[float, float]:
    """(in the browser, from the test process) seconds from a click on a focus to its chain."""
    chain = "#network-chain-card .ag-row"
    _page(driver, base + "/network?target=9.c", chain)
    driver.find_element(By.CSS_SELECTOR, "#network-focus").click()
    driver.find_element(By.CSS_SELECTOR, ".dash-dropdown-search").send_keys(Q3_2)
    option = next(o for o in driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option") if o.text.startswith(Q3_2))
    driver.execute_script("window.__itudRender.arm(arguments[0], 'Q3-2', true)", chain)
    start = time.perf_counter()
    option.click()
    while "Q3-2" not in driver.current_url:
        time.sleep(0.02)
    polled = (time.perf_counter() - start) + _rendered(driver, chain)
    return _in_browser(driver), polled


def _row(name: str, times: list[tuple[float, float]]) -> str:
    probe, polled = [t[0] for t in times], [t[1] for t in times]
    cells = (statistics.median(probe), max(probe), statistics.median(polled), max(polled))
    return f"| {name} | " + " | ".join(f"{c:.2f}" for c in cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", type=Path, default=Path("build"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = Serve(args.build.resolve(), Path(tmp) / "serve.log").wait()
        driver = browser()
        try:
            rows = []
            for lang in ("en", "fr"):
                for path, ready in PAGES.items():
                    url = f"{server.url}{path}" + ("?lang=fr" if lang == "fr" else "")
                    _page(driver, url, ready)  # warm the server's caches for this view
                    rows.append((f"{path} ({lang})", [_page(driver, url, ready) for _ in range(args.runs)]))
            _focus_change(driver, server.url)
            rows.append(("Network focus change (en)", [_focus_change(driver, server.url) for _ in range(args.runs)]))
        finally:
            driver.quit()
            server.stop()
    print("| view | in browser: median s | worst s | polled (as before): median s | worst s |")
    print("|---|---|---|---|---|")
    for name, times in rows:
        print(_row(name, times))


if __name__ == "__main__":
    main()
