"""Look at a SPARQL request before any parser sees it: its size, its nesting, its form, and
whether it may run here.

The endpoint is read-only and never makes a network request on a query's behalf.
pyoxigraph evaluates ``SERVICE <http://...>`` by fetching the IRI and has no switch to
turn that off; its parser crashes the process (a segfault) on text nested a few thousand
levels deep. So a query is lexed here first, in one pass linear in its length, by the
lexical rules of SPARQL 1.1 (strings with their escapes, IRIs with ``\\u`` escapes,
prefixed names with ``\\#``-style escapes and ``%HH``, comments to the end of the line),
and refused when it is too long, nested too deeply, an update, or names SERVICE.

Where the lexer cannot be sure (a ``<`` that starts an IRI or means "less than", and whose
IRI reading would hide a quote or a ``#``; an unterminated string), it fails closed: any
query holding the word ``service`` at all is then refused.

>>> inspect_query("SELECT * WHERE { ?s ?p ?o }").form
'SELECT'
>>> inspect_query('ASK { ?s ?p "SERVICE" } # SERVICE').form
'ASK'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.errors import QueryRefused, QueryTooComplex

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_LENGTH",
    "QUERY_FORMS",
    "UPDATE_FORMS",
    "QueryInfo",
    "inspect_query",
    "significant_tokens",
    "sparql_tokens",
]

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
# pyoxigraph 0.5.13 crashed at 5,000 nested braces and at 20,000 chained UNION or && terms
# (tests/graph/endpoint/test_guard_corpus.py measures it again): the defaults stay well below
DEFAULT_MAX_DEPTH = 500
DEFAULT_MAX_LENGTH = 100_000


@dataclass(frozen=True)
class QueryInfo:
    """What the lexer saw: the query form, whether it has a dataset clause (FROM or
    FROM NAMED) and the graphs those clauses name."""

    form: str | None
    has_dataset: bool = False
    from_graphs: tuple[str, ...] = field(default=())
    from_named: tuple[str, ...] = field(default=())


_NAME_CHARS = r"\w\-\u00b7\u0300-\u036f\u203f\u2040"
_LOCAL_ESCAPE = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = rf"(?:[{_NAME_CHARS}:.]|%[0-9A-Fa-f]{{2}}|{_LOCAL_ESCAPE})*+"
_IRI_BODY = r"(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+"
# every alternative matches in time linear in what it consumes, or fails within one line
# (short strings) or once for the whole text (long strings: see _Lexer.tokens); no alternative
# ever scans past its own end, so the whole lexer is linear. No two alternatives start with
# the same character but where the order says which wins (long before string, the rest before
# other), so the most common come first.
_ALTERNATIVES = rf"""
    (?P<punct>[(){{}}\[\];,*+/=-])
  | (?P<name>(?:[^\W\d_][{_NAME_CHARS}.]*+)?:{_LOCAL}|[^\W\d_][{_NAME_CHARS}.]*+)
  | (?P<var>[?$][{_NAME_CHARS}]+)
  | (?P<lt><)
  | (?P<comment>\#[^\n\r]*+)
  | (?P<long>'''|\"\"\")
  | (?P<string>'(?:[^'\\\n\r]|\\.)*+'|"(?:[^"\\\n\r]|\\.)*+")
  | (?P<bnode>_:[{_NAME_CHARS}][{_NAME_CHARS}.]*+)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*+)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<op>&&|\|\||!=|<=|>=|\^\^|<<|>>)
  | (?P<other>.)
"""
# every token, spaces and comments included (a "<" is read by _Lexer._less_than)
_TOKEN = re.compile(rf"(?P<space>[ \t\r\n]+)|{_ALTERNATIVES}", re.VERBOSE | re.DOTALL)
# the next token but spaces and comments, which the match skips: the guard's pass, half the steps
_SIGNIFICANT = re.compile(rf"(?:[ \t\r\n]++|\#[^\n\r]*+)*+(?:{_ALTERNATIVES})", re.VERBOSE | re.DOTALL)
_IRI = re.compile(rf"<{_IRI_BODY}>")
_LONG_END = {
    "'''": re.compile(r"(?:[^'\\]|\\.|'(?!''))*+'''", re.DOTALL),
    '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*+"""', re.DOTALL),
}
_SERVICE_WORD = re.compile(r"service", re.IGNORECASE)
# after these a "<" compares (in an expression); elsewhere it opens an IRI
_OPERAND_ENDS = frozenset({"var", "string", "number", "iri", "pname", "langtag"})
# words that chain into one deeper node of the query's algebra each time they appear
_CHAINING = frozenset({"UNION", "OPTIONAL", "MINUS", "BIND", "FILTER", "GRAPH", "SERVICE", "LATERAL"})
_CHAIN_OPS = frozenset({"&&", "||", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "|", "^", "!"})
_OPEN = {"{": "}", "(": ")", "[": "]"}
# tokens that change nothing in the lexer's state but its memory of the last two tokens
_PLAIN = frozenset({"var", "string", "number", "langtag", "bnode"})

# the common query's start in one match, each token as the lexer reads it: spaces, comments,
# PREFIX (ASCII names) and BASE declarations, the first word; anything else goes to the lexer
_SKIP = r"(?:[ \t\r\n]++|\#[^\n\r]*+)*+"
_PREFIX_NAME = rf"[Pp][Rr][Ee][Ff][Ii][Xx][ \t\r\n]{_SKIP}(?:[A-Za-z][A-Za-z0-9_-]*+)?:"
_DECLARATION = rf"(?:{_PREFIX_NAME}|[Bb][Aa][Ss][Ee])(?=[ \t\r\n<\#])"
_PROLOGUE = re.compile(
    rf"(?:{_SKIP}{_DECLARATION}{_SKIP}<{_IRI_BODY}>)*+{_SKIP}(?P<form>[^\W\d_][{_NAME_CHARS}]*+)(?![{_NAME_CHARS}.:])"
)
_CHAIN_CHARS = "&|=!<>+-*/^"  # every operator of _CHAIN_OPS holds one of these


@dataclass
class _Frame:
    kind: str  # P: pattern ({ or [), E: expression, L: list or collection
    chained: int = 0


class _Lexer:
    """One pass over a query: its tokens, its nesting depth, and whether it was ambiguous."""

    def __init__(self, text: str, max_depth: int) -> None:
        self.text = text
        self.max_depth = max_depth
        self.stack: list[_Frame] = []
        self.depth = 0
        self.ambiguous = False  # a "<" or a string the lexer could not read for certain
        self.prev: tuple[str, str] = ("", "")
        self.prev2: tuple[str, str] = ("", "")
        self.service = False  # a SERVICE keyword seen
        self.clause = False  # in a SELECT, GROUP BY, ORDER BY or HAVING clause: "(" opens an expression

    def _deeper(self, by: int) -> None:
        self.depth += by
        if self.depth > self.max_depth:
            raise QueryTooComplex(
                f"query too deeply nested: more than {self.max_depth} levels of "
                "brackets and chained UNION, OPTIONAL, FILTER or operators; "
                "split it or use VALUES / IN lists"
            )

    def _chain(self) -> None:
        if self.stack:
            self.stack[-1].chained += 1
            self._deeper(1)

    def _open(self, char: str) -> None:
        top = self.stack[-1].kind if self.stack else "T"
        if char == "(":
            kind = (
                "E"
                if (
                    top in "ET"
                    or self.clause
                    or self.prev[1] in ("FILTER", "BIND")
                    or (self.prev2[1] == "FILTER" and self.prev[0] in ("word", "pname", "iri"))
                )
                else "L"
            )
        else:
            kind = "P"
            if char == "{":
                self.clause = False
                if top in "PE":
                    self._chain()
        self.stack.append(_Frame(kind))
        self._deeper(1)

    def _close(self) -> None:
        if self.stack:
            frame = self.stack.pop()
            self.depth -= 1 + frame.chained

    def _less_than(self, pos: int) -> tuple[str, str, int]:
        """The token at a "<": an IRI, or an operator inside an expression after an operand."""
        text = self.text
        top = self.stack[-1].kind if self.stack else "T"
        iri = _IRI.match(text, pos)
        after_operand = self.prev[0] in _OPERAND_ENDS or self.prev[1] in (")", "TRUE", "FALSE")
        if iri is not None and top in "EL" and after_operand and ("'" in iri.group() or "#" in iri.group()):
            self.ambiguous = True  # reading it the other way would move a string or a comment
        if top == "E" and after_operand:
            op = "<=" if text.startswith("<=", pos) else "<"
            return "op", op, pos + len(op)
        if text.startswith("<<", pos):
            return "op", "<<", pos + 2
        if iri is not None:
            return "iri", iri.group(), iri.end()
        return "other", "<", pos + 1

    def tokens(self, spaces: bool = True) -> list[tuple[str, str]]:
        """Every token as (kind, text), spaces and comments too unless ``spaces`` is false;
        stops at an unterminated string (the parser will refuse the query) after marking
        it ambiguous. Raises :class:`QueryTooComplex` as soon as the nesting is too deep."""
        text, pos, end = self.text, 0, len(self.text)
        match_at = (_TOKEN if spaces else _SIGNIFICANT).match
        out: list[tuple[str, str]] = []
        append = out.append
        closed_long: dict[str, bool] = {}
        while pos < end:
            match = match_at(text, pos)
            if match is None:  # only spaces and comments were left
                break
            kind = match.lastgroup or "other"
            if kind == "lt":
                kind, value, pos = self._less_than(match.start(kind))
            else:
                value, pos = match.group(kind), match.end()
                if kind == "punct":  # a character that starts no longer token (tried first: the most common)
                    kind = "other"
                elif kind in _PLAIN:  # nothing to track but the last two tokens
                    self.prev2, self.prev = self.prev, (kind, value)
                    append((kind, value))
                    continue
                elif kind in ("space", "comment"):
                    append((kind, value))
                    continue
                elif kind == "long":
                    found = None if closed_long.get(value) is False else _LONG_END[value].match(text, pos)
                    if found is None:
                        closed_long[value] = False  # no later one closes either: never scan again
                        self.ambiguous = True
                        append(("other", text[pos - 3 :]))
                        break
                    kind, value, pos = "string", value + found.group(), found.end()
                elif kind == "name" and ":" not in value and "." not in value:
                    kind = "word"
                elif kind == "name":
                    *words, (kind, value, pos) = self._name(value, pos)
                    for word in words:
                        self._track(word[0], word[1])
                        append((word[0], word[1]))
                elif kind == "other" and value in ("'", '"'):  # no quote closes it on its line
                    self.ambiguous = True
                    append(("other", text[pos - 1 :]))
                    break
            self._track(kind, value)
            append((kind, value))
        return out

    def _name(self, value: str, pos: int) -> list[tuple[str, str, int]]:
        """A prefixed name (its local part may not end with an unescaped '.'), or words.

        A run of letters and dots without a colon is words joined by '.' (``true.SERVICE``),
        each returned with the position after it. pyoxigraph reads ``SERVICE:x`` as the
        keyword and the name ``:x``: a name whose prefix is SERVICE counts as the keyword.
        """
        if ":" in value:
            while value.endswith(".") and not value.endswith("\\."):
                value, pos = value[:-1], pos - 1
            if value.partition(":")[0].upper() == "SERVICE":
                self.service = True
            return [("pname", value, pos)]
        out: list[tuple[str, str, int]] = []
        start = pos - len(value)
        for i, word in enumerate(value.split(".")):
            if i:
                start += 1
                out.append(("other", ".", start))
            if word:
                start += len(word)
                out.append(("word", word, start))
        return out

    def _track(self, kind: str, value: str) -> None:
        if kind == "word":
            value = value.upper()
            self.service = self.service or value == "SERVICE"
        if kind == "other" and value in _OPEN:
            self._open(value)
        elif kind == "other" and value in ")]}":
            if value == "}":
                self.clause = False
            self._close()
        elif kind == "word":
            if value in _CHAINING:
                self._chain()
            if value in ("SELECT", "BY", "HAVING"):
                self.clause = True
            elif value in ("WHERE", "LIMIT", "OFFSET", "VALUES"):
                self.clause = False
        elif value in _CHAIN_OPS and kind in ("op", "other"):
            self._chain()
        self.prev2, self.prev = self.prev, (kind, value)


def sparql_tokens(text: str, max_depth: int = 1 << 30) -> list[tuple[str, str]]:
    """Every token of ``text`` as (kind, text), spaces and comments included, so the texts
    join back into ``text``. Kinds: space, comment, string, iri, var, bnode, pname, word,
    langtag, number, op, other.

    >>> sparql_tokens("ASK {?s ?p 'x'}")[:4]
    [('word', 'ASK'), ('space', ' '), ('other', '{'), ('var', '?s')]
    """
    return _Lexer(text, max_depth).tokens()


def significant_tokens(text: str) -> list[tuple[str, str]]:
    """The tokens of ``text`` but spaces and comments, as (kind, text) pairs; words upper-cased."""
    return _significant(_Lexer(text, 1 << 30))


def _significant(lexer: _Lexer) -> list[tuple[str, str]]:
    return [(kind, value.upper() if kind == "word" else value) for kind, value in lexer.tokens(spaces=False)]


def _expand(token: tuple[str, str], prefixes: dict[str, str]) -> str | None:
    kind, value = token
    if kind == "iri":
        return value[1:-1]
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


def _quick_form(text: str, max_depth: int) -> str | None:
    """The form of a query the lexer needs not read token by token, or None to lex it: one whose
    prologue :data:`_PROLOGUE` reads whole, with no "service" in any case, no FROM after the
    prologue (no refusal, no dataset), and too few brackets (two levels each at most),
    operators and chaining words (one each) to nest past ``max_depth`` all at once."""
    prologue = _PROLOGUE.match(text)
    if prologue is None or prologue.group("form").upper() in ("PREFIX", "BASE"):  # a declaration it cannot read
        return None
    rest = text[prologue.start("form") :]
    upper = rest.upper()
    # the lexer looks for the word in the whole text once it is unsure of a "<" or a quote
    if "SERVICE" in upper or "FROM" in upper or _SERVICE_WORD.search(text):
        return None
    brackets = rest.count("{") + rest.count("(") + rest.count("[")
    operators = sum(rest.count(char) for char in _CHAIN_CHARS)
    words = sum(upper.count(word) for word in _CHAINING)
    if 2 * brackets + operators + words > max_depth:
        return None
    return prologue.group("form").upper()


def inspect_query(
    text: str,
    prefixes: dict[str, str] | None = None,
    *,
    max_length: int = DEFAULT_MAX_LENGTH,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> QueryInfo:
    """Return the form of ``text`` and the graphs it names; refuse what may not run.

    ``prefixes`` are the predeclared ones, used to expand ``FROM prefix:local``.
    Raises :class:`QueryTooComplex` past ``max_length`` characters or ``max_depth`` levels
    of nesting, :class:`QueryRefused` for an update or a SERVICE clause. A text that is no
    query at all gets form ``None``: the parser will say what is wrong with it.
    """
    if len(text) > max_length:
        raise QueryTooComplex(
            f"query too long: {len(text):,} characters, over the limit of "
            f"{max_length:,}; the usual prefixes are predeclared, VALUES and IN "
            "lists are shorter than long UNIONs"
        )
    quick = _quick_form(text, max_depth)
    if quick is not None:
        if quick in UPDATE_FORMS:
            raise QueryRefused(f"SPARQL update ({quick}) is refused: this endpoint is read-only")
        return QueryInfo(quick if quick in QUERY_FORMS else None)
    lexer = _Lexer(text, max_depth)
    tokens = _significant(lexer)
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
    if lexer.service:
        raise QueryRefused(
            "SERVICE is refused: this endpoint answers from its own store only and makes no request to other endpoints"
        )
    if lexer.ambiguous and _SERVICE_WORD.search(text):
        raise QueryRefused(
            "SERVICE is refused: the word 'service' appears in a query the guard "
            "cannot read for certain (a '<' that may compare or open an IRI holding "
            "a quote or '#', or an unterminated string); use a prefixed name"
        )
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
    return QueryInfo(form if form in QUERY_FORMS else None, has_dataset, tuple(from_graphs), tuple(from_named))
