"""SDG goal and target titles: which of the UN KOS titles the build must not trust.

The KOS snapshot carries corrupted titles (17.13 in French ends in a spliced English phrase;
14.6 keeps a footnote digit in English, French and Spanish). A KOS title whose words differ from
the open-sdg title of the same goal or target is replaced by the open-sdg one; typography
(dashes, quotes, spaces) is not a difference.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from graph.load import Tables
from graph.namespaces import SDG, SKOS

__all__ = ["mismatched_kos_labels", "translation_key", "typographic_form"]


def translation_key(key: str) -> tuple[str, Any] | None:
    """The goal or target IRI and the label property an open-sdg key ("9-c-title", "9-short") names."""
    parts = key.split("-")
    if parts[-1] == "title" and len(parts) == 2:
        return str(SDG[parts[0]]), SKOS.prefLabel
    if parts[-1] == "short" and len(parts) == 2:
        return str(SDG[parts[0]]), SKOS.altLabel
    if parts[-1] == "title" and len(parts) == 3:
        return str(SDG[f"{parts[0]}.{parts[1]}"]), SKOS.prefLabel
    return None


def typographic_form(text: str) -> str:
    """A title with its typography folded (Unicode compatibility forms, dashes, quotes, tatweel, spaces).

    Two sources of the same UN title differ in such marks; any other difference is in the words.

    >>> typographic_form("non\u2011discriminatory  trade\u2019s ") == typographic_form("non-discriminatory trade's")
    True
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    text = re.sub("[\u2018\u2019\u02bc]", "'", text).replace("\u0640", "")
    return " ".join(text.split()).rstrip(" .")


def mismatched_kos_labels(tables: Tables, sdg_kinds: dict[str, str]) -> set[tuple[str, str]]:
    """(IRI, language) pairs where the UN KOS title says other words than the open-sdg title.

    The KOS snapshot has corrupted titles (17.13 in French ends in a spliced English phrase;
    14.6 keeps a footnote digit in English, French and Spanish); there the open-sdg title is used.
    """

    def value(term: object) -> str:  # a pyoxigraph term's IRI or lexical form
        return str(getattr(term, "value", ""))

    label = str(SKOS.prefLabel)
    kos = {
        (value(q.subject), str(getattr(q.object, "language", None) or "")): value(q.object)
        for q in tables.sdg_quads
        if value(q.predicate) == label and sdg_kinds.get(value(q.subject)) in ("sdg-goal", "sdg-target")
    }
    mismatched: set[tuple[str, str]] = set()
    for lang in ("en", "fr", "es"):
        for key, text in tables.translations.get(lang, {}).items():
            found = translation_key(key)
            if found is None or found[1] != SKOS.prefLabel or (found[0], lang) not in kos:
                continue
            if typographic_form(kos[(found[0], lang)]) != typographic_form(text):
                mismatched.add((found[0], lang))
    return mismatched
