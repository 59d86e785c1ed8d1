"""SSSOM mapping sets: the one module that reads, writes and edits ``*.sssom.tsv`` files.

The files keep to SSSOM 1.1 so that sssom-py parses, validates and round-trips them:

- ``mapping_justification`` is a SEMAPV term. A link read in an official text is
  ``semapv:ManualMappingCuration`` with ``curation_rule`` ``itud:OfficialDocument``; the
  tables handed to the builder carry ``itud:OfficialDocument`` as its justification.
- ``status`` (verified, unverified, suggested, rejected) and ``source`` (the document that
  says so) travel in the standard ``other`` slot as ``status=...|source=...``: sssom-py 0.4.21
  drops declared extension slots on read and write, and ``see_also`` takes bare IRIs only.
- A decision keeps who made it and when in ``reviewer_id`` and ``review_date``; a rejected
  link stays in its file as a negated mapping (``predicate_modifier`` ``Not``, status
  ``rejected``), so it never comes back as a suggestion.

Rewrites change only the lines they must (:func:`graph.review.rewrite_rows`), under a lock and by atomic
replace, so two reviewers never lose each other's decisions and diffs stay small.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import yaml

from graph.errors import DataError
from graph.files import atomic_write, locked, read_text
from graph.namespaces import CURIE_PREFIXES, compact, expand
from graph.namespaces import JUSTIFICATIONS as _JUSTIFICATION_IRIS
from graph.namespaces import STATUSES as _LINK_STATUSES

__all__ = [
    "COLUMNS",
    "JUSTIFICATIONS",
    "LINK_PREDICATES",
    "OFFICIAL_DOCUMENT",
    "REQUIRED_COLUMNS",
    "STATUSES",
    "format_row",
    "header_lines",
    "link_key",
    "read_sssom",
    "split_header",
    "write_sssom",
]

# the column order every file is written in (reviewer columns present, empty until a decision)
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "curation_rule",
    "confidence",
    "author_id",
    "mapping_date",
    "reviewer_id",
    "review_date",
    "comment",
    "other",
)
REQUIRED_COLUMNS = (
    "subject_id",
    "predicate_id",
    "object_id",
    "mapping_justification",
    "confidence",
    "author_id",
    "mapping_date",
    "comment",
    "other",
)
LINK_PREDICATES = (
    "itud:contributesTo",
    "itud:supportsActionLine",
    "itud:implementsPriority",
    "itud:refersTo",
)
OFFICIAL_DOCUMENT = "itud:OfficialDocument"
# the justifications the builder sees (graph.namespaces), as CURIEs; in the files an official
# document is a curation rule, the rest are SEMAPV terms
JUSTIFICATIONS = tuple(str(compact(iri)) for iri in _JUSTIFICATION_IRIS)
# a link's status, and the decision that keeps a link as a negated mapping
STATUSES = (*_LINK_STATUSES, "rejected")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# prefixes every SSSOM file may use (the standard's built-in ones, which sssom-py writes out)
_BUILT_IN_PREFIXES = {
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sssom": "https://w3id.org/sssom/",
}
_CURIE_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification", "author_id")


def link_key(row: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """What makes a row one piece of evidence: subject, predicate, object and comment."""
    return (str(row["subject_id"]), str(row["predicate_id"]), str(row["object_id"]), str(row["comment"]))


def _decode_other(value: str, path: Path, line: int) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in value.split("|") if value.strip() else []:
        key, sep, text = part.partition("=")
        if not sep or key.strip() not in ("status", "source"):
            raise DataError(
                path,
                line,
                f"other {value!r} is not 'status=...|source=...'",
                "write the other column as status=<status>|source=<document>",
            )
        fields[key.strip()] = text.strip()
    if "status" not in fields:
        raise DataError(
            path, line, "the other column gives no status=", f"start it with status=<one of {', '.join(STATUSES)}>"
        )
    return fields


def _encode_other(status: str, source: str) -> str:
    source = " ".join(source.split())
    if "|" in source:
        raise ValueError(f"a source may not contain '|': {source!r}")
    return f"status={status}" + (f"|source={source}" if source else "")


def _expand(curie: str, path: Path, line: int, column: str) -> str:
    """The IRI of one CURIE cell, or an error naming the row."""
    prefix, sep, local = curie.partition(":")
    if not sep or not local:
        raise DataError(
            path, line, f"{column} {curie!r} is not a CURIE (prefix:local)", "write it as prefix:local, e.g. sdg:9.c"
        )
    iri = expand(curie)
    if iri is None:
        raise DataError(
            path,
            line,
            f"unknown CURIE prefix {prefix!r} in {column} {curie!r}",
            f"declare it in the curie_map header or use one of {', '.join(sorted(CURIE_PREFIXES))}",
        )
    return iri


def split_header(text: str) -> tuple[list[str], list[str]]:
    lines = text.splitlines()
    n_meta = next((i for i, ln in enumerate(lines) if not ln.startswith("#")), len(lines))
    return lines[:n_meta], lines[n_meta:]


def _upgrade_legacy(frame: pd.DataFrame) -> pd.DataFrame:
    """Files written before SSSOM 1.1 slots (up to 2026-12-06, still in git history) carried
    ``status`` and ``source`` columns and ``itud:OfficialDocument`` as a justification."""
    frame["other"] = [_encode_other(st, so) for st, so in zip(frame["status"], frame["source"], strict=True)]
    official = frame["mapping_justification"] == OFFICIAL_DOCUMENT
    frame.loc[official, "curation_rule"] = OFFICIAL_DOCUMENT
    frame.loc[official, "mapping_justification"] = "semapv:ManualMappingCuration"
    return frame.drop(columns=["status", "source"])


def _read_meta(path: Path, header: list[str], legacy: bool = False) -> dict:
    try:
        meta = yaml.safe_load("\n".join(ln[2:] if ln.startswith("# ") else ln[1:] for ln in header)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise DataError(
            path,
            (mark.line + 1) if mark else 1,
            f"metadata header is not valid YAML: {err}",
            "fix the '# ' header block",
        ) from err
    for prefix, iri in (meta.get("curie_map") or {}).items():
        if _BUILT_IN_PREFIXES.get(prefix) == iri:
            continue
        if prefix not in CURIE_PREFIXES:
            raise DataError(
                path,
                1,
                f"unknown CURIE prefix {prefix!r} in the curie_map",
                f"use only the project's prefixes: {', '.join(sorted(CURIE_PREFIXES))}",
            )
        if CURIE_PREFIXES[prefix] != iri:
            raise DataError(
                path,
                1,
                f"curie_map gives {prefix}: {iri}, the project uses {CURIE_PREFIXES[prefix]}",
                "use the project's expansion for that prefix",
            )
    if not meta.get("mapping_set_id"):
        raise DataError(path, 1, "no mapping_set_id in the metadata header", "add '# mapping_set_id: <IRI>'")
    if not legacy and (
        not str(meta.get("license", "")).startswith(("http://", "https://")) or " " in str(meta.get("license"))
    ):
        raise DataError(
            path,
            1,
            f"license {meta.get('license')!r} is not an IRI",
            "give the licence's IRI alone; explain it in mapping_set_description",
        )
    return meta


def _read_table(path: Path, body: list[str], n_meta: int) -> pd.DataFrame:
    if not body:
        raise DataError(path, n_meta + 1, "no header row after the metadata block", "add the column header row")
    header = body[0].split("\t")
    legacy = "other" not in header and {"status", "source"} <= set(header)
    missing = [c for c in REQUIRED_COLUMNS if c not in header and not (legacy and c == "other")]
    if missing:
        raise DataError(
            path,
            n_meta + 1,
            f"missing required column(s) {', '.join(missing)}",
            f"add the SSSOM column(s); required: {', '.join(REQUIRED_COLUMNS)}",
        )
    rows, line_numbers = [], []
    for offset, text in enumerate(body[1:], start=n_meta + 2):
        if not text.strip():
            continue
        values = text.split("\t")
        if len(values) != len(header):
            raise DataError(
                path,
                offset,
                f"{len(values)} fields where the header has {len(header)}",
                "separate fields with exactly one tab; no tabs inside a field",
            )
        rows.append(values)
        line_numbers.append(offset)
    frame = pd.DataFrame(rows, columns=header, dtype=str).fillna("")
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame["_line"] = line_numbers
    return _upgrade_legacy(frame) if legacy else frame


def _check_row(row: SimpleNamespace, path: Path, line: int) -> None:
    try:
        confidence = float(row.confidence)
    except ValueError:
        raise DataError(
            path, line, f"confidence {row.confidence!r} is not a number", "give a number between 0 and 1"
        ) from None
    if not 0.0 <= confidence <= 1.0:
        raise DataError(path, line, f"confidence {row.confidence} is outside 0..1", "give a number between 0 and 1")
    if row.predicate_id not in LINK_PREDICATES:
        raise DataError(
            path, line, f"unknown predicate_id {row.predicate_id!r}", f"use one of {', '.join(LINK_PREDICATES)}"
        )
    if row.mapping_justification not in JUSTIFICATIONS or row.mapping_justification == OFFICIAL_DOCUMENT:
        semapv = [j for j in JUSTIFICATIONS if j != OFFICIAL_DOCUMENT]
        raise DataError(
            path,
            line,
            f"unknown mapping_justification {row.mapping_justification!r}",
            f"use a SEMAPV term: {', '.join(semapv)} (official texts: "
            f"semapv:ManualMappingCuration with curation_rule {OFFICIAL_DOCUMENT})",
        )
    if row.curation_rule not in ("", OFFICIAL_DOCUMENT):
        raise DataError(
            path, line, f"unknown curation_rule {row.curation_rule!r}", f"leave it empty or write {OFFICIAL_DOCUMENT}"
        )
    if row.status not in STATUSES:
        raise DataError(
            path,
            line,
            f"status {row.status!r} is not one of {', '.join(STATUSES)}",
            "use verified only for links read in an official source, else unverified",
        )
    if (row.predicate_modifier == "Not") != (row.status == "rejected") or row.predicate_modifier not in ("", "Not"):
        raise DataError(
            path,
            line,
            f"predicate_modifier {row.predicate_modifier!r} with status {row.status!r}",
            "a rejected link has predicate_modifier Not and status=rejected; any other has neither",
        )
    for column in ("mapping_date", "review_date"):
        value = getattr(row, column)
        if (value or column == "mapping_date") and not _DATE.match(value):
            raise DataError(path, line, f"{column} {value!r} is not YYYY-MM-DD", "write the date as YYYY-MM-DD")
    if bool(row.reviewer_id) != bool(row.review_date):
        raise DataError(
            path,
            line,
            "reviewer_id and review_date must be given together",
            "record who decided and on which date, or neither",
        )


def read_sssom(path: Path) -> tuple[dict, pd.DataFrame]:
    """Read an SSSOM TSV mapping set: its metadata and checked rows with expanded IRIs.

    The frame has the file's columns, ``status`` and ``source`` from ``other``, the builder's
    justification in ``mapping_justification``, ``<column>_iri`` for the CURIE columns and
    ``_line`` (the row's line in the file).
    """
    header, body = split_header(read_text(path))
    legacy = bool(body) and "\tother" not in body[0] and "\tstatus" in body[0]
    meta = _read_meta(path, header, legacy)
    frame = _read_table(path, body, len(header))
    for column in ("curation_rule", "mapping_date"):  # slots SSSOM lets a writer condense into the header
        value = meta.get(column)
        value = "|".join(value) if isinstance(value, list) else str(value or "")
        frame[column] = frame[column].mask(frame[column] == "", value)
    statuses, sources = [], []
    for record in frame.to_dict("records"):
        line = int(record["_line"])
        other = _decode_other(record["other"], path, line)
        statuses.append(other["status"])
        sources.append(other.get("source", ""))
        _check_row(SimpleNamespace(**record, status=other["status"]), path, line)
    frame["status"], frame["source"] = statuses, sources
    official = frame["curation_rule"] == OFFICIAL_DOCUMENT
    frame.loc[official, "mapping_justification"] = OFFICIAL_DOCUMENT
    # a curie_map may only repeat the project's (or SSSOM's built-in) prefixes: those expand every CURIE
    for column in (*_CURIE_COLUMNS, "reviewer_id"):
        frame[column + "_iri"] = [
            _expand(v, path, int(ln), column) if v else "" for v, ln in zip(frame[column], frame["_line"], strict=True)
        ]
    frame["confidence"] = frame["confidence"].astype(float)
    dup = frame[frame.duplicated(["subject_id", "predicate_id", "object_id", "comment"], keep="first")]
    if len(dup):
        raise DataError(
            path,
            int(dup["_line"].iloc[0]),
            f"duplicate link {dup['subject_id'].iloc[0]} {dup['predicate_id'].iloc[0]} "
            f"{dup['object_id'].iloc[0]} with the same comment",
            "remove the repeated row",
        )
    return meta, frame


def _cell(value: Any) -> str:
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    return " ".join(text.split())


def format_row(row: Mapping[str, Any]) -> str:
    """One TSV line in :data:`COLUMNS` order from a row as :func:`read_sssom` gives it."""
    values = {c: _cell(row.get(c, "")) for c in COLUMNS}
    if values["mapping_justification"] == OFFICIAL_DOCUMENT:
        values["mapping_justification"], values["curation_rule"] = "semapv:ManualMappingCuration", OFFICIAL_DOCUMENT
    values["predicate_modifier"] = "Not" if row.get("status") == "rejected" else ""
    values["confidence"] = f"{float(row['confidence']):.2f}"
    values["other"] = _encode_other(str(row.get("status", "")), _cell(row.get("source", "")))
    return "\t".join(values[c] for c in COLUMNS)


def header_lines(meta: Mapping[str, Any]) -> list[str]:
    """The ``# `` metadata block of a mapping set, the project's prefixes as its curie_map."""
    block: dict[str, Any] = {"curie_map": dict(sorted(CURIE_PREFIXES.items())), **meta}
    text = yaml.safe_dump(block, sort_keys=False, allow_unicode=True, width=10_000)
    return ["# " + ln for ln in text.splitlines()]


def write_sssom(path: Path, meta: Mapping[str, Any], rows: Iterable[Mapping[str, Any]]) -> None:
    """Write a whole mapping set (a new file: suggestions, an imported cycle)."""
    lines = [*header_lines(meta), "\t".join(COLUMNS), *(format_row(r) for r in rows)]
    with locked(path):
        atomic_write(path, "\n".join(lines) + "\n")
