"""Duplicate pairs: alike in text and in SDG targets, same kind, across groups, on hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.analysis.duplication import duplicate_pairs
from tests.graph.text.factory import element, make_frames, question, target, to_target

TARGETS = [target(c, f"target {c}") for c in ("3.9", "9.1", "9.c", "16.a")]
A = question("2022-2025/Q1-1", "Spectrum management and transition to digital broadcasting", "SG1")
B = question(
    "2022-2025/Q2-2", "Management of the radio-frequency spectrum and transition to digital broadcasting", "SG2"
)
C = question("2022-2025/Q7-2", "Human exposure to electromagnetic fields", "SG2")
D = question("2018-2021/Q2-1", "Spectrum management and transition to digital broadcasting", "SG1")
E = question("2022-2025/Q4-2", "Spectrum management for digital broadcasting", "SG2")
LINKS = [
    to_target(A, "9.1"),
    to_target(A, "9.c"),
    to_target(B, "9.1"),
    to_target(B, "9.c"),
    to_target(C, "3.9"),
    to_target(D, "9.1"),
    to_target(D, "9.c"),
    to_target(E, "16.a"),
]


def test_alike_questions_of_two_study_groups_pair_and_nothing_else_does() -> None:
    pairs = duplicate_pairs(make_frames([A, B, C, D, E], LINKS, TARGETS))
    # A-B: same period, other study group, alike titles, same targets.
    # Not A-D (other period), not A-E (disjoint targets), not B-E (same study group), not C (unrelated).
    assert list(zip(pairs["element_a"], pairs["element_b"], strict=True)) == [(A["element"], B["element"])]
    row = pairs.iloc[0]
    assert row["target_jaccard"] == 1.0
    assert row["shared_targets"] == "9.1; 9.c"
    assert row["text_a"] == A["label_en"] and row["text_b"] == B["label_en"]
    assert row["group_a"] == "SG1" and row["group_b"] == "SG2"
    assert row["score"] == pytest.approx((row["text_score"] + 1.0) / 2, abs=1e-4)
    assert row["text_score"] >= 0.3  # the default min_text


def test_disjoint_targets_keep_alike_titles_apart_and_thresholds_apply() -> None:
    # E is in SG2 like B: never compared with B; against A its targets are disjoint
    assert duplicate_pairs(make_frames([B, E], LINKS, TARGETS), min_text=0.0, min_targets=0.0).empty
    e_sg1 = dict(E, study_group="SG3")
    frames = make_frames([A, e_sg1], LINKS, TARGETS)
    assert duplicate_pairs(frames).empty  # Jaccard {9.1, 9.c} vs {16.a} = 0
    assert len(duplicate_pairs(frames, min_targets=0.0)) == 1
    assert duplicate_pairs(make_frames([A, B], LINKS, TARGETS), min_text=0.99).empty


def test_resolutions_pair_within_one_body_and_without_targets_the_text_decides() -> None:
    r1 = element(
        "resolution",
        "WTDC-58",
        "WTDC Res. 58",
        "Telecommunication/ICT accessibility for persons with disabilities",
        family="WTDC",
    )
    r2 = element("resolution", "PP-175", "PP Res. 175", "ICT accessibility for persons with disabilities", family="PP")
    r3 = element(
        "resolution",
        "WTDC-99",
        "WTDC Res. 99",
        "Accessibility for persons with disabilities and age-related disabilities",
        family="WTDC",
    )
    pairs = duplicate_pairs(make_frames([r1, r2, r3], [], TARGETS), kinds=["resolution"])
    assert list(zip(pairs["element_a"], pairs["element_b"], strict=True)) == [(r1["element"], r3["element"])]
    row = pairs.iloc[0]
    assert pd.isna(row["target_jaccard"])
    assert row["score"] == row["text_score"]


def test_initiatives_pair_across_regions_of_one_period() -> None:
    i1 = element(
        "initiative",
        "2018-2021/AFR5",
        "AFR5",
        "Spectrum management and transition to digital broadcasting",
        period="2018-2021",
        region="AFR",
    )
    i2 = element(
        "initiative",
        "2018-2021/AMS2",
        "AMS2",
        "Spectrum management and digital broadcasting",
        period="2018-2021",
        region="AMS",
    )
    i3 = element(
        "initiative",
        "2018-2021/AMS3",
        "AMS3",
        "Spectrum management and digital broadcasting",
        period="2018-2021",
        region="AMS",
    )
    links = [to_target(x, "9.1") for x in (i1, i2, i3)]
    pairs = duplicate_pairs(make_frames([i1, i2, i3, A, B], links + LINKS, TARGETS), kinds=["initiative"])
    assert set(zip(pairs["element_a"], pairs["element_b"], strict=True)) == {
        (i1["element"], i2["element"]),
        (i1["element"], i3["element"]),
    }
    assert set(pairs["kind"]) == {"initiative"}
