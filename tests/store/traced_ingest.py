"""`unesco-assistant ingest`, unchanged, with a trace of where it is: for the kill tests in test_store_faults.py.

    python -m tests.store.traced_ingest ingest CORPUS      (with UNESCO_ASSISTANT_TEST_TRACE=FILE)

The real CLI runs; nothing is replaced. Wrappers only append a line to the trace file before and after the
steps a kill can interrupt (model and store opening, repair, embedding a group, each Chroma write, the BM25
index), so the test that sends SIGKILL knows where the process was when it died: the last line written.
Each line is "<seconds since start> <event>", written unbuffered, so a line is in the file as soon as the
step starts.

With UNESCO_ASSISTANT_TEST_HOLD_AT=EVENT the process also waits (up to 60 s) right after writing the trace
line EVENT the first time it occurs, e.g. "end chunks.upsert": the chunks are written and the commit record
is not. The test sends SIGKILL during that wait, so the kill lands exactly between two steps of the commit
order, a moment that otherwise lasts microseconds. The process is not told anything else.
"""

from __future__ import annotations

import functools
import os
import time

T0 = time.monotonic()
_TRACE = open(os.environ["UNESCO_ASSISTANT_TEST_TRACE"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
_HOLD_AT = os.environ.get("UNESCO_ASSISTANT_TEST_HOLD_AT", "")
_held = False
_in_repair = False


def mark(event: str) -> None:
    global _held
    _TRACE.write(f"{time.monotonic() - T0:.3f} {event}\n")
    if _HOLD_AT and not _held and event == _HOLD_AT:
        _held = True
        _TRACE.write(f"{time.monotonic() - T0:.3f} hold {event}\n")
        time.sleep(60)


def _wrap(owner, name: str, label, show_result: bool = False) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        what = label(*args, **kwargs)
        global _in_repair
        mark(f"begin {what}")
        result = original(*args, **kwargs)
        if what == "repair":
            _in_repair = False
        mark(f"end {what}" + (f" -> {result}" if show_result else ""))
        return result

    setattr(owner, name, wrapper)


def _collection(self) -> str:
    kind = "docs" if self.name.endswith("-docs") else "chunks"
    return f"repair/{kind}" if _in_repair else kind


def _repair_label(*args, **kwargs) -> str:
    global _in_repair
    _in_repair = True  # Chroma calls until "end repair" are the repair's: "repair/chunks.delete"
    return "repair"


def install() -> None:
    mark("start")
    from chromadb.api.models.Collection import Collection

    import store.keyword
    import ingest.pipeline
    import store.chroma

    groups = {"n": 0}

    def group_label(group, *args, **kwargs):
        groups["n"] += 1
        return f"group {groups['n']} ({len(group)} documents, {sum(len(c) for _, c, _ in group)} chunks)"

    _wrap(ingest.pipeline, "ingest_paths", lambda *a, **k: "ingest")  # the model is loaded, the store open
    _wrap(ingest.pipeline, "_write_group", group_label)  # embedding, then writing, one group of documents
    _wrap(store.chroma.ChromaStore, "repair", _repair_label, show_result=True)  # "end repair -> chunks removed"
    _wrap(store.keyword.KeywordIndex, "build", lambda *a, **k: "bm25.build")
    _wrap(store.keyword.KeywordIndex, "save", lambda *a, **k: "bm25.save")
    _wrap(Collection, "upsert", lambda self, *a, **k: f"{_collection(self)}.upsert")
    _wrap(Collection, "delete", lambda self, *a, **k: f"{_collection(self)}.delete")


if __name__ == "__main__":
    install()
    from cli import main

    main()
