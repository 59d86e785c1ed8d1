"""What the portfolio lacks, read by both the misalignment rules and the gaps: priorities with
nothing filed under them, targets a cycle dropped."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pandas as pd

from graph.analysis.coverage import direct_target_links
from graph.analysis.frames import Frames, declared_links, short_id

__all__ = [
    "MIN_REGION_LIST",
    "coverage_transitions",
    "known_lists",
    "list_group",
    "priority_holes",
    "unlinked_elements",
    "unlinked_note",
]


MIN_REGION_LIST = 3  # a region adopts several initiatives a cycle: a list of fewer is partial
LIST_COLUMNS = ["cycle", "group", "elements", "titled", "filed", "known", "why"]
UNLINKED_KINDS = ("question", "initiative", "resolution")


def list_group(kind: str, region: object) -> str:
    """The list an element belongs to: the Questions, or one region's initiatives."""
    return kind if kind == "question" else f"initiative {region}"


def known_lists(frames: Frames) -> pd.DataFrame:
    """Per cycle and group (Questions, or the initiatives of one region), whether the list is
    known well enough to judge: every member has a title and, for a region, it holds at least
    ``MIN_REGION_LIST`` initiatives. ``filed`` counts the members filed under some priority.

    The rules, the gaps and the completeness report all read this one definition.
    """
    el = frames.elements
    el = el[el["kind"].isin(["question", "initiative"]) & el["cycle"].notna()]
    links = declared_links(frames)
    filed = set(links.loc[links["predicate"] == "implementsPriority", "element"])
    rows = []
    groups = [list_group(k, r) for k, r in zip(el["kind"], el["region"], strict=True)]
    # each element's title and filing read once, not once per list (a set is hashed per isin call)
    el = el.assign(group=groups, has_title=el["label_en"].map(bool), is_filed=el["element"].isin(filed))
    for (cycle, group), members in el.groupby(["cycle", "group"], sort=True):
        titled = int(members["has_title"].sum())
        n = len(members)
        why = []
        if titled < n:
            why.append(f"{n - titled} of {n} without a title")
        if group != "question" and n < MIN_REGION_LIST:
            why.append(f"only {n} initiative(s) in the data")
        rows.append(
            {
                "cycle": cycle,
                "group": group,
                "elements": n,
                "titled": titled,
                "filed": int(members["is_filed"].sum()),
                "known": not why,
                "why": "; ".join(why),
            }
        )
    return pd.DataFrame(rows, columns=LIST_COLUMNS)


def unlinked_elements(frames: Frames) -> pd.DataFrame:
    """Curated Questions, initiatives and Resolutions that link to SDG targets but to no WSIS
    action line, or the reverse, with no written reason: one definition for the M3 rule and the
    ``unlinked-element`` gap.

    An element with no title or with no link at all has not been curated yet: the completeness
    report lists it, no rule judges it. Columns: element, kind, missing (["SDG"] or ["WSIS"]).
    """
    links = declared_links(frames)
    sdg = set(links.loc[links["predicate"] == "contributesTo", "element"])
    wsis = set(links.loc[links["predicate"] == "supportsActionLine", "element"])
    el = frames.elements
    pool = el[el["kind"].isin(UNLINKED_KINDS) & el["label_en"].map(bool) & ~el["unlinked_reason"].map(bool)]
    rows = []
    for element, kind in zip(pool["element"], pool["kind"], strict=True):
        missing = [w for w, have in (("SDG", sdg), ("WSIS", wsis)) if element not in have]
        if len(missing) == 1:
            rows.append({"element": element, "kind": kind, "missing": missing})
    return pd.DataFrame(rows, columns=["element", "kind", "missing"])


