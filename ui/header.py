"""The page header: what the library holds ("81 UNESCO documents · 79 legal instruments, 1 web page, …").

It names the documents by their kind (from the document metadata: `doc_type`, `origin`), never a path.
Documents without that metadata (an older store) are simply counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ui.escape import html_text

# Kinds of UNESCO legal instrument (corpus/library.json "type"): counted together as "legal instruments".
INSTRUMENT_TYPES = {"agreement", "charter", "constitution", "convention", "declaration", "protocol",
                    "recommendation"}


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n:,} {word if word.endswith('s') else word + 's'}"


def library_summary(documents: Iterable) -> str:
    """'81 UNESCO documents · 79 legal instruments, 1 web page, 1 policy brief' (uploads counted apart)."""
    docs = list(documents)
    if not docs:
        return "no documents yet"
    kinds: Counter[str] = Counter()
    uploads = 0
    for d in docs:
        if (getattr(d, "origin", "") or "") == "upload":
            uploads += 1
            continue
        kind = (getattr(d, "doc_type", "") or "").strip()
        if not kind:
            continue
        kinds["legal instrument" if kind.casefold() in INSTRUMENT_TYPES else kind.casefold()] += 1
    library = len(docs) - uploads
    if not kinds and not uploads:  # no metadata: just the count
        return _plural(len(docs), "document")
    parts = [f"{_plural(n, kind)}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
    head = _plural(library, "UNESCO document") if library else ""
    if uploads:
        parts.append(_plural(uploads, "uploaded file"))
        if not library:
            return _plural(uploads, "uploaded document")
    return f"{head} · {', '.join(parts)}" if parts else head


def header_html(assistant, answerer: str) -> str:
    try:
        holds = library_summary(assistant.documents())
    except Exception:  # noqa: BLE001 - the header must render even when the store is unwell
        holds = "the store is unavailable right now"
    mode = ("answers quoted from the documents" if answerer == "extractive"
            else "answers written by a language model, checked against the documents")
    return (
        "<h1>UNESCO Assistant</h1>"
        f'<p>Cited answers from <span id="ua-holds">{html_text(holds)}</span> · {html_text(mode)}.</p>'
    )
