"""Build (once) and cache the ~100,000-chunk store outside the repository.

    nice -n 10 .venv/bin/python -m evals.bench build-large [--work /tmp/ua-bench] [--chunks 100000]

The documents go to WORK/docs-100k, the store to WORK/store-100k; `build.json` beside them records the
ingest report, the wall time, the peak RSS and the load average. Re-running resumes an interrupted build
(ingest skips the documents already committed) and does nothing once the store is complete.
"""

from __future__ import annotations

import time
from pathlib import Path

from evals.bench.common import DEFAULT_WORK, load_json, log, loadavg, peak_rss_mb, save_json


def large_paths(work: Path = DEFAULT_WORK) -> tuple[Path, Path, Path]:
    return work / "docs-100k", work / "store-100k", work / "build-100k.json"


def build_large(work: Path = DEFAULT_WORK, target_chunks: int = 100_000) -> dict:
    from assistant.api import Assistant
    from evals.bench.corpus import large_corpus
    from evals.tempstore import temporary_settings, write_documents

    docs_dir, store_dir, result_path = large_paths(work)
    done = load_json(result_path)
    if done and done.get("complete"):
        log(f"{store_dir} already built: {done.get('chunks')} chunks")
        return done
    if not (docs_dir / "metadata.json").is_file():
        log("writing documents")
        docs = large_corpus(target_chunks)
        write_documents(docs, docs_dir)
        log(f"wrote {len(docs)} documents to {docs_dir}")
    settings = temporary_settings(None, store_dir, "unesco")
    loads = [loadavg()]
    t0 = time.perf_counter()
    last = [0.0]

    def progress(done_n: int, total: int, what: str) -> None:
        now = time.perf_counter()
        if now - last[0] > 60 or done_n == total:
            last[0] = now
            loads.append(loadavg())
            log(f"{what}: {done_n}/{total} ({now - t0:.0f} s, peak RSS {peak_rss_mb():.0f} MB)")

    a = Assistant.open(settings)
    try:
        t_open = time.perf_counter() - t0
        report = a.ingest([docs_dir], progress=progress)
        count = a.store.count()
        result = {
            "complete": True, "chunks": count, "documents": len(a.documents()),
            "chunks_written_this_run": report.chunks_written, "ingest_seconds": report.seconds,
            "open_seconds": t_open, "peak_rss_mb": peak_rss_mb(), "loadavg_samples": loads,
            "chunks_per_s_this_run": report.chunks_written / report.seconds if report.seconds else None,
            "resumed": bool(report.unchanged),
        }
    finally:
        a.close()
    save_json(result_path, result)
    log(f"built {result['chunks']} chunks in {result['ingest_seconds']:.0f} s, peak RSS {result['peak_rss_mb']:.0f} MB")
    return result


if __name__ == "__main__":
    build_large()
