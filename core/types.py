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
    # Bibliographic metadata, all strings: short_title, doc_type, year ("" = unknown), date, city, publisher,
    # origin ("library" | "upload"), aliases ("; "-joined), plus any columns a CSV spec maps (state, region...).
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def short_title(self) -> str:
        return self.metadata.get("short_title", "") or self.title

    @property
    def year(self) -> int:
        y = self.metadata.get("year", "")
        return int(y) if y.isdigit() else 0

    @property
    def aliases(self) -> tuple[str, ...]:
        return split_aliases(self.metadata.get("aliases", ""))

    @property
    def origin(self) -> str:
        """"library" | "upload" ("" when not recorded); see `core.provenance`."""
        return self.metadata.get("origin", "")

    @property
    def added(self) -> str:
        """When an upload was added (ISO 8601, UTC); "" for the library."""
        return self.metadata.get("added", "")


ALIAS_SEPARATOR = "; "


def split_aliases(joined: str) -> tuple[str, ...]:
    """Aliases as stored (one string, "; "-joined, because Chroma metadata values are scalars)."""
    return tuple(a.strip() for a in joined.split(ALIAS_SEPARATOR.strip()) if a.strip())


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
    short_title: str = ""
    doc_type: str = ""  # Convention, Recommendation, ..., web page; "" when unknown
    year: int = 0  # 0 = unknown
    origin: str = ""  # "library" | "upload"
    city: str = ""  # where the instrument was adopted (for the full citation label)
    added: str = ""  # when an upload was added (ISO 8601, UTC); "" for the library (core.provenance)


@dataclass(frozen=True)
class Scope:
    """Which documents a question may be answered from; every field empty means the whole store.

    `documents` holds document ids (the facade resolves aliases such as "the 1970 Convention" to ids), `types`
    the instrument types ("Convention", "Recommendation", ...), `years` the years of adoption, `origin`
    "library" to leave uploads out."""

    documents: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    origin: str = ""

    def __bool__(self) -> bool:
        return bool(self.documents or self.types or self.years or self.origin)


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its scores and rank (1-based)."""

    chunk: Chunk
    score: float  # fused score used for ranking
    dense_score: float | None = None  # cosine similarity
    keyword_score: float | None = None  # BM25
    rank: int = 0


@dataclass(frozen=True)
class Part:
    """One part of a question with several ("When and where ...?", "What do A and B each ...?"), retrieved on
    its own: the part as a question, the query it was retrieved with, and its passages."""

    question: str
    query: str
    passages: tuple[Passage, ...]
    document: str = ""  # the document this part is about, when the parts come from the documents it names


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
    origin: str = ""  # "library" | "upload"; shown with `core.provenance.origin_label(origin, added)`
    added: str = ""


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
    confidence: float | None = None  # the answerer's confidence that the chosen sentences answer the question
    reason: str = ""  # why it was refused ("" when answered)
    signals: dict[str, float] = field(default_factory=dict)  # what the confidence was computed from
    focus_documents: tuple[str, ...] = ()  # ids of the documents the question (or its conversation) names
    language: str = "en"  # the question's language (ISO 639-1, `assistant.language`); answers quote English text


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
    origin: str = ""  # "library" | "upload"; shown with `core.provenance.origin_label(origin, added)`
    added: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str
    source: str
    format: str
    chunks: int
    ingested_at: str  # ISO 8601, UTC
    content_hash: str = ""
    short_title: str = ""  # the fields below default to empty for stores written before they existed
    doc_type: str = ""
    year: int = 0  # 0 = unknown
    origin: str = ""
    city: str = ""
    aliases: tuple[str, ...] = ()
    added: str = ""  # an upload's provenance (core.provenance): when, by which login, its original file name
    added_by: str = ""
    original_name: str = ""


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
    removed_lines: dict[str, int] = field(default_factory=dict)  # lines cleaning removed, per named rule
    warnings: list[str] = field(default_factory=list)  # e.g. a library.json entry that could not be used


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation: the user's question, the answer text shown, and the documents that
    answer cited (`cited_documents`; none for a refusal), which a follow-up that names none carries on with."""

    question: str
    answer: str = ""
    documents: tuple[str, ...] = ()


def cited_documents(answer: Answer) -> tuple[str, ...]:
    """The documents an answer cites, in order of first citation; none for a refusal (its related passages are
    offered as reading, not as an answer)."""
    return () if answer.refused else tuple(dict.fromkeys(c.document_id for c in answer.citations))


def answer_to_dict(answer: Answer) -> dict:
    """An answer as plain JSON-ready data (the CLI's `ask --json` and the UI's `/ask` API both return this)."""
    from dataclasses import asdict

    return {
        "question": answer.question,
        "text": answer.text,
        "refused": answer.refused,
        "reason": answer.reason,
        "confidence": answer.confidence,
        "notice": answer.notice,
        "retrieval_query": answer.retrieval_query,
        "focus_documents": list(answer.focus_documents),
        "documents": list(cited_documents(answer)),  # pass back in a follow-up's history ([question, text, documents])
        "answerer": answer.answerer,
        "citations": [asdict(c) for c in answer.citations],
        "sentences": [asdict(s) for s in answer.sentences],
        "related": [{"chunk_id": p.chunk.id, "document_id": p.chunk.document_id, "title": p.chunk.title,
                     "section": p.chunk.section, "source": p.chunk.source, "passage": p.chunk.text,
                     "score": p.score} for p in answer.related],
        "timings_ms": dict(answer.timings_ms),
    }

