"""The check of a contribution as a .docx: one section per item, in the contribution's layout."""

from __future__ import annotations

from collections.abc import Sequence

from dashboards.documents.layout import ContributionHeader, Writer
from dashboards.i18n import t
from dashboards.pages.check.view import point_detail, point_name
from graph.analysis.proposals import ProposalCheck

__all__ = ["check_report"]


def check_report(checks: Sequence[ProposalCheck], *, name: str, lang: str, day: str, snapshot: str) -> bytes:
    """The report of :func:`graph.analysis.proposals.check_items` on contribution ``name``."""
    w = Writer(
        ContributionHeader(
            title=t("check.title", lang, name=name),
            source=t("brief.source", lang),
            lang=lang,
            day=day,
            snapshot=snapshot,
            filters=t("check.filters", lang),
        )
    )
    w.heading(t("brief.summary", lang), 1)
    w.bullets(
        [
            t(
                "check.summary.item",
                lang,
                n=n,
                title=c.item.title,
                targets=len(c.targets),
                lines=len(c.lines),
                nearest=len(c.nearest),
                checks=len(c.checks),
            )
            for n, c in enumerate(checks, start=1)
        ]
    )
    score = t("check.col.score", lang)
    for n, check in enumerate(checks, start=1):
        w.heading(f"{n}. {check.item.title}", 1)
        w.heading(t("check.targets", lang), 2)
        w.table(
            check.targets,
            {
                "code": t("doc.code", lang),
                "label": t("doc.label", lang),
                "score": score,
                "passage": t("check.col.passage", lang),
            },
        )
        w.heading(t("check.lines", lang), 2)
        w.table(
            check.lines,
            {
                "code": t("doc.code", lang),
                "label": t("doc.label", lang),
                "score": score,
                "passage": t("check.col.passage", lang),
            },
        )
        w.heading(t("check.nearest", lang), 2)
        w.table(
            check.nearest,
            {
                "code": t("doc.code", lang),
                "label": t("doc.label", lang),
                "score": score,
                "relation": t("brief.col.relation", lang),
                "shared": t("check.col.shared", lang),
            },
        )
        w.heading(t("check.pp", lang), 2)
        w.table(
            check.pp_resolutions,
            {
                "code": t("doc.code", lang),
                "label": t("doc.label", lang),
                "score": score,
                "relation": t("brief.col.relation", lang),
                "shared": t("check.col.shared", lang),
            },
        )
        w.heading(t("check.gaps", lang), 2)
        w.table(
            check.gaps_closed.assign(kind=check.gaps_closed["kind"].map(lambda k: t(f"gap.{k}", lang))),
            {"code": t("doc.code", lang), "label": t("doc.label", lang), "kind": t("brief.col.kind", lang)},
        )
        w.heading(t("check.checks", lang), 2)
        points = check.checks
        w.table(
            points.assign(
                severity=points["severity"].map(lambda s: t(f"severity.{s}", lang)),
                point=points["check"].map(lambda c: point_name(c, lang)),
                detail=[
                    point_detail(c, m, m_fr, lang)
                    for c, m, m_fr in zip(points["check"], points["message"], points["message_fr"], strict=True)
                ],
            ),
            {
                "severity": t("brief.col.severity", lang),
                "point": t("check.col.point", lang),
                "detail": t("check.col.detail", lang),
            },
        )
    return w.bytes()
