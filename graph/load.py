"""Read the data files into checked tables.

Every problem is raised as a :class:`~graph.errors.DataError` naming the file,
the line, what is wrong and how to fix it. Nothing here builds RDF: see ``build.py``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pyoxigraph as ox
import yaml

from graph.errors import DataError
from graph.namespaces import CURIE_PREFIXES, JUSTIFICATIONS, SDGO, SKOS, STATUSES, compact, expand

__all__ = [
    "FRAMEWORK_FILES",
    "LINK_PREDICATES",
    "SSSOM_COLUMNS",
    "Tables",
    "load_data",
    "normalise_status",
    "read_csv_table",
    "read_sssom",
    "read_text",
    "read_turtle",
]

SDG_KOS = Path("sources/un-sdg-kos/sdg-kos-goals-targets-indicators.ttl")
SDG_ONTOLOGY = Path("sources/un-sdg-kos/sdgs-ontology.ttl")
TRANSLATIONS = Path("sources/open-sdg-translations")
LANGUAGES = {"en": "en", "fr": "fr", "es": "es", "ar": "ar", "ru": "ru", "zh-Hans": "zh"}

# framework file -> (element kind, required columns); the ``id`` column is the element's key
FRAMEWORK_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "cycles.csv": ("cycle", ("id", "conference", "study_period", "action_plan_period", "status")),
    "regions.csv": ("region", ("id", "title_en", "title_fr", "status", "source")),
    "wsis_action_lines.csv": ("wsis", ("code", "parent", "title_en", "title_en_status", "itu_role")),
    "itud_study_questions.csv": (
        "question",
        ("id", "study_period", "established_by", "study_group", "question", "title_en",
         "title_status", "source"),
    ),
    "wtdc_regional_initiatives.csv": (
        "initiative",
        ("id", "period", "adopted_by", "region", "code", "title_en", "title_status", "source"),
    ),
    "itud_priorities.csv": ("priority", ("kind", "id", "title_en", "framework", "status", "source")),
    "wtdc_resolutions.csv": ("resolution", ("id", "body", "number", "revision", "title_en", "status")),
    "pp_resolutions.csv": ("resolution", ("id", "body", "number", "revision", "title_en", "status")),
}

SSSOM_COLUMNS = (
    "subject_id", "predicate_id", "object_id", "mapping_justification", "confidence",
    "author_id", "mapping_date", "comment", "status", "source",
)
LINK_PREDICATES = (
    "itud:contributesTo", "itud:supportsActionLine", "itud:implementsPriority", "itud:refersTo",
)
# the mapping_justification values a mapping file may give, as the CURIEs it writes
_JUSTIFICATION_CURIES = tuple(compact(iri) for iri in JUSTIFICATIONS)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def read_text(path: Path) -> str:
    """Return the text of a UTF-8 file; empty, missing or non-UTF-8 files raise DataError."""
    if not path.is_file():
        raise DataError(path, None, "file not found", "restore the file or point --data at the right folder")
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError(path, None, "the file is empty", "restore its content from git or the source")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            path, line, f"not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})",
            "save the file as UTF-8",
        ) from err


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
        raise DataError(path, 1, f"missing required column(s) {', '.join(missing)}",
                        f"add the column(s) to the header; expected at least {', '.join(required)}")
    rows, lines = [], []
    start = reader.line_num + 1
    for values in reader:
        if any(v.strip() for v in values):
            if len(values) != len(header):
                raise DataError(path, start, f"{len(values)} fields where the header has {len(header)}",
                                "quote fields that contain commas, and give every column a value")
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
            raise DataError(path, int(dup["_line"].iloc[0]),
                            f"duplicate {key} {dup[key].iloc[0]!r} (first at line {first})",
                            f"give each row its own {key}")
    return frame


def read_turtle(path: Path) -> list[ox.Quad]:
    """Parse a Turtle file; a syntax error raises DataError with its line."""
    text = read_text(path)
    try:
        return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except SyntaxError as err:
        raise DataError(path, err.lineno, f"Turtle syntax error: {err.msg}",
                        "correct the Turtle at that line (check the final '.', quotes and prefixes)") from err


def _expand(curie: str, path: Path, line: int, column: str) -> str:
    """The IRI of one CURIE cell, or an error naming the row."""
    prefix, sep, local = curie.partition(":")
    if not sep or not local:
        raise DataError(path, line, f"{column} {curie!r} is not a CURIE (prefix:local)",
                        "write it as prefix:local, e.g. sdg:9.c")
    iri = expand(curie)
    if iri is None:
        raise DataError(path, line, f"unknown CURIE prefix {prefix!r} in {column} {curie!r}",
                        f"declare it in the curie_map header or use one of {', '.join(sorted(CURIE_PREFIXES))}")
    return iri


def read_sssom(path: Path) -> tuple[dict, pd.DataFrame]:
    """Read an SSSOM TSV mapping set: metadata header and rows with expanded IRIs."""
    text = read_text(path)
    lines = text.splitlines()
    header_lines = [ln[2:] if ln.startswith("# ") else ln[1:] for ln in lines if ln.startswith("#")]
    n_meta = len(header_lines)
    try:
        meta = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise DataError(path, (mark.line + 1) if mark else 1, f"metadata header is not valid YAML: {err}",
                        "fix the '# ' header block") from err
    curie_map = meta.get("curie_map") or {}
    for prefix, iri in curie_map.items():
        if prefix in CURIE_PREFIXES and CURIE_PREFIXES[prefix] != iri:
            raise DataError(path, 1, f"curie_map gives {prefix}: {iri}, the project uses {CURIE_PREFIXES[prefix]}",
                            "use the project's expansion for that prefix")
        if prefix not in CURIE_PREFIXES:
            raise DataError(path, 1, f"unknown CURIE prefix {prefix!r} in the curie_map",
                            f"use only the project's prefixes: {', '.join(sorted(CURIE_PREFIXES))}")
    if not meta.get("mapping_set_id"):
        raise DataError(path, 1, "no mapping_set_id in the metadata header", "add '# mapping_set_id: <IRI>'")
    frame = _read_tsv(path, lines, n_meta)
    for record in frame.to_dict("records"):
        row = SimpleNamespace(**record)
        line = int(record["_line"])
        try:
            confidence = float(row.confidence)
        except ValueError:
            raise DataError(path, line, f"confidence {row.confidence!r} is not a number",
                            "give a number between 0 and 1") from None
        if not 0.0 <= confidence <= 1.0:
            raise DataError(path, line, f"confidence {row.confidence} is outside 0..1",
                            "give a number between 0 and 1")
        if row.predicate_id not in LINK_PREDICATES:
            raise DataError(path, line, f"unknown predicate_id {row.predicate_id!r}",
                            f"use one of {', '.join(LINK_PREDICATES)}")
        if row.mapping_justification not in _JUSTIFICATION_CURIES:
            raise DataError(path, line, f"unknown mapping_justification {row.mapping_justification!r}",
                            f"use one of {', '.join(str(c) for c in _JUSTIFICATION_CURIES)}")
        if row.status not in STATUSES:
            raise DataError(path, line, f"status {row.status!r} is not one of {', '.join(STATUSES)}",
                            "use verified only for links read in an official source, else unverified")
        if not _DATE.match(row.mapping_date):
            raise DataError(path, line, f"mapping_date {row.mapping_date!r} is not YYYY-MM-DD",
                            "write the date as YYYY-MM-DD")
    # a curie_map may only repeat the project's prefixes (checked above), so those expand every CURIE
    for column in ("subject_id", "predicate_id", "object_id", "mapping_justification", "author_id"):
        frame[column + "_iri"] = [
            _expand(v, path, int(ln), column) for v, ln in zip(frame[column], frame["_line"], strict=True)
        ]
    frame["confidence"] = frame["confidence"].astype(float)
    dup = frame[frame.duplicated(["subject_id", "predicate_id", "object_id", "comment"], keep="first")]
    if len(dup):
        raise DataError(path, int(dup["_line"].iloc[0]),
                        f"duplicate link {dup['subject_id'].iloc[0]} {dup['predicate_id'].iloc[0]} "
                        f"{dup['object_id'].iloc[0]} with the same comment",
                        "remove the repeated row")
    return meta, frame


def _read_tsv(path: Path, lines: list[str], n_meta: int) -> pd.DataFrame:
    body = lines[n_meta:]
    if not body:
        raise DataError(path, n_meta + 1, "no header row after the metadata block", "add the column header row")
    header = body[0].split("\t")
    missing = [c for c in SSSOM_COLUMNS if c not in header]
    if missing:
        raise DataError(path, n_meta + 1, f"missing required column(s) {', '.join(missing)}",
                        f"add the SSSOM column(s); required: {', '.join(SSSOM_COLUMNS)}")
    rows, line_numbers = [], []
    for offset, text in enumerate(body[1:], start=n_meta + 2):
        if not text.strip():
            continue
        values = text.split("\t")
        if len(values) != len(header):
            raise DataError(path, offset, f"{len(values)} fields where the header has {len(header)}",
                            "separate fields with exactly one tab; no tabs inside a field")
        rows.append(values)
        line_numbers.append(offset)
    frame = pd.DataFrame(rows, columns=header, dtype=str).fillna("")
    frame["_line"] = line_numbers
    return frame


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
                raise DataError(path, (mark.line + 1) if mark else None, f"not valid YAML: {err}",
                                "restore the file from data/sources") from err
            if not isinstance(content, dict):
                raise DataError(path, 1, "expected a mapping of keys to titles", "restore the file")
            titles.update({str(k): str(v) for k, v in content.items()})
        out[lang] = titles
    return out


def _sdg_codes(quads: list[ox.Quad], path: Path) -> dict[str, str]:
    codes: dict[str, str] = {}
    for q in quads:
        if (isinstance(q.object, ox.Literal) and q.object.datatype.value == str(SDGO.SDGCodeCompact)
                and isinstance(q.subject, ox.NamedNode) and q.predicate.value == str(SKOS.notation)):
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
