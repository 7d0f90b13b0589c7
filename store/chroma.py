"""The Store seam: chunks and embeddings in Chroma (embedded or a server), plus the BM25 index.

Two Chroma collections: `<name>` holds the chunks (text, embedding, span, section...) and `<name>-docs`
holds one record per document (cleaned full text, hash, chunk count). Writing a document is crash-safe:

1. upsert the new chunks (their ids derive from content, each tagged with the document's content hash);
2. upsert the document record with the new hash: this is the commit point;
3. delete the document's chunks whose hash is not the record's.

`repair()` (run before every ingest) deletes chunks that no committed record owns, and drops records whose
chunks are incomplete, so a run killed at any moment and run again leaves exactly a clean ingest. The keyword
index is derived from Chroma by fingerprint (see `store.keyword`), so it always agrees.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

from core.errors import (
    ModelMismatchError,
    NotFoundError,
    StoreCorruptError,
    StoreLockedError,
    StoreUnavailableError,
)
from core.settings import Settings
from core.types import Chunk, Document, DocumentInfo, split_aliases
from store.keyword import KeywordIndex, fingerprint

LAYOUT = 1
# HNSW search breadth. 100 gave recall@10 0.96 on the legal instruments and 0.90 on the 100,000-chunk benchmark
# store against exact search; 400 gives 0.999 and 0.97 for ~2.5 ms more per query (docs/results/performance).
EF_SEARCH = 400
_CHUNK_FIELDS = ("doc_id", "doc_hash", "start", "end", "ordinal", "section", "title", "source", "short_title",
                 "doc_type", "year", "origin", "city")


def _server_errors() -> tuple[type[BaseException], ...]:
    import httpx

    return (httpx.HTTPError, ConnectionError, TimeoutError)


class StoreLock:
    """An exclusive lock on an embedded store folder, released by the OS if the process dies."""

    def __init__(self, store_dir: Path) -> None:
        self.path = store_dir / ".lock"
        self.fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise StoreLockedError(
                f"The store at {self.path.parent} is in use by another process (pid {holder}). An embedded store "
                f"has one owner: stop that process, or serve the store with `chroma run --path "
                f"{self.path.parent / 'chroma'} --port 8000` and use `--chroma-url http://127.0.0.1:8000` everywhere."
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


class ChromaStore:
    def __init__(self, settings: Settings, embedder_name: str, dim: int, *, rebuild: bool = False) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.settings = settings
        self.embedder_name = embedder_name
        self.server = settings.chroma_url is not None
        self.label = settings.store_label
        self._lock: StoreLock | None = None
        self._kw: KeywordIndex | None = None
        self._kw_lock = threading.Lock()
        self._count: int | None = None  # see cached_count
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if self.server:
                url = urlparse(settings.chroma_url)
                self.client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1", port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https", settings=chroma_settings)
                self.client.heartbeat()
                key = hashlib.sha1(f"{settings.chroma_url}|{settings.collection}".encode()).hexdigest()[:16]
                from platformdirs import user_cache_dir

                self.cache_dir = Path(user_cache_dir("unesco-assistant", appauthor=False)) / "bm25" / key
            else:
                self._open_folder(settings.store_dir, rebuild)
                path = settings.store_dir / "chroma"
                try:
                    self.client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
                except Exception:
                    if not rebuild:
                        raise
                    import shutil  # unreadable and asked to rebuild: start the Chroma folder afresh

                    shutil.rmtree(path, ignore_errors=True)
                    self.client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
                self.cache_dir = settings.store_dir / "bm25"
        except _server_errors() as e:
            raise self._unavailable(e) from e
        except (StoreLockedError, StoreCorruptError):
            self.close()
            raise
        except Exception as e:  # chroma raises bare exceptions for a damaged sqlite/HNSW folder
            self.close()
            if self.server:
                raise self._unavailable(e) from e
            if _is_permission_problem(e):
                raise _permission_error(settings.store_dir, e) from e
            raise StoreCorruptError(
                f"The store at {settings.store_dir} cannot be opened ({type(e).__name__}: {e}). It may be corrupt: "
                f"move it away, or rebuild it with `unesco-assistant ingest --rebuild --store {settings.store_dir}`."
            ) from e
        try:
            self._guard(self._open_collections, rebuild, dim)
            if not self.server:  # one owner (the lock): finish or undo what a killed ingest left half-written
                self._repair_if_inconsistent()
        except Exception as e:
            self.close()
            if not self.server and _is_permission_problem(e):
                raise _permission_error(settings.store_dir, e) from e
            raise
        except BaseException:
            self.close()
            raise

    def _repair_if_inconsistent(self) -> int:
        """Repair on open, not only before an ingest: a store whose chunk count is not the sum of its document
        records' counts holds chunks of an interrupted write (a record is committed only after all its chunks,
        so a consistent store always has equal counts). Costs one read of the records when consistent."""
        records = self._guard(self.docs.get, include=["metadatas"])["metadatas"] or []
        if self.count() == sum(int(m.get("chunks", 0)) for m in records):
            return 0
        return self.repair()

    # -- opening ---------------------------------------------------------------------------
    def _open_folder(self, store_dir: Path, rebuild: bool) -> None:
        store_dir.mkdir(parents=True, exist_ok=True)
        self._lock = StoreLock(store_dir)
        self._lock.acquire()
        marker = store_dir / "store.json"
        contents = {p.name for p in store_dir.iterdir()} - {".lock"}
        if rebuild:  # the collections are emptied through the client (see _open_collections)
            marker.unlink(missing_ok=True)
        elif contents and not marker.exists():
            raise StoreCorruptError(
                f"The folder {store_dir} is not a unesco-assistant store, or is from an older layout. Choose another "
                f"--store, or replace it with `unesco-assistant ingest --rebuild --store {store_dir}`."
            )
        elif marker.exists():
            try:
                layout = json.loads(marker.read_text()).get("layout")
            except (OSError, ValueError, AttributeError) as e:
                raise StoreCorruptError(f"{marker} is unreadable; rebuild with `unesco-assistant ingest --rebuild`.") from e
            if layout != LAYOUT:
                raise StoreCorruptError(
                    f"The store at {store_dir} uses layout {layout}; this version reads layout {LAYOUT}. Rebuild it "
                    f"with `unesco-assistant ingest --rebuild --store {store_dir}`."
                )
        if not marker.exists():
            marker.write_text(json.dumps({"layout": LAYOUT, "created_at": _now()}))

    def _open_collections(self, rebuild: bool, dim: int) -> None:
        name, docs_name = self.settings.collection, f"{self.settings.collection}-docs"
        if rebuild:
            import shutil

            shutil.rmtree(self.cache_dir, ignore_errors=True)
            for n in (name, docs_name):
                try:
                    self.client.delete_collection(n)
                except Exception:  # absent: nothing to delete
                    pass
        self.chunks = self.client.get_or_create_collection(
            name, embedding_function=None,
            metadata={"embedding_model": self.embedder_name, "dim": dim, "layout": LAYOUT},
            configuration={"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": EF_SEARCH}},
        )
        self._tune_search()
        model = (self.chunks.metadata or {}).get("embedding_model")
        if model != self.embedder_name:
            raise ModelMismatchError(
                f"The store at {self.label} was built with the embedding model {model!r}, not {self.embedder_name!r}; "
                f"querying it with another model would return nonsense. Use `--model {model}` (or "
                f"UNESCO_ASSISTANT_MODEL), or rebuild it with `unesco-assistant ingest --rebuild`."
            )
        self.docs = self.client.get_or_create_collection(
            docs_name, embedding_function=None, metadata={"layout": LAYOUT},
            configuration={"hnsw": {"space": "l2"}},
        )
        self.max_batch = max(1, min(self.client.get_max_batch_size(), 5000))
        self._count = None

    def _tune_search(self) -> None:
        """Stores created with a smaller ef_search get the current one (a search-time setting: no rebuild)."""
        try:
            current = ((self.chunks.configuration_json or {}).get("hnsw") or {}).get("ef_search")
            if current is not None and current < EF_SEARCH:
                self.chunks.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})
        except Exception:  # an older server without configuration updates: keep its setting
            pass

    def _unavailable(self, e: BaseException) -> StoreUnavailableError:
        return StoreUnavailableError(
            f"Cannot reach the Chroma server at {self.settings.chroma_url} ({type(e).__name__}). Start it with "
            f"`chroma run --path DIR --host 127.0.0.1 --port PORT`, check --chroma-url, and try again."
        )

    def _guard(self, fn, *args, **kwargs):
        """Run a Chroma call; a server that went away becomes a clear, retryable error."""
        try:
            return fn(*args, **kwargs)
        except _server_errors() as e:
            raise self._unavailable(e) from e
        except Exception as e:
            if self.server and "connect" in str(e).lower():
                raise self._unavailable(e) from e
            raise

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            try:
                client.close()  # releases chroma's cached system for this path (its files, its threads)
            except Exception:  # closing must never fail the caller; a dead server is fine here
                pass
            self.client = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- reads -----------------------------------------------------------------------------
    def count(self) -> int:
        return self._guard(self.chunks.count)

    def cached_count(self) -> int:
        """The chunk count for the question path. Chroma counts in O(chunks) (13 ms at 100,000 chunks, 40 ms
        p95 on a busy CPU, twice per question); an embedded store has one owner, whose own writes reset this.
        A server store may have other writers: it asks Chroma every time."""
        if self.server:
            return self.count()
        n = self._count
        if n is None:
            n = self._count = self.count()
        return n

    def list_documents(self) -> list[DocumentInfo]:
        res = self._guard(self.docs.get, include=["metadatas"])
        out = [_to_info(i, m) for i, m in zip(res["ids"], res["metadatas"])]
        return sorted(out, key=lambda d: d.source.casefold())

    def document_hashes(self) -> dict[str, str]:
        res = self._guard(self.docs.get, include=["metadatas"])
        return {i: m.get("content_hash", "") for i, m in zip(res["ids"], res["metadatas"])}

    def get_document(self, document_id: str) -> Document:
        res = self._guard(self.docs.get, ids=[document_id], include=["documents", "metadatas"])
        if not res["ids"]:
            raise NotFoundError(f"No document {document_id!r} in the store; `unesco-assistant documents` lists them.")
        m, text = res["metadatas"][0], res["documents"][0]
        extra = {k[5:]: str(v) for k, v in m.items() if k.startswith("meta_")}
        return Document(id=document_id, title=m.get("title", ""), source=m.get("source", ""),
                        format=m.get("format", ""), text=text, content_hash=m.get("content_hash", ""), metadata=extra)

    def get_chunks(self, ids: list[str]) -> dict[str, Chunk]:
        if not ids:
            return {}
        res = self._guard(self.chunks.get, ids=list(ids), include=["documents", "metadatas"])
        return {i: _to_chunk(i, t, m) for i, t, m in zip(res["ids"], res["documents"], res["metadatas"])}

    def document_chunks(self, document_id: str) -> list[Chunk]:
        res = self._guard(self.chunks.get, where={"doc_id": document_id}, include=["documents", "metadatas"])
        chunks = [_to_chunk(i, t, m) for i, t, m in zip(res["ids"], res["documents"], res["metadatas"])]
        return sorted(chunks, key=lambda c: c.ordinal)

    def dense(self, vector, k: int, where: dict | None = None) -> list[tuple[Chunk, float]]:
        """The k nearest chunks, optionally only those whose metadata match Chroma's `where` filter."""
        n = self.cached_count()
        if n == 0:
            return []
        res = self._guard(self.chunks.query, query_embeddings=[vector], n_results=min(k, n), where=where or None,
                          include=["documents", "metadatas", "distances"])
        return [(_to_chunk(i, t, m), 1.0 - float(d))
                for i, t, m, d in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0])]

    def keyword(self, query: str, k: int) -> list[tuple[str, float]]:
        return self.keyword_index().search(query, k)

    def keyword_index(self) -> KeywordIndex:
        """The BM25 index, rebuilt from Chroma if it no longer matches it."""
        with self._kw_lock:
            ids = self.chunk_ids()
            fp = fingerprint(ids)
            if self._kw is not None and self._kw.fingerprint == fp:
                return self._kw
            kw = KeywordIndex.load(self.cache_dir, fp)
            if kw is None:
                kw = self._build_keyword(ids)
                kw.save(self.cache_dir)
            self._kw = kw
            return kw

    def invalidate_keyword_cache(self) -> None:
        with self._kw_lock:
            self._kw = None

    def keyword_fresh(self) -> KeywordIndex | None:
        """The in-memory index without checking Chroma (hot path); None if not built yet."""
        return self._kw

    def _build_keyword(self, ids: list[str]) -> KeywordIndex:
        texts: dict[str, str] = {}
        for start in range(0, len(ids), self.max_batch):
            batch = ids[start:start + self.max_batch]
            res = self._guard(self.chunks.get, ids=batch, include=["documents", "metadatas"])
            for i, t, m in zip(res["ids"], res["documents"], res["metadatas"]):
                texts[i] = f"{m.get('title', '')}\n{t}"
        ordered = [i for i in ids if i in texts]
        return KeywordIndex.build(ordered, [texts[i] for i in ordered])

    def chunk_ids(self) -> list[str]:
        ids: list[str] = []
        total = self.count()
        for offset in range(0, total, self.max_batch):
            ids.extend(self._guard(self.chunks.get, include=[], limit=self.max_batch, offset=offset)["ids"])
        return ids

    # -- writes ----------------------------------------------------------------------------
    def write_document(self, doc: Document, chunks: list[Chunk], embeddings) -> None:
        """Add or replace a document (crash-safe; see the module docstring)."""
        self.write_documents([(doc, chunks, embeddings)])

    def write_documents(self, items: list[tuple[Document, list[Chunk], object]]) -> None:
        """Add or replace several documents, in the same crash-safe order for the whole batch: every chunk,
        then every document record (the commit point: a record is written only once all its chunks are), then
        the stale chunks. One Chroma call per step instead of three per document: Chroma's fixed cost per call
        dominated ingesting small documents (measured: ~17% of a SciFact ingest)."""
        rows = [(c, v, doc.content_hash) for doc, chunks, embeddings in items for c, v in zip(chunks, embeddings)]
        for start in range(0, len(rows), self.max_batch):
            batch = rows[start:start + self.max_batch]
            self._guard(
                self.chunks.upsert,
                ids=[c.id for c, _, _ in batch],
                embeddings=[list(map(float, v)) for _, v, _ in batch],
                documents=[c.text for c, _, _ in batch],
                metadatas=[_chunk_meta(c, h) for c, _, h in batch],
            )
        now = _now()
        records = []
        for doc, chunks, _ in items:
            meta = {"title": doc.title, "source": doc.source, "format": doc.format, "content_hash": doc.content_hash,
                    "chunks": len(chunks), "ingested_at": now}
            meta.update({f"meta_{k}": str(v) for k, v in doc.metadata.items() if v not in (None, "")})
            records.append((doc, meta))
        for start in range(0, len(records), self.max_batch):
            batch = records[start:start + self.max_batch]
            self._guard(self.docs.upsert, ids=[d.id for d, _ in batch], embeddings=[[0.0]] * len(batch),
                        documents=[d.text for d, _ in batch], metadatas=[m for _, m in batch])
        for doc, _, _ in items:
            self._guard(self.chunks.delete,
                        where={"$and": [{"doc_id": doc.id}, {"doc_hash": {"$ne": doc.content_hash}}]})
        self._count = None
        self.invalidate_keyword_cache()

    def delete_document(self, document_id: str) -> bool:
        existed = bool(self._guard(self.docs.get, ids=[document_id], include=[])["ids"])
        self._guard(self.docs.delete, ids=[document_id])  # commit point: chunks without a record are garbage
        self._guard(self.chunks.delete, where={"doc_id": document_id})
        self._count = None
        self.invalidate_keyword_cache()
        return existed

    def repair(self) -> int:
        """Remove what an interrupted write left behind. Returns the number of chunks removed."""
        records = {i: (m.get("content_hash"), int(m.get("chunks", 0)))
                   for i, m in zip(*_ids_metas(self._guard(self.docs.get, include=["metadatas"])))}
        by_doc: dict[tuple[str, str], list[str]] = defaultdict(list)
        total = self.count()
        for offset in range(0, total, self.max_batch):
            res = self._guard(self.chunks.get, include=["metadatas"], limit=self.max_batch, offset=offset)
            for i, m in zip(res["ids"], res["metadatas"]):
                by_doc[(m.get("doc_id", ""), m.get("doc_hash", ""))].append(i)
        garbage: list[str] = []
        for (doc_id, h), ids in by_doc.items():
            rec = records.get(doc_id)
            if rec is None or rec[0] != h:
                garbage.extend(ids)
        for doc_id, (h, n) in records.items():
            if len(by_doc.get((doc_id, h), [])) != n:  # incomplete: forget it, the next ingest re-adds it
                self._guard(self.docs.delete, ids=[doc_id])
                garbage.extend(by_doc.get((doc_id, h), []))
        for start in range(0, len(garbage), self.max_batch):
            self._guard(self.chunks.delete, ids=garbage[start:start + self.max_batch])
        self._count = None
        if garbage:
            self.invalidate_keyword_cache()
        return len(garbage)


