"""The suggest, duplicates, streamline and diff commands on the bundled build."""

from __future__ import annotations

import io
import json
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from graph.analysis import text as text_engine
from graph.analysis.suggestions import CORROBORATED_FACTOR
from graph.cli import app
from graph.namespaces import mint
from graph.sssom import read_sssom

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def kept(score: float, evidence: str, threshold: float) -> bool:
    """Whether a printed suggestion clears the threshold, or its share a Matrix rationale vouches for."""
    if score >= threshold:
        return "WSIS-SDG Matrix" not in evidence
    return score >= threshold * CORROBORATED_FACTOR["tfidf"] and "WSIS-SDG Matrix, C" in evidence


@pytest.mark.usefixtures("bundled_env")
def test_suggest_writes_what_it_prints_as_sssom(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "suggested-tfidf.sssom.tsv"
    printed = pd.read_csv(io.StringIO(run("suggest", "--format", "csv", "--write", str(path))))
    # the tfidf default threshold, or its corroborated share where the Matrix vouches for the pair
    assert len(printed) > 10 and all(map(kept, printed["score"], printed["evidence"], [0.1] * len(printed)))
    assert not printed["already_declared"].any()
    _meta, rows = read_sssom(path)
    # one printed row per distinct text; the file holds one mapping per element it applies to
    written = set(zip(rows["subject_id_iri"], rows["object_id_iri"], strict=True))
    assert set(zip(printed["element"], printed["target"], strict=True)) <= written
    assert len(written) == printed["elements"].str.split(", ").map(len).sum()


@pytest.mark.usefixtures("bundled_env")
def test_suggest_threshold_kind_period_weak_and_review() -> None:
    rows = json.loads(run("suggest", "-f", "json", "--threshold", "0.2", "--kind", "resolution"))
    assert rows and all(kept(r["score"], r["evidence"], 0.2) and "/resolution/" in r["element"] for r in rows)
    questions = json.loads(
        run("suggest", "-f", "json", "--threshold", "0.1", "--kind", "question", "--period", "2022-2025")
    )
    assert questions and all("/question/2022-2025/" in r["element"] for r in questions)
    weak = pd.read_csv(io.StringIO(run("suggest", "--weak", "-f", "csv")))
    assert len(weak) > 0 and (weak["score"] < 0.05).all()
    review = json.loads(run("suggest", "--review", "-f", "json"))
    assert {r["proposed_by"] for r in review} == {"tfidf", "declared"}


@pytest.mark.usefixtures("bundled_env")
def test_semantic_without_its_package_fails_with_the_install_command(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "wordllama", None)
    text_engine._embedder.cache_clear()
    result = runner.invoke(app, ["suggest", "--method", "semantic"])
    text_engine._embedder.cache_clear()
    assert result.exit_code == 1
    assert "pip install -e '.[semantic]'" in result.output


@pytest.mark.usefixtures("bundled_env")
def test_duplicates_finds_the_spectrum_initiatives_and_filters_by_region() -> None:
    # data/frameworks/wtdc_regional_initiatives.csv, 2018-2021: AFR5 "Management and monitoring of the
    # radio-frequency spectrum and transition to digital broadcasting", AMS2 "Spectrum management and
    # transition to digital broadcasting"; both curated to 9.1 and 9.c
    rows = json.loads(run("duplicates", "--kind", "initiative", "-f", "json"))
    afr5, ams2 = (str(mint("initiative", f"2018-2021/{c}")) for c in ("AFR5", "AMS2"))
    pair = next(r for r in rows if {r["element_a"], r["element_b"]} == {afr5, ams2})
    assert pair["shared_targets"] == "9.1; 9.c" and pair["target_jaccard"] == 1.0
    only_cis = json.loads(run("duplicates", "--kind", "initiative", "--region", "CIS", "-f", "json"))
    assert all("CIS" in (r["group_a"], r["group_b"]) for r in only_cis)
    assert len(only_cis) < len(rows)


@pytest.mark.usefixtures("bundled_env")
def test_streamline_table_shows_ids_and_csv_keeps_iris(tmp_path) -> None:  # type: ignore[no-untyped-def]
    run("streamline", "--pairs", "pp", "-o", str(tmp_path / "table.txt"))
    table = (tmp_path / "table.txt").read_text(encoding="utf-8")
    assert "WTDC-45" in table and "PP-130" in table and "https://" not in table
    frame = pd.read_csv(io.StringIO(run("streamline", "-f", "csv", "--pairs", "wtdc")))
    assert set(frame["pair"]) == {"WTDC-WTDC"}
    assert frame["wtdc"].str.startswith(str(mint("resolution", "WTDC"))).all()


@pytest.mark.usefixtures("bundled_env")
def test_diff_csv_json_and_xlsx(tmp_path) -> None:  # type: ignore[no-untyped-def]
    frame = pd.read_csv(io.StringIO(run("diff", "--from", "2018-2021", "--to", "2022-2025", "-f", "csv")))
    assert set(frame["section"]) == {"element", "coverage"}
    moved = frame[frame["change"] == "moved and renamed"]
    assert moved["from_notation"].tolist() == ["Q5/2"] and moved["to_notation"].tolist() == ["Q3/1"]
    coverage = json.loads(run("diff", "--section", "coverage", "-f", "json"))
    assert coverage and all(r["change"].endswith(("gained", "lost")) for r in coverage)
    out = tmp_path / "diff.xlsx"
    run("diff", "--kind", "initiative", "--to", "WTDC-22", "-f", "xlsx", "-o", str(out))
    sheet = pd.read_excel(out)
    assert "carried over" in set(sheet["change"]) and "no title" in set(sheet["change"])
