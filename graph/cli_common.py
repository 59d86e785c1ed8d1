"""What the analysis command groups share: output options, filter options, reading the frames."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graph.analysis.frames import Frames, load_frames
from graph.stores import open_store

__all__ = [
    "FormatOption",
    "OutputOption",
    "PeriodOption",
    "RegionOption",
    "TableFormat",
    "read_frames",
    "status_console",
]

status_console = Console(stderr=True)


class TableFormat(str, Enum):
    """How a command writes its table."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


FormatOption = Annotated[TableFormat, typer.Option("--format", "-f", help="table, csv, json or xlsx")]
OutputOption = Annotated[Path | None, typer.Option("-o", "--output", help="write to FILE")]
PeriodOption = Annotated[str | None, typer.Option("--period", help="a study period (2022-2025) or cycle (WTDC-22)")]
RegionOption = Annotated[str | None, typer.Option("--region", help="a region code (AFR, AMS, ARB, ASP, CIS, EUR)")]


def read_frames() -> Frames:
    """The frames of the store the settings name, read through the named queries."""
    store = open_store()
    try:
        return load_frames(store)
    finally:
        store.close()
