"""A scripted review session: one link verified, one rejected; two lines change, the rebuild shows
both decisions with who and when (PROV), and the rejected link is never suggested again."""

from __future__ import annotations

import difflib
import multiprocessing
import shutil
import threading
from pathlib import Path

import pandas as pd
import psutil
import pytest
from typer.testing import CliRunner

from graph import review
from graph.analysis.frames import load_frames
from graph.analysis.suggestions import suggest_links
from graph.build import build_dataset
from graph.cli import app
from graph.errors import DataError
from graph.load import load_data
from graph.mapping_diff import diff_mappings, read_version
from graph.namespaces import CURIE_PREFIXES
from graph.review import Decision, decide, review_queue
from graph.sssom import read_sssom
from graph.stores import OxigraphStore
from tests.conftest import DATA

runner = CliRunner()
FILTERS = ["--kind", "question", "--cycle", "2022-2025", "--status", "unverified"]


def _iri(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return CURIE_PREFIXES[prefix] + local


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def _texts(folder: Path) -> dict[str, list[str]]:
    return {p.name: p.read_text(encoding="utf-8").splitlines() for p in sorted(folder.glob("mappings/*.sssom.tsv"))}


def test_a_review_session_verifies_one_link_and_rejects_another(data: Path) -> None:
    queue = review_queue(data, kind="question", cycle="2022-2025", statuses=("unverified",))
    first, second = queue.iloc[0], queue.iloc[1]
    assert second["predicate_id"] == "itud:contributesTo" and second["object_id"].startswith("sdg:")
    before = _texts(data)

    result = runner.invoke(app, ["review", "--data", str(data), "--reviewer", "a.chair", *FILTERS], input="a\nr\nq\n")
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.replace("│", " ").split())  # the cards' text, unwrapped
    for text in (
        first["subject_text"],
        first["object_text"],
        second["subject_text"],
        second["object_text"],
        second["comment"],
    ):
        assert " ".join(text.split()[:6]) in shown
    assert "1 accepted, 1 rejected, 0 edited by agent:a.chair" in result.output

    after = _texts(data)
    changed = [
        ln
        for name in before
        for ln in difflib.unified_diff(before[name], after[name], lineterm="", n=0)
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]
    assert len([ln for ln in changed if ln.startswith("+")]) == 2  # the SSSOM diff: two lines
    assert len([ln for ln in changed if ln.startswith("-")]) == 2
    diff = diff_mappings(read_version(str(DATA)), read_version(str(data)))
    assert sorted(diff["new_status"]) == ["rejected", "verified"]
    assert set(diff["reviewer_id"]) == {"agent:a.chair"}

    store = OxigraphStore.from_quads(build_dataset(load_data(data)).quads)
    frames = load_frames(store)
    accepted = frames.links[
        (frames.links["element"] == _iri(first["subject_id"]))
        & (frames.links["object"] == _iri(first["object_id"]))
        & (frames.links["status"] == "verified")
    ]
    assert len(accepted) == 1
    assert accepted["reviewer"].iloc[0].endswith("/agent/a.chair")
    assert str(accepted["reviewed"].iloc[0]) == diff["review_date"].iloc[0]
    element, target = _iri(second["subject_id"]), _iri(second["object_id"])
    assert list(zip(frames.rejected["element"], frames.rejected["object"], strict=True)) == [(element, target)]
    assert not store.ask(
        f"ASK {{ GRAPH ?g {{ <{element}> itud:contributesTo <{target}> }} "
        f'FILTER (STRENDS(STR(?g), "{second["mapping_set"]}")) }}'
    )

    # every target is a candidate at threshold 0: only the rejection keeps this one out
    suggested = suggest_links(frames, threshold=0.0, top_k=1000, kinds=None)
    pairs = {(e, t) for elements, t in zip(suggested["elements"], suggested["target"], strict=True) for e in elements}
    assert (element, target) not in pairs
    assert any(e == element for e, _ in pairs)


def test_a_decision_on_a_row_changed_meanwhile_is_refused(data: Path) -> None:
    row = review_queue(data, kind="question", statuses=("unverified",)).iloc[0]
    key = (row["subject_id"], row["predicate_id"], row["object_id"], row["comment"])
    decide(data, Decision(row["mapping_set"], key, "edit", "first", "2026-12-06", 0.5, "reworded by the first"))
    with pytest.raises(DataError, match="changed or removed meanwhile"):
        decide(data, Decision(row["mapping_set"], key, "accept", "second", "2026-12-06"))


