"""Kept answers: a memoised callback (``bind_memo``) answers as the callback computed afresh,
a new build gets its own answers, and the Review queue follows every write to the data folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from plotly.io.json import to_json_plotly

from dashboards.data import DashboardData
from dashboards.pages.cycles import callbacks as cycles
from dashboards.pages.data import callbacks as datainfo
from dashboards.pages.flows import callbacks as flows
from dashboards.pages.gaps import callbacks as gaps
from dashboards.pages.misalignments import callbacks as misalignments
from dashboards.pages.network import callbacks as network
from dashboards.pages.overview import callbacks as overview
from dashboards.pages.regions import callbacks as regions
from dashboards.pages.resolutions import callbacks as resolutions
from dashboards.pages.review import view as review_view
from dashboards.pages.suggestions import callbacks as suggestions
from dashboards.shell import callbacks as shell
from dashboards.urlstate import FILTER_KEYS, ViewState
from dashboards.wiring import bind_memo
from graph.buildfolder import build_graph_quads
from graph.namespaces import graph_iri
from graph.review import Decision, decide
from graph.stores import OxigraphStore
from tests.conftest import DATA

NONE = dict.fromkeys(FILTER_KEYS)
# every memoised callback with the inputs a page load gives it, on two views
CALLBACKS: list[tuple[Callable[..., Any], tuple[Any, ...]]] = [
    (shell.update_shell, (None, "?lang=fr&region=AFR", NONE, None, "/gaps")),
    (overview.update_overview, ("",)),
    (overview.update_heatmap, ("?lang=fr&region=AFR",)),
    (gaps.update_gaps, ("",)),
    (misalignments.update_misalignments, ("?lang=fr&region=AFR",)),
    (misalignments.show_finding, ("?finding=1",)),
    (network.update_network, ("", None, "1", "9.c")),
    (flows.update_flows, ("?lang=fr&region=AFR",)),
    (regions.update_regions, ("",)),
    (cycles.update_cycles, ("?lang=fr", "WTDC-17", "WTDC-22", "question")),
    (resolutions.update_resolutions, ("",)),
    (suggestions.update_suggestions, ("",)),
    (datainfo.update_data, ("?lang=fr",)),
    (datainfo.update_completeness, ("",)),
]


def _sent(payload: Any) -> str:
    """The payload as Dash serializes it for the browser."""
    return to_json_plotly(payload)


@pytest.mark.parametrize(("callback", "args"), CALLBACKS, ids=[c.__qualname__ for c, _ in CALLBACKS])
def test_a_memoised_callback_sends_what_the_callback_computes_afresh(bundled_data, callback, args):
    data = DashboardData(store=bundled_data.store, build_dir=bundled_data.build_dir)
    memoised = bind_memo(callback, data)
    first = memoised(*args)
    again = memoised(*args)
    assert again is first  # the kept answer, not a new one
    afresh = callback(*args, data=DashboardData(store=bundled_data.store, build_dir=bundled_data.build_dir))
    assert _sent(again) == _sent(afresh)


def test_a_new_build_gets_its_own_answers_from_the_same_memo(bundled_data, bundled_build):
    """Another build (here: the bundled one without the curated Resolution links) has another
    snapshot id; a memo that already holds the first build's answers must not serve them."""
    dropped = ox.NamedNode(str(graph_iri("mappings/curated-resolutions")))
    quads = [
        q
        for q in ox.parse(path=str(bundled_build / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
        if q.graph_name != dropped
    ]
    first = DashboardData(store=bundled_data.store)
    other_store = OxigraphStore.from_quads([*quads, *build_graph_quads("another-build", len(quads))])
    other = DashboardData(store=other_store, _memo=first._memo)  # one memo for both
    assert other.snapshot != first.snapshot

    before = _sent(bind_memo(overview.update_overview, first)(""))
    after = _sent(bind_memo(overview.update_overview, other)(""))

    assert after == _sent(overview.update_overview("", data=DashboardData(store=other_store)))
    assert after != before  # the other build has fewer links
    kept = {key[0] for key in first._memo if key[1:2] == ("payload",)}
    assert kept == {first.snapshot, other.snapshot}


def test_the_review_queue_is_read_again_after_a_decision(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    state = ViewState.from_query("")
    rows, _columns, _total = review_view.queue_table(data, state, None)
    assert review_view.queue_table(data, state, None)[0] is rows  # kept while the files are unchanged
    row = rows[0]
    decide(
        data,
        Decision(
            row["mapping_set"],
            (row["subject_id"], row["predicate_id"], row["object_id"], row["comment"]),
            "accept",
            "test.reviewer",
        ),
    )

    after, _, _ = review_view.queue_table(data, state, None)

    def lines(found: list[dict]) -> set[tuple[str, int]]:
        return {(r["mapping_set"], r["line"]) for r in found}

    # the accepted link is verified now: it leaves the queue, and nothing else changes
    assert lines(after) == lines(rows) - {(row["mapping_set"], row["line"])}
    review_view._queue_table.cache_clear()
    assert review_view.queue_table(data, state, None)[0] == after  # as read afresh
