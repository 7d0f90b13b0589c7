"""Warm query latency (retrieval alone, full extractive answer) and approximate-search recall.

For each store: open it (timed), answer one question (timed: the first question pays the BM25 index
load), warm up, then time `Assistant.search` (retrieval: query embedding, Chroma, BM25, fusion, dedupe)
and `Assistant.ask` (retrieval + extractive answer) over a fixed mix of real questions, `rounds` times.
Timing wrappers split retrieval into its stages.

Approximate-search recall@k: Chroma's HNSW top-k against exact top-k (numpy, all stored embeddings) for
real query embeddings; ef_search values are tried on the collection when asked (restored afterwards).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from evals.bench.common import log, loadavg, rss_mb, summary_ms


def open_assistant(store_dir: Path, collection: str):
    from assistant.api import Assistant
    from evals.tempstore import temporary_settings

    return Assistant.open(temporary_settings(None, store_dir, collection))


def _wrap_stages(a, stages: dict[str, list[float]]):
    """Instance-level timers on the retrieval stages; returns an undo function."""
    from ingest.keyword import KeywordIndex

    def timed(name, fn):
        def inner(*x, **kw):
            t = time.perf_counter()
            try:
                return fn(*x, **kw)
            finally:
                stages.setdefault(name, []).append(time.perf_counter() - t)
        return inner

    emb, store = a.embedder, a.store
    orig_search = KeywordIndex.search
    emb.embed = timed("embed_query", emb.embed)
    store.dense = timed("chroma_dense", store.dense)
    store.get_chunks = timed("chroma_get_chunks", store.get_chunks)
    KeywordIndex.search = timed("bm25", orig_search)

    def undo():
        del emb.embed, store.dense, store.get_chunks
        KeywordIndex.search = orig_search
    return undo


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
        stages: dict[str, list[float]] = {}
        undo = _wrap_stages(a, stages)
        retr, full, retr_cpu, full_cpu = [], [], [], []
        l0 = loadavg()
        try:
            for _ in range(rounds):
                for q in questions:
                    c, t = time.process_time(), time.perf_counter()
                    a.search(q)
                    retr.append(time.perf_counter() - t)
                    retr_cpu.append(time.process_time() - c)
                    a.extractive._cache.clear()  # each answer embeds its passages' sentences, as a new question would
                    c, t = time.process_time(), time.perf_counter()
                    a.ask(q)
                    full.append(time.perf_counter() - t)
                    full_cpu.append(time.process_time() - c)
        finally:
            undo()
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
    from ingest.keyword import KeywordIndex, fingerprint

    a = open_assistant(store_dir, collection)
    try:
        s = a.store
        t = time.perf_counter()
        ids = s._all_ids()
        fp = fingerprint(ids)
        fp_s = time.perf_counter() - t
        t = time.perf_counter()
        kw = KeywordIndex.load(s.cache_dir, fp)
        load_s = time.perf_counter() - t
        t = time.perf_counter()
        s._build_keyword(ids)
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

    from assistant.settings import Settings
    from ingest.embedder import load_embedder

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


def alternating(questions: list[str], arms: dict):
    """(question, arm name, arm value) for every question and arm, the arms' order reversed on every other
    question, so that a paired A/B's arms see the same load."""
    for n, q in enumerate(questions):
        order = list(arms.items())
        if n % 2:
            order.reverse()
        for name, value in order:
            yield q, name, value


