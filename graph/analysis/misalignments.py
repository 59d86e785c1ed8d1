"""Misalignments: declared links that contradict each other, the WSIS-SDG Matrix or the
priorities, each found by a rule with an id, a severity, a plain sentence and the triples
that prove it.

Evidence rows name the link triple (``subject``, ``predicate`` as a CURIE such as
``itud:contributesTo``, ``object``) and where it comes from (``status``, ``source``, the
named ``graph`` and the ``alignment`` node); a SPARQL ``ASK { GRAPH <graph> { <subject>
predicate <object> } }`` confirms each one. Suggested links never count.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from graph.analysis.coverage import direct_target_links, scope_targets
from graph.analysis.frames import Frames, declared_links, short_id
from graph.namespaces import ITUD, mint

__all__ = [
    "COLUMNS",
    "LOW_TEXT_SIMILARITY",
    "MIN_WORDS",
    "RULES",
    "Rule",
    "code_key",
    "coverage_transitions",
    "find_misalignments",
    "priority_holes",
    "text_similarity",
    "unlinked_note",
]

COLUMNS = ["rule", "severity", "element", "element_label", "message", "evidence"]
LOW_TEXT_SIMILARITY = 0.02  # M5: a declared link whose texts score under this shares almost nothing
MIN_WORDS = 6  # M5 judges only element texts with at least this many distinct content words
_PREDICATE_CURIE = {
    "contributesTo": "itud:contributesTo",
    "supportsActionLine": "itud:supportsActionLine",
    "implementsPriority": "itud:implementsPriority",
    "refersTo": "itud:refersTo",
}
_TOKEN = re.compile(r"[a-z][a-z0-9]+")
_STOP_WORDS = """
a about above across after all almost also am among an and any are as at be been being between both
but by can could do does each either for from further had has have having he her here hers him his how
however i if in including into is it its itself least less made make many may more most much must my
no nor not of off on once only or other our out over own per same shall she should so some such than
that the their them then there these they this those through thus to too under until up upon us very
via was we were what when where whether which while who whom whose why will with within without would
yet you your ict icts telecommunication telecommunications information communication
communications technology technologies
"""
_STOP = frozenset(_STOP_WORDS.split())


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


class _EvidenceRows:
    """Alignment IRI -> evidence dict of a link of ``frames.links``, built when asked for (a few
    thousand of 60,000 links at 1M triples end up in findings)."""

    def __init__(self, links: pd.DataFrame) -> None:
        self._columns = [links[c].tolist() for c in ("element", "predicate", "object", "status", "source",
                                                      "graph", "alignment")]
        self._row = dict(zip(self._columns[-1], range(len(links)), strict=True))

    def __getitem__(self, alignment: str) -> dict:
        element, predicate, obj, status, source, graph, _ = (c[self._row[alignment]] for c in self._columns)
        return {"subject": element, "predicate": _PREDICATE_CURIE.get(predicate, predicate), "object": obj,
                "status": status, "source": source, "graph": graph, "alignment": alignment}


def _fact(subject: str, predicate: str, obj: str) -> dict:
    """Evidence for a plain fact about an element (its class, its cycle), not a link."""
    return {"subject": subject, "predicate": predicate, "object": obj, "status": None,
            "source": None, "graph": None, "alignment": None}


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A crude English stem, enough to meet "technologies" with "technology"."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ion", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: len(word) - len(suffix)] + keep
    return word


@lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    # cached: the rules and the gaps score the same element and target texts many times over
    return tuple(_stem(t) for t in _TOKEN.findall(text.lower()) if t not in _STOP)


def text_similarity(left: list[str], right: list[str]) -> np.ndarray:
    """TF-IDF cosine between every text of ``left`` and every text of ``right`` (rows x cols).

    Words are lower-cased, crudely stemmed, and English stop words and the field's
    ubiquitous words (ICT, telecommunication, ...) dropped, so a high score needs shared
    subject words. Plain numpy, so that the rules need no machine-learning library.

    >>> text_similarity(["broadband access"], ["access to broadband", "clean water"]).round(2)
    array([[1., 0.]])
    """
    if not left or not right:
        return np.zeros((len(left), len(right)))
    docs = [_tokens(t) for t in [*left, *right]]
    vocabulary = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
    if not vocabulary:
        return np.zeros((len(left), len(right)))
    rows = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
    columns = np.fromiter((vocabulary[w] for d in docs for w in d), dtype=np.intp, count=len(rows))
    cells = np.bincount(rows * len(vocabulary) + columns, minlength=len(docs) * len(vocabulary))
    counts = cells.reshape(len(docs), len(vocabulary)).astype(float)
    df = (counts > 0).sum(axis=0)
    weights = counts * (np.log((1 + len(docs)) / (1 + df)) + 1)  # smoothed idf, as scikit-learn
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    weights = np.divide(weights, norms, out=np.zeros_like(weights), where=norms > 0)
    return weights[: len(left)] @ weights[len(left):].T


class _Link(NamedTuple):
    """One declared link of an element: its object, the object's kind, its alignment node."""

    object: str
    kind: str
    alignment: str


