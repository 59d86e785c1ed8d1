"""The SDG sources: the UN SDG KOS and ontology (skolemised, stray labels dropped), the
project ontology, and the open-sdg translations of goal and target titles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from graph.build.sdg_titles import translation_key
from graph.build.writer import Writer, node
from graph.errors import DataError
from graph.load import Tables, read_turtle
from graph.namespaces import ITUD, RDF, SDGO, SKOS, graph_iri, mint

__all__ = ["add_translations", "ambiguous_kos_labels", "kos_quads", "ontology_quads", "sdg_kinds", "skolemised"]


def ontology_quads() -> list[ox.Quad]:
    """Return the ontology (``graph/ontology.ttl``) in its own named graph."""
    path = Path(str(resources.files("graph") / "ontology.ttl"))
    graph = node(graph_iri("ontology"))
    return [ox.Quad(q.subject, q.predicate, q.object, graph) for q in read_turtle(path)]


def skolemised(quads: Iterable[ox.Quad], source: str) -> list[ox.Quad]:
    """The quads of ``source`` in its named graph, blank nodes turned into stable IRIs."""
    graph = node(graph_iri(source))

    def term(t):  # type: ignore[no-untyped-def]
        return node(mint("genid", f"{source}/{t.value}")) if isinstance(t, ox.BlankNode) else t

    return [ox.Quad(term(q.subject), q.predicate, term(q.object), graph) for q in quads]


def _value(term: object) -> str:
    """The IRI or lexical form of a pyoxigraph term (the stubs type it as a union)."""
    return str(getattr(term, "value", ""))


def _language(term: object) -> str | None:
    return getattr(term, "language", None)


def sdg_kinds(tables: Tables) -> dict[str, str]:
    """SDG goal, target and indicator IRI -> kind, from the UN KOS."""
    kinds: dict[str, str] = {}
    names = {str(SDGO.Goal): "sdg-goal", str(SDGO.Target): "sdg-target", str(SDGO.Indicator): "sdg-indicator"}
    for q in tables.sdg_quads:
        if _value(q.predicate) == str(RDF.type) and _value(q.object) in names:
            kinds[_value(q.subject)] = names[_value(q.object)]
    return kinds


def ambiguous_kos_labels(tables: Tables, kinds: dict[str, str]) -> set[tuple[str, str]]:
    """(IRI, language) pairs where the UN KOS gives a goal or target more than one prefLabel.

    The KOS snapshot has such defects (target 12.3 carries stray labels); there the
    open-sdg title replaces the KOS labels, so that every goal and target keeps one
    title per language.
    """
    seen = Counter(
        (_value(q.subject), _language(q.object) or "")
        for q in tables.sdg_quads
        if _value(q.predicate) == str(SKOS.prefLabel) and kinds.get(_value(q.subject)) in ("sdg-goal", "sdg-target")
    )
    return {key for key, count in seen.items() if count > 1}


def kos_quads(tables: Tables, ambiguous: set[tuple[str, str]]) -> list[ox.Quad]:
    """The UN KOS without its ambiguous titles."""
    keep = [
        q
        for q in tables.sdg_quads
        if not (
            _value(q.predicate) == str(SKOS.prefLabel) and (_value(q.subject), _language(q.object) or "") in ambiguous
        )
    ]
    return skolemised(keep, "un-sdg-kos")


def add_translations(w: Writer, tables: Tables, kinds: dict[str, str], ambiguous: set[tuple[str, str]]) -> None:
    """The open-sdg titles: the languages the KOS lacks, and the defective KOS titles (``ambiguous``)."""
    g = w.graph("open-sdg-translations")
    for iri, lang in sorted(ambiguous):
        g.text(
            iri,
            ITUD.note,
            f"The UN KOS {lang} title is defective (several titles, or text that is not the "
            f"target's: a stray footnote digit, a spliced phrase); the open-sdg {lang} title "
            "is used.",
        )
    for lang, titles in tables.translations.items():
        for key, text in titles.items():
            found = translation_key(key)
            if found is None:
                continue
            iri, prop = found
            if iri not in kinds:
                raise DataError(
                    tables.root / "sources/open-sdg-translations" / lang,
                    None,
                    f"key {key!r} names no SDG goal or target of the UN KOS",
                    "restore the translation files from data/sources",
                )
            # the UN KOS already gives en, fr and es titles; keep those official ones
            if prop == SKOS.prefLabel and lang in ("en", "fr", "es") and (iri, lang) not in ambiguous:
                continue
            g.text(iri, prop, text, lang=lang)
