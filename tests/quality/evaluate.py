"""The quality harness: build the bundled data, run the rules, the suggestions and the
streamlining, join them with the labels read off the texts (``tests/quality/labels/``) and
print precision per rule and overall, suggestions precision at 20 and 40, streamlining
precision and must-find recall.

    python -m tests.quality.evaluate [--markdown] [--labels DIR] [--data DIR]

A finding is real when (the labels' README says how they were made):

- M1, M5 (a declared link said to be wrong): links.csv labels (subject, object) ``no``;
- M9 and suggestions (a missing link): links.csv labels (subject, object) ``yes``;
- M2, M7 (a filing): links.csv labels (element, priority) ``no``;
- streamlining pairs: resolution_pairs.csv labels the pair ``repeats`` or ``overlaps``;
- every other rule: findings.csv labels (rule, subject, object) ``real``.

``unsure`` and ``unknown-data`` (and no label at all) count as not labelled: precision is
real / labelled, and the table says how many findings were left unlabelled. Must-find recall:
the links.csv rows with must_find=yes that some rule or suggestion reports. M1 findings are
notes, outside the misalignment count, and shown on a line of their own.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graph import settings
from graph.analysis.frames import Frames, load_frames, short_id
from graph.analysis.misalignments import RULES, find_misalignments
from graph.analysis.similarity import curie
from graph.analysis.streamline import streamline
from graph.analysis.suggestions import suggest_links
from graph.cli.common import build_checked
from graph.stores import open_store

LABELS = Path(__file__).resolve().parent / "labels"
WRONG_LINK = ("M1", "M5")
MISSING_LINK = ("M9",)
FILING = ("M2", "M7")
REAL_PAIR = ("repeats", "overlaps")
NOT_LABELLED = ("unsure", "unknown-data", "")


@dataclass
class Score:
    """Real, labelled and unlabelled findings of one line of the table."""

    name: str
    found: int = 0
    labelled: int = 0
    real: int = 0

    def add(self, verdict: bool | None) -> None:
        self.found += 1
        if verdict is not None:
            self.labelled += 1
            self.real += int(verdict)

    @property
    def precision(self) -> float | None:
        return self.real / self.labelled if self.labelled else None


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Labels:
    """The three label files, keyed for the joins."""

    def __init__(self, folder: Path) -> None:
        self.links = {(r["subject"], r["object"]): r for r in _read(folder / "links.csv")}
        self.findings = {(r["rule"], r["subject"], r["object"]): r["label"] for r in _read(folder / "findings.csv")}
        self.pairs: dict[frozenset[str], str] = {}
        for r in _read(folder / "resolution_pairs.csv"):
            self.pairs[frozenset((r["left"], r["right"]))] = r["label"]

    def link(self, subject: str, obj: str, real_when: str) -> bool | None:
        label = self.links.get((subject, obj), {}).get("label", "")
        return None if label in NOT_LABELLED else label == real_when

    def finding(self, rule: str, subject: str, obj: str) -> bool | None:
        label = self.findings.get((rule, subject, obj), "")
        return None if label in NOT_LABELLED else label == "real"

    def pair(self, left: str, right: str, real: frozenset[str] = REAL_PAIR) -> bool | None:
        """Whether the pair's label is one of ``real`` (None when the pair is not labelled)."""
        label = self.pairs.get(frozenset((left, right)), "")
        return None if label in NOT_LABELLED else label in real


def _curie(frames: Frames, iri: object) -> str:
    if not isinstance(iri, str) or not iri:
        return ""
    if iri in set(frames.action_lines["line"]):
        return "wsis:" + short_id(iri)
    if iri in set(frames.regions["region"]):
        return "region:" + short_id(iri)
    try:
        return curie(iri)
    except ValueError:
        return short_id(iri)


def _group_key(frames: Frames, finding: pd.Series) -> str:
    """findings.csv's subject of an M6 row: "questions@WTDC-22" or "region:AMS@WTDC-22"."""
    message = str(finding["message"])
    after = message.rsplit(" of ", 1)[-1].split(",")[0]
    region = (
        message.split("regional initiatives of ", 1)[1].split(" ")[0] if "regional initiatives of " in message else None
    )
    return f"region:{region}@{after}" if region else f"questions@{after}"


def verdict(frames: Frames, labels: Labels, finding: pd.Series) -> bool | None:
    """Is one rule finding real (True), not real (False) or not labelled (None)?"""
    rule = finding["rule"]
    subject = _curie(frames, finding["element"])
    obj = _curie(frames, finding["object"])
    if rule in WRONG_LINK:
        return labels.link(subject, obj, "no")
    if rule in MISSING_LINK:
        return labels.link(subject, obj, "yes")
    if rule in FILING:
        return labels.link(subject, obj, "no")
    if rule == "M4":
        return labels.finding(rule, subject, obj or "questions")
    if rule == "M6":
        return labels.finding(rule, _group_key(frames, finding), obj)
    return labels.finding(rule, subject, obj)


