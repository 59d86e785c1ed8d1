"""An unknown option value on an analysis command exits 2 and names the valid values."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app

runner = CliRunner()

CASES = [
    (["misalignments", "--rule", "M99"], "M1, M2"),
    (["gaps", "--kind", "nothing"], "uncovered-target"),
    (["gaps", "--scope", "itu-lead"], "itu-d, matrix-lead, all"),
    (["misalignments", "--scope", "everything"], "itu-d, matrix-lead, all"),
    (["completeness", "--region", "XYZ"], "AFR, AMS"),
    (["gaps", "--period", "1999"], "WTDC-22"),
    (["misalignments", "--study-group", "SG9"], "SG1, SG2"),
    (["gaps", "--priority", "NOPE"], "KAP-P1"),
    (["misalignments", "--status", "approved"], "verified, unverified, suggested"),
    (["completeness", "--justification", "hearsay"], "manual curation"),
]


@pytest.mark.parametrize(("args", "valid"), CASES)
def test_unknown_value_exits_2_naming_the_valid_values(bundled_env: Path, args: list[str], valid: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "unknown" in result.stderr and valid in result.stderr
    assert "Traceback" not in result.output


def test_the_valid_values_run(bundled_env: Path) -> None:
    for args in (["misalignments", "--rule", "M9", "--scope", "matrix-lead"], ["completeness", "--region", "AFR"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
