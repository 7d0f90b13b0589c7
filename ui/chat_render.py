"""Chat messages for one exchange: the question, the answer with clickable [n] markers, its sources.

All text from the question, the answer and the documents is escaped with `md_text`; the only markup in
a message is the markup written here. Markers become `<button class="cite cite-k-<turn>-<n>">` that the
page script (`ui/theme.py`) turns into "open this source in the viewer". (The key rides in a class
name because the chat's HTML sanitiser drops `data-` attributes.)
"""

from __future__ import annotations

import re

from gradio import ChatMessage

from core.textutil import MARKER_NUMBER
from core.types import Answer
from ui.escape import html_text, md_text
from ui.export import answer_plain
from ui.sources import SourceRef, refs_of, same_title_documents

SMALLTALK = "smalltalk"  # `Answer.answerer` of a reply to a greeting (no sources, nothing to copy)


def cite_class(key: str) -> str:
    """Classes of a marker button: "1:2" -> "cite cite-k-1-2" (keys are digits, "r" and ":" only)."""
    return "cite cite-k-" + html_text(key.replace(":", "-"))


def question_message(question: str) -> ChatMessage:
    """The question as typed (escaped text only; Arabic or Hebrew reads right-to-left by the theme's
    `unicode-bidi: plaintext`, the CSS form of `dir="auto"`)."""
    return ChatMessage(role="user", content=md_text(question))


def streaming_message(partial: str) -> ChatMessage:
    """The answer while it streams: plain escaped text, markers unlinked yet."""
    return ChatMessage(role="assistant", content=md_text(partial) + '<span class="cursor">▍</span>')


def error_message(text: str) -> ChatMessage:
    return ChatMessage(role="assistant", content=f'<div class="ua-error">⚠️ {md_text(text)}</div>')


def answer_messages(turn: int, answer: Answer) -> list[ChatMessage]:
    """The finished answer, then a collapsed panel with its sources (or related passages when refused)."""
    body = ""
    lang = f' lang="{html_text(answer.language)}"' if answer.language != "en" else ""
    if answer.notice:  # in the question's language for a question in another language (assistant.language)
        # The ℹ️ comes from the theme (::before): as text, its left-to-right class would decide dir="auto".
        body += f'<div class="ua-notice" dir="auto"{lang}>{md_text(answer.notice)}</div>'
    if answer.refused:
        body += ('<div class="ua-refusal" dir="auto"><strong>Not answered from the documents.</strong> '
                 f"{_answer_html(turn, answer)}</div>")
    else:
        body += _answer_html(turn, answer)  # quoted English; the theme's `unicode-bidi: plaintext` orders any script
        unsupported = sum(1 for s in answer.sentences if not s.supported)
        if unsupported:
            body += ('<div class="ua-warn">⚠️ Underlined sentences are not supported by the cited '
                     "passages: check them before relying on them.</div>")
    if answer.answerer != SMALLTALK:
        body += copy_button(answer)
    messages = [ChatMessage(role="assistant", content=body)]
    refs = refs_of(turn, answer)
    cited = [r for r in refs if r.is_citation]
    related = [r for r in refs if not r.is_citation]
    if cited:
        title = f"Sources · {len(cited)} passage{'s' if len(cited) != 1 else ''}"
        messages.append(ChatMessage(role="assistant", content=sources_html(cited),
                                    metadata={"title": title, "status": "done"}))
    if related:
        title = f"Related passages you may want to read ({len(related)}), not an answer"
        messages.append(ChatMessage(role="assistant", content=sources_html(related),
                                    metadata={"title": title, "status": "done"}))
    return messages


def copy_button(answer: Answer) -> str:
    """A "Copy" button and, hidden beside it, the answer as plain text with its sources (the page script
    copies that text). Newlines ride as character references so the Markdown renderer leaves them alone."""
    text = md_text(answer_plain(answer)).replace("\n", "&#10;")
    return ('<div class="ua-actions"><button type="button" class="ua-copy" '
            'title="Copy the answer with its sources and citation ids">Copy answer</button>'
            f'<span class="ua-copy-text">{text}</span></div>')


