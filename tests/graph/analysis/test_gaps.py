"""Gaps on the fixture graph, worked out by hand (see test_coverage for the links).

Priorities and who is filed under them:
  KAP-P1 (WTDC-22, 9.c 9.1)   <- 2022-2025/Q1-1, 2023-2025/AFR1           -> no AMS initiative
  KAP-P4 (WTDC-22, 17.16)     <- nobody                                     -> no Question, no AFR, no AMS
  KAP-P5 (WTDC-22, 16.2)      <- 2022-2025/Q3-2, 2023-2025/AMS1           -> no AFR initiative
  BAAP-O2 (WTDC-17, 9.1)      <- 2018-2021/Q1-1, 2018-2021/AFR1 (and 2023-2025/AFR1, of
                                 another cycle, which does not count)      -> nothing missing: the
                                 only WTDC-17 initiatives are in AFR
  BDT-TP04 (no cycle, 16.2)   <- 2022-2025/Q3-2, 2023-2025/AMS1           -> not judged: no cycle

Only known lists are judged (holes.known_lists): the fixture's regions hold one AFR initiative a
cycle and two AMS ones (one untitled), fewer than a region's list, so no region is judged and
no priority-without-initiative gap is drawn from them; the Questions of both cycles are titled.
"""

from __future__ import annotations

import re

import pandas as pd

from graph.analysis.filters import Filters
from graph.analysis.frames import Frames
from graph.analysis.gaps import COLUMNS, GAP_KINDS, WHY, find_gaps


def _rows(gaps, kind):  # type: ignore[no-untyped-def]
    return gaps[gaps["kind"] == kind]


def test_gap_counts_in_the_matrix_lead_scope(frames: Frames) -> None:
    gaps = find_gaps(frames, scope="matrix-lead")
    assert list(gaps.columns) == COLUMNS
    assert gaps["kind"].value_counts().to_dict() == {
        "indirect-only-target": 1,  # 17.6 (C6 only); 9.c, 9.1, 16.2 are linked directly
        "priority-without-question": 1,  # KAP-P4
        "unsupported-action-line": 3,  # C7, C7.4, C8
        "unlinked-element": 1,  # WTDC-20 (SDG, no WSIS); WTDC-1 has no link at all
        "coverage-lost": 1,  # 9.1: Questions of WTDC-17 -> none of WTDC-22
    }
    assert "uncovered-target" not in set(gaps["kind"])  # every ITU lead target is reached
    assert set(gaps["kind"]) <= set(GAP_KINDS)


def test_priority_gaps_judge_known_lists_of_the_prioritys_cycle(frames: Frames) -> None:
    gaps = find_gaps(frames)
    assert _rows(gaps, "priority-without-initiative").empty  # no region's list is known
    assert list(_rows(gaps, "priority-without-question")["item"]) == ["KAP-P4"]
    assert "BDT-TP04" not in set(gaps["item"])  # a priority of no cycle
    assert "BAAP-O2" not in set(gaps["item"])


def test_uncovered_targets_of_goal_9_with_nearest(frames: Frames) -> None:
    gaps = find_gaps(frames, scope="goal:9", kinds=["uncovered-target", "indirect-only-target"])
    # goal 9: 9.c 9.1 (direct, and C2) and 9.b (AFR1) covered; C6 -> goal 9 reaches no target
    assert list(gaps["item"]) == ["9.2", "9.3", "9.4", "9.5", "9.a"]
    assert set(gaps["kind"]) == {"uncovered-target"}
    assert gaps["filters"].iloc[0] == "scope=goal:9; none"
    # 9.2 (".. industrialization .. employment .. least developed countries") shares the stem
    # "develop" with 2018-2021/Q1-1, 2022-2025/Q3-2 and WTDC-1 (".. Development Sector": Snowball
    # stems "development" and "developed" alike), and nothing with any other element
    nine_two = gaps.set_index("item").loc["9.2", "nearest"]
    assert sorted(nine_two) == ["2018-2021/Q1-1", "2022-2025/Q3-2", "WTDC-1"]


