"""The library of example SPARQL queries (``graph/endpoint/examples/NN-name.rq``) shown on the query page.

Each file opens with three comment lines that say what it answers::

    # title: Links still unverified
    # description: Every link whose evidence is not yet verified, ...
    # columns: subject, predicate, object, justification

and may go on with two lines in French (``# title_fr:``, ``# description_fr:``), which the
Query page shows in French; without them it shows the English ones.

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
_FRENCH = ("title_fr", "description_fr")  # optional, on the two lines after the others


@dataclass(frozen=True)
class ExampleQuery:
    """One example query: its file name (without ``.rq``), header and text."""

    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    text: str
    title_fr: str | None = None
    description_fr: str | None = None

    def titled(self, lang: str) -> tuple[str, str]:
        """(title, description) in ``lang``; English where no French is written."""
        if lang == "fr" and self.title_fr and self.description_fr:
            return self.title_fr, self.description_fr
        return self.title, self.description


def _read(path: Path) -> ExampleQuery:
    text = path.read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines()[: len(_HEADERS)], start=1):
        key, sep, value = line.removeprefix("#").partition(":")
        key = key.strip()
        if not line.startswith("#") or not sep or key != _HEADERS[number - 1] or not value.strip():
            raise DataError(
                path,
                number,
                f"expected a '# {_HEADERS[number - 1]}: ...' line",
                "open the query with '# title:', '# description:' and '# columns:' lines",
            )
        found[key] = value.strip()
    if len(found) < len(_HEADERS):
        raise DataError(
            path,
            None,
            "the header lines are missing",
            "open the query with '# title:', '# description:' and '# columns:' lines",
        )
    for line in text.splitlines()[len(_HEADERS) : len(_HEADERS) + len(_FRENCH)]:
        key, sep, value = line.removeprefix("#").partition(":")
        if line.startswith("#") and sep and key.strip() in _FRENCH and value.strip():
            found[key.strip()] = value.strip()
    columns = tuple(c.strip() for c in found["columns"].split(","))
    return ExampleQuery(
        path.stem,
        found["title"],
        found["description"],
        columns,
        text,
        found.get("title_fr"),
        found.get("description_fr"),
    )


def load_examples(folder: Path | None = None) -> list[ExampleQuery]:
    """Every example query in ``folder`` (default: the bundled library), in file-name order."""
    return [_read(path) for path in sorted((folder or EXAMPLES_DIR).glob("*.rq"))]
