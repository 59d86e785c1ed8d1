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

__all__ = ["FALLBACK_MARK", "LANGUAGES", "error_line", "label", "strings", "t", "view_words"]

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


def error_line(err: Exception, lang: str) -> str:
    """A project error (what is wrong and the fix, in English only) as one line; in French with
    :data:`FALLBACK_MARK`, as any English-only text."""
    return label(" ".join(str(err).split()), None, lang)


def _view_part(part: str, lang: str) -> str:
    key, sep, value = part.partition("=")
    if sep:
        if key == "scope":
            return t(
                "view.scope", lang, scope=t(f"scope.{value}", lang) if f"scope.{value}" in strings("en") else value
            )
        shown = t(f"status.{value}", lang) if key == "status" and f"status.{value}" in strings("en") else value
        return (
            t("view.filter", lang, name=t(f"filters.{key}", lang), value=shown)
            if f"filters.{key}" in strings("en")
            else part
        )
    if part == "none":
        return t("view.none", lang)
    if " -> " in part:
        return part.replace(" -> ", " → ")
    if part == "Questions":
        return t("kind.question", lang)
    words = part.split()
    if len(words) == 2 and words[1] == "initiatives":
        return t("view.initiatives", lang, region=words[0])
    return part


def view_words(text: str, lang: str) -> str:
    """A view as the analysis writes it (``scope=itu-lead; region=AFR``, ``none``,
    ``WTDC-17 -> WTDC-22; AFR initiatives``) in words of ``lang``, joined by "; " (" ; " in
    French, spaced as its ":" is)."""
    return t("view.join", lang).join(_view_part(part, lang) for part in str(text).split("; "))
