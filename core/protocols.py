"""The seams: small protocols that one setting chooses an implementation for.

- `Embedder`: sentence-transformers for ingest batches, ONNX Runtime for small calls (`store.embedder`).
- `Store`: Chroma, embedded or a server, plus the keyword index derived from it (`store.chroma`).
- `Answerer`: extractive (default) or an OpenAI-compatible LLM (`assistant.answerers`). An answerer owns
  follow-up handling (`resolve`), so the facade never asks which one it holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

from core.types import Answer, Chunk, Document, DocumentInfo, Part, Passage, Turn


@runtime_checkable
class Embedder(Protocol):
    name: str  # recorded in the store: opening it with another model is refused
    dim: int

    def embed(self, texts: list[str], *, batch_size: int | None = None) -> Any:  # (n, dim) normalised float32
        ...

    def tokenize(self, text: str) -> list[int]:  # the model's own word pieces (chunk sizes are measured in them)
        ...


class KeywordSearch(Protocol):
    def search(self, query: str, k: int) -> list[tuple[str, float]]:  # (chunk id, BM25 score), best first
        ...


@runtime_checkable
class Store(Protocol):
    server: bool

    def count(self) -> int: ...
    def cached_count(self) -> int: ...
    def chunk_ids(self) -> list[str]: ...
    def list_documents(self) -> list[DocumentInfo]: ...
    def document_hashes(self) -> dict[str, str]: ...
    def get_document(self, document_id: str) -> Document: ...
    def get_chunks(self, ids: list[str]) -> dict[str, Chunk]: ...
    def document_chunks(self, document_id: str) -> list[Chunk]: ...
    def dense(self, vector: Any, k: int, where: dict | None = None) -> list[tuple[Chunk, float]]: ...
    def keyword_index(self) -> KeywordSearch: ...
    def keyword_fresh(self) -> KeywordSearch | None: ...
    def write_documents(self, items: list[tuple[Document, list[Chunk], Any]]) -> None: ...
    def delete_document(self, document_id: str) -> bool: ...
    def repair(self) -> int: ...
    def close(self) -> None: ...


@runtime_checkable
class Answerer(Protocol):
    name: str

    def resolve(self, question: str, turns: Sequence[Turn]) -> list[str]:
        """Queries to retrieve with, the likelier first: the question, completed from earlier turns when it
        may be a follow-up. With several, the facade answers each and keeps the most confident answer."""
        ...

    def stream(self, question: str, query: str, passages: list[Passage], turns: list[Turn],
               parts: Sequence[Part] = ()) -> Iterator[str | Answer]:
        """Pieces of the answer text, then the final `Answer` last. `parts`: for a question with several
        parts, each part retrieved on its own (`passages` are then those of the whole question)."""
        ...
