"""Review of links: the queue of links to decide on, with both texts and the evidence, and the
decisions (accept, reject, edit) written back to the mapping files with who decided and when.

The terminal session (``itud-align review``) and the dashboard's Review page both call
:func:`review_queue` and :func:`decide`; :func:`rewrite_rows` keeps each decision to
the one line it changes, under a lock, so two reviewers at once lose nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from graph.errors import DataError
from graph.files import atomic_write, folder_digest, locked, read_text
from graph.load import Tables, load_data
from graph.sssom import COLUMNS, format_row, link_key, read_sssom, split_header

__all__ = [
    "DECISIONS",
    "QUEUE_COLUMNS",
    "Decision",
    "decide",
    "element_facts",
    "queue_link",
    "review_queue",
    "rewrite_rows",
]

DECISIONS = ("accept", "reject", "edit")
QUEUE_COLUMNS = [
    "mapping_set",
    "line",
    "subject_id",
    "subject_text",
    "predicate_id",
    "object_id",
    "object_text",
    "status",
    "mapping_justification",
    "confidence",
    "author_id",
    "mapping_date",
    "source",
    "comment",
    "kind",
    "region",
    "cycle",
    "priorities",
]
# the columns of text, kept as categoricals: at 1M triples the queue's 62,000 links repeat a few
# thousand texts, 98 MB as strings against 5 MB as categories
_TEXT_COLUMNS = [c for c in QUEUE_COLUMNS if c not in ("line", "confidence")]
# seconds the reading of the data folder may take (5 s at 1M triples on a busy machine) before
# its process is stopped
READ_SECONDS = 120.0
_REVIEWER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_PERIOD = re.compile(r"\d{4}-\d{4}")


@dataclass(frozen=True)
class Decision:
    """One reviewer's decision on one row of a mapping set (the row named by its link key)."""

    mapping_set: str
    key: tuple[str, str, str, str]  # subject_id, predicate_id, object_id, comment
    action: str  # accept, reject or edit
    reviewer: str  # an id such as a user name: written agent:<id>
    date: str = ""  # YYYY-MM-DD; today when empty
    confidence: float | None = None  # edit only
    comment: str | None = None  # edit only


def _sdg_texts(tables: Tables) -> dict[str, str]:
    texts: dict[str, str] = {}
    for key, text in tables.translations.get("en", {}).items():
        parts = key.split("-")
        if parts[-1] == "title" and len(parts) in (2, 3):
            texts["sdg:" + ".".join(parts[:-1])] = text
    return texts


def _cycle_periods(tables: Tables) -> dict[str, str]:
    """Cycle id or year -> study period (WTDC-22 -> 2022-2025, 2022 -> 2022-2025)."""
    periods: dict[str, str] = {}
    for r in tables.frameworks["cycles.csv"].to_dict("records"):
        periods[r["id"]] = r["study_period"]
        periods[str(r.get("year", ""))] = r["study_period"]
    return periods


def element_facts(tables: Tables) -> dict[str, dict[str, str]]:
    """CURIE -> text (title and objective), kind, region and cycle (study period) of every element."""
    periods = _cycle_periods(tables)
    facts: dict[str, dict[str, str]] = {
        c: {"text": t, "kind": "sdg", "region": "", "cycle": ""} for c, t in _sdg_texts(tables).items()
    }
    fw = tables.frameworks
    for r in fw["wsis_action_lines.csv"].to_dict("records"):
        facts[f"wsis:{r['code']}"] = {"text": r["title_en"], "kind": "wsis", "region": "", "cycle": ""}
    for r in fw["itud_study_questions.csv"].to_dict("records"):
        text = " — ".join(t for t in (r["title_en"], r.get("objective_en", "")) if t)
        facts[f"question:{r['id']}"] = {"text": text, "kind": "question", "region": "", "cycle": r["study_period"]}
    for r in fw["wtdc_regional_initiatives.csv"].to_dict("records"):
        text = " — ".join(t for t in (r["title_en"], r.get("objective_en", "")) if t)
        facts[f"initiative:{r['id']}"] = {
            "text": text,
            "kind": "initiative",
            "region": r["region"],
            "cycle": r["period"],
        }
    for r in fw["itud_priorities.csv"].to_dict("records"):
        found = _PERIOD.search(r["framework"])
        facts[f"priority:{r['id']}"] = {
            "text": r["title_en"],
            "kind": "priority",
            "region": "",
            "cycle": found.group(0) if found else "",
        }
    for name in ("wtdc_resolutions.csv", "pp_resolutions.csv"):
        for r in fw[name].to_dict("records"):
            year = re.search(r"\d{4}", r["revision"])
            facts[f"resolution:{r['id']}"] = {
                "text": r["title_en"],
                "kind": "resolution",
                "region": "",
                "cycle": periods.get(year.group(0), "") if year else "",
            }
    return facts