class _Context:
    """Lookups every rule needs, computed once."""

    def __init__(self, frames: Frames, scope: set[str] | None) -> None:
        self.frames = frames
        self.scope = scope
        self.links = declared_links(frames)
        el = frames.elements
        self.kind = dict(zip(el["element"], el["kind"], strict=True))
        self.label = {r.element: _label(r) for r in el.itertuples(index=False)}
        self.cycle = dict(zip(el["element"], el["cycle"], strict=True))
        self.goal_of = dict(zip(frames.targets["target"], frames.targets["goal"], strict=True))
        self.target_code = dict(zip(frames.targets["target"], frames.targets["notation"], strict=True))
        self.goal_code = dict(zip(frames.goals["goal"], frames.goals["notation"], strict=True))
        self.line_code = dict(zip(frames.action_lines["line"], frames.action_lines["notation"],
                                  strict=True))
        self.direct = direct_target_links(frames)
        # plain lists in the links' order: slicing a frame per element cost ~1 ms an element
        self._by: dict[tuple[str, str], list[_Link]] = defaultdict(list)
        columns = [self.links[c] for c in ("element", "predicate", "object", "object_kind", "alignment")]
        for element, predicate, obj, kind, alignment in zip(*columns, strict=True):
            self._by[(element, predicate)].append(_Link(obj, kind, alignment))
        self._direct_by: dict[str, list[_Link]] = defaultdict(list)
        for element, target, alignment in zip(self.direct["element"], self.direct["target"],
                                              self.direct["alignment"], strict=True):
            self._direct_by[element].append(_Link(target, "target", alignment))
        self._evidence = _EvidenceRows(self.links)

    def evidence(self, links: Iterable[_Link]) -> list[dict]:
        """Evidence dicts for some links (of :meth:`of` or :meth:`direct_of`)."""
        return self.evidence_for(link.alignment for link in links)

    def evidence_for(self, alignments: Iterable[str]) -> list[dict]:
        """Evidence dicts for some alignment nodes of the declared links."""
        return [self._evidence[a] for a in alignments]

    def in_scope(self, target: str) -> bool:
        return self.scope is None or target in self.scope

    def of(self, element: str, predicate: str, object_kind: str | None = None) -> list[_Link]:
        """The element's links with ``predicate`` (to objects of ``object_kind``), in link order."""
        links = self._by.get((element, predicate), [])
        return [link for link in links if link.kind == object_kind] if object_kind else links

    def direct_of(self, element: str) -> list[_Link]:
        """The element's declared links to SDG targets (``object`` is the target), in link order."""
        return self._direct_by.get(element, [])


def _label(row: object) -> str:
    notation = getattr(row, "notation", "")
    label = getattr(row, "label_en", None) or getattr(row, "text", None) or ""
    period = getattr(row, "period", None)
    head = f"{notation} ({period})" if period and getattr(row, "kind", "") in (
        "question", "initiative") else str(notation)
    return f"{head}: {label}" if label else head


def _finding(ctx: _Context, rule: str, element: str, message: str, evidence: list[dict]) -> dict:
    return {"rule": rule, "severity": _SEVERITY[rule], "element": element,
            "element_label": ctx.label.get(element, short_id(element)), "message": message,
            "evidence": evidence}


def _name(ctx: _Context, element: str) -> str:
    kind = ctx.kind.get(element, "element")
    return f"{kind.capitalize()} {short_id(element)}"


# ---------------------------------------------------------------- rules


def _m1(ctx: _Context) -> list[dict]:
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
        by_target: dict[str, list[_Link]] = defaultdict(list)
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


