"""A synthetic portfolio of any size, written as a data folder that the real ``build`` reads.

The SDG goals and targets (UN SDG KOS, open-sdg translations), the WSIS action lines,
the WSIS-SDG Matrix, the cycles and the regions are the real ones from ``data/``; the
portfolio (study Questions, regional initiatives, priorities, Resolutions and their
links) is generated, deterministically from a seed, to reach about the requested
number of triples. Elements have a topic; most of their links go to the SDG targets
and WSIS lines of that topic (so communities, hubs and Matrix agreement look like real
data), some go elsewhere (so there are misalignments to find), and about 2% of the
elements are untitled and unlinked (so there are gaps to find).

Usage: ``.venv/bin/python -m tests.benchmarks.generate --triples 100000 --out /tmp/data-100k``
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from graph.load import load_data
from graph.namespaces import BASE, SKOS
from graph.sssom import COLUMNS, format_row, header_lines

__all__ = ["BASE_TRIPLES", "TRIPLES_PER_ELEMENT", "Portfolio", "generate", "write_data_folder"]

REPO = Path(__file__).resolve().parents[2]
REAL_DATA = REPO / "data"
# triples of the real frameworks (SDG KOS, translations, ontology, WSIS, cycles, regions,
# Matrix) that every synthetic build holds, and triples added per generated element with
# its links; both measured on builds of this generator's output (see README.md)
BASE_TRIPLES = 11_500
TRIPLES_PER_ELEMENT = 94.0

KEEP_FRAMEWORKS = ("cycles.csv", "regions.csv", "wsis_action_lines.csv")
KEEP_MAPPINGS = ("wsis-sdg-matrix.sssom.tsv",)
PRIORITY_KINDS = {  # cycle -> (kind, id prefix, framework text naming the cycle)
    "WTDC-14": ("dubai_objective", "DAP-O", "WTDC-14 Dubai Action Plan objectives (2015-2017)"),
    "WTDC-17": ("buenos_aires_objective", "BAAP-O", "WTDC-17 Buenos Aires Action Plan objectives (2018-2021)"),
    "WTDC-22": ("kigali_priority", "KAP-P", "WTDC-22 Kigali Action Plan (2023-2025)"),
}
BDT = ("bdt_thematic_priority", "BDT-TP", "BDT thematic priorities (synthetic)")
TOPICS = (
    "broadband deployment",
    "rural connectivity",
    "digital inclusion",
    "cybersecurity",
    "child online protection",
    "emergency telecommunications",
    "spectrum management",
    "digital broadcasting",
    "e-health",
    "e-agriculture",
    "digital skills",
    "smart cities",
    "e-waste",
    "climate change adaptation",
    "digital financial services",
    "open data",
    "ICT statistics",
    "universal service funds",
    "satellite networks",
    "regulatory frameworks",
    "digital transformation",
    "artificial intelligence",
    "small island developing states",
    "gender equality online",
    "persons with disabilities",
    "digital identity",
    "cloud services",
    "internet exchange points",
    "5G networks",
    "disaster risk reduction",
    "digital public infrastructure",
    "youth innovation",
    "SME digitalisation",
    "conformance and interoperability",
    "consumer protection",
    "quality of service",
    "submarine cables",
    "energy efficiency",
    "e-government",
    "distance learning",
)
TEMPLATES = (
    "{a} in developing countries",
    "Strategies and policies for {a}",
    "{a} and {b} for sustainable development",
    "Assistance to least developed countries on {a}",
    "{a}: regulatory and policy aspects",
    "Building capacity in {a} and {b}",
    "Measuring {a}",
    "{a} for {b}",
    "Enabling environment for {a}",
    "Partnerships for {a} in {region}",
)
JUSTIFICATIONS = (
    ("semapv:ManualMappingCuration", 60),
    ("itud:OfficialDocument", 20),
    ("semapv:LexicalSimilarityThresholdMatching", 10),
    ("semapv:SemanticSimilarityThresholdMatching", 5),
    ("semapv:MappingChaining", 5),
)
STATUSES = (("unverified", 70), ("verified", 20), ("suggested", 10))
SHARES = {"question": 0.44, "initiative": 0.44, "priority": 0.02, "resolution": 0.10}
UNTITLED_SHARE = 0.02
OFF_TOPIC = 0.08


@dataclass
class Reference:
    """The real frameworks the portfolio links to."""

    goals: list[str]
    targets: list[str]
    lines: list[str]
    matrix: dict[str, set[str]]  # WSIS line code -> SDG target or goal codes the Matrix links it to
    labels: dict[str, str]  # SDG target code -> English title
    cycles: list[dict[str, str]]
    regions: list[str]


@dataclass
class Portfolio:
    """Generated framework rows and link rows, ready to be written as CSV and SSSOM TSV."""

    frameworks: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    links: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    unlinked: list[dict[str, str]] = field(default_factory=list)

    def elements(self) -> int:
        return sum(len(rows) for rows in self.frameworks.values())


def read_reference(data: Path = REAL_DATA) -> Reference:
    """Read the real SDG, WSIS, Matrix, cycle and region lists from a data folder."""
    tables = load_data(data)
    codes = sorted(tables.sdg_codes, key=lambda c: [int(p) if p.isdigit() else ord(p) for p in c.split(".")])
    matrix: dict[str, set[str]] = {}
    _meta, frame = tables.mappings["wsis-sdg-matrix"]
    for subject, obj in zip(frame["subject_id"], frame["object_id"], strict=True):
        matrix.setdefault(subject.removeprefix("wsis:"), set()).add(obj.removeprefix("sdg:"))
    iris = {iri: code for code, iri in tables.sdg_codes.items()}
    labels = {
        iris[q.subject.value]: q.object.value
        for q in tables.sdg_quads
        if q.predicate.value == str(SKOS.prefLabel)
        and q.subject.value in iris
        and getattr(q.object, "language", None) == "en"
    }
    return Reference(
        labels=labels,
        goals=[c for c in codes if "." not in c],
        targets=[c for c in codes if c.count(".") == 1],
        lines=list(tables.frameworks["wsis_action_lines.csv"]["code"]),
        matrix=matrix,
        cycles=tables.frameworks["cycles.csv"].drop(columns="_line").to_dict("records"),
        regions=list(tables.frameworks["regions.csv"]["id"]),
    )


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


class _Generator:
    def __init__(self, ref: Reference, seed: int) -> None:
        self.ref = ref
        self.rng = random.Random(seed)
        self.portfolio = Portfolio()
        # each topic has its own SDG targets and WSIS lines, mostly ones the Matrix links together
        self.topic_lines: dict[str, list[str]] = {}
        self.topic_targets: dict[str, list[str]] = {}
        self.topic_words: dict[str, str] = {}
        leaf_lines = [code for code in ref.lines if code != "C7"]
        for topic in TOPICS:
            lines = self.rng.sample(leaf_lines, 2)
            linked = sorted({t for line in lines for t in ref.matrix.get(line, set()) if t.count(".") == 1})
            own = self.rng.sample(linked, min(5, len(linked))) or self.rng.sample(ref.targets, 5)
            self.topic_lines[topic] = lines
            self.topic_targets[topic] = own
            # a topic's wording borrows words of its targets, as real titles echo the targets they serve
            words = [w for t in own for w in re.findall(r"[a-z]{5,}", ref.labels.get(t, "").lower())[:3]]
            self.topic_words[topic] = " ".join(dict.fromkeys(words))
        self.priorities: dict[str, list[tuple[str, set[str]]]] = {}  # cycle ("" for BDT) -> (curie, topics)
        self.pp_resolutions: list[str] = []

    def title(self, topic: str) -> str:
        other = self.rng.choice(TOPICS)
        region = self.rng.choice(("Africa", "the Americas", "the Arab States", "Asia and the Pacific", "Europe"))
        text = self.rng.choice(TEMPLATES).format(a=topic, b=other, region=region)
        return f"{text[0].upper()}{text[1:]}: {self.topic_words[topic]}"

    def add_links(
        self,
        curie: str,
        title: str,
        topic: str,
        file: str,
        source: str,
        *,
        targets: int,
        lines: int,
        priorities: list[tuple[str, set[str]]] | None = None,
        refers: int = 0,
    ) -> None:
        rows = self.portfolio.links.setdefault(file, [])
        chosen: list[tuple[str, str]] = []

        def pick(own: list[str], pool: list[str], n: int) -> list[str]:
            picked: list[str] = []
            while len(picked) < min(n, len(pool)):
                candidate = self.rng.choice(pool if self.rng.random() < OFF_TOPIC else own)
                if candidate not in picked:
                    picked.append(candidate)
            return picked

        for i, target in enumerate(pick(self.topic_targets[topic], self.ref.targets, targets)):
            goal_level = i > 0 and self.rng.random() < 0.1  # the first link is always to a target
            chosen.append(("itud:contributesTo", "sdg:" + (target.split(".")[0] if goal_level else target)))
        for line in pick(self.topic_lines[topic], self.ref.lines, lines):
            chosen.append(("itud:supportsActionLine", f"wsis:{line}"))
        if priorities:
            same_topic = [p for p, topics in priorities if topic in topics] or [p for p, _ in priorities]
            for p in pick(same_topic, [p for p, _ in priorities], self.rng.choice((1, 1, 2))):
                chosen.append(("itud:implementsPriority", p))
        for res in self.rng.sample(self.pp_resolutions, min(refers, len(self.pp_resolutions))):
            chosen.append(("itud:refersTo", res))
        first_of: set[str] = set()
        for predicate, obj in dict.fromkeys(chosen):
            # the first link of each kind is never a mere suggestion: the build counts only curated links
            status = _weighted(self.rng, STATUSES if predicate in first_of else STATUSES[:2])
            first_of.add(predicate)
            rows.append(
                {
                    "subject_id": curie,
                    "subject_label": title,
                    "predicate_id": predicate,
                    "object_id": obj,
                    "object_label": "",
                    "mapping_justification": _weighted(self.rng, JUSTIFICATIONS),
                    "confidence": f"{self.rng.uniform(0.5, 0.95):.2f}",
                    "author_id": "agent:synthetic-portfolio",
                    "mapping_date": "2026-11-29",
                    "comment": f"synthetic link on {topic}",
                    "status": status,
                    "source": source,
                }
            )

    def untitled(self, curie: str) -> bool:
        if self.rng.random() < UNTITLED_SHARE:
            self.portfolio.unlinked.append({"element_id": curie, "reason": "synthetic: title unknown"})
            return True
        return False

    def priorities_rows(self, n: int) -> None:
        rows = self.portfolio.frameworks.setdefault("itud_priorities.csv", [])
        kinds = [*PRIORITY_KINDS.items(), ("", BDT)]
        per_kind = -(-n // len(kinds))
        for i in range(n):
            cycle, (kind, prefix, framework) = kinds[i % len(kinds)]
            pid = f"{prefix}{i // len(kinds) + 1}"
            # like the real ones, a priority is broad: it spans every per_kind-th topic
            topics = {t for j, t in enumerate(TOPICS) if j % per_kind == i // len(kinds)} or {TOPICS[i % len(TOPICS)]}
            topic = sorted(topics)[0]
            title = self.title(topic)
            rows.append(
                {
                    "kind": kind,
                    "id": pid,
                    "title_en": title,
                    "framework": framework,
                    "status": "unverified",
                    "source": "synthetic",
                    "note": "",
                }
            )
            self.priorities.setdefault(cycle, []).append((f"priority:{pid}", topics))
            for covered in sorted(topics)[:6]:
                self.add_links(
                    f"priority:{pid}", title, covered, "synthetic-priorities", "synthetic", targets=3, lines=1
                )

    def resolutions_rows(self, n: int) -> None:
        n_pp = max(1, n // 3)
        pp_rows = self.portfolio.frameworks.setdefault("pp_resolutions.csv", [])
        for i in range(1, n_pp + 1):
            topic = self.rng.choice(TOPICS)
            title = self.title(topic)
            pp_rows.append(
                {
                    "id": f"PP-{i}",
                    "body": "PP",
                    "number": str(i),
                    "revision": "Rev. Bucharest, 2022",
                    "title_en": title,
                    "status": "unverified",
                    "source": "synthetic",
                    "note": "",
                }
            )
            self.pp_resolutions.append(f"resolution:PP-{i}")
            self.add_links(f"resolution:PP-{i}", title, topic, "synthetic-resolutions", "synthetic", targets=2, lines=1)
        wtdc_rows = self.portfolio.frameworks.setdefault("wtdc_resolutions.csv", [])
        venues = [f"Rev. {c['venue']}, {c['year']}" for c in self.ref.cycles if c.get("venue")]
        for i in range(1, n - n_pp + 1):
            topic = self.rng.choice(TOPICS)
            title = self.title(topic)
            wtdc_rows.append(
                {
                    "id": f"WTDC-{i}",
                    "body": "WTDC",
                    "number": str(i),
                    "revision": self.rng.choice(venues),
                    "title_en": title,
                    "status": "unverified",
                    "source": "synthetic",
                    "note": "",
                }
            )
            self.add_links(
                f"resolution:WTDC-{i}", title, topic, "synthetic-resolutions", "synthetic", targets=2, lines=1, refers=1
            )

    def questions_rows(self, n: int) -> None:
        rows = self.portfolio.frameworks.setdefault("itud_study_questions.csv", [])
        for i in range(n):
            cycle = self.ref.cycles[i % len(self.ref.cycles)]
            sg = 1 + (i // len(self.ref.cycles)) % 2
            number = i // (2 * len(self.ref.cycles)) + 1
            qid = f"{cycle['study_period']}/Q{number}-{sg}"
            curie = f"question:{qid}"
            topic = self.rng.choice(TOPICS)
            title = "" if self.untitled(curie) else self.title(topic)
            rows.append(
                {
                    "id": qid,
                    "study_period": cycle["study_period"],
                    "established_by": cycle["id"],
                    "study_group": str(sg),
                    "question": f"{number}/{sg}",
                    "title_en": title,
                    "title_status": "unverified",
                    "source": "synthetic",
                    "note": "",
                }
            )
            if title:
                priorities = self.priorities.get(cycle["id"], []) + self.priorities.get("", [])
                self.add_links(
                    curie, title, topic, "synthetic-questions", "synthetic", targets=3, lines=2, priorities=priorities
                )

    def initiatives_rows(self, n: int) -> None:
        rows = self.portfolio.frameworks.setdefault("wtdc_regional_initiatives.csv", [])
        cycles = [c for c in self.ref.cycles if c["id"] != "WTDC-14"]
        for i in range(n):
            cycle = cycles[i % len(cycles)]
            region = self.ref.regions[(i // len(cycles)) % len(self.ref.regions)]
            number = i // (len(cycles) * len(self.ref.regions)) + 1
            iid = f"{cycle['action_plan_period']}/{region}{number}"
            curie = f"initiative:{iid}"
            topic = self.rng.choice(TOPICS)
            title = "" if self.untitled(curie) else self.title(topic)
            rows.append(
                {
                    "id": iid,
                    "period": cycle["action_plan_period"],
                    "adopted_by": f"{cycle['id']} ({cycle['action_plan']})",
                    "region": region,
                    "code": f"{region}{number}",
                    "title_en": title,
                    "title_status": "unverified",
                    "source": "synthetic",
                    "note": "",
                    "objective_en": f"To support {topic} in the region." if title else "",
                }
            )
            if title:
                priorities = self.priorities.get(cycle["id"], []) + self.priorities.get("", [])
                self.add_links(
                    curie, title, topic, "synthetic-initiatives", "synthetic", targets=3, lines=2, priorities=priorities
                )


def generate(triples: int, seed: int = 0, ref: Reference | None = None) -> Portfolio:
    """A portfolio whose build holds about ``triples`` triples (at least a few elements of each kind)."""
    ref = ref or read_reference()
    elements = max(40, round((triples - BASE_TRIPLES) / TRIPLES_PER_ELEMENT))
    gen = _Generator(ref, seed)
    gen.priorities_rows(max(8, round(elements * SHARES["priority"])))
    gen.resolutions_rows(max(4, round(elements * SHARES["resolution"])))
    gen.questions_rows(max(8, round(elements * SHARES["question"])))
    gen.initiatives_rows(max(8, round(elements * SHARES["initiative"])))
    return gen.portfolio


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _write_sssom(path: Path, name: str, rows: list[dict[str, str]]) -> None:
    meta = {
        "mapping_set_id": f"{BASE}mappings/{name}",
        "mapping_set_title": f"Synthetic links ({name})",
        "mapping_set_description": "Generated by tests/benchmarks/generate.py for the benchmarks (synthetic data).",
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "mapping_date": "2026-11-29",
    }
    body = [*header_lines(meta), "\t".join(COLUMNS), *(format_row(r) for r in rows)]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")


def write_data_folder(portfolio: Portfolio, out: Path, real: Path = REAL_DATA) -> Path:
    """Write ``portfolio`` with the real sources, WSIS lines, cycles, regions and Matrix into ``out``."""
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    (out / "frameworks").mkdir(parents=True)
    (out / "mappings").mkdir()
    (out / "sources").symlink_to((real / "sources").resolve(), target_is_directory=True)
    for name in KEEP_FRAMEWORKS:
        shutil.copy(real / "frameworks" / name, out / "frameworks" / name)
    for name in KEEP_MAPPINGS:
        shutil.copy(real / "mappings" / name, out / "mappings" / name)
    for name, rows in portfolio.frameworks.items():
        _write_csv(out / "frameworks" / name, rows)
    for name, rows in portfolio.links.items():
        _write_sssom(out / "mappings" / f"{name}.sssom.tsv", name, rows)
    if portfolio.unlinked:
        _write_csv(out / "mappings" / "unlinked.csv", portfolio.unlinked)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many triples the build should hold")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="data folder to write (replaced)")
    args = parser.parse_args()
    portfolio = generate(args.triples, args.seed)
    write_data_folder(portfolio, args.out)
    print(f"{args.out}: {portfolio.elements()} elements, {sum(len(r) for r in portfolio.links.values())} links")


if __name__ == "__main__":
    main()
