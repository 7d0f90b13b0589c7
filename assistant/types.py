"""Small typed objects that cross module boundaries.

Library types (llama-index nodes, Chroma results) never leave `ingest/` and the retrieval code:
everything the CLI, the UI and the evals see is one of these frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """A source document after loading and cleaning."""

    id: str
    title: str
    source: str  # file name (relative to the ingested root when there is one)
    format: str  # txt, md, html, pdf, docx
    text: str  # cleaned full text; chunk spans index into it
    content_hash: str  # hash of the cleaned text, used for incremental ingest
    metadata: dict[str, str] = field(default_factory=dict)  # publisher, kind, year...


@dataclass(frozen=True)
class Chunk:
    """A citable passage of a document."""

    id: str  # derived from document id + content: stable across re-ingests
    document_id: str
    text: str
    start: int  # character span in the document's cleaned text
    end: int
    ordinal: int
    section: str = ""
    title: str = ""
    source: str = ""


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its scores and rank (1-based)."""

    chunk: Chunk
    score: float  # fused score used for ranking
    dense_score: float | None = None  # cosine similarity
    keyword_score: float | None = None  # BM25
    rank: int = 0


@dataclass(frozen=True)
class Citation:
    """One numbered source of an answer."""

    marker: int  # n in "[n]"
    citation_id: str  # resolvable later with `lookup`
    document_id: str
    title: str
    section: str
    source: str
    passage: str  # the chunk text
    passage_start: int  # chunk span in the document text
    passage_end: int
    support_spans: tuple[tuple[int, int], ...]  # spans of the supporting sentence(s) in `passage`
    support_score: float


@dataclass(frozen=True)
class AnswerSentence:
    text: str
    markers: tuple[int, ...]
    supported: bool
    support_score: float


@dataclass(frozen=True)
class Answer:
    question: str  # as asked
    text: str  # with inline [n] markers
    citations: tuple[Citation, ...]
    refused: bool
    sentences: tuple[AnswerSentence, ...] = ()
    related: tuple[Passage, ...] = ()  # offered as reading when refused
    retrieval_query: str = ""  # question after follow-up resolution
    answerer: str = "extractive"
    timings_ms: dict[str, float] = field(default_factory=dict)
    notice: str = ""  # e.g. "question truncated to 2,000 characters"


@dataclass(frozen=True)
class LookupHit:
    """Where a quote or citation id comes from."""

    document_id: str
    title: str
    source: str
    section: str
    start: int  # span of the match in the document's cleaned text
    end: int
    score: float  # 1.0 = exact (after normalisation)
    context_before: str
    match: str
    context_after: str
    chunk_id: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str
    source: str
    format: str
    chunks: int
    ingested_at: str  # ISO 8601, UTC
    content_hash: str = ""


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    chunks_written: int = 0
    seconds: float = 0.0
    repaired: int = 0  # stale chunks removed from an interrupted earlier run


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation: the user's question and the answer text shown."""

    question: str
    answer: str = ""
