"""The BM25 keyword index (bm25s), derived from the chunks in Chroma.

Chroma is the source of truth. The keyword index is rebuilt from it whenever its fingerprint (a hash of the
sorted chunk ids) differs from Chroma's, so the two always agree, after an interrupted ingest too. A built
index is cached on disk under its fingerprint, so a warm start does not re-tokenise the corpus.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

from core import textutil

K1, B = 0.9, 0.4  # Anserini's defaults; reproduce BM25's published SciFact numbers


# Part of the fingerprint: a change of how text is tokenised rebuilds the cached index. "2": "co-" joined.
TOKENS_VERSION = "2"


def fingerprint(ids: list[str]) -> str:
    h = hashlib.sha1()
    h.update(f"tokens {TOKENS_VERSION} {textutil.JOIN_CO_PREFIX}\n".encode())
    for i in sorted(ids):
        h.update(i.encode())
        h.update(b"\n")
    return h.hexdigest()[:20]


def _tokenize(texts: list[str], show_progress: bool = False):
    import bm25s
    import Stemmer

    texts = [textutil.joined_prefixes(t) for t in texts]
    return bm25s.tokenize(texts, stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=show_progress)


class KeywordIndex:
    def __init__(self, ids: list[str], retriever, fp: str) -> None:
        self.ids = ids
        self.retriever = retriever
        self.fingerprint = fp
        self._rows: dict[str, list[int]] | None = None  # document id -> its rows (for filtered searches)

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> KeywordIndex:
        import bm25s

        retriever = bm25s.BM25(k1=K1, b=B)
        if ids:
            retriever.index(_tokenize(texts, show_progress=len(texts) > 20000), show_progress=False)
        return cls(list(ids), retriever, fingerprint(ids))

    def search(self, query: str, k: int, documents: frozenset[str] | set[str] | None = None) -> list[tuple[str, float]]:
        """The k best chunks for `query`, (chunk id, BM25 score) best first; only chunks of `documents` (ids)
        when given. The filter is a 0/1 weight per row applied inside bm25s's scoring, so the k returned are
        the k best of that subset (not the survivors of a global top k); the statistics (idf, lengths) stay
        the whole index's, so a score does not depend on the filter."""
        if not self.ids:
            return []
        mask = None
        if documents is not None:
            mask = self._mask(documents)
            if mask is None:
                return []
        tokens = _tokenize([query])
        if not tokens.ids or not tokens.ids[0]:
            return []  # only stopwords
        k = min(k, len(self.ids))
        docs, scores = self.retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1, weight_mask=mask)
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]

    def _mask(self, documents: frozenset[str] | set[str]):
        """Weights 1.0 on the rows of `documents`, 0.0 elsewhere; None when none of them has a row."""
        import numpy as np

        if self._rows is None:
            rows: dict[str, list[int]] = {}
            for n, chunk_id in enumerate(self.ids):  # a chunk id is "<document id>:<digest>"
                rows.setdefault(chunk_id.rpartition(":")[0], []).append(n)
            self._rows = rows
        picked = [r for d in documents for r in self._rows.get(d, ())]
        if not picked:
            return None
        mask = np.zeros(len(self.ids), dtype=np.float32)
        mask[picked] = 1.0
        return mask

    # -- disk cache ------------------------------------------------------------------------
    def save(self, cache_dir: Path) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        final = cache_dir / self.fingerprint
        if final.exists():
            return
        tmp = Path(tempfile.mkdtemp(dir=cache_dir, prefix=".tmp-"))
        try:
            if self.ids:
                self.retriever.save(str(tmp / "bm25"))
            (tmp / "ids.json").write_text(json.dumps(self.ids))
            tmp.rename(final)  # atomic: a half-written cache is never seen
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            return
        for old in cache_dir.iterdir():  # keep only the current one
            if old.name != self.fingerprint:
                shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, cache_dir: Path, fp: str) -> KeywordIndex | None:
        import bm25s

        d = cache_dir / fp
        try:
            ids = json.loads((d / "ids.json").read_text())
            retriever = bm25s.BM25.load(str(d / "bm25")) if ids else bm25s.BM25(k1=K1, b=B)
        except (OSError, ValueError, KeyError):
            return None
        if fingerprint(ids) != fp:
            return None
        return cls(ids, retriever, fp)