def test_unsupported_lines_and_unlinked_elements(frames: Frames) -> None:
    gaps = find_gaps(frames)
    lines = _rows(gaps, "unsupported-action-line").set_index("item")
    assert list(lines.index) == ["C7", "C7.4", "C8"]
    assert "Matrix links it to 1 target" in lines.loc["C8", "detail"]
    unlinked = _rows(gaps, "unlinked-element").set_index("item")
    # Q5/2 has a written reason, AMS2 no title, WTDC-1 no link at all: completeness items
    assert list(unlinked.index) == ["WTDC-20"]
    assert "no WSIS link" in unlinked.loc["WTDC-20", "detail"]
    assert all(isinstance(code, str) for code in unlinked.loc["WTDC-20", "nearest"])


def test_coverage_lost_between_cycles(frames: Frames) -> None:
    lost = _rows(find_gaps(frames, scope="all"), "coverage-lost").set_index("item")
    # Questions: WTDC-17 {9.c, 9.1} -> WTDC-22 {9.c, 16.2, 4.4}: 9.1 lost; AFR's 9.b (WTDC-17)
    # is not compared: a one-initiative list is not a region's known list
    assert list(lost.index) == ["9.1"]
    assert "Questions" in lost.loc["9.1", "filters"] and "WTDC-17 -> WTDC-22" in lost.loc["9.1", "filters"]


def test_gaps_under_a_period_filter(frames: Frames) -> None:
    gaps = find_gaps(frames, scope="matrix-lead", filters=Filters(period="WTDC-17"))
    # kept: 2018-2021/Q1-1, 2018-2021/AFR1, BAAP-O2, and the cycle-less BDT-TP04 and PP-139.
    # 9.c, 9.1 (Q1/1) and 16.2 (BDT-TP04) are linked; 17.6 only through AFR1's C6.
    # BAAP-O2 has Q1/1 filed under it; BDT-TP04 is of no cycle, so not judged.
    # Only C2 and C6 are supported. 9.1 is lost from WTDC-17 to WTDC-22.
    assert gaps["kind"].value_counts().to_dict() == {
        "indirect-only-target": 1,
        "unsupported-action-line": 4,
        "coverage-lost": 1,
    }
    assert list(_rows(gaps, "unsupported-action-line")["item"]) == ["C5", "C7", "C7.4", "C8"]
    assert gaps["filters"].str.contains("period=WTDC-17").all()


def test_m3_and_the_unlinked_gap_agree_on_every_filter(frames: Frames) -> None:
    from graph.analysis.filters import apply
    from graph.analysis.misalignments import find_misalignments

    for filters in (
        None,
        Filters(period="WTDC-22"),
        Filters(period="WTDC-17"),
        Filters(status="verified"),
        Filters(status="unverified"),
        Filters(justification="manual curation"),
        Filters(region="AFR"),
    ):
        gaps = _rows(find_gaps(frames, filters=filters, kinds=["unlinked-element"]), "unlinked-element")
        rule = find_misalignments(apply(frames, filters), rules=["M3"])
        assert sorted(gaps["item_iri"]) == sorted(rule["element"]), filters


def test_every_gap_says_why_in_french_from_the_same_values(frames: Frames) -> None:
    """Each gap's "why" has a French sentence (the dashboard's French page shows it, not the
    English one marked "(en)"), built from the same numbers and codes as the English one."""
    gaps = pd.concat([find_gaps(frames, scope="matrix-lead"), find_gaps(frames, scope="all")])
    assert set(gaps["kind"]) >= {"indirect-only-target", "unsupported-action-line", "unlinked-element", "coverage-lost"}
    for en, fr in zip(gaps["detail"], gaps["detail_fr"], strict=True):
        assert fr and fr != en
        assert re.findall(r"\d+(?:\.\d+)?", en) == re.findall(r"\d+(?:\.\d+)?", fr)
    unlinked = gaps[gaps["kind"] == "unlinked-element"].iloc[0]
    assert "sans lien SMSI" in unlinked["detail_fr"]
    assert set(WHY) == set(GAP_KINDS)
