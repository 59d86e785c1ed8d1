"""The build folder's layout: its file names, its manifest and the build graph.

Reading a build needs only this module (no pandas, no yaml, nothing of the builder), so
opening a store or serving the endpoint never imports the code that writes builds.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreError
from graph.namespaces import ITUD, RDF, VOID, XSD, graph_iri, mint

__all__ = [
    "DUMP_NAME",
    "MANIFEST_NAME",
    "STORE_NAME",
    "BuildManifest",
    "build_graph_quads",
    "dump_path",
    "has_build",
    "read_manifest",
    "store_path",
    "write_manifest",
]

STORE_NAME = "store"
DUMP_NAME = "dataset.nq"
MANIFEST_NAME = "build.json"


@dataclass
class BuildManifest:
    """What a build contains: the snapshot id and the summary figures."""

    snapshot: str
    triples: int
    elements: dict[str, int] = field(default_factory=dict)
    elements_by_status: dict[str, dict[str, int]] = field(default_factory=dict)
    links_by_justification: dict[str, int] = field(default_factory=dict)
    links_by_status: dict[str, int] = field(default_factory=dict)
    graphs: dict[str, int] = field(default_factory=dict)
    shacl_problems: list[str] = field(default_factory=list)


def store_path(build: Path) -> Path:
    """The on-disk Oxigraph store of the build in ``build``."""
    return Path(build) / STORE_NAME


def dump_path(build: Path) -> Path:
    """The sorted N-Quads dump of the build in ``build``."""
    return Path(build) / DUMP_NAME


def has_build(build: Path) -> bool:
    """Whether ``build`` holds a finished build (its manifest is written last)."""
    return (Path(build) / MANIFEST_NAME).is_file()


def write_manifest(build: Path, manifest: BuildManifest) -> None:
    """Write ``manifest`` into the build folder ``build``."""
    text = json.dumps(asdict(manifest), indent=2, sort_keys=True) + "\n"
    (Path(build) / MANIFEST_NAME).write_text(text)


def read_manifest(build: Path) -> BuildManifest:
    """Read the manifest of an existing build; a missing build raises StoreError."""
    path = Path(build) / MANIFEST_NAME
    if not path.is_file():
        raise StoreError(f"{path}: no build found", fix="run 'itud-align build' first")
    try:
        return BuildManifest(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as err:  # not JSON, not UTF-8, or not the manifest's fields
        raise StoreError(
            f"{path}: not a build manifest ({type(err).__name__})", fix="run 'itud-align build' again"
        ) from None


def build_graph_quads(snapshot: str, triples: int) -> list[ox.Quad]:
    """The build graph: the dataset's snapshot id and size, beside (not inside) the hashed content."""
    graph = ox.NamedNode(str(graph_iri("build")))
    dataset = ox.NamedNode(str(mint("dataset", "itud-align")))
    return [
        ox.Quad(dataset, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(VOID.Dataset)), graph),
        ox.Quad(dataset, ox.NamedNode(str(ITUD.snapshotId)), ox.Literal(snapshot), graph),
        ox.Quad(
            dataset,
            ox.NamedNode(str(VOID.triples)),
            ox.Literal(str(triples), datatype=ox.NamedNode(str(XSD.integer))),
            graph,
        ),
    ]
