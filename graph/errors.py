"""The project's exceptions, all of them. Each says what failed, where, and how to fix it.

The message and the fix are kept apart (``str(err)`` joins them), so the CLI and the endpoint
print both in one line while code can read ``err.fix`` alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "BadInput",
    "BadRequest",
    "ContributionError",
    "DataError",
    "ItudAlignError",
    "MalformedQuery",
    "QueryError",
    "QueryOutOfMemory",
    "QueryRefused",
    "QueryTimeout",
    "QueryTooComplex",
    "SandboxUnavailable",
    "SettingError",
    "StoreError",
    "ValidationFailed",
    "WorkersBusy",
]


class ItudAlignError(Exception):
    """Base class of every error the project raises on purpose; ``fix`` says what to do."""

    def __init__(self, message: str = "", *, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.message}. Fix: {self.fix}" if self.fix else self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # unpickled from its attributes, not by calling __init__ again with ``args`` (whose
        # parameters differ by subclass): an error raised in another process arrives whole
        return (_rebuild, (type(self), self.args), self.__dict__)


def _rebuild(kind: type[ItudAlignError], args: tuple[Any, ...]) -> ItudAlignError:
    """An error of ``kind`` with ``args``, its ``__init__`` not called (pickle then sets its attributes)."""
    return kind.__new__(kind, *args)


class DataError(ItudAlignError):
    """A data file is malformed: names the file, the line (or row), what is wrong and the fix."""

    def __init__(self, path: Path | str, line: int | None, problem: str, fix: str) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {problem}", fix=fix)


class ValidationFailed(ItudAlignError):
    """The dataset breaks SHACL shapes or data checks; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(problems))


class StoreError(ItudAlignError):
    """The store cannot be opened or reached (missing build, bad setting, remote down)."""


class QueryError(ItudAlignError):
    """A SPARQL query is malformed or refused."""


class QueryRefused(QueryError):
    """A well-formed request the endpoint will not run (an update, SERVICE)."""


class MalformedQuery(QueryError):
    """The SPARQL parser rejected the query; the message is the parser's."""


class QueryTimeout(QueryError):
    """The query ran past the time limit and was stopped."""


class WorkersBusy(QueryError):
    """Every worker stayed busy for the whole time limit."""


class QueryTooComplex(QueryError):
    """A query over the length or nesting limit, refused before any parser sees it."""


class QueryOutOfMemory(QueryError):
    """A query needed more memory than a query worker may take; its worker was stopped."""


class SettingError(ItudAlignError):
    """A setting (an ``ITUD_ALIGN_*`` environment variable) has a value that cannot be used."""


class SandboxUnavailable(StoreError):
    """The query workers' network sandbox cannot be installed here, and serving without it
    was not asked for."""


class BadInput(ItudAlignError):
    """A value given on the command line or in a URL is none of the valid ones; names them.

    The CLI exits 2 on it (a usage error), not 1.
    """

    def __init__(self, what: str, given: list[str] | str, valid: list[str] | tuple[str, ...]) -> None:
        self.what = what
        self.given = [given] if isinstance(given, str) else list(given)
        self.valid = list(valid)
        super().__init__(
            f"unknown {what} {', '.join(repr(g) for g in self.given)}", fix=f"use one of {', '.join(self.valid)}"
        )


class ContributionError(ItudAlignError):
    """A contribution (a proposal to check) cannot be read: too large, broken, encrypted or of an unknown type."""


class BadRequest(QueryError):
    """A request this endpoint cannot take; ``status`` is the HTTP status to answer, and
    ``close`` says the connection must close (its body was left unread)."""

    def __init__(self, status: int, message: str, *, close: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.close = close
