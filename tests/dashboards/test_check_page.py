"""The Check a proposal page's plain functions on the bundled build: upload, items, tables, downloads.

The sample contribution (tests/fixtures/contributions/two-items.md) proposes a Question on
affordable broadband for rural schools and a revised Resolution on cybersecurity: the first
is about SDG target 9.c (access to ICT and the Internet), the second about WSIS action line
C5 (confidence and security in the use of ICTs). French labels are read from the data files.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from pathlib import Path

import docx
import pytest
from dash import no_update

from dashboards.data import DashboardData
from dashboards.pages.check import callbacks
from dashboards.pages.check import view as views
from graph.documents.contribution import MAX_BYTES
from tests.conftest import DATA

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "contributions" / "two-items.md"
I18N = Path(__file__).resolve().parents[2] / "dashboards" / "i18n"


def _data_url(body: bytes, mime: str = "application/octet-stream") -> str:
    return f"data:{mime};base64," + base64.b64encode(body).decode()


def _table(out: tuple, name: str) -> tuple[list[dict], list[dict]]:
    at = 2 * views.CHECK_TABLES.index(name)
    return out[at], out[at + 1]


def _french_title(path: Path, code: str) -> str:
    with path.open(encoding="utf-8") as handle:
        return next(r["title_fr"] for r in csv.DictReader(handle) if r["code"] == code)


@pytest.fixture(scope="module")
def pasted() -> dict:
    stored, notice = callbacks.read_proposal("check-run", SAMPLE.read_text(encoding="utf-8"), None, None, "")
    assert notice == ""
    return stored


def test_an_upload_past_the_limit_is_refused_before_it_is_decoded() -> None:
    # not base64 at all: decoding it would fail with another message
    contents = "data:application/pdf;base64," + "!" * (views.MAX_BASE64 + 4)
    with pytest.raises(Exception, match=f"over the limit of {MAX_BYTES:,} bytes"):
        views.upload_bytes(contents, "big.pdf")
    assert views.upload_bytes(_data_url(b"x" * MAX_BYTES), "edge.txt") == b"x" * MAX_BYTES


@pytest.mark.parametrize(
    ("contents", "words"),
    [
        ("data:text/plain;base64,%%%%", "bad base64"),
        ("no data url", "did not arrive as a file"),
    ],
)
def test_a_damaged_upload_is_refused(contents: str, words: str) -> None:
    with pytest.raises(Exception, match=words):
        views.upload_bytes(contents, "x.txt")


def test_the_items_go_to_the_browser_and_come_back(pasted: dict) -> None:
    items = views.items_of(pasted["items"])
    assert [i.kind for i in items] == ["question", "resolution"]
    assert items[0].title.startswith("Draft new Question X/1")
    assert views.items_of("garbage") == [] and views.items_of([{"title": "x"}]) == []


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"PK\x03\x04 a truncated zip", "the Word file is broken"),
        (b"%PDF-1.7\nbroken", "the PDF cannot be read"),
        (b"", "is empty"),
    ],
)
def test_an_unreadable_upload_is_a_one_line_notice(body: bytes, words: str) -> None:
    stored, notice = callbacks.read_proposal("check-upload", None, _data_url(body), "proposal.docx", "?lang=fr")
    assert stored is None
    text = notice.children
    assert text.startswith("Examen impossible") and words in text and "Fix:" in text
    assert "\n" not in text and "Traceback" not in text
    assert notice.className == "error"


def test_nothing_happens_without_a_trigger() -> None:
    assert callbacks.read_proposal(None, "text", None, None, "") == (no_update, no_update)


def test_each_item_shows_its_targets_lines_and_nearest_elements(bundled_data: DashboardData, pasted: dict) -> None:
    out = callbacks.show_check(pasted, "", data=bundled_data)
    assert out[-2] is False  # the check download is on
    assert out[-1] == "Shown below: the check of the pasted text, 2 item(s)."
    items, _ = _table(out, "items")
    assert [r["n"] for r in items] == [1, 2]
    targets, _ = _table(out, "targets")
    first = [r for r in targets if r["item"].startswith("1. ")]
    assert "9.c" in {r["code"] for r in first}
    passage = next(r["passage"] for r in first if r["code"] == "9.c")
    assert passage in SAMPLE.read_text(encoding="utf-8").replace("\n", " ")
    lines, _ = _table(out, "lines")
    assert "C5" in {r["code"] for r in lines if r["item"].startswith("2. ")}
    assert "C5" not in {r["code"] for r in lines if r["item"].startswith("1. ")}
    nearest, _ = _table(out, "nearest")
    # the revised Resolution 45 is nearest to the Resolution 45 the portfolio holds
    assert any(r["code"].startswith("WTDC Res. 45") for r in nearest if r["item"].startswith("2. "))


def test_the_tables_follow_the_page_language(bundled_data: DashboardData, pasted: dict) -> None:
    out = callbacks.show_check(pasted, "?lang=fr", data=bundled_data)
    lines, columns = _table(out, "lines")
    assert [c["headerName"] for c in columns] == ["Point", "Code", "Titre", "Score", "Passage"]
    c5 = next(r for r in lines if r["code"] == "C5")
    assert c5["label"] == _french_title(DATA / "frameworks" / "wsis_action_lines.csv", "C5")


def test_before_a_check_the_tables_are_empty_and_the_download_off(bundled_data: DashboardData) -> None:
    out = callbacks.show_check(None, "", data=bundled_data)
    assert out[-2:] == (True, "") and all(part == [] for part in out[:-2])
    assert callbacks.download_check(None, "", data=bundled_data) is no_update


def test_the_check_downloads_as_a_word_document(bundled_data: DashboardData, pasted: dict) -> None:
    sent = callbacks.download_check(pasted, "?lang=fr", data=bundled_data)
    assert sent["filename"].endswith("-fr.docx")
    document = docx.Document(io.BytesIO(base64.b64decode(sent["content"])))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.startswith("1. Draft new Question X/1") for h in headings)
    assert any(h.startswith("2. Draft revised Resolution 45") for h in headings)
    assert "Cibles ODD que le point appuie, avec le passage qui appuie chacune" in headings
    codes = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"9.c", "C5"} <= codes


def test_the_brief_downloads_in_the_page_language(bundled_data: DashboardData) -> None:
    sent, notice = callbacks.download_brief("?lang=fr", data=bundled_data)
    assert notice is no_update
    assert sent["filename"].endswith("-fr.docx")
    document = docx.Document(io.BytesIO(base64.b64decode(sent["content"])))
    fr = json.loads((I18N / "fr.json").read_text(encoding="utf-8"))
    assert document.core_properties.title == fr["brief.title"]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert fr["brief.summary"] in headings and fr["brief.discussion"] in headings
    assert document.inline_shapes  # the gap charts are in it
