"""HTML for the source viewer (a passage in the context of its document) and for lookup hits.

Every piece of document text is escaped with `html_text`; the markup is ours. The viewer marks the
cited passage (`.ua-passage-in-doc`) and its supporting sentence (`<mark>`); the page script scrolls
the passage into view whenever the viewer changes.
"""

from __future__ import annotations

from core.provenance import origin_label
from core.types import Document, LookupHit
from ui.doc_labels import meta_from_document
from ui.escape import html_text
from ui.sources import SourceRef

CONTEXT_CHARS = 6000  # document text shown on each side of the passage

EMPTY_VIEWER = (
    '<div class="ua-viewer ua-viewer-empty"><p><strong>Source viewer</strong></p>'
    "<p>Ask a question, then click a marker such as <span class=\"cite-sample\">[1]</span> in the answer "
    "(or pick a source above) to read the passage where it stands in its document.</p></div>"
)


def viewer_html(ref: SourceRef, doc: Document | None) -> str:
    """The passage highlighted in its document, or the passage alone when the document is unavailable."""
    kind = "Citation" if ref.is_citation else "Related passage"
    about = [ref.source]
    origin, added = ref.origin, ref.added
    if doc is not None:
        meta = meta_from_document(doc)
        origin, added = meta.origin or origin, meta.added or added
        about = [x for x in (meta.doc_type, ", ".join(x for x in (meta.city, str(meta.year or "")) if x)) if x]
        if meta.is_upload or not about:  # an upload is named by its file, as the user had it
            about.append(meta.file_name or ref.source)
    if ref.section and ref.section != ref.title:
        about.append(ref.section)
    head = (
        '<div class="ua-viewer-head">'
        f'<div class="ua-viewer-label">{kind} {html_text(ref.label)}</div>'
        f'<div class="ua-viewer-title">{html_text(ref.title)} {origin_html(origin, added)}</div>'
        f'<div class="ua-viewer-meta">{" · ".join(html_text(a) for a in about)}</div></div>'
    )
    start = _locate(ref, doc)
    if doc is None or start is None:
        note = ("The full document is not available, so the passage is shown on its own."
                if doc is None else "The passage could not be located in the stored document text.")
        body = f'<div class="ua-doc-text"><p class="ua-viewer-note">{note}</p>' \
               f'<div class="ua-passage-in-doc">{_marked(ref.passage, ref.marks)}</div></div>'
        return f'<div class="ua-viewer">{head}{body}</div>'

    end = start + len(ref.passage)
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(doc.text), end + CONTEXT_CHARS)
    before = ("<span class=\"ua-omitted\">[… earlier text omitted …]</span>\n" if lo > 0 else "") + \
        html_text(doc.text[lo:start])
    after = html_text(doc.text[end:hi]) + \
        ("\n<span class=\"ua-omitted\">[… later text omitted …]</span>" if hi < len(doc.text) else "")
    body = (f'<div class="ua-doc-text">{before}<span class="ua-passage-in-doc">'
            f"{_marked(ref.passage, ref.marks)}</span>{after}</div>")
    return f'<div class="ua-viewer">{head}{body}</div>'


def origin_html(origin: str, added: str = "") -> str:
    """The origin badge: "UNESCO library" or "uploaded 2026-11-30" ("" when the store does not say)."""
    label = origin_label(origin or "", added or "")
    if not label:
        return ""
    kind = "upload" if origin == "upload" else "library"
    return f'<span class="ua-origin ua-origin-{kind}">{html_text(label)}</span>'


def lookup_html(query: str, hits: list[LookupHit]) -> str:
    if not hits:
        shown = _clip(" ".join(query.split()), 200)
        end = "" if shown.endswith((".", "!", "?", "…")) else "."
        return ('<div class="ua-lookup-none">Not found in the stored documents: no passage matches '
                f"<q>{html_text(shown)}</q>{end}</div>")
    cards = []
    for rank, h in enumerate(hits, start=1):
        quality = "exact match" if h.score >= 0.999 else f"similarity {h.score:.2f}"
        section = f" · {html_text(h.section)}" if h.section and h.section.strip() != h.title.strip() else ""
        cards.append(
            '<div class="ua-hit">'
            f'<div class="ua-hit-head"><span class="ua-rank">#{rank}</span> '
            f"<strong>{html_text(h.title)}</strong> "
            f'{origin_html(getattr(h, "origin", ""), getattr(h, "added", ""))}{section}'
            f'<span class="ua-score">{quality}</span></div>'
            f'<div class="ua-hit-context">…{html_text(h.context_before)}<mark>{html_text(h.match)}</mark>'
            f"{html_text(h.context_after)}…</div>"
            f'<div class="ua-id">{html_text(h.source)} · characters {h.start:,}–{h.end:,}'
            + (f" · passage id <code>{html_text(h.chunk_id)}</code>" if h.chunk_id else "")
            + "</div></div>"
        )
    return "".join(cards)


def _locate(ref: SourceRef, doc: Document | None) -> int | None:
    """Where the passage starts in the document text (its stored span, else the nearest match)."""
    if doc is None or not ref.passage:
        return None
    if doc.text[ref.start:ref.start + len(ref.passage)] == ref.passage:
        return ref.start
    at = doc.text.find(ref.passage, max(0, ref.start - 2000))
    if at < 0:
        at = doc.text.find(ref.passage)
    return at if at >= 0 else None


def _marked(passage: str, spans: tuple[tuple[int, int], ...]) -> str:
    out, pos = [], 0
    for start, end in sorted((max(0, s), min(len(passage), e)) for s, e in spans):
        if start < pos or end <= start:
            continue
        out += [html_text(passage[pos:start]), f"<mark>{html_text(passage[start:end])}</mark>"]
        pos = end
    out.append(html_text(passage[pos:]))
    return "".join(out)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
