"""Narrow the frames to one period, region, study group or priority, or to links of one status
or justification, before any analysis runs.

Element filters (period, region, study group, priority) keep the matching elements and their
links; link filters (status, justification) keep every element and only the matching links.
Priorities are the reference the gaps and rules measure against, so region and study-group
filters keep them; elements that belong to no cycle (Plenipotentiary Resolutions, BDT thematic
priorities) stand for every period and are kept by a period filter.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import pandas as pd

from graph.analysis.frames import Frames
from graph.errors import BadInput
from graph.namespaces import JUSTIFICATIONS, STATUSES

__all__ = ["Filters", "apply", "check", "choices", "narrowed", "own_elements", "resolve_cycle", "unknown"]


@dataclass(frozen=True)
class Filters:
    """What to keep; ``None`` keeps everything.

    ``period`` is a study period ("2022-2025") or a cycle id ("WTDC-22"); ``region`` a
    region code ("AFR"); ``study_group`` "SG1" or "1"; ``priority`` a priority id
    ("KAP-P1"); ``status`` a link status ("verified", "unverified", "suggested");
    ``justification`` a short name ("manual curation") or its CURIE
    ("semapv:ManualMappingCuration").
    """

    period: str | None = None
    region: str | None = None
    study_group: str | None = None
    priority: str | None = None
    status: str | None = None
    justification: str | None = None

    def describe(self) -> str:
        """The filters in force, as text ("period=WTDC-22; region=AFR"), or "none"."""
        parts = [f"{f.name}={getattr(self, f.name)}" for f in fields(self) if getattr(self, f.name)]
        return "; ".join(parts) or "none"

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return not any(getattr(self, f.name) for f in fields(self))


def narrowed(description: str, *parts: str) -> str:
    """A view's description (``scope=itu-lead; region=AFR``) with ``parts`` added, each part
    once: one already there is not repeated, and "none" gives way to the first one added.

    >>> narrowed("scope=itu-lead; region=AFR", "region=AFR")
    'scope=itu-lead; region=AFR'
    >>> narrowed("scope=itu-lead; none", "region=AMS")
    'scope=itu-lead; region=AMS'
    """
    kept = [p for p in description.split("; ") if p != "none" or not parts]
    return "; ".join(kept + [p for p in parts if p not in kept])


def resolve_cycle(frames: Frames, period: str) -> tuple[str | None, str]:
    """Return (cycle id, study period) for a period or cycle id; raise if neither is known."""
    cycles = frames.cycles
    for row in cycles.itertuples(index=False):
        if period in (row.notation, row.period):
            return str(row.notation), str(row.period)
    known = set(frames.elements["period"].dropna()) | set(frames.elements["cycle"].dropna())
    if period in known:
        return (period if period in set(frames.elements["cycle"].dropna()) else None), period
    choices = sorted(set(cycles["notation"]) | set(cycles["period"].dropna()) | known)
    raise BadInput("period", period, choices)


def choices(frames: Frames) -> dict[str, list[str]]:
    """The values each filter accepts on ``frames`` (the canonical spelling of each)."""
    el = frames.elements

    def present(values: pd.Series) -> list[str]:
        return sorted({str(v) for v in values.dropna() if str(v)})

    cycles = frames.cycles
    return {
        "period": sorted(
            set(present(el["period"]))
            | set(present(el["cycle"]))
            | set(present(cycles["notation"]))
            | set(present(cycles["period"]))
        ),
        "region": present(frames.regions["notation"]),
        "study_group": present(el["study_group"]),
        "priority": present(el.loc[el["kind"] == "priority", "notation"]),
        "status": list(STATUSES),
        "justification": sorted(set(JUSTIFICATIONS.values())),
    }


def _known(name: str, value: str, valid: list[str]) -> bool:
    if name == "study_group":
        value = value.upper() if value.upper().startswith("SG") else f"SG{value}"
    elif name == "status":
        value = value.strip().lower()
    elif name == "justification":
        try:
            _justification_name(value)
        except BadInput:
            return False
        return True
    return value in valid


def unknown(frames: Frames, filters: Filters) -> list[BadInput]:
    """Each filter value of ``filters`` that ``frames`` do not have, with the valid values."""
    valid = choices(frames)
    return [
        BadInput(f.name.replace("_", " "), str(getattr(filters, f.name)), valid[f.name])
        for f in fields(filters)
        if getattr(filters, f.name) and not _known(f.name, str(getattr(filters, f.name)), valid[f.name])
    ]


def check(frames: Frames, filters: Filters) -> None:
    """Raise :class:`~graph.errors.BadInput` for the first filter value ``frames`` do not have:
    an unknown region or study group would otherwise give an empty view without a word."""
    problems = unknown(frames, filters)
    if problems:
        raise problems[0]


def _justification_name(value: str) -> str:
    text = value.strip()
    for iri, short in JUSTIFICATIONS.items():
        local = iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        if text.lower() in (
            short,
            local.lower(),
            f"semapv:{local}".lower(),
            f"itud:{local}".lower(),
            short.replace(" ", "-"),
        ):
            return short
    raise BadInput("justification", value, list(JUSTIFICATIONS.values()))


def _keep_elements(frames: Frames, filters: Filters) -> pd.Series:
    el = frames.elements
    keep = pd.Series(True, index=el.index)
    if filters.period:
        cycle, period = resolve_cycle(frames, filters.period)
        timeless = el["cycle"].isna() & el["period"].isna()
        keep &= (el["cycle"] == cycle) | (el["period"] == period) | timeless
    if filters.region:
        regions = sorted(frames.regions["notation"].dropna().astype(str))
        if filters.region not in regions:
            raise BadInput("region", filters.region, regions)
        keep &= (el["region"] == filters.region) | (el["kind"] == "priority")
    if filters.study_group:
        sg = filters.study_group if filters.study_group.upper().startswith("SG") else f"SG{filters.study_group}"
        groups = sorted(el["study_group"].dropna().astype(str).unique())
        if sg.upper() not in groups:
            raise BadInput("study group", filters.study_group, groups)
        keep &= (el["study_group"] == sg.upper()) | (el["kind"] == "priority")
    if filters.priority:
        links = frames.links
        priority = el.loc[(el["kind"] == "priority") & (el["notation"] == filters.priority), "element"]
        if priority.empty:
            raise BadInput(
                "priority", filters.priority, sorted(el.loc[el["kind"] == "priority", "notation"].astype(str))
            )
        implementing = set(
            links.loc[(links["predicate"] == "implementsPriority") & links["object"].isin(priority), "element"]
        )
        keep &= el["element"].isin(implementing | set(priority))
    return keep


def apply(frames: Frames, filters: Filters | None) -> Frames:
    """Return frames holding only what ``filters`` keeps (the input is left unchanged)."""
    if filters is None or filters.is_empty():
        return frames
    check(frames, filters)
    elements = frames.elements[_keep_elements(frames, filters)].reset_index(drop=True)
    links = frames.links[frames.links["element"].isin(set(elements["element"]))]
    if filters.status:
        if filters.status.strip().lower() not in STATUSES:
            raise BadInput("status", filters.status, STATUSES)
        links = links[links["status"] == filters.status.strip().lower()]
    if filters.justification:
        links = links[links["justification"] == _justification_name(filters.justification)]
    return replace(frames, elements=elements, links=links.reset_index(drop=True))


def own_elements(frames: Frames, filters: Filters | None) -> Frames:
    """The view's own elements: under a region or study-group filter, without the priorities that
    :func:`apply` keeps as the reference (they belong to every region and study group, so their
    links are counted apart, never as the region's)."""
    if filters is None or not (filters.region or filters.study_group):
        return frames
    el = frames.elements
    elements = el[el["kind"] != "priority"].reset_index(drop=True)
    links = frames.links[frames.links["element"].isin(set(elements["element"]))].reset_index(drop=True)
    return replace(frames, elements=elements, links=links)
