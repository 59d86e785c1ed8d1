"""Every project error carries an optional fix that its message prints."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.errors import ItudAlignError, StoreError


def test_an_error_keeps_its_fix_apart_and_prints_both() -> None:
    err = StoreError("no build found", fix="run 'itud-align build' first")
    assert err.fix == "run 'itud-align build' first"
    assert str(err) == "no build found. Fix: run 'itud-align build' first"
    assert str(ItudAlignError("no fix known")) == "no fix known"


def test_the_cli_prints_message_and_fix_on_one_line(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ITUD_ALIGN_BUILD_DIR", str(tmp_path_factory.mktemp("empty")))
    monkeypatch.setenv("ITUD_ALIGN_STORE", "oxigraph")
    result = CliRunner().invoke(app, ["query", "ASK {}"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no Oxigraph store. Fix: run 'itud-align build' first" in lines[0]
