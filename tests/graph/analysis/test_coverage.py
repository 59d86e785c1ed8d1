"""Coverage of targets, goals and action lines on the fixture graph, worked out by hand.

Direct links to targets (from the mapping sets of the fixture):
  9.c  <- 2018-2021/Q1-1, 2022-2025/Q1-1, 2023-2025/AFR1, WTDC-20, KAP-P1 (all unverified)
          and WTDC-37 (verified, declared-links, 0.9)
  9.1  <- 2018-2021/Q1-1 (0.7), KAP-P1 (0.7), BAAP-O2 (0.7)
  16.2 <- 2022-2025/Q3-2 (0.5), 2023-2025/AMS1 (0.9), KAP-P5 (0.7), BDT-TP04 (0.9)
  9.b <- 2018-2021/AFR1; 4.4 <- 2022-2025/Q3-2; 17.16 <- KAP-P4
  9.2 <- 2022-2025/Q5-2 only as a *suggested* link, which never counts
Action-line support: C2 <- 2018-2021/Q1-1 (twice), 2022-2025/Q1-1, 2023-2025/AFR1, WTDC-37;
  C5 <- 2022-2025/Q3-2, 2023-2025/AMS1; C6 <- 2018-2021/AFR1 (0.7)
Matrix at target level: C2 -> 9.c, 9.1; C5 -> 16.2; C6 -> 17.6; C7.4 -> 3.d; C8 -> 4.7
"""

from __future__ import annotations

import pytest

from graph.analysis.coverage import action_line_coverage, goal_coverage, target_coverage
from graph.analysis.frames import Frames

C2_SUPPORTERS = ["2018-2021/Q1-1", "2022-2025/Q1-1", "2023-2025/AFR1", "WTDC-37"]


def test_target_coverage_in_the_matrix_lead_scope(frames: Frames) -> None:
    cov = target_coverage(frames, "matrix-lead").set_index("notation")
    assert len(cov) == 169
    assert sorted(cov.index[cov["in_scope"]]) == ["16.2", "17.6", "9.1", "9.c"]
    c = cov.loc["9.c"]
    # 6 direct elements; the 4 C2 supporters reach it indirectly too, counted apart
    assert c["direct_elements"] == [
        "2018-2021/Q1-1",
        "2022-2025/Q1-1",
        "2023-2025/AFR1",
        "KAP-P1",
        "WTDC-20",
        "WTDC-37",
    ]
    assert (c["direct_count"], c["indirect_count"]) == (6, 4)
    assert c["indirect_elements"] == C2_SUPPORTERS
    assert (c["strongest_status"], c["max_confidence"], c["coverage"]) == ("verified", 0.9, "direct")
    one = cov.loc["9.1"]
    assert (one["direct_count"], one["indirect_count"], one["strongest_status"]) == (3, 4, "unverified")
    assert one["max_confidence"] == pytest.approx(0.7)
    sixteen = cov.loc["16.2"]
    assert (sixteen["direct_count"], sixteen["indirect_count"]) == (4, 2)
    assert sixteen["max_confidence"] == pytest.approx(0.9)
    # 17.6: nobody links to it; 2018-2021/AFR1 supports C6, which the Matrix links to 17.6
    seventeen = cov.loc["17.6"]
    assert (seventeen["direct_count"], seventeen["indirect_count"], seventeen["coverage"]) == (0, 1, "indirect")
    assert seventeen["indirect_elements"] == ["2018-2021/AFR1"]
    assert seventeen["max_confidence"] == pytest.approx(0.7)  # the AFR1 -> C6 link's
    # the suggested 9.2 link does not count; 3.d is reached by no one (nobody supports C7.4)
    assert cov.loc["9.2", "coverage"] == "none" and cov.loc["3.d", "coverage"] == "none"
    # across all 169 targets: direct 9.c 9.1 16.2 9.b 4.4 17.16; indirect 17.6 only
    assert cov["coverage"].value_counts().to_dict() == {"none": 162, "direct": 6, "indirect": 1}


def test_target_coverage_scope_by_goal(frames: Frames) -> None:
    cov = target_coverage(frames, "goal:9").set_index("notation")
    assert sorted(cov.index[cov["in_scope"]]) == ["9.1", "9.2", "9.3", "9.4", "9.5", "9.a", "9.b", "9.c"]


def test_goal_coverage(frames: Frames) -> None:
    goals = goal_coverage(frames, "matrix-lead").set_index("notation")
    assert goals.equals(
        goal_coverage(frames, "matrix-lead", targets=target_coverage(frames, "matrix-lead")).set_index("notation")
    )
    nine = goals.loc["9"]
    assert (nine["targets"], nine["targets_in_scope"], nine["in_scope_direct"]) == (8, 2, 2)
    # direct: the 6 of 9.c, plus BAAP-O2 (9.1) and 2018-2021/AFR1 (9.b)
    assert nine["direct_count"] == 8 and "2018-2021/AFR1" in nine["direct_elements"]
    # indirect: the 4 C2 supporters (C2 -> 9.c, 9.1) and AFR1 through C6 -> goal 9
    assert nine["indirect_elements"] == sorted([*C2_SUPPORTERS, "2018-2021/AFR1"])
    seventeen = goals.loc["17"]
    assert (seventeen["targets_in_scope"], seventeen["in_scope_indirect"]) == (1, 1)
    assert seventeen["direct_elements"] == ["KAP-P4"]  # 17.16
    assert goals.loc["1", "coverage"] == "none"
    assert list(goals.index[:3]) == ["1", "2", "3"]


def test_action_line_coverage(frames: Frames) -> None:
    lines = action_line_coverage(frames).set_index("notation")
    assert list(lines.index) == ["C2", "C5", "C6", "C7", "C7.4", "C8"]
    assert lines.loc["C2", "elements"] == C2_SUPPORTERS  # 2018-2021/Q1-1 once, though linked twice
    assert lines["element_count"].to_dict() == {"C2": 4, "C5": 2, "C6": 1, "C7": 0, "C7.4": 0, "C8": 0}
    assert lines.loc["C2", "strongest_status"] == "verified"  # the declared-links row
    assert (lines.loc["C6", "matrix_targets"], lines.loc["C6", "matrix_goals"]) == (1, 1)
    assert lines.loc["C2", "is_itu_lead"] and not lines.loc["C7", "is_itu_lead"]
