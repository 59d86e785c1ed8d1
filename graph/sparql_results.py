"""SPARQL results as Python values: literals typed by their datatype, and TSV results read into a
frame (the format every SPARQL 1.1 server writes the same way)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pandas as pd

from graph.namespaces import XSD

__all__ = ["convert_literal", "read_tsv_results"]


_INTEGERS = {
    str(XSD[t])
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
    )
}
_FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f"}


def convert_literal(value: str, datatype: str | None) -> Any:
    """Turn a literal's lexical form into the Python value every backend returns."""
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
    except ValueError:
        return value
    if datatype == str(XSD.boolean):
        return value in ("true", "1")
    return value


def _unescape(text: str) -> str:
    """Undo the N-Triples escapes (\\t, \\", \\u00e9, ...) of a literal's lexical form."""

    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code:
            return chr(int(code, 16))
        return _ESCAPED.get(match.group(3), match.group(3))

    return _ESCAPE.sub(one, text)


def _tsv_value(cell: str) -> Any:
    """The Python value of one cell of SPARQL TSV results: a term in N-Triples syntax, or empty
    for unbound; numbers and booleans may come bare (``3``, ``0.9``, ``1.5E0``, ``true``)."""
    if not cell:
        return None
    first = cell[0]
    if first == "<":
        return cell[1:-1]
    if first == '"':
        end = cell.rindex('"')
        lexical = cell[1:end]
        if "\\" in lexical:
            lexical = _unescape(lexical)
        suffix = cell[end + 1 :]
        return convert_literal(lexical, suffix[3:-1]) if suffix.startswith("^^<") else lexical
    if first == "_":
        return cell
    if cell in ("true", "false"):
        return cell == "true"
    datatype = XSD.double if "e" in cell or "E" in cell else XSD.decimal if "." in cell else XSD.integer
    return convert_literal(cell, str(datatype))


def read_tsv_results(data: bytes) -> pd.DataFrame:
    """A frame of SPARQL 1.1 TSV results, values as :meth:`Store.select` gives them.

    >>> read_tsv_results(b'?s\\t?n\\n<http://example.org/a>\\t3\\n\\t"x"@en\\n').to_dict("list")
    {'s': ['http://example.org/a', None], 'n': [3, 'x']}
    """
    header, _, body = data.partition(b"\n")
    columns = [v.removeprefix("?") for v in header.decode("utf-8").split("\t")] if header else []
    if not columns:  # a projection of no variable: only the number of solutions
        return pd.DataFrame(index=range(body.count(b"\n")))
    if not body:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    raw = pd.read_csv(
        io.BytesIO(body),
        sep="\t",
        header=None,
        names=columns,
        quoting=csv.QUOTE_NONE,
        dtype=object,
        na_filter=False,
        skip_blank_lines=False,
        engine="c",
    )
    values: dict[str, list[Any]] = {}
    for column in columns:
        cells = raw[column].tolist()
        # each distinct cell converted once: graphs, predicates, statuses repeat on every row
        convert = {cell: _tsv_value(cell) for cell in set(cells)}
        values[column] = [convert[cell] for cell in cells]
    return pd.DataFrame(values, columns=columns, dtype=object)
