"""The app's API through `gradio_client`, against the real app over a real store (no mocks).

Pins down: a seed question gets a cited answer through both the chat endpoint (what the page uses)
and `/ask`; follow-ups continue the conversation the client passes back; 10 concurrent chats are all answered
correctly; lookup finds quotes and citation ids; bad input comes back as a message, not a traceback.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client

SEEDS = {
    "What are UNESCO's three comparative advantages in science diplomacy?": ["Legitimacy", "Credibility",
                                                                             "Universality"],
    "Which bridge did UNESCO help rebuild?": ["Mostar"],
}


def client(app) -> Client:
    return Client(app.url, verbose=False, download_files=False)


def message_text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def chat(app, question: str, conversation: list | None = None, c: Client | None = None) -> tuple[list[dict], list]:
    """Ask through the page's own chat endpoint: (chatbot messages after the last update, the conversation to
    pass to the next call; the page keeps it in the browser)."""
    c = c or client(app)
    textbox, chatbot, conversation, _picker = c.predict(question, conversation or [], api_name="/chat")
    assert textbox == "", "the question box is cleared after answering"
    return chatbot, conversation


def final_chat(app, question: str, c: Client | None = None) -> list[dict]:
    return chat(app, question, c=c)[0]


def test_seed_question_through_chat_endpoint_has_cited_answer(ui_app):
    question = "Which bridge did UNESCO help rebuild?"
    messages = final_chat(ui_app, question)
    assert messages[0]["role"] == "user"
    answer = message_text(messages[1])
    assert "Mostar" in answer
    assert 'class="cite cite-k-0-1"' in answer, "markers become buttons that open source [1]"
    panels = [m for m in messages if (m.get("metadata") or {}).get("title", "").startswith("Sources")]
    assert len(panels) == 1 and panels[0]["metadata"]["status"] == "done", "sources sit in a collapsed panel"
    assert "<mark>" in message_text(panels[0]), "the supporting sentence is highlighted"
    assert "Citation id" in message_text(panels[0])


def test_ask_endpoint_returns_answer_with_resolvable_citation(ui_app):
    answer = client(ui_app).predict("What are UNESCO's three comparative advantages in science diplomacy?", [],
                                    api_name="/ask")
    assert not answer["refused"]
    for word in ("Legitimacy", "Credibility", "Universality"):
        assert word in answer["text"]
    assert "[1]" in answer["text"] and answer["citations"]
    first = answer["citations"][0]
    assert first["title"] == "Science Diplomacy"
    hits = ui_app.assistant.lookup(first["citation_id"])
    assert hits and hits[0].document_id == first["document_id"], "a citation id resolves back to its passage"


def test_ask_endpoint_carries_the_documents_an_earlier_answer_cited(ui_app):
    """/ask's history may carry the documents each answer cited (its "documents"): a follow-up that names no document
    and points back is then asked of the one the last answer cited, as in the chat; without them, of none."""
    c = client(ui_app)
    first = c.predict("Which bridge in Bosnia and Herzegovina did UNESCO help reconstruct?", [], api_name="/ask")
    assert first["documents"] == list(dict.fromkeys(x["document_id"] for x in first["citations"]))
    assert len(first["documents"]) == 1
    follow = "And when was it rebuilt?"
    carried = c.predict(follow, [[first["question"], first["text"], first["documents"]]], api_name="/ask")
    plain = c.predict(follow, [[first["question"], first["text"]]], api_name="/ask")
    assert carried["focus_documents"] == first["documents"]
    assert plain["focus_documents"] == []


def test_followup_uses_the_session_conversation(ui_app):
    _, conversation = chat(ui_app, "Which bridge in Bosnia and Herzegovina did UNESCO help reconstruct?")
    messages, _ = chat(ui_app, "In which year was it rebuilt?", conversation)
    assert [m["role"] for m in messages].count("user") == 2, "the second call continues the same chat"
    answers = [message_text(m) for m in messages if m["role"] == "assistant" and not m.get("metadata")]
    assert "2004" in answers[-1]


def test_ten_concurrent_chats_all_answered_correctly(ui_app):
    questions = list(SEEDS) * 5

    def chat(question: str) -> tuple[str, str]:
        messages = final_chat(ui_app, question)
        return question, message_text(messages[1])

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(chat, questions))
    assert len(results) == 10
    for question, answer in results:
        for fact in SEEDS[question]:
            assert fact in answer, f"{question!r} got {answer[:200]!r}"
        assert 'class="cite cite-k-0-1"' in answer


def test_lookup_endpoint_ranks_the_source_of_a_quote(ui_app):
    html = client(ui_app).predict("the cradle of modern science diplomacy", api_name="/lookup")
    assert html.index("#1") < html.index("Science Diplomacy") and "exact match" in html
    assert "<mark>the cradle of modern science diplomacy</mark>" in html


def test_lookup_of_unknown_text_says_not_found(ui_app):
    html = client(ui_app).predict("zorblax quintessential hyperdrive", api_name="/lookup")
    assert "Not found in the stored documents" in html


def test_bad_questions_come_back_as_messages_not_tracebacks(ui_app):
    c = client(ui_app)
    with pytest.raises(Exception) as info:
        c.predict("   ", [], api_name="/ask")
    text = str(info.value)
    assert "empty" in text.lower()
    assert "Traceback" not in text and 'File "' not in text
    messages = final_chat(ui_app, "<script>alert(1)</script> " + "x" * 19_000)  # under the server's 20,000 limit
    shown = message_text(messages[0])
    assert "<script>" not in shown and "&#60;script&#62;" in shown, "questions are shown as text"
