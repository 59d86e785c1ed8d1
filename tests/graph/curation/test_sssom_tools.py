"""Every mapping file is SSSOM that sssom-py (the reference tooling) parses, validates and round-trips."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sssom.parsers import parse_sssom_table
from sssom.validators import validate
from sssom.writers import write_table

from graph.sssom import format_row, read_sssom
from tests.conftest import DATA

FILES = sorted((DATA / "mappings").glob("*.sssom.tsv"))
KEY = ["subject_id", "predicate_id", "object_id", "comment"]


def test_there_are_mapping_files() -> None:
    assert len(FILES) >= 7


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_sssom_py_parses_every_row_and_validates(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """sssom-py drops a row it cannot read with only a log line: count the rows, then validate."""
    _meta, ours = read_sssom(path)
    with caplog.at_level(logging.WARNING):
        msdf = parse_sssom_table(path)
    assert "not well-formed" not in caplog.text
    assert len(msdf.df) == len(ours)
    validate(msdf, fail_on_error=True)  # what `sssom validate FILE` runs: schema, prefix map, CURIE format


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_sssom_py_round_trip_keeps_status_source_and_decisions(path: Path, tmp_path: Path) -> None:
    out = tmp_path / path.name
    with out.open("w", encoding="utf-8") as handle:
        write_table(parse_sssom_table(path), handle)
    _meta, before = read_sssom(path)
    _meta, after = read_sssom(out)
    columns = [
        *KEY,
        "status",
        "source",
        "mapping_justification",
        "confidence",
        "reviewer_id",
        "review_date",
        "predicate_modifier",
    ]
    before = before.sort_values(KEY).reset_index(drop=True)[columns]
    after = after.sort_values(KEY).reset_index(drop=True)[columns]
    assert len(after) == len(before)
    assert after.to_dict("records") == before.to_dict("records")


def test_a_reviewed_and_a_rejected_row_survive_sssom_py(tmp_path: Path) -> None:
    """The decisions of a review (reviewer, date, negation) are standard slots that sssom-py keeps."""
    source = DATA / "mappings" / "declared-links.sssom.tsv"
    lines = source.read_text(encoding="utf-8").split("\n")
    _meta, frame = read_sssom(source)
    first, second = frame.to_dict("records")[:2]
    lines[first["_line"] - 1] = format_row(
        {**first, "status": "verified", "reviewer_id": "agent:reviewer-a", "review_date": "2026-12-06"}
    )
    lines[second["_line"] - 1] = format_row(
        {**second, "status": "rejected", "reviewer_id": "agent:reviewer-b", "review_date": "2026-12-06"}
    )
    path = tmp_path / source.name
    path.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "round-trip.sssom.tsv"
    with out.open("w", encoding="utf-8") as handle:
        write_table(parse_sssom_table(path), handle)
    _meta, after = read_sssom(out)
    decided = after.set_index("subject_id").loc[[first["subject_id"], second["subject_id"]]]
    assert list(decided["status"]) == ["verified", "rejected"]
    assert list(decided["reviewer_id"]) == ["agent:reviewer-a", "agent:reviewer-b"]
    assert list(decided["predicate_modifier"]) == ["", "Not"]
    assert set(decided["review_date"]) == {"2026-12-06"}
