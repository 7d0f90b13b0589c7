"""Take the answers away: one answer as plain text (the copy button), a whole conversation as Markdown.

    markdown = conversation_markdown(exchanges, meta_of)    # meta_of(document_id, title) -> DocMeta

The Markdown has one section per question; each `[n]` of an answer becomes a numbered footnote `[^k]`
(numbered through the whole conversation) whose text is the full citation label, the supporting sentence
and the citation id, so a reader can check every claim (`unesco-assistant lookup <id>`). It ends with one
BibTeX and one RIS entry per cited document (title, UNESCO, year, city). Every footnote names the document's
origin ("UNESCO library", or "uploaded 2026-11-30, file notes.txt, not part of the UNESCO library"); an upload's
BibTeX `note` and RIS `N1` say the same and it is not attributed to UNESCO.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from core.textutil import MARKER_NUMBER
from core.types import Answer, Citation
from core.provenance import origin_label
from ui.doc_labels import DocMeta, full_label, provenance_note

MetaOf = Callable[[str, str], DocMeta]


def supporting_sentence(c: Citation, limit: int = 400) -> str:
    """The sentence(s) of the passage that support the answer (the passage's start when none is marked)."""
    parts = [c.passage[max(0, s):max(0, e)] for s, e in sorted(c.support_spans) if e > s]
    text = " … ".join(p.strip() for p in parts if p.strip()) or c.passage
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def answer_plain(answer: Answer) -> str:
    """One answer as plain text with its sources below: what the copy button puts on the clipboard."""
    lines = [answer.text.strip()]
    if answer.refused:
        lines[0] = "Not answered from the documents. " + lines[0]
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            section = f", {c.section}" if c.section and c.section != c.title else ""
            origin = origin_label(getattr(c, "origin", "") or "", getattr(c, "added", "") or "")
            origin = f" ({origin})" if origin else ""
            lines.append(f"[{c.marker}] {c.title}{section}{origin}: “{supporting_sentence(c)}” "
                         f"(citation id {c.citation_id})")
    return "\n".join(lines)


def conversation_markdown(exchanges: Sequence, meta_of: MetaOf, now: datetime | None = None) -> str:
    """The conversation (objects with `.question`, `.answer`, `.error`) as Markdown with footnotes and references."""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    out = ["# Conversation with the UNESCO Assistant", "",
           f"Exported {stamp}. Each footnote gives the source, the sentence that supports the claim and its "
           "citation id (paste it in the Lookup tab, or run `unesco-assistant lookup ID`, to find it again).", ""]
    notes: list[str] = []
    cited: dict[str, DocMeta] = {}
    turn = 0
    for e in exchanges:
        answer: Answer | None = e.answer
        if answer is not None and answer.answerer == "smalltalk":  # a greeting: nothing to cite
            continue
        turn += 1
        out += [f"## {turn}. {_one_line(e.question)}", ""]
        if answer is None:
            out += [f"*No answer: {_one_line(e.error or 'the assistant returned nothing')}*", ""]
            continue
        by_marker = {c.marker: c for c in answer.citations}
        numbers: dict[int, int] = {}

        def footnote(m: re.Match, by_marker=by_marker, numbers=numbers) -> str:
            marker = int(m.group(1))
            c = by_marker.get(marker)
            if c is None:
                return m.group(0)
            if marker not in numbers:
                meta = meta_of(c.document_id, c.title)
                if not meta.origin and getattr(c, "origin", ""):  # a deleted document: what the citation knew
                    meta = replace(meta, origin=c.origin, added=c.added, source=meta.source or c.source,
                                   publisher="" if c.origin == "upload" else meta.publisher)
                cited.setdefault(meta.id, meta)
                numbers[marker] = len(notes) + 1
                origin = provenance_note(meta)
                origin = f" ({origin})" if origin else ""
                notes.append(f"[^{numbers[marker]}]: {full_label(meta, c.section)}{origin}. “{supporting_sentence(c)}” "
                             f"Citation id: `{c.citation_id}`")
            return f"[^{numbers[marker]}]"

        text = MARKER_NUMBER.sub(footnote, answer.text.strip())
        text = re.sub(r"\s+(\[\^\d+\])", r"\1", text)  # "rebuilt. [^1]" -> "rebuilt.[^1]"
        if answer.refused:
            text = "**Not answered from the documents.** " + text
        out += [text, ""]
    if notes:
        out += ["---", "", *notes, ""]
    if cited:
        docs = sorted(cited.values(), key=lambda m: (m.year or 9999, m.title))
        out += ["## References", "", "### BibTeX", "", "```bibtex", *[bibtex(m) for m in docs], "```", "",
                "### RIS", "", "```", *[ris(m) for m in docs], "```", ""]
    return "\n".join(out).rstrip() + "\n"


def bibtex(m: DocMeta) -> str:
    prefix = "upload" if m.is_upload else "unesco"
    key = re.sub(r"[^a-z0-9]+", "", f"{prefix}{m.year or ''}{(m.short_title or m.title).split(' ')[0]}".lower())
    key += "_" + re.sub(r"[^A-Za-z0-9]+", "", m.id)[-8:]
    fields = [("title", "{" + _bib(m.title) + "}")]
    if not m.is_upload:  # an upload is not a UNESCO publication: no author or publisher is claimed for it
        fields += [("author", "{" + _bib(m.publisher or "UNESCO") + "}"), ("publisher", _bib(m.publisher or "UNESCO"))]
    if m.year:
        fields.append(("year", str(m.year)))
    if m.city:
        fields.append(("address", _bib(m.city)))
    if m.doc_type:
        fields.append(("type", _bib(m.doc_type)))
    origin = provenance_note(m)
    fields.append(("note", _bib(f"{origin[0].upper() + origin[1:]}. Document id {m.id}" if origin
                                else f"Document id {m.id}")))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@misc{{{key},\n{body}\n}}"


def ris(m: DocMeta) -> str:
    lines = ["TY  - GEN", f"TI  - {_one_line(m.title)}"]
    if not m.is_upload:
        lines += [f"AU  - {m.publisher or 'UNESCO'}", f"PB  - {m.publisher or 'UNESCO'}"]
    if m.year:
        lines.append(f"PY  - {m.year}")
    if m.date:
        lines.append(f"DA  - {m.date.replace('-', '/')}")
    if m.city:
        lines.append(f"CY  - {_one_line(m.city)}")
    if m.doc_type:
        lines.append(f"M3  - {_one_line(m.doc_type)}")
    origin = provenance_note(m)
    if origin:
        lines.append(f"N1  - {_one_line(origin[0].upper() + origin[1:])}")
    lines += [f"N1  - Document id {m.id}", "ER  - "]
    return "\n".join(lines)


def _bib(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", _one_line(text))


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()