def ab_small_calls(store_dir: Path, collection: str, questions: list[str]) -> dict:
    """Paired A/B of the embedder's small-call policy (one thread, batches of 8) against the old behaviour
    (all threads, batch 64), alternating per question so both see the same load."""
    from ingest.embedder import Embedder

    a = open_assistant(store_dir, collection)
    default = Embedder.small_call_chars
    res: dict[str, dict[str, list[float]]] = {"one thread, batch 8": {"search": [], "ask": []},
                                               "all threads, batch 64": {"search": [], "ask": []}}
    try:
        a.ask(questions[0])
        for q, name, store in alternating(questions, res):
            Embedder.small_call_chars = default if name.startswith("one") else 0
            t = time.perf_counter()
            a.search(q)
            store["search"].append(time.perf_counter() - t)
            a.extractive._cache.clear()
            t = time.perf_counter()
            a.ask(q)
            store["ask"].append(time.perf_counter() - t)
    finally:
        Embedder.small_call_chars = default
        a.close()
    out = {name: {k: summary_ms(v) for k, v in d.items()} for name, d in res.items()}
    new, old = res["one thread, batch 8"], res["all threads, batch 64"]
    out["paired_ratio_search"] = float(np.median([x / y for x, y in zip(new["search"], old["search"])]))
    out["paired_ratio_ask"] = float(np.median([x / y for x, y in zip(new["ask"], old["ask"])]))
    out["loadavg"] = loadavg()
    log(f"[A/B small calls] search x{out['paired_ratio_search']:.2f}, ask x{out['paired_ratio_ask']:.2f} (new/old, median of pairs)")
    return out


def ab_query_engine(store_dir: Path, collection: str, questions: list[str]) -> dict:
    """Paired A/B of the engine behind small calls: the verified ONNX export (`ingest/onnx_embedder.py`) against
    sentence-transformers on one torch thread (the small-call path before the export existed), alternating
    per question so both see the same load. Wall and process CPU time per call."""
    a = open_assistant(store_dir, collection)
    export = a.embedder.onnx
    if export is None:
        a.close()
        return {"error": "no ONNX export in the user cache (ingest once, or run `coldstart`)"}
    a.embedder.model  # noqa: B018 - load sentence-transformers before timing
    arms = {"onnx": export, "torch": None}
    res = {name: {"search": [], "ask": [], "search_cpu": [], "ask_cpu": []} for name in arms}
    try:
        a.ask(questions[0])
        for q, name, engine in alternating(questions, arms):
            a.embedder.onnx = engine
            for kind, call in (("search", a.search), ("ask", a.ask)):
                a.extractive._cache.clear()
                t, c = time.perf_counter(), time.process_time()
                call(q)
                res[name][kind].append(time.perf_counter() - t)
                res[name][f"{kind}_cpu"].append(time.process_time() - c)
    finally:
        a.embedder.onnx = export
        a.close()
    out = {name: {k: summary_ms(v) for k, v in d.items()} for name, d in res.items()}
    for kind in ("search", "ask", "search_cpu", "ask_cpu"):
        out[f"paired_ratio_{kind}"] = float(np.median([x / y for x, y in zip(res["onnx"][kind], res["torch"][kind])]))
    out["loadavg"] = loadavg()
    log(f"[A/B query engine] onnx/torch: search x{out['paired_ratio_search']:.2f} (CPU x{out['paired_ratio_search_cpu']:.2f}), "
        f"ask x{out['paired_ratio_ask']:.2f} (CPU x{out['paired_ratio_ask_cpu']:.2f})")
    return out


def ab_cached_count(store_dir: Path, collection: str, questions: list[str]) -> dict:
    """Paired A/B of the cached chunk count against asking Chroma to count twice per question (before),
    alternating per question so both arms see the same load. Retrieval only (`Assistant.search`)."""
    a = open_assistant(store_dir, collection)
    res: dict[str, list[float]] = {"cached count": [], "Chroma count() per call": []}
    try:
        a.search(questions[0])
        for q, name, times in alternating(questions, res):
            if name.startswith("Chroma"):
                a.store.cached_count = a.store.count  # the old behaviour
            t = time.perf_counter()
            a.search(q)
            times.append(time.perf_counter() - t)
            if name.startswith("Chroma"):
                del a.store.cached_count
    finally:
        a.close()
    out = {name: summary_ms(v) for name, v in res.items()}
    new, old = res["cached count"], res["Chroma count() per call"]
    out["paired_ratio"] = float(np.median([x / y for x, y in zip(new, old)]))
    out["chunks"] = None
    out["loadavg"] = loadavg()
    log(f"[A/B cached count] search x{out['paired_ratio']:.2f} (new/old, median of pairs); "
        f"p95 {out['cached count']['p95_ms']:.0f} vs {out['Chroma count() per call']['p95_ms']:.0f} ms")
    return out
