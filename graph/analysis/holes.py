"""What the portfolio lacks, read by both the misalignment rules and the gaps: priorities with
nothing filed under them, targets a cycle dropped."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from graph.analysis.coverage import direct_target_links
from graph.analysis.frames import Frames, declared_links, short_id

__all__ = ["coverage_transitions", "priority_holes", "unlinked_note"]


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
