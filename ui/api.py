"""The `/ask` API endpoint: one answer as plain JSON, for scripts and load tests (`gradio_client`).

    from gradio_client import Client
    answer = Client("http://127.0.0.1:7860/").predict("Which bridge did UNESCO help rebuild?", [],
                                                       api_name="/ask")
    answer["text"], answer["citations"][0]["citation_id"]

`history` is a list of earlier `[question, answer_text]` pairs, oldest first, or of `[question, answer_text,
documents]` triples, `documents` being the earlier answer's "documents" (the ids of the documents it cited): a
follow-up that names no document and points back ("And for how long are they elected?") is then asked of the one
document the last answer cited, as in the chat.
"""

from __future__ import annotations


import gradio as gr

from core.types import Answer, answer_to_dict
from ui.errors import user_message

MAX_HISTORY = 20


def answer_json(answer: Answer) -> dict:
    return answer_to_dict(answer)


def make_ask(assistant):
    def ask(question: str, history: list[list] | None = None) -> dict:
        """Answer `question` (after the earlier [question, answer] pairs or [question, answer, documents] triples in
        `history`) with citations."""
        from ui.limits import check_question, parse_history

        check_question(question)  # server-side limits: a malformed request is refused in one log line
        turns = parse_history(history)
        try:
            return answer_json(assistant.ask(question, turns))
        except Exception as exc:  # noqa: BLE001 - clients get the user message, never a traceback
            raise gr.Error(user_message(exc), print_exception=False) from None

    return ask