def _priorities(tables: Tables) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for _meta, frame in tables.mappings.values():
        rows = frame[(frame["predicate_id"] == "itud:implementsPriority") & (frame["status"] != "rejected")]
        for subject, obj in zip(rows["subject_id"], rows["object_id"], strict=True):
            found.setdefault(subject, set()).add(obj)
    return found


@functools.lru_cache(maxsize=1)
def _every_link(data: Path, digest: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """:func:`_read_links` of the folder, once per content (``digest``) of the folder, read by a
    process of its own (``python -m graph.review DATA``), so that the caller (each web worker of
    a deployment) keeps the compact queue only, not what reading the folder leaves in a heap: at
    1M triples a process that reads it in place holds 178 MB more at rest, 15 MB this way. An
    error of the reading is raised here as it was raised there; a reading past
    :data:`READ_SECONDS` is stopped."""
    del digest  # part of the key only: a decision written to a file gives a new digest
    # this very code: the folder that holds this package first on the path, not the working folder
    here = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-P", "-m", "graph.review", str(data)]
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, timeout=READ_SECONDS, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise DataError(
            data,
            None,
            f"reading the data folder for the review queue took more than {READ_SECONDS:g} s",
            "check that the folder reads at disk speed (not a stalled network mount), then reload",
        ) from None
    if done.returncode != 0:  # it crashed or was killed: what it said went to this process's stderr
        raise DataError(
            data,
            None,
            f"the process reading the data folder for the review queue stopped (status {done.returncode})",
            "read its error in the server's log or the terminal, then reload",
        )
    kind, value = pickle.loads(done.stdout)
    if kind == "error":
        raise value
    return value  # type: ignore[no-any-return]


def _read_links(data: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """Every link of every mapping set with both texts and the subject's kind, region, cycle and
    priorities (the text columns as categoricals), and the folder's cycles (:func:`_cycle_periods`)."""
    tables = load_data(data)
    facts = element_facts(tables)
    priorities = _priorities(tables)
    rows: list[dict[str, Any]] = []
    for name, (_meta, frame) in sorted(tables.mappings.items()):
        for r in frame.to_dict("records"):
            subject = facts.get(r["subject_id"], {"text": "", "kind": "", "region": "", "cycle": ""})
            rows.append(
                {
                    **{c: r[c] for c in QUEUE_COLUMNS if c in r},
                    "mapping_set": name,
                    "line": int(r["_line"]),
                    "subject_text": subject["text"],
                    "object_text": facts.get(r["object_id"], {}).get("text", ""),
                    "kind": subject["kind"],
                    "region": subject["region"],
                    "cycle": subject["cycle"],
                    "priorities": " ".join(sorted(priorities.get(r["subject_id"], set()))),
                }
            )
    links = pd.DataFrame(rows, columns=QUEUE_COLUMNS).astype(dict.fromkeys(_TEXT_COLUMNS, "category"))
    return links, _cycle_periods(tables)


def review_queue(
    data: Path,
    kind: str | None = None,
    priority: str | None = None,
    region: str | None = None,
    cycle: str | None = None,
    statuses: tuple[str, ...] = ("unverified", "suggested"),
) -> pd.DataFrame:
    """The links still to decide on (unverified and suggested), with both texts and the evidence.

    ``priority`` keeps the links of elements filed under that priority (``KAP-P1`` or
    ``priority:KAP-P1``) and of the priority itself; ``cycle`` is a study period (``2022-2025``)
    or a conference (``WTDC-22``).
    """
    links, periods = _every_link(Path(data), folder_digest(data))
    keep = links["status"].isin(statuses)
    if kind:
        keep &= links["kind"] == kind
    if region:
        keep &= links["region"] == region
    if cycle is not None:
        cycle = periods.get(cycle, cycle)
    if cycle:
        keep &= links["cycle"] == cycle
    if priority:
        wanted = f"priority:{priority.removeprefix('priority:')}"
        keep &= links["priorities"].str.split().map(lambda filed: wanted in filed) | (links["subject_id"] == wanted)
    # the text columns as strings again, as the files read
    return links[keep].reset_index(drop=True).astype(dict.fromkeys(_TEXT_COLUMNS, "str"))


def queue_link(
    data: Path, mapping_set: str, line: int, statuses: tuple[str, ...] = ("unverified", "suggested")
) -> dict[str, Any] | None:
    """The link of :func:`review_queue` at ``line`` of ``mapping_set``, or None when that line
    holds no link with one of ``statuses`` (it was decided, or the file changed)."""
    links, _periods = _every_link(Path(data), folder_digest(data))
    found = links[(links["mapping_set"] == mapping_set) & (links["line"] == line) & links["status"].isin(statuses)]
    return found.astype(dict.fromkeys(_TEXT_COLUMNS, "str")).to_dict("records")[0] if len(found) else None


def decide(data: Path, decision: Decision) -> None:
    """Write one decision into its mapping file: one line changes, with reviewer and date.

    accept: status verified; reject: kept as a negated mapping (status rejected), so it never
    comes back as a suggestion; edit: a new confidence or comment, status unchanged.
    """
    path = Path(data) / "mappings" / f"{decision.mapping_set}.sssom.tsv"
    if decision.action not in DECISIONS:
        raise DataError(path, None, f"unknown decision {decision.action!r}", f"use one of {', '.join(DECISIONS)}")
    if not _REVIEWER.match(decision.reviewer):
        raise DataError(
            path,
            None,
            f"reviewer id {decision.reviewer!r} is not a plain id",
            "give a reviewer id of letters, digits, '.', '_' or '-' (e.g. a user name)",
        )
    date = decision.date or dt.date.today().isoformat()
    if decision.action == "edit" and decision.confidence is not None and not 0.0 <= decision.confidence <= 1.0:
        raise DataError(path, None, f"confidence {decision.confidence} is outside 0..1", "give a number in 0..1")

    found: list[int] = []

    def change(row: dict[str, Any]) -> dict[str, Any] | None:
        if link_key(row) != decision.key:
            return None
        found.append(int(row["_line"]))
        row.update(reviewer_id=f"agent:{decision.reviewer}", review_date=date)
        if decision.action == "accept":
            row["status"] = "verified"
        elif decision.action == "reject":
            row["status"] = "rejected"
        else:
            if decision.confidence is not None:
                row["confidence"] = decision.confidence
            if decision.comment is not None:
                row["comment"] = decision.comment
        return row

    rewrite_rows(path, change)
    if not found:
        raise DataError(
            path,
            None,
            f"no row {' '.join(decision.key[:3])} with that comment",
            "reload the queue: the row was changed or removed meanwhile",
        )


def rewrite_rows(
    path: Path, change: Callable[[dict[str, Any]], dict[str, Any] | None], append: Iterable[Mapping[str, Any]] = ()
) -> int:
    """Re-read ``path`` under its lock, rewrite the rows ``change`` returns, append ``append``.

    ``change`` gets each row (as :func:`read_sssom` gives it) and returns the new row, or None to
    leave the line as it is, byte for byte. The file is read again inside the lock, so a decision
    written meanwhile by another reviewer is kept. Returns the number of lines changed or added.
    """
    with locked(path):
        _meta, frame = read_sssom(path)
        lines = read_text(path).split("\n")
        n_meta = len(split_header("\n".join(lines))[0])
        if lines[n_meta] != "\t".join(COLUMNS):
            raise DataError(
                path,
                n_meta + 1,
                "the columns are not in the project's order",
                f"write the header as: {' '.join(COLUMNS)}",
            )
        changed = 0
        for record in frame.to_dict("records"):
            new = change(dict(record))
            if new is not None:
                text = format_row(new)
                index = int(record["_line"]) - 1
                changed += text != lines[index]
                lines[index] = text
        added = [format_row(r) for r in append]
        if added:
            while lines and not lines[-1]:
                lines.pop()
            lines += [*added, ""]
        if changed or added:
            atomic_write(path, "\n".join(lines))
        return changed + len(added)


def _read_and_send(data: Path) -> None:
    """:func:`_read_links` of ``data`` pickled to standard output, or the error it raised."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything printed meanwhile stays out of the answer
    try:
        answer: tuple[str, Any] = ("links", _read_links(data))
    except Exception as err:
        answer = ("error", err)
    pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


if __name__ == "__main__":
    _read_and_send(Path(sys.argv[1]))
