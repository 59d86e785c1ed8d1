"""Scopes: the set of SDG targets a question about coverage is asked about.

``itu-d`` (the default): the targets ITU-D answers for, as ITU's own SDG work names them
(``ITU_D_TARGETS``, each with its reason); ``matrix-lead``: the targets the 2015 WSIS-SDG
Matrix links, at target level, to an action line ITU leads (C2, C5, C6), which also holds
targets such as 2.a, 7.1 or 8.1 that mean little to ITU-D; ``all``: the 169 targets;
``goal:9`` or ``goal:9,17``: the targets of those goals; ``file:PATH``: one target code
(``9.c``) a line, ``#`` comments and blank lines ignored.
"""

from __future__ import annotations

from pathlib import Path

from graph.analysis.codes import code_key
from graph.analysis.frames import Frames
from graph.errors import BadInput, DataError

__all__ = ["DEFAULT_SCOPE", "ITU_D_TARGETS", "SCOPES", "SCOPE_HELP", "resolve_scope"]

DEFAULT_SCOPE = "itu-d"
SCOPES = ("itu-d", "matrix-lead", "all")  # the named scopes the dashboard's switch offers
SCOPE_HELP = "itu-d (default), matrix-lead, all, goal:9[,17], or file:PATH (one target code a line)"
# target -> why ITU-D answers for it: ITU is custodian of its ICT indicator, or the target
# names ICT, connectivity or a field ITU-D leads (Connect 2030 Agenda, PP Res. 200). A custodian
# indicator is named in the words of its UN metadata (9.c.1: "LTE and above (4G), broadband (3G)
# and any technology (2G)"): suggestions match a target on these reasons too
ITU_D_TARGETS: dict[str, str] = {
    "4.4": "ITU is custodian of indicator 4.4.1, ICT skills",
    "4.a": "indicator 4.a.1 counts schools with the Internet and computers (Giga, with UNICEF)",
    "4.b": "the target names scholarships in information and communications technology",
    "5.b": "the target names ICT for the empowerment of women; ITU is custodian of 5.b.1",
    "9.1": "quality, reliable, resilient infrastructure: telecommunication networks are part of it",
    "9.c": "access to ICT and affordable Internet; ITU is custodian of 9.c.1, mobile network coverage "
    "by technology: 2G, broadband (3G), LTE (4G)",
    "10.2": "inclusion irrespective of disability: ITU-D's accessibility work (WTDC Res. 58)",
    "11.b": "disaster risk reduction: emergency telecommunications (WTDC Res. 34, Q5/2)",
    "12.5": "waste reduction: e-waste, measured in the Global E-waste Monitor ITU co-publishes",
    "13.1": "resilience to climate-related hazards: early-warning systems (Early Warnings for All)",
    "16.2": "abuse and exploitation of children: child online protection (PP Res. 179, WTDC Res. 67)",
    "16.a": "national institutions to prevent crime: cybersecurity, building confidence and security in the "
    "use of ICTs (WSIS C5), national computer incident response teams (PP Res. 130, WTDC Res. 69)",
    "17.6": "ITU is custodian of indicator 17.6.1, fixed broadband subscriptions",
    "17.8": "the target names ICT as enabling technology; ITU is custodian of 17.8.1, Internet use",
}


def _itu_d(frames: Frames) -> list[str]:
    wanted = set(ITU_D_TARGETS)
    return [t for t, code in zip(frames.targets["target"], frames.targets["notation"], strict=True) if code in wanted]


def _matrix_lead(frames: Frames) -> list[str]:
    lead = set(frames.action_lines.loc[frames.action_lines["is_itu_lead"].astype(bool), "line"])
    m = frames.matrix
    chosen = set(m.loc[(m["level"] == "target") & m["line"].isin(lead), "object"])
    return [t for t in frames.targets["target"] if t in chosen]


def _goals(frames: Frames, codes: str) -> list[str]:
    wanted = [c.strip() for c in codes.split(",") if c.strip()]
    known = set(frames.goals["notation"])
    unknown = [c for c in wanted if c not in known]
    if unknown or not wanted:
        raise BadInput("SDG goal", unknown or "(none given)", sorted(known, key=code_key))
    t = frames.targets
    return list(t.loc[t["goal_notation"].isin(wanted), "target"])


def _file(frames: Frames, path: Path) -> list[str]:
    if not path.is_file():
        raise DataError(
            path, None, "scope file not found", "give the path of a text file with one target code (such as 9.c) a line"
        )
    by_code = dict(zip(frames.targets["notation"], frames.targets["target"], strict=True))
    chosen: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        code = raw.split("#", 1)[0].strip()
        if not code:
            continue
        if code not in by_code:
            raise DataError(
                path, number, f"{code!r} is not an SDG target code", "write one target code a line, such as 9.c or 17.8"
            )
        if by_code[code] not in chosen:
            chosen.append(by_code[code])
    return chosen


def resolve_scope(frames: Frames, spec: str | None = DEFAULT_SCOPE) -> list[str]:
    """Return the IRIs of the targets in scope ``spec``.

    Raises
    ------
    DataError
        when a ``file:`` scope names a missing file or a line that is no target code.
    BadInput
        when ``spec`` is no known scope, or a ``goal:`` scope names an unknown goal.
    """
    spec = (spec or DEFAULT_SCOPE).strip()
    if spec == "itu-d":
        return _itu_d(frames)
    if spec == "matrix-lead":
        return _matrix_lead(frames)
    if spec == "all":
        return list(frames.targets["target"])
    if spec.startswith("goal:"):
        return _goals(frames, spec.removeprefix("goal:"))
    if spec.startswith("file:"):
        return _file(frames, Path(spec.removeprefix("file:")))
    raise BadInput("scope", spec, [*SCOPES, "goal:N[,N]", "file:PATH"])
