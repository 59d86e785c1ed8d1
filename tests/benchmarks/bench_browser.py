"""Speed in a real browser: each page's first render and the Network focus change, on the
bundled build served by ``itud-align serve``, in headless chromium.

A render is timed from navigation until the page's ready element shows and no Dash callback has
been pending for 300 ms (the quiet time is subtracted). Each page is opened once to warm the
server's caches, then timed ``--runs`` times; the table gives the median and the worst run.

Run: ``.venv/bin/python -m tests.benchmarks.bench_browser [--runs 3]`` (a benchmark, not a test:
it reports times, it asserts nothing about them).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from selenium.webdriver.common.by import By

from tests.dashboards.serving import Serve, browser
from tests.dashboards.test_browser import PAGES

QUIET = 0.3
Q3_2 = "Q3/2 (2022-2025)"


def _rendered(driver, ready: str, timeout: float = 60) -> float:
    """Seconds until ``ready`` shows and callbacks have been quiet for :data:`QUIET` (minus it)."""
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


def _page(driver, url: str, ready: str) -> float:
    driver.get("about:blank")
    start = time.perf_counter()
    driver.get(url)
    return (time.perf_counter() - start) + _rendered(driver, ready)


def _focus_change(driver, base: str) -> float:
    driver.get(base + "/network?target=9.c")
    _rendered(driver, "#network-chain-card .ag-row")
    driver.find_element(By.CSS_SELECTOR, "#network-focus").click()
    driver.find_element(By.CSS_SELECTOR, ".dash-dropdown-search").send_keys(Q3_2)
    option = next(o for o in driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-option") if o.text.startswith(Q3_2))
    start = time.perf_counter()
    option.click()
    while "Q3-2" not in driver.current_url:
        time.sleep(0.02)
    return (time.perf_counter() - start) + _rendered(driver, "#network-chain-card .ag-row")


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
                    times = [_page(driver, url, ready) for _ in range(args.runs)]
                    rows.append((f"{path} ({lang})", times))
            _focus_change(driver, server.url)
            rows.append(("Network focus change (en)", [_focus_change(driver, server.url) for _ in range(args.runs)]))
        finally:
            driver.quit()
            server.stop()
    print("| page | median s | worst s |")
    print("|---|---|---|")
    for name, times in rows:
        print(f"| {name} | {statistics.median(times):.2f} | {max(times):.2f} |")


if __name__ == "__main__":
    main()