def _is_permission_problem(e: BaseException) -> bool:
    import errno

    while e is not None:
        if isinstance(e, PermissionError) or (isinstance(e, OSError) and e.errno in (errno.EACCES, errno.EROFS,
                                                                                       errno.EPERM)):
            return True
        text = str(e).lower()
        if "readonly database" in text or "read-only" in text or "permission denied" in text:
            return True
        e = e.__cause__ or e.__context__
    return False


def _permission_error(store_dir: Path, e: BaseException):
    from core.errors import StorePermissionError

    return StorePermissionError(
        f"The store at {store_dir} cannot be written by this user ({type(e).__name__}: permission denied or a "
        f"read-only file system). This is a permission problem, not a damaged store: nothing needs rebuilding. "
        f"Give this user write access (`chmod -R u+w {store_dir}`, or run as the folder's owner), or use another "
        f"--store.")


def _ids_metas(res: dict) -> tuple[list[str], list[dict]]:
    return res["ids"], res["metadatas"] or []


def _chunk_meta(c: Chunk, doc_hash: str) -> dict:
    """Chroma metadata of a chunk: scalar values only (str/int), keys agreed with retrieval's `where` filters."""
    return {"doc_id": c.document_id, "doc_hash": doc_hash, "start": c.start, "end": c.end, "ordinal": c.ordinal,
            "section": c.section, "title": c.title, "source": c.source, "short_title": c.short_title,
            "doc_type": c.doc_type, "year": int(c.year), "origin": c.origin, "city": c.city, "added": c.added}


