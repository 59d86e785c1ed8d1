"""Import the elements of a new cycle from a CSV template into the framework files.

The template (``data/templates/<kind>.csv``, documented in ``data/templates/README.md``) has
the columns ``code, title_en, title_fr, objective_en, source, status, note``: ``status`` is
``verified`` (read in an official text) or ``provisional`` (known to exist, wording not read);
the build keeps provisional rows as unverified. Every row is checked before anything is written:
one bad row fails the import with its file and line, and no file changes.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from graph.errors import DataError
from graph.files import atomic_write, locked, read_text
from graph.load import read_csv_table

__all__ = ["IMPORT_KINDS", "TEMPLATE_COLUMNS", "import_cycle"]

TEMPLATE_COLUMNS = ("code", "title_en", "title_fr", "objective_en", "source", "status", "note")
IMPORT_STATUSES = ("verified", "provisional")
IMPORT_KINDS = {
    "question": "itud_study_questions.csv",
    "initiative": "wtdc_regional_initiatives.csv",
    "priority": "itud_priorities.csv",
    "resolution": "wtdc_resolutions.csv",
}
_CODES = {
    "question": re.compile(r"^Q(?P<number>\d+)/(?P<group>\d+)$"),
    "initiative": re.compile(r"^(?P<region>[A-Z]{3})(?P<number>\d+)$"),
    "priority": re.compile(r"^[A-Z][A-Z0-9-]*$"),
    "resolution": re.compile(r"^WTDC-(?P<number>[0-9A-Z]+)$"),
}
_EXAMPLES = {"question": "Q3/2", "initiative": "AFR1", "priority": "BAP-P1", "resolution": "WTDC-37"}


def _cycle(data: Path, cycle: str) -> dict[str, str]:
    cycles = read_csv_table(data / "frameworks" / "cycles.csv", ("id", "study_period"))
    found = cycles[(cycles["study_period"] == cycle) | (cycles["id"] == cycle)]
    if found.empty:
        raise DataError(
            data / "frameworks" / "cycles.csv",
            None,
            f"no cycle {cycle!r}",
            "add the conference and its study period to data/frameworks/cycles.csv first",
        )
    return {str(k): str(v) for k, v in found.iloc[0].to_dict().items()}


def _framework_row(kind: str, r: dict[str, str], cycle: dict[str, str], match: re.Match[str]) -> dict[str, str]:
    period, conference = cycle["study_period"], cycle["id"]
    status = "verified" if r["status"] == "verified" else "provisional (UNVERIFIED)"
    common = {
        "title_en": r["title_en"],
        "title_fr": r["title_fr"],
        "objective_en": r["objective_en"],
        "source": r["source"],
        "note": r["note"],
    }
    if kind == "question":
        number, group = match["number"], match["group"]
        return {
            **common,
            "id": f"{period}/Q{number}-{group}",
            "study_period": period,
            "established_by": conference,
            "study_group": group,
            "question": f"{number}/{group}",
            "title_status": status,
        }
    if kind == "initiative":
        return {
            **common,
            "id": f"{period}/{r['code']}",
            "period": period,
            "adopted_by": f"{conference} ({cycle.get('action_plan', '')})",
            "region": match["region"],
            "code": r["code"],
            "title_status": status,
        }
    if kind == "priority":
        plan = cycle.get("action_plan", conference)
        return {
            **common,
            "kind": f"{plan.split()[0].lower()}_priority",
            "id": r["code"],
            "framework": f"{conference} {plan} ({cycle.get('action_plan_period', period)})",
            "status": status,
        }
    return {
        **common,
        "id": f"{r['code']}-{cycle.get('year', period)}",
        "body": "WTDC",
        "number": match["number"],
        "revision": f"{cycle.get('venue', conference)}, {cycle.get('year', '')}".strip(", "),
        "status": status,
    }


def _check(
    path: Path, kind: str, rows: pd.DataFrame, existing: set[str], cycle: dict[str, str]
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for r in rows.to_dict("records"):
        line = int(r["_line"])
        match = _CODES[kind].match(r["code"].strip())
        if match is None:
            raise DataError(path, line, f"code {r['code']!r} is not a {kind} code", f"write it like {_EXAMPLES[kind]}")
        if r["status"] not in IMPORT_STATUSES:
            raise DataError(
                path,
                line,
                f"status {r['status']!r} is not verified or provisional",
                "verified only when read in an official text; else provisional",
            )
        if r["status"] == "verified" and not (r["title_en"].strip() and r["source"].strip()):
            raise DataError(
                path,
                line,
                "a verified row needs its English title and its source",
                "give both, or mark the row provisional",
            )
        if r["title_en"].startswith("[") or "?" in r["title_en"]:
            raise DataError(
                path,
                line,
                f"title {r['title_en']!r} looks guessed",
                "leave the title empty when it is not known; never invent one",
            )
        new = _framework_row(kind, {c: str(r.get(c, "")).strip() for c in TEMPLATE_COLUMNS}, cycle, match)
        if new["id"] in existing or new["id"] in seen:
            raise DataError(path, line, f"{kind} {new['id']} is already in the data", "remove the row or fix its code")
        seen.add(new["id"])
        out.append(new)
    return out


def import_cycle(data: Path, kind: str, csv_path: Path, cycle: str) -> list[str]:
    """Check every row of ``csv_path``, then add them to ``kind``'s framework file; returns the new ids."""
    if kind not in IMPORT_KINDS:
        raise DataError(csv_path, None, f"unknown kind {kind!r}", f"use one of {', '.join(IMPORT_KINDS)}")
    rows = read_csv_table(csv_path, ("code", "title_en", "source", "status"))
    for column in TEMPLATE_COLUMNS:
        if column not in rows.columns:
            rows[column] = ""
    found = _cycle(data, cycle)
    target = data / "frameworks" / IMPORT_KINDS[kind]
    with locked(target):
        current = read_csv_table(target, ("id",), key="id")
        new_rows = _check(csv_path, kind, rows, set(current["id"]), found)
        header = [c for c in current.columns if c != "_line"]
        extra = [c for c in ("title_fr", "objective_en", "note") if c not in header and any(r.get(c) for r in new_rows)]
        text = read_text(target)
        if extra:  # a new column: every existing row gets it, empty
            lines = text.rstrip("\n").split("\n")
            text = "\n".join([lines[0] + "," + ",".join(extra), *(ln + "," * len(extra) for ln in lines[1:])]) + "\n"
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for new in new_rows:
            writer.writerow([new.get(c, "") for c in [*header, *extra]])
        atomic_write(target, (text if text.endswith("\n") else text + "\n") + buffer.getvalue())
    return [r["id"] for r in new_rows]
