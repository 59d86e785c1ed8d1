"""Every SDG target title in the graph says what the open-sdg text says, in the six UN languages."""

from __future__ import annotations

from collections import defaultdict

import yaml

from graph.build.sdg_titles import typographic_form
from graph.namespaces import SDG
from graph.stores import OxigraphStore
from tests.conftest import DATA

FOLDERS = {"en": "en", "fr": "fr", "es": "es", "ar": "ar", "ru": "ru", "zh-Hans": "zh"}


def _open_sdg_targets() -> dict[tuple[str, str], str]:
    titles: dict[tuple[str, str], str] = {}
    for folder, lang in FOLDERS.items():
        path = DATA / "sources/open-sdg-translations" / folder / "global_targets.yml"
        for key, text in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            goal, target, kind = str(key).split("-")
            if kind == "title":
                titles[(str(SDG[f"{goal}.{target}"]), lang)] = str(text)
    return titles


def test_every_target_title_matches_open_sdg_in_six_languages(bundled_store: OxigraphStore) -> None:
    rows = bundled_store.select(
        "SELECT ?t ?lang ?label WHERE { ?t a sdgo:Target ; skos:prefLabel ?label . BIND (LANG(?label) AS ?lang) }"
    )
    graph: dict[tuple[str, str], list[str]] = defaultdict(list)
    for target, lang, label in zip(rows["t"], rows["lang"], rows["label"], strict=True):
        graph[(str(target), str(lang))].append(str(label))
    expected = _open_sdg_targets()
    assert len(expected) == 6 * 169
    differences = [
        f"{iri.rsplit('/', 1)[1]} [{lang}]: graph {graph.get((iri, lang))!r}, open-sdg {text!r}"
        for (iri, lang), text in sorted(expected.items())
        if [typographic_form(t) for t in graph.get((iri, lang), [])] != [typographic_form(text)]
    ]
    assert differences == [], "\n".join(differences)


def test_the_two_corrupted_kos_titles_are_mended_and_say_so(bundled_store: OxigraphStore) -> None:
    rows = bundled_store.select(f"""SELECT ?label WHERE {{ <{SDG["17.13"]}> skos:prefLabel ?label
                                    FILTER (LANG(?label) = "fr") }}""")
    assert list(rows["label"]) == [_open_sdg_targets()[(str(SDG["17.13"]), "fr")]]
    digits = bundled_store.select(f"""SELECT ?label WHERE {{ <{SDG["14.6"]}> skos:prefLabel ?label
                                      FILTER (REGEX(STR(?label), "[a-z]3$")) }}""")
    assert digits.empty
    notes = bundled_store.select('SELECT ?t WHERE { ?t itud:note ?note FILTER (CONTAINS(?note, "defective")) }')
    assert {str(SDG["17.13"]), str(SDG["14.6"])} <= set(map(str, notes["t"]))
