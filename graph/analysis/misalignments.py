"""Misalignments: declared links that contradict each other, the priorities or the cycles,
each found by a rule with an id, a severity, a sentence in English and French, the data it
relies on and the triples that prove it.

A rule judges only what is known: an element without a title, a region or cycle whose list
is partial, a priority of no cycle are data-completeness items (:mod:`completeness`), never
findings. The Matrix's silence on a pair (M1) is a note, outside the misalignment count.

Evidence rows name the link triple (``subject``, ``predicate`` as a CURIE such as
``itud:contributesTo``, ``object``) and where it comes from (``status``, ``source``, the
named ``graph`` and the ``alignment`` node); a SPARQL ``ASK { GRAPH <graph> { <subject>
predicate <object> } }`` confirms each one. Suggested links never count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pandas as pd

from graph.analysis.coverage import scope_targets
from graph.analysis.evidence import Context, Link, class_of, fact, graph_name
from graph.analysis.frames import Frames, short_id
from graph.analysis.holes import coverage_transitions, priority_holes, unlinked_elements
from graph.analysis.rulebook import COLUMNS, COUNTED, RULES, Rule, finding
from graph.analysis.text_rules import line_family, m2, m5, m9
from graph.errors import BadInput
from graph.namespaces import mint

__all__ = ["COLUMNS", "COUNTED", "RULES", "Rule", "find_misalignments", "misalignment_count"]


def _m1(ctx: Context) -> list[dict]:
    matrix = ctx.frames.matrix
    pairs = set(zip(matrix["line"], matrix["object"], strict=True))
    family = line_family(ctx.frames)
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
            if not ctx.in_scope(target):
                continue
            goal = ctx.goal_of.get(target)
            if any((ln, target) in pairs or (ln, goal) in pairs for ln in related):
                continue
            codes = ", ".join(sorted(ctx.line_code.get(ln, ln) for ln in own))
            findings.append(
                finding(
                    ctx,
                    "M1",
                    element,
                    ctx.evidence(by_target[target]) + ctx.evidence(line_links),
                    target,
                    target=ctx.target_code[target],
                    lines=codes,
                )
            )
    return findings


def _m3(ctx: Context) -> list[dict]:
    findings = []
    for row in unlinked_elements(ctx.frames).itertuples(index=False):
        sdg = ctx.of(row.element, "contributesTo")
        wsis = ctx.of(row.element, "supportsActionLine")
        sdg_missing = row.missing == ["SDG"]
        findings.append(
            finding(
                ctx,
                "M3",
                row.element,
                [fact(row.element, "rdf:type", class_of(row.kind)), *ctx.evidence([*sdg, *wsis])],
                missing="SDG" if sdg_missing else "WSIS",
                missing_fr="ODD" if sdg_missing else "SMSI",
                what="SDG target" if sdg_missing else "WSIS action line",
                what_fr="cible ODD" if sdg_missing else "grande orientation SMSI",
            )
        )
    return findings


def _m4(ctx: Context) -> list[dict]:
    """One finding per priority and missing part (its Questions, or one region's initiatives)."""
    findings = []
    region_iri = dict(zip(ctx.frames.regions["notation"], ctx.frames.regions["region"], strict=True))
    for row in priority_holes(ctx.frames).itertuples(index=False):
        parts: list[tuple[str | None, str, str]] = []
        if row.missing_question:
            parts.append((None, f"no Question of {row.cycle}", "Question"))
        for region in row.regions_missing:
            parts.append(
                (
                    region_iri.get(region),
                    f"no regional initiative of {row.cycle} in {region}",
                    f"initiative régionale ({region})",
                )
            )
        evidence = [
            fact(row.priority, "rdf:type", class_of("priority")),
            fact(row.priority, "itud:cycle", str(mint("cycle", row.cycle))),
        ]
        for obj, part, part_fr in parts:
            findings.append(
                finding(
                    ctx,
                    "M4",
                    row.priority,
                    evidence,
                    obj,
                    priority=short_id(row.priority),
                    cycle=row.cycle,
                    parts=part,
                    parts_fr=part_fr,
                )
            )
    return findings


def _m6(ctx: Context) -> list[dict]:
    findings = []
    direct = ctx.direct
    position = dict(zip(direct["alignment"], range(len(direct)), strict=True))
    for row in coverage_transitions(ctx.frames, ctx.scope).itertuples(index=False):
        rows = sorted(position[a] for a in set(row.alignments))
        region = row.group.split()[1] if row.group != "question" else ""
        findings.append(
            finding(
                ctx,
                "M6",
                str(direct["element"].iloc[rows[0]]),
                ctx.evidence_for(direct["alignment"].iloc[rows]),
                row.target,
                target=ctx.target_code[row.target],
                what="Questions" if not region else f"regional initiatives of {region}",
                what_fr="Questions" if not region else f"initiatives régionales ({region})",
                before=row.from_cycle,
                after=row.to_cycle,
                earlier=", ".join(row.earlier_elements),
                count=row.to_cycle_elements,
            )
        )
    return findings


def _m7(ctx: Context) -> list[dict]:
    filed = ctx.links[ctx.links["predicate"] == "implementsPriority"]
    findings = []
    for row in filed.itertuples(index=False):
        mine, theirs = ctx.cycle.get(row.element), ctx.cycle.get(row.object)
        if not mine or not theirs or mine == theirs:
            continue
        link = [link for link in ctx.of(row.element, "implementsPriority") if link.object == row.object]
        evidence = [
            *ctx.evidence(link),
            fact(row.element, "itud:cycle", str(mint("cycle", mine))),
            fact(row.object, "itud:cycle", str(mint("cycle", theirs))),
        ]
        findings.append(
            finding(
                ctx, "M7", row.element, evidence, row.object, mine=mine, priority=short_id(row.object), theirs=theirs
            )
        )
    return findings


def _m8(ctx: Context) -> list[dict]:
    findings = []
    key = ["element", "predicate", "object"]
    repeated = ctx.links[ctx.links.duplicated(key, keep=False)]
    for (element, predicate, obj), links in repeated.groupby(key, sort=True):
        # sources of one kind of evidence (one justification) that disagree; a verified official
        # text beside an unverified curated reading is two kinds of evidence, not a conflict
        conflicting = links.groupby("justification")["status"].nunique()
        if links["graph"].nunique() < 2 or not (conflicting > 1).any():
            continue
        said = "; ".join(
            f"{graph_name(g)}: {s}" for g, s in sorted(set(zip(links["graph"], links["status"], strict=True)))
        )
        findings.append(
            finding(
                ctx,
                "M8",
                element,
                ctx.evidence_for(links["alignment"]),
                obj,
                predicate=predicate,
                count=links["graph"].nunique(),
                said=said,
                what=ctx.target_code.get(obj) or ctx.line_code.get(obj) or short_id(obj),
            )
        )
    return findings


_CHECKS = {"M1": _m1, "M2": m2, "M3": _m3, "M4": _m4, "M5": m5, "M6": _m6, "M7": _m7, "M8": _m8, "M9": m9}


def find_misalignments(
    frames: Frames, scope: str | Iterable[str] | None = None, rules: Iterable[str] | None = None
) -> pd.DataFrame:
    """Run the rules (all, or those named in ``rules``) and return one row per finding, notes
    (severity "note") included; :func:`misalignment_count` counts the misalignments.

    ``scope`` (a scope spec or target IRIs) keeps the coverage findings (M1, M6) to those
    targets (a wrong link, M5, is wrong in any scope); ``None`` looks at every target. An unknown rule raises BadInput.

    Examples
    --------
    >>> [r.id for r in RULES][:3]
    ['M1', 'M2', 'M3']
    """
    wanted = list(rules) if rules is not None else list(_CHECKS)
    unknown = [r for r in wanted if r not in _CHECKS]
    if unknown:
        raise BadInput("rule", unknown, list(_CHECKS))
    ctx = Context(frames, None if scope is None else scope_targets(frames, scope))
    findings: list[dict] = []
    for rule in wanted:
        findings.extend(_CHECKS[rule](ctx))
    order = {"high": 0, "medium": 1, "low": 2, "note": 3}
    frame = pd.DataFrame(findings, columns=COLUMNS)
    if frame.empty:
        return frame
    frame["_s"] = frame["severity"].map(order)
    frame = frame.sort_values(["_s", "rule", "element"], kind="stable").drop(columns="_s")
    return frame.reset_index(drop=True)


def misalignment_count(findings: pd.DataFrame) -> int:
    """How many findings are misalignments (notes left out): the one count every view shows."""
    return int(findings["severity"].isin(COUNTED).sum()) if len(findings) else 0
