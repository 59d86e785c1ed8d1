"""The synthetic portfolio: deterministic, sized as asked, and accepted by the real build.

Outside the default run like the rest of tests/benchmarks; run it with
``.venv/bin/pytest -o addopts="" tests/benchmarks/test_generate.py``.
"""

from __future__ import annotations

from pathlib import Path

from graph.build import build_dataset
from graph.load import load_data
from graph.shacl import shacl_problems
from tests.benchmarks.generate import generate, read_reference, write_data_folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "sources" not in p.parts
    }


def test_same_seed_same_files_and_the_build_accepts_them(tmp_path: Path) -> None:
    ref = read_reference()
    first = write_data_folder(generate(30_000, seed=7, ref=ref), tmp_path / "a")
    second = write_data_folder(generate(30_000, seed=7, ref=ref), tmp_path / "b")
    assert _files(first) == _files(second)
    other = write_data_folder(generate(30_000, seed=8, ref=ref), tmp_path / "c")
    assert _files(other) != _files(first)

    # (30000 - 11500) / 94 = 197 elements: 2% priorities (at least 8), 10% Resolutions (a third PP),
    # 44% Questions, 44% initiatives
    portfolio = generate(30_000, seed=7, ref=ref)
    sizes = {name: len(rows) for name, rows in portfolio.frameworks.items()}
    assert sizes == {
        "itud_priorities.csv": 8,
        "pp_resolutions.csv": 6,
        "wtdc_resolutions.csv": 14,
        "itud_study_questions.csv": 87,
        "wtdc_regional_initiatives.csv": 87,
    }

    dataset = build_dataset(load_data(first))
    assert shacl_problems(dataset.quads) == []
    assert 0.85 * 30_000 <= len(dataset.quads) <= 1.15 * 30_000
    # the real frameworks come through: 169 SDG targets, the Matrix's 204 rows
    assert dataset.elements["sdg-target"] == 169
    assert (
        sum(
            1
            for q in dataset.quads
            if q.graph_name.value.endswith("/mappings/wsis-sdg-matrix")
            and q.predicate.value.endswith("#alignmentSubject")
        )
        == 204
    )
