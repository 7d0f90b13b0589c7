"""Warm query latency (retrieval alone, full extractive answer) and approximate-search recall.

For each store: open it (timed), answer one question (timed: the first question pays the BM25 index
load), warm up, then time `Assistant.search` (retrieval: query embedding, Chroma, BM25, fusion, dedupe)
and `Assistant.ask` (retrieval + extractive answer) over a fixed mix of real questions, `rounds` times.
Each answer's own timings split it into stages (resolve, retrieve, answer).

(The paired A/Bs of earlier sessions that swapped internals — small-call policy, query engine, cached count —
are recorded in docs/results/performance/data/latency.json; the bench now uses the public API only.)

Approximate-search recall@k: Chroma's HNSW top-k against exact top-k (numpy, all stored embeddings) for
real query embeddings; ef_search values are tried on the collection when asked (restored afterwards).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from benchmarks.common import log, loadavg, rss_mb, summary_ms


def open_assistant(store_dir: Path, collection: str):
    from assistant.api import Assistant
    from evals.tempstore import temporary_settings

    return Assistant.open(temporary_settings(None, store_dir, collection))


def measure_store(label: str, store_dir: Path, collection: str, questions: list[str], rounds: int = 2) -> dict:
    t0 = time.perf_counter()
    a = open_assistant(store_dir, collection)
    open_s = time.perf_counter() - t0
    try:
        chunks = a.store.count()
        t1 = time.perf_counter()
        a.ask(questions[0])
        first_s = time.perf_counter() - t1
        for q in questions[:5]:  # warm-up
            a.search(q)
            a.ask(q)
        stages: dict[str, list[float]] = {}  # the answer's own timings: resolve, retrieve, answer
        retr, full, retr_cpu, full_cpu = [], [], [], []
        l0 = loadavg()
        for _ in range(rounds):
            for q in questions:
                c, t = time.process_time(), time.perf_counter()
                a.search(q)
                retr.append(time.perf_counter() - t)
                retr_cpu.append(time.process_time() - c)
                a.clear_caches()  # each answer embeds its passages' sentences, as a new question would
                c, t = time.process_time(), time.perf_counter()
                answer = a.ask(q)
                full.append(time.perf_counter() - t)
                full_cpu.append(time.process_time() - c)
                for name in ("resolve_ms", "retrieve_ms", "answer_ms"):
                    if name in answer.timings_ms:
                        stages.setdefault(name.removesuffix("_ms"), []).append(answer.timings_ms[name] / 1000)
        out = {
            "label": label, "chunks": chunks, "documents": len(a.documents()), "open_s": open_s,
            "first_answer_s": first_s, "retrieval": summary_ms(retr), "answer": summary_ms(full),
            "retrieval_cpu": summary_ms(retr_cpu), "answer_cpu": summary_ms(full_cpu),
            "stages": {k: summary_ms(v) for k, v in stages.items()}, "rss_mb": rss_mb(),
            "loadavg": [l0, loadavg()], "questions": len(questions), "rounds": rounds,
        }
    finally:
        a.close()
    log(f"[{label}] {out['chunks']} chunks: retrieval p50 {out['retrieval']['p50_ms']:.0f} ms p95 "
        f"{out['retrieval']['p95_ms']:.0f} ms; answer p50 {out['answer']['p50_ms']:.0f} ms p95 {out['answer']['p95_ms']:.0f} ms")
    return out


def keyword_load(store_dir: Path, collection: str) -> dict:
    """BM25 index: fingerprint (all ids from Chroma), load from the disk cache, full rebuild from Chroma."""
    from store.keyword import KeywordIndex, fingerprint

    a = open_assistant(store_dir, collection)
    try:
        s = a.store
        t = time.perf_counter()
        ids = s.chunk_ids()
        fp = fingerprint(ids)
        fp_s = time.perf_counter() - t
        t = time.perf_counter()
        kw = KeywordIndex.load(s.cache_dir, fp)
        load_s = time.perf_counter() - t
        t = time.perf_counter()
        chunks = {}
        for start in range(0, len(ids), 5000):
            chunks.update(s.get_chunks(ids[start:start + 5000]))
        KeywordIndex.build([i for i in ids if i in chunks], [f"{chunks[i].title}\n{chunks[i].text}" for i in ids
                                                              if i in chunks])
        rebuild_s = time.perf_counter() - t
        return {"chunks": len(ids), "fingerprint_s": fp_s, "cache_load_s": load_s, "cache_hit": kw is not None,
                "rebuild_s": rebuild_s, "loadavg": loadavg()}
    finally:
        a.close()


def ann_recall(store_dir: Path, collection: str, questions: list[str], ks=(10, 40),
               ef_values: tuple[int, ...] = ()) -> dict:
    """Recall of Chroma's HNSW top-k against exact search, for the configured ef_search and `ef_values`.

    Two counts: by id (the exact top-k ids found), and by distance (ann-benchmarks' way: a returned chunk
    counts when it is at least as close as the exact k-th, so exact duplicates, which corpora have, tie
    fairly). Each ef_search is set on the collection and read back by a fresh client (restored after)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from core.settings import Settings
    from store.embedder import load_embedder

    cs = ChromaSettings(anonymized_telemetry=False)
    path = str(store_dir / "chroma")
    client = chromadb.PersistentClient(path=path, settings=cs)
    try:
        col = client.get_collection(collection)
        n = col.count()
        ids, embs = [], []
        for off in range(0, n, 5000):
            r = col.get(include=["embeddings"], limit=5000, offset=off)
            ids += r["ids"]
            embs.append(np.asarray(r["embeddings"], dtype=np.float32))
        configured = dict((col.configuration_json or {}).get("hnsw", {}))
    finally:
        client.close()
    m = np.vstack(embs)
    row = {i: k for k, i in enumerate(ids)}
    q = load_embedder(Settings().model).embed(questions)
    kmax = max(ks)
    sims = q @ m.T
    exact = np.argsort(-sims, axis=1)[:, :kmax]
    results = []
    for ef in (None, *ef_values):
        client = chromadb.PersistentClient(path=path, settings=cs)
        try:
            col = client.get_collection(collection)
            if ef is not None:
                col.modify(configuration={"hnsw": {"ef_search": ef}})
                client.close()
                client = chromadb.PersistentClient(path=path, settings=cs)
                col = client.get_collection(collection)
            now = (col.configuration_json or {}).get("hnsw", {}).get("ef_search")
            lat, got = [], []
            for vec in q:
                t = time.perf_counter()
                r = col.query(query_embeddings=[vec.tolist()], n_results=kmax, include=[])
                lat.append(time.perf_counter() - t)
                got.append(r["ids"][0])
        finally:
            client.close()
        res = {"ef_search": now, "query": summary_ms(lat)}
        for k in ks:
            kk = min(k, n)
            by_id, by_dist = [], []
            for qi, g in enumerate(got):
                want = exact[qi, :kk]
                by_id.append(len(set(g[:kk]) & {ids[j] for j in want}) / kk)
                kth = sims[qi, want[-1]] - 1e-5
                by_dist.append(min(kk, sum(1 for i in g[:kk] if sims[qi, row[i]] >= kth)) / kk)
            res[f"recall_at_{k}"] = float(np.mean(by_id))
            res[f"recall_at_{k}_by_distance"] = float(np.mean(by_dist))
        results.append(res)
        log(f"[ann {store_dir.name}] ef_search {now}: " + ", ".join(
            f"recall@{k} {res[f'recall_at_{k}']:.4f} (by distance {res[f'recall_at_{k}_by_distance']:.4f})" for k in ks)
            + f", p50 {res['query']['p50_ms']:.1f} ms")
    if ef_values:
        client = chromadb.PersistentClient(path=path, settings=cs)
        try:
            client.get_collection(collection).modify(configuration={"hnsw": {"ef_search": int(configured.get("ef_search", 100))}})
        finally:
            client.close()
    return {"store": str(store_dir), "chunks": n, "queries": len(questions), "configured": configured,
            "results": results, "loadavg": loadavg()}
