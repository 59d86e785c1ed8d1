"""What changed between two versions of the mapping sets: links added, removed, and changed in
status or confidence, per mapping set. A version is a ``.sssom.tsv`` file, a folder of them, or a
git revision of the repository (its ``data/mappings``).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pandas as pd

from graph.errors import DataError
from graph.sssom import read_sssom

__all__ = ["DIFF_COLUMNS", "diff_mappings", "read_version"]

DIFF_COLUMNS = [
    "mapping_set",
    "change",
    "subject_id",
    "predicate_id",
    "object_id",
    "old_status",
    "new_status",
    "old_confidence",
    "new_confidence",
    "reviewer_id",
    "review_date",
]
_KEY = ["subject_id", "predicate_id", "object_id", "nth"]


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DataError(
            repo,
            None,
            f"'{' '.join(args)}' is not a file, a folder or a git revision "
            f"({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'git failed'})",
            "give a .sssom.tsv file, a folder of them, or a revision such as HEAD~1 or main",
        )
    return done.stdout


def read_version(spec: str, repo: Path = Path(".")) -> dict[str, pd.DataFrame]:
    """Mapping set name -> rows, from a file, a folder, or a git revision of ``repo``'s data/mappings."""
    path = Path(spec)
    if path.is_file():
        return {path.name.removesuffix(".sssom.tsv"): read_sssom(path)[1]}
    if path.is_dir():
        folder = path / "mappings" if (path / "mappings").is_dir() else path
        return {p.name.removesuffix(".sssom.tsv"): read_sssom(p)[1] for p in sorted(folder.glob("*.sssom.tsv"))}
    top = Path(_git(repo, "rev-parse", "--show-toplevel").strip())
    names = _git(top, "ls-tree", "--name-only", spec, "data/mappings/").split()
    sets: dict[str, pd.DataFrame] = {}
    with tempfile.TemporaryDirectory(prefix="itud-align-diff-") as tmp:
        for name in names:
            if name.endswith(".sssom.tsv"):
                copy = Path(tmp) / Path(name).name
                copy.write_text(_git(top, "show", f"{spec}:{name}"), encoding="utf-8")
                sets[copy.name.removesuffix(".sssom.tsv")] = read_sssom(copy)[1]
    return sets


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    # a set may state one link twice with different comments: match the n-th to the n-th
    frame["nth"] = frame.groupby(["subject_id", "predicate_id", "object_id"]).cumcount()
    return frame.set_index(_KEY)


def diff_mappings(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row a link added, removed, or changed in status or confidence, per mapping set."""
    rows: list[dict[str, object]] = []
    empty = pd.DataFrame(
        columns=["subject_id", "predicate_id", "object_id", "status", "confidence", "reviewer_id", "review_date"]
    )
    for name in sorted(set(old) | set(new)):
        before, after = _keyed(old.get(name, empty)), _keyed(new.get(name, empty))
        for key in sorted(set(before.index) | set(after.index)):
            a = before.loc[key] if key in before.index else None
            b = after.loc[key] if key in after.index else None
            if a is not None and b is not None:
                changes = [c for c in ("status", "confidence") if a[c] != b[c]]
                if not changes:
                    continue
                change = " and ".join(changes)
            else:
                change = "added" if a is None else "removed"
            rows.append(
                {
                    "mapping_set": name,
                    "change": change,
                    "subject_id": key[0],
                    "predicate_id": key[1],
                    "object_id": key[2],
                    "old_status": None if a is None else a["status"],
                    "new_status": None if b is None else b["status"],
                    "old_confidence": None if a is None else float(a["confidence"]),
                    "new_confidence": None if b is None else float(b["confidence"]),
                    "reviewer_id": None if b is None else (b["reviewer_id"] or None),
                    "review_date": None if b is None else (b["review_date"] or None),
                }
            )
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)