def test_a_reviewer_id_must_be_plain(data: Path) -> None:
    row = review_queue(data, kind="question").iloc[0]
    key = (row["subject_id"], row["predicate_id"], row["object_id"], row["comment"])
    with pytest.raises(DataError, match="reviewer id"):
        decide(data, Decision(row["mapping_set"], key, "accept", "a chair\tx"))


def _decide_all(args: tuple[str, list[tuple[str, tuple[str, str, str, str]]], str]) -> int:
    """One reviewer's process: accept each of its rows, one decision after another."""
    data, rows, reviewer = args
    for mapping_set, key in rows:
        decide(Path(data), Decision(mapping_set, key, "accept", reviewer, "2026-12-06"))
    return len(rows)


def test_two_reviewers_at_once_lose_no_decision(data: Path) -> None:
    # two processes decide on the same mapping set at the same time, row after row: the lock and
    # the re-read inside it keep every decision of both
    queue = review_queue(data, kind="question", statuses=("unverified",))
    biggest = queue["mapping_set"].value_counts().index[0]
    rows = [
        (m, (s, p, o, c))
        for m, s, p, o, c in zip(
            queue["mapping_set"],
            queue["subject_id"],
            queue["predicate_id"],
            queue["object_id"],
            queue["comment"],
            strict=True,
        )
        if m == biggest
    ][:24]
    halves = [(str(data), rows[0::2], "first"), (str(data), rows[1::2], "second")]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        assert sum(pool.map(_decide_all, halves)) == len(rows)
    _, after = read_sssom(data / "mappings" / f"{biggest}.sssom.tsv")
    decided = {
        (r["subject_id"], r["object_id"], r["comment"]): (r["reviewer_id"], r["other"])
        for r in after.to_dict("records")
    }
    for n, (_, (subject, _, obj, comment)) in enumerate(rows):
        reviewer, other = decided[(subject, obj, comment)]
        assert str(reviewer).endswith("first" if n % 2 == 0 else "second") and "status=verified" in str(other)


def test_the_queue_holds_every_row_of_the_mapping_files_as_they_read(data: Path) -> None:
    # the queue is read in another process and kept in a compact form: what comes back is each
    # file's rows, with the values and column types the file's own reading gives
    queue = review_queue(data, statuses=("unverified", "suggested", "verified", "rejected"))
    columns = ["subject_id", "predicate_id", "object_id", "confidence", "comment", "mapping_date"]
    read = 0
    for name, rows in queue.groupby("mapping_set", sort=False):
        _meta, frame = read_sssom(data / "mappings" / f"{name}.sssom.tsv")
        expected = frame.set_index("_line").loc[rows["line"], columns].reset_index(drop=True)
        pd.testing.assert_frame_equal(rows[columns].reset_index(drop=True), expected)
        read += len(frame)
    assert len(queue) == read == sum(len(read_sssom(p)[1]) for p in (data / "mappings").glob("*.sssom.tsv"))


def test_an_error_in_the_reading_process_arrives_as_the_same_data_error(data: Path) -> None:
    path = data / "mappings" / "curated-questions.sssom.tsv"
    path.write_text(path.read_text(encoding="utf-8").replace("\t0.90\t", "\thigh\t", 1), encoding="utf-8")
    with pytest.raises(DataError) as here:
        load_data(data)
    with pytest.raises(DataError) as there:
        review_queue(data)
    assert (str(there.value), there.value.path, there.value.line) == (
        str(here.value),
        here.value.path,
        here.value.line,
    )
    assert here.value.line is not None  # the line of the malformed row, not only the file
    result = runner.invoke(app, ["review", "--data", str(data), "--reviewer", "a.chair"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {here.value}"


def test_a_reading_past_the_time_limit_is_stopped(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # reading the bundled folder takes a second or more: far past this limit
    monkeypatch.setattr(review, "READ_SECONDS", 0.1)
    before = set(psutil.Process().children(recursive=True))
    raised: list[BaseException] = []

    def read() -> None:
        try:
            review_queue(data)
        except BaseException as err:
            raised.append(err)

    caller = threading.Thread(target=read, daemon=True)
    caller.start()
    caller.join(60)
    assert not caller.is_alive(), "the caller waited past the time limit"
    assert len(raised) == 1 and isinstance(raised[0], DataError) and "more than 0.1 s" in str(raised[0])
    assert set(psutil.Process().children(recursive=True)) <= before  # the reading process was stopped
    monkeypatch.setattr(review, "READ_SECONDS", 120.0)
    assert len(review_queue(data)) > 0  # the time-out was not kept: the next call reads again
