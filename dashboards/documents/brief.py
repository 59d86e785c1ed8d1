"""The working group's brief: elements for the WTDC Declaration, as a contribution-shaped .docx.

Every number comes from the analysis (coverage, gaps, misalignments, streamlining, cycle diff,
the brief's own frames); the charts are the dashboard's gap charts, stamped; data labels fall
back to English with "(en)" only where no French text exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboards.data import DashboardData
from dashboards.documents.layout import ContributionHeader, Writer
from dashboards.export import Stamp, figure_bytes, stamped
from dashboards.i18n import label, t
from dashboards.pages.gaps.view import gap_charts
from dashboards.shared_views import scope_of
from dashboards.urlstate import ViewState
from graph import settings
from graph.analysis import brief as content
from graph.analysis.cycles_diff import diff_cycles
from graph.analysis.frames import short_id
from graph.analysis.gaps import find_gaps
from graph.analysis.misalignments import find_misalignments
from graph.analysis.streamline import streamline
from graph.load import source_documents

__all__ = ["BRIEF_LANGUAGES", "BriefFacts", "brief_facts", "write_brief"]

BRIEF_LANGUAGES = ("en", "fr", "en+fr")
CURRENT_PRIORITIES = ("kigali_priority", "bdt_thematic_priority")
DIFF_FROM, DIFF_TO = "2018-2021", "2022-2025"


@dataclass(frozen=True)
class BriefFacts:
    """Everything the brief reports, computed once for all its languages."""

    priorities: pd.DataFrame
    regions: dict[str, pd.DataFrame]
    region_findings: pd.DataFrame
    gaps: pd.DataFrame
    misalignments: pd.DataFrame
    pairs: pd.DataFrame
    themes: pd.DataFrame
    numbering: pd.DataFrame
    diff: pd.DataFrame
    unverified_share: float
    links: int


def brief_facts(data: DashboardData, state: ViewState) -> BriefFacts:
    """The analysis behind the brief, for the view's scope."""
    frames = data.frames
    scope = scope_of(state)
    periods = sorted(frames.elements.loc[frames.elements["kind"] == "initiative", "period"].dropna().unique())
    links = frames.links[frames.links["status"] != "suggested"]
    pairs = streamline(frames)
    gaps, findings = find_gaps(frames, scope), find_misalignments(frames, scope)
    priorities = content.priority_coverage(frames, scope, CURRENT_PRIORITIES)
    return BriefFacts(
        priorities=priorities.merge(content.findings_by_priority(frames, gaps, findings, priorities), on="code"),
        regions={p: content.region_coverage(frames, scope, p) for p in periods[-2:]},
        region_findings=content.findings_by_region(frames, scope),
        gaps=gaps,
        misalignments=findings,
        pairs=pairs[pairs["relation"] != "refers"],
        themes=content.resolution_themes(frames),
        numbering=content.resolution_numbering(frames),
        diff=diff_cycles(frames, DIFF_FROM, DIFF_TO).elements,
        unverified_share=float((links["status"] != "verified").mean()) if len(links) else 0.0,
        links=len(links),
    )


def _labels(frames_elements: pd.DataFrame, lang: str) -> dict[str, str]:
    """Element IRI and short id -> "notation (period): title" in ``lang`` ("(en)" where no French exists)."""
    names = {}
    for row in frames_elements.itertuples():
        when = row.period if isinstance(row.period, str) else row.cycle if isinstance(row.cycle, str) else ""
        code = f"{row.notation} ({when})" if when else str(row.notation)
        title = label(row.label_en, row.label_fr, lang)
        names[row.element] = names[short_id(row.element)] = f"{code}: {title}" if title else code
    return names


def _resolutions(pairs: pd.DataFrame) -> int:
    """How many WTDC Resolutions the streamlining pairs name."""
    return int(pairs["wtdc"].nunique()) if "wtdc" in pairs else len(pairs)


