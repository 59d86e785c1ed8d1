"""Alignment commands: ``gaps``, ``misalignments``, ``completeness`` and ``explain``.

Each reads the store through the named queries, runs a pure analysis and prints a frame:
a terminal table by default, or CSV, JSON or XLSX (with the build's snapshot id on every
row). Lists (nearest elements, evidence) are JSON-encoded in CSV and XLSX cells.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from graph.analysis.completeness import completeness as completeness_items
from graph.analysis.filters import Filters, apply
from graph.analysis.gaps import GAP_KINDS, find_gaps
from graph.analysis.misalignments import RULES, find_misalignments, misalignment_count
from graph.analysis.network import explain as explain_chain
from graph.analysis.scopes import DEFAULT_SCOPE, SCOPE_HELP
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

__all__ = ["COMMANDS", "completeness", "explain", "gaps", "misalignments"]


StudyGroupOption = Annotated[str | None, typer.Option("--study-group", help="SG1 or SG2")]
PriorityOption = Annotated[str | None, typer.Option("--priority", help="a priority id, e.g. KAP-P1")]
StatusOption = Annotated[str | None, typer.Option("--status", help="keep links of this status: verified, unverified")]
JustificationOption = Annotated[
    str | None, typer.Option("--justification", help="keep links of this justification, e.g. 'manual curation'")
]


def _export(
    frame: pd.DataFrame,
    fmt: TableFormat,
    output: Path | None,
    snapshot: str | None,
    table_columns: list[str],
    title: str,
) -> None:
    """Print ``frame``: chosen columns in a table, every column (plus snapshot) otherwise."""
    if fmt == TableFormat.table:
        print_frame(frame[table_columns].map(_cell), "table", output, title=title)
        return
    out = frame.assign(snapshot=snapshot)
    if fmt in (TableFormat.csv, TableFormat.xlsx):
        out = out.map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
    print_frame(out, fmt.value, output)


def _cell(value: object) -> object:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


@fail_cleanly
def gaps(
    scope: Annotated[str, typer.Option("--scope", help=SCOPE_HELP)] = DEFAULT_SCOPE,
    period: PeriodOption = None,
    region: RegionOption = None,
    study_group: StudyGroupOption = None,
    priority: PriorityOption = None,
    status: StatusOption = None,
    justification: JustificationOption = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help=f"only these gap kinds ({', '.join(GAP_KINDS)})")
    ] = None,
    fmt: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """List the gaps: uncovered targets, priorities without Questions or initiatives, unsupported
    action lines, unlinked elements, coverage lost between cycles."""
    filters = Filters(
        period=period,
        region=region,
        study_group=study_group,
        priority=priority,
        status=status,
        justification=justification,
    )
    with status_console.status("finding gaps"):
        frames = read_frames()
        found = find_gaps(frames, scope=scope, filters=filters, kinds=kind or None)
    _export(
        found,
        fmt,
        output,
        frames.snapshot,
        ["kind", "item", "filters", "nearest", "detail"],
        f"{len(found)} gap(s), snapshot {frames.snapshot}",
    )


@fail_cleanly
def misalignments(
    scope: Annotated[
        str, typer.Option("--scope", help=f"keep target-bound findings to a scope: {SCOPE_HELP}")
    ] = DEFAULT_SCOPE,
    period: PeriodOption = None,
    region: RegionOption = None,
    study_group: StudyGroupOption = None,
    priority: PriorityOption = None,
    status: StatusOption = None,
    justification: JustificationOption = None,
    rule: Annotated[
        list[str] | None, typer.Option("--rule", help=f"only these rules ({', '.join(r.id for r in RULES)})")
    ] = None,
    fmt: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """List the misalignments each rule finds, with the evidence (links and their sources); notes
    (the Matrix's silence, M1) are listed after them and not counted."""
    filters = Filters(
        period=period,
        region=region,
        study_group=study_group,
        priority=priority,
        status=status,
        justification=justification,
    )
    with status_console.status("checking the rules"):
        frames = read_frames()
        found = find_misalignments(apply(frames, filters), scope=scope, rules=rule or None)
    table = found.assign(evidence=found["evidence"].map(len))
    _export(
        found if fmt != TableFormat.table else table,
        fmt,
        output,
        frames.snapshot,
        ["rule", "severity", "element_label", "message", "evidence"],
        f"{misalignment_count(found)} misalignment(s) and {len(found) - misalignment_count(found)} "
        f"note(s), snapshot {frames.snapshot}",
    )


@fail_cleanly
def completeness(
    period: PeriodOption = None,
    region: RegionOption = None,
    study_group: StudyGroupOption = None,
    priority: PriorityOption = None,
    status: StatusOption = None,
    justification: JustificationOption = None,
    fmt: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """List what the data does not say yet (untitled elements, elements without links, partial
    lists by region and cycle, unverified share): never counted as a misalignment or a gap."""
    filters = Filters(
        period=period,
        region=region,
        study_group=study_group,
        priority=priority,
        status=status,
        justification=justification,
    )
    with status_console.status("checking the data"):
        frames = read_frames()
        found = completeness_items(apply(frames, filters))
    _export(
        found,
        fmt,
        output,
        frames.snapshot,
        ["kind", "item_label", "cycle", "detail"],
        f"{len(found)} data-completeness item(s), snapshot {frames.snapshot}",
    )


@fail_cleanly
def explain(
    element: Annotated[str, typer.Argument(help="an element id (2022-2025/Q3-2, KAP-P1) or IRI")],
    target: Annotated[str, typer.Argument(help="an SDG target code (9.c) or IRI")],
    fmt: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Show the shortest chain of links from an element to an SDG target, with its evidence."""
    with status_console.status("tracing the chain"):
        frames = read_frames()
        chain = explain_chain(frames, element, target)
    if chain.empty:
        status_console.print(f"no chain of links connects {element} to {target}")
        raise typer.Exit(1)
    _export(
        chain,
        fmt,
        output,
        frames.snapshot,
        ["step", "subject", "predicate", "object", "status", "justification", "confidence", "source", "comment"],
        f"{element} -> {target}, snapshot {frames.snapshot}",
    )


COMMANDS = (gaps, misalignments, completeness, explain)
