"""The `/ask` API endpoint: one answer as plain JSON, for scripts and load tests (`gradio_client`).

    from gradio_client import Client
    answer = Client("http://127.0.0.1:7860/").predict("Which bridge did UNESCO help rebuild?", [],
                                                       api_name="/ask")
    answer["text"], answer["citations"][0]["citation_id"]

`history` is a list of earlier `[question, answer_text]` pairs, oldest first.
"""

from __future__ import annotations

from dataclasses import asdict

import gradio as gr

from assistant.types import Answer, Turn
from ui.errors import user_message

MAX_HISTORY = 20


def answer_json(answer: Answer) -> dict:
    return {
        "question": answer.question,
        "text": answer.text,
        "refused": answer.refused,
        "notice": answer.notice,
        "retrieval_query": answer.retrieval_query,
        "answerer": answer.answerer,
        "citations": [asdict(c) for c in answer.citations],
        "sentences": [asdict(s) for s in answer.sentences],
        "related": [{"chunk_id": p.chunk.id, "document_id": p.chunk.document_id, "title": p.chunk.title,
                     "section": p.chunk.section, "source": p.chunk.source, "passage": p.chunk.text,
                     "score": p.score} for p in answer.related],
        "timings_ms": dict(answer.timings_ms),
    }


def make_ask(assistant):
    def ask(question: str, history: list[list[str]] | None = None) -> dict:
        """Answer `question` (after the earlier [question, answer] pairs in `history`) with citations."""
        try:
            turns = [Turn(str(pair[0]), str(pair[1]) if len(pair) > 1 else "")
                     for pair in (history or [])[-MAX_HISTORY:] if pair]
            return answer_json(assistant.ask(question, turns))
        except Exception as exc:  # noqa: BLE001 - clients get the user message, never a traceback
            raise gr.Error(user_message(exc), print_exception=False) from None

    return ask
