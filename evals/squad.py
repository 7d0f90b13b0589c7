"""SQuAD-format benchmark: the file's paragraphs become the corpus; a seeded sample of questions is asked.

Scores: paragraph recall@1/@5 (the question's own paragraph among the first k retrieved documents),
whether the answer contains a gold answer after SQuAD's official normalisation, and, for SQuAD 2.0
files, the refusal rate on unanswerable and the false-refusal rate on answerable questions.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import BadQuestionError
from core.settings import Settings
from core.textutil import strip_markers
from evals.metrics import answer_contains_gold, mean
from evals.tempstore import rank_documents, temporary_assistant

Progress = Callable[[int, int, str], None]


class SquadDataError(ValueError):
    """A SQuAD file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class SquadQuestion:
    id: str
    question: str
    answers: tuple[str, ...]
    paragraph: str  # id of the paragraph (document) it was written on
    impossible: bool = False


@dataclass(frozen=True)
class SquadData:
    name: str
    paragraphs: dict[str, tuple[str, str]]  # paragraph id -> (article title, context)
    questions: list[SquadQuestion]

    @property
    def has_unanswerable(self) -> bool:
        return any(q.impossible for q in self.questions)


def load_squad(path: Path | str) -> SquadData:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        articles = data["data"]
    except FileNotFoundError:
        raise SquadDataError(f"{path}: no such file.") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise SquadDataError(f"{path}: not a SQuAD JSON file ({exc}).") from None
    paragraphs: dict[str, tuple[str, str]] = {}
    questions: list[SquadQuestion] = []
    for a, article in enumerate(articles):
        title = str(article.get("title", "")).replace("_", " ")
        for p, para in enumerate(article["paragraphs"]):
            pid = f"a{a:03d}p{p:03d}"
            paragraphs[pid] = (title, para["context"])
            for qa in para["qas"]:
                impossible = bool(qa.get("is_impossible", False))
                answers = tuple(dict.fromkeys(x["text"] for x in qa.get("answers", [])))
                questions.append(SquadQuestion(str(qa["id"]), qa["question"], answers, pid, impossible))
    return SquadData(path.stem, paragraphs, questions)


def sample_questions(questions: Sequence[SquadQuestion], limit: int | None, seed: int) -> list[SquadQuestion]:
    """A seeded sample of `limit` questions (all of them, in file order, when limit is None or larger)."""
    if limit is None or limit >= len(questions):
        return list(questions)
    if limit <= 0:
        raise ValueError(f"limit must be greater than 0. Currently, limit is {limit}.")
    return random.Random(seed).sample(list(questions), limit)


def score_question(assistant, q: SquadQuestion, id_map: dict[str, str]) -> dict:
    try:
        answer = assistant.ask(q.question)
    except BadQuestionError as exc:
        return {"id": q.id, "question": q.question, "impossible": q.impossible, "answers": list(q.answers),
                "refused": True, "answer": "", "paragraph_rank": None, "contains_gold": False, "confidence": None,
                "error": str(exc)}
    passages = assistant.search(answer.retrieval_query or q.question, top_k=10)
    ranked = rank_documents(passages, id_map, 5)
    rank = ranked.index(q.paragraph) + 1 if q.paragraph in ranked else None
    contains = (not answer.refused) and answer_contains_gold(strip_markers(answer.text), q.answers)
    return {"id": q.id, "question": q.question, "impossible": q.impossible, "answers": list(q.answers),
            "refused": answer.refused, "answer": answer.text, "paragraph_rank": rank,
            "contains_gold": contains, "confidence": answer.confidence, "error": ""}


def summarise(records: list[dict], with_refusals: bool) -> dict:
    answerable = [r for r in records if not r["impossible"]]
    unanswerable = [r for r in records if r["impossible"]]
    summary = {
        "questions": len(records),
        "paragraph_recall_at_1": mean([float(r["paragraph_rank"] == 1) for r in answerable]),
        "paragraph_recall_at_5": mean([float(r["paragraph_rank"] is not None) for r in answerable]),
        "answer_contains_gold": mean([float(r["contains_gold"]) for r in answerable]),
    }
    if with_refusals:
        summary["refusal_rate_unanswerable"] = mean([float(r["refused"]) for r in unanswerable])
        summary["false_refusal_rate_answerable"] = mean([float(r["refused"]) for r in answerable])
    return summary


def evaluate(assistant, data: SquadData, questions: Sequence[SquadQuestion], id_map: dict[str, str],
             progress: Progress | None = None) -> dict:
    notify = progress or (lambda done, total, what: None)
    records = []
    for n, q in enumerate(questions):
        notify(n, len(questions), "asking")
        records.append(score_question(assistant, q, id_map))
    notify(len(questions), len(questions), "done")
    return {"summary": summarise(records, data.has_unanswerable), "cases": records}


def run_squad(path: Path | str, *, limit: int | None = 1000, seed: int = 7, settings: Settings | None = None,
              work_dir: Path | str | None = None, progress: Progress | None = None) -> dict:
    """Ingest the file's paragraphs into a temporary store and ask a seeded sample of its questions.

    Returns `{"dataset", "seed", "documents", "summary": {...}, "cases": [...]}`; summary keys:
    questions, paragraph_recall_at_1, paragraph_recall_at_5, answer_contains_gold, and for files with
    unanswerable questions refusal_rate_unanswerable, false_refusal_rate_answerable (recall and
    answer scores are over the answerable questions)."""
    data = load_squad(path)
    questions = sample_questions(data.questions, limit, seed)
    with temporary_assistant(data.paragraphs, settings=settings, collection="squad-eval", work_dir=work_dir,
                             progress=progress) as (assistant, id_map, report):
        out = evaluate(assistant, data, questions, id_map, progress)
    return {"dataset": data.name, "seed": seed, "documents": len(data.paragraphs),
            "skipped": len(report.skipped), **out}
