"""The dashboard in a real browser (headless chromium): pages, filters, URL, language, exports."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_ovw001_overview_renders_without_console_errors(dash_duo):
    dash_duo.wait_for_page(dash_duo.server_url + "/")
    dash_duo.wait_for_element("#overview-kpi-covered", timeout=30)
    dash_duo.wait_for_element("#overview-heatmap-card .main-svg", timeout=30)
    dash_duo.driver.save_screenshot("/tmp/shots/overview-smoke.png")
    assert dash_duo.get_logs() == []
