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

from core.errors import ConfigError, NotFoundError
from core.settings import Settings
from core.types import Chunk, Document, IngestReport, SkippedFile
from core.provenance import LIBRARY, Upload, library_refusal, upload_id, upload_metadata
from ingest.chunking import Chunker
from ingest.clean import CleanText, clean
from ingest.csv_records import CsvSpec, load_spec, read_records, read_table, sidecar_spec
from ingest.loaders import SUPPORTED, TABLES, Unreadable, discover, load
from ingest.metadata import LibraryFinder
from ingest.titles import choose_title

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


def _source(path: Path, root: Path) -> str:
    try:
        return shown(str(path.relative_to(root)) if path != root else path.name)
    except ValueError:
        return shown(path.name)


def make_document(doc_id: str, title: str, source: str, fmt: str, cleaned: CleanText,
                  metadata: dict[str, str]) -> Document:
    """A Document whose hash covers its title, metadata, text and section headings: a changed short title or
    year re-writes the chunks that carry it, and so does a changed heading (chunks are cut at headings and carry
    their section: session 37's closing formulas changed 41 documents' sections and none of their text)."""
    title = " ".join(title.split())[:300]
    meta = {k: str(v) for k, v in metadata.items() if v not in (None, "")}
    stamp = json.dumps(meta, sort_keys=True, ensure_ascii=False)
    sections = json.dumps(cleaned.headings, ensure_ascii=False)
    return Document(id=doc_id, title=title, source=source, format=fmt, text=cleaned.text,
                    content_hash=hashlib.sha1(f"{title}\x00{stamp}\x00{cleaned.text}\x00{sections}".encode())
                    .hexdigest()[:16], metadata=meta)


def prepare_document(path: Path, root: Path, library: LibraryFinder | None = None) -> tuple[Document, CleanText]:
    """Load and clean one file, with its metadata from the library.json that describes it (else a title found
    in the file itself, origin "upload"). Raises `Unreadable` with the reason."""
    raw = load(path)
    cleaned = clean(raw.text)
    if len(cleaned.text.strip()) < 20:
        raise Unreadable("no text left after cleaning (empty or nearly empty)")
    finder = library if isinstance(library, LibraryFinder) else LibraryFinder()
    entry = finder.entry(path, root)
    found = choose_title(raw.title, cleaned, shown(path.stem), shown(path.name))
    if entry is not None:
        title, meta = entry.title or found, entry.metadata()
    else:
        title, meta = found, {"origin": "upload"}
    return make_document(document_id(path), title, _source(path, root), raw.format, cleaned, meta), cleaned


def prepare_records(path: Path, root: Path, spec: CsvSpec | None = None) -> list[tuple[Document, CleanText]]:
    """A CSV table as one document per row (see `ingest.csv_records`); all rows or `Unreadable`."""
    if spec is None:
        beside = sidecar_spec(path)
        if not beside.is_file():
            raise Unreadable(f"a CSV is ingested one document per row only with a column spec: pass --csv-spec "
                             f"FILE or put {beside.name} beside it (see docs/csv.md)")
        spec = load_spec(beside)
    records = read_records(read_table(path), spec, shown(path.name))
    base, source = document_id(path), _source(path, root)
    out = []
    for record in records:
        cleaned = clean(record.text)
        key = re.sub(r"[^A-Za-z0-9._-]+", "-", record.key).strip("-._") or record.metadata.get("row", "row")
        meta = {**record.metadata, "origin": "upload"}
        out.append((make_document(f"{base}-{key}", record.title, source, "csv", cleaned, meta), cleaned))
    return out


