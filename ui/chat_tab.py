"""Chat tab: streaming cited answers, follow-ups, and a source viewer beside the conversation.

The conversation lives in a per-browser-session `gr.State` (a list of `Exchange`); the chat shown is
rebuilt from it on every update, so what the page shows and what the assistant sees as history can
never drift apart.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import gradio as gr

from assistant.types import Answer, Turn
from ui import chat_render, sources, theme, viewer
from ui.errors import user_message

EXAMPLES = [
    "What are UNESCO's three comparative advantages in science diplomacy?",
    "Which bridge did UNESCO help rebuild?",
    "What is cultural soft power?",
    "Which laboratory did UNESCO help create in the 1950s?",
]


@dataclass(frozen=True)
class Exchange:
    question: str
    answer: Answer | None = None
    error: str = ""


def history(exchanges: list[Exchange]) -> list[Turn]:
    return [Turn(e.answer.question, e.answer.text) for e in exchanges if e.answer is not None]


def answers_by_turn(exchanges: list[Exchange]) -> list[Answer]:
    """Answers indexed by turn (an empty stand-in where a turn failed), for `ui.sources`."""
    return [e.answer or Answer(question=e.question, text="", citations=(), refused=True) for e in exchanges]


def messages(exchanges: list[Exchange]) -> list[gr.ChatMessage]:
    out: list[gr.ChatMessage] = []
    for turn, e in enumerate(exchanges):
        out.append(chat_render.question_message(e.question))
        if e.answer is not None:
            out += chat_render.answer_messages(turn, e.answer)
        elif e.error:
            out.append(chat_render.error_message(e.error))
    return out


def make_respond(assistant):
    def respond(question: str, exchanges: list[Exchange] | None):
        """Stream one answer: yields (textbox, chatbot, state, picker) updates."""
        exchanges = list(exchanges or [])
        question = question or ""
        if not question.strip():
            gr.Warning("Type a question first.")
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        shown = messages(exchanges) + [chat_render.question_message(question)]
        yield "", shown + [chat_render.streaming_message("")], gr.skip(), gr.skip()
        partial, final, last = "", None, 0.0
        try:
            for piece in assistant.stream(question, history(exchanges)):
                if isinstance(piece, Answer):
                    final = piece
                    continue
                partial += piece
                now = time.monotonic()
                if now - last > 0.05:  # at most ~20 updates a second
                    last = now
                    yield gr.skip(), shown + [chat_render.streaming_message(partial)], gr.skip(), gr.skip()
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message in the chat
            exchanges.append(Exchange(question, error=user_message(exc)))
            yield "", messages(exchanges), exchanges, gr.skip()
            return
        if final is None:
            exchanges.append(Exchange(question, error="The assistant returned no answer. Please try again."))
            yield "", messages(exchanges), exchanges, gr.skip()
            return
        exchanges.append(Exchange(question, answer=final))
        yield "", messages(exchanges), exchanges, picker_update(exchanges, first_of_turn=len(exchanges) - 1)

    return respond


def picker_update(exchanges: list[Exchange], first_of_turn: int | None = None, value: str | None = None):
    answers = answers_by_turn(exchanges)
    choices = sources.picker_choices(answers)
    if value is None and first_of_turn is not None:
        refs = sources.refs_of(first_of_turn, answers[first_of_turn])
        value = refs[0].key if refs else None
    return gr.update(choices=choices, value=value)


def make_open_source(assistant):
    def open_source(key: str | None, exchanges: list[Exchange] | None):
        """Render the viewer for a picker key: (viewer html, citation id)."""
        ref = sources.find(answers_by_turn(list(exchanges or [])), key or "")
        if ref is None:
            return viewer.EMPTY_VIEWER, ""
        try:
            doc = assistant.document(ref.document_id)
        except Exception as exc:  # noqa: BLE001 - the passage is still worth showing
            user_message(exc)  # logs unexpected ones
            doc = None
        return viewer.viewer_html(ref, doc), ref.ref_id

    return open_source


def request_to_key(request: str) -> str | None:
    """The page script writes "<key>|<timestamp>" into the hidden request box."""
    return (request or "").partition("|")[0] or None


def example_text(evt: gr.SelectData) -> str:
    return evt.value["text"]


def build(assistant) -> None:
    """The Chat tab's components and events (call inside a `gr.Blocks` / `gr.Tab` context)."""
    state = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=420):
            chatbot = gr.Chatbot(
                label="Conversation", show_label=False, elem_id="ua-chat", height=620, layout="panel",
                sanitize_html=True, render_markdown=True, allow_tags=False, line_breaks=True,
                latex_delimiters=[], buttons=[], feedback_options=None,
                placeholder="### Ask about the UNESCO documents in the store\n"
                            "Every sentence of an answer cites the passage it comes from. Click a marker "
                            "such as **[1]** to read that passage where it stands in its document.",
                examples=[{"text": q} for q in EXAMPLES],
            )
            with gr.Row():
                question = gr.Textbox(
                    placeholder="Ask a question, or a follow-up…", show_label=False, scale=6,
                    elem_id="ua-question", autofocus=True, max_length=20_000, submit_btn=False,
                )
                send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="ua-ask")
                new_chat = gr.Button("New chat", scale=1, min_width=90, elem_id="ua-new-chat")
        with gr.Column(scale=2, min_width=340, elem_id="ua-viewer-col"):
            picker = gr.Dropdown(label="Open a source", choices=[], value=None, interactive=True,
                                 elem_id="ua-picker", allow_custom_value=False)
            source_view = gr.HTML(viewer.EMPTY_VIEWER, elem_id="ua-viewer", js_on_load=theme.VIEWER_JS,
                                  apply_default_css=False)
            ref_id = gr.Textbox(label="Citation id (paste it in the Lookup tab to find it again)",
                                interactive=False, buttons=["copy"], elem_id="ua-ref-id")
            request = gr.Textbox(elem_id="ua-cite-request", show_label=False, container=False)

    respond = make_respond(assistant)
    outputs = [question, chatbot, state, picker]
    send.click(respond, [question, state], outputs, api_name="chat")
    question.submit(respond, [question, state], outputs, api_visibility="private")
    chatbot.example_select(example_text, None, question, api_visibility="private",
                           queue=False).then(respond, [question, state], outputs, api_visibility="private")

    open_source = make_open_source(assistant)
    picker.change(open_source, [picker, state], [source_view, ref_id], api_visibility="private")
    request.change(request_to_key, request, picker, api_visibility="private", queue=False)

    def reset():
        return [], [], gr.update(choices=[], value=None), viewer.EMPTY_VIEWER, "", ""

    reset_outputs = [state, chatbot, picker, source_view, ref_id, question]
    new_chat.click(reset, None, reset_outputs, api_visibility="private", queue=False)
    chatbot.clear(reset, None, reset_outputs, api_visibility="private", queue=False)
