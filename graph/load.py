"""Read the data files into checked tables.

Every problem is raised as a :class:`~graph.errors.DataError` naming the file,
the line, what is wrong and how to fix it. Nothing here builds RDF: see ``build.py``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import yaml

from graph.errors import DataError
from graph.files import read_text
from graph.namespaces import SDGO, SKOS
from graph.sssom import read_sssom

__all__ = [
    "FRAMEWORK_FILES",
    "Tables",
    "load_data",
    "normalise_status",
    "read_csv_table",
    "read_turtle",
    "source_documents",
]

SDG_KOS = Path("sources/un-sdg-kos/sdg-kos-goals-targets-indicators.ttl")
SDG_ONTOLOGY = Path("sources/un-sdg-kos/sdgs-ontology.ttl")
TRANSLATIONS = Path("sources/open-sdg-translations")
SOURCE_DOCUMENTS = Path("sources/sources.csv")
LANGUAGES = {"en": "en", "fr": "fr", "es": "es", "ar": "ar", "ru": "ru", "zh-Hans": "zh"}

# framework file -> (element kind, required columns); the ``id`` column is the element's key
FRAMEWORK_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "cycles.csv": ("cycle", ("id", "conference", "study_period", "action_plan_period", "status")),
    "regions.csv": ("region", ("id", "title_en", "title_fr", "status", "source")),
    "wsis_action_lines.csv": ("wsis", ("code", "parent", "title_en", "title_en_status", "itu_role")),
    "itud_study_questions.csv": (
        "question",
        ("id", "study_period", "established_by", "study_group", "question", "title_en", "title_status", "source"),
    ),
    "wtdc_regional_initiatives.csv": (
        "initiative",
        ("id", "period", "adopted_by", "region", "code", "title_en", "title_status", "source"),
    ),
    "itud_priorities.csv": ("priority", ("kind", "id", "title_en", "framework", "status", "source")),
    "wtdc_resolutions.csv": ("resolution", ("id", "body", "number", "revision", "title_en", "status")),
    "pp_resolutions.csv": ("resolution", ("id", "body", "number", "revision", "title_en", "status")),
}


@dataclass
class Tables:
    """The checked contents of a data folder, ready for the builder."""

    root: Path
    frameworks: dict[str, pd.DataFrame] = field(default_factory=dict)
    mappings: dict[str, tuple[dict, pd.DataFrame]] = field(default_factory=dict)
    sdg_quads: list[ox.Quad] = field(default_factory=list)
    sdg_ontology_quads: list[ox.Quad] = field(default_factory=list)
    sdg_codes: dict[str, str] = field(default_factory=dict)  # compact code -> IRI
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> key -> text
    unlinked: pd.DataFrame | None = None
    files: list[Path] = field(default_factory=list)


def normalise_status(source_status: str) -> str:
    """Map a source's verification wording to ``verified`` or ``unverified``.

    Only wording read in the source counts: ``verified`` and ``verified (as cited)``
    and the like; anything partial, draft, topic-only or unverified is ``unverified``.

    >>> normalise_status("verified (as cited)"), normalise_status("topic verified, exact title UNVERIFIED")
    ('verified', 'unverified')
    >>> normalise_status("verified (draft text)")
    'unverified'
    """
    text = source_status.strip().lower()
    if text.startswith("verified") and "draft" not in text and "unverified" not in text:
        return "verified"
    return "unverified"


def read_csv_table(path: Path, required: tuple[str, ...], key: str | None = None) -> pd.DataFrame:
    """Read a CSV into a frame of strings with a ``_line`` column; check columns and keys."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(path, 1, "no header row", "add the header row") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(
            path,
            1,
            f"missing required column(s) {', '.join(missing)}",
            f"add the column(s) to the header; expected at least {', '.join(required)}",
        )
    rows, lines = [], []
    start = reader.line_num + 1
    for values in reader:
        if any(v.strip() for v in values):
            if len(values) != len(header):
                raise DataError(
                    path,
                    start,
                    f"{len(values)} fields where the header has {len(header)}",
                    "quote fields that contain commas, and give every column a value",
                )
            rows.append(values)
            lines.append(start)
        start = reader.line_num + 1
    frame = pd.DataFrame(rows, columns=header, dtype=str).fillna("")
    frame["_line"] = lines
    if key is not None:
        empty = frame[frame[key].str.strip() == ""]
        if len(empty):
            raise DataError(path, int(empty["_line"].iloc[0]), f"empty {key}", f"give the row an {key}")
        dup = frame[frame.duplicated(key, keep="first")]
        if len(dup):
            first = frame[frame[key] == dup[key].iloc[0]]["_line"].iloc[0]
            raise DataError(
                path,
                int(dup["_line"].iloc[0]),
                f"duplicate {key} {dup[key].iloc[0]!r} (first at line {first})",
                f"give each row its own {key}",
            )
    return frame