def priority_holes(frames: Frames) -> pd.DataFrame:
    """Per priority of a cycle, what implements it and what is missing.

    Columns: priority, cycle, questions (ids), missing_question (bool), regions_missing (region
    codes with no initiative implementing it), initiatives (ids). A priority is judged only
    against the Questions and initiatives of its own cycle, and only where that list is known
    (:func:`known_lists`) and at least one of its members is filed under some priority; a
    priority of no cycle (the BDT thematic priorities) is not judged.
    """
    links = declared_links(frames)
    el = frames.elements
    filed = links[links["predicate"] == "implementsPriority"]
    implementers: dict[str, set[str]] = defaultdict(set)
    for element, priority in zip(filed["element"], filed["object"], strict=True):
        implementers[priority].add(element)
    lists = known_lists(frames)
    judged = {
        (c, g)
        for c, g, k, f in zip(lists["cycle"], lists["group"], lists["known"], lists["filed"], strict=True)
        if k and f
    }
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for element, kind, cycle, region in zip(el["element"], el["kind"], el["cycle"], el["region"], strict=True):
        if kind in ("question", "initiative") and isinstance(cycle, str):
            members[(cycle, list_group(kind, region))].append(element)
    rows = []
    for p in el[(el["kind"] == "priority") & el["cycle"].map(lambda c: isinstance(c, str))].itertuples(index=False):
        implementing = implementers.get(p.element, set())
        questions = members.get((p.cycle, "question"), [])
        q_ok = [e for e in questions if e in implementing]
        regions, i_ok = [], []
        for cycle, group in sorted(members):
            if cycle != p.cycle or group == "question":
                continue
            mine = [e for e in members[(cycle, group)] if e in implementing]
            i_ok += mine
            if not mine and (cycle, group) in judged:
                regions.append(group.split(" ", 1)[1])
        rows.append(
            {
                "priority": p.element,
                "cycle": p.cycle,
                "questions": sorted(short_id(e) for e in q_ok),
                "missing_question": (p.cycle, "question") in judged and not q_ok,
                "initiatives": sorted(short_id(e) for e in i_ok),
                "regions_missing": regions,
            }
        )
    return pd.DataFrame(
        rows, columns=["priority", "cycle", "questions", "missing_question", "initiatives", "regions_missing"]
    )


def coverage_transitions(frames: Frames, scope: set[str] | None = None) -> pd.DataFrame:
    """Targets covered directly in one cycle and not in the next, per element kind (and per
    region for initiatives).

    Cycles are taken in order of their ids; the next cycle of a group is the next one that
    holds elements of that group in the data, and a pair of cycles is compared only when the
    group's list is known in both (:func:`known_lists`) and some element of the next cycle has a
    known SDG link (2026-2029 Questions are listed, not yet read): a loss is never read off missing data.
    Columns: target, group ("question" or "initiative AFR"), from_cycle, to_cycle,
    earlier_elements (ids), to_cycle_elements (how many elements of the group the next
    cycle holds), to_cycle_unlinked (how many of those link to no SDG target at all, often
    because their title is unknown: a loss there may be a gap in the data), alignments.
    """
    el = frames.elements
    el = el[el["kind"].isin(["question", "initiative"]) & el["cycle"].notna()]
    el = el.assign(
        group=pd.Series(
            [k if k == "question" else f"initiative {r}" for k, r in zip(el["kind"], el["region"], strict=True)],
            index=el.index,
            dtype=object,
        )
    )
    direct = direct_target_links(frames).merge(el[["element", "cycle", "group"]], on="element")
    lists = known_lists(frames)
    known = set(zip(lists.loc[lists["known"], "cycle"], lists.loc[lists["known"], "group"], strict=True))
    rows = []
    for name, members in el.groupby("group", sort=True):
        cycles = sorted(set(members["cycle"]))
        d = direct[direct["group"] == name]
        linked = set(d["element"])
        # cycle -> target -> (elements, alignments) of the group's direct links, in link order
        reached: dict[str, dict[str, tuple[list[str], list[str]]]] = defaultdict(dict)
        for target, element, alignment, cycle in zip(
            d["target"], d["element"], d["alignment"], d["cycle"], strict=True
        ):
            elements, alignments = reached[cycle].setdefault(target, ([], []))
            elements.append(element)
            alignments.append(alignment)
        for before, after in itertools.pairwise(cycles):
            if (before, name) not in known or (after, name) not in known:
                continue
            had, kept = reached.get(before, {}), set(reached.get(after, {}))
            later = members[members["cycle"] == after]
            unlinked = sum(1 for e in later["element"] if e not in linked)
            if unlinked == len(later):  # no element of that cycle has a known link yet: nothing to judge
                continue
            for target in sorted(had):
                if target in kept or (scope is not None and target not in scope):
                    continue
                elements, alignments = had[target]
                rows.append(
                    {
                        "target": target,
                        "group": name,
                        "from_cycle": before,
                        "to_cycle": after,
                        "earlier_elements": sorted({short_id(e) for e in elements}),
                        "to_cycle_elements": len(later),
                        "to_cycle_unlinked": unlinked,
                        "alignments": alignments,
                    }
                )
    return pd.DataFrame(
        rows,
        columns=[
            "target",
            "group",
            "from_cycle",
            "to_cycle",
            "earlier_elements",
            "to_cycle_elements",
            "to_cycle_unlinked",
            "alignments",
        ],
    )


def unlinked_note(count: int) -> str:
    """ " (n of which link to no SDG target at all)", or nothing when ``count`` is 0."""
    if not count:
        return ""
    return (
        f" ({count} of which link to no SDG target at all)"
        if count > 1
        else " (one of which links to no SDG target at all)"
    )
