"""Data files as text: read them strictly, rewrite them safely.

Reviewers may write to the same mapping file at once (the terminal review and the dashboard's
Review page): every rewrite holds an exclusive lock on ``<file>.lock`` and swaps in a complete
temporary copy, so a reader never sees half a file and no decision overwrites another.
A folder's digest names its content, so what is read from it can be kept until a file changes.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from graph.errors import DataError

__all__ = ["atomic_write", "folder_digest", "locked", "read_text"]


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
            path,
            line,
            f"not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})",
            "save the file as UTF-8",
        ) from err


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for rewriting ``path`` (a sibling ``.lock`` file, released on exit)."""
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step (a temporary file in the same folder, then rename)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def folder_digest(folder: Path) -> str:
    """A digest of every file under ``folder`` (names and bytes): it changes whenever a file
    is added, removed or rewritten, whatever the file times say."""
    digest = hashlib.blake2b(digest_size=16)
    root = Path(folder)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(raw)}\0".encode())
        digest.update(raw)
    return digest.hexdigest()
