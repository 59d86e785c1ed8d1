"""The hand-made fixture graph of the analysis tests, built by the real builder and loaded
into both embedded stores.

``tests/fixtures/analysis/data`` holds tiny frameworks and mapping sets; the UN SDG sources
are borrowed from the repository's ``data/sources``. See that folder's README for the cast.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.analysis.frames import Frames, load_frames
from graph.build import build_dataset
from graph.load import load_data
from graph.stores import OxigraphStore, RdflibStore, Store
from tests.conftest import DATA, REPO

FIXTURE = REPO / "tests" / "fixtures" / "analysis" / "data"


def fixture_data(folder: Path) -> Path:
    """Lay out the fixture's data folder under ``folder``: its frameworks and mappings, and
    the repository's sources (linked, not copied)."""
    root = folder / "data"
    shutil.copytree(FIXTURE, root)
    (root / "sources").symlink_to(DATA / "sources", target_is_directory=True)
    return root


@pytest.fixture(scope="session")
def analysis_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder: the fixture's frameworks and mappings, the repository's sources."""
    return fixture_data(tmp_path_factory.mktemp("analysis"))


@pytest.fixture(scope="session")
def analysis_quads(analysis_data: Path) -> list[ox.Quad]:
    """The quads ``graph.build`` makes of the fixture."""
    return build_dataset(load_data(analysis_data)).quads


@pytest.fixture(scope="session", params=["oxigraph", "rdflib"])
def analysis_store(request: pytest.FixtureRequest, analysis_quads: list[ox.Quad]) -> Iterator[Store]:
    """The fixture graph in Oxigraph, then in rdflib: every test using it runs on both."""
    store: Store = (
        OxigraphStore.from_quads(analysis_quads)
        if request.param == "oxigraph"
        else RdflibStore.from_quads(analysis_quads)
    )
    yield store
    store.close()


@pytest.fixture(scope="session")
def frames(analysis_store: Store) -> Frames:
    """The fixture's frames, read through the named queries of the parametrized store."""
    return load_frames(analysis_store)
