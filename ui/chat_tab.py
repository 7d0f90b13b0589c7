"""Chat tab: streaming cited answers, follow-ups, a source viewer beside the conversation, and ways to take
the answers away (a copy button per answer, "Export conversation" as Markdown with footnotes and references).

The conversation lives in the browser (`gr.BrowserState`, one per browser, kept across reloads; "New chat"
clears it) as the JSON of `ui.conversation_state`; the chat shown is rebuilt from it on every update, so what
the page shows and what the assistant sees as history can never drift apart. "Ask again" answers the last
question again in place of its answer (with the limits set now). The sources the chat may answer from can be
narrowed to chosen documents, instrument types, years of adoption and the UNESCO library only
(`core.types.Scope`, built by `ui.scope_filters`).
"""

from __future__ import annotations

import inspect
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import gradio as gr

from core.types import Answer, Scope, Turn, cited_documents
from ui import chat_render, export, scope_filters, sources, theme, viewer
from ui.conversation_state import Exchange, dump, load
from ui.doc_labels import lookup_meta
from ui.errors import user_message, warn
from ui.smalltalk import smalltalk_reply

EXAMPLES = [
    "What are UNESCO's three comparative advantages in science diplomacy?",
    "Which bridge did UNESCO help rebuild?",
    "What is cultural soft power?",
    "Which laboratory did UNESCO help create in the 1950s?",
]
STORAGE_KEY = "unesco-assistant-conversation"
EXPORT_DIR = Path(tempfile.gettempdir()) / "unesco-assistant-exports"  # Gradio serves its copy, not this
EXPORT_KEEP_S = 3600

__all__ = ["Exchange", "build", "history", "make_respond", "messages"]


def history(exchanges: list[Exchange]) -> list[Turn]:
    return [Turn(e.answer.question, e.answer.text, cited_documents(e.answer)) for e in exchanges
            if e.answer is not None and e.answer.answerer != chat_render.SMALLTALK]


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


def _supports_scope(assistant) -> bool:
    try:
        return "scope" in inspect.signature(assistant.stream).parameters
    except (TypeError, ValueError):
        return False


def scope_of(document_ids: list[str] | None) -> Scope | None:
    ids = tuple(d for d in (document_ids or []) if d)
    return Scope(documents=ids) if ids else None


def make_respond(assistant):
    def respond(question: str, stored: list | None = None, document_ids: list[str] | None = None,
                library_only: bool = False, types: list[str] | None = None, years: str | None = ""):
        """Stream one answer: yields (textbox, chatbot, conversation, picker) updates. Through the API, pass the
        conversation the previous call returned to ask a follow-up, document ids to search only those, instrument
        types ("Recommendation") and years ("2015", "1970-1980") to search only documents of those."""
        exchanges = load(stored)
        question = question or ""
        if not question.strip():
            warn("Type a question first.")
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        from ui.limits import MAX_QUESTION_CHARS

        if len(question) > MAX_QUESTION_CHARS:  # the server's limit, whatever the browser sends
            warn(f"This question is {len(question):,} characters long; the limit is {MAX_QUESTION_CHARS:,}.")
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        reply = smalltalk_reply(question)
        if reply is not None:
            exchanges.append(Exchange(question, Answer(question=question, text=reply, citations=(), refused=False,
                                                       answerer=chat_render.SMALLTALK)))
            yield "", messages(exchanges), dump(exchanges), gr.skip()
            return
        try:  # the toggle "UNESCO library only" leaves uploads out
            scope = scope_filters.build_scope(document_ids, types, years, library_only=bool(library_only))
        except ValueError as exc:
            warn(str(exc))
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        docs = _documents(assistant) if scope is not None else []
        if docs and not scope_filters.matching(docs, scope):
            warn("No document in the library matches these limits: " + scope_filters.scope_notice(scope, {})
                 .removeprefix("Searched only: ") + " Change or clear them to ask.")
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        shown = messages(exchanges) + [chat_render.question_message(question)]
        yield "", shown + [chat_render.streaming_message("")], gr.skip(), gr.skip()
        kwargs = {}
        if scope is not None:
            if _supports_scope(assistant):
                kwargs["scope"] = scope
            else:
                warn("Answering from chosen documents is not available in this version: the whole library was searched.")
        partial, final, last = "", None, 0.0
        try:
            for piece in assistant.stream(question, history(exchanges), **kwargs):
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
            yield "", messages(exchanges), dump(exchanges), gr.skip()
            return
        if final is None:
            exchanges.append(Exchange(question, error="The assistant returned no answer. Please try again."))
            yield "", messages(exchanges), dump(exchanges), gr.skip()
            return
        if "scope" in kwargs:
            final = _with_scope_notice(assistant, final, scope)
        exchanges.append(Exchange(question, answer=final))
        yield "", messages(exchanges), dump(exchanges), picker_update(exchanges, first_of_turn=len(exchanges) - 1)

    return respond


