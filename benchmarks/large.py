"""The ~100,000-chunk store, built once and cached outside the repository (WORK/store-100k).

Embedding 100,000 chunks of ~190 word pieces with MiniLM takes hours on 2 shared cores (measured: see
the throughput section of the report), so the large store is assembled from what the benchmark already
embedded, through the product's own write path (`ChromaStore.write_document`, then the BM25 rebuild):

1. **Real chunks**: every chunk of the base stores (seeds + legal instruments, the SciFact sample, and
   any other complete stores passed in), with their real text, metadata and real embeddings.
2. **Variants** up to the target count: a variant of a real chunk keeps ~85% of its sentences in a seeded
   random order (real words, new BM25 statistics, new chunk ids, grouped 50 to a document). Its vector is
   the real chunk's vector moved towards one of its 20 nearest real neighbours until its cosine to the
   original equals a value drawn from the cosines *measured* between real chunks and real embeddings of
   their own sentence-shuffled variants (`calibrate`). So vectors stay in the span of real embeddings and
   vary as much as real text variation makes them vary; they are not model outputs, and the report says so.

ANN recall is reported both on the real-vector stores and on this one.
"""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import numpy as np

from benchmarks.common import DEFAULT_WORK, load_json, log, loadavg, peak_rss_mb, save_json

GROUP = 50  # variant chunks per variant document
_SENT = re.compile(r"(?<=[.!?;:])\s+")


def large_paths(work: Path = DEFAULT_WORK) -> tuple[Path, Path]:
    return work / "store-100k", work / "build-100k.json"


