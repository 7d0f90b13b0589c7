"""Files -> documents -> chunks -> embeddings -> store, incrementally and crash-safely.

Unchanged documents (same cleaned-text hash) are skipped; changed ones are replaced whole; unreadable files
are skipped with a reason and never stop the batch. Chunks of several documents are embedded together so the
model runs on full batches.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from assistant.errors import NotFoundError
from assistant.settings import Settings
from assistant.types import Chunk, Document, IngestReport, SkippedFile
from ingest.chunking import Chunker
from ingest.clean import clean
from ingest.loaders import SUPPORTED, Unreadable, discover, load

Progress = Callable[[int, int, str], None]
EMBED_GROUP = 512  # chunks embedded per group before their documents are written


_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(text: str) -> str:
    """A file name or path as valid text: bytes that are not UTF-8 (kept by the OS as lone surrogates)
    become U+FFFD, so titles, sources and skip reasons can be stored, encoded and printed."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def document_id(path: Path) -> str:
    """The file's stem in ASCII letters, digits, `._-`. A stem with other characters ("مرحبا", "文件",
    "ünïcödé") also gets a short hash of itself, so that such names, which would all shrink to the same
    few ASCII letters (or to nothing), do not replace one another when ingested at different times."""
    stem = unicodedata.normalize("NFC", shown(path.stem))
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._") or "document"
    if not stem.isascii():
        base = f"{base}-{hashlib.sha1(stem.encode()).hexdigest()[:6]}"
    return base


def embedding_text(chunk: Chunk) -> str:
    """What the model reads for a chunk: the document title gives short passages their context."""
    if chunk.title and chunk.title.casefold() not in chunk.text[:200].casefold():
        return f"{chunk.title}\n{chunk.text}"
    return chunk.text


def _sidecar(folder: Path, cache: dict[Path, dict]) -> dict:
    if folder not in cache:
        try:
            cache[folder] = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cache[folder] = {}
    return cache[folder]


def prepare_document(path: Path, root: Path, sidecars: dict[Path, dict] | None = None) -> tuple[Document, object]:
    """Load and clean one file. Raises `Unreadable` with the reason."""
    raw = load(path)
    cleaned = clean(raw.text)
    if len(cleaned.text.strip()) < 20:
        raise Unreadable("no text left after cleaning (empty or nearly empty)")
    meta = dict(_sidecar(path.parent, sidecars if sidecars is not None else {}).get(path.name, {}))
    title = str(meta.pop("title", "") or raw.title or "").strip()
    if not title and cleaned.headings and cleaned.headings[0][0] == 0:
        title = cleaned.headings[0][1]
    if not title:
        title = shown(path.stem).replace("_", " ").strip() or shown(path.name)
    try:
        source = shown(str(path.relative_to(root)) if path != root else path.name)
    except ValueError:
        source = shown(path.name)
    doc = Document(
        id=document_id(path),
        title=title[:300],
        source=source,
        format=raw.format,
        text=cleaned.text,
        content_hash=hashlib.sha1(f"{title}\x00{cleaned.text}".encode()).hexdigest()[:16],
        metadata={k: str(v) for k, v in meta.items()},
    )
    return doc, cleaned


def ingest_paths(paths: list[Path], store, embedder, settings: Settings, *, progress: Progress | None = None,
                 rebuild: bool = False) -> IngestReport:
    t0 = time.perf_counter()
    report = IngestReport()
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise NotFoundError("No such file or folder: " + ", ".join(missing) + ". Nothing was ingested.")
    files, problems = discover(paths)
    report.skipped.extend(SkippedFile(shown(p), r) for p, r in problems)
    report.repaired = store.repair()
    known = store.document_hashes()
    chunker = Chunker(embedder.tokenize, settings.chunk_size, settings.chunk_overlap)
    notify = progress or (lambda done, total, what: None)

    pending: list[tuple[Document, list[Chunk], bool]] = []
    seen_ids: dict[str, str] = {}
    sidecars: dict[Path, dict] = {}
    for n, (path, root) in enumerate(files, 1):
        notify(n - 1, len(files), f"reading {path.name}")
        if path.suffix.lower() not in SUPPORTED:
            reason = f"unsupported format {path.suffix or '(none)'!r}"
            report.skipped.append(SkippedFile(shown(str(path)), reason))
            continue
        try:
            doc, cleaned = prepare_document(path, root, sidecars)
        except Unreadable as e:
            report.skipped.append(SkippedFile(shown(str(path)), str(e)))
            continue
        where = str(path.resolve())
        if doc.id in seen_ids and seen_ids[doc.id] != where:  # two files, one stem: keep both
            doc = _rename(doc, f"{doc.id}-{hashlib.sha1(where.encode()).hexdigest()[:6]}")
        seen_ids[doc.id] = where
        if known.get(doc.id) == doc.content_hash:
            report.unchanged.append(doc.id)
            continue
        pending.append((doc, chunker.chunk(doc, cleaned), doc.id in known))
    notify(len(files), len(files), "read")

    total_chunks = sum(len(c) for _, c, _ in pending)
    done = 0
    group: list[tuple[Document, list[Chunk], bool]] = []
    for item in pending:
        group.append(item)
        if sum(len(c) for _, c, _ in group) >= EMBED_GROUP:
            done = _write_group(group, store, embedder, report, done, total_chunks, notify)
            group = []
    if group:
        done = _write_group(group, store, embedder, report, done, total_chunks, notify)
    if pending or report.repaired:
        store.keyword_index()  # rebuild and cache now, so the first question does not pay for it
    report.seconds = time.perf_counter() - t0
    return report


def _write_group(group, store, embedder, report: IngestReport, done: int, total: int, notify: Progress) -> int:
    texts = [embedding_text(c) for _, chunks, _ in group for c in chunks]
    # Longest first, so each model batch holds texts of similar length and pads least (the model pads every
    # batch to its longest text; documents end in short chunks). Vectors go back to their chunks' order.
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    vectors: list = [None] * len(texts)
    step = max(embedder.batch_size, 64)
    for start in range(0, len(order), step):
        idx = order[start:start + step]
        for i, vec in zip(idx, embedder.embed([texts[i] for i in idx])):
            vectors[i] = vec
        notify(done + min(start + step, len(texts)), total, "embedding")
    items, offset = [], 0
    for doc, chunks, _ in group:
        items.append((doc, chunks, vectors[offset:offset + len(chunks)]))
        offset += len(chunks)
    store.write_documents(items)  # one Chroma call per step for the whole group (same crash-safe order)
    for doc, chunks, existed in group:
        report.chunks_written += len(chunks)
        (report.updated if existed else report.added).append(doc.id)
    return done + len(texts)


def _rename(doc: Document, new_id: str) -> Document:
    from dataclasses import replace

    return replace(doc, id=new_id)
