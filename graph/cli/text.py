"""Text-similarity commands: ``suggest``, ``duplicates``, ``streamline`` and ``diff``.

Each reads the store through the named queries (:func:`~graph.analysis.frames.load_frames`),
runs a pure analysis and prints a frame as a terminal table, CSV, JSON or XLSX. In the terminal
table, IRIs are shortened to element ids and SDG codes; CSV, JSON and XLSX keep the full IRIs.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from graph.analysis.cycles_diff import MATCH_THRESHOLD, diff_cycles
from graph.analysis.duplication import DUPLICATE_KINDS, duplicate_pairs
from graph.analysis.filters import Filters, apply
from graph.analysis.frames import Frames, short_id
from graph.analysis.similarity import (
    DEFAULT_KINDS,
    declared_target_links,
    review_queue,
    suggestions_to_sssom,
    weak_declared_links,
)
from graph.analysis.streamline import streamline as streamline_pairs
from graph.analysis.suggestions import suggest_links
from graph.cli.common import (
    FormatOption,
    OutputOption,
    PeriodOption,
    RegionOption,
    TableFormat,
    fail_cleanly,
    print_frame,
    read_frames,
    status_console,
)
from graph.errors import ItudAlignError

__all__ = ["COMMANDS", "diff", "duplicates", "streamline", "suggest"]


class Method(str, Enum):
    tfidf = "tfidf"
    semantic = "semantic"


MethodOption = Annotated[
    Method, typer.Option("--method", help="tfidf, or semantic (needs the project's semantic extra)")
]


def _frames(period: str | None = None, region: str | None = None) -> Frames:
    return apply(read_frames(), Filters(period=period, region=region))


def _show(
    frame: pd.DataFrame, fmt: TableFormat, output: Path | None, frames: Frames, title: str, table_columns: list[str]
) -> None:
    """Print ``frame``; the terminal table keeps ``table_columns`` and shows element ids and SDG
    codes instead of IRIs, the other formats keep every column."""
    if fmt == TableFormat.table:
        codes = {
            **dict(zip(frames.targets["target"], frames.targets["notation"], strict=True)),
            **dict(zip(frames.action_lines["line"], frames.action_lines["notation"], strict=True)),
        }
        frame = frame[table_columns].copy()
        for column in frame.columns:
            frame[column] = frame[column].map(
                lambda v: codes.get(v, short_id(v)) if isinstance(v, str) and "://" in v else v
            )
    title = f"{title} (snapshot {frames.snapshot})" if frames.snapshot else title
    print_frame(frame, fmt.value, output, title=title)


@fail_cleanly
def suggest(
    method: MethodOption = Method.tfidf,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            help="lowest similarity kept (0..1; default 0.1 for tfidf, 0.45 for semantic); tfidf keeps a "
            "target the WSIS-SDG Matrix pairs with a line the text is on from three quarters of it",
        ),
    ] = None,
    top_k: Annotated[int, typer.Option("--top-k", help="targets and action lines kept per distinct text")] = 3,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="question, initiative, priority, resolution (repeatable; default all)"),
    ] = None,
    weak: Annotated[
        bool,
        typer.Option(
            "--weak", help="list declared links whose texts share almost nothing instead (below --weak-threshold)"
        ),
    ] = False,
    weak_threshold: Annotated[float, typer.Option("--weak-threshold")] = 0.05,
    review: Annotated[
        bool,
        typer.Option(
            "--review", help="list where TF-IDF and the other source (semantic, or the declared links) disagree"
        ),
    ] = False,
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            help="also write the suggestions as an "
            "SSSOM mapping set NAME.sssom.tsv (status suggested); "
            "in data/mappings/ the build loads it into its own "
            "named graph mappings/NAME",
        ),
    ] = None,
    period: PeriodOption = None,
    region: RegionOption = None,
    fmt: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Suggest element -> SDG target and action line links that no one declared or rejected, best first,
    one row per distinct text with the phrases both texts hold."""
    kinds = tuple(kind) if kind else DEFAULT_KINDS
    unknown = sorted(set(kinds) - set(DEFAULT_KINDS))
    if unknown:
        raise typer.BadParameter(f"unknown kind {', '.join(unknown)}; use {', '.join(DEFAULT_KINDS)}")
    with status_console.status(f"scoring texts ({method.value})"):
        frames = _frames(period, region)
        columns = ["element", "target", "score", "element_text", "target_text"]
        if weak:
            frame, title = weak_declared_links(frames, weak_threshold, method.value), "weak declared links"
            columns += ["justification", "status"]
        elif review:
            frame, title = _review(frames, method.value, threshold, top_k, kinds), "review queue"
            columns = ["element", "target", "proposed_by", "not_by", "score"]
        else:
            frame = suggest_links(frames, threshold, top_k, method.value, kinds)
            title = f"suggested links ({method.value})"
            columns = ["rank", "elements", "code", "score", "evidence", "element_text", "target_text"]
    if write is not None:
        if weak or review:
            raise ItudAlignError("--write writes suggestions only", fix="drop --weak/--review")
        stem = write.name.removesuffix(".tsv").removesuffix(".sssom")
        write.write_text(
            suggestions_to_sssom(frame, stem, dt.date.today().isoformat(), frames.snapshot), encoding="utf-8"
        )
        status_console.print(f"wrote {len(frame)} suggested links to {write}")
    if "elements" in frame:
        frame = frame.assign(elements=frame["elements"].map(lambda es: ", ".join(map(short_id, es))))
    _show(frame, fmt, output, frames, title, columns)


