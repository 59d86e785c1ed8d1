"""Resolutions streamlining: declared cross-references and text similarity, ranked with evidence."""

from __future__ import annotations

import pytest

from graph.analysis.frames import load_frames
from graph.analysis.streamline import streamline
from graph.namespaces import mint
from tests.graph.text.factory import element, link, make_frames, target

W45 = element(
    "resolution",
    "WTDC-45",
    "WTDC Res. 45",
    "Mechanisms for enhancing cooperation on cybersecurity, including countering and combating spam",
    family="WTDC",
)
W67 = element(
    "resolution",
    "WTDC-67",
    "WTDC Res. 67",
    "The role of the ITU Telecommunication Development Sector in child online protection",
    family="WTDC",
)
P130 = element(
    "resolution",
    "PP-130",
    "PP Res. 130",
    "Strengthening the role of ITU in building confidence "
    "and security in the use of information and communication technologies",
    family="PP",
)
P179 = element("resolution", "PP-179", "PP Res. 179", "ITU's role in child online protection", family="PP")
DECLARED = link(
    W45,
    "refersTo",
    P130["element"],
    "resolution",
    status="verified",
    confidence=0.9,
    comment="PP recalls WTDC; cybersecurity",
    source="source A",
    mapping_set="resolution-pairs",
)
TARGETS = [
    target("16.2", "End abuse, exploitation, trafficking and all forms of violence against and torture of children")
]


def frames():  # type: ignore[no-untyped-def]
    return make_frames([W45, W67, P130, P179], [DECLARED], TARGETS)


def test_declared_cross_reference_is_listed_with_its_evidence() -> None:
    found = streamline(frames())
    row = found[(found["wtdc"] == W45["element"]) & (found["other"] == P130["element"])].iloc[0]
    assert row["pair"] == "WTDC-PP" and row["declared"]
    assert row["declared_status"] == "verified" and row["declared_confidence"] == 0.9
    assert "PP recalls WTDC; cybersecurity" in row["evidence"] and "source A" in row["evidence"]
    assert row["rank"] == 1
    # "cyber security" and "security" are the only shared words: a low text score, an overlap
    assert 0 < row["text_score"] < 0.6 and row["relation"] == "overlaps"
    assert row["score"] == pytest.approx(
        1 - (1 - 0.9) * (1 - row["text_score"]) * (1 - row["topic_score"] / 2), abs=1e-4
    )


def test_undeclared_near_identical_titles_repeat_and_unrelated_pairs_are_absent() -> None:
    found = streamline(frames())
    pairs = set(zip(found["wtdc"], found["other"], strict=True))
    row = found[(found["wtdc"] == W67["element"]) & (found["other"] == P179["element"])].iloc[0]
    assert not row["declared"] and row["evidence"] == ""
    assert row["relation"] == "repeats" and row["text_score"] >= 0.6
    # cybersecurity vs child online protection: no shared word, no declared link
    assert (W45["element"], P179["element"]) not in pairs
    assert (W45["element"], W67["element"]) not in pairs
    assert pairs == {(W45["element"], P130["element"]), (W67["element"], P179["element"])}


def test_wtdc_resolutions_that_overlap_each_other_are_listed_once() -> None:
    twin = element("resolution", "WTDC-99", "WTDC Res. 99", "Child online protection", family="WTDC")
    found = streamline(make_frames([W45, W67, P130, P179, twin], [DECLARED], TARGETS))
    wtdc = found[found["pair"] == "WTDC-WTDC"]
    assert len(wtdc) == 1
    assert {wtdc.iloc[0]["wtdc"], wtdc.iloc[0]["other"]} == {W67["element"], twin["element"]}
    assert (
        streamline(make_frames([W45, W67, P130, P179, twin], [DECLARED], TARGETS), include_wtdc_pairs=False)["pair"]
        .eq("WTDC-PP")
        .all()
    )


def test_bundled_wtdc_45_repeats_pp_130_by_the_declared_cross_reference(bundled_store) -> None:  # type: ignore[no-untyped-def]
    # data/mappings/resolution-pairs.sssom.tsv: WTDC-45 refersTo PP-130 (verified, 0.90, "PP recalls
    # WTDC (proposal text); co-listed as ITU-D mandate; cybersecurity") and PP-174 (verified, 0.90,
    # co-listing); PP-130's title shares "security" with WTDC-45's "cybersecurity", PP-174's none
    found = streamline(load_frames(bundled_store))
    mine = found[(found["pair"] == "WTDC-PP") & (found["wtdc"] == str(mint("resolution", "WTDC-45")))]
    top = mine.sort_values("rank").iloc[0]
    assert top["other"] == str(mint("resolution", "PP-130"))
    assert top["declared"] and top["declared_status"] == "verified"
    assert "PP recalls WTDC (proposal text)" in top["evidence"]
    assert str(mint("resolution", "PP-174")) in set(mine["other"])


def test_a_bare_citation_refers_and_a_cross_reference_on_the_same_subject_repeats() -> None:
    w30 = element(
        "resolution",
        "WTDC-30",
        "WTDC Res. 30",
        "Role of the ITU Telecommunication Development Sector in implementing the outcomes of the World Summit",
        family="WTDC",
    )
    cites = link(w30, "refersTo", P130["element"], "resolution", confidence=0.9, mapping_set="resolution-pairs")
    same = link(W67, "refersTo", P179["element"], "resolution", confidence=0.9, mapping_set="resolution-pairs")
    found = streamline(make_frames([w30, W67, P130, P179], [cites, same], TARGETS), include_wtdc_pairs=False)
    relation = {(r.wtdc, r.other): r.relation for r in found.itertuples()}
    assert relation[(w30["element"], P130["element"])] == "refers"
    assert relation[(W67["element"], P179["element"])] == "repeats"
    # a citation lends no confidence to the score
    cited = found[found["wtdc"] == w30["element"]].iloc[0]
    assert cited["score"] < 0.5