def origin_badge(origin: str, label: str) -> str:
    """'<span class="ua-origin ua-origin-upload">uploaded 2026-11-30</span>' ("" when the origin is unknown)."""
    if not label:
        return ""
    kind = "upload" if origin == "upload" else "library"
    return f'<span class="ua-origin ua-origin-{kind}">{md_text(label)}</span>'


def sources_html(refs: list[SourceRef]) -> str:
    """One card per source: marker, title, origin ("UNESCO library" / "uploaded 2026-11-30"), section, passage
    with its supporting sentence marked, id and file name. Documents that share a title also name their file in
    the head, so two "Science Diplomacy" cards are told apart at a glance."""
    shared = same_title_documents(refs)
    cards = []
    for r in refs:
        section = (f'<span class="ua-section"> · {md_text(r.section)}</span>'
                   if r.section and r.section.strip() != r.title.strip() else "")
        file = (f'<span class="ua-section"> · {md_text(r.source)}</span>'
                if r.title.casefold() in shared and r.source else "")
        cards.append(
            '<div class="ua-src">'
            f'<div class="ua-src-head"><button type="button" class="{cite_class(r.key)}" '
            f'title="Open in the source viewer">{md_text(r.label)}</button> '
            f"<strong>{md_text(r.title)}</strong> {origin_badge(r.origin, r.origin_label)}{file}{section}</div>"
            f'<div class="ua-passage">{marked_passage(r.passage, r.marks)}</div>'
            f'<div class="ua-id">{"Citation id" if r.is_citation else "Passage id"}: '
            f"<code>{md_text(r.ref_id)}</code> · {md_text(r.source)}</div>"
            "</div>"
        )
    return "".join(cards)


def marked_passage(passage: str, spans: tuple[tuple[int, int], ...], mark_class: str = "") -> str:
    """Escaped passage with the given spans wrapped in <mark>; newlines as <br> (keeps one HTML block)."""
    out, pos = [], 0
    cls = f' class="{mark_class}"' if mark_class else ""
    for start, end in sorted((max(0, s), min(len(passage), e)) for s, e in spans):
        if start < pos or end <= start:
            continue
        out += [_lines(passage[pos:start]), f"<mark{cls}>{_lines(passage[start:end])}</mark>"]
        pos = end
    out.append(_lines(passage[pos:]))
    return "".join(out)


def _lines(text: str) -> str:
    return re.sub(r"\n+", "<br>", md_text(text))


def _answer_html(turn: int, answer: Answer) -> str:
    """Answer text, escaped, with markers linked and unsupported sentences underlined."""
    text = answer.text
    known = {c.marker for c in answer.citations}
    spans: list[tuple[int, int, bool]] = []
    cursor = 0
    for s in answer.sentences:
        at = text.find(s.text, cursor) if s.text else -1
        if at < 0:
            continue
        cursor = at + len(s.text)
        spans.append((at, cursor, s.supported))
    # A sentence's own text is quoted data: a "[2]" inside it is shown as text, never linked. Only the markers
    # the answerer placed between sentences are buttons (issue: citation spoofing from document text).
    out, pos = [], 0
    for start, end, supported in spans:
        out.append(_with_markers(turn, text[pos:start], known))
        quoted = _lines(text[start:end])
        out.append(quoted if supported else
                   f'<span class="ua-unsupported" title="Not supported by the cited passages">{quoted}</span>')
        pos = end
    out.append(_with_markers(turn, text[pos:], known))
    return "".join(out)


def _with_markers(turn: int, text: str, known: set[int]) -> str:
    out, pos = [], 0
    for m in MARKER_NUMBER.finditer(text):
        n = int(m.group(1))
        if n not in known:
            continue
        out.append(_lines(text[pos:m.start()]))
        out.append(f'<button type="button" class="{cite_class(f"{turn}:{n}")}" '
                   f'title="Open source {n} in the viewer">[{n}]</button>')
        pos = m.end()
    out.append(_lines(text[pos:]))
    return "".join(out)
