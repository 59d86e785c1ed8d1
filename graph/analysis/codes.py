"""SDG codes: the one sort key for target, goal (and action-line) codes, and the one mapping
from a target's code to its goal's, so that no view rebuilds either from the text of a code."""

from __future__ import annotations

from graph.analysis.frames import Frames

__all__ = ["code_key", "goal_of_target"]


def code_key(code: str) -> tuple:
    """Sort key that puts SDG codes in the UN's order (9.1 < 9.5 < 9.a < 10.1, 16.10 < 16.a),
    and WSIS action-line codes in theirs (C2 < C7.1 < C10).

    >>> sorted(["16.a", "9.c", "16.10", "9.1", "17.6"], key=code_key)
    ['9.1', '9.c', '16.10', '16.a', '17.6']
    >>> sorted(["C10", "C2", "C7.1"], key=code_key)
    ['C2', 'C7.1', 'C10']
    """
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in str(code).lstrip("C").split("."))


def goal_of_target(frames: Frames) -> dict[str, str]:
    """SDG target or goal, by IRI or by code ("9.c"), -> its goal's code ("9"), read from the SDG
    data rather than from the text of a code; a goal maps to itself."""
    targets, goals = frames.targets, frames.goals
    mapping = {str(g): str(n) for g, n in zip(goals["goal"], goals["notation"], strict=True)}
    mapping.update({str(n): str(n) for n in goals["notation"]})
    for target, code, goal in zip(targets["target"], targets["notation"], targets["goal_notation"], strict=True):
        mapping[str(target)] = mapping[str(code)] = str(goal)
    return mapping
