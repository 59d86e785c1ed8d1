"""Check a proposal: an upload's bytes, the items kept in the browser, and the tables of a check.

The tables come from :func:`graph.analysis.proposals.check_items`; labels follow the page's
language (data labels with their English fallback marked), the item's own passages stay as
written. Nothing here touches the disk: an upload is decoded in memory.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any

import pandas as pd

from dashboards.i18n import label, t
from dashboards.shared_views import table
from graph.analysis.frames import Frames
from graph.analysis.proposals import ProposalCheck
from graph.analysis.rulebook import RULES
from graph.documents.contribution import MAX_BYTES, Item
from graph.errors import ContributionError

__all__ = ["CHECK_TABLES", "MAX_BASE64", "check_tables", "items_data", "items_of", "upload_bytes"]

# an upload of MAX_BYTES arrives as this many base64 characters; longer is refused undecoded
MAX_BASE64 = 4 * -(-MAX_BYTES // 3)
CHECK_TABLES = ("items", "targets", "lines", "nearest", "pp", "gaps", "points")

Table = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def upload_bytes(contents: str, filename: str | None) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL; one past the size limit is refused before decoding."""
    name = filename or "the upload"
    head, comma, body = contents.partition(",")
    if not comma or not head.startswith("data:") or not head.endswith(";base64"):
        raise ContributionError(f"{name} did not arrive as a file", fix="upload it again")
    if len(body) > MAX_BASE64:
        raise ContributionError(
            f"{name} is over the limit of {MAX_BYTES:,} bytes", fix="split the contribution into smaller files"
        )
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise ContributionError(f"{name} arrived damaged (bad base64)", fix="upload it again") from None


def items_data(items: Sequence[Item]) -> list[dict[str, str]]:
    """Items as JSON for the browser's store: the server keeps nothing between requests."""
    return [{"title": i.title, "kind": i.kind, "body": i.body} for i in items]


def items_of(data: object) -> list[Item]:
    """The items back from the browser's store (anything malformed is dropped)."""
    if not isinstance(data, list):
        return []
    return [
        Item(str(d["title"]), str(d["kind"]), str(d["body"]))
        for d in data
        if isinstance(d, dict) and {"title", "kind", "body"} <= d.keys()
    ]


def _labels(frame: pd.DataFrame, key: str, lang: str) -> dict[str, str]:
    return {getattr(r, key): label(r.label_en, r.label_fr, lang, r.notation) for r in frame.itertuples()}


RULE_IDS = frozenset(r.id for r in RULES)


def _long(checks: Sequence[ProposalCheck], part: str) -> pd.DataFrame:
    """One part of every check, stacked, with the item it belongs to (``1. Draft new Question ...``)."""
    parts = [getattr(c, part).assign(item=f"{n}. {c.item.title}") for n, c in enumerate(checks, start=1)]
    return pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)


def _items(checks: Sequence[ProposalCheck], lang: str) -> Table:
    shown = pd.DataFrame(
        [
            {
                "n": n,
                "title": c.item.title,
                "kind": t(f"check.kind.{c.item.kind}", lang),
                "targets": len(c.targets),
                "lines": len(c.lines),
                "nearest": len(c.nearest),
                "pp": len(c.pp_resolutions),
                "gaps": len(c.gaps_closed),
                "points": len(c.checks),
            }
            for n, c in enumerate(checks, start=1)
        ],
        columns=["n", "title", "kind", "targets", "lines", "nearest", "pp", "gaps", "points"],
    )
    return table(shown, {c: t(f"check.col.{c}", lang) for c in shown.columns})


def point_name(check: str, lang: str) -> str:
    """A point to address by name: one of the check's own, or a misalignment rule's."""
    return t(f"rule.{check}", lang) if check in RULE_IDS else t(f"check.rule.{check}", lang)


def point_detail(check: str, message: str, message_fr: object, lang: str) -> str:
    """The point's own sentence in ``lang`` ("(en)" where it has none), or nothing where the name says it all."""
    if check not in RULE_IDS and message == t(f"check.rule.{check}", "en"):
        return ""
    return label(message, message_fr, lang)


def check_tables(frames: Frames, checks: Sequence[ProposalCheck], lang: str) -> dict[str, Table]:
    """Every table of the page (``CHECK_TABLES``) as AG Grid rows and columns, in ``lang``
    (``checks``: at least one, as :func:`~graph.documents.contribution.split_items` gives)."""
    names = {
        **_labels(frames.targets, "target", lang),
        **_labels(frames.action_lines, "line", lang),
        **_labels(frames.elements, "element", lang),
    }
    code, title, score = t("doc.code", lang), t("doc.label", lang), t("check.col.score", lang)
    item = t("check.col.item", lang)

    def named(frame: pd.DataFrame, key: str) -> pd.DataFrame:
        return frame.assign(
            label=[names.get(k) or label(v, None, lang) for k, v in zip(frame[key], frame["label"], strict=True)]
        )

    targets = named(_long(checks, "targets"), "target")
    lines = named(_long(checks, "lines"), "line")
    relation = {r: t(f"res.relation.{r}", lang) for r in ("repeats", "overlaps")}
    nearest = named(_long(checks, "nearest"), "element")
    nearest = nearest.assign(
        kind=nearest["kind"].map(lambda k: t(f"check.kind.{k}", lang)), relation=nearest["relation"].map(relation)
    )
    pp = named(_long(checks, "pp_resolutions"), "element")
    pp = pp.assign(relation=pp["relation"].map(relation))
    gaps = named(_long(checks, "gaps_closed"), "target")
    gaps = gaps.assign(kind=gaps["kind"].map(lambda k: t(f"gap.{k}", lang)))
    points = _long(checks, "checks")
    points = points.assign(
        severity=points["severity"].map(lambda s: t(f"severity.{s}", lang)),
        point=points["check"].map(lambda c: point_name(c, lang)),
        detail=[
            point_detail(c, m, m_fr, lang)
            for c, m, m_fr in zip(points["check"], points["message"], points["message_fr"], strict=True)
        ],
    )
    passage, shared = t("check.col.passage", lang), t("check.col.shared", lang)
    return {
        "items": _items(checks, lang),
        "targets": table(targets, {"item": item, "code": code, "label": title, "score": score, "passage": passage}),
        "lines": table(lines, {"item": item, "code": code, "label": title, "score": score, "passage": passage}),
        "nearest": table(
            nearest,
            {
                "item": item,
                "code": code,
                "kind": t("check.col.kind", lang),
                "label": title,
                "score": score,
                "relation": t("brief.col.relation", lang),
                "shared": shared,
            },
        ),
        "pp": table(
            pp,
            {
                "item": item,
                "code": code,
                "label": title,
                "score": score,
                "relation": t("brief.col.relation", lang),
                "shared": shared,
            },
        ),
        "gaps": table(gaps, {"item": item, "code": code, "label": title, "kind": t("brief.col.kind", lang)}),
        "points": table(
            points,
            {
                "item": item,
                "severity": t("brief.col.severity", lang),
                "point": t("check.col.point", lang),
                "detail": t("check.col.detail", lang),
            },
        ),
    }
