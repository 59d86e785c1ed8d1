"""The library of example SPARQL queries (``graph/endpoint/examples/NN-name.rq``) shown on the query page.

Each file opens with three comment lines that say what it answers::

    # title: Links still unverified
    # description: Every link whose evidence is not yet verified, ...
    # columns: subject, predicate, object, justification

The project's prefixes (``graph.namespaces.SPARQL_PREFIXES``) are predeclared, so the
queries use ``itud:``, ``skos:``, ``sdgo:`` ... without PREFIX lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.errors import DataError

__all__ = ["EXAMPLES_DIR", "ExampleQuery", "load_examples"]

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
_HEADERS = ("title", "description", "columns")


@dataclass(frozen=True)
class ExampleQuery:
    """One example query: its file name (without ``.rq``), header and text."""

    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    text: str


def _read(path: Path) -> ExampleQuery:
    text = path.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines()[: len(_HEADERS)], start=1):
        key, sep, value = line.removeprefix("#").partition(":")
        key = key.strip()
        if not line.startswith("#") or not sep or key != _HEADERS[number - 1] or not value.strip():
            raise DataError(path, number, f"expected a '# {_HEADERS[number - 1]}: ...' line",
                            "open the query with '# title:', '# description:' and '# columns:' lines")
        found[key] = value.strip()
    if len(found) < len(_HEADERS):
        raise DataError(path, None, "the header lines are missing",
                        "open the query with '# title:', '# description:' and '# columns:' lines")
    columns = tuple(c.strip() for c in found["columns"].split(","))
    return ExampleQuery(path.stem, found["title"], found["description"], columns, text)


def load_examples(folder: Path | None = None) -> list[ExampleQuery]:
    """Every example query in ``folder`` (default: the bundled library), in file-name order."""
    return [_read(path) for path in sorted((folder or EXAMPLES_DIR).glob("*.rq"))]
