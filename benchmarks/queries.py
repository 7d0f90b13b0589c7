"""Real questions for the latency and recall measurements: the gold questions, SciFact test queries and
SQuAD v1.1 questions (a fixed, seeded sample of each)."""

from __future__ import annotations

import json
import random

from benchmarks.corpus import SCIFACT, SQUAD_FILES


def gold_questions() -> list[str]:
    from evals.gold import load_cases

    return [c.question for c in load_cases() if not c.history]


def scifact_queries(n: int | None = None) -> list[str]:
    test = set()
    with (SCIFACT / "qrels" / "test.tsv").open(encoding="utf-8") as f:
        for line in f:
            parts = line.split("\t")
            if len(parts) >= 3 and parts[0] != "query-id":
                test.add(parts[0])
    out = []
    with (SCIFACT / "queries.jsonl").open(encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            if str(q["_id"]) in test:
                out.append(q["text"])
    return out[:n] if n else out


def squad_questions(n: int, seed: int = 3) -> list[str]:
    data = json.loads(SQUAD_FILES[0].read_text(encoding="utf-8"))["data"]
    qs = [qa["question"] for art in data for p in art["paragraphs"] for qa in p["qas"]]
    return random.Random(seed).sample(qs, n)


def latency_questions(per_source: int = 20) -> list[str]:
    """A fixed mix: gold questions over the seeds, SciFact claims, SQuAD questions."""
    gold = gold_questions()
    rng = random.Random(5)
    return (rng.sample(gold, min(per_source, len(gold))) + scifact_queries()[:per_source]
            + squad_questions(per_source))


def recall_queries() -> list[str]:
    return gold_questions() + scifact_queries() + squad_questions(100)