def ingest_paths(paths: list[Path], store, embedder, settings: Settings, *, progress: Progress | None = None,
                 rebuild: bool = False, csv_spec: Path | None = None, upload: Upload | None = None,
                 replace_library: bool = False) -> IngestReport:
    """`csv_spec`: the column spec for every CSV given (else each CSV's own NAME.csv.spec.json).
    `upload`: the files are uploads (ids from origin + content, provenance recorded; see `core.provenance`).
    A file that would replace a library document is skipped with the reason, unless `replace_library`."""
    t0 = time.perf_counter()
    report = IngestReport()
    spec = None
    if csv_spec is not None:
        try:
            spec = load_spec(Path(csv_spec))
        except Unreadable as e:
            raise ConfigError(f"{e}. Nothing was ingested; docs/csv.md describes the spec.") from None
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise NotFoundError("No such file or folder: " + ", ".join(missing) + ". Nothing was ingested.")
    files, problems = discover(paths)
    report.skipped.extend(SkippedFile(shown(p), r) for p, r in problems)
    report.repaired = store.repair()
    known = store.document_hashes()
    library_ids = {d.id for d in store.list_documents() if d.origin == LIBRARY}
    chunker = Chunker(embedder.tokenize, settings.chunk_size, settings.chunk_overlap)
    notify = progress or (lambda done, total, what: None)

    pending: list[tuple[Document, list[Chunk], bool]] = []
    seen_ids: dict[str, str] = {}
    library = LibraryFinder()
    for n, (path, root) in enumerate(files, 1):
        notify(n - 1, len(files), f"reading {path.name}")
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED and suffix not in TABLES:
            reason = f"unsupported format {path.suffix or '(none)'!r}"
            report.skipped.append(SkippedFile(shown(str(path)), reason))
            continue
        try:
            prepared = (prepare_records(path, root, spec) if suffix in TABLES
                        else [prepare_document(path, root, library)])
        except Unreadable as e:
            report.skipped.append(SkippedFile(shown(str(path)), str(e)))
            continue
        for doc, cleaned in prepared:
            if doc.id in library_ids and not replace_library and (upload is not None or doc.origin != LIBRARY):
                report.skipped.append(SkippedFile(shown(str(path)), library_refusal(shown(path.name), doc.id)))
                continue
            if upload is not None:
                doc = as_upload(doc, path, upload)
            for rule, count in cleaned.removed_counts().items():
                report.removed_lines[rule] = report.removed_lines.get(rule, 0) + count
            where = str(path.resolve()) + (f"#{doc.id}" if suffix in TABLES else "")
            if doc.id in seen_ids and seen_ids[doc.id] != where:  # two files, one stem: keep both
                doc = _rename(doc, f"{doc.id}-{hashlib.sha1(where.encode()).hexdigest()[:6]}")
            seen_ids[doc.id] = where
            if known.get(doc.id) == doc.content_hash:
                report.unchanged.append(doc.id)
                continue
            chunks = [_replace(c, origin=c.origin or doc.origin, added=doc.added) for c in chunker.chunk(doc, cleaned)]
            pending.append((doc, chunks, doc.id in known))
    report.warnings.extend(library.problems)
    notify(len(files), len(files), "read")

    total_chunks = sum(len(c) for _, c, _ in pending)
    if total_chunks:
        notify(0, total_chunks, "embedding")  # the UI's bar switches to passages as soon as they are known
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


def as_upload(doc: Document, path: Path, upload: Upload) -> Document:
    """An uploaded document: its id from origin + content (never a library id), its provenance recorded. The
    content hash stays that of the file, so the same file uploaded again is unchanged."""
    text_hash = hashlib.sha1(f"{doc.title}\x00{doc.text}".encode()).hexdigest()
    meta = {**doc.metadata, **upload_metadata(upload.names.get(str(path), shown(path.name)), upload.by, upload.when)}
    return _replace(doc, id=upload_id(doc.id, text_hash), metadata=meta)


def _replace(obj, **changes):
    from dataclasses import replace

    return replace(obj, **changes)


def _rename(doc: Document, new_id: str) -> Document:
    from dataclasses import replace

    return replace(doc, id=new_id)
