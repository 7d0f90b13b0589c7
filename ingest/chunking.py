"""Sentence-aware chunks with overlap, each with its character span in the cleaned document text.

llama-index's SentenceSplitter does the splitting, measured in the embedding model's own word pieces so
that no chunk is longer than the model reads (all-MiniLM-L6-v2 truncates at 256). Chunks never cross a
section heading, and each carries the heading of its section.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from core.types import Chunk, Document
from ingest.clean import CleanText


def chunk_id(document_id: str, text: str, occurrence: int = 0) -> str:
    """Derived from the document and the content only: unchanged text keeps its id across re-ingests."""
    digest = hashlib.sha1(f"{document_id}\x00{text}\x00{occurrence}".encode()).hexdigest()[:16]
    return f"{document_id}:{digest}"


class Chunker:
    def __init__(self, tokenize: Callable[[str], list], chunk_size: int, chunk_overlap: int) -> None:
        from llama_index.core.node_parser import SentenceSplitter

        self.tokenize, self.chunk_size = tokenize, chunk_size
        self.splitter = SentenceSplitter(
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            tokenizer=tokenize,
            paragraph_separator="\n\n",
        )

    def _pieces(self, section_text: str):
        """The splitter's pieces, each at most `MAX_CHUNK_CHARS`; text with long runs without a space (CJK, a
        huge "word") is split window by window so the cost stays linear (see `ingest.windows`)."""
        from ingest.windows import LONG_RUN, cap, windows

        spans = windows(section_text) if LONG_RUN.search(section_text) else [(0, len(section_text))]
        for ws, we in spans:
            for piece in self.splitter.split_text(section_text[ws:we]):
                for cs, ce in cap(piece):
                    yield piece[cs:ce]

    def _spans(self, doc_id: str, section_text: str) -> list[tuple[int, int]]:
        """The splitter's pieces as (start, end) in `section_text`."""
        spans: list[tuple[int, int]] = []
        cursor = 0
        for piece in self._pieces(section_text):
            piece = piece.strip()
            if not piece:
                continue
            at = section_text.find(piece, cursor)
            if at < 0:  # the splitter re-joined whitespace: fall back to the first token's position
                at = section_text.find(piece[:40], cursor)
                piece_end = at + len(piece) if at >= 0 else -1
                if at < 0 or section_text[at:piece_end] != piece:
                    raise AssertionError(f"chunk of {doc_id} not found in its section text")
            spans.append((at, at + len(piece)))
            cursor = at + 1
        return spans

    def _keep_lead_ins(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A chunk that ends with a lead-in ("... shall:") hands it to the next chunk, so that the lead-in and
        its first item are read (and cited) together, when the next chunk still fits the model with it."""
        out = list(spans)
        for i in range(len(out) - 1):
            (a0, a1), (b0, b1) = out[i], out[i + 1]
            if a1 <= a0 or not text[a0:a1].endswith(":"):
                continue
            cut = text.rfind("\n\n", a0, a1)
            lead = cut + 2 if cut >= 0 else a0
            sentence = max(text.rfind(". ", lead, a1), text.rfind("; ", lead, a1))
            if sentence > lead:  # only the lead-in sentence moves, not its whole paragraph
                lead = sentence + 2
            if b0 <= lead or b0 > a1 + 2:  # the next chunk already holds the lead-in, or does not follow it
                continue
            if len(self.tokenize(text[lead:b1])) > self.chunk_size:
                # the next chunk gives up its tail instead, if the chunk after it starts early enough to hold it
                nxt = out[i + 2][0] if i + 2 < len(out) else None
                b1 = self._shorter_end(text, lead, b1, nxt)
                if b1 is None:
                    continue  # not avoidable: the lead-in stays where the splitter put it
            out[i] = (a0, a0 + len(text[a0:lead].rstrip())) if lead > a0 else (a0, a0)  # (a0, a0): merged away
            out[i + 1] = (lead, b1)
        return [(a, b) for a, b in out if b > a]

    def _shorter_end(self, text: str, start: int, end: int, next_start: int | None) -> int | None:
        """The latest sentence or paragraph end in (start, end) at or after `next_start` such that text[start:that]
        fits the model; None when there is none."""
        if next_start is None:
            return None
        ends = sorted({m.end() - 1 for m in re.finditer(r"[.;:!?](?=\s)", text[start:end])}, reverse=True)
        for rel in ends:
            cand = start + rel + 1
            if cand < next_start:
                break
            if len(self.tokenize(text[start:cand])) <= self.chunk_size:
                return cand
        return None

    def chunk(self, doc: Document, clean: CleanText) -> list[Chunk]:
        text = doc.text
        bounds = [0] + [start for start, _ in clean.headings if start > 0] + [len(text)]
        chunks: list[Chunk] = []
        seen: dict[str, int] = {}
        meta = doc.metadata
        year = meta.get("year", "")
        for sec_start, sec_end in zip(bounds, bounds[1:]):
            section_text = text[sec_start:sec_end]
            if not section_text.strip():
                continue
            for at, end in self._keep_lead_ins(section_text, self._spans(doc.id, section_text)):
                piece = section_text[at:end]
                start = sec_start + at
                occurrence = seen.get(piece, 0)
                seen[piece] = occurrence + 1
                chunks.append(Chunk(
                    id=chunk_id(doc.id, piece, occurrence),
                    document_id=doc.id,
                    text=piece,
                    start=start,
                    end=start + len(piece),
                    ordinal=len(chunks),
                    section=clean.section_at(start),
                    title=doc.title,
                    source=doc.source,
                    short_title=meta.get("short_title", "") or doc.title,
                    doc_type=meta.get("doc_type", ""),
                    year=int(year) if year.isdigit() else 0,
                    origin=meta.get("origin", ""),
                    city=meta.get("city", ""),
                ))
        return chunks
