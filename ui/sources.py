"""What the UI can open in its source viewer: an answer's citations and, after a refusal, related passages.

A `SourceRef` is the UI's own view of either, in document coordinates, so the viewer, the sources
panel and the picker treat both the same way. Keys are stable within a conversation: `"<turn>:<n>"`
for citation [n] of that turn's answer, `"<turn>:r<k>"` for its k-th related passage.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.provenance import origin_label
from core.types import Answer, Citation, Passage


@dataclass(frozen=True)
class SourceRef:
    key: str
    label: str  # "[1]" or "R1"
    document_id: str
    title: str
    section: str
    source: str
    passage: str
    start: int  # passage span in the document's cleaned text
    end: int
    marks: tuple[tuple[int, int], ...]  # spans to highlight, relative to `passage`
    ref_id: str  # citation id (or chunk id for a related passage)
    is_citation: bool
    origin: str = ""  # "library" | "upload" ("" in a store written before origins were recorded)
    added: str = ""  # when an upload was added (ISO 8601)

    @property
    def origin_label(self) -> str:
        """"UNESCO library", "uploaded 2026-11-30", or "" when unknown (`core.provenance.origin_label`)."""
        return origin_label(self.origin, self.added)


def from_citation(turn: int, c: Citation) -> SourceRef:
    return SourceRef(
        key=f"{turn}:{c.marker}", label=f"[{c.marker}]", document_id=c.document_id, title=c.title,
        section=c.section, source=c.source, passage=c.passage, start=c.passage_start,
        end=c.passage_end, marks=tuple(c.support_spans), ref_id=c.citation_id, is_citation=True,
        origin=getattr(c, "origin", "") or "", added=getattr(c, "added", "") or "",
    )


def from_passage(turn: int, k: int, p: Passage) -> SourceRef:
    ch = p.chunk
    return SourceRef(
        key=f"{turn}:r{k}", label=f"R{k}", document_id=ch.document_id, title=ch.title or ch.source,
        section=ch.section, source=ch.source, passage=ch.text, start=ch.start, end=ch.end, marks=(),
        ref_id=ch.id, is_citation=False, origin=getattr(ch, "origin", "") or "", added=getattr(ch, "added", "") or "",
    )


def refs_of(turn: int, answer: Answer) -> list[SourceRef]:
    """The openable sources of one answer: its citations, then (when refused) its related passages."""
    refs = [from_citation(turn, c) for c in answer.citations]
    refs += [from_passage(turn, k, p) for k, p in enumerate(answer.related, start=1)]
    return refs


def find(answers: list[Answer], key: str) -> SourceRef | None:
    turn_text, _, _ = (key or "").partition(":")
    if not turn_text.isdigit() or not 0 <= int(turn_text) < len(answers):
        return None
    turn = int(turn_text)
    return next((r for r in refs_of(turn, answers[turn]) if r.key == key), None)


def picker_choices(answers: list[Answer]) -> list[tuple[str, str]]:
    """(label, key) pairs for the viewer's picker, the latest answer first. An upload says so ("uploaded
    2026-11-30"); documents that share a title are told apart by their file names."""
    refs = [(turn, r) for turn in range(len(answers) - 1, -1, -1) for r in refs_of(turn, answers[turn])]
    shared = same_title_documents(r for _, r in refs)
    choices: list[tuple[str, str]] = []
    for turn, r in refs:
        prefix = f"Q{turn + 1} · " if len(answers) > 1 else ""
        name = distinct_name(r, shared, 48)
        choices.append((_clip(f"{prefix}{r.label} {name} · “{snippet(r)}”", 150), r.key))
    return choices


def same_title_documents(refs) -> set[str]:
    """Titles (case-folded) that more than one document among `refs` has."""
    docs_by_title: dict[str, set[str]] = {}
    for r in refs:
        docs_by_title.setdefault(r.title.casefold(), set()).add(r.document_id)
    return {t for t, ids in docs_by_title.items() if len(ids) > 1}


def distinct_name(ref: SourceRef, shared_titles: set[str] = frozenset(), width: int = 80) -> str:
    """The title, with "(uploaded 2026-11-30)" for an upload and, when another document has the same title, its
    origin and file name: "Science Diplomacy (UNESCO library, 000_ba9ac47ce8679b22.txt)"."""
    title = _clip(ref.title, width)
    if ref.title.casefold() in shared_titles:
        about = ", ".join(x for x in (ref.origin_label, ref.source) if x)
        return f"{title} ({about})" if about else title
    if ref.origin == "upload":
        return f"{title} ({ref.origin_label})"
    return title


def snippet(ref: SourceRef, n: int = 60) -> str:
    """The first words of what a source shows (its supporting sentence, else the passage): the part that
    tells two sources of one document apart in the picker."""
    spans = sorted((s, e) for s, e in ref.marks if e > s)
    text = ref.passage[spans[0][0]:spans[0][1]] if spans else ref.passage
    return _clip(" ".join(text.split()), n)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