def read_store(store_dir: Path, collection: str) -> dict:
    """All chunks of a store: ids, texts, metadatas, embeddings (float32, normalised)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(store_dir / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    try:
        col = client.get_collection(collection)
        n = col.count()
        ids, texts, metas, embs = [], [], [], []
        for off in range(0, n, 5000):
            r = col.get(include=["documents", "metadatas", "embeddings"], limit=5000, offset=off)
            ids += r["ids"]
            texts += r["documents"]
            metas += r["metadatas"]
            embs.append(np.asarray(r["embeddings"], dtype=np.float32))
        docs = client.get_collection(f"{collection}-docs").get(include=["metadatas"])
        titles = {i: m.get("title", "") for i, m in zip(docs["ids"], docs["metadatas"])}
    finally:
        client.close()
    return {"ids": ids, "texts": texts, "metas": metas, "emb": np.vstack(embs) if embs else np.zeros((0, 384), np.float32),
            "titles": titles}


def variant_text(text: str, rng: random.Random) -> str:
    sents = [s for s in _SENT.split(text) if s.strip()]
    if len(sents) < 2:  # one sentence: drop a few words instead
        words = text.split()
        keep = [w for w in words if rng.random() > 0.12] or words
        return " ".join(keep)
    kept = [s for s in sents if rng.random() > 0.15] or sents[:1]
    rng.shuffle(kept)
    return " ".join(kept)


def calibrate(embedder, texts: list[str], vectors: np.ndarray, n: int = 96, seed: int = 7) -> list[float]:
    """Cosines between real chunks and the real embeddings of their own sentence-shuffled variants."""
    rng = random.Random(seed)
    idx = rng.sample(range(len(texts)), min(n, len(texts)))
    var = embedder.embed([variant_text(texts[i], rng) for i in idx])
    return sorted(float(np.dot(vectors[i], v)) for i, v in zip(idx, var))


def move_towards(v: np.ndarray, w: np.ndarray, target: float) -> np.ndarray:
    """normalise(v + a (w - v)) with a in [0, 0.7] chosen so that its cosine to v is `target` (or as close)."""
    lo, hi = 0.0, 0.7
    for _ in range(20):
        a = (lo + hi) / 2
        u = v + a * (w - v)
        u /= np.linalg.norm(u)
        if float(np.dot(u, v)) > target:
            lo = a
        else:
            hi = a
    u = v + lo * (w - v)
    return (u / np.linalg.norm(u)).astype(np.float32)


def build_large(bases: list[tuple[Path, str]], work: Path = DEFAULT_WORK, target_chunks: int = 100_000,
                seed: int = 11) -> dict:
    from core.types import Chunk, Document
    from evals.tempstore import temporary_settings
    from ingest.chunking import chunk_id
    from store.embedder import load_embedder
    from store.chroma import open_store

    store_dir, result_path = large_paths(work)
    done = load_json(result_path)
    if done and done.get("complete") and (store_dir / "store.json").exists():
        log(f"{store_dir} already built: {done.get('chunks')} chunks")
        return done
    t0 = time.perf_counter()
    settings = temporary_settings(None, store_dir, "unesco")
    embedder = load_embedder(settings.model, settings.embed_batch_size)
    real = [read_store(p, c) for p, c in bases if (p / "store.json").exists()]
    ids = [i for r in real for i in r["ids"]]
    texts = [t for r in real for t in r["texts"]]
    metas = [m for r in real for m in r["metas"]]
    titles = {k: v for r in real for k, v in r["titles"].items()}
    emb = np.vstack([r["emb"] for r in real])
    log(f"{len(ids)} real chunks from {len(real)} stores")
    cos = calibrate(embedder, texts, emb)
    log(f"calibration: cosine(chunk, shuffled variant) median {np.median(cos):.3f}, p10 {np.percentile(cos, 10):.3f}")

    import shutil

    shutil.rmtree(store_dir, ignore_errors=True)
    store = open_store(settings, embedder, rebuild=True)
    write_s = 0.0
    try:
        # 1. the real chunks, one document record per original document
        pending: list = []  # documents written 1,000 chunks at a time (ChromaStore.write_documents)
        by_doc: dict[str, list[int]] = {}
        for n, m in enumerate(metas):
            by_doc.setdefault(m["doc_id"], []).append(n)
        tw = time.perf_counter()
        for doc_id, rows in by_doc.items():
            rows.sort(key=lambda r: metas[r]["ordinal"])
            chunks = [Chunk(id=ids[r], document_id=doc_id, text=texts[r], start=int(metas[r]["start"]),
                            end=int(metas[r]["end"]), ordinal=int(metas[r]["ordinal"]), section=metas[r].get("section", ""),
                            title=metas[r].get("title", ""), source=metas[r].get("source", "")) for r in rows]
            doc_text = " ".join(texts[r] for r in rows)  # the original text is not needed for latency
            h = metas[rows[0]]["doc_hash"]
            pending.append((Document(id=doc_id, title=titles.get(doc_id, chunks[0].title), source=chunks[0].source,
                                     format="txt", text=doc_text, content_hash=h), chunks, emb[rows]))
            if sum(len(c) for _, c, _ in pending) >= 1000:
                store.write_documents(pending)
                pending = []
        if pending:
            store.write_documents(pending)
            pending = []
        write_s += time.perf_counter() - tw
        log(f"wrote {len(ids)} real chunks ({time.perf_counter() - t0:.0f} s)")

        # 2. variants
        rng = random.Random(seed)
        nprng = np.random.default_rng(seed)
        sims = emb @ emb.T if len(ids) <= 20000 else None
        neigh = None
        if sims is not None:
            np.fill_diagonal(sims, -1)
            neigh = np.argsort(-sims, axis=1)[:, :20]
            del sims
        total = len(ids)
        round_no = 0
        while total < target_chunks:
            round_no += 1
            order = list(range(len(ids)))
            rng.shuffle(order)
            for g in range(0, len(order), GROUP):
                rows = order[g:g + GROUP][: target_chunks - total]
                if not rows:
                    break
                doc_id = f"variant-{round_no:02d}-{g // GROUP:05d}"
                pieces, chunks, vecs, pos = [], [], [], 0
                for k, r in enumerate(rows):
                    t = variant_text(texts[r], rng)
                    title = f"{metas[r].get('title', '')} (variant {round_no})"
                    chunks.append(Chunk(id=chunk_id(doc_id, t, k), document_id=doc_id, text=t, start=pos,
                                        end=pos + len(t), ordinal=k, section=metas[r].get("section", ""), title=title,
                                        source=f"variants/{doc_id}.txt"))
                    pieces.append(t)
                    pos += len(t) + 2
                    w = emb[neigh[r][nprng.integers(0, neigh.shape[1])]] if neigh is not None else emb[nprng.integers(0, len(ids))]
                    vecs.append(move_towards(emb[r], w, cos[nprng.integers(0, len(cos))]))
                pending.append((Document(id=doc_id, title=f"Variants {round_no}-{g // GROUP}", source=f"variants/{doc_id}.txt",
                                         format="txt", text="\n\n".join(pieces), content_hash=f"v{round_no}-{g}"),
                                chunks, np.vstack(vecs)))
                total += len(rows)
                if len(pending) >= 20 or total >= target_chunks:
                    tw = time.perf_counter()
                    store.write_documents(pending)
                    write_s += time.perf_counter() - tw
                    pending = []
                if total >= target_chunks:
                    break
            if pending:
                store.write_documents(pending)
                pending = []
            log(f"variant round {round_no}: {total} chunks ({time.perf_counter() - t0:.0f} s)")
        tk = time.perf_counter()
        store.keyword_index()
        keyword_s = time.perf_counter() - tk
        count = store.count()
    finally:
        store.close()
    result = {"complete": True, "chunks": count, "real_chunks": len(ids), "variant_chunks": count - len(ids),
              "bases": [str(p) for p, _ in bases], "calibration_cosines": cos, "write_s": write_s,
              "keyword_build_s": keyword_s, "seconds": time.perf_counter() - t0, "peak_rss_mb": peak_rss_mb(),
              "loadavg": loadavg()}
    save_json(result_path, result)
    log(f"built {count} chunks ({len(ids)} real) in {result['seconds']:.0f} s; BM25 build {keyword_s:.0f} s")
    return result
