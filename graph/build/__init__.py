"""Turn checked tables into the RDF dataset: one named graph per source file.

One module per framework file writes its graph (:mod:`.sdg`, :mod:`.cycles`, :mod:`.wsis`,
:mod:`.questions`, :mod:`.initiatives`, :mod:`.priorities`, :mod:`.resolutions`), then
:mod:`.links` the links and their evidence; this module runs them in order.

The result is deterministic: the same data gives the same quads, the same sorted
N-Quads dump and the same snapshot id. Blank nodes of the sources are skolemised
into IRIs that depend only on the source and its own labels.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from graph.build.cycles import add_cycles, add_regions
from graph.build.initiatives import add_initiatives
from graph.build.links import add_mappings, add_unlinked_reasons, check_curation, unlinked_reasons
from graph.build.priorities import add_priorities
from graph.build.questions import add_questions
from graph.build.resolutions import add_resolutions
from graph.build.sdg import add_translations, ambiguous_kos_labels, kos_quads, ontology_quads, sdg_kinds, skolemised
from graph.build.sdg_titles import mismatched_kos_labels
from graph.build.writer import Dataset, Writer
from graph.build.wsis import add_wsis_action_lines
from graph.load import FRAMEWORK_FILES, Tables, normalise_status

__all__ = ["Dataset", "build_dataset", "canonical_nquads", "ontology_quads", "snapshot_id"]

# in this order: the later ones read the cycles, regions and study groups the earlier ones mint
_FRAMEWORKS = (
    add_cycles,
    add_regions,
    add_wsis_action_lines,
    add_questions,
    add_initiatives,
    add_priorities,
    add_resolutions,
)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: quads hold no cycles, and a million of them would
    otherwise be scanned over and over as the list grows."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_dataset(tables: Tables) -> Dataset:
    """Build every quad of the dataset from checked tables."""
    with _gc_paused():
        return _build_dataset(tables)


def _build_dataset(tables: Tables) -> Dataset:
    w = Writer()
    w.quads.extend(ontology_quads())
    kinds = sdg_kinds(tables)
    ambiguous = ambiguous_kos_labels(tables, kinds) | mismatched_kos_labels(tables, kinds)
    w.quads.extend(kos_quads(tables, ambiguous))
    w.quads.extend(skolemised(tables.sdg_ontology_quads, "un-sdg-ontology"))
    add_translations(w, tables, kinds, ambiguous)
    elements: dict[str, str] = {}
    for add in _FRAMEWORKS:
        add(w, tables, elements)
    known = {**kinds, **elements}
    ds = Dataset(quads=[])
    add_mappings(w, tables, known, ds)
    reasons = unlinked_reasons(tables, known)
    add_unlinked_reasons(w, reasons)
    check_curation(tables, known, reasons)
    ds.quads = list(dict.fromkeys(w.quads))
    ds.elements = Counter(k for k in known.values())
    for name, (kind, _required) in FRAMEWORK_FILES.items():
        frame = tables.frameworks[name]
        column = next(c for c in ("title_status", "status", "title_en_status") if c in frame.columns)
        for value in frame[column]:
            ds.elements_by_status[(kind, normalise_status(value))] += 1
    return ds


def canonical_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """Serialise quads as sorted, de-duplicated N-Quads: byte-identical for the same data.

    pyoxigraph serialises all quads at once; sorting the UTF-8 lines as bytes gives the
    order of their code points, so the dump is the same as sorting the lines as text.
    """
    lines = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").splitlines(keepends=True)
    lines.sort()
    return b"".join(line for line, before in zip(lines, [b"", *lines], strict=False) if line != before)


def snapshot_id(nquads: bytes) -> str:
    """Return the short content hash that names a build."""
    return hashlib.sha256(nquads).hexdigest()[:12]
