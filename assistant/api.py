"""The one API under every shell (CLI, UI, evals).

    from assistant import Assistant, Settings, Turn
    with Assistant.open(Settings()) as a:
        answer = a.ask("Which bridge did UNESCO help rebuild?")
        follow = a.ask("In which year?", history=[Turn(answer.question, answer.text)])
        for piece in a.stream("What is science diplomacy?"):
            ...  # str pieces of the answer text, then the final `Answer` last

Everything returned is one of the small types in `assistant.types`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from assistant.errors import BadQuestionError, EmptyStoreError
from assistant.settings import Settings
from assistant.types import Answer, Document, DocumentInfo, IngestReport, LookupHit, Passage, Turn

History = Sequence[Turn | str]
Progress = Callable[[int, int, str], None]  # (done, total, what)


MAX_TURNS = 20  # earlier turns kept to resolve a follow-up; older ones cannot change the query
MAX_ANSWER_CHARS = 8000  # of each earlier answer (ours are at most a few sentences or a short list)


def normalise_history(history: History | None, question_chars: int = 2000) -> list[Turn]:
    """Turns, oldest first: the last `MAX_TURNS`, each question and answer cut, so that a client sending a
    huge history (the API takes it from the caller) cannot make retrieval slow or recursion deep."""
    turns = [t if isinstance(t, Turn) else Turn(str(t)) for t in (history or ())][-MAX_TURNS:]
    return [Turn(str(t.question)[:question_chars], str(t.answer)[:MAX_ANSWER_CHARS]) for t in turns]


class Assistant:
    """Owns the store (embedded Chroma or a server), the embedder and the answerers."""

    def __init__(self, settings: Settings, store, embedder) -> None:  # use Assistant.open
        from assistant.compose import ExtractiveAnswerer
        from assistant.retrieval import HybridRetriever

        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.retriever = HybridRetriever(store, embedder, settings)
        self.extractive = ExtractiveAnswerer(embedder, settings, store)
        self._llm = None
        self._write_lock = threading.Lock()  # one ingest/delete at a time in this process

    # -- lifecycle -------------------------------------------------------------------------
    @classmethod
    def open(cls, settings: Settings | None = None) -> Assistant:
        """Open (or create) the store named by `settings`. Raises an `AssistantError` with the fix."""
        from ingest.embedder import load_embedder
        from ingest.store import open_store

        settings = settings or Settings()
        embedder = load_embedder(settings.model, batch_size=settings.embed_batch_size)
        store = open_store(settings, embedder)
        return cls(settings, store, embedder)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- corpus ----------------------------------------------------------------------------
    def ingest(self, paths: Sequence[Path | str], *, progress: Progress | None = None,
               rebuild: bool = False) -> IngestReport:
        from ingest.pipeline import ingest_paths

        with self._write_lock:
            report = ingest_paths([Path(p) for p in paths], self.store, self.embedder, self.settings,
                                  progress=progress, rebuild=rebuild)
        self.retriever.invalidate()
        return report

    def delete_document(self, document_id: str) -> bool:
        with self._write_lock:
            deleted = self.store.delete_document(document_id)
        self.retriever.invalidate()
        return deleted

    def documents(self) -> list[DocumentInfo]:
        return self.store.list_documents()

    def document(self, document_id: str) -> Document:
        """The cleaned full text of a stored document (for showing a citation in context)."""
        return self.store.get_document(document_id)

    # -- questions -------------------------------------------------------------------------
    def search(self, query: str, top_k: int | None = None, mode: str | None = None) -> list[Passage]:
        """Ranked passages. `mode`: hybrid (default), dense or bm25."""
        query = self._check_question(query)[0]
        self._check_not_empty()
        return self.retriever.retrieve(query, top_k or self.settings.top_k, mode=mode)

    def ask(self, question: str, history: History | None = None) -> Answer:
        """The whole answer at once (joins `stream`)."""
        answer = None
        for piece in self.stream(question, history):
            if isinstance(piece, Answer):
                answer = piece
        assert answer is not None
        return answer

    def stream(self, question: str, history: History | None = None) -> Iterator[str | Answer]:
        """Pieces of the answer text as they are ready, then the final `Answer`."""
        from assistant.conversation import resolve_followup

        t0 = time.perf_counter()
        question, notice = self._check_question(question)
        self._check_not_empty()
        turns = normalise_history(history, self.settings.max_question_chars)
        timings: dict[str, float] = {}

        if self.settings.answerer == "llm":
            llm = self._llm_answerer()
            query = llm.condense(question, turns) if turns else question
        else:
            llm = None
            query = resolve_followup(question, turns)[:2 * self.settings.max_question_chars]
        timings["resolve_ms"] = (time.perf_counter() - t0) * 1000

        t1 = time.perf_counter()
        passages = self.retriever.retrieve(query, self.settings.top_k)
        timings["retrieve_ms"] = (time.perf_counter() - t1) * 1000

        t2 = time.perf_counter()
        answerer = llm or self.extractive
        final: Answer | None = None
        for piece in answerer.stream(question, query, passages, turns):
            if isinstance(piece, Answer):
                final = piece
            else:
                yield piece
        assert final is not None
        timings["answer_ms"] = (time.perf_counter() - t2) * 1000
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        yield _with(final, question=question, retrieval_query=query, timings_ms={**final.timings_ms, **timings},
                    notice=" ".join(n for n in (notice, final.notice) if n))

    def lookup(self, text_or_id: str, limit: int = 5) -> list[LookupHit]:
        """Where a quote or a citation id comes from, best first. Empty list: not in the corpus."""
        from assistant.citations import lookup

        text, _ = self._check_question(text_or_id, what="quote or citation id")
        return lookup(text, self.store, self.retriever, limit=limit)

    # -- helpers ---------------------------------------------------------------------------
    def _check_question(self, question: str, what: str = "question") -> tuple[str, str]:
        from assistant.textutil import sanitize_question

        if not isinstance(question, str):
            raise BadQuestionError(f"The {what} must be text.")
        cleaned = sanitize_question(question)
        if not cleaned:
            raise BadQuestionError(f"Please type a {what}: this one is empty.")
        notice = ""
        limit = self.settings.max_question_chars
        if len(cleaned) > limit:
            cleaned = cleaned[:limit].rsplit(" ", 1)[0] or cleaned[:limit]
            notice = f"Your {what} was {len(question):,} characters long; only the first {limit:,} were used."
        return cleaned, notice

    def _check_not_empty(self) -> None:
        if self.store.cached_count() == 0:
            raise EmptyStoreError(
                f"The store at {self.settings.store_label} holds no documents yet. "
                "Run `unesco-assistant ingest` to add the bundled corpus (or your own files)."
            )

    def _llm_answerer(self):
        if self._llm is None:
            from assistant.llm import LLMAnswerer

            self._llm = LLMAnswerer(self.settings, self.embedder, fallback=self.extractive)
        return self._llm


def _with(answer: Answer, **changes: object) -> Answer:
    from dataclasses import replace

    return replace(answer, **changes)
