"""The chat's conversation as plain JSON, so it can live in the browser (`gr.BrowserState`) and survive a reload.

    data = dump(exchanges)          # list of dicts: question, error, answer (every field of `Answer`)
    exchanges = load(data)          # back to `Exchange` objects; anything malformed is dropped

The browser keeps it (localStorage, encrypted by Gradio with a per-server secret), one conversation per browser,
never on the server and never shared. At most `MAX_EXCHANGES` recent exchanges are kept.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from core.types import Answer, AnswerSentence, Chunk, Citation, Passage

log = logging.getLogger("unesco_assistant.ui")

MAX_EXCHANGES = 40


@dataclass(frozen=True)
class Exchange:
    question: str
    answer: Answer | None = None
    error: str = ""


def dump(exchanges: list[Exchange]) -> list[dict]:
    return [{"question": e.question, "error": e.error,
             "answer": asdict(e.answer) if e.answer is not None else None}
            for e in exchanges[-MAX_EXCHANGES:]]


def load(data: object) -> list[Exchange]:
    """Exchanges from what `dump` wrote (or `Exchange` objects, passed through). Malformed items are dropped."""
    if not isinstance(data, list):
        return []
    out: list[Exchange] = []
    for item in data:
        if isinstance(item, Exchange):
            out.append(item)
            continue
        try:
            answer = _answer(item["answer"]) if item.get("answer") else None
            out.append(Exchange(str(item["question"]), answer, str(item.get("error") or "")))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            log.warning("dropped a stored chat exchange that could not be read: %s", exc)
    return out[-MAX_EXCHANGES:]


def _answer(d: dict) -> Answer:
    return Answer(
        question=str(d["question"]), text=str(d["text"]), refused=bool(d["refused"]),
        citations=tuple(_citation(c) for c in d.get("citations") or ()),
        sentences=tuple(AnswerSentence(text=s["text"], markers=tuple(s.get("markers") or ()),
                                       supported=bool(s.get("supported", True)),
                                       support_score=float(s.get("support_score") or 0.0))
                        for s in d.get("sentences") or ()),
        related=tuple(_passage(p) for p in d.get("related") or ()),
        retrieval_query=str(d.get("retrieval_query") or ""), answerer=str(d.get("answerer") or "extractive"),
        timings_ms={str(k): float(v) for k, v in (d.get("timings_ms") or {}).items()},
        notice=str(d.get("notice") or ""),
        confidence=d.get("confidence"), reason=str(d.get("reason") or ""),
    )


def _citation(c: dict) -> Citation:
    known = {k: c[k] for k in Citation.__dataclass_fields__ if k in c}
    known["support_spans"] = tuple(tuple(span) for span in c.get("support_spans") or ())
    return Citation(**known)


def _passage(p: dict) -> Passage:
    chunk = p["chunk"]
    return Passage(chunk=Chunk(**{k: chunk[k] for k in Chunk.__dataclass_fields__ if k in chunk}),
                   score=float(p.get("score") or 0.0), dense_score=p.get("dense_score"),
                   keyword_score=p.get("keyword_score"), rank=int(p.get("rank") or 0))
