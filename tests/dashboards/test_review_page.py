"""The Review page: read-only unless the server runs with ``serve --review`` and the request gives its
token; then a decision made in the browser lands in the SSSOM file, one line, with reviewer and date."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.common.keys import Keys

from dashboards.i18n import FALLBACK_MARK, t
from dashboards.pages.review.callbacks import ReviewAccess, submit, update_detail, update_queue
from dashboards.pages.review.view import COLUMNS, QUEUE_ROWS, evidence, queue_table
from dashboards.urlstate import ViewState
from graph.review import Decision, decide, review_queue
from graph.sssom import read_sssom
from tests.conftest import DATA
from tests.dashboards.serving import Serve

REPO = Path(__file__).resolve().parents[2]
ITUD_ALIGN = str(Path(sys.executable).parent / "itud-align")  # the installed entry point


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def _first_row(data: Path) -> dict:
    """The first row of the page's queue (no filter: unverified and suggested links)."""
    row = review_queue(data).iloc[0].to_dict()
    return {k: (int(v) if k == "line" else v) for k, v in row.items()}


def _mapping_lines(data: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((data / "mappings").glob("*.sssom.tsv"))}


def test_a_data_folder_missing_a_file_is_a_notice_naming_it_not_a_server_error(data: Path) -> None:
    row = _first_row(data)
    kos = next((data / "sources" / "un-sdg-kos").glob("*.ttl"))
    kos.unlink()
    rows, columns, notice = update_queue("?lang=fr", None, 0, access=ReviewAccess(data))
    assert (rows, columns) == ([], [])
    assert notice.startswith(t("review.unreadable", "fr", error="")) and kos.name in notice
    assert "\n" not in notice
    assert notice.endswith(FALLBACK_MARK)  # the error's own text has no French version: marked
    detail = update_detail([row], "?lang=en", access=ReviewAccess(data))
    assert detail.startswith(t("review.unreadable", "en", error="")) and kos.name in detail
    assert FALLBACK_MARK not in detail


def test_a_long_queue_sends_its_first_rows_and_says_how_many_it_holds(data: Path) -> None:
    queue = review_queue(data)
    limit = len(queue) // 3
    rows, _columns, total = queue_table(data, ViewState(), None, limit=limit)
    assert total == len(queue)
    keys = list(zip(queue["mapping_set"], queue["line"], strict=True))
    assert [(r["mapping_set"], r["line"]) for r in rows] == keys[:limit]
    # the page's own limit: a notice only when the queue is longer
    shown, total = min(len(queue), QUEUE_ROWS), len(queue)
    notice = t("review.capped", "fr", shown=shown, total=total) if total > shown else ""
    assert update_queue("?lang=fr", None, 0, access=ReviewAccess(data))[2] == notice


def test_without_a_token_nothing_is_written(data: Path) -> None:
    before = _mapping_lines(data)
    row = _first_row(data)
    read_only = ReviewAccess(data, None)
    message, _ = submit(1, 0, 0, [row], "someone", "", None, None, "", 0, access=read_only, action="accept")
    assert "token" in message
    wrong = ReviewAccess(data, "the-token")
    message, _ = submit(1, 0, 0, [row], "someone", "not-the-token", None, None, "", 0, access=wrong, action="accept")
    assert "token" in message
    assert _mapping_lines(data) == before


def test_the_queue_sends_what_the_table_shows_and_the_detail_reads_the_rest(data: Path) -> None:
    rows, _columns, _total = queue_table(data, ViewState.from_query("?lang=fr"), None)
    first = _first_row(data)
    assert set(rows[0]) == {*COLUMNS, "comment"}  # the comment is part of the key a decision names
    shown = evidence(data, rows[0])
    assert shown is not None
    assert (shown["subject_text"], shown["object_text"], shown["source"]) == (
        first["subject_text"],
        first["object_text"],
        first["source"],
    )
    assert evidence(data, {**rows[0], "comment": "another comment"}) is None
    assert evidence(data, {**rows[0], "line": "not a line"}) is None
    decide(
        data,
        Decision(
            first["mapping_set"],
            (first["subject_id"], first["predicate_id"], first["object_id"], first["comment"]),
            "accept",
            "a.reviewer",
        ),
    )
    # decided meanwhile: the detail says so instead of showing the row as still undecided
    assert update_detail([rows[0]], "?lang=fr", access=ReviewAccess(data)) == t("review.changed", "fr")


