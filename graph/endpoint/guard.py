"""Look at a SPARQL request before it is evaluated: its form, and whether it may run here.

The endpoint is read-only and never makes a network request on a query's behalf.
pyoxigraph evaluates ``SERVICE <http://...>`` by fetching the IRI, and its Python API
has no way to turn that off, so a query is lexed here (comments, strings and IRIs
first, the way the SPARQL grammar reads them) and refused when it names SERVICE
anywhere, or when it is an update. ``FROM`` and ``FROM NAMED`` only select graphs of
the store; the IRIs they name are returned so the endpoint can say which are absent.

>>> inspect_query("SELECT * WHERE { ?s ?p ?o }").form
'SELECT'
>>> inspect_query('ASK { ?s ?p "SERVICE" } # SERVICE').form
'ASK'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.errors import QueryRefused

__all__ = ["QUERY_FORMS", "UPDATE_FORMS", "QueryInfo", "inspect_query", "significant_tokens",
           "sparql_tokens"]

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


@dataclass(frozen=True)
class QueryInfo:
    """What the lexer saw: the query form, whether it has a dataset clause (FROM or
    FROM NAMED) and the graphs those clauses name."""

    form: str | None
    has_dataset: bool = False
    from_graphs: tuple[str, ...] = field(default=())
    from_named: tuple[str, ...] = field(default=())


_TERMS = r"""
    (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w:%\-]|\.(?=[\w:%\-]))*)
  | (?P<word>[^\W\d][\w\-]*)
"""
_TOKEN = re.compile(r"(?P<space>\s+) | (?P<comment>\#[^\n\r]*) |" + _TERMS + r"| (?P<other>.)",
                    re.VERBOSE | re.DOTALL)
# the significant tokens only: the spaces and comments before one are skipped in the same
# match, trailing ones up to the end (\Z), so that no comment is ever read as tokens
_SIGNIFICANT = re.compile(r"(?:\s+|\#[^\n\r]*)*+ (?:" + _TERMS + r"| (?P<other>\S) | \Z)",
                          re.VERBOSE | re.DOTALL)


def sparql_tokens(text: str) -> list[tuple[str, str]]:
    """Every token of ``text`` as (kind, text), spaces and comments included, so the texts
    join back into ``text``. Kinds: space, comment, string, iri, var, pname, word, other.

    >>> sparql_tokens("ASK {?s ?p 'x'}")[:4]
    [('word', 'ASK'), ('space', ' '), ('other', '{'), ('var', '?s')]
    """
    return [(match.lastgroup or "other", match.group()) for match in _TOKEN.finditer(text)]


def significant_tokens(text: str) -> list[tuple[str, str]]:
    """The tokens of ``text`` but spaces and comments, as (kind, text) pairs; words upper-cased."""
    tokens = []
    for match in _SIGNIFICANT.finditer(text):
        kind = match.lastgroup
        if kind is None:  # the spaces and comments at the end
            continue
        value = match.group(kind)
        tokens.append((kind, value.upper() if kind == "word" else value))
    return tokens


def _expand(token: tuple[str, str], prefixes: dict[str, str]) -> str | None:
    kind, value = token
    if kind == "iri":
        return value[1:-1]
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


def inspect_query(text: str, prefixes: dict[str, str] | None = None) -> QueryInfo:
    """Return the form of ``text`` and the graphs it names; refuse updates and SERVICE.

    ``prefixes`` are the predeclared ones, used to expand ``FROM prefix:local``.
    Raises :class:`QueryRefused` for an update or a SERVICE clause. A text that is no
    query at all gets form ``None``: the parser will say what is wrong with it.
    """
    tokens = significant_tokens(text)
    known = dict(prefixes or {})
    i = 0
    while i < len(tokens) and tokens[i][1] in ("PREFIX", "BASE"):
        if tokens[i][1] == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1][0] == "pname":
            expanded = _expand(tokens[i + 2], known)
            if expanded is not None:
                known[tokens[i + 1][1].rstrip(":")] = expanded
            i += 3
        else:
            i += 2
    form = tokens[i][1] if i < len(tokens) and tokens[i][0] == "word" else None
    if form in UPDATE_FORMS:
        raise QueryRefused(f"SPARQL update ({form}) is refused: this endpoint is read-only")
    if any(kind == "word" and value == "SERVICE" for kind, value in tokens):
        raise QueryRefused("SERVICE is refused: this endpoint answers from its own store only "
                           "and makes no request to other endpoints")
    from_graphs: list[str] = []
    from_named: list[str] = []
    has_dataset = False
    for j, (kind, value) in enumerate(tokens):
        if kind != "word" or value != "FROM" or j + 1 >= len(tokens):
            continue
        has_dataset = True
        named = tokens[j + 1] == ("word", "NAMED")
        target = tokens[j + 2] if named and j + 2 < len(tokens) else tokens[j + 1]
        iri = _expand(target, known)
        if iri is not None:
            (from_named if named else from_graphs).append(iri)
    return QueryInfo(form if form in QUERY_FORMS else None, has_dataset, tuple(from_graphs),
                     tuple(from_named))
