"""Document-aware retrieval on the library gold set: hit@5 and the share of the top 5 from an expected document,
without focus (plain hybrid retrieval) and with it (`DocumentResolver.focus` + `HybridRetriever.retrieve(focus=)`),
per category.

    .venv/bin/python -m benchmarks.retrieval_focus --store /tmp/ua-lib [--gold evals/data/library_dev.jsonl]
        [--json OUT] [--show-misses]

The store must hold the seeds and the legal instruments (`unesco-assistant ingest corpus --store DIR`). The
query is what the assistant retrieves with first: the likelier reading the answerer's `resolve` gives (the
question completed from its history, for a follow-up). Only cases with expected sources count. Tune on the dev split only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.common import log

TOP_K = 5


def measure(assistant, cases, top_k: int = TOP_K, show_misses: bool = False) -> dict:
    from core.types import Turn
    from evals.metrics import from_expected_document, matches_any

    rows = []
    for case in cases:
        if not case.expected_sources:
            continue
        turns = [Turn(q) for q in case.history]
        resolved = assistant.answerer.resolve(case.question, turns)
        query = resolved if isinstance(resolved, str) else (list(resolved) or [case.question])[0]  # the likelier
        focus = assistant.resolver.focus(query, list(case.history))
        row = {"id": case.id, "category": case.category or "-", "focus": list(focus)}
        for name, f in (("plain", ()), ("focus", focus)):
            t = time.perf_counter()
            passages = assistant.retriever.retrieve(query, top_k, focus=f)
            row[f"{name}_ms"] = (time.perf_counter() - t) * 1000
            row[f"{name}_hit"] = float(any(matches_any(p.chunk.document_id, p.chunk.source, p.chunk.text,
                                                       case.expected_sources) for p in passages))
            row[f"{name}_share"] = (sum(from_expected_document(p.chunk.document_id, p.chunk.source,
                                                               case.expected_sources) for p in passages)
                                    / max(1, len(passages)))
        expected = sorted({e.document for e in case.expected_sources})
        row["focus_right"] = bool(focus) and all(any(e in d for e in expected) for d in focus)
        rows.append(row)
        if show_misses and (row["focus_hit"] < 1 or not row["focus_right"]):
            log(f"{case.id} [{row['category']}] focus={list(focus)} expected={expected} "
                f"hit {row['plain_hit']:.0f}->{row['focus_hit']:.0f}: {case.question}")
    return summarise(rows)


def summarise(rows: list[dict]) -> dict:
    by_cat: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_cat[r["category"]].append(r)
    by_cat["ALL"] = rows

    def avg(rs: list[dict], key: str) -> float:
        return round(sum(float(r[key]) for r in rs) / max(1, len(rs)), 3)

    table = {cat: {"n": len(rs), "with_focus": sum(1 for r in rs if r["focus"]),
                   "focus_right": sum(1 for r in rs if r["focus_right"]),
                   **{f"{m}_{v}": avg(rs, f"{m}_{v}") for m in ("plain", "focus") for v in ("hit", "share", "ms")}}
             for cat, rs in sorted(by_cat.items())}
    return {"top_k": TOP_K, "categories": table, "cases": rows}


def print_table(result: dict) -> None:
    print(f"{'category':<14}{'n':>4}{'focus':>7}{'right':>7}   hit@5 plain -> focus   "
          f"top-5 share plain -> focus   ms plain/focus")
    for cat, r in result["categories"].items():
        print(f"{cat:<14}{r['n']:>4}{r['with_focus']:>7}{r['focus_right']:>7}   "
              f"{r['plain_hit']:>9.3f} -> {r['focus_hit']:<7.3f}   {r['plain_share']:>15.3f} -> {r['focus_share']:<7.3f}"
              f"   {r['plain_ms']:.0f}/{r['focus_ms']:.0f}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.retrieval_focus", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--store", type=Path, required=True, help="a store holding seeds + legal instruments")
    p.add_argument("--gold", type=Path, default=Path("evals/data/library_dev.jsonl"))
    p.add_argument("--json", type=Path, default=None, help="write the per-case and per-category results here")
    p.add_argument("--show-misses", action="store_true", help="log every case missed or wrongly focused")
    args = p.parse_args(argv)

    from assistant import Assistant, Settings
    from evals.gold import load_cases

    cases = load_cases([args.gold])
    with Assistant.open(Settings(store_dir=args.store)) as a:
        result = measure(a, cases, show_misses=args.show_misses)
    print_table(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