def test_review_refuses_a_public_interface() -> None:
    done = subprocess.run(
        [ITUD_ALIGN, "serve", "--review", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "127.0.0.1 only" in done.stderr


class ReviewServer(Serve):
    """``itud-align serve --review`` over ``data``; :attr:`token` is the review token it prints."""

    def __init__(self, data: Path, build: Path, log: Path) -> None:
        super().__init__(build, log, "--review", "--data", str(data))

    @property
    def token(self) -> str:
        found = re.search(r"review token: (\S+)", self.output())
        assert found, f"no review token printed:\n{self.output()[-3000:]}"
        return found.group(1)


@pytest.fixture
def review_duo(
    request: pytest.FixtureRequest, data: Path, bundled_build: Path, tmp_path: Path
) -> Iterator[tuple[DashComposite, ReviewServer]]:
    config = request.config
    server = ReviewServer(data, bundled_build, tmp_path / "serve.log")
    try:
        server.wait()
        with DashComposite(
            server=server,
            browser=config.getoption("webdriver"),
            remote=config.getoption("remote"),
            remote_url=config.getoption("remote_url"),
            headless=config.getoption("headless"),
            options=config.hook.pytest_setup_options(),
            percy_assets_root=config.getoption("percy_assets"),
            percy_finalize=config.getoption("nopercyfinalize"),
            pause=config.getoption("pause"),
        ) as duo:
            duo.driver.set_window_size(1400, 1400)
            yield duo, server
    finally:
        server.stop()


@pytest.mark.browser
def test_rev001_a_reviewer_accepts_a_link_in_the_browser(review_duo, data: Path, tmp_path: Path) -> None:
    duo, server = review_duo
    row = _first_row(data)
    duo.wait_for_page(server.url + "/review?lang=fr", timeout=60)
    duo.wait_for_text_to_equal("#review-title", "Revue", timeout=60)
    duo.wait_for_element("#review-queue-card .ag-center-cols-container .ag-row", timeout=60)
    duo.driver.save_screenshot(str(tmp_path / "review-fr.png"))
    duo.wait_for_page(server.url + "/review?lang=en", timeout=60)
    duo.wait_for_contains_text("#review-mode", "Reviewing is on", timeout=60)
    duo.wait_for_element("#review-queue-card .ag-center-cols-container .ag-row[row-index='0']", timeout=60)
    duo.find_element("#review-queue-card .ag-center-cols-container .ag-row[row-index='0']").click()
    duo.wait_for_contains_text("#review-detail", row["subject_id"], timeout=30)
    assert " ".join(row["object_text"].split()[:5]) in duo.find_element("#review-detail").text
    duo.find_element("#review-reviewer").send_keys("b.steward")
    duo.find_element("#review-token").send_keys("wrong")
    duo.find_element("#review-accept").click()
    duo.wait_for_contains_text("#review-result", "token is wrong", timeout=30)
    before = _mapping_lines(data)
    token = duo.find_element("#review-token")
    token.send_keys(Keys.CONTROL, "a")
    token.send_keys(Keys.DELETE)
    token.send_keys(server.token)
    duo.find_element("#review-accept").click()
    duo.wait_for_contains_text("#review-result", "Accept (verified)", timeout=30)
    duo.driver.save_screenshot(str(tmp_path / "review-en.png"))
    after = _mapping_lines(data)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [f"{row['mapping_set']}.sssom.tsv"]
    diff = [
        (a, b) for a, b in zip(before[changed[0]].split("\n"), after[changed[0]].split("\n"), strict=True) if a != b
    ]
    assert len(diff) == 1
    _meta, rows = read_sssom(data / "mappings" / changed[0])
    decided = rows[rows["_line"] == row["line"]].iloc[0]
    assert (decided["status"], decided["reviewer_id"]) == ("verified", "agent:b.steward")
    assert duo.get_logs() == []