def suggestions(frames: Frames) -> pd.DataFrame:
    """The suggestions, best first, as element and object CURIEs (the text engine's output)."""
    found = suggest_links(frames).sort_values("score", ascending=False, kind="stable")
    return pd.DataFrame(
        {"subject": [curie(e) for e in found["element"]], "object": [curie(t) for t in found["target"]]}
    )


def evaluate(frames: Frames, labels: Labels) -> dict[str, object]:
    """Every figure of the table, computed once."""
    findings = find_misalignments(frames, scope=settings_scope())
    per_rule = {r.id: Score(r.id) for r in RULES}
    overall = Score("all misalignments")
    reported: set[tuple[str, str]] = set()
    for _, f in findings.iterrows():
        v = verdict(frames, labels, f)
        per_rule[f["rule"]].add(v)
        if f["severity"] != "note":
            overall.add(v)
        reported.add((_curie(frames, f["element"]), _curie(frames, f["object"])))
    suggested = suggestions(frames)
    at: dict[int, Score] = {n: Score(f"suggestions at {n}") for n in (20, 40)}
    for n, score in at.items():
        for s, o in zip(suggested["subject"][:n], suggested["object"][:n], strict=True):
            score.add(labels.link(s, o, "yes"))
    reported |= set(zip(suggested["subject"], suggested["object"], strict=True))
    pairs = streamline(frames)
    # what streamlining claims: "repeats"/"overlaps" pairs are candidates to merge or suppress (the
    # issue's target); a "refers" pair claims only a citation, right when the label says refers
    stream = Score("streamlining: repeats or overlaps")
    refers = Score("streamlining: refers to (a citation, not a candidate)")
    every = Score("streamlining: every pair read as overlap")
    for a, b, relation in zip(pairs["wtdc"], pairs["other"], pairs["relation"], strict=True):
        every.add(labels.pair(_res(a), _res(b)))
        if relation == "refers":
            refers.add(labels.pair(_res(a), _res(b), frozenset({"refers"})))
        else:
            stream.add(labels.pair(_res(a), _res(b)))
    must = [k for k, r in labels.links.items() if r.get("must_find") == "yes"]
    found_must = [k for k in must if k in reported]
    return {
        "rules": per_rule,
        "overall": overall,
        "suggestions": at,
        "streamlining": (stream, refers, every),
        "must_find": (len(found_must), len(must)),
        "missed": sorted(set(must) - set(found_must)),
    }


def _res(value: str) -> str:
    return curie(value) if value.startswith("http") else value


def settings_scope() -> str:
    from graph.analysis.scopes import DEFAULT_SCOPE

    return DEFAULT_SCOPE


def _pct(score: Score) -> str:
    return "n/a" if score.precision is None else f"{score.precision:.0%}"


def table(result: dict[str, object], markdown: bool) -> str:
    """The table, plain or Markdown."""
    rows: list[tuple[str, ...]] = []
    rules: dict[str, Score] = result["rules"]  # type: ignore[assignment]
    titles = {r.id: r.title for r in RULES}
    for rule, s in rules.items():
        name = f"{rule} {titles[rule].split(' (')[0]}" + (" (note, not counted)" if rule == "M1" else "")
        rows.append((name, str(s.found), str(s.labelled), str(s.real), _pct(s)))
    overall: Score = result["overall"]  # type: ignore[assignment]
    rows.append(
        (
            "all misalignments (notes left out)",
            str(overall.found),
            str(overall.labelled),
            str(overall.real),
            _pct(overall),
        )
    )
    for s in result["suggestions"].values():  # type: ignore[attr-defined]
        rows.append((s.name, str(s.found), str(s.labelled), str(s.real), _pct(s)))
    for stream in result["streamlining"]:  # type: ignore[attr-defined]
        rows.append((stream.name, str(stream.found), str(stream.labelled), str(stream.real), _pct(stream)))
    found, total = result["must_find"]  # type: ignore[misc]
    rows.append(("must-find recall", str(total), str(total), str(found), f"{found / total:.0%}" if total else "n/a"))
    head = ("output", "findings", "labelled", "real", "precision")
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{r[0]:<{width}}  " + "  ".join(f"{c:>9}" for c in r[1:]) for r in [head, *rows])


def build_frames(data: Path) -> Frames:
    """Build ``data`` into a temporary folder and read its frames."""
    folder = Path(tempfile.mkdtemp(prefix="itud-quality-"))
    build_checked(data, folder)
    return load_frames(open_store("oxigraph-memory", build_dir=folder))


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--labels", type=Path, default=LABELS, help="label folder")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the bundled data)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    result = evaluate(build_frames(args.data or settings.data_dir()), Labels(args.labels))
    print(table(result, args.markdown))
    missed = result["missed"]
    if missed and not args.markdown:
        print("must-find items missed: " + "; ".join(f"{s} -> {o}" for s, o in missed))  # type: ignore[union-attr]


if __name__ == "__main__":
    main()
