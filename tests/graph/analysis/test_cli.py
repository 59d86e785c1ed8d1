"""The gaps, misalignments and explain commands on the bundled data and on the fixture."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from graph.analysis.gaps import COLUMNS as GAP_COLUMNS
from graph.analysis.gaps import GAP_KINDS
from graph.analysis.misalignments import RULES
from graph.build import build_dataset
from graph.cli import app
from graph.load import load_data
from graph.snapshot import write_build

runner = CliRunner()


def test_gaps_csv_on_the_bundled_data(bundled_env: Path) -> None:
    result = runner.invoke(app, ["gaps", "--format", "csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == [*GAP_COLUMNS, "snapshot"]
    assert len(frame) > 0 and set(frame["kind"]) <= set(GAP_KINDS)
    assert frame["snapshot"].nunique() == 1
    # nearest is a JSON list in a CSV cell
    assert isinstance(json.loads(frame["nearest"].iloc[0]), list)


def test_misalignments_json_on_the_bundled_data(bundled_env: Path) -> None:
    result = runner.invoke(app, ["misalignments", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows
    assert {"rule", "severity", "message", "evidence"} <= set(rows[0])
    assert {r["rule"] for r in rows} <= {r.id for r in RULES}
    assert {r["severity"] for r in rows} <= {"high", "medium", "low", "note"}
    assert all(r["message_fr"] and r["relies_on"] for r in rows)
    for row in rows:
        for e in row["evidence"]:
            assert {"subject", "predicate", "object", "status", "source", "graph", "alignment"} <= set(e)


def test_misalignments_table_and_filters_on_the_bundled_data(bundled_env: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["misalignments", "--rule", "M3", "--period", "2022-2025"])
    assert result.exit_code == 0, result.output
    assert "misalignment(s) and" in result.stdout and "note(s), snapshot" in result.stdout
    out = tmp_path / "gaps.xlsx"
    result = runner.invoke(app, ["gaps", "--region", "AFR", "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert set(pd.read_excel(out)["filters"].str.contains("region=AFR")) == {True}


def test_bad_options_give_one_line_errors(bundled_env: Path) -> None:
    result = runner.invoke(app, ["gaps", "--scope", "goal:42"])
    assert result.exit_code == 2 and "unknown SDG goal '42'" in result.output and "17" in result.output
    # unknown option values exit 2 (a usage error): see test_bad_input.py


def test_unknown_filter_values_exit_2_naming_the_valid_ones(bundled_env: Path) -> None:
    regions = sorted(pd.read_csv(Path(__file__).resolve().parents[3] / "data/frameworks/regions.csv")["id"])
    for args in (
        ["gaps", "--region", "XYZ"],
        ["gaps", "--region", regions[0].lower()],
        ["misalignments", "--region", "XYZ"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "unknown region" in result.output and ", ".join(regions) in result.output
    result = runner.invoke(app, ["gaps", "--study-group", "SG9"])
    assert result.exit_code == 2 and "unknown study group 'SG9'" in result.output and "SG1" in result.output


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.graph.analysis.conftest import fixture_data

    folder = tmp_path_factory.mktemp("cli")
    write_build(build_dataset(load_data(fixture_data(folder))), folder / "build")
    return folder / "build"


def test_explain_on_the_fixture(fixture_build: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITUD_ALIGN_BUILD_DIR", str(fixture_build))
    monkeypatch.delenv("ITUD_ALIGN_STORE", raising=False)
    result = runner.invoke(app, ["explain", "2018-2021/AFR1", "17.6", "--format", "json"])
    assert result.exit_code == 0, result.output
    chain = json.loads(result.stdout)
    assert [(r["subject"], r["predicate"], r["object"]) for r in chain] == [
        ("2018-2021/AFR1", "supportsActionLine", "C6"),
        ("C6", "contributesTo", "17.6"),
    ]
    result = runner.invoke(app, ["explain", "2022-2025/Q5-2", "9.c"])
    assert result.exit_code == 1 and "no chain of links" in result.output
    result = runner.invoke(app, ["explain", "Q1/1", "9.c"])
    assert result.exit_code == 1 and "names 2 elements" in result.output
