"""Interface strings in English and French, and data labels with their language fallback.

Interface text lives in ``en.json`` and ``fr.json`` beside this module (the same keys in
both). A data label that exists only in English is shown with :data:`FALLBACK_MARK` in
French, so a reader sees which labels were not translated.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import pandas as pd

__all__ = ["FALLBACK_MARK", "LANGUAGES", "label", "strings", "t"]

LANGUAGES = ("en", "fr")
FALLBACK_MARK = " (en)"


@cache
def strings(lang: str) -> dict[str, str]:
    """Every interface string of ``lang`` (English for an unknown language)."""
    lang = lang if lang in LANGUAGES else "en"
    text = resources.files(__package__).joinpath(f"{lang}.json").read_text(encoding="utf-8")
    return json.loads(text)


def t(key: str, lang: str, **values: object) -> str:
    """The interface string ``key`` in ``lang``, formatted with ``values``; English if missing."""
    text = strings(lang).get(key) or strings("en").get(key)
    if text is None:
        raise KeyError(f"no interface string {key!r} in dashboards/i18n/en.json")
    return text.format(**values) if values else text


def label(en: object, fr: object, lang: str, fallback: object = "") -> str:
    """A data label in ``lang``; in French an English-only label carries :data:`FALLBACK_MARK`.

    ``fallback`` (usually the notation) is used when there is no label at all.
    """
    def present(value: object) -> bool:
        return value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value) != ""

    if lang == "fr" and present(fr):
        return str(fr)
    if present(en):
        return str(en) + (FALLBACK_MARK if lang == "fr" else "")
    return str(fallback) if present(fallback) else ""