def _to_chunk(chunk_id: str, text: str, m: dict) -> Chunk:
    return Chunk(id=chunk_id, document_id=m.get("doc_id", ""), text=text, start=int(m.get("start", 0)),
                 end=int(m.get("end", 0)), ordinal=int(m.get("ordinal", 0)), section=m.get("section", ""),
                 title=m.get("title", ""), source=m.get("source", ""), short_title=m.get("short_title", ""),
                 doc_type=m.get("doc_type", ""), year=int(m.get("year", 0) or 0), origin=m.get("origin", ""),
                 city=m.get("city", ""), added=m.get("added", ""))


def _to_info(doc_id: str, m: dict) -> DocumentInfo:
    """A document record's metadata as a DocumentInfo; fields a store written before them lacks stay empty."""
    year = str(m.get("meta_year", ""))
    return DocumentInfo(id=doc_id, title=m.get("title", ""), source=m.get("source", ""), format=m.get("format", ""),
                        chunks=int(m.get("chunks", 0)), ingested_at=m.get("ingested_at", ""),
                        content_hash=m.get("content_hash", ""), short_title=str(m.get("meta_short_title", "")),
                        doc_type=str(m.get("meta_doc_type", "")), year=int(year) if year.isdigit() else 0,
                        origin=str(m.get("meta_origin", "")), city=str(m.get("meta_city", "")),
                        aliases=split_aliases(str(m.get("meta_aliases", ""))),
                        added=str(m.get("meta_added", "")), added_by=str(m.get("meta_added_by", "")),
                        original_name=str(m.get("meta_original_name", "")))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_store(settings: Settings, embedder, *, rebuild: bool = False) -> ChromaStore:
    return ChromaStore(settings, embedder.name, embedder.dim, rebuild=rebuild)