def read_turtle(path: Path) -> list[ox.Quad]:
    """Parse a Turtle file; a syntax error raises DataError with its line."""
    text = read_text(path)
    try:
        return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except SyntaxError as err:
        raise DataError(
            path,
            err.lineno,
            f"Turtle syntax error: {err.msg}",
            "correct the Turtle at that line (check the final '.', quotes and prefixes)",
        ) from err


def _read_translations(root: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for folder, lang in LANGUAGES.items():
        titles: dict[str, str] = {}
        for name in ("global_goals.yml", "global_targets.yml"):
            path = root / TRANSLATIONS / folder / name
            try:
                content = yaml.safe_load(read_text(path))
            except yaml.YAMLError as err:
                mark = getattr(err, "problem_mark", None)
                raise DataError(
                    path,
                    (mark.line + 1) if mark else None,
                    f"not valid YAML: {err}",
                    "restore the file from data/sources",
                ) from err
            if not isinstance(content, dict):
                raise DataError(path, 1, "expected a mapping of keys to titles", "restore the file")
            titles.update({str(k): str(v) for k, v in content.items()})
        out[lang] = titles
    return out


def _sdg_codes(quads: list[ox.Quad], path: Path) -> dict[str, str]:
    codes: dict[str, str] = {}
    for q in quads:
        if (
            isinstance(q.object, ox.Literal)
            and q.object.datatype.value == str(SDGO.SDGCodeCompact)
            and isinstance(q.subject, ox.NamedNode)
            and q.predicate.value == str(SKOS.notation)
        ):
            codes[q.object.value] = q.subject.value
    if len(codes) < 17 + 169:
        raise DataError(path, None, f"only {len(codes)} SDG codes found", "restore the UN SDG KOS file")
    return codes


def load_data(root: Path) -> Tables:
    """Read and check every file of a data folder (``data/`` by default)."""
    root = Path(root)
    if not root.is_dir():
        raise DataError(root, None, "data folder not found", "pass --data with the project's data/ folder")
    tables = Tables(root=root)
    tables.sdg_quads = read_turtle(root / SDG_KOS)
    tables.sdg_ontology_quads = read_turtle(root / SDG_ONTOLOGY)
    tables.sdg_codes = _sdg_codes(tables.sdg_quads, root / SDG_KOS)
    tables.translations = _read_translations(root)
    for name, (_kind, required) in FRAMEWORK_FILES.items():
        path = root / "frameworks" / name
        key = "code" if name == "wsis_action_lines.csv" else "id"
        tables.frameworks[name] = read_csv_table(path, required, key=key)
        tables.files.append(path)
    for path in sorted((root / "mappings").glob("*.sssom.tsv")):
        tables.mappings[path.name.removesuffix(".sssom.tsv")] = read_sssom(path)
        tables.files.append(path)
    unlinked = root / "mappings" / "unlinked.csv"
    if unlinked.exists():
        tables.unlinked = read_csv_table(unlinked, ("element_id", "reason"), key="element_id")
        tables.files.append(unlinked)
    return tables


def source_documents(data_dir: Path) -> pd.DataFrame:
    """The third-party sources the build reads, by title, URL and version (``data/sources/sources.csv``):
    what every export lists as its sources. Empty (with those columns) where the file is absent."""
    path = data_dir / SOURCE_DOCUMENTS
    if not path.is_file():
        return pd.DataFrame(columns=["source", "title", "url", "version"])
    return read_csv_table(path, ("source", "title", "url", "version"), key="source").drop(columns="_line")
