"""Checking a proposal against the bundled portfolio: what the sample's texts say, the tool must find."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analysis.frames import Frames, load_frames
from graph.analysis.proposals import CHECK_COLUMNS, ProposalCheck, check_items, check_table
from graph.documents.contribution import Item, read_contribution, split_items
from graph.stores import OxigraphStore

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "contributions" / "two-items.md"


@pytest.fixture(scope="module")
def frames(bundled_store: OxigraphStore) -> Frames:
    return load_frames(bundled_store)


@pytest.fixture(scope="module")
def checks(frames: Frames) -> list[ProposalCheck]:
    return check_items(frames, split_items(read_contribution(SAMPLE)))


def test_broadband_question_supports_universal_internet_access(checks: list[ProposalCheck]) -> None:
    # the item asks for "affordable access to the Internet" by broadband: target 9.c's own words
    broadband = checks[0]
    assert "9.c" in set(broadband.targets["code"])
    passage = broadband.targets.set_index("code").loc["9.c", "passage"]
    assert "Internet" in passage and passage in broadband.item.text


def test_broadband_question_meets_the_rural_question_once(checks: list[ProposalCheck], frames: Frames) -> None:
    # Q5/1 "Telecommunications/ICTs for rural and remote areas" runs in both study periods with one text:
    # it is named once, with both periods
    rural = frames.elements[frames.elements["label_en"].fillna("").str.contains("rural and remote")]
    periods = sorted(rural["period"].dropna().unique())
    named = [c for c in checks[0].nearest["code"] if c.startswith(rural["notation"].iloc[0])]
    assert named == [f"{rural['notation'].iloc[0]} ({', '.join(periods)})"]


def test_cybersecurity_resolution_supports_c5_and_meets_its_namesakes(checks: list[ProposalCheck]) -> None:
    cyber = checks[1]
    # "build confidence and security in the use of ICTs" is C5's title, word for word
    assert "C5" in set(cyber.lines["code"])
    assert "confidence and security" in cyber.lines.set_index("code").loc["C5", "passage"]
    assert any(code.startswith("WTDC Res. 45") for code in cyber.nearest["code"])
    # child online protection is PP Resolution 179's subject
    assert "PP Res. 179" in set(cyber.pp_resolutions["code"])


def test_table_has_a_row_per_finding_of_each_item(checks: list[ProposalCheck]) -> None:
    table = check_table(checks)
    assert list(table.columns) == CHECK_COLUMNS
    for n, check in enumerate(checks, start=1):
        rows = table[table["item"] == n]
        expected = (
            len(check.targets)
            + len(check.lines)
            + len(check.nearest)
            + len(check.pp_resolutions)
            + len(check.gaps_closed)
            + len(check.checks)
        )
        assert len(rows) == expected
        assert set(rows["title"]) == {check.item.title}


def test_the_portfolios_own_rules_judge_the_item(frames: Frames, checks: list[ProposalCheck]) -> None:
    # a Question titled on broadband (C2's topic) whose text supports no action line: M9, as for any element
    bare = check_items(frames, [Item("Draft new Question X/3: Broadband for small islands", "question", "Spectrum.")])[
        0
    ]
    assert "C2" not in set(bare.lines["code"])
    m9 = bare.checks[bare.checks["check"] == "M9"]
    assert len(m9) == 1 and "C2" in m9["message"].iloc[0] and m9["message_fr"].iloc[0]
    # the sample's broadband Question supports C2 by its text: the same rule stays quiet
    assert "C2" in set(checks[0].lines["code"])
    assert "M9" not in set(checks[0].checks["check"])
