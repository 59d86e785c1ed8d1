"""Each bad input exits 1 with one line naming file, line and fix, and leaves the last build as it was.

The commands run in-process (Typer's CliRunner); ``tests/graph/test_build.py`` keeps one run of the
installed ``itud-align`` in its own process, as a smoke test.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from graph.cli import app
from graph.sssom import COLUMNS
from tests.conftest import DATA


def _cli(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def _fingerprint(build: Path) -> dict[str, str]:
    return {
        str(p.relative_to(build)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(build.rglob("*"))
        if p.is_file()
    }


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


MATRIX = "mappings/wsis-sdg-matrix.sssom.tsv"
QUESTIONS = "frameworks/itud_study_questions.csv"
KOS = "sources/un-sdg-kos/sdg-kos-goals-targets-indicators.ttl"


def _set_field(path: Path, needle: str, column: int, value: str) -> int:
    """Set one tab-separated field of the first row containing ``needle``; return that row's line."""
    line = _line_of(path, needle)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[line - 1].split("\t")
    fields[column] = value
    lines[line - 1] = "\t".join(fields)
    path.write_text("".join(lines), encoding="utf-8")
    return line


def unknown_target(data: Path) -> tuple[str, int | None]:
    return MATRIX, _set_field(data / MATRIX, "wsis:C2\t", COLUMNS.index("object_id"), "sdg:9.z")


def unknown_element(data: Path) -> tuple[str, int | None]:
    path = data / "mappings/declared-links.sssom.tsv"
    line = _line_of(path, "question:2018-2021/Q1-1")
    _replace(path, "question:2018-2021/Q1-1", "question:2018-2021/Q9-9")
    return "mappings/declared-links.sssom.tsv", line


def duplicate_id(data: Path) -> tuple[str, int | None]:
    path = data / QUESTIONS
    line = _line_of(path, "2018-2021/Q2-1,")
    _replace(path, "2018-2021/Q2-1,", "2018-2021/Q1-1,")
    return QUESTIONS, line


def missing_column(data: Path) -> tuple[str, int | None]:
    _replace(data / QUESTIONS, "study_group,", "group,")
    return QUESTIONS, 1


def not_utf8(data: Path) -> tuple[str, int | None]:
    path = data / QUESTIONS
    line = _line_of(path, "2018-2021/Q5-1,")
    raw = path.read_bytes().replace(b"Telecommunications/ICTs for rural", "T\xe9l\xe9com rural".encode("latin-1"), 1)
    path.write_bytes(raw)
    return QUESTIONS, line


def empty_file(data: Path) -> tuple[str, int | None]:
    (data / "frameworks/regions.csv").write_text("", encoding="utf-8")
    return "frameworks/regions.csv", None


def turtle_error(data: Path) -> tuple[str, int | None]:
    path = data / KOS
    line = _line_of(path, "sdg:9.c a sdgo:Target")
    _replace(path, "sdg:9.c a sdgo:Target, skos:Concept .", "sdg:9.c a sdgo:Target, skos:Concept")
    return KOS, line + 2


def confidence_out_of_range(data: Path) -> tuple[str, int | None]:
    return MATRIX, _set_field(data / MATRIX, "wsis:C5\t", COLUMNS.index("confidence"), "1.70")


def unknown_prefix(data: Path) -> tuple[str, int | None]:
    path = data / "mappings/resolution-pairs.sssom.tsv"
    line = _line_of(path, "resolution:WTDC-37\t")
    _replace(path, "resolution:WTDC-37\t", "res:WTDC-37\t")
    return "mappings/resolution-pairs.sssom.tsv", line


CASES: dict[str, Callable[[Path], tuple[str, int | None]]] = {
    "unknown SDG target code": unknown_target,
    "link to a missing element": unknown_element,
    "duplicate element id": duplicate_id,
    "missing required column": missing_column,
    "file not UTF-8": not_utf8,
    "empty file": empty_file,
    "Turtle syntax error": turtle_error,
    "confidence outside 0..1": confidence_out_of_range,
    "unknown CURIE prefix": unknown_prefix,
}

