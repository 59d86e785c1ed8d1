"""The frames layer: what load_frames reads from the fixture graph, on both stores."""

from __future__ import annotations

import pytest

from graph.analysis.frames import Frames, resolve_element, resolve_target, short_id
from graph.errors import ItudAlignError
from graph.namespaces import SDG, mint


def test_elements_one_row_each_with_kind_and_attributes(frames: Frames) -> None:
    el = frames.elements.set_index("element")
    # 4 Questions, 4 initiatives, 5 priorities, 3 WTDC + 1 PP Resolutions
    assert el["kind"].value_counts().to_dict() == {"priority": 5, "question": 4, "initiative": 4, "resolution": 4}
    q = el.loc[str(mint("question", "2022-2025/Q3-2"))]
    assert (q["notation"], q["period"], q["cycle"], q["study_group"], q["region"]) == (
        "Q3/2",
        "2022-2025",
        "WTDC-22",
        "SG2",
        None,
    )
    afr = el.loc[str(mint("initiative", "2023-2025/AFR1"))]
    # an initiative's period is the action plan's (2023-2025) but its cycle is WTDC-22
    assert (afr["period"], afr["cycle"], afr["region"]) == ("2023-2025", "WTDC-22", "AFR")
    # title and objective both feed the text used for similarity
    assert afr["text"] == (
        "Digital transformation and affordable connectivity in Africa "
        "Expand affordable broadband connectivity and access to the Internet"
    )
    # untitled: no English label, empty text
    ams2 = el.loc[str(mint("initiative", "2023-2025/AMS2"))]
    assert ams2["label_en"] is None and ams2["text"] == ""
    assert el.loc[str(mint("priority", "BDT-TP04")), "cycle"] is None
    assert el.loc[str(mint("resolution", "WTDC-37")), "family"] == "WTDC"
    assert el.loc[str(mint("resolution", "PP-139")), "family"] == "PP"


def test_links_carry_short_names_and_evidence(frames: Frames) -> None:
    links = frames.links
    # 12 + 11 + 6 + 2 + 2 + 1 + 1 rows in the element mapping sets; the 7 Matrix rows are not links
    assert len(links) == 35
    assert set(links["predicate"]) == {"contributesTo", "supportsActionLine", "implementsPriority", "refersTo"}
    declared = links[
        (links["element"] == str(mint("resolution", "WTDC-37"))) & (links["object"] == str(SDG["9.c"]))
    ].iloc[0]
    assert declared["justification"] == "official document"
    assert declared["status"] == "verified"
    assert declared["confidence"] == pytest.approx(0.9)
    assert declared["graph"].endswith("/graph/mappings/declared-links")
    assert declared["object_kind"] == "target"
    assert declared["comment"] == "the Resolution text names target 9.c"
    suggested = links[links["status"] == "suggested"]
    assert list(suggested["justification"]) == ["lexical similarity"]


def test_reference_frames(frames: Frames) -> None:
    assert len(frames.targets) == 169 and len(frames.goals) == 17
    t = frames.targets.set_index("notation").loc["9.c"]
    assert (t["target"], t["goal_notation"]) == (str(SDG["9.c"]), "9")
    assert t["label_fr"].startswith("Accroître nettement")
    assert frames.goals.set_index("notation").loc["9", "short_en"] == "Industry, innovation and infrastructure"
    lines = frames.action_lines.set_index("notation")
    assert sorted(lines.index[lines["is_itu_lead"]]) == ["C2", "C5", "C6"]
    assert lines.loc["C7.4", "parent"] == "C7"
    m = frames.matrix
    assert len(m) == 7
    assert m["level"].value_counts().to_dict() == {"target": 6, "goal": 1}
    assert set(m.loc[m["line_notation"] == "C2", "object"]) == {str(SDG["9.c"]), str(SDG["9.1"])}
    assert list(frames.regions["notation"]) == ["AFR", "AMS"]
    assert list(frames.cycles["period"]) == ["2018-2021", "2022-2025"]


def test_element_and_target_references(frames: Frames) -> None:
    q = str(mint("question", "2022-2025/Q3-2"))
    assert short_id(q) == "2022-2025/Q3-2"
    assert resolve_element(frames, "2022-2025/Q3-2") == q
    assert resolve_element(frames, "2022-2025/Q3/2") == q
    assert resolve_element(frames, q) == q
    assert resolve_element(frames, "Q3/2") == q  # the only Q3/2 of the fixture
    with pytest.raises(ItudAlignError, match="names 2 elements"):
        resolve_element(frames, "Q1/1")  # one in each study period
    with pytest.raises(ItudAlignError, match="no element"):
        resolve_element(frames, "Q9/9")
    assert resolve_target(frames, "9.c") == str(SDG["9.c"])
    with pytest.raises(ItudAlignError, match="no SDG target"):
        resolve_target(frames, "9.z")
