"""Check a 30-page contribution and write the Declaration brief, on the bundled build: timings.

Outside the default test run. From the repository root::

    .venv/bin/python -m tests.benchmarks.bench_proposals [--build-dir DIR] [--repeat 3]

The contribution is generated (seeded: same seed, same document): a Word file of about
15,000 words (30 pages at 500 words a page) holding ten items (draft Questions, revised
Resolutions, regional initiatives), each a run of sentences made from the bundled data's
own SDG target, action line and element titles, so that every item matches the portfolio
as a real one would. Timed as the dashboard and the CLI run them, with the frames already
loaded (the app reads them once per snapshot; their load is reported apart): reading the
.docx and splitting it, checking every item, writing the check as .docx, and the brief in
English, French and both. Targets: the check (read + check) within 5 s, the brief within 15 s.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import docx

from dashboards.data import DashboardData
from dashboards.documents.brief import write_brief
from dashboards.documents.check_report import check_report
from dashboards.urlstate import ViewState
from graph.analysis.frames import Frames
from graph.analysis.proposals import ProposalCheck, check_items
from graph.build import build_dataset
from graph.documents.contribution import Item, read_contribution, split_items
from graph.load import load_data
from graph.snapshot import write_build

REPO = Path(__file__).resolve().parents[2]
WORDS = 15_000
ITEMS = 10
TARGETS_S = {"check": 5.0, "brief en": 15.0, "brief fr": 15.0, "brief en+fr": 15.0}
_HEADINGS = (
    "Draft new Question {n}/1: {title}",
    "Draft revised Resolution {n}: {title}",
    "Proposed regional initiative AFR{n}: {title}",
)
_OPENERS = (
    "The item aims to",
    "Members noted the need to",
    "This work would",
    "Administrations propose to",
    "The study would examine how to",
    "Developing countries ask BDT to",
)


def _titles(frames: Frames) -> list[str]:
    texts = [*frames.targets["label_en"], *frames.action_lines["label_en"], *frames.elements["label_en"]]
    return sorted({str(t) for t in texts if isinstance(t, str) and len(t.split()) > 3})


def contribution(frames: Frames, *, words: int = WORDS, items: int = ITEMS, seed: int = 17) -> bytes:
    """A generated contribution as .docx bytes: ``items`` headed items of ``words`` words in all."""
    rng = random.Random(seed)
    titles = _titles(frames)
    document = docx.Document()
    document.add_paragraph("Contribution from the Administration of Examplia to WTDC-25", style="Title")
    per_item = words // items
    for n in range(1, items + 1):
        title = rng.choice(titles).rstrip(".")
        document.add_heading(_HEADINGS[n % len(_HEADINGS)].format(n=n, title=title[:90]), level=1)
        written, sentences = 0, []
        while written < per_item:
            sentence = f"{rng.choice(_OPENERS)} {rng.choice(titles)[0].lower()}{rng.choice(titles)[1:].rstrip('.')}."
            sentences.append(sentence)
            written += len(sentence.split())
            if len(sentences) == 6:
                document.add_paragraph(" ".join(sentences))
                sentences = []
        if sentences:
            document.add_paragraph(" ".join(sentences))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _timed(call: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds of ``call`` (CPU: this process only, so less moved by other work on the
    machine; the brief's charts render in a Chromium process that it does not count), and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def measure(data: DashboardData, repeat: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What the contribution holds, and each step's first and median timings in seconds.

    Each repeat checks a contribution generated with another seed: titles the text engine has
    already read stay read, as in the running app, but no repeat checks a text seen before.
    """
    bodies = [contribution(data.frames, seed=17 + n) for n in range(repeat)]
    items: list[Item] = split_items(read_contribution(bodies[0], name="generated.docx"))
    facts = {"bytes": len(bodies[0]), "items": len(items), "words": sum(len(i.text.split()) for i in items)}
    steps: list[dict[str, Any]] = []

    def step(name: str, calls: list[Callable[[], Any]]) -> Any:
        runs = [_timed(call) for call in calls]
        steps.append(
            {
                "step": name,
                "first_s": runs[0][0],
                "median_s": statistics.median(r[0] for r in runs),
                "median_cpu_s": statistics.median(r[1] for r in runs),
                "target_s": TARGETS_S.get(name),
            }
        )
        return runs[-1][2]

    def read(body: bytes) -> list[Item]:
        return split_items(read_contribution(body, name="generated.docx"))

    def check(body: bytes) -> list[ProposalCheck]:
        return check_items(data.frames, read(body))

    def brief(languages: list[str]) -> bytes:
        return write_brief(data, ViewState(lang=languages[0]), languages, "2026-12-06")

    step("read .docx + split", [partial(read, b) for b in bodies])
    checks = step("check", [partial(check, b) for b in bodies])
    step(
        "check report .docx",
        [partial(check_report, checks, name="generated.docx", lang="en", day="2026-12-06", snapshot=data.snapshot)]
        * repeat,
    )
    for lang in ("en", "fr", "en+fr"):
        step(f"brief {lang}", [partial(brief, lang.split("+"))] * repeat)
    return facts, steps


def table(steps: list[dict[str, Any]]) -> str:
    """The timings as a Markdown table."""
    lines = ["| step | first s | median s | median CPU s | target s | met |", "|---|---:|---:|---:|---:|---|"]
    for s in steps:
        target = s["target_s"]
        met = "" if target is None else ("yes" if s["median_s"] <= target else "no")
        lines.append(
            f"| {s['step']} | {s['first_s']:.2f} | {s['median_s']:.2f} | {s['median_cpu_s']:.2f} "
            f"| {target or ''} | {met} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, help="a build of the bundled data (built if absent)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    build = args.build_dir
    if build is None or not (build / "build.json").is_file():
        build = build or Path(tempfile.mkdtemp()) / "build"
        write_build(build_dataset(load_data(REPO / "data")), build)
    data = DashboardData.open(build)
    start = time.perf_counter()
    data.frames  # noqa: B018 - the app reads the frames once per snapshot
    print(f"frames loaded once in {time.perf_counter() - start:.2f} s")
    load = os.getloadavg()[0]
    facts, steps = measure(data, args.repeat)
    print(f"contribution: {facts['bytes']:,} bytes, {facts['items']} items, {facts['words']:,} words")
    print(table(steps))
    print(f"load average (1 min) before: {load:.1f}, after: {os.getloadavg()[0]:.1f}, on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
