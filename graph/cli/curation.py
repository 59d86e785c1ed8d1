"""Curation commands: ``review`` (decide on links), ``diff-mappings`` and ``import`` (a new cycle)."""

from __future__ import annotations

import datetime as dt
import getpass
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.prompt import FloatPrompt, Prompt
from rich.table import Table

from graph import settings
from graph.cli.common import (
    DataOption,
    FormatOption,
    OutputOption,
    RegionOption,
    TableFormat,
    console,
    fail_cleanly,
    print_frame,
)
from graph.cycle_import import IMPORT_KINDS, import_cycle
from graph.mapping_diff import diff_mappings as compare_versions
from graph.mapping_diff import read_version
from graph.review import Decision, decide, review_queue

__all__ = ["COMMANDS", "diff_mappings", "import_", "review"]


class Kind(str, Enum):
    """The element kinds a review can be limited to."""

    question = "question"
    initiative = "initiative"
    priority = "priority"
    resolution = "resolution"
    wsis = "wsis"


ImportKind = Enum("ImportKind", {k: k for k in IMPORT_KINDS}, type=str)  # type: ignore[misc]


def _card(row: dict, position: int, total: int) -> Panel:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("element", f"{escape(row['subject_id'])}\n{escape(row['subject_text'] or '(no title known)')}")
    table.add_row("link", escape(row["predicate_id"]))
    table.add_row("object", f"{escape(row['object_id'])}\n{escape(row['object_text'] or '')}")
    table.add_row(
        "evidence",
        escape(
            f"{row['status']} · {row['mapping_justification']} · confidence "
            f"{float(row['confidence']):.2f} · {row['author_id']} {row['mapping_date']}"
        ),
    )
    table.add_row("comment", escape(row["comment"]))
    table.add_row("source", escape(row["source"]))
    table.add_row(
        "filed", escape(" ".join(x for x in (row["kind"], row["region"], row["cycle"], row["priorities"]) if x))
    )
    return Panel(table, title=f"{position}/{total} · {row['mapping_set']}:{row['line']}")


@fail_cleanly
def review(
    data: DataOption = None,
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="your id, written agent:<id> (default: login)")
    ] = None,
    kind: Annotated[Kind | None, typer.Option("--kind", help="only elements of this kind")] = None,
    priority: Annotated[str | None, typer.Option("--priority", help="only elements filed under it (KAP-P1)")] = None,
    region: RegionOption = None,
    cycle: Annotated[str | None, typer.Option("--cycle", help="a study period (2022-2025) or WTDC-22")] = None,
    status: Annotated[
        str, typer.Option("--status", help="unverified, suggested, or both (comma)")
    ] = "unverified,suggested",
) -> None:
    """Walk unverified and suggested links; accept, reject or edit each, with your id and the date."""
    root = data or settings.data_dir()
    who = reviewer or getpass.getuser()
    queue = review_queue(
        root,
        kind=kind.value if kind else None,
        priority=priority,
        region=region,
        cycle=cycle,
        statuses=tuple(s.strip() for s in status.split(",")),
    )
    if queue.empty:
        console.print("nothing to review with these filters")
        return
    today = dt.date.today().isoformat()
    counts = {"accept": 0, "reject": 0, "edit": 0}
    for position, row in enumerate(queue.to_dict("records"), start=1):
        console.print(_card(row, position, len(queue)))
        choice = Prompt.ask(
            escape("[a]ccept (verified) · [r]eject · [e]dit · [s]kip · [q]uit"),
            choices=["a", "r", "e", "s", "q"],
            default="s",
            console=console,
        )
        if choice == "q":
            break
        if choice == "s":
            continue
        action = {"a": "accept", "r": "reject", "e": "edit"}[choice]
        confidence, comment = None, None
        if action == "edit":
            confidence = FloatPrompt.ask("confidence (0-1)", default=float(row["confidence"]), console=console)
            comment = Prompt.ask("comment", default=row["comment"], console=console)
        key = (row["subject_id"], row["predicate_id"], row["object_id"], row["comment"])
        decide(root, Decision(row["mapping_set"], key, action, who, today, confidence, comment))
        counts[action] += 1
    console.print(
        f"{counts['accept']} accepted, {counts['reject']} rejected, {counts['edit']} edited "
        f"by agent:{who}; run 'itud-align build' to see them in the graph"
    )


@fail_cleanly
def diff_mappings(
    old: Annotated[str, typer.Argument(help="a .sssom.tsv file, a folder, or a git revision (HEAD~1)")],
    new: Annotated[str, typer.Argument(help="the same, for the newer version")] = "data",
    fmt: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Links added, removed, and changed in status or confidence, per mapping set."""
    frame = compare_versions(read_version(old), read_version(new))
    print_frame(frame, fmt.value, output, title=f"mapping changes {old} -> {new}")


@fail_cleanly
def import_(
    kind: Annotated[ImportKind, typer.Argument(help="question, initiative, priority or resolution")],
    file: Annotated[Path, typer.Argument(help="a CSV from data/templates/<kind>.csv", exists=False)],
    cycle: Annotated[str, typer.Option("--cycle", help="the study period (2026-2029) or conference (WTDC-25)")],
    data: DataOption = None,
) -> None:
    """Check every row of a cycle's CSV (file:line errors, nothing written on failure), then add them."""
    added = import_cycle(data or settings.data_dir(), kind.value, file, cycle)
    console.print(f"{len(added)} {kind.value}(s) added for {cycle}: {', '.join(added)}")


COMMANDS = (review, diff_mappings, import_)