def _summary(w: Writer, facts: BriefFacts, lang: str) -> None:
    kinds = facts.gaps["kind"].value_counts()
    unknown = [r.code for frame in list(facts.regions.values())[-1:] for r in frame.itertuples() if not r.known]
    w.heading(t("brief.summary", lang), 1)
    w.bullets(
        [
            t(
                "brief.summary.gaps",
                lang,
                uncovered=int(kinds.get("uncovered-target", 0)),
                indirect=int(kinds.get("indirect-only-target", 0)),
            ),
            t("brief.summary.misalignments", lang, n=len(facts.misalignments)),
            t("brief.summary.pairs", lang, n=_resolutions(facts.pairs), pairs=len(facts.pairs)),
            t("brief.summary.unverified", lang, share=round(100 * facts.unverified_share), links=facts.links),
            t("brief.summary.unknown", lang, regions=", ".join(unknown) or t("doc.none", lang)),
        ]
    )


def _discussion(w: Writer, data: DashboardData, state: ViewState, facts: BriefFacts, stamp: Stamp) -> None:
    lang = state.lang
    names = _labels(data.frames.elements, lang)
    w.heading(t("brief.discussion", lang), 1)

    w.heading(t("brief.priorities", lang), 2)
    priorities = facts.priorities.assign(label=facts.priorities["priority"].map(names))
    w.table(
        priorities,
        {
            "code": t("doc.code", lang),
            "label": t("doc.label", lang),
            "elements": t("brief.col.elements", lang),
            "targets": t("brief.col.targets", lang),
            "target_codes": t("brief.col.target_codes", lang),
            "gaps": t("brief.col.gaps", lang),
            "misalignments": t("brief.col.misalignments", lang),
        },
    )

    w.heading(t("brief.regions", lang), 2)
    w.table(
        facts.region_findings,
        {
            "code": t("doc.code", lang),
            "gaps": t("brief.col.gaps", lang),
            "misalignments": t("brief.col.misalignments", lang),
        },
    )
    for period, frame in facts.regions.items():
        w.paragraph(t("brief.regions.period", lang, period=period), italic=True)
        for row in frame[~frame["known"]].itertuples():
            w.paragraph(t("brief.regions.unknown", lang, region=row.code, period=period))
        known = frame[frame["known"]]
        w.table(
            known,
            {
                "code": t("doc.code", lang),
                "initiatives": t("brief.col.initiatives", lang),
                "titled": t("brief.col.titled", lang),
                "targets": t("brief.col.targets", lang),
                "target_codes": t("brief.col.target_codes", lang),
            },
        )

    w.heading(t("brief.gaps", lang), 2)
    for name, fig in gap_charts(data, state):
        title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else name
        w.image(
            figure_bytes(stamped(fig, stamp), "png"),
            t("brief.figure", lang, name=title, snapshot=stamp.snapshot, filters=stamp.filters),
        )
    targets = facts.gaps[facts.gaps["kind"].isin(["uncovered-target", "indirect-only-target"])]
    targets = targets.assign(
        kind=targets["kind"].map(lambda k: t(f"gap.{k}", lang)),
        nearest=targets["nearest"].map(
            lambda ids: ", ".join(str(names.get(i, i)) for i in ids) if isinstance(ids, list | tuple) else ids
        ),
    )
    w.table(
        targets,
        {"item": t("doc.code", lang), "kind": t("brief.col.kind", lang), "nearest": t("brief.col.nearest", lang)},
    )

    w.heading(t("brief.misalignments", lang), 2)
    message = f"message_{lang}" if f"message_{lang}" in facts.misalignments else "message"
    findings = facts.misalignments.assign(
        text=facts.misalignments[message],
        element_label=facts.misalignments["element"].map(names),
        severity=facts.misalignments["severity"].map(lambda v: t(f"severity.{v}", lang)),
    )
    w.table(
        findings,
        {
            "rule": t("brief.col.rule", lang),
            "severity": t("brief.col.severity", lang),
            "element_label": t("doc.label", lang),
            "text": t("brief.col.finding", lang),
        },
    )

    w.heading(t("brief.streamline", lang), 2)
    w.paragraph(t("brief.streamline.intro", lang))
    w.table(
        facts.pairs,
        {
            "wtdc_notation": t("brief.col.wtdc", lang),
            "other_notation": t("brief.col.pp", lang),
            "relation": t("brief.col.relation", lang),
            "evidence": t("brief.col.evidence", lang),
        },
    )
    w.heading(t("brief.themes", lang), 3)
    w.table(
        facts.themes.assign(
            theme=facts.themes["theme"].replace("", t("brief.no_theme", lang)),
            label=facts.themes["resolution"].map(names),
        ),
        {
            "theme": t("brief.col.theme", lang),
            "code": t("doc.code", lang),
            "label": t("doc.label", lang),
            "conference": t("brief.col.conference", lang),
        },
    )
    w.heading(t("brief.numbering", lang), 3)
    w.paragraph(t("brief.numbering.caveat", lang, n=len(facts.themes)))
    notes = facts.numbering[facts.numbering["note"] != ""]
    w.table(
        notes.assign(note=notes["note"].map(lambda n: t(f"brief.numbering.{n.replace(' ', '_')}", lang))),
        {
            "number": t("brief.col.number", lang),
            "entries": t("brief.col.entries", lang),
            "conferences": t("brief.col.conference", lang),
            "note": t("brief.col.note", lang),
        },
    )

    w.heading(t("brief.diff", lang, old=DIFF_FROM, new=DIFF_TO), 2)
    changes = facts.diff["change"].value_counts().rename_axis("change").reset_index(name="n")
    w.table(changes, {"change": t("brief.col.change", lang), "n": t("common.count", lang)})

    w.heading(t("brief.completeness", lang), 2)
    w.paragraph(t("brief.completeness.text", lang, share=round(100 * facts.unverified_share), links=facts.links))