EXPECTED_WORDS = {
    "unknown SDG target code": "9.z",
    "link to a missing element": "Q9-9",
    "duplicate element id": "duplicate id",
    "missing required column": "study_group",
    "file not UTF-8": "not UTF-8",
    "empty file": "empty",
    "Turtle syntax error": "Turtle syntax error",
    "confidence outside 0..1": "outside 0..1",
    "unknown CURIE prefix": "unknown CURIE prefix 'res'",
}


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory, bundled_build: Path) -> Path:
    target = tmp_path_factory.mktemp("previous") / "build"
    shutil.copytree(bundled_build, target)
    return target


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_reported_and_loses_nothing(case: str, tmp_path: Path, previous_build: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    relative, line = CASES[case](data)
    before = _fingerprint(previous_build)

    result = _cli("build", "--data", str(data), "--out", str(previous_build))

    assert result.exit_code == 1, result.stdout + result.stderr
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an escaped exception
    message = result.stderr.strip()
    assert "Traceback" not in message + result.stdout
    assert len(message.splitlines()) == 1, message
    where = f"{data / relative}:{line}" if line is not None else str(data / relative)
    assert where in message, message
    assert EXPECTED_WORDS[case] in message
    assert "Fix:" in message
    assert _fingerprint(previous_build) == before


def test_validate_reports_the_same_problem_without_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    relative, line = unknown_target(data)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ITUD_ALIGN_BUILD_DIR", raising=False)
    result = _cli("validate", "--data", str(data))
    assert result.exit_code == 1
    assert f"{data / relative}:{line}" in result.stderr
    assert not (tmp_path / "build").exists()


def test_brackets_in_a_message_are_printed_as_written(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    _replace(data / QUESTIONS, "2018-2021/Q2-1,", "2018-2021/Q1-1[x],")
    _replace(data / QUESTIONS, "2018-2021/Q3-1,", "2018-2021/Q1-1[x],")
    result = _cli("validate", "--data", str(data))
    assert "duplicate id '2018-2021/Q1-1[x]'" in result.stderr


def test_a_suggested_link_does_not_count_as_curation(tmp_path: Path) -> None:
    from graph.build import build_dataset
    from graph.errors import DataError
    from graph.load import load_data

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    curated = data / "mappings/curated-questions.sssom.tsv"
    lines = curated.read_text("utf-8").splitlines(keepends=True)
    q51 = [ln for ln in lines if ln.startswith("question:2018-2021/Q5-1\t") and "itud:contributesTo" in ln]
    kept = [ln for ln in lines if ln not in q51]
    curated.write_text("".join(kept), encoding="utf-8")
    suggested = q51[0].split("\t")
    suggested[COLUMNS.index("mapping_justification")] = "semapv:LexicalSimilarityThresholdMatching"
    suggested[COLUMNS.index("other")] = "status=suggested\n"
    header = "".join(ln for ln in lines if ln.startswith("#") or ln.startswith("subject_id"))
    (data / "mappings/suggested-tfidf.sssom.tsv").write_text(header + "\t".join(suggested), encoding="utf-8")

    with pytest.raises(DataError, match="2018-2021/Q5-1 has no SDG-target link"):
        build_dataset(load_data(data))


def test_a_shape_violation_fails_the_build_and_loses_nothing(tmp_path: Path, previous_build: Path) -> None:
    """Data that loads but breaks a SHACL shape: checked while the store loads, nothing swapped in."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    _replace(
        data / "frameworks/wtdc_regional_initiatives.csv",
        "2018-2021/AFR1,2018-2021,WTDC-17 (Buenos Aires Action Plan)",
        "2018-2021/AFR1,2018-2021,Buenos Aires Action Plan",
    )
    before = _fingerprint(previous_build)

    result = _cli("build", "--data", str(data), "--out", str(previous_build))

    assert result.exit_code == 1, result.stdout + result.stderr
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr + result.stdout
    assert (
        "https://w3id.org/itud-align/id/initiative/2018-2021/AFR1 https://w3id.org/itud-align/ontology#cycle: "
        "an initiative belongs to exactly one WTDC cycle"
    ) in result.stderr
    assert "1 problem(s); nothing was written" in result.stderr
    assert _fingerprint(previous_build) == before
    assert sorted(p.name for p in previous_build.parent.iterdir()) == ["build"]
