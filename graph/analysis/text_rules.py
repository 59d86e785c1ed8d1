"""The rules that read texts: M2 (an element far from its priority and near another), M5 (a
declared target link whose texts share almost nothing) and M9 (an element on the topic of an
ITU-led WSIS action line with no link to it). They score texts with :mod:`text`'s public
functions only, so a better engine there makes them better here."""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd

from graph.analysis.evidence import Context, class_of, fact
from graph.analysis.frames import Frames, short_id
from graph.analysis.rulebook import finding
from graph.analysis.scopes import ITU_D_TARGETS
from graph.analysis.text import terms, text_similarity

__all__ = ["FAR", "LEAD_TOPICS", "LOW_TEXT_SIMILARITY", "MIN_WORDS", "NEAR", "line_family", "m2", "m5", "m9"]

LOW_TEXT_SIMILARITY = 0.001  # M5: a declared link whose texts share no word (the engine keeps the field's words)
MIN_WORDS = 6  # M5 judges only element texts with at least this many distinct content words
FAR = 0.05  # M2: an element this far from its priority (its title and its other elements) ...
NEAR = 0.28  # ... and at least this close to another priority of the same plan is misfiled (TF-IDF with word pairs)

# The topics of the action lines ITU leads, as WSIS (Geneva Plan of Action, B C2, C5, C6) and the
# ITU-D texts word them; matched on an element's English title.
LEAD_TOPICS: dict[str, tuple[str, str, str]] = {
    "C2": (
        r"\bbroadband\b|\binfrastructures?\b|next[- ]generation networks?|\bip-based networks?"
        r"|\bipv6\b|\bconnectivity\b|\bconnected world\b",
        "infrastructure and connectivity",
        "l'infrastructure et la connectivité",
    ),
    "C5": (
        r"\bcybersecurity\b|\bsecur(?:e|ity|ing)\b|\bconfidence\b|child online protection|\bspam\b"
        r"|incident response|illicit use|\bcounterfeit|\btheft\b|\bstolen\b",
        "confidence and security in the use of ICTs",
        "la confiance et la sécurité dans l'utilisation des TIC",
    ),
    "C6": (
        r"\bregulat(?:ion|ions|ory|ors?)\b|enabling environment|public policy",
        "the enabling environment (policy and regulation)",
        "l'environnement propice (politiques et réglementation)",
    ),
}


_TOPIC = {code: re.compile(pattern) for code, (pattern, _, _) in LEAD_TOPICS.items()}


def _topic_words(code: str, title: str) -> str | None:
    """The words of ``title`` on the topic of action line ``code`` ("a, b"); None when it has none."""
    found = [m.group(0) for m in _TOPIC[code].finditer(title.lower())]
    return ", ".join(sorted(set(found))) if found else None


def line_family(frames: Frames) -> dict[str, set[str]]:
    """Action line -> itself, its parent and its children (C7 and C7.1 count as one another)."""
    lines = frames.action_lines
    by_code = dict(zip(lines["notation"], lines["line"], strict=True))
    family: dict[str, set[str]] = {ln: {ln} for ln in lines["line"]}
    for line, parent in zip(lines["line"], lines["parent"], strict=True):
        if isinstance(parent, str) and parent in by_code:
            family[line].add(by_code[parent])
            family[by_code[parent]].add(line)
    return family


def _texts(frames: Frames) -> dict[str, str]:
    el = frames.elements
    return {
        e: (t or title or "") for e, t, title in zip(el["element"], el["text"], el["label_en"], strict=True) if title
    }


def m2(ctx: Context) -> list[dict]:
    """M2: scores each filed element against each priority of the same plan, a priority standing
    for its own title and the titles of the other elements filed under it (the best of them).

    Scored one plan at a time, the element never against itself, so the work grows with the
    size of a plan rather than of the whole portfolio."""
    filed = ctx.links[ctx.links["predicate"] == "implementsPriority"][["element", "object"]].drop_duplicates()
    text = _texts(ctx.frames)
    el = ctx.frames.elements
    family = dict(zip(el["element"], el["family"], strict=True))
    # a priority of no cycle is not judged; a filing across cycles is M7's business
    keep = [
        e in text and p in text and bool(ctx.cycle.get(p)) and ctx.cycle.get(e) == ctx.cycle.get(p)
        for e, p in zip(filed["element"], filed["object"], strict=True)
    ]
    filed = filed[pd.Series(keep, index=filed.index, dtype=bool)]
    plans: dict[str, list[str]] = defaultdict(list)
    for p in sorted(set(el.loc[el["kind"] == "priority", "element"]) & set(text)):
        if ctx.cycle.get(p):
            plans[family[p]].append(p)
    findings = []
    for priorities in plans.values():
        mine = filed[filed["object"].isin(priorities)]
        if mine.empty or len(priorities) < 2:
            continue
        findings += _m2_plan(ctx, mine, priorities, text)
    return findings


