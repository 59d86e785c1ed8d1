"""The Check a proposal page in a real browser (headless chromium on the gunicorn app of ``conftest.py``).

Paste the sample contribution and see both items with 9.c (item 1, broadband for schools)
and C5 (item 2, cybersecurity); download the check and open it with python-docx; switch to
French; upload a broken Word file and read the notice. Screenshots of the page in English and
French are written to the test's temporary folder.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from dashboards.i18n import t
from dashboards.pages.check.view import CHECK_TABLES
from tests.dashboards.test_browser import _download, _settle

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "contributions" / "two-items.md"


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("check-screens")


def _screenshot(duo, path: Path) -> None:
    """The whole page (the window made as tall as the page for the shot)."""
    height = duo.driver.execute_script("return document.body.scrollHeight")
    duo.driver.set_window_size(1400, height + 120)
    _settle(duo)
    duo.driver.save_screenshot(str(path))
    duo.driver.set_window_size(1400, 1000)


def _grid_text(duo, table: str) -> str:
    return duo.find_element(f"#check-{table}-card").text


def test_chk001_pasted_contribution_shows_both_items_and_downloads_the_check(dash_duo, downloads, screens):
    dash_duo.wait_for_page(dash_duo.server_url + "/check", timeout=30)
    dash_duo.wait_for_text_to_equal("#proposal-title", "Check a proposal", timeout=30)
    assert not dash_duo.find_element("#check-download-check").is_enabled()
    # before a check the empty tables say how to start, not "nothing for these filters"
    _settle(dash_duo)
    assert all(t("check.empty", "en") in _grid_text(dash_duo, name) for name in CHECK_TABLES)
    dash_duo.find_element("#check-text").send_keys(SAMPLE.read_text(encoding="utf-8"))
    dash_duo.find_element("#check-run").click()
    dash_duo.wait_for_contains_text("#check-source", "the pasted text, 2 item(s)", timeout=90)
    dash_duo.wait_for_contains_text("#check-items-card", "Draft revised Resolution 45", timeout=30)
    _settle(dash_duo)
    assert "Draft new Question X/1" in _grid_text(dash_duo, "items")
    assert "9.c" in _grid_text(dash_duo, "targets")
    assert "C5" in _grid_text(dash_duo, "lines")
    _screenshot(dash_duo, screens / "check-en.png")

    before = set(downloads.iterdir())
    dash_duo.find_element("#check-download-check").click()
    document = docx.Document(io.BytesIO(_download(downloads, ".docx", before, timeout=90).read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.startswith("1. Draft new Question X/1") for h in headings)
    assert any(h.startswith("2. Draft revised Resolution 45") for h in headings)
    assert dash_duo.get_logs() == []


def test_chk002_the_page_in_french_keeps_the_check(dash_duo, screens):
    dash_duo.find_element("#app-lang input[value='fr']").click()
    dash_duo.wait_for_text_to_equal("#proposal-title", "Examiner une proposition", timeout=30)
    dash_duo.wait_for_contains_text("#check-lines-card", "Établir la confiance", timeout=60)
    _settle(dash_duo)
    assert "Cibles ODD que le point appuie" in dash_duo.find_element(".page").text
    assert "le texte collé, 2 point(s)" in dash_duo.find_element("#check-source").text
    _screenshot(dash_duo, screens / "check-fr.png")


def test_chk003_a_broken_word_file_is_a_one_line_notice(dash_duo, tmp_path):
    broken = tmp_path / "proposal.docx"
    broken.write_bytes(b"PK\x03\x04 not really a Word document")
    dash_duo.find_element("#check-upload input[type=file]").send_keys(str(broken))
    dash_duo.wait_for_contains_text("#check-notice", "Examen impossible", timeout=60)
    notice = dash_duo.find_element("#check-notice").text
    assert "Word file is broken" in notice and "Traceback" not in notice and "\n" not in notice
    _settle(dash_duo)
    assert "9.c" not in _grid_text(dash_duo, "targets")  # the previous check is not shown as this one's
    assert dash_duo.get_logs() == []
