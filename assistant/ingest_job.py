"""Ingest in a background thread of the process that owns the store, a few files at a time.

    job = assistant.ingest_in_background(["corpus/instruments"])
    job.searchable, job.total      # documents in the store now / when the job is done
    job.status()                   # "42 of 81 documents searchable"
    job.wait()

Each batch of files is one `Assistant.ingest` call, which holds the assistant's write lock only for that
batch: questions are answered throughout (Chroma is thread-safe within a process; the BM25 index and the name
index follow the store's chunk count), documents become searchable batch by batch, and an upload waits at
most one batch. Every batch is crash-safe and incremental, so a crash or Ctrl-C loses at most the batch in
flight and the next start resumes where this one stopped (unchanged documents are skipped).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from core.types import IngestReport

BATCH_BYTES = 120_000  # of source files per ingest call (~150 chunks: tens of seconds on a busy 2-core CPU)
Progress = Callable[["IngestJob"], None]


class IngestJob:
    """One background ingest: `start()` it, poll `searchable`/`total`/`done`, `cancel()` it between batches."""

    def __init__(self, assistant, paths: Sequence[Path | str], *, progress: Progress | None = None,
                 batch_bytes: int = BATCH_BYTES) -> None:
        from ingest.loaders import discover

        self.assistant = assistant
        self.paths = [Path(p) for p in paths]
        files, _ = discover(self.paths)
        self.files = [f for f, _ in files]
        self.batches = _batches(self.files, batch_bytes)
        self.progress = progress
        self.report = IngestReport()
        self.files_done = 0
        self._batch_len = 0
        self.batch_fraction = 0.0  # of the batch in flight, from the pipeline's progress (chunks embedded)
        self.error: BaseException | None = None
        self.started_at = 0.0
        self.finished_at = 0.0
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        known = {d.id for d in assistant.documents()}
        from ingest.pipeline import document_id

        self._others = len(known - {document_id(f) for f in self.files})  # documents that are not this job's

    # -- control ---------------------------------------------------------------------------
    def start(self) -> IngestJob:
        self.started_at = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="ua-background-ingest", daemon=True)
        self._thread.start()
        return self

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Stop after the batch in flight (what it wrote is kept; the next start resumes)."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """True when the job has finished (or never started)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self._thread is None or not self._thread.is_alive()

    # -- state -----------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        """No more writes will come (true in the last progress call already)."""
        return self._thread is None or self._done.is_set()

    @property
    def total(self) -> int:
        """Documents the store will hold when the job is done (its files plus the others already there)."""
        return self._others + len(self.files) - len(self.report.skipped)

    @property
    def searchable(self) -> int:
        """Documents in the store now."""
        try:
            return len(self.assistant.documents())
        except Exception:  # noqa: BLE001 - a status line must not fail
            return 0

    def status(self) -> str:
        if self.error is not None:
            return f"Background ingest stopped: {self.error}"
        return status_line(self.searchable, self.total, finished=self.finished, cancelled=self.cancelled,
                           checked=self.files_done, files=len(self.files))

    @property
    def files_progress(self) -> float:
        """Files done, counting the batch in flight by the share of its chunks embedded (for a progress bar)."""
        return self.files_done + self.batch_fraction * self._batch_len

    # -- work ------------------------------------------------------------------------------
    def _pipeline_progress(self, done: int, total: int, what: str) -> None:
        if what == "embedding" and total:
            self.batch_fraction = min(1.0, done / total)
            if self.progress is not None:
                self.progress(self)

    def _run(self) -> None:
        try:
            for batch in self.batches:
                if self._cancel.is_set():
                    break
                self.batch_fraction, self._batch_len = 0.0, len(batch)
                part = self.assistant.ingest(batch, progress=self._pipeline_progress)
                _merge(self.report, part)
                self.files_done += len(batch)
                self.batch_fraction, self._batch_len = 0.0, 0
                if self.progress is not None:
                    self.progress(self)
        except BaseException as e:  # noqa: BLE001 - reported through `error` and `status()`
            self.error = e
        finally:
            self.finished_at = time.monotonic()
            self._done.set()
            if self.progress is not None:
                self.progress(self)


def status_line(searchable: int, total: int, *, finished: bool, cancelled: bool, checked: int, files: int) -> str:
    """What the job's status line says. While it runs with every document already searchable (a store ingested
    before, whose files are checked for changes), it says so rather than that the rest are being added."""
    if finished:
        return f"All {searchable} documents searchable." if not cancelled else \
            f"{searchable} of {total} documents searchable (ingest stopped)."
    if searchable >= total:
        return (f"All {searchable} documents searchable; checking the library's files for changes "
                f"({checked} of {files}).")
    return f"{searchable} of {total} documents searchable; the rest are being added."


def _batches(files: list[Path], batch_bytes: int) -> list[list[Path]]:
    out: list[list[Path]] = []
    current: list[Path] = []
    size = 0
    for f in files:
        try:
            n = f.stat().st_size
        except OSError:
            n = 0
        if current and size + n > batch_bytes:
            out.append(current)
            current, size = [], 0
        current.append(f)
        size += n
    if current:
        out.append(current)
    return out


def _merge(total: IngestReport, part: IngestReport) -> None:
    for name in ("added", "updated", "unchanged", "skipped", "deleted", "warnings"):
        if hasattr(total, name):
            getattr(total, name).extend(getattr(part, name))
    total.chunks_written += part.chunks_written
    total.seconds += part.seconds
    total.repaired += part.repaired
    removed = getattr(part, "removed_lines", None)
    if removed:
        for rule, count in removed.items():
            total.removed_lines[rule] = total.removed_lines.get(rule, 0) + count


LIBRARY_MARKER = "library-ingested.json"  # in an embedded store's folder: the bundled library is all in


def library_job(assistant, corpus: Path, *, progress: Progress | None = None) -> IngestJob | None:
    """The first-run ingest of the bundled library `corpus`: None when an earlier run completed it (an embedded
    store remembers that in its folder, so documents deleted since are not brought back) or, on a Chroma server,
    when the store already holds documents. Otherwise the seed pages (`corpus/seeds`, a few seconds) are ingested
    now, so the first question can be answered at once, and a started job ingests the rest."""
    marker = _marker(assistant)
    if marker is not None and marker.exists() and not assistant.is_empty():
        return None
    if marker is None and not assistant.is_empty():
        return None
    seeds = corpus / "seeds"
    if seeds.is_dir() and assistant.is_empty():
        assistant.ingest([seeds])
    job = IngestJob(assistant, [corpus], progress=progress)

    def done(j: IngestJob) -> None:
        if j.finished and j.error is None and not j.cancelled and marker is not None:
            import json

            try:
                marker.write_text(json.dumps({"corpus": str(corpus), "files": len(j.files),
                                              "documents": j.searchable}))
            except OSError:
                pass
        if progress is not None:
            progress(j)

    job.progress = done
    return job.start()


def _marker(assistant) -> Path | None:
    if getattr(assistant.store, "server", False):
        return None
    return Path(assistant.settings.store_dir) / LIBRARY_MARKER
