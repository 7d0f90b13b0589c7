"""Sentence-aware chunks with overlap, each with its character span in the cleaned document text.

llama-index's SentenceSplitter does the splitting, measured in the embedding model's own word pieces so
that no chunk is longer than the model reads (all-MiniLM-L6-v2 truncates at 256). Chunks never cross a
section heading, and each carries the heading of its section.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from assistant.types import Chunk, Document
from ingest.clean import CleanText


def chunk_id(document_id: str, text: str, occurrence: int = 0) -> str:
    """Derived from the document and the content only: unchanged text keeps its id across re-ingests."""
    digest = hashlib.sha1(f"{document_id}\x00{text}\x00{occurrence}".encode()).hexdigest()[:16]
    return f"{document_id}:{digest}"


class Chunker:
    def __init__(self, tokenize: Callable[[str], list], chunk_size: int, chunk_overlap: int) -> None:
        from llama_index.core.node_parser import SentenceSplitter

        self.splitter = SentenceSplitter(
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            tokenizer=tokenize,
            paragraph_separator="\n\n",
        )

    def chunk(self, doc: Document, clean: CleanText) -> list[Chunk]:
        text = doc.text
        bounds = [0] + [start for start, _ in clean.headings if start > 0] + [len(text)]
        chunks: list[Chunk] = []
        seen: dict[str, int] = {}
        for sec_start, sec_end in zip(bounds, bounds[1:]):
            section_text = text[sec_start:sec_end]
            if not section_text.strip():
                continue
            cursor = 0
            for piece in self.splitter.split_text(section_text):
                piece = piece.strip()
                if not piece:
                    continue
                at = section_text.find(piece, cursor)
                if at < 0:  # the splitter re-joined whitespace: fall back to the first token's position
                    at = section_text.find(piece[:40], cursor)
                    piece_end = at + len(piece) if at >= 0 else -1
                    if at < 0 or section_text[at:piece_end] != piece:
                        raise AssertionError(f"chunk of {doc.id} not found in its section text")
                start = sec_start + at
                cursor = at + 1
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
                ))
        return chunks
