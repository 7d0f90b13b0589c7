"""Hybrid retrieval: dense (Chroma) + keyword (BM25), fused, with overlapping and duplicate chunks merged.

Fusion is min-max normalised score fusion (`weighted`, the default: on SciFact it beats reciprocal-rank
fusion, see the eval report) or reciprocal-rank fusion (`rrf`), chosen by one setting.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from assistant.errors import ConfigError
from assistant.settings import Settings
from assistant.textutil import terms
from assistant.types import Chunk, Passage

KEYWORD_RECHECK_S = 30.0
MODES = ("hybrid", "dense", "bm25")  # how often a server-backed index checks for other writers


@dataclass
class _Candidate:
    chunk: Chunk
    dense: float | None = None
    keyword: float | None = None
    dense_rank: int | None = None
    keyword_rank: int | None = None


class HybridRetriever:
    def __init__(self, store, embedder, settings: Settings, mode: str = "hybrid") -> None:
        if mode not in MODES:
            raise ConfigError(f"The search mode must be one of {', '.join(MODES)}. Currently, it is {mode!r}.")
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.mode = mode
        self._kw = None
        self._kw_count = -1
        self._kw_checked = 0.0
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        with self._lock:
            self._kw = None

    def _keyword_index(self):
        with self._lock:
            now = time.monotonic()
            if self._kw is not None and (not self.store.server or now - self._kw_checked < KEYWORD_RECHECK_S):
                return self._kw
            count = self.store.count()
            if self._kw is None or count != self._kw_count or self.store.server:
                self._kw = self.store.keyword_index()
                self._kw_count = count
            self._kw_checked = now
            return self._kw

    def retrieve(self, query: str, top_k: int, *, mode: str | None = None) -> list[Passage]:
        mode = mode or self.mode
        if mode not in MODES:
            raise ConfigError(f"The search mode must be one of {', '.join(MODES)}. Currently, it is {mode!r}.")
        k = max(self.settings.candidates, top_k)
        cands: dict[str, _Candidate] = {}
        if mode in ("hybrid", "dense"):
            vec = self.embedder.embed([query])[0]
            for rank, (chunk, score) in enumerate(self.store.dense(vec, k), 1):
                cands[chunk.id] = _Candidate(chunk, dense=score, dense_rank=rank)
        if mode in ("hybrid", "bm25"):
            hits = self._keyword_index().search(query, k)
            missing = [i for i, _ in hits if i not in cands]
            fetched = self.store.get_chunks(missing) if missing else {}
            for rank, (cid, score) in enumerate(hits, 1):
                c = cands.get(cid)
                if c is None:
                    if cid not in fetched:
                        continue  # deleted since the index was built
                    c = cands[cid] = _Candidate(fetched[cid])
                c.keyword, c.keyword_rank = score, rank
        fused = self._fuse(list(cands.values()), mode)
        return _dedupe(fused, top_k)

    def _fuse(self, cands: list[_Candidate], mode: str) -> list[Passage]:
        if not cands:
            return []
        if mode == "dense":
            scores = {id(c): c.dense or 0.0 for c in cands}
        elif mode == "bm25":
            scores = {id(c): c.keyword or 0.0 for c in cands}
        elif self.settings.fusion == "rrf":
            k = self.settings.rrf_k
            scores = {id(c): (1 / (k + c.dense_rank) if c.dense_rank else 0.0)
                      + (1 / (k + c.keyword_rank) if c.keyword_rank else 0.0) for c in cands}
        else:
            w = self.settings.bm25_weight
            d = _minmax([c.dense for c in cands])
            b = _minmax([c.keyword for c in cands])
            scores = {id(c): (1 - w) * dn + w * bn for c, dn, bn in zip(cands, d, b)}
        ordered = sorted(cands, key=lambda c: (-scores[id(c)], c.chunk.id))
        return [Passage(c.chunk, scores[id(c)], c.dense, c.keyword, rank) for rank, c in enumerate(ordered, 1)]


def _minmax(values: list[float | None]) -> list[float]:
    present = [v for v in values if v is not None]
    if not present:
        return [0.0] * len(values)
    lo, hi = min(present), max(present)
    span = hi - lo
    return [0.0 if v is None else (1.0 if span == 0 else (v - lo) / span) for v in values]


def _dedupe(passages: list[Passage], top_k: int) -> list[Passage]:
    """Keep the best of overlapping chunks (same document, overlapping spans) and of near-duplicate texts."""
    kept: list[Passage] = []
    kept_terms: list[set[str]] = []
    for p in passages:
        c = p.chunk
        if any(k.chunk.document_id == c.document_id and k.chunk.start < c.end and c.start < k.chunk.end
               and _overlap_share(k.chunk, c) > 0.5 for k in kept):
            continue
        t = set(terms(c.text))
        if t and any(len(t & kt) / len(t | kt) > 0.8 for kt in kept_terms if kt):
            continue
        kept.append(p)
        kept_terms.append(t)
        if len(kept) == top_k:
            break
    return [Passage(p.chunk, p.score, p.dense_score, p.keyword_score, rank) for rank, p in enumerate(kept, 1)]


def _overlap_share(a: Chunk, b: Chunk) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter / max(1, min(a.end - a.start, b.end - b.start))
