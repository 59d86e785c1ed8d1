"""The project's exceptions. Each says what failed, where, and how to fix it."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DataError", "ItudAlignError", "QueryError", "StoreError", "UnknownValue", "ValidationFailed"]


class ItudAlignError(Exception):
    """Base class of every error the project raises on purpose."""


class DataError(ItudAlignError):
    """A data file is malformed: names the file, the line (or row), what is wrong and the fix."""

    def __init__(self, path: Path | str, line: int | None, problem: str, fix: str) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        self.fix = fix
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {problem}. Fix: {fix}")


class ValidationFailed(ItudAlignError):
    """The dataset breaks SHACL shapes or data checks; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s):\n" + "\n".join(problems))


class StoreError(ItudAlignError):
    """The store cannot be opened or reached (missing build, bad setting, remote down)."""


class QueryError(ItudAlignError):
    """A SPARQL query is malformed or refused."""


class UnknownValue(ItudAlignError):
    """A filter or option names a value the data does not have (a usage error: CLI exit 2)."""

    def __init__(self, name: str, value: str, valid: list[str]) -> None:
        self.name = name
        self.value = value
        self.valid = valid
        super().__init__(f"unknown {name.replace('_', ' ')} {value!r}. Fix: use one of {', '.join(valid)}")
