"""Dataset commands: ``build``, ``validate``, ``query`` and ``export``."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.table import Table

from graph import settings
from graph.buildfolder import DUMP_NAME, MANIFEST_NAME, STORE_NAME, BuildManifest
from graph.cli.common import (
    DataOption,
    build_checked,
    checked_dataset,
    console,
    err_console,
    fail_cleanly,
    print_frame,
)
from graph.cli.guarded import query_text, run_query
from graph.stores import open_store

__all__ = ["COMMANDS", "build", "export", "query", "validate"]


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
    console.print(f"written to {target}/ ({STORE_NAME}/, {DUMP_NAME}, {MANIFEST_NAME})")


class ShaclEngine(str, Enum):
    oxigraph = "oxigraph"
    pyshacl = "pyshacl"


@fail_cleanly
def validate(
    data: DataOption = None,
    engine: Annotated[
        ShaclEngine, typer.Option("--engine", help="SHACL engine: oxigraph (SPARQL, fast) or pyshacl (the reference)")
    ] = ShaclEngine.oxigraph,
) -> None:
    """Run every check and the SHACL shapes without writing anything."""
    dataset = checked_dataset(data, engine.value)
    console.print(f"[green]valid[/green]: {len(dataset.quads)} quads, no problem found")


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@fail_cleanly
def query(
    query_or_file: Annotated[str, typer.Argument(help="a SPARQL query, or the path of a .rq file")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Run a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query on the store, under the endpoint's
    limits (see the README): no update, no SERVICE, a time, memory and row limit."""
    answer = run_query(query_text(query_or_file))
    if answer.boolean is not None:
        sys.stdout.write(
            json.dumps({"boolean": answer.boolean}) + "\n"
            if fmt == OutputFormat.json
            else f"{str(answer.boolean).lower()}\n"
        )
    elif answer.triples is not None:
        sys.stdout.write(answer.triples)
    elif answer.frame is not None:
        print_frame(answer.frame, fmt.value)
    if answer.note:
        err_console.print(f"[yellow]note:[/yellow] {answer.note}", highlight=False)


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
        triples = sorted(
            {ox.Triple(q.subject, q.predicate, q.object) for q in source.quads_for_pattern(None, None, None)}, key=str
        )
        data = ox.serialize(triples, format=rdf_format)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        err_console.print(f"wrote {output} ({len(data)} bytes)")


COMMANDS = (build, validate, query, export)
