"""Every named query in graph/queries runs on the analysis fixture graph, on Oxigraph and on
rdflib, and returns the columns its opening comment promises."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from graph.analysis.frames import query_names, read_query
from graph.build import build_dataset
from graph.buildfolder import STORE_NAME
from graph.load import load_data
from graph.snapshot import write_build
from graph.stores import OxigraphStore, RdflibStore, Store
from tests.graph.analysis.conftest import fixture_data


def promised_columns(text: str) -> list[str]:
    """The column names listed after '# Columns:' (continued on '#   ' lines)."""
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    joined = " ".join(header)
    match = re.search(r"Columns:\s*(.*?)(?:\(|$)", joined)
    assert match, "the opening comment names no 'Columns:'"
    return [c.strip() for c in match.group(1).split(",") if c.strip()]


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The fixture written as a real build (so the snapshot id is there), on each engine."""
    folder = tmp_path_factory.mktemp("queries")
    write_build(build_dataset(load_data(fixture_data(folder))), folder / "build")
    oxigraph = OxigraphStore.open(folder / "build" / STORE_NAME)
    if request.param == "oxigraph":
        yield oxigraph
    else:
        quads = list(oxigraph.store.quads_for_pattern(None, None, None, None))
        yield RdflibStore.from_quads(quads)
    oxigraph.close()


def test_every_query_is_listed() -> None:
    assert {
        "elements",
        "element_links",
        "sdg_targets",
        "sdg_indicators",
        "sdg_goals",
        "wsis_action_lines",
        "wsis_sdg_matrix",
        "regions",
        "cycles",
        "snapshot",
    } <= set(query_names())


@pytest.mark.parametrize("name", query_names())
def test_query_returns_the_promised_columns(name: str, store: Store) -> None:
    text = read_query(name)
    assert text.startswith("# "), f"{name}.rq must open with a comment saying what it answers"
    columns = promised_columns(text)
    frame = store.select(text)
    assert list(frame.columns) == columns
    assert len(frame) > 0, f"{name}.rq returned no row on the fixture graph"


def test_promised_columns_parser() -> None:
    text = "# What?\n# Columns: a, b,\n#   c\n# (a note, with commas)\nSELECT ?a ?b ?c {}\n"
    assert promised_columns(text) == ["a", "b", "c"]