def make_ask_again(assistant):
    respond = make_respond(assistant)

    def ask_again(stored: list | None = None, document_ids: list[str] | None = None, library_only: bool = False,
                  types: list[str] | None = None, years: str | None = ""):
        """Ask the conversation's last question again and put the new answer in place of the old one (with the
        limits set now, so "Ask again" after changing them answers from other sources). Yields the same
        (textbox, chatbot, conversation, picker) updates as `respond`; the textbox is left as it is."""
        exchanges = load(stored)
        if not exchanges:
            warn("Nothing to ask again yet: ask a question first.")
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        last = exchanges.pop()
        first = True
        for _, chat, conversation, picker in respond(last.question, dump(exchanges), document_ids, library_only,
                                                     types, years):
            if first and isinstance(chat, list):
                # The new answer's sources take the old one's keys ("2:1"): clear the picker first, so setting it
                # again opens the new source in the viewer instead of leaving the replaced one there.
                picker = picker_update(exchanges)
            first = False
            yield gr.skip(), chat, conversation, picker

    return ask_again


def _with_scope_notice(assistant, answer: Answer, scope: Scope) -> Answer:
    from dataclasses import replace

    titles = {d.id: d.title for d in _documents(assistant)}
    note = scope_filters.scope_notice(scope, titles)
    return replace(answer, notice=" ".join(n for n in (note, answer.notice) if n))


def _documents(assistant) -> list:
    try:
        return list(assistant.documents())
    except Exception as exc:  # noqa: BLE001 - an empty list; the message is logged
        user_message(exc)
        return []


def scope_choices(assistant) -> list[tuple[str, str]]:
    """(label, document id) for the "answer only from" picker: short names, sorted, ids never shown."""
    docs = _documents(assistant)
    labels = []
    for d in docs:
        short = getattr(d, "short_title", "") or d.title
        year = getattr(d, "year", 0) or 0
        labels.append((f"{short} ({year})" if year and str(year) not in short else short, d.id))
    seen: dict[str, int] = {}
    for label, _ in labels:
        seen[label] = seen.get(label, 0) + 1
    out = [(f"{label} · {d.source}" if seen[label] > 1 else label, doc_id)
           for (label, doc_id), d in zip(labels, docs)]
    return sorted(out, key=lambda c: c[0].casefold())


def years_label(assistant) -> str:
    span = scope_filters.year_span(_documents(assistant))
    held = f"; the library spans {span[0]}–{span[1]}" if span and span[0] != span[1] else ""
    return f"Years of adoption (empty: all{held})"


def restore(stored):
    """On page load: the conversation kept in this browser, shown again with its sources picker."""
    exchanges = load(stored)
    if not exchanges:
        return gr.skip(), gr.skip()
    return messages(exchanges), picker_update(exchanges, first_of_turn=len(exchanges) - 1)


def picker_update(exchanges: list[Exchange], first_of_turn: int | None = None, value: str | None = None):
    answers = answers_by_turn(exchanges)
    choices = sources.picker_choices(answers)
    if value is None and first_of_turn is not None:
        refs = sources.refs_of(first_of_turn, answers[first_of_turn])
        value = refs[0].key if refs else None
    return gr.update(choices=choices, value=value)


def make_open_source(assistant):
    def open_source(key: str | None, stored):
        """Render the viewer for a picker key: (viewer html, citation id)."""
        ref = sources.find(answers_by_turn(load(stored)), key or "")
        if ref is None:
            return viewer.EMPTY_VIEWER, ""
        try:
            doc = assistant.document(ref.document_id)
        except Exception as exc:  # noqa: BLE001 - the passage is still worth showing
            user_message(exc)  # logs unexpected ones
            doc = None
        return viewer.viewer_html(ref, doc), ref.ref_id

    return open_source


def make_export(assistant):
    def export_conversation(stored):
        """Write the conversation as Markdown; (file for download, its text for the preview)."""
        exchanges = load(stored)
        if not any(e.answer is not None for e in exchanges):
            warn("Nothing to export yet: ask a question first.")
            return gr.update(value=None, visible=False), gr.update(value="", visible=False)
        cache: dict = {}
        text = export.conversation_markdown(exchanges, lambda doc_id, title: lookup_meta(assistant, doc_id, title, cache))
        EXPORT_DIR.mkdir(parents=True, exist_ok=True)
        _forget_old_exports()
        folder = Path(tempfile.mkdtemp(prefix="export-", dir=EXPORT_DIR))
        path = folder / f"unesco-assistant-conversation-{datetime.now(UTC):%Y%m%d-%H%M%S}.md"
        path.write_text(text, encoding="utf-8")
        return gr.update(value=str(path), visible=True), gr.update(value=text, visible=True)

    return export_conversation


