"""The ``itud-align`` command line: build, validate, query and export the graph.

Only this module (with the endpoint and the dashboard callbacks) turns the project's
errors into messages and exit codes: one line naming the file and line, and the fix.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pandas as pd
import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph import settings
from graph.build import Dataset, build_dataset
from graph.errors import ItudAlignError, ValidationFailed
from graph.load import load_data
from graph.shacl import ENGINES, shacl_problems
from graph.snapshot import STORE_NAME, BuildManifest, write_build
from graph.stores import open_store

__all__ = ["app", "build_checked", "checked_dataset", "console", "fail_cleanly", "print_frame"]

app = typer.Typer(help="Align the ITU-D portfolio with the SDGs and the WSIS action lines.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

DataOption = Annotated[Path | None, typer.Option("--data", help="data folder (default ./data)")]


def fail_cleanly(func: F) -> F:
    """Turn the project's errors into a one-line message and exit status 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationFailed as err:
            for problem in err.problems:
                err_console.print(f"[red]error:[/red] {escape(problem)}", highlight=False)
            err_console.print(f"[red]{len(err.problems)} problem(s); nothing was written[/red]")
            raise typer.Exit(1) from None
        except ItudAlignError as err:
            err_console.print(f"[red]error:[/red] {escape(str(err))}", highlight=False)
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


def _summary(manifest: BuildManifest) -> None:
    console.print(f"[bold]snapshot[/bold] {manifest.snapshot}   [bold]triples[/bold] {manifest.triples}")
    for title, counts in (
        ("elements per kind", manifest.elements),
        ("links per justification", manifest.links_by_justification),
        ("links per status", manifest.links_by_status),
    ):
        table = Table(title=title)
        table.add_column("key")
        table.add_column("count", justify="right")
        for key, n in counts.items():
            table.add_row(key, str(n))
        console.print(table)
    table = Table(title="elements per status (by source file kind)")
    for column in ("kind", "verified", "unverified"):
        table.add_column(column)
    for kind, counts in manifest.elements_by_status.items():
        table.add_row(kind, str(counts.get("verified", 0)), str(counts.get("unverified", 0)))
    console.print(table)


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


@app.command()
@fail_cleanly
def build(
    data: DataOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="build folder (default ./build)")] = None,
) -> None:
    """Load and check every data file, build the RDF dataset, validate it, write store and dump."""
    with console.status("building the graph"):
        target = out or settings.build_dir()
        manifest = build_checked(data, target)
    _summary(manifest)
    console.print(f"written to {target}/ ({STORE_NAME}/, dataset.nq, build.json)")


class ShaclEngine(str, Enum):
    oxigraph = "oxigraph"
    pyshacl = "pyshacl"


@app.command()
@fail_cleanly
def validate(
    data: DataOption = None,
    engine: Annotated[ShaclEngine, typer.Option(
        "--engine", help="SHACL engine: oxigraph (SPARQL, fast) or pyshacl (the reference)")] = ShaclEngine.oxigraph,
) -> None:
    """Run every check and the SHACL shapes without writing anything."""
    dataset = checked_dataset(data, engine.value)
    console.print(f"[green]valid[/green]: {len(dataset.quads)} quads, no problem found")


_KEYWORD = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def _query_form(query: str) -> str:
    text = re.sub(r"#[^\n]*", "", query)
    text = re.sub(r"<[^>]*>", "", text)
    match = _KEYWORD.search(text)
    return match.group(1).upper() if match else "SELECT"


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
@fail_cleanly
def query(
    query_or_file: Annotated[str, typer.Argument(help="a SPARQL query, or the path of a .rq file")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Run a SPARQL SELECT, ASK or CONSTRUCT query on the store."""
    path = Path(query_or_file)
    text = path.read_text(encoding="utf-8") if path.suffix == ".rq" and path.is_file() else query_or_file
    store = open_store()
    try:
        form = _query_form(text)
        if form == "ASK":
            answer = store.ask(text)
            sys.stdout.write(json.dumps({"boolean": answer}) + "\n" if fmt == OutputFormat.json
                             else f"{str(answer).lower()}\n")
        elif form in ("CONSTRUCT", "DESCRIBE"):
            sys.stdout.write(store.construct(text))
        else:
            print_frame(store.select(text), fmt.value)
    finally:
        store.close()


class ExportFormat(str, Enum):
    turtle = "turtle"
    ntriples = "ntriples"
    jsonld = "jsonld"
    trig = "trig"
    nquads = "nquads"


_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


@app.command()
@fail_cleanly
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.trig,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="file (default stdout)")] = None,
) -> None:
    """Dump the dataset. TriG, N-Quads and JSON-LD keep the named graphs; the others give their union."""
    store = open_store("oxigraph")
    rdf_format = _RDF_FORMATS[fmt.value]
    source = store.store  # type: ignore[attr-defined]
    if rdf_format.supports_datasets:
        data = source.dump(format=rdf_format)
    else:
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object)
                          for q in source.quads_for_pattern(None, None, None)}, key=str)
        data = ox.serialize(triples, format=rdf_format)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        err_console.print(f"wrote {output} ({len(data)} bytes)")


# the other command groups register themselves on ``app``
from graph import cli_analysis, cli_serve, cli_text  # noqa: E402, F401