def _review(frames: Frames, method: str, threshold: float | None, top_k: int, kinds: tuple[str, ...]) -> pd.DataFrame:
    """TF-IDF (at its default threshold) against semantic suggestions, or against the declared links."""
    if method == "semantic":
        tfidf = suggest_links(frames, None, top_k, "tfidf", kinds, include_declared=True)
        other = suggest_links(frames, threshold, top_k, "semantic", kinds, include_declared=True)
    else:
        tfidf = suggest_links(frames, threshold, top_k, "tfidf", kinds, include_declared=True)
        declared = declared_target_links(frames)
        declared = declared[declared["element"].isin(set(tfidf["element"]))]
        other = declared.assign(method="declared", score=declared["confidence"])
    return review_queue(tfidf.explode("elements").assign(element=lambda f: f["elements"]), other)


class DuplicateKind(str, Enum):
    question = "question"
    initiative = "initiative"
    resolution = "resolution"


@fail_cleanly
def duplicates(
    kind: Annotated[
        DuplicateKind | None, typer.Option("--kind", help="question, initiative or resolution (default all three)")
    ] = None,
    min_text: Annotated[float, typer.Option("--min-text", help="lowest text similarity")] = 0.3,
    min_targets: Annotated[float, typer.Option("--min-targets", help="lowest Jaccard of SDG targets")] = 0.2,
    method: MethodOption = Method.tfidf,
    period: PeriodOption = None,
    region: RegionOption = None,
    fmt: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Pairs of elements of one kind so alike in text and targets that they may duplicate.

    Questions are compared across study groups of a period, initiatives across regions of a period
    (--region keeps the pairs with one side in that region), Resolutions within one body."""
    kinds = (kind.value,) if kind else DUPLICATE_KINDS
    with status_console.status(f"comparing elements ({method.value})"):
        frames = _frames(period)
        frame = duplicate_pairs(frames, kinds, min_text, min_targets, method.value)
        if region:  # pairs span regions: keep those with one side in the region
            frame = frame[(frame["group_a"] == region) | (frame["group_b"] == region)].reset_index(drop=True)
    _show(
        frame,
        fmt,
        output,
        frames,
        "streamlining candidates (duplicates)",
        ["element_a", "text_a", "element_b", "text_b", "text_score", "target_jaccard", "shared_targets", "score"],
    )


class Pairs(str, Enum):
    pp = "pp"
    wtdc = "wtdc"
    all = "all"


@fail_cleanly
def streamline(
    pairs: Annotated[
        Pairs, typer.Option("--pairs", help="pp: WTDC against PP Resolutions; wtdc: WTDC against WTDC; all")
    ] = Pairs.all,
    min_text: Annotated[
        float, typer.Option("--min-text", help="lowest title similarity of an undeclared candidate")
    ] = 0.25,
    method: MethodOption = Method.tfidf,
    fmt: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """For each WTDC Resolution, the PP (and WTDC) Resolutions it repeats or overlaps, with evidence."""
    with status_console.status(f"comparing Resolutions ({method.value})"):
        frames = _frames()
        frame = streamline_pairs(frames, min_text=min_text, method=method.value, include_wtdc_pairs=pairs != Pairs.pp)
        if pairs == Pairs.wtdc:
            frame = frame[frame["pair"] == "WTDC-WTDC"].reset_index(drop=True)
    _show(
        frame,
        fmt,
        output,
        frames,
        "Resolutions streamlining",
        [
            "wtdc",
            "other",
            "other_title",
            "relation",
            "declared_status",
            "text_score",
            "topic_score",
            "score",
            "rank",
            "evidence",
        ],
    )


class DiffKind(str, Enum):
    question = "question"
    initiative = "initiative"
    priority = "priority"


class Section(str, Enum):
    all = "all"
    element = "element"
    coverage = "coverage"


@fail_cleanly
def diff(
    from_period: Annotated[str, typer.Option("--from", help="first cycle: study period or cycle id")] = "2018-2021",
    to_period: Annotated[str, typer.Option("--to", help="second cycle")] = "2022-2025",
    kind: Annotated[DiffKind, typer.Option("--kind")] = DiffKind.question,
    threshold: Annotated[
        float, typer.Option("--threshold", help="lowest title similarity of a match")
    ] = MATCH_THRESHOLD,
    section: Annotated[
        Section, typer.Option("--section", help="element changes, coverage changes, or all")
    ] = Section.all,
    method: MethodOption = Method.tfidf,
    region: RegionOption = None,
    fmt: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """What changed between two cycles: elements carried over, renamed, moved, dropped or new, and the
    SDG targets and WSIS action lines gained and lost."""
    with status_console.status(f"matching elements across cycles ({method.value})"):
        frames = _frames(region=region)
        result = diff_cycles(frames, from_period, to_period, kind.value, threshold, method.value)
    plural = {"question": "Questions", "initiative": "regional initiatives", "priority": "priorities"}
    title = f"{plural[kind.value]}: {from_period} -> {to_period}"
    element_columns = [
        "change",
        "from_element",
        "from_title",
        "to_element",
        "to_title",
        "similarity",
        "detail",
        "targets_gained",
        "targets_lost",
    ]
    coverage_columns = ["change", "notation", "label", "from_elements", "to_elements"]
    if section == Section.element:
        _show(result.elements, fmt, output, frames, title, element_columns)
    elif section == Section.coverage:
        _show(result.coverage, fmt, output, frames, title + " (coverage)", coverage_columns)
    elif fmt == TableFormat.table and output is None:
        _show(result.elements, fmt, output, frames, title, element_columns)
        _show(result.coverage, fmt, output, frames, title + " (coverage)", coverage_columns)
    else:
        frame = result.to_frame()
        _show(frame, fmt, output, frames, title, list(frame.columns))


COMMANDS = (suggest, duplicates, streamline, diff)
