"""Write a build (store, sorted dump, manifest) into the build folder, all or nothing.

The new build is written into a temporary folder beside the build folder and swapped
in only when complete and checked, so a failed build leaves the previous one exactly as
it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from graph.build import Dataset, canonical_nquads, snapshot_id
from graph.buildfolder import (
    BuildManifest,
    build_graph_quads,
    dump_path,
    store_path,
    write_manifest,
)
from graph.errors import ValidationFailed

__all__ = ["write_build"]


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
    store = ox.Store(str(store_path(folder)))
    store.bulk_load(path=str(dump_path(folder)), format=ox.RdfFormat.N_QUADS)
    store.bulk_extend(build_graph_quads(snapshot, triples))
    store.flush()


def write_build(ds: Dataset, target: Path, check: Callable[[list[ox.Quad]], list[str]] | None = None) -> BuildManifest:
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
        dump_path(tmp).write_bytes(nquads)
        del nquads
        with ThreadPoolExecutor(max_workers=1) as loader:
            loading = loader.submit(_write_store, tmp, snapshot, len(ds.quads))
            problems = check(ds.quads) if check else []
            loading.result()
        if problems:
            raise ValidationFailed(problems)
        manifest = _manifest(ds, snapshot, problems)
        write_manifest(tmp, manifest)
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