def code_key(code: str) -> tuple:
    """Sort key that puts SDG codes in the UN's order: 9.1 < 9.5 < 9.a < 10.1.

    >>> sorted(["16.a", "9.c", "9.1", "17.6"], key=code_key)
    ['9.1', '9.c', '16.a', '17.6']
    """
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in str(code).split("."))


def _targets_and_goals(ctx: _Context, element: str) -> tuple[set[str], set[str]]:
    targets = {link.object for link in ctx.direct_of(element)}
    goals = {ctx.goal_of[t] for t in targets if t in ctx.goal_of}
    goals |= {link.object for link in ctx.of(element, "contributesTo", "goal")}
    return targets, goals


def _m2(ctx: _Context) -> list[dict]:
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


def _m3(ctx: _Context) -> list[dict]:
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
                                 [_fact(row.element, "rdf:type", _class_of(row.kind)),
                                  *ctx.evidence([*sdg, *wsis])]))
    return findings


def _class_of(kind: str) -> str:
    return str({"question": ITUD.StudyQuestion, "initiative": ITUD.RegionalInitiative,
                "priority": ITUD.Priority, "resolution": ITUD.Resolution}[kind])


@dataclass
class _Pool:
    """The Questions, (initiative, region) pairs and regions of one cycle (or all), in element order."""

    questions: list[str] = field(default_factory=list)
    initiatives: list[tuple[str, str | None]] = field(default_factory=list)
    regions: set[str] = field(default_factory=set)

    def add(self, element: str, kind: str, region: str | None) -> None:
        if kind == "question":
            self.questions.append(element)
        elif kind == "initiative":
            self.initiatives.append((element, region))
            if region is not None and pd.notna(region):
                self.regions.add(region)


def priority_holes(frames: Frames) -> pd.DataFrame:
    """Per priority, what implements it and what is missing.

    Columns: priority, cycle, questions (ids), missing_question (bool), regions_missing (region
    codes with no initiative implementing it), initiatives (ids). A priority of a cycle is
    judged against the Questions and initiatives of that cycle; a priority of no cycle (BDT
    thematic priorities) against all of them. A cycle with no Question (or no initiative of a
    region) in the data is not judged for it.
    """
    links = declared_links(frames)
    el = frames.elements
    filed = links[links["predicate"] == "implementsPriority"]
    implementers: dict[str, set[str]] = defaultdict(set)
    for element, priority in zip(filed["element"], filed["object"], strict=True):
        implementers[priority].add(element)
    everyone = _Pool()
    by_cycle: dict[object, _Pool] = defaultdict(_Pool)
    for element, kind, cycle, region in zip(el["element"], el["kind"], el["cycle"], el["region"], strict=True):
        for pool in (everyone, by_cycle[cycle]):
            pool.add(element, kind, region)
    rows = []
    for p in el[el["kind"] == "priority"].itertuples(index=False):
        pool = everyone if p.cycle is None else by_cycle.get(p.cycle, _Pool())
        questions, initiatives = pool.questions, pool.initiatives
        implementing = implementers.get(p.element, set())
        q_ok = [e for e in questions if e in implementing]
        i_ok = [(e, r) for e, r in initiatives if e in implementing]
        regions = sorted(pool.regions - {r for _, r in i_ok if pd.notna(r)})
        rows.append({"priority": p.element, "cycle": p.cycle,
                     "questions": sorted(short_id(e) for e in q_ok),
                     "missing_question": bool(questions) and not q_ok,
                     "initiatives": sorted(short_id(e) for e, _ in i_ok),
                     "regions_missing": regions})
    return pd.DataFrame(rows, columns=["priority", "cycle", "questions", "missing_question",
                                       "initiatives", "regions_missing"])


def _m4(ctx: _Context) -> list[dict]:
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
        evidence = [_fact(row.priority, "rdf:type", _class_of("priority"))]
        if cycle:
            evidence.append(_fact(row.priority, "itud:cycle", str(mint("cycle", cycle))))
        findings.append(_finding(ctx, "M4", row.priority, message, evidence))
    return findings


def _m5(ctx: _Context) -> list[dict]:
    direct = ctx.direct[ctx.direct["element"].isin(ctx.label)]
    if direct.empty:
        return []
    text = dict(zip(ctx.frames.elements["element"], ctx.frames.elements["text"], strict=True))
    t_text = dict(zip(ctx.frames.targets["target"], ctx.frames.targets["label_en"], strict=True))
    wordy = {e: len(set(_tokens(text.get(e) or ""))) >= MIN_WORDS for e in set(direct["element"])}
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


