"""The analysis gives the same frames on Virtuoso (through RemoteStore) as on the embedded Oxigraph store."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from graph.analysis.coverage import action_line_coverage, goal_coverage, target_coverage
from graph.analysis.frames import Frames, load_frames
from graph.analysis.gaps import find_gaps
from graph.analysis.misalignments import find_misalignments
from graph.analysis.network import bridges, build_network, communities, hubs
from graph.stores import OxigraphStore, RemoteStore
from tests.datafiles import framework
from tests.graph.virtuoso.same_frames import assert_same_frames

pytestmark = pytest.mark.virtuoso

FRAME_NAMES = ("elements", "links", "targets", "goals", "action_lines", "matrix", "regions", "cycles")
ANALYSES: dict[str, Callable[[Frames], pd.DataFrame]] = {
    "target_coverage": target_coverage,
    "target_coverage_all": lambda f: target_coverage(f, "all"),
    "goal_coverage": goal_coverage,
    "action_line_coverage": action_line_coverage,
    "gaps": find_gaps,
    "gaps_all_targets": lambda f: find_gaps(f, "all"),
    "misalignments": find_misalignments,
    "network_hubs": lambda f: hubs(build_network(f), n=25),
    "network_bridges": lambda f: bridges(build_network(f), leaves=True),
    "network_communities": lambda f: communities(build_network(f)),
}


@pytest.fixture(scope="module")
def both_frames(bundled_store: OxigraphStore, virtuoso_store: RemoteStore) -> tuple[Frames, Frames]:
    return load_frames(bundled_store), load_frames(virtuoso_store)


def test_frames_hold_the_bundled_portfolio(both_frames: tuple[Frames, Frames]) -> None:
    _embedded, remote = both_frames
    # every row of the framework files
    assert remote.elements["kind"].value_counts().to_dict() == {
        "question": len(framework("itud_study_questions.csv")),
        "initiative": len(framework("wtdc_regional_initiatives.csv")),
        "priority": len(framework("itud_priorities.csv")),
        "resolution": len(framework("wtdc_resolutions.csv")) + len(framework("pp_resolutions.csv")),
    }
    assert len(remote.targets) == 169
    assert sorted(remote.action_lines.loc[remote.action_lines["is_itu_lead"], "notation"]) == ["C2", "C5", "C6"]


@pytest.mark.parametrize("name", FRAME_NAMES)
def test_load_frames_gives_the_same_frames(name: str, both_frames: tuple[Frames, Frames]) -> None:
    embedded, remote = both_frames
    assert remote.snapshot == embedded.snapshot
    assert len(getattr(embedded, name)), f"frame {name} is empty on the bundled data"
    assert_same_frames(getattr(embedded, name), getattr(remote, name))


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_analysis_gives_the_same_frames(name: str, both_frames: tuple[Frames, Frames]) -> None:
    embedded, remote = both_frames
    expected = ANALYSES[name](embedded)
    assert len(expected), f"{name} is empty on the bundled data"
    assert_same_frames(expected, ANALYSES[name](remote))
