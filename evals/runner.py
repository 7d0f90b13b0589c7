"""Ask the gold questions through the public API and score the answers.

    from evals.gold import load_cases
    from evals.runner import run_gold, check_floors
    results = run_gold(assistant, load_cases())
    failures = check_floors(results["splits"]["test"])

What is measured is what a user gets: each case's earlier turns are asked first in the same
conversation (each earlier answer's text fed back as history), then the case's question.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.errors import BadQuestionError
from core.types import Answer, Passage, Turn, cited_documents
from evals.gold import GoldCase
from evals.metrics import (
    answer_correct,
    citation_precision,
    citation_recall,
    fact_recall,
    hit_at_k,
    matches_any,
    mean,
    ndcg_at_k,
    percentile,
    reciprocal_rank,
    source_matches,
    support_rate,
    wrong_document_rate,
)

Progress = Callable[[int, int, str], None]  # (done, total, what)
SEARCH_K = 10  # retrieval depth scored with hit@k, MRR and nDCG@10

SUMMARY_KEYS = (
    "cases", "answerable", "unanswerable", "hit_at_1", "hit_at_5", "mrr", "ndcg_at_10", "fact_recall",
    "answer_correct", "citation_precision", "citation_recall", "wrong_document_rate", "support_rate",
    "refusal_accuracy", "false_refusal_rate", "latency_p50_ms", "latency_p95_ms",
)


@dataclass(frozen=True)
class Bound:
    """An agreed limit on one summary metric: `op` is ">=" (a floor) or "<=" (a ceiling)."""

    op: str
    value: float

    def ok(self, measured: float) -> bool:
        return measured >= self.value if self.op == ">=" else measured <= self.value

    def __str__(self) -> str:
        return f"{self.op} {self.value:g}"


# The floor agreed in issue 5 for the seed gold *test* split on a store of the two seed pages alone. Since issue 13
# the CI gate runs on the library store (`SPLIT_FLOORS`); this stays the reference for a seeds-only store (the
# Evals tab and `eval gold` on such a store check it).
FLOORS: dict[str, Bound] = {
    "hit_at_5": Bound(">=", 0.95),
    "answer_correct": Bound(">=", 0.85),
    "citation_precision": Bound(">=", 0.90),
    "refusal_accuracy": Bound(">=", 0.90),
    "false_refusal_rate": Bound("<=", 0.10),
}


# The floors on a store of the whole bundled library (seeds + UNESCO legal instruments, issue 13), set at the level
# measured when the library gold set was added (less a margin of about 0.05 for the noise of another embedding engine or chunking), so CI fails on a regression; the answers
# issue raises them. `library_test`: the library gold test split; `test`: the seed gold test split asked of the
# library store, where 79 more documents compete with the two seed pages.
# Raised in session 4 (formulas, follow-ups scored on what is asked now, refit confidence): measured 0.767, 0.379,
# 0.462, 0.052, 0.733, 0.155 (session 3: 0.767, 0.291, 0.448, 0.040, 0.733, 0.155).
# Raised in session 5 (outline and definitions, lists from what was chosen, follow-ups on the document in focus,
# cross-lingual word mapping and fused retrieval): measured 0.806, 0.466, 0.540, 0.040, 0.733, 0.146.
# Raised in session 6 (comparison parts per named document, rules asked "when", scope answers, confidence refit,
# exceptions with their rule, follow-up names): measured 0.816, 0.524, 0.570, 0.033, 0.733, 0.107.
# Raised in session 7 (question forms asked in English for other languages, definitions under a defining heading,
# more ways to join question parts, numbered headings, made-of lead-ins, amounts of another clause): measured
# 0.816, 0.573, 0.624, 0.032, 0.800, 0.078 (floors not raised then).
# Raised in session 9 (sessions 8-9: pointing sentences with what they point to, within and across chunks; scope
# answers for bare comparisons; follow-up subjects; definitions across the library): measured 0.835, 0.592, 0.645,
# 0.032, 0.800, 0.078.
# Raised in session 10 (a part's definition answered as the question alone, terms as the document defines them,
# confidence refit with a definition signal, dating formulas only where asked): measured 0.835, 0.612, 0.666,
# 0.032, 0.800, 0.058.
LIBRARY_FLOORS: dict[str, Bound] = {
    "hit_at_5": Bound(">=", 0.78),
    "answer_correct": Bound(">=", 0.56),
    "citation_precision": Bound(">=", 0.61),
    "wrong_document_rate": Bound("<=", 0.06),
    "refusal_accuracy": Bound(">=", 0.75),
    "false_refusal_rate": Bound("<=", 0.11),
}
SEEDS_ON_LIBRARY_FLOORS: dict[str, Bound] = {  # measured: 1.000, 0.826, 0.884, 1.000, 0.043 (session 5: 0.783; session 3: 0.739, 0.841, 1.0, 0.087)
    "hit_at_5": Bound(">=", 0.95),
    "answer_correct": Bound(">=", 0.72),
    "citation_precision": Bound(">=", 0.83),
    "refusal_accuracy": Bound(">=", 0.85),
    "false_refusal_rate": Bound("<=", 0.10),
}

# Which floors apply to which split of the built-in gold sets when asked of the library store (`FLOORS` stays
# the agreed floor of the seed test split on a store of the two seed pages).
SPLIT_FLOORS: dict[str, dict[str, Bound]] = {"test": SEEDS_ON_LIBRARY_FLOORS, "library_test": LIBRARY_FLOORS}


def check_split_floors(splits: dict[str, dict]) -> list[str]:
    """`check_floors` on every split present that has agreed floors, each message prefixed by its split."""
    return [f"{name}: {msg}" for name, floors in SPLIT_FLOORS.items() if name in splits
            for msg in check_floors(splits[name], floors)]


def check_floors(summary: dict, floors: dict[str, Bound] | None = None) -> list[str]:
    """One message per metric that misses its bound (empty list: all good). A metric that was not
    measured (None, e.g. no unanswerable cases) counts as a failure too."""
    failures = []
    for name, bound in (FLOORS if floors is None else floors).items():
        value = summary.get(name)
        if value is None:
            failures.append(f"{name} was not measured (no cases of that kind); it must be {bound}.")
        elif not bound.ok(value):
            word = "below the floor" if bound.op == ">=" else "above the ceiling"
            failures.append(f"{name} = {value:.3f} is {word} {bound.value:g}.")
    return failures


# -- one case -----------------------------------------------------------------------------------

def _ask_conversation(assistant, case: GoldCase) -> tuple[Answer | None, float, str]:
    """Ask the history turns, then the question; returns (answer, latency of the last ask in ms, error)."""
    turns: list[Turn] = []
    try:
        for earlier in case.history:
            previous = assistant.ask(earlier, history=list(turns))
            turns.append(Turn(earlier, previous.text, cited_documents(previous)))
        t0 = time.perf_counter()
        answer = assistant.ask(case.question, history=list(turns))
        return answer, (time.perf_counter() - t0) * 1000, ""
    except BadQuestionError as exc:  # the assistant declined the text itself: treated as a refusal
        return None, 0.0, str(exc)


def _relevance(passages: Sequence[Passage], case: GoldCase) -> tuple[list[bool], list[bool]]:
    """Per rank: does the passage match any expected source (for hit@k and MRR), and does it match
    one not already matched higher up (for nDCG, whose ideal counts each expected source once)."""
    any_flags, novel_flags = [], []
    covered: set[int] = set()
    for p in passages:
        c = p.chunk
        hits = {i for i, e in enumerate(case.expected_sources)
                if source_matches(c.document_id, c.source, c.text, e)}
        any_flags.append(bool(hits))
        novel_flags.append(bool(hits - covered))
        covered |= hits
    return any_flags, novel_flags


def score_case(assistant, case: GoldCase) -> dict:
    """Ask one case and score it. Scores that do not apply to the case are None."""
    answer, latency_ms, error = _ask_conversation(assistant, case)
    refused = answer is None or answer.refused
    text = answer.text if answer is not None else ""
    citations = answer.citations if answer is not None and not answer.refused else ()
    cited = [(c.document_id, c.source, c.passage) for c in citations]
    sentence_flags = [s.supported for s in answer.sentences] if answer is not None and not refused else []

    scores: dict[str, float | bool | None] = dict.fromkeys((
        "hit_at_1", "hit_at_5", "reciprocal_rank", "ndcg_at_10", "fact_recall", "answer_correct",
        "citation_precision", "citation_recall", "wrong_document_rate"))
    scores.update(refused=refused, latency_ms=latency_ms,
                  support_rate=support_rate(sentence_flags) if sentence_flags else None,
                  supported_sentences=sum(map(bool, sentence_flags)), sentences=len(sentence_flags))

    retrieved: list[dict] = []
    if case.answerable:
        answered_text = "" if refused else text
        scores.update(
            fact_recall=0.0 if refused else fact_recall(answered_text, case.expected_facts),
            answer_correct=(not refused) and answer_correct(answered_text, case.expected_facts),
            citation_precision=citation_precision(cited, case.expected_sources, case.expected_facts),
            citation_recall=citation_recall(cited, case.expected_sources) if case.expected_sources else None,
            wrong_document_rate=wrong_document_rate(cited, case.expected_sources),
        )
        if case.expected_sources:
            query = (answer.retrieval_query if answer is not None else "") or case.question
            passages = assistant.search(query, top_k=SEARCH_K)
            flags, novel = _relevance(passages, case)
            scores.update(
                hit_at_1=hit_at_k(flags, 1), hit_at_5=hit_at_k(flags, 5),
                reciprocal_rank=reciprocal_rank(flags),
                ndcg_at_10=ndcg_at_k(novel, SEARCH_K, len(case.expected_sources)),
            )
            retrieved = [{"rank": p.rank, "document_id": p.chunk.document_id, "chunk_id": p.chunk.id,
                          "score": p.score, "relevant": f} for p, f in zip(passages, flags)]
        scores["correct"] = bool(scores["answer_correct"])
    else:
        scores["correct"] = refused

    return {
        "id": case.id,
        "split": case.split,
        "category": case.category or ("followup" if case.history else ""),
        "language": case.language,
        "answerable": case.answerable,
        "question": case.question,
        "history": list(case.history),
        "retrieval_query": answer.retrieval_query if answer is not None else "",
        "answer": text,
        "citations": [
            {"marker": c.marker, "citation_id": c.citation_id, "document_id": c.document_id, "title": c.title,
             "source": c.source, "section": c.section, "passage": c.passage, "support_score": c.support_score,
             "matches_expected": matches_any(c.document_id, c.source, c.passage, case.expected_sources)}
            for c in citations
        ],
        "sentences": [{"text": s.text, "markers": list(s.markers), "supported": s.supported}
                      for s in (answer.sentences if answer is not None else ())],
        "refused": refused,
        "reason": answer.reason if answer is not None else error,
        "confidence": answer.confidence if answer is not None else None,
        "signals": dict(answer.signals) if answer is not None else {},
        "error": error,
        "retrieved": retrieved,
        "expected_sources": [s.model_dump() for s in case.expected_sources],
        "expected_facts": [f if isinstance(f, str) else list(f) for f in case.expected_facts],
        "scores": scores,
    }


# -- summary ------------------------------------------------------------------------------------

def _avg(records: list[dict], key: str) -> float | None:
    values = [float(r["scores"][key]) for r in records if r["scores"][key] is not None]
    return mean(values) if values else None


def summarise(records: list[dict]) -> dict:
    """The summary of scored cases, with exactly `SUMMARY_KEYS`. A metric over an empty population
    (e.g. refusal accuracy with no unanswerable cases) is None."""
    answerable = [r for r in records if r["answerable"]]
    unanswerable = [r for r in records if not r["answerable"]]
    answered = [r for r in records if not r["refused"]]
    n_sentences = sum(r["scores"]["sentences"] for r in answered)
    latencies = [r["scores"]["latency_ms"] for r in records if not r["error"]]
    summary = {
        "cases": len(records),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "hit_at_1": _avg(answerable, "hit_at_1"),
        "hit_at_5": _avg(answerable, "hit_at_5"),
        "mrr": _avg(answerable, "reciprocal_rank"),
        "ndcg_at_10": _avg(answerable, "ndcg_at_10"),
        "fact_recall": _avg(answerable, "fact_recall"),
        "answer_correct": _avg(answerable, "answer_correct"),
        "citation_precision": _avg(answerable, "citation_precision"),
        "citation_recall": _avg(answerable, "citation_recall"),
        "wrong_document_rate": _avg(answerable, "wrong_document_rate"),
        # pooled over the sentences of every answer given (answerable or not)
        "support_rate": (sum(r["scores"]["supported_sentences"] for r in answered) / n_sentences
                         if n_sentences else None),
        "refusal_accuracy": mean([float(r["refused"]) for r in unanswerable]) if unanswerable else None,
        "false_refusal_rate": mean([float(r["refused"]) for r in answerable]) if answerable else None,
        "latency_p50_ms": percentile(latencies, 50) if latencies else None,
        "latency_p95_ms": percentile(latencies, 95) if latencies else None,
    }
    assert tuple(summary) == SUMMARY_KEYS
    return summary


def run_gold(assistant, cases: Sequence[GoldCase], progress: Progress | None = None) -> dict:
    """Ask every case and score it: `{"summary": {...}, "splits": {split: summary}, "cases": [...]}`.

    `summary` covers all cases; `splits` has one summary per split present (check the floors with
    `check_split_floors`); `categories[split][category]` one per category of a split whose cases have one. Retrieval metrics use `assistant.search(answer.retrieval_query, top_k=10)`.
    """
    notify = progress or (lambda done, total, what: None)
    records = []
    for n, case in enumerate(cases):
        notify(n, len(cases), case.id)
        records.append(score_case(assistant, case))
    notify(len(cases), len(cases), "done")
    splits: dict[str, list[dict]] = {}
    categories: dict[str, dict[str, list[dict]]] = {}
    for r in records:
        splits.setdefault(r["split"], []).append(r)
        if r["category"]:
            categories.setdefault(r["split"], {}).setdefault(r["category"], []).append(r)
    return {
        "summary": summarise(records),
        "splits": {name: summarise(rs) for name, rs in splits.items()},
        "categories": {split: {c: summarise(rs) for c, rs in sorted(cats.items())}
                       for split, cats in categories.items()},
        "cases": records,
    }
