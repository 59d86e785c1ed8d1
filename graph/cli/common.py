"""What every command module shares: consoles, error handling, output formats and options,
reading the frames, and the checked build."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph import settings
from graph.analysis.frames import Frames, load_frames
from graph.build import Dataset, build_dataset
from graph.buildfolder import BuildManifest
from graph.errors import BadInput, ItudAlignError, ValidationFailed
from graph.load import load_data
from graph.shacl import ENGINES, shacl_problems
from graph.snapshot import write_build
from graph.stores import open_store

__all__ = [
    "DataOption",
    "FormatOption",
    "OutputOption",
    "PeriodOption",
    "RegionOption",
    "TableFormat",
    "build_checked",
    "checked_dataset",
    "console",
    "err_console",
    "fail_cleanly",
    "print_frame",
    "read_frames",
    "status_console",
]

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

DataOption = Annotated[Path | None, typer.Option("--data", help="data folder (default ./data)")]


def fail_cleanly(func: F) -> F:
    """Turn the project's errors, and a file the command cannot read or write, into a one-line
    message: exit status 2 for a bad option value (naming the valid ones), 1 for anything else."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationFailed as err:
            for problem in err.problems:
                err_console.print(f"[red]error:[/red] {escape(problem)}", highlight=False)
            err_console.print(f"[red]{len(err.problems)} problem(s); nothing was written[/red]")
            raise typer.Exit(1) from None
        except BadInput as err:
            err_console.print(f"[red]error:[/red] {escape(str(err))}", highlight=False)
            raise typer.Exit(2) from None
        except ItudAlignError as err:
            err_console.print(f"[red]error:[/red] {escape(str(err))}", highlight=False)
            raise typer.Exit(1) from None
        except OSError as err:  # a path that cannot be written or read: name it, no traceback
            where = f"{err.filename}: " if err.filename else ""
            err_console.print(f"[red]error:[/red] {escape(where + (err.strerror or str(err)))}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def print_frame(frame: pd.DataFrame, fmt: str, output: Path | None = None, title: str | None = None) -> None:
    """Write a frame as a terminal table, CSV, JSON or XLSX, to ``output`` or standard output."""
    if fmt == "xlsx":
        if output is None:
            raise typer.BadParameter("--format xlsx needs -o FILE")
        frame.to_excel(output, index=False)
        return
    if fmt == "csv":
        text = frame.to_csv(index=False)
    elif fmt == "json":
        text = frame.to_json(orient="records", force_ascii=False, indent=2) + "\n"
    else:
        table = Table(title=title, show_lines=False)
        for column in frame.columns:
            table.add_column(str(column), overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*("" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in row))
        if output is None:
            console.print(table)
            return
        with output.open("w", encoding="utf-8") as handle:
            Console(file=handle, width=200).print(table)
        return
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def checked_dataset(data: Path | None, engine: str = ENGINES[0]) -> Dataset:
    """Load, check and build the data folder's dataset; SHACL problems raise ValidationFailed.

    The shapes are checked on an in-memory store before anything is written, so bad data
    never reaches the build folder.
    """
    tables = load_data(data or settings.data_dir())
    dataset = build_dataset(tables)
    problems = shacl_problems(dataset.quads, engine=engine)
    if problems:
        raise ValidationFailed(problems)
    return dataset


def build_checked(data: Path | None, target: Path) -> BuildManifest:
    """Load and build the data folder's dataset and write it into ``target``, checking the
    shapes while the store loads; SHACL problems raise ValidationFailed and write nothing."""
    dataset = build_dataset(load_data(data or settings.data_dir()))
    return write_build(dataset, target, check=shacl_problems)


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
