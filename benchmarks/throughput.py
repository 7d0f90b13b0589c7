"""Ingest throughput: the whole pipeline (read, clean, chunk, embed, write to Chroma, BM25) against the
model's own `encode` on exactly the chunk texts the pipeline embedded.

The pipeline runs through `Assistant.ingest` into a fresh store; thin timing wrappers (installed here,
not in the product) split its wall time into stages and capture the texts handed to the model. Then
`model.encode` runs on those texts, back to back, in three orders:

- `pipeline order`: slices as `ingest.pipeline` hands them to the model;
- `global sort`: one `encode` call over all texts (sentence-transformers sorts them by length, so
  batches are padded least): the model's best case;
and with batch sizes 16/32/64/128 (global sort).

ratio = pipeline chunks/s / encode chunks/s (same texts, same batch size, measured in the same run).
"""

from __future__ import annotations

import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks.common import loadavg, log, median, peak_rss_mb

BATCH_SIZES = (8, 16, 32, 64, 128)


STAGES = ("prepare", "chunk", "embed", "write", "keyword")


@contextmanager
def instrument(assistant):
    """Wrap the pipeline's stages with timers (wall and process CPU time); yields the stats dict (filled as
    ingest runs): `<stage>_s`, `<stage>_cpu_s`, the texts handed to the model, the number of model calls."""
    import ingest.pipeline as pipeline

    stats: dict = {f"{k}{x}": 0.0 for k in STAGES for x in ("_s", "_cpu_s")}
    stats.update({"texts": [], "embed_calls": 0})
    emb, store = assistant.embedder, assistant.store

    def timed(stage: str, fn):
        def wrapper(*a, **kw):
            t, c = time.perf_counter(), time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                stats[f"{stage}_s"] += time.perf_counter() - t
                stats[f"{stage}_cpu_s"] += time.process_time() - c
        return wrapper

    orig_embed = emb.embed

    def embed(texts, **kw):
        stats["texts"].extend(texts)
        stats["embed_calls"] += 1
        return orig_embed(texts, **kw)

    orig_prepare, orig_chunk = pipeline.prepare_document, pipeline.Chunker.chunk
    emb.embed = timed("embed", embed)
    store.write_documents = timed("write", store.write_documents)
    store.keyword_index = timed("keyword", store.keyword_index)
    pipeline.prepare_document = timed("prepare", orig_prepare)
    pipeline.Chunker.chunk = timed("chunk", orig_chunk)
    try:
        yield stats
    finally:
        del emb.embed, store.write_documents, store.keyword_index  # back to the class attributes
        pipeline.prepare_document, pipeline.Chunker.chunk = orig_prepare, orig_chunk


def token_counts(embedder, texts: list[str]) -> list[int]:
    """Word pieces the model reads per text (special tokens included, capped at max_seq_length)."""
    tok = embedder.tokenizer
    cap = embedder.max_tokens
    return [min(len(ids), cap) for ids in tok(texts, add_special_tokens=True, truncation=False)["input_ids"]]


def pipeline_ingest(paths: list[Path], store_dir: Path, *, keep: bool = False, settings=None) -> dict:
    """One end-to-end ingest into a fresh store at `store_dir`; stage times, chunks/s, texts embedded."""
    from assistant.api import Assistant
    from evals.tempstore import temporary_settings

    if store_dir.exists():
        shutil.rmtree(store_dir)
    s = temporary_settings(settings, store_dir, "bench")
    l0 = loadavg()
    t0 = time.perf_counter()
    a = Assistant.open(s)
    open_s = time.perf_counter() - t0
    try:
        with instrument(a) as st:
            c0 = time.process_time()
            report = a.ingest(paths)
            ingest_cpu_s = time.process_time() - c0
        texts = st.pop("texts")
        tokens = token_counts(a.embedder, texts)
        out = {
            **st, "open_s": open_s, "ingest_s": report.seconds, "ingest_cpu_s": ingest_cpu_s,
            "chunks": report.chunks_written,
            "documents": len(report.added) + len(report.updated), "skipped": len(report.skipped),
            "chunks_per_s": report.chunks_written / report.seconds, "tokens": sum(tokens),
            "other_s": report.seconds - st["prepare_s"] - st["chunk_s"] - st["embed_s"] - st["write_s"]
            - st["keyword_s"], "other_cpu_s": ingest_cpu_s - sum(st[f"{k}_cpu_s"] for k in STAGES),
            "peak_rss_mb": peak_rss_mb(), "loadavg": [l0, loadavg()],
        }
    finally:
        a.close()
        if not keep:
            shutil.rmtree(store_dir, ignore_errors=True)
    return out, texts, a.embedder


def encode_rate(embedder, texts: list[str], batch_size: int, order: str = "global", threads: int | None = None) -> float:
    """Chunks per second of the bare model on `texts` (on `threads` torch threads; default: all)."""
    import torch

    model = embedder.model
    old_threads = torch.get_num_threads()
    if threads:
        torch.set_num_threads(threads)
    try:
        return _encode_rate(model, texts, batch_size, order)
    finally:
        torch.set_num_threads(old_threads)


