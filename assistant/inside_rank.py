"""The second stage inside the documents a question names: every chunk of them ranked by a fitted score.

When a question names a document ("the 2005 Convention", "its Constitution"), the answer is in that document,
but the first stage ranks its chunks by the whole chunk's similarity to the question: a long preamble that
repeats the question's words beats the article whose heading names what is asked ("Article 1 – Objectives"),
and the opening formula that says where and when it was adopted ("meeting in Belgrade ..., at its twenty-first
session") looks like nothing at all. Here every chunk of the focus documents (an instrument has 10 to 150) is
described by a few features and a logistic regression fitted on the library gold *dev* split
(`scripts/train_inside_rank.py`; never the test split) turns them into one score. The weights are a small
committed file; without it the first stage's fused order is kept.

Features (per chunk, the query without the documents' names):
- `dense`, `dense_gap`: cosine with the query, and its distance to the document's best chunk;
- `bm25`: BM25 over the whole index, divided by the document's best;
- `heading`: the share of the query's terms in the chunk's section heading ("Objectives", "Definitions");
- `local`: the best IDF-weighted share of the query's terms in one sentence of the chunk (IDF over the
  document's chunks), so evidence gathered in one sentence counts more than words spread over a page;
- `typed`: the question asks for a kind of answer (a date, a place, a number) and a sentence of the chunk holds
  one; `edge_typed`: the same, in the document's first or last chunk (its opening or closing formula);
- `first`, `last`: the chunk opens or closes the document.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.textutil import sentence_spans, terms
from core.types import Chunk

WEIGHTS = Path(__file__).resolve().parent / "data" / "inside_rank.json"

FEATURES = ("dense", "dense_gap", "bm25", "heading", "local", "typed", "edge_typed", "first", "last")
# Words that name a document or its parts, not what is asked about them.
_GENERIC = frozenset(terms("convention recommendation declaration charter agreement protocol constitution "
                           "instrument text document article articles paragraph unesco state states"))


@dataclass(frozen=True)
class Candidate:
    """One chunk of a focus document with its first-stage scores (None: not found by that search)."""

    chunk: Chunk
    dense: float | None
    keyword: float | None
    first: bool
    last: bool


def features(query: str, kind: str, candidates: Sequence[Candidate]) -> list[dict[str, float]]:
    """The features of each candidate (all chunks of one document), in order."""
    from assistant.compose import has_answer_type

    qterms = [t for t in dict.fromkeys(terms(query)) if t not in _GENERIC]
    chunk_terms = [set(terms(c.chunk.text)) for c in candidates]
    n = len(candidates)
    idf = {t: math.log(1 + n / (1 + sum(t in ct for ct in chunk_terms))) for t in qterms}
    total = sum(idf.values()) or 1.0
    dense = [c.dense for c in candidates if c.dense is not None]
    best_dense = max(dense) if dense else 0.0
    low_dense = min(dense) if dense else 0.0
    keyword = [c.keyword for c in candidates if c.keyword]
    best_keyword = max(keyword) if keyword else 0.0
    rows = []
    for c, ct in zip(candidates, chunk_terms):
        heading = set(terms(c.chunk.section)) if c.chunk.section else set()
        local, typed = 0.0, False
        if qterms and ct & set(qterms) or kind:
            for s, e in sentence_spans(c.chunk.text):
                sentence = c.chunk.text[s:e]
                st = set(terms(sentence))
                local = max(local, sum(idf[t] for t in qterms if t in st) / total)
                typed = typed or bool(kind and has_answer_type(sentence, kind, query))
        d = c.dense if c.dense is not None else low_dense
        rows.append({
            "dense": d, "dense_gap": d - best_dense,
            "bm25": (c.keyword or 0.0) / best_keyword if best_keyword else 0.0,
            "heading": sum(t in heading for t in qterms) / len(qterms) if qterms else 0.0,
            "local": local, "typed": float(typed), "edge_typed": float(typed and (c.first or c.last)),
            "first": float(c.first), "last": float(c.last),
        })
    return rows


@dataclass(frozen=True)
class InsideRanker:
    """score = bias + sum(weight * (feature - mean) / scale): a logistic regression's log-odds."""

    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]
    scales: tuple[float, ...]
    source: str = ""

    def score(self, row: Mapping[str, float]) -> float:
        return self.bias + sum(w * (float(row.get(f, 0.0)) - m) / (s or 1.0)
                               for f, w, m, s in zip(FEATURES, self.weights, self.means, self.scales))

    def probability(self, row: Mapping[str, float]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.score(row)))))

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "weights": list(self.weights), "bias": self.bias,
                "means": list(self.means), "scales": list(self.scales), "source": self.source}

    @classmethod
    def from_json(cls, data: Mapping) -> InsideRanker:
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError(f"inside-rank weights are for features {data.get('features')}, not {list(FEATURES)}: "
                             "refit them with scripts/train_inside_rank.py")
        return cls(tuple(map(float, data["weights"])), float(data["bias"]), tuple(map(float, data["means"])),
                   tuple(map(float, data["scales"])), str(data.get("source", "")))


@lru_cache(maxsize=4)
def load_ranker(path: str | None = None) -> InsideRanker | None:
    """The committed fit (`assistant/data/inside_rank.json`); None when there is none (first-stage order)."""
    target = Path(path) if path else WEIGHTS
    if not target.is_file():
        return None
    return InsideRanker.from_json(json.loads(target.read_text(encoding="utf-8")))


def rank(query: str, kind: str, candidates: Sequence[Candidate], ranker: InsideRanker) -> list[tuple[Candidate, float]]:
    """The candidates with their scores, best first (ties: reading order)."""
    rows = features(query, kind, candidates)
    scored = [(c, ranker.score(r)) for c, r in zip(candidates, rows)]
    return sorted(scored, key=lambda x: (-x[1], x[0].chunk.ordinal))