def coverage_transitions(frames: Frames, scope: set[str] | None = None) -> pd.DataFrame:
    """Targets covered directly in one cycle and not in the next, per element kind (and per
    region for initiatives).

    Cycles are taken in order of their ids; the next cycle of a group is the next one that
    holds elements of that group in the data, so a cycle with no data drops nothing.
    Columns: target, group ("question" or "initiative AFR"), from_cycle, to_cycle,
    earlier_elements (ids), to_cycle_elements (how many elements of the group the next
    cycle holds), to_cycle_unlinked (how many of those link to no SDG target at all, often
    because their title is unknown: a loss there may be a gap in the data), alignments.
    """
    el = frames.elements
    el = el[el["kind"].isin(["question", "initiative"]) & el["cycle"].notna()]
    el = el.assign(group=pd.Series([k if k == "question" else f"initiative {r}"
                                    for k, r in zip(el["kind"], el["region"], strict=True)],
                                   index=el.index, dtype=object))
    direct = direct_target_links(frames).merge(el[["element", "cycle", "group"]], on="element")
    rows = []
    for name, members in el.groupby("group", sort=True):
        cycles = sorted(set(members["cycle"]))
        d = direct[direct["group"] == name]
        linked = set(d["element"])
        # cycle -> target -> (elements, alignments) of the group's direct links, in link order
        reached: dict[str, dict[str, tuple[list[str], list[str]]]] = defaultdict(dict)
        for target, element, alignment, cycle in zip(d["target"], d["element"], d["alignment"], d["cycle"],
                                                     strict=True):
            elements, alignments = reached[cycle].setdefault(target, ([], []))
            elements.append(element)
            alignments.append(alignment)
        for before, after in itertools.pairwise(cycles):
            had, kept = reached.get(before, {}), set(reached.get(after, {}))
            later = members[members["cycle"] == after]
            unlinked = sum(1 for e in later["element"] if e not in linked)
            for target in sorted(had):
                if target in kept or (scope is not None and target not in scope):
                    continue
                elements, alignments = had[target]
                rows.append({"target": target, "group": name, "from_cycle": before, "to_cycle": after,
                             "earlier_elements": sorted({short_id(e) for e in elements}),
                             "to_cycle_elements": len(later), "to_cycle_unlinked": unlinked,
                             "alignments": alignments})
    return pd.DataFrame(rows, columns=["target", "group", "from_cycle", "to_cycle",
                                       "earlier_elements", "to_cycle_elements", "to_cycle_unlinked",
                                       "alignments"])


def unlinked_note(count: int) -> str:
    """ " (n of which link to no SDG target at all)", or nothing when ``count`` is 0."""
    if not count:
        return ""
    return f" ({count} of which link to no SDG target at all)" if count > 1 else \
        " (one of which links to no SDG target at all)"


def _m6(ctx: _Context) -> list[dict]:
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


def _m7(ctx: _Context) -> list[dict]:
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
                    _fact(row.element, "itud:cycle", str(mint("cycle", mine))),
                    _fact(row.object, "itud:cycle", str(mint("cycle", theirs)))]
        findings.append(_finding(ctx, "M7", row.element, message, evidence))
    return findings


def _m8(ctx: _Context) -> list[dict]:
    findings = []
    key = ["element", "predicate", "object"]
    repeated = ctx.links[ctx.links.duplicated(key, keep=False)]
    for (element, predicate, obj), links in repeated.groupby(key, sort=True):
        statuses = set(links["status"].dropna())
        if links["graph"].nunique() < 2 or len(statuses) < 2:
            continue
        what = ctx.target_code.get(obj) or ctx.line_code.get(obj) or short_id(obj)
        said = "; ".join(f"{_graph_name(g)} says {s}" for g, s in
                         sorted(set(zip(links["graph"], links["status"], strict=True))))
        message = (f"{_name(ctx, element)} -> {predicate} {what} is declared by "
                   f"{links['graph'].nunique()} sources that disagree on its status ({said}).")
        findings.append(_finding(ctx, "M8", element, message, ctx.evidence_for(links["alignment"])))
    return findings


def _graph_name(graph: str) -> str:
    return graph.rsplit("/graph/", 1)[-1]


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
    ctx = _Context(frames, targets)
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
