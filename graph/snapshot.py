"""Write a build (store, sorted dump, manifest) into the build folder, all or nothing.

The new build is written into a temporary folder beside the build folder and swapped
in only when complete and checked, so a failed build leaves the previous one exactly as
it was.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.build import Dataset, canonical_nquads, snapshot_id
from graph.errors import StoreError, ValidationFailed
from graph.namespaces import ITUD, RDF, VOID, XSD, graph_iri, mint

__all__ = [
    "DUMP_NAME",
    "MANIFEST_NAME",
    "STORE_NAME",
    "BuildManifest",
    "build_graph_quads",
    "read_manifest",
    "write_build",
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


def build_graph_quads(snapshot: str, triples: int) -> list[ox.Quad]:
    """The build graph: the dataset's snapshot id and size, beside (not inside) the hashed content."""
    graph = ox.NamedNode(str(graph_iri("build")))
    dataset = ox.NamedNode(str(mint("dataset", "itud-align")))
    return [
        ox.Quad(dataset, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(VOID.Dataset)), graph),
        ox.Quad(dataset, ox.NamedNode(str(ITUD.snapshotId)), ox.Literal(snapshot), graph),
        ox.Quad(dataset, ox.NamedNode(str(VOID.triples)),
                ox.Literal(str(triples), datatype=ox.NamedNode(str(XSD.integer))), graph),
    ]


def _manifest(ds: Dataset, snapshot: str, problems: list[str]) -> BuildManifest:
    graphs: dict[str, int] = {}
    for q in ds.quads:
        name = str(getattr(q.graph_name, "value", ""))
        graphs[name] = graphs.get(name, 0) + 1
    by_status: dict[str, dict[str, int]] = {}
    for (kind, status), n in sorted(ds.elements_by_status.items()):
        by_status.setdefault(kind, {})[status] = n
    return BuildManifest(
        snapshot=snapshot,
        triples=len(ds.quads),
        elements=dict(sorted(ds.elements.items())),
        elements_by_status=by_status,
        links_by_justification=dict(sorted(ds.links_by_justification.items())),
        links_by_status=dict(sorted(ds.links_by_status.items())),
        graphs=dict(sorted(graphs.items())),
        shacl_problems=problems,
    )


def _write_store(folder: Path, snapshot: str, triples: int) -> None:
    store = ox.Store(str(folder / STORE_NAME))
    store.bulk_load(path=str(folder / DUMP_NAME), format=ox.RdfFormat.N_QUADS)
    store.bulk_extend(build_graph_quads(snapshot, triples))
    store.flush()


def write_build(ds: Dataset, target: Path,
                check: Callable[[list[ox.Quad]], list[str]] | None = None) -> BuildManifest:
    """Write store, dump and manifest for ``ds`` into ``target``, replacing it atomically.

    ``check`` (the SHACL shapes, say) runs on the quads while pyoxigraph loads the store
    in another thread, which releases Python's lock, so the two share the cores. Problems
    it returns raise :class:`ValidationFailed` and the previous build stays as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.new-{os.getpid()}"
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        nquads = canonical_nquads(ds.quads)
        snapshot = snapshot_id(nquads)
        (tmp / DUMP_NAME).write_bytes(nquads)
        del nquads
        with ThreadPoolExecutor(max_workers=1) as loader:
            loading = loader.submit(_write_store, tmp, snapshot, len(ds.quads))
            problems = check(ds.quads) if check else []
            loading.result()
        if problems:
            raise ValidationFailed(problems)
        manifest = _manifest(ds, snapshot, problems)
        (tmp / MANIFEST_NAME).write_text(json.dumps(asdict(manifest), indent=2, sort_keys=True) + "\n")
        if target.exists():
            target.rename(old)
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return manifest


def read_manifest(build: Path) -> BuildManifest:
    """Read the manifest of an existing build; a missing build raises StoreError."""
    path = Path(build) / MANIFEST_NAME
    if not path.is_file():
        raise StoreError(f"{path}: no build found. Fix: run 'itud-align build' first")
    try:
        return BuildManifest(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as err:  # not JSON, not UTF-8, or not the manifest's fields
        raise StoreError(f"{path}: not a build manifest ({type(err).__name__}). "
                         "Fix: run 'itud-align build' again") from None
