"""The harness's join: which label makes a finding real, and what counts as not labelled."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from graph.namespaces import SDG, mint
from tests.graph.text.factory import make_frames, question, target
from tests.quality.evaluate import Labels, Score, verdict

Q = question("2022-2025/Q7-2", "Human exposure to electromagnetic fields", "SG2")


def _labels(folder: Path) -> Labels:
    (folder / "links.csv").write_text(
        "subject,object,label,declared,must_find,reason\n"
        "question:2022-2025/Q7-2,sdg:3.9,no,yes,yes,EMF is not pollution\n"
        "question:2022-2025/Q7-2,sdg:3.d,unsure,yes,no,not said\n"
        "question:2022-2025/Q7-2,wsis:C5,no,no,no,health is not security\n",
        encoding="utf-8",
    )
    (folder / "findings.csv").write_text(
        "rule,subject,object,label,reason\nM4,priority:KAP-P4,questions,real,none\n", encoding="utf-8"
    )
    (folder / "resolution_pairs.csv").write_text("left,right,label,reason\n", encoding="utf-8")
    return Labels(folder)


def _finding(rule: str, element: str, obj: str | None) -> pd.Series:
    return pd.Series({"rule": rule, "element": element, "object": obj, "message": "", "severity": "low"})


def test_a_wrong_link_rule_is_real_on_no_and_unlabelled_on_unsure(tmp_path: Path) -> None:
    labels = _labels(tmp_path)
    frames = make_frames([Q], targets=[target("3.9", "pollution"), target("3.d", "health risks")])
    assert verdict(frames, labels, _finding("M5", Q["element"], str(SDG["3.9"]))) is True
    assert verdict(frames, labels, _finding("M5", Q["element"], str(SDG["3.d"]))) is None
    # a missing-link rule is real on "yes" only: the reader said C5 is not the Question's line
    assert verdict(frames, labels, _finding("M9", Q["element"], str(mint("wsis", "C5")))) is False
    # a finding not about one link joins findings.csv; an M4 row with no object is about Questions
    assert verdict(frames, labels, _finding("M4", str(mint("priority", "KAP-P4")), None)) is True


def test_precision_is_real_over_labelled() -> None:
    score = Score("x")
    for v in (True, True, False, None):
        score.add(v)
    assert (score.found, score.labelled, score.real, score.precision) == (4, 3, 2, 2 / 3)