def _forget_old_exports() -> None:
    cutoff = time.time() - EXPORT_KEEP_S
    for old in EXPORT_DIR.glob("export-*/*.md"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
                old.parent.rmdir()
        except OSError:
            pass


def request_to_key(request: str) -> str | None:
    """The page script writes "<key>|<timestamp>" into the hidden request box."""
    return (request or "").partition("|")[0] or None


def example_text(evt: gr.SelectData) -> str:
    return evt.value["text"]


def build(assistant, demo: gr.Blocks | None = None) -> dict:
    """The Chat tab's components and events (call inside a `gr.Blocks` / `gr.Tab` context). Returns the
    components other tabs update (`scope`: the documents picker)."""
    state = gr.BrowserState([], storage_key=STORAGE_KEY)
    with gr.Row(equal_height=False, elem_id="ua-chat-row"):
        with gr.Column(scale=3, min_width=360):
            chatbot = gr.Chatbot(
                label="Conversation", show_label=False, elem_id="ua-chat", height=620, layout="panel",
                sanitize_html=True, render_markdown=True, allow_tags=False, line_breaks=True,
                latex_delimiters=[], buttons=[], feedback_options=None,
                placeholder="### Ask about the UNESCO documents in the library\n"
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
            with gr.Row():
                new_chat = gr.Button("New chat", size="sm", min_width=90, elem_id="ua-new-chat")
                again = gr.Button("↻ Ask again", size="sm", min_width=110, elem_id="ua-ask-again")
                export_btn = gr.Button("Export conversation", size="sm", min_width=160, elem_id="ua-export")
            library_default = bool(getattr(assistant.settings, "library_only", False))
            with gr.Accordion(scope_filters.limits_title(library_only=library_default), open=library_default,
                              elem_id="ua-scope-box") as limits_box:
                scope = gr.Dropdown(label="Documents to search (none chosen: the whole library)",
                                    choices=scope_choices(assistant), value=[], multiselect=True,
                                    interactive=True, elem_id="ua-scope", allow_custom_value=False)
                with gr.Row():
                    types = gr.Dropdown(label="Types of document (none chosen: all)",
                                        choices=scope_filters.type_choices(_documents(assistant)), value=[],
                                        multiselect=True, interactive=True, elem_id="ua-scope-types",
                                        allow_custom_value=False, scale=3)
                    years = gr.Textbox("", label=years_label(assistant), placeholder="e.g. 2015 or 1970-1980",
                                       elem_id="ua-scope-years", max_length=200, scale=2)
                library_only = gr.Checkbox(label="UNESCO library only (leave uploaded documents out)",
                                           value=library_default, elem_id="ua-library-only")
            export_file = gr.File(label="Conversation as Markdown", visible=False, interactive=False,
                                  elem_id="ua-export-file")
            export_text = gr.Code(label="Preview of the export", language="markdown", visible=False,
                                  interactive=False, elem_id="ua-export-text", max_lines=30,
                                  wrap_lines=True)
        with gr.Column(scale=2, min_width=320, elem_id="ua-viewer-col"):
            picker = gr.Dropdown(label="Open a source", choices=[], value=None, interactive=True,
                                 elem_id="ua-picker", allow_custom_value=False)
            source_view = gr.HTML(viewer.EMPTY_VIEWER, elem_id="ua-viewer", js_on_load=theme.VIEWER_JS,
                                  apply_default_css=False)
            ref_id = gr.Textbox(label="Citation id (paste it in the Lookup tab to find it again)",
                                interactive=False, buttons=["copy"], elem_id="ua-ref-id")
            request = gr.Textbox(elem_id="ua-cite-request", show_label=False, container=False)

    respond = make_respond(assistant)
    outputs = [question, chatbot, state, picker]
    limits = [scope, library_only, types, years]
    send.click(respond, [question, state, *limits], outputs, api_name="chat")
    question.submit(respond, [question, state, *limits], outputs, api_visibility="private")
    chatbot.example_select(example_text, None, question, api_visibility="private",
                           queue=False).then(respond, [question, state, *limits], outputs, api_visibility="private")
    again.click(make_ask_again(assistant), [state, *limits], outputs, api_name="ask_again")
    for control in limits:  # the box's title says which limits are set, also while it is closed
        control.change(lambda ids, only, kinds, years: gr.update(label=scope_filters.limits_title(ids, kinds, years, only)),
                       limits, limits_box, api_visibility="private", queue=False, show_progress="hidden")

    open_source = make_open_source(assistant)
    picker.change(open_source, [picker, state], [source_view, ref_id], api_visibility="private",
                  show_progress="hidden")
    request.change(request_to_key, request, picker, api_visibility="private", queue=False)
    export_btn.click(make_export(assistant), state, [export_file, export_text], api_visibility="private")

    def reset():
        return ([], [], gr.update(choices=[], value=None), viewer.EMPTY_VIEWER, "", "",
                gr.update(value=None, visible=False), gr.update(value="", visible=False))

    reset_outputs = [state, chatbot, picker, source_view, ref_id, question, export_file, export_text]
    new_chat.click(reset, None, reset_outputs, api_visibility="private", queue=False)
    chatbot.clear(reset, None, reset_outputs, api_visibility="private", queue=False)
    if demo is not None:
        demo.load(restore, state, [chatbot, picker], api_visibility="private", queue=False, show_progress="hidden")
        demo.load(lambda: gr.update(choices=scope_choices(assistant)), None, scope, api_visibility="private",
                  queue=False, show_progress="hidden")
        demo.load(lambda: (gr.update(choices=scope_filters.type_choices(_documents(assistant))),
                           gr.update(label=years_label(assistant))),
                  None, [types, years], api_visibility="private", queue=False, show_progress="hidden")
    return {"scope": scope}