def _proposals(w: Writer, facts: BriefFacts, lang: str) -> None:
    w.heading(t("brief.proposals", lang), 1)
    uncovered = facts.gaps.loc[facts.gaps["kind"] == "uncovered-target", "item"].tolist()
    lines = []
    if uncovered:
        lines.append(t("brief.proposal.gaps", lang, targets=", ".join(map(str, uncovered))))
    if len(facts.pairs):
        lines.append(t("brief.proposal.streamline", lang, n=_resolutions(facts.pairs)))
    lines.append(t("brief.proposal.verify", lang, share=round(100 * facts.unverified_share)))
    w.bullets(lines)


def _one_language(w: Writer, data: DashboardData, state: ViewState, facts: BriefFacts, stamp: Stamp) -> None:
    lang = state.lang
    _summary(w, facts, lang)
    w.heading(t("brief.introduction", lang), 1)
    w.paragraph(t("brief.introduction.text", lang, scope=t(f"scope.{scope_of(state)}", lang)))
    _discussion(w, data, state, facts, stamp)
    _proposals(w, facts, lang)
    w.heading(t("brief.annex", lang), 1)
    w.paragraph(t("brief.sources", lang))
    w.table(
        source_documents(settings.data_dir()), {c: t(f"pack.sources.{c}", lang) for c in ("title", "url", "version")}
    )
    w.bullets([t("stamp.source", lang), t("brief.sources.data", lang)])


def write_brief(data: DashboardData, state: ViewState, languages: Sequence[str], day: str) -> bytes:
    """The brief in each of ``languages`` (one after the other in one document) as .docx bytes."""
    facts = brief_facts(data, state)
    first = languages[0]
    stamp = Stamp(filters=state.with_lang(first).describe(), day=day, snapshot=data.snapshot, lang=first)
    writer = Writer(
        ContributionHeader(
            title=t("brief.title", first),
            source=t("brief.source", first),
            lang=first,
            day=day,
            snapshot=data.snapshot,
            filters=stamp.filters,
        )
    )
    for n, lang in enumerate(languages):
        view = state.with_lang(lang)
        if n:
            writer.new_section(lang, t("doc.stamp", lang, snapshot=data.snapshot, filters=view.describe()))
            writer.heading(t("brief.title", lang), 0)
        _one_language(
            writer, data, view, facts, Stamp(filters=view.describe(), day=day, snapshot=data.snapshot, lang=lang)
        )
    return writer.bytes()
