"""The misalignment rules' book: each rule's id, severity, what it looks for and the data it
relies on, and the one way a finding row is made (sentences in English and French, evidence)."""

from __future__ import annotations

from dataclasses import dataclass

from graph.analysis.evidence import Context
from graph.analysis.frames import short_id
from graph.analysis.sentences import KIND_NAMES, say

__all__ = ["COLUMNS", "COUNTED", "RULES", "Rule", "finding", "names"]

COLUMNS = ["rule", "severity", "element", "element_label", "object", "message", "message_fr", "relies_on", "evidence"]
COUNTED = ("high", "medium", "low")  # a "note" is shown apart and never counted as a misalignment


@dataclass(frozen=True)
class Rule:
    """A misalignment rule: its id, how serious a finding is, what it looks for, what data it needs."""

    id: str
    severity: str
    title: str
    relies_on: str


RULES: tuple[Rule, ...] = (
    Rule(
        "M1",
        "note",
        "element linked to an action line and to a target that the WSIS-SDG Matrix does "
        "not pair (the Matrix's silence: a note, outside the misalignment count)",
        "the element's declared links; the 2015 WSIS-SDG Matrix",
    ),
    Rule(
        "M2",
        "medium",
        "element whose text is far from its priority and the elements filed under it, "
        "and close to another priority of the same plan",
        "titles of the element, of the priorities of its plan and of the elements filed under them",
    ),
    Rule(
        "M3",
        "high",
        "curated element with SDG links and no WSIS link, or the reverse, and no written reason",
        "the element's title, its declared links, the curators' reasons for unlinked elements",
    ),
    Rule(
        "M4",
        "medium",
        "priority with no Question, or no regional initiative in some region, of its "
        "own cycle, where that list is known",
        "the priority's cycle; titles and filings of that cycle's Questions and initiatives",
    ),
    Rule(
        "M5",
        "low",
        "declared SDG link whose texts share almost nothing, to a goal none of the "
        "element's other links reaches and the Matrix does not pair with its action lines",
        "titles and objectives of the element; the UN texts of the target and its goal; the element's "
        "other links; the Matrix",
    ),
    Rule(
        "M6",
        "low",
        "target covered in one cycle that the next cycle dropped, both lists being known",
        "titles and declared SDG links of both cycles' Questions or initiatives of a region",
    ),
    Rule(
        "M7",
        "high",
        "element filed under a priority of another cycle",
        "the cycles of the element and of the priority; the filing link",
    ),
    Rule(
        "M8",
        "medium",
        "one link declared by several sources with conflicting status",
        "the link's status in each named graph",
    ),
    Rule(
        "M9",
        "medium",
        "element whose title is on the topic of an ITU-led WSIS action line (C2 "
        "infrastructure, C5 confidence and security, C6 enabling environment) with no link to that line",
        "the element's title; its declared WSIS links",
    ),
)
_SEVERITY = {r.id: r.severity for r in RULES}
_RELIES = {r.id: r.relies_on for r in RULES}


def names(ctx: Context, element: str) -> dict[str, str]:
    """``name`` and ``name_fr`` of an element for a sentence ("Question 2022-2025/Q1-1")."""
    en, fr = KIND_NAMES.get(ctx.kind.get(element, "element"), KIND_NAMES["element"])
    return {"name": f"{en} {short_id(element)}", "name_fr": f"{fr} {short_id(element)}"}


def finding(
    ctx: Context, rule: str, element: str, evidence: list[dict], obj: str | None = None, **values: object
) -> dict:
    """One finding row of ``rule`` on ``element`` (about ``obj``, a target, line or priority)."""
    en, fr = say(rule, **names(ctx, element), **values)
    return {
        "rule": rule,
        "severity": _SEVERITY[rule],
        "element": element,
        "element_label": ctx.label.get(element, short_id(element)),
        "object": obj,
        "message": en,
        "message_fr": fr,
        "relies_on": _RELIES[rule],
        "evidence": evidence,
    }