def _encode_rate(model, texts: list[str], batch_size: int, order: str) -> float:
    t = time.perf_counter()
    if order == "global":
        model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                     show_progress_bar=False)
    else:  # as the pipeline slices them (one encode call per slice)
        step = max(batch_size, 64)
        for start in range(0, len(texts), step):
            model.encode(texts[start:start + step], batch_size=batch_size, normalize_embeddings=True,
                         convert_to_numpy=True, show_progress_bar=False)
    return len(texts) / (time.perf_counter() - t)


def _chunk_texts(paths: list[Path], embedder) -> list[str]:
    """The texts the pipeline will embed for `paths` (read, clean, chunk; no model, no store)."""
    from core.settings import Settings
    from ingest.chunking import Chunker
    from ingest.loaders import Unreadable, discover
    from ingest.pipeline import embedding_text, prepare_document

    s = Settings()
    chunker = Chunker(embedder.tokenize, s.chunk_size, s.chunk_overlap)
    files, _ = discover(paths)
    out: list[str] = []
    sidecars: dict = {}
    for path, root in files:
        try:
            doc, cleaned = prepare_document(path, root, sidecars)
        except Unreadable:
            continue
        out.extend(embedding_text(c) for c in chunker.chunk(doc, cleaned))
    return out


def run_throughput(name: str, paths: list[Path], work: Path, *, repeats: int = 1, encode_sample: int = 512,
                   sweep_texts: int = 192, keep_store: Path | None = None) -> dict:
    """Pipeline vs bare encode: each pipeline run is followed by `model.encode` on a random sample of the
    very texts it embedded (same length distribution, so the same chunks/s as all of them, for a fraction of
    the time on a slow machine); then the batch-size sweep on a smaller sample."""
    import random

    rows = []
    texts = embedder = None
    for r in range(repeats):
        store_dir = keep_store if (keep_store is not None and r == 0) else work / f"tp-{name}"
        before = None
        if texts is not None or r == 0:
            from store.embedder import load_embedder
            from core.settings import Settings

            probe = load_embedder(Settings().model, Settings().embed_batch_size)
            if texts is None:  # first repeat: encode a sample of the corpus's chunks before the pipeline runs too
                texts_before = _chunk_texts(paths, probe)
                sample_b = random.Random(r).sample(texts_before, min(encode_sample, len(texts_before)))
            else:
                sample_b = random.Random(r).sample(texts, min(encode_sample, len(texts)))
            c0 = time.process_time()
            before = encode_rate(probe, sample_b, probe.batch_size, "global")
            before_cpu = len(sample_b) / (time.process_time() - c0)
            log(f"[{name}] model.encode alone before the pipeline: {before:.1f} chunks/s")
        log(f"[{name}] pipeline ingest, repeat {r + 1}/{repeats}")
        res, texts, embedder = pipeline_ingest(paths, store_dir, keep=store_dir == keep_store)
        log(f"[{name}] {res['chunks']} chunks in {res['ingest_s']:.1f} s = {res['chunks_per_s']:.1f} chunks/s "
            f"(embed {res['embed_s']:.1f} s, chunk {res['chunk_s']:.1f} s, write {res['write_s']:.1f} s)")
        sample = random.Random(r).sample(texts, min(encode_sample, len(texts)))
        l0 = loadavg()
        c0 = time.process_time()
        after = encode_rate(embedder, sample, embedder.batch_size, "global")
        after_cpu = len(sample) / (time.process_time() - c0)
        enc = (before + after) / 2 if before else after
        enc_cpu = (before_cpu + after_cpu) / 2 if before else after_cpu
        log(f"[{name}] model.encode alone on {len(sample)} of those texts: {after:.1f} chunks/s after, "
            f"{before or float('nan'):.1f} before")
        rows.append({**res, "encode_texts": len(sample), "encode_chunks_per_s": enc, "encode_before": before,
                     "encode_after": after, "ratio": res["chunks_per_s"] / enc,
                     "embed_stage_ratio": (len(texts) / res["embed_s"]) / enc,
                     "cpu_ratio": (res["chunks"] / res["ingest_cpu_s"]) / enc_cpu,
                     "embed_stage_cpu_ratio": (len(texts) / res["embed_cpu_s"]) / enc_cpu,
                     "loadavg_encode": [l0, loadavg()]})
    sample = random.Random(99).sample(texts, min(sweep_texts, len(texts)))
    sweep = []
    for b in BATCH_SIZES:
        l0 = loadavg()
        rate = encode_rate(embedder, sample, b, "global")
        rate_po = encode_rate(embedder, sample, b, "pipeline")
        rate_1 = encode_rate(embedder, sample, b, "global", threads=1)
        sweep.append({"batch_size": b, "chunks_per_s": rate, "pipeline_order_chunks_per_s": rate_po,
                      "one_thread_chunks_per_s": rate_1, "loadavg": [l0, loadavg()]})
        log(f"[{name}] batch {b}: {rate:.1f} chunks/s sorted, {rate_po:.1f} in pipeline slices, {rate_1:.1f} sorted on "
            f"one thread")
    return {
        "name": name, "runs": rows, "sweep": sweep, "sweep_texts": len(sample),
        "median_ratio": median([r["ratio"] for r in rows]),
        "median_chunks_per_s": median([r["chunks_per_s"] for r in rows]),
        "median_encode_chunks_per_s": median([r["encode_chunks_per_s"] for r in rows]),
    }
