"""``/terms.json``: the graph's own prefixes, classes, properties and elements, for editors to complete.

The Query page's editor (YASGUI) completes terms from this list instead of the public services
it calls by default (prefix.cc, Linked Open Vocabularies), so nothing leaves the machine and
what it offers is what this graph holds. The terms come from ``graph/endpoint/editor_terms.rq``
run through the endpoint's own code path, once per snapshot; the SKOS vocabulary is added
whole because the data uses only part of it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import flask

from graph.buildfolder import read_manifest
from graph.endpoint.protocol import endpoint_state, run_sparql
from graph.errors import ItudAlignError
from graph.namespaces import SKOS, SPARQL_PREFIXES

__all__ = ["TERMS_PATH", "bp", "editor_terms", "sparql_term"]

TERMS_PATH = "/terms.json"
bp = flask.Blueprint("itud_editor_terms", __name__)
# the endpoint's own query (not a named analysis query: it reads the local store only, so it is not
# held to give the same rows on every SPARQL backend)
TERMS_QUERY = Path(__file__).resolve().parent / "editor_terms.rq"

# a local name that SPARQL accepts after ``prefix:`` without escapes
_PLAIN_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_CACHE: dict[tuple[str, str], bytes] = {}


def sparql_term(iri: str) -> str:
    """``iri`` as SPARQL text: ``prefix:local`` with the project's prefixes when the local name
    needs no escape, else ``<iri>``.

    >>> sparql_term("http://metadata.un.org/sdg/9.c")
    'sdg:9.c'
    >>> sparql_term("https://w3id.org/itud-align/id/wsis/C5")
    '<https://w3id.org/itud-align/id/wsis/C5>'
    """
    best = max(
        (p for p, ns in SPARQL_PREFIXES.items() if iri.startswith(ns)),
        key=lambda p: len(SPARQL_PREFIXES[p]),
        default=None,
    )
    if best is not None and _PLAIN_LOCAL.match(iri[len(SPARQL_PREFIXES[best]) :]):
        return f"{best}:{iri[len(SPARQL_PREFIXES[best]) :]}"
    return f"<{iri}>"


def _skos_terms() -> tuple[list[str], list[str]]:
    """SKOS core's classes (capitalised names) and properties."""
    names = list(SKOS.__annotations__)
    return ([str(SKOS[n]) for n in names if n[:1].isupper()], [str(SKOS[n]) for n in names if n[:1].islower()])


def editor_terms(rows: list[dict[str, Any]], truncated: bool) -> dict[str, Any]:
    """The completion lists from the rows of ``editor_terms.rq`` (SPARQL JSON bindings)."""
    skos_classes, skos_properties = _skos_terms()
    found: dict[str, set[str]] = {"class": set(skos_classes), "property": set(skos_properties)}
    elements = []
    for row in rows:
        kind, iri = row["kind"]["value"], row["term"]["value"]
        if kind in found:
            found[kind].add(iri)
            continue
        elements.append(
            {
                "iri": iri,
                "term": sparql_term(iri),
                "notation": row.get("notation", {}).get("value", ""),
                "label_en": row.get("label_en", {}).get("value", ""),
                "label_fr": row.get("label_fr", {}).get("value", ""),
            }
        )
    return {
        "prefixes": SPARQL_PREFIXES,
        "classes": sorted(found["class"]),
        "properties": sorted(found["property"]),
        "elements": elements,
        "truncated": truncated,
    }


@bp.route(TERMS_PATH)
def terms() -> flask.Response:
    """The completion lists of the current snapshot, as JSON (computed once per snapshot)."""
    state = endpoint_state()
    try:
        key = (str(state.build_dir), read_manifest(state.build_dir).snapshot)
        if key not in _CACHE:
            answer = run_sparql(state.pool, TERMS_QUERY.read_text(encoding="utf-8"), results_format="json")
            rows = json.loads(answer.result.body)["results"]["bindings"]
            _CACHE[key] = json.dumps(editor_terms(rows, answer.result.truncated)).encode()
    except ItudAlignError as err:
        return flask.Response(str(err) + "\n", status=503, mimetype="text/plain")
    return flask.Response(_CACHE[key], mimetype="application/json", headers={"Cache-Control": "no-cache"})
