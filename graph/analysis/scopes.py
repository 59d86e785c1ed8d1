"""Scopes: the set of SDG targets a question about coverage is asked about.

``itu-lead`` (the default): the targets the WSIS-SDG Matrix links, at target level, to an
action line ITU leads (C2, C5, C6); ``all``: the 169 targets; ``goal:9`` or ``goal:9,17``:
the targets of those goals; ``file:PATH``: one target code (``9.c``) a line, ``#`` comments
and blank lines ignored.
"""

from __future__ import annotations

from pathlib import Path

from graph.analysis.frames import Frames
from graph.errors import DataError, ItudAlignError

__all__ = ["DEFAULT_SCOPE", "SCOPE_HELP", "resolve_scope"]

DEFAULT_SCOPE = "itu-lead"
SCOPE_HELP = "itu-lead (default), all, goal:9[,17], or file:PATH (one target code a line)"


def _itu_lead(frames: Frames) -> list[str]:
    lead = set(frames.action_lines.loc[frames.action_lines["is_itu_lead"].astype(bool), "line"])
    m = frames.matrix
    chosen = set(m.loc[(m["level"] == "target") & m["line"].isin(lead), "object"])
    return [t for t in frames.targets["target"] if t in chosen]


def _goals(frames: Frames, codes: str) -> list[str]:
    wanted = [c.strip() for c in codes.split(",") if c.strip()]
    known = set(frames.goals["notation"])
    unknown = [c for c in wanted if c not in known]
    if unknown or not wanted:
        raise ItudAlignError(f"unknown SDG goal {', '.join(unknown) or '(none given)'} in scope "
                             f"'goal:{codes}'", fix="give goal numbers 1 to 17, e.g. goal:9,17")
    t = frames.targets
    return list(t.loc[t["goal_notation"].isin(wanted), "target"])


def _file(frames: Frames, path: Path) -> list[str]:
    if not path.is_file():
        raise DataError(path, None, "scope file not found", "give the path of a text file with one "
                        "target code (such as 9.c) a line")
    by_code = dict(zip(frames.targets["notation"], frames.targets["target"], strict=True))
    chosen: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        code = raw.split("#", 1)[0].strip()
        if not code:
            continue
        if code not in by_code:
            raise DataError(path, number, f"{code!r} is not an SDG target code",
                            "write one target code a line, such as 9.c or 17.8")
        if by_code[code] not in chosen:
            chosen.append(by_code[code])
    return chosen


def resolve_scope(frames: Frames, spec: str | None = DEFAULT_SCOPE) -> list[str]:
    """Return the IRIs of the targets in scope ``spec``.

    Raises
    ------
    DataError
        when a ``file:`` scope names a missing file or a line that is no target code.
    ItudAlignError
        when ``spec`` is no known scope.
    """
    spec = (spec or DEFAULT_SCOPE).strip()
    if spec == "itu-lead":
        return _itu_lead(frames)
    if spec == "all":
        return list(frames.targets["target"])
    if spec.startswith("goal:"):
        return _goals(frames, spec.removeprefix("goal:"))
    if spec.startswith("file:"):
        return _file(frames, Path(spec.removeprefix("file:")))
    raise ItudAlignError(f"unknown scope {spec!r}", fix=f"use {SCOPE_HELP}")