def _m2_plan(ctx: Context, filed: pd.DataFrame, priorities: list[str], text: dict[str, str]) -> list[dict]:
    left = sorted(set(filed["element"]))
    right = [*priorities, *left]
    scores = text_similarity([text[e] for e in left], [text[e] for e in right])
    scores[np.arange(len(left)), np.arange(len(left)) + len(priorities)] = -1.0  # never oneself
    col = {e: i for i, e in enumerate(right)}
    under: dict[str, list[int]] = defaultdict(list)
    for element, priority in zip(filed["element"], filed["object"], strict=True):
        under[priority].append(col[element])
    # affinity[e, p]: the best of the element's scores against p's title and p's other elements
    affinity = np.column_stack([scores[:, [col[p], *under.get(p, [])]].max(axis=1) for p in priorities])
    row = {e: i for i, e in enumerate(left)}
    p_pos = {p: i for i, p in enumerate(priorities)}
    findings = []
    for element, priority in zip(filed["element"], filed["object"], strict=True):
        scored = affinity[row[element]]
        own = float(scored[p_pos[priority]])
        others = scored.copy()
        others[p_pos[priority]] = -1.0
        best_at = int(others.argmax())
        best = float(others[best_at])
        if own >= FAR or best < NEAR:
            continue
        link = [link for link in ctx.of(element, "implementsPriority") if link.object == priority]
        findings.append(
            finding(
                ctx,
                "M2",
                element,
                ctx.evidence(link),
                priority,
                priority=short_id(priority),
                other=short_id(priorities[best_at]),
                own=own,
                best=best,
            )
        )
    return findings


def m5(ctx: Context) -> list[dict]:
    """M5: a declared element -> target link whose texts (the target's with its goal's) share
    almost nothing, to a goal that none of the element's other declared links reaches and that the
    Matrix does not pair with the element's action lines (a lone, unexplained link), outside the targets
    ITU-D answers for (whose link to ICT work ITU's own SDG mapping states, words or not)."""
    direct = ctx.direct
    text = _texts(ctx.frames)
    t_text = dict(zip(ctx.frames.targets["target"], ctx.frames.targets["label_en"], strict=True))
    wordy = {e for e in set(direct["element"]) if e in text and len(set(terms(text[e]))) >= MIN_WORDS}
    pairs = direct[direct["element"].isin(wordy)]
    if pairs.empty:
        return []
    elements = sorted(set(pairs["element"]))
    targets = sorted(set(pairs["target"]))
    goal_text = dict(zip(ctx.frames.goals["goal"], ctx.frames.goals["label_en"], strict=True))
    # the target's text and its goal's: a link far from both is far from what the goal is about
    scores = text_similarity(
        [text[e] for e in elements],
        [f"{t_text.get(t) or ''} {goal_text.get(ctx.goal_of.get(t, ''), '')}" for t in targets],
    )
    e_pos = {e: i for i, e in enumerate(elements)}
    t_pos = {t: i for i, t in enumerate(targets)}
    goals: dict[str, list[str]] = defaultdict(list)
    for element, target in zip(pairs["element"], pairs["target"], strict=True):
        goals[element].append(ctx.goal_of.get(target, ""))
    for link in ctx.links[
        (ctx.links["predicate"] == "contributesTo") & (ctx.links["object_kind"] == "goal")
    ].itertuples(index=False):
        goals[link.element].append(link.object)
    matrix = set(zip(ctx.frames.matrix["line"], ctx.frames.matrix["object"], strict=True))
    family = line_family(ctx.frames)
    findings = []
    for element, target in zip(pairs["element"], pairs["target"], strict=True):
        # a wrong link is wrong in any scope: M5 looks at every target
        score = float(scores[e_pos[element], t_pos[target]])
        goal = ctx.goal_of.get(target, "")
        if score >= LOW_TEXT_SIMILARITY or goals[element].count(goal) > 1 or ctx.target_code[target] in ITU_D_TARGETS:
            continue
        # the Matrix pairing one of the element's lines with the target (or its goal) backs the link
        lines = set().union(*(family.get(link.object, {link.object}) for link in ctx.of(element, "supportsActionLine")))
        if any((ln, target) in matrix or (ln, goal) in matrix for ln in lines):
            continue
        link = [link for link in ctx.direct_of(element) if link.object == target]
        findings.append(
            finding(
                ctx,
                "M5",
                element,
                ctx.evidence(link),
                target,
                target=ctx.target_code[target],
                score=score,
                goal=ctx.goal_code.get(goal, "?"),
            )
        )
    return findings


def m9(ctx: Context) -> list[dict]:
    """M9: an element whose English title names the topic of an ITU-led action line and that has
    no link to that line (nor to a line of its family)."""
    el = ctx.frames.elements
    family = line_family(ctx.frames)
    by_code = dict(zip(ctx.frames.action_lines["notation"], ctx.frames.action_lines["line"], strict=True))
    findings = []
    titled = el[el["label_en"].map(bool) & ~el["unlinked_reason"].map(bool)]
    on_topic: dict[tuple[str, str], str | None] = {}  # titles repeat at scale: each is read once
    for element, title in zip(titled["element"], titled["label_en"], strict=True):
        lines = {link.object for link in ctx.of(element, "supportsActionLine")}
        for code, (_, topic, topic_fr) in LEAD_TOPICS.items():
            line = by_code.get(code)
            if line is None or family.get(line, {line}) & lines:
                continue
            if (title, code) not in on_topic:
                on_topic[(title, code)] = _topic_words(code, str(title))
            words = on_topic[(title, code)]
            if words is None:
                continue
            # what it has: its class and the lines it does support (the missing link has no triple)
            evidence = [
                fact(element, "rdf:type", class_of(ctx.kind[element])),
                *ctx.evidence(ctx.of(element, "supportsActionLine")),
            ]
            findings.append(
                finding(
                    ctx,
                    "M9",
                    element,
                    evidence,
                    line,
                    line=code,
                    topic=topic,
                    topic_fr=topic_fr,
                    words=words,
                )
            )
    return findings
