"""Importing a cycle from the CSV template (checked first, file:line errors, nothing written on
failure), and the mapping diff between files, folders and git revisions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.build import build_dataset
from graph.cli import app
from graph.cycle_import import import_cycle
from graph.errors import DataError
from graph.load import load_data, read_csv_table
from graph.mapping_diff import diff_mappings, read_version
from graph.namespaces import ITUD, mint
from graph.review import Decision, decide
from graph.sssom import COLUMNS
from graph.stores import OxigraphStore
from tests.conftest import DATA

runner = CliRunner()
TEMPLATE = "code,title_en,title_fr,objective_en,source,status,note\n"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.csv"))}


def test_every_template_has_the_documented_columns() -> None:
    readme = (DATA / "templates" / "README.md").read_text(encoding="utf-8")
    for kind in ("question", "initiative", "priority", "resolution"):
        assert (DATA / "templates" / f"{kind}.csv").read_text(encoding="utf-8") == TEMPLATE
        assert f"`{kind}`" in readme


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Q2-3,,,,,provisional,", "is not a question code"),
        ("Q9/1,A title,,,,verified,", "needs its English title and its source"),
        ("Q9/1,,,,,maybe,", "is not verified or provisional"),
        ("Q9/1,[a guessed title],,,,provisional,", "looks guessed"),
    ],
)
def test_a_bad_row_fails_with_its_line_and_nothing_is_written(
    data: Path, tmp_path: Path, row: str, problem: str
) -> None:
    source = tmp_path / "cycle.csv"
    source.write_text(TEMPLATE + "Q8/1,,,,https://example.org/q8,provisional,\n" + row + "\n", encoding="utf-8")
    before = _snapshot(data)
    result = runner.invoke(app, ["import", "question", str(source), "--cycle", "2026-2029", "--data", str(data)])
    assert result.exit_code == 1
    assert f"{source}:3:" in result.output and problem in result.output
    assert "Traceback" not in result.output
    assert _snapshot(data) == before


def test_an_existing_element_is_refused(data: Path, tmp_path: Path) -> None:
    source = tmp_path / "cycle.csv"
    source.write_text(TEMPLATE + "Q3/2,,,,,provisional,\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"cycle.csv:2: question 2022-2025/Q3-2 is already in the data"):
        import_cycle(data, "question", source, "2022-2025")


def test_an_imported_cycle_is_built_as_verified_and_provisional_rows(data: Path, tmp_path: Path) -> None:
    source = tmp_path / "cycle.csv"
    source.write_text(
        TEMPLATE
        + "ARB9,A verified title,Un titre vérifié,Its objective,https://example.org/arb9,verified,\n"
        + "ARB8,,,,https://example.org/arb8,provisional,exists; title not read\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["import", "initiative", str(source), "--cycle", "WTDC-25", "--data", str(data)])
    assert result.exit_code == 0, result.output
    rows = read_csv_table(data / "frameworks" / "wtdc_regional_initiatives.csv", ("id",), key="id")
    added = rows[rows["id"].isin(["2026-2029/ARB9", "2026-2029/ARB8"])]
    assert list(added["region"]) == ["ARB", "ARB"]
    (data / "mappings" / "unlinked.csv").write_text(
        (data / "mappings" / "unlinked.csv").read_text(encoding="utf-8")
        + "initiative:2026-2029/ARB9,test element: no links curated\n",
        encoding="utf-8",
    )
    store = OxigraphStore.from_quads(build_dataset(load_data(data)).quads)
    status = {
        str(r.s): str(r.status)
        for r in store.select(
            f"SELECT ?s ?status WHERE {{ VALUES ?s {{ <{mint('initiative', '2026-2029/ARB9')}> "
            f"<{mint('initiative', '2026-2029/ARB8')}> }} ?s <{ITUD.status}> ?status }}"
        ).itertuples()
    }
    assert status == {
        str(mint("initiative", "2026-2029/ARB9")): "verified",
        str(mint("initiative", "2026-2029/ARB8")): "unverified",
    }
    assert store.ask(f'ASK {{ <{mint("initiative", "2026-2029/ARB9")}> skos:prefLabel "Un titre vérifié"@fr }}')


def test_the_bundled_2026_2029_questions_are_provisional_and_untitled() -> None:
    rows = read_csv_table(DATA / "frameworks" / "itud_study_questions.csv", ("id",), key="id")
    current = rows[rows["study_period"] == "2026-2029"]
    imported = read_csv_table(DATA / "sources" / "itu-compiled" / "cycle-2026-2029-questions.csv", ("code",))
    assert len(current) == len(imported) >= 1
    assert set(current["title_status"]) == {"provisional (UNVERIFIED)"}


def test_diff_mappings_between_a_git_revision_and_the_working_folder(data: Path) -> None:
    repo = data.parent
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "data/mappings"], check=True)
    subprocess.run([*git, "commit", "-qm", "before"], check=True)
    mapping = data / "mappings" / "declared-links.sssom.tsv"
    first = next(ln for ln in mapping.read_text(encoding="utf-8").splitlines() if ln.startswith("question:"))
    fields = dict(zip(COLUMNS, first.split("\t"), strict=True))
    key = (fields["subject_id"], fields["predicate_id"], fields["object_id"], fields["comment"])
    decide(data, Decision("declared-links", key, "edit", "b.steward", "2026-12-06", 0.3, None))
    frame = diff_mappings(read_version("HEAD", repo), read_version(str(data)))
    assert frame[["mapping_set", "change", "subject_id", "old_confidence", "new_confidence"]].values.tolist() == [
        ["declared-links", "confidence", fields["subject_id"], float(fields["confidence"]), 0.3]
    ]
    result = runner.invoke(app, ["diff-mappings", str(mapping), str(mapping), "--format", "csv"])
    assert result.exit_code == 0 and result.output.strip() == ",".join(frame.columns)
