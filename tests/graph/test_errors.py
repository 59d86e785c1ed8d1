"""Every project error carries an optional fix that its message prints."""

from __future__ import annotations

import pickle

import pytest
from typer.testing import CliRunner

from graph import errors
from graph.cli import app
from graph.errors import BadInput, BadRequest, DataError, ItudAlignError, StoreError, ValidationFailed


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


def _one_of_each() -> list[ItudAlignError]:
    """An instance of every error the project defines."""
    made: list[ItudAlignError] = [
        DataError("data/mappings/x.sssom.tsv", 7, "confidence 'high' is not a number", "write a number in 0..1"),
        DataError("data", None, "data folder not found", "pass --data"),
        BadInput("kind", ["x", "y"], ("question", "initiative")),
        ValidationFailed(["first problem", "second problem"]),
        BadRequest(413, "the body is over 1 MB", close=True),
    ]
    custom = {type(e) for e in made}
    for name in errors.__all__:
        kind = getattr(errors, name)
        if kind not in custom:
            made.append(kind("what failed", fix="what to do"))
    return made


@pytest.mark.parametrize("err", _one_of_each(), ids=lambda e: type(e).__name__)
def test_an_error_crosses_to_another_process_whole(err: ItudAlignError) -> None:
    # the review queue's reading runs in a process of its own and sends back what it raised
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert (str(back), back.args, vars(back)) == (str(err), err.args, vars(err))
