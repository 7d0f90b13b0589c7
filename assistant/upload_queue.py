"""Uploads ingested one at a time by a worker thread, in a bounded queue, each file under a budget, cancellable.

    queue = UploadQueue(assistant)
    task = queue.submit([path, ...], upload=Upload(...), owner=session, folder=staging_dir)  # QueueFull when full
    task.stage, task.fraction       # "Reading report.pdf (file 1 of 2)", 0.0 .. 1.0
    task.cancel()                   # or queue.cancel_owner(session): the page was closed
    task.wait(); task.report        # an IngestReport; task.state: done | cancelled | failed

- **Bounded**: at most `max_waiting` uploads wait behind the one in work; one more is refused with `QueueFull`
  (a message for the user), never kept.
- **Per file budget** (`ingest.isolated`): each file is read in a child process limited in memory and time and
  killed past either, which also refuses more than 3 million characters of text (the parent's memory for the
  next stages grows with it); cleaning and chunking run under the same clock (checked in every tokenizer call), so a
  file built to stall any stage is skipped with the reason ("took longer than 180 s…") and the next one runs.
- **Cancel**: checked while a file is read (the child is killed within 0.1 s), in every tokenizer call and
  before every embedding batch. The store stays consistent: each file is its own `ingest_paths` call, whose
  writes come after all of its embedding, in the store's crash-safe order, so a cancelled file is not in the
  store at all and the files before it are in whole. The staging folder is removed when the task ends.
- Chat is never blocked: questions do not take the write lock, and the worker is one thread.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import threading
from collections import deque
from collections.abc import Sequence
from pathlib import Path

from core.errors import AssistantError
from core.types import IngestReport, SkippedFile

log = logging.getLogger("unesco_assistant.uploads")

MAX_WAITING = 4  # uploads waiting behind the one in work; one more is refused


class QueueFull(AssistantError):
    pass


class UploadTask:
    _ids = itertools.count(1)

    def __init__(self, files: Sequence[Path], upload=None, owner: str = "", folder: Path | None = None) -> None:
        self.id = next(self._ids)
        self.files = [Path(f) for f in files]
        self.upload, self.owner, self.folder = upload, owner, folder
        self.state = "queued"  # queued | running | done | cancelled | failed
        self.stage = "Waiting for the uploads before it…"
        self.files_done = 0
        self.file_fraction = 0.0
        self.report = IngestReport()
        self.error: BaseException | None = None
        self._cancel = threading.Event()
        self._done = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    @property
    def fraction(self) -> float:
        return min(1.0, (self.files_done + self.file_fraction) / max(len(self.files), 1))


class UploadQueue:
    def __init__(self, assistant, *, max_waiting: int = MAX_WAITING, budget=None) -> None:
        from ingest.isolated import UPLOAD_MEMORY_BYTES, UPLOAD_SECONDS

        self.assistant = assistant
        self.max_waiting = max_waiting
        self.seconds, self.memory_bytes = (UPLOAD_SECONDS, UPLOAD_MEMORY_BYTES) if budget is None else budget
        self._waiting: deque[UploadTask] = deque()
        self.current: UploadTask | None = None
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None

    # -- control ---------------------------------------------------------------------------
    def submit(self, files: Sequence[Path], *, upload=None, owner: str = "", folder: Path | None = None) -> UploadTask:
        with self._lock:
            if len(self._waiting) >= self.max_waiting:
                raise QueueFull(f"{len(self._waiting)} uploads are already waiting (the limit); try again when "
                                "they are done, or cancel one.")
            task = UploadTask(files, upload, owner, folder)
            self._waiting.append(task)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="ua-upload-worker", daemon=True)
                self._thread.start()
            self._wake.notify()
        return task

    def position(self, task: UploadTask) -> int:
        """0 when in work (or finished), else its place in the line (1 = next)."""
        with self._lock:
            return self._waiting.index(task) + 1 if task in self._waiting else 0

    def cancel_owner(self, owner: str) -> list[UploadTask]:
        """Cancel every upload of `owner` (a browser session): the Cancel button, or the page was closed. The uploads
        cancelled (each ends soon after; `UploadTask.wait`)."""
        with self._lock:
            tasks = [t for t in [self.current, *self._waiting] if t is not None and t.owner == owner]
        for t in tasks:
            t.cancel()
        return tasks

    # -- work ------------------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._lock:
                while not self._waiting:
                    if not self._wake.wait(60):
                        self._thread = None
                        return
                task = self._waiting.popleft()
                self.current = task
            try:
                self._run(task)
            except BaseException as e:  # noqa: BLE001 - a task's failure never stops the worker
                task.error, task.state = e, "failed"
                log.warning("upload failed: %s: %s", type(e).__name__, e)
            finally:
                if task.folder is not None:
                    shutil.rmtree(task.folder, ignore_errors=True)
                with self._lock:
                    self.current = None
                task._done.set()

    def _run(self, task: UploadTask) -> None:
        from assistant.ingest_job import _merge
        from ingest.isolated import Budget, Cancelled, GuardedEmbedder, isolated
        from ingest.loaders import Unreadable
        from ingest.pipeline import ingest_paths, shown

        if task.cancelled:
            task.state, task.stage = "cancelled", "Cancelled before it started."
            return
        task.state = "running"
        a = self.assistant
        budget = Budget(self.seconds, self.memory_bytes, task._cancel.is_set)
        embedder = GuardedEmbedder(a.embedder, budget)
        for n, path in enumerate(task.files, 1):
            name = (task.upload.names.get(str(path)) if task.upload is not None else None) or shown(path.name)
            where = f"(file {n} of {len(task.files)})"
            task.stage, task.file_fraction = f"Reading {name} {where}", 0.0

            def progress(done: int, total: int, what: str, name=name, where=where) -> None:
                budget.check()  # a cancel (or the clock, while reading) between stages
                if what == "read":
                    budget.stop_clock()  # read and cut: embedding has no clock, only the cancel
                    task.stage = f"Embedding the passages of {name} {where}"
                elif what == "embedding" and total:
                    task.file_fraction = 0.1 + 0.9 * done / total
                    task.stage = f"Embedding {name} {where}: {done}/{total} passages"

            budget.start(name)
            try:
                with a._write_lock, isolated(budget):  # the Assistant's one-writer lock (ingest, delete)
                    part = ingest_paths([path], a.store, embedder, a.settings, progress=progress, upload=task.upload)
                _merge(task.report, part)
            except Cancelled:
                task.state, task.stage = "cancelled", f"Cancelled while working on {name}; it was not added."
                return
            except Unreadable as e:  # over its budget while being cut into passages
                task.report.skipped.append(SkippedFile(str(path), str(e)))
            finally:
                budget.stop_clock()
                a.retriever.invalidate()
            task.files_done = n
        task.state, task.stage = "done", "Done."
