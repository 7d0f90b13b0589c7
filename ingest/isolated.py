"""Read a file in a child process under a budget, stoppable at once: the upload worker's guard against files
built to stall or exhaust a reader.

    budget = Budget(seconds=180, memory_bytes=2 << 30, cancelled=task_event.is_set)
    with isolated(budget):           # in this thread, `ingest.loaders.load` now reads in a child process
        ingest_paths(...)
    budget.check()                   # raises Cancelled / LimitExceeded (call it between stages)

- **Reading** (`load_isolated`): the child (`python -m ingest.isolated`) runs the ordinary `load` under an
  address-space limit (`memory_bytes`) in its own process group, and refuses a file whose text is over
  `text_chars` (the parent's memory for cleaning and chunking grows with the text); the parent polls it and kills the whole group
  (a PDF's own worker included) when the file's time is up or the job is cancelled.
- **Cleaning and chunking** happen in the parent; `GuardedEmbedder.tokenize` (called by the chunker for each
  piece of text) checks the budget, so a text that chunks slowly is stopped within one tokenizer call.
- **Embedding** has no time budget (its cost is bounded by the file size limits), but `GuardedEmbedder.embed`
  checks for a cancel before each batch.

The time budget counts from `Budget.start()` (one file) until `Budget.stop_clock()` (the file is read and
chunked). A cancel raises `Cancelled` (not an `Unreadable`: the pipeline does not skip past it, the whole call
stops); running out of time or memory raises `LimitExceeded`, an `Unreadable` with the reason.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ingest.limits import LimitExceeded, _mb, _project_root
from ingest.loaders import RawText, Unreadable, _isolation

UPLOAD_SECONDS = 180.0  # reading, cleaning and chunking one uploaded file
UPLOAD_MEMORY_BYTES = 2048 * 1024 * 1024  # address space of the child that reads it (above the PDF worker's)
# Text one upload may bring: cleaning and cutting run in the parent (they need the tokenizer), and their memory
# grows with the text (measured: a 179 kB PDF whose 12 pages give 12 million characters took the parent to
# 3.5 GB before the clock stopped it), so the child refuses more than this before the parent sees any of it.
UPLOAD_TEXT_CHARS = 3_000_000  # ~1,500 pages of text
POLL_S = 0.1


class Cancelled(Exception):
    """The job was cancelled (the Cancel button, or the page was closed)."""


@dataclass
class Budget:
    seconds: float = UPLOAD_SECONDS
    memory_bytes: int = UPLOAD_MEMORY_BYTES
    cancelled: Callable[[], bool] = lambda: False
    text_chars: int = UPLOAD_TEXT_CHARS
    deadline: float | None = field(default=None, init=False)
    what: str = field(default="", init=False)  # the file in hand, for messages

    def start(self, what: str = "") -> None:
        self.deadline, self.what = time.monotonic() + self.seconds, what

    def stop_clock(self) -> None:
        self.deadline = None

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def check(self) -> None:
        if self.cancelled():
            raise Cancelled("cancelled")
        left = self.remaining()
        if left is not None and left <= 0:
            raise LimitExceeded(f"took longer than {self.seconds:.0f} s to read and cut into passages; refused")


@contextmanager
def isolated(budget: Budget):
    """In this thread, `ingest.loaders.load` reads each file in a child process under `budget`."""
    previous = getattr(_isolation, "budget", None)
    _isolation.budget = budget
    try:
        yield budget
    finally:
        _isolation.budget = previous


class GuardedEmbedder:
    """The embedder, with the budget checked in every `tokenize` (chunking) and `embed` (one batch) call."""

    def __init__(self, embedder, budget: Budget) -> None:
        self._embedder, self._budget = embedder, budget

    def tokenize(self, text: str):
        self._budget.check()
        return self._embedder.tokenize(text)

    def embed(self, texts):
        if self._budget.cancelled():
            raise Cancelled("cancelled")
        return self._embedder.embed(texts)

    def __getattr__(self, name: str):
        return getattr(self._embedder, name)


def load_isolated(path: Path, budget: Budget) -> RawText:
    """`ingest.loaders.load_direct(path)` in a child process under `budget`. Raises `Unreadable` (the file's
    reason, or `LimitExceeded` past the time or memory budget) or `Cancelled`."""
    budget.check()
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "TMPDIR")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_project_root(), env.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryDirectory(prefix="ua-read-") as tmp:
        out = Path(tmp) / "out.json"
        proc = subprocess.Popen([sys.executable, "-m", "ingest.isolated", str(path), str(out),
                                 str(budget.memory_bytes), str(budget.text_chars)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            while True:
                try:
                    proc.wait(POLL_S)
                    break
                except subprocess.TimeoutExpired:
                    budget.check()  # Cancelled or LimitExceeded: the finally below stops the child
        finally:
            if proc.poll() is None:
                _kill_group(proc)
        try:
            result = json.loads(out.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result = {"error": f"needs more than {_mb(budget.memory_bytes)} of memory to read"
                      if proc.returncode else "unreadable file", "limit": bool(proc.returncode)}
    if "error" in result:
        raise (LimitExceeded if result.get("limit") else Unreadable)(result["error"])
    return RawText(result["text"], result["format"], result.get("title", ""))


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the child and any worker it started (a PDF's)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()


def _child(path: str, out: str, memory_bytes: int, text_chars: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    from ingest.loaders import load_direct

    try:
        raw = load_direct(Path(path))
        if len(raw.text) > text_chars:
            raise LimitExceeded(f"holds {len(raw.text):,} characters of text (limit {text_chars:,} for an upload); "
                                "split it, or ingest it with `unesco-assistant ingest`")
        result = {"text": raw.text, "format": raw.format, "title": raw.title}
    except LimitExceeded as e:
        result = {"error": str(e), "limit": True}
    except Unreadable as e:
        result = {"error": str(e)}
    except MemoryError:
        result = {"error": f"needs more than {_mb(memory_bytes)} of memory to read", "limit": True}
    data = json.dumps(result, ensure_ascii=True)  # lone surrogates travel escaped
    tmp = out + ".part"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(data)
    os.replace(tmp, out)


if __name__ == "__main__":
    if len(sys.argv) == 5:
        _child(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
