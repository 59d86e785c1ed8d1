"""Every page in French, in a real browser: no English interface string is left.

The English strings are read from ``dashboards/i18n/en.json`` (those whose French differs); a
text node equal to one of them, or to a parameterised one with its values filled in, is an
English interface string on a French page. Statuses, the stamp's "none" and the analysis's
view notation (``scope=itu-lead``) are checked too. Data with no French text may show in
English only with the "(en)" mark; the texts the analysis writes (a gap's "why", a cycle
change's detail, a data-completeness item, a declared cross-reference) have French templates
beside their English ones, so an English one is an English string even with the mark.
"""

from __future__ import annotations

import json
import re

import pytest

from dashboards.i18n import FALLBACK_MARK, strings
from graph.analysis.completeness import DETAILS as COMPLETENESS
from graph.analysis.cycles_diff import DETAILS
from graph.analysis.gaps import WHY
from graph.analysis.holes import LIST_WHY
from graph.analysis.streamline import EVIDENCE
from tests.dashboards.test_browser import PAGES, _open

pytestmark = pytest.mark.browser

_TEXTS = """const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); const out = [];
while (w.nextNode()) { const n = w.currentNode; const t = n.textContent.trim();
  if (t && !['SCRIPT', 'STYLE'].includes(n.parentElement.tagName)) out.push(t); } return out;"""
# words the analysis writes in English that the interface must show in French
_RAW = re.compile(r"^(verified|unverified|suggested|none)$|scope=|; none$|^[A-Z]{3} initiatives$")


def _patterns(templates: list[str]) -> list[re.Pattern]:
    """The analysis's English templates with enough fixed words to be recognised, anywhere in a text."""
    return [
        re.compile(re.sub(r"\\\{[a-z_]+(?::[^}]*)?\\\}", ".*", re.escape(en)))
        for en in templates
        if len(re.sub(r"\{[a-z_]+(?::[^}]*)?\}", "", en)) >= 12
    ]


_GENERATED = _patterns([en for en, _ in [*WHY.values(), *DETAILS.values(), EVIDENCE]])
# a completeness detail may quote a curator's note from the data files, English and marked so
_COMPLETENESS = _patterns([en for en, _ in [*COMPLETENESS.values(), *LIST_WHY.values()]])


def _english(texts: list[str]) -> list[str]:
    en, fr = strings("en"), strings("fr")
    plain = {v for k, v in en.items() if fr[k] != v and "{" not in v and len(v) > 2}
    # templates with enough fixed words to be recognised ("{name}: {value}" would match anything)
    templates = [
        re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", ".+", re.escape(v)) + "$")
        for k, v in en.items()
        if "{" in v and fr[k] != v and len(re.sub(r"\{[a-z_]+\}", "", v)) >= 12
    ]
    french = set(fr.values())  # a French string that reads the same in English is French
    return sorted(
        {
            s
            for s in texts
            if s not in french
            and (
                s in plain
                or _RAW.search(s)
                or any(p.match(s) for p in templates)
                or any(g.search(s) for g in _GENERATED)
                or (not s.endswith(FALLBACK_MARK) and any(g.search(s) for g in _COMPLETENESS))
            )
        }
    )


def test_lng002_every_page_in_french_has_no_english_interface_string(dash_duo):
    found = {}
    for path, ready in {
        **PAGES,
        "/gaps?region=AFR": PAGES["/gaps"],
        "/data": "#data-completeness-card .ag-row",  # its completeness table, not only its summary
        "/network?target=9.c": "#network-chain-card .ag-row",
        "/resolutions": "#resolutions-table-card .ag-row",  # its table, not only its chart
    }.items():
        _open(dash_duo, path + ("&" if "?" in path else "?") + "lang=fr", ready)
        english = _english(dash_duo.driver.execute_script(_TEXTS))
        if english:
            found[path] = english
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_lng003_the_english_view_has_no_french_only_note():
    assert "(en)" not in strings("en")["app.footer"]
