"""Misalignments: declared links that contradict each other, the WSIS-SDG Matrix or the
priorities, each found by a rule with an id, a severity, a plain sentence and the triples
that prove it.

Evidence rows name the link triple (``subject``, ``predicate`` as a CURIE such as
``itud:contributesTo``, ``object``) and where it comes from (``status``, ``source``, the
named ``graph`` and the ``alignment`` node); a SPARQL ``ASK { GRAPH <graph> { <subject>
predicate <object> } }`` confirms each one. Suggested links never count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from graph.analysis.codes import code_key
from graph.analysis.coverage import scope_targets
from graph.analysis.evidence import Context, Link, class_of, fact, graph_name
from graph.analysis.frames import Frames, short_id
from graph.analysis.holes import coverage_transitions, priority_holes, unlinked_note
from graph.analysis.text import text_similarity, tokens
from graph.namespaces import mint

__all__ = [
    "COLUMNS",
    "LOW_TEXT_SIMILARITY",
    "MIN_WORDS",
    "RULES",
    "Rule",
    "find_misalignments",
]

COLUMNS = ["rule", "severity", "element", "element_label", "message", "evidence"]
LOW_TEXT_SIMILARITY = 0.02  # M5: a declared link whose texts score under this shares almost nothing
MIN_WORDS = 6  # M5 judges only element texts with at least this many distinct content words


@dataclass(frozen=True)
class Rule:
    """A misalignment rule: its id, how serious a finding is, and what it looks for."""

    id: str
    severity: str
    title: str


RULES: tuple[Rule, ...] = (
    Rule("M1", "medium", "element linked to an action line and to a target that the WSIS-SDG "
         "Matrix never links to that line"),
    Rule("M2", "medium", "element whose targets lie outside those of the priority it is filed under"),
    Rule("M3", "high", "element with no SDG link or no WSIS link"),
    Rule("M4", "medium", "priority with no Question, or no regional initiative in some region"),
    Rule("M5", "low", "declared SDG link whose texts share almost nothing (element text of at "
         "least six content words)"),
    Rule("M6", "low", "target covered in one cycle that the next cycle dropped"),
    Rule("M7", "high", "element filed under a priority of another cycle"),
    Rule("M8", "medium", "one link declared by several sources with conflicting status"),
)
_SEVERITY = {r.id: r.severity for r in RULES}


# ---------------------------------------------------------------- helpers


def _finding(ctx: Context, rule: str, element: str, message: str, evidence: list[dict]) -> dict:
    return {"rule": rule, "severity": _SEVERITY[rule], "element": element,
            "element_label": ctx.label.get(element, short_id(element)), "message": message,
            "evidence": evidence}


def _name(ctx: Context, element: str) -> str:
    kind = ctx.kind.get(element, "element")
    return f"{kind.capitalize()} {short_id(element)}"


# ---------------------------------------------------------------- rules


def _m1(ctx: Context) -> list[dict]:
    matrix = ctx.frames.matrix
    pairs = set(zip(matrix["line"], matrix["object"], strict=True))
    lines = ctx.frames.action_lines
    parent = {r.line: r.parent for r in lines.itertuples(index=False)}
    by_code = dict(zip(lines["notation"], lines["line"], strict=True))
    family: dict[str, set[str]] = {ln: {ln} for ln in lines["line"]}
    for line, code in parent.items():
        if isinstance(code, str) and code in by_code:
            family[line].add(by_code[code])
            family[by_code[code]].add(line)
    findings = []
    supporters = set(ctx.links.loc[ctx.links["predicate"] == "supportsActionLine", "element"])
    for element in sorted(supporters):
        line_links = ctx.of(element, "supportsActionLine")
        own = {link.object for link in line_links}
        related = set().union(*(family.get(ln, {ln}) for ln in own))
        by_target: dict[str, list[Link]] = defaultdict(list)
        for link in ctx.direct_of(element):
            by_target[link.object].append(link)
        for target in sorted(by_target):
            t_links = by_target[target]
            if not ctx.in_scope(target):
                continue
            goal = ctx.goal_of.get(target)
            if any((ln, target) in pairs or (ln, goal) in pairs for ln in related):
                continue
            codes = ", ".join(sorted(ctx.line_code.get(ln, ln) for ln in own))
            t_code = ctx.target_code[target]
            message = (f"{_name(ctx, element)} links to SDG target {t_code} and to WSIS action "
                       f"line(s) {codes}, but the WSIS-SDG Matrix links none of these lines to "
                       f"{t_code} or to goal {ctx.goal_code.get(goal, '?')}.")
            findings.append(_finding(ctx, "M1", element, message,
                                     ctx.evidence(t_links) + ctx.evidence(line_links)))
    return findings


def _targets_and_goals(ctx: Context, element: str) -> tuple[set[str], set[str]]:
    targets = {link.object for link in ctx.direct_of(element)}
    goals = {ctx.goal_of[t] for t in targets if t in ctx.goal_of}
    goals |= {link.object for link in ctx.of(element, "contributesTo", "goal")}
    return targets, goals


def _m2(ctx: Context) -> list[dict]:
    findings = []
    filed = ctx.links[(ctx.links["predicate"] == "implementsPriority")]
    of_priority = {p: _targets_and_goals(ctx, p) for p in set(filed["object"])}
    for row in filed[["element", "object"]].drop_duplicates().itertuples(index=False):
        e_targets, e_goals = _targets_and_goals(ctx, row.element)
        p_targets, p_goals = of_priority[row.object]
        if not e_targets or not p_targets or e_targets & p_targets:
            continue
        if ctx.scope is not None and not (e_targets & ctx.scope):
            continue
        codes = ", ".join(sorted((ctx.target_code[t] for t in e_targets), key=code_key))
        p_codes = ", ".join(sorted((ctx.target_code[t] for t in p_targets), key=code_key))
        shared = sorted((ctx.goal_code.get(g, g) for g in e_goals & p_goals), key=code_key)
        goal_note = (f"; they share only goal(s) {', '.join(shared)}" if shared
                     else "; they share no goal either")
        message = (f"{_name(ctx, row.element)} is filed under priority {short_id(row.object)}, but "
                   f"none of its targets ({codes}) is among the priority's ({p_codes}){goal_note}.")
        filing = ctx.of(row.element, "implementsPriority")
        evidence = ctx.evidence(link for link in filing if link.object == row.object)
        evidence += ctx.evidence(ctx.direct_of(row.element))
        evidence += ctx.evidence(ctx.direct_of(row.object))
        findings.append(_finding(ctx, "M2", row.element, message, evidence))
    return findings


def _m3(ctx: Context) -> list[dict]:
    el = ctx.frames.elements
    candidates = el[el["kind"].isin(["question", "initiative"])
                    | ((el["kind"] == "resolution") & (el["family"] == "WTDC"))]
    findings = []
    for row in candidates.itertuples(index=False):
        if not row.label_en:  # no title: nothing to align yet (see the unlinked-element gap)
            continue
        if row.unlinked_reason:  # the curators wrote why it has no link: not a contradiction
            continue
        sdg = ctx.of(row.element, "contributesTo")
        wsis = ctx.of(row.element, "supportsActionLine")
        missing = [w for w, links in (("SDG", sdg), ("WSIS", wsis)) if not links]
        if not missing:
            continue
        message = (f"{_name(ctx, row.element)} has no {' and no '.join(missing)} link, so it counts "
                   f"towards no {'SDG target' if 'SDG' in missing else 'WSIS action line'}.")
        findings.append(_finding(ctx, "M3", row.element, message,
                                 [fact(row.element, "rdf:type", class_of(row.kind)),
                                  *ctx.evidence([*sdg, *wsis])]))
    return findings


def _m4(ctx: Context) -> list[dict]:
    findings = []
    for row in priority_holes(ctx.frames).itertuples(index=False):
        cycle = row.cycle if isinstance(row.cycle, str) else None
        parts = []
        if row.missing_question:
            parts.append("no Question" + (f" of {cycle}" if cycle else ""))
        if row.regions_missing:
            parts.append(f"no regional initiative in {', '.join(row.regions_missing)}")
        if not parts:
            continue
        message = (f"Priority {short_id(row.priority)} has {' and '.join(parts)} filed under it.")
        evidence = [fact(row.priority, "rdf:type", class_of("priority"))]
        if cycle:
            evidence.append(fact(row.priority, "itud:cycle", str(mint("cycle", cycle))))
        findings.append(_finding(ctx, "M4", row.priority, message, evidence))
    return findings


def _m5(ctx: Context) -> list[dict]:
    direct = ctx.direct[ctx.direct["element"].isin(ctx.label)]
    if direct.empty:
        return []
    text = dict(zip(ctx.frames.elements["element"], ctx.frames.elements["text"], strict=True))
    t_text = dict(zip(ctx.frames.targets["target"], ctx.frames.targets["label_en"], strict=True))
    wordy = {e: len(set(tokens(text.get(e) or ""))) >= MIN_WORDS for e in set(direct["element"])}
    pairs = direct[direct["element"].map(wordy)]
    if pairs.empty:
        return []
    elements = sorted(set(pairs["element"]))
    targets = sorted(set(pairs["target"]))
    scores = text_similarity([text[e] for e in elements], [t_text.get(t) or "" for t in targets])
    e_pos = {e: i for i, e in enumerate(elements)}
    t_pos = {t: i for i, t in enumerate(targets)}
    findings = []
    for row in pairs.itertuples(index=False):
        if not ctx.in_scope(row.target):
            continue
        score = float(scores[e_pos[row.element], t_pos[row.target]])
        if score >= LOW_TEXT_SIMILARITY:
            continue
        t_code = ctx.target_code[row.target]
        message = (f"{_name(ctx, row.element)} declares a link to SDG target {t_code}, but their "
                   f"texts share almost no words (TF-IDF cosine {score:.2f}, under "
                   f"{LOW_TEXT_SIMILARITY}); check the link's justification.")
        link = [link for link in ctx.direct_of(row.element) if link.object == row.target]
        findings.append(_finding(ctx, "M5", row.element, message, ctx.evidence(link)))
    return findings


def _m6(ctx: Context) -> list[dict]:
    findings = []
    direct = ctx.direct
    position = dict(zip(direct["alignment"], range(len(direct)), strict=True))
    for row in coverage_transitions(ctx.frames, ctx.scope).itertuples(index=False):
        rows = sorted(position[a] for a in set(row.alignments))
        t_code = ctx.target_code[row.target]
        what = "Questions" if row.group == "question" else f"regional initiatives of {row.group.split()[1]}"
        message = (f"SDG target {t_code} was covered by {what} of {row.from_cycle} "
                   f"({', '.join(row.earlier_elements)}) but by none of the {row.to_cycle_elements} "
                   f"{what} of {row.to_cycle}{unlinked_note(row.to_cycle_unlinked)}.")
        findings.append(_finding(ctx, "M6", str(direct["element"].iloc[rows[0]]), message,
                                 ctx.evidence_for(direct["alignment"].iloc[rows])))
    return findings


def _m7(ctx: Context) -> list[dict]:
    filed = ctx.links[ctx.links["predicate"] == "implementsPriority"]
    findings = []
    for row in filed.itertuples(index=False):
        mine, theirs = ctx.cycle.get(row.element), ctx.cycle.get(row.object)
        if not mine or not theirs or mine == theirs:
            continue
        message = (f"{_name(ctx, row.element)} belongs to {mine} but is filed under priority "
                   f"{short_id(row.object)} of {theirs}.")
        link = [link for link in ctx.of(row.element, "implementsPriority") if link.object == row.object]
        evidence = [*ctx.evidence(link),
                    fact(row.element, "itud:cycle", str(mint("cycle", mine))),
                    fact(row.object, "itud:cycle", str(mint("cycle", theirs)))]
        findings.append(_finding(ctx, "M7", row.element, message, evidence))
    return findings


def _m8(ctx: Context) -> list[dict]:
    findings = []
    key = ["element", "predicate", "object"]
    repeated = ctx.links[ctx.links.duplicated(key, keep=False)]
    for (element, predicate, obj), links in repeated.groupby(key, sort=True):
        statuses = set(links["status"].dropna())
        if links["graph"].nunique() < 2 or len(statuses) < 2:
            continue
        what = ctx.target_code.get(obj) or ctx.line_code.get(obj) or short_id(obj)
        said = "; ".join(f"{graph_name(g)} says {s}" for g, s in
                         sorted(set(zip(links["graph"], links["status"], strict=True))))
        message = (f"{_name(ctx, element)} -> {predicate} {what} is declared by "
                   f"{links['graph'].nunique()} sources that disagree on its status ({said}).")
        findings.append(_finding(ctx, "M8", element, message, ctx.evidence_for(links["alignment"])))
    return findings


_CHECKS = {"M1": _m1, "M2": _m2, "M3": _m3, "M4": _m4, "M5": _m5, "M6": _m6, "M7": _m7, "M8": _m8}


def find_misalignments(frames: Frames, scope: str | Iterable[str] | None = None,
                       rules: Iterable[str] | None = None) -> pd.DataFrame:
    """Run the rules (all, or those named in ``rules``) and return one row per finding.

    ``scope`` (a scope spec or target IRIs) keeps target-bound findings (M1, M2, M5, M6) to
    those targets; ``None`` looks at every target.

    Examples
    --------
    >>> [r.id for r in RULES][:3]
    ['M1', 'M2', 'M3']
    """
    targets = None if scope is None else scope_targets(frames, scope)
    ctx = Context(frames, targets)
    wanted = list(rules) if rules is not None else list(_CHECKS)
    findings: list[dict] = []
    for rule in wanted:
        findings.extend(_CHECKS[rule](ctx))
    order = {"high": 0, "medium": 1, "low": 2}
    frame = pd.DataFrame(findings, columns=COLUMNS)
    if frame.empty:
        return frame
    frame["_s"] = frame["severity"].map(order)
    frame = frame.sort_values(["_s", "rule", "element"], kind="stable").drop(columns="_s")
    return frame.reset_index(drop=True)
