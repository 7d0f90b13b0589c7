"""Hybrid retrieval: dense (Chroma) + keyword (BM25), fused, with overlapping and duplicate chunks merged.

Fusion is min-max normalised score fusion (`weighted`, the default: on SciFact it beats reciprocal-rank
fusion, see the eval report) or reciprocal-rank fusion (`rrf`), chosen by one setting.

A `Scope` (documents, types, years, origin) is resolved to document ids once (`assistant.documents`) and
applied inside both searches: Chroma's `where` on the chunks' `doc_id`, and a 0/1 row mask inside BM25's
scoring, so each returns the best k *of the scope*. `focus` (the documents a question names, from
`DocumentResolver.focus`) retrieves within those documents and, separately, across the rest; passages of
the focus documents come first (shared out between them; searched with the query without the documents'
names, which match all their passages alike), then, when they have too few, the best of the rest, where a
passage of another document that merely mentions a focus document (a preamble's "Recalling the 1970
Convention", a list of instruments) ranks after the ones that do not.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

from assistant.documents import INSTRUMENT_TYPES
from core.errors import ConfigError
from core.settings import Settings
from core.textutil import fold, sentence_spans, terms
from core.types import Chunk, Passage, Scope

KEYWORD_RECHECK_S = 30.0  # how often a server-backed index checks for other writers
QUERY_VECTORS = 32  # query embeddings kept (`HybridRetriever._query_vector`)
MODES = ("hybrid", "dense", "bm25")
STRIP_NAMES = True  # search inside the focus documents without their names (which match all their passages)
# Of top_k, kept for passages outside the focus documents even when those fill it. Library dev split (102 cases
# with sources, seeds + instruments), hit@5 / share of the top 5 from an expected document: 0 slots 0.765 /
# 0.912, 1 slot 0.755 / 0.751, 2 slots 0.735 / 0.592 (no focus: 0.667 / 0.659). A wrong focus is rarer than
# a right one crowded out; the rest still fills the top k when the focus documents have too few passages.
REST_SLOTS = 0
# One slot of the top k for the best passage of a document that is no instrument (a web page, a policy brief) and
# names a focus document; False: such passages come last, with the preambles that cite a focus document
DESCRIBED_SLOT = True
_TYPE_TERMS = frozenset(terms(" ".join(INSTRUMENT_TYPES)))  # "convent", "recommend", ...: they ask nothing of a page
# A non-English question also searches BM25 with its pseudo-English words (`assistant.pseudo_query`: "paz" ->
# "peace"), fused with the multilingual ranking as the hybrid fuses MiniLM and BM25 (issue 17, docs/languages.md:
# right top document on the dev half of languages.jsonl 27 -> 29 of 31, library_dev's language questions 9 -> 12
# of 14; answers correct unchanged). False: the multilingual index alone.
PSEUDO_BM25 = True
# "How many members does the Commission of the 1962 Protocol have?": the named document's passage that counts what is
# asked ("shall consist of eleven members") comes first when none of the top k counts it (`_with_count`); False: the
# top k as ranked (Article 2 ranked seventh of the Protocol's chunks, and the question was refused)
COUNTING_CLAUSES = True
# "What is X?" with no document named: the library's clause that defines X among the passages (`_with_library_definition`)
LIBRARY_DEFINITIONS = True


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
        self._doc_chunks: dict[str, list[Chunk]] = {}
        self._doc_chunks_count = -1
        self._vocabulary = None
        self._query_vecs: dict[str, object] = {}  # query text -> its vector (`_query_vector`)

    @property
    def vocabulary(self):
        """The library's English words in the multilingual model's space (`assistant.pseudo_query`), made on first
        use; None without a multilingual index. The cross-lingual answerer shares it."""
        embedder = getattr(self.store, "multilingual_embedder", None)
        if embedder is None:
            return None
        with self._lock:
            if self._vocabulary is None:
                from assistant.pseudo_query import EnglishVocabulary

                self._vocabulary = EnglishVocabulary(embedder, self.store)
            return self._vocabulary

    def _english_words(self, query: str, language: str) -> str:
        """The question's pseudo-English words for BM25 ("" when off or when none translate)."""
        vocabulary = self.vocabulary if PSEUDO_BM25 else None
        return vocabulary.pseudo_query(query, language).english if vocabulary is not None else ""

    @property
    def resolver(self):
        from assistant.documents import DocumentResolver

        return DocumentResolver.for_store(self.store)

    def invalidate(self) -> None:
        with self._lock:
            self._kw = None
            self._doc_chunks, self._doc_chunks_count = {}, -1
        self.resolver.invalidate()

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

    def retrieve(self, query: str, top_k: int, *, mode: str | None = None, scope: Scope | None = None,
                 focus: tuple[str, ...] = (), language: str = "en") -> list[Passage]:
        """The top_k passages for `query`, only from the documents `scope` allows; `focus` (document ids) puts
        those documents' passages first (see the module docstring). A `language` other than English searches the
        store's multilingual index (`store.multilingual`), fused with BM25 on the question's pseudo-English words
        (`PSEUDO_BM25`; the question's own words only add noise to English BM25)."""
        mode = mode or self.mode
        if mode not in MODES:
            raise ConfigError(f"The search mode must be one of {', '.join(MODES)}. Currently, it is {mode!r}.")
        if language != "en" and getattr(self.store, "multilingual_ready", lambda: False)():
            mode = "multilingual"
        allowed = self.resolver.scope_ids(scope) if scope else None
        if allowed is not None and not allowed:
            return []
        focus = tuple(d for d in focus if allowed is None or d in allowed)
        k = max(self.settings.candidates, top_k)
        vec = self._query_vector(query) if mode in ("hybrid", "dense") else None
        english = self._english_words(query, language) if mode == "multilingual" else ""
        cands = self._candidates(query, vec, k, mode, allowed, english)
        if not focus:
            passages = _dedupe(self._fuse(list(cands.values()), mode), top_k)
            return self._with_library_definition(query, passages, allowed) if mode != "multilingual" else passages
        inside_query = (self.resolver.without_names(query) if STRIP_NAMES else "") or query
        inside_vec = vec if inside_query == query or vec is None else self._query_vector(inside_query)
        ranked = self._inside_ranked(query, inside_query, inside_vec, focus, mode)
        if ranked is None:
            inside = self._candidates(inside_query, inside_vec, k, mode, frozenset(focus), english)
            ranked = self._fuse(list(inside.values()), mode)
        rest = [c for c in cands.values() if c.chunk.document_id not in focus]
        passages = self._with_set_clauses(query, focus, _focused(ranked, self._fuse(rest, mode), focus, top_k,
                                                                 self.resolver, inside_query))
        return _with_count(query, inside_query, ranked, passages, top_k) if COUNTING_CLAUSES else passages

    def _with_library_definition(self, query: str, passages: list[Passage],
                                 allowed: frozenset[str] | None) -> list[Passage]:
        """"What is intangible cultural heritage?" names no document, but one of them defines the term: its defining
        clause, first (a document whose title holds the term before others; at most DEFINITION_LIMIT chunks). The
        chunks holding the term's words (BM25) are the ones looked at."""
        from assistant.definitions import DEFINITION_LIMIT, definition_chunks, plain_term

        term = plain_term(query) if LIBRARY_DEFINITIONS else ""
        if not term:
            return passages
        index = self._keyword_index()
        hits = index.search(term, 30, allowed) if allowed is not None else index.search(term, 30)
        chunks = self.store.get_chunks([cid for cid, _ in hits]) if hits else {}
        in_order = [c for cid, _ in hits if (c := chunks.get(cid)) is not None]
        found = definition_chunks(in_order, term, limit=len(in_order))
        if not found:
            return passages
        found.sort(key=lambda c: term not in fold(c.title or ""))  # stable: BM25 order otherwise
        have = {p.chunk.id for p in passages}
        extra = [c for c in found[:DEFINITION_LIMIT] if c.id not in have]
        first = {c.id for c in found[:DEFINITION_LIMIT]}
        merged = [Passage(c, 1.0) for c in extra] + [p for p in passages if p.chunk.id in first] + \
            [p for p in passages if p.chunk.id not in first]
        return _numbered(merged)

    def _with_set_clauses(self, query: str, focus: tuple[str, ...], passages: list[Passage]) -> list[Passage]:
        """The set clauses of a named document that a question asks for, first, when retrieval missed them: where
        it defines the term asked about ("How does it define an artist?": `assistant.definitions`), and, for when
        or where it was adopted, its dating formulas ("Done at The Hague, this fourteenth day of May, 1954":
        `assistant.formulas`). They share few words with the question."""
        from assistant.definitions import defined_term, definition_chunks, plain_term
        from assistant.formulas import asks_about_adoption, formula_chunks

        # "How does it define an artist?", and a plain "whats a document in the ... recomendation 2015"
        term = defined_term(query) or (plain_term(query) if LIBRARY_DEFINITIONS else "")
        finders = ([lambda chunks: definition_chunks(chunks, term)] if term else []) + \
            ([formula_chunks] if asks_about_adoption(query) else [])
        have = {p.chunk.id for p in passages}
        extra: list[Chunk] = []
        for find in finders:
            for doc in focus[:4]:
                for c in find(self.document_chunks(doc)):
                    if c.id not in have:
                        have.add(c.id)
                        extra.append(c)
        if not extra:
            return passages
        merged = [Passage(c, 1.0) for c in extra] + passages
        return _numbered(merged)

    def _query_vector(self, text: str):
        """The embedding of a query, kept for the next few: a comparison searches the same words once for the
        whole question and again inside each document it names."""
        with self._lock:
            vec = self._query_vecs.get(text)
        if vec is None:
            vec = self.embedder.embed([text])[0]
            with self._lock:
                if len(self._query_vecs) >= QUERY_VECTORS:
                    self._query_vecs.pop(next(iter(self._query_vecs)))
                self._query_vecs[text] = vec
        return vec

    def forget_queries(self) -> None:
        """Forget the kept query vectors (benchmarks time each question as if it were new)."""
        with self._lock:
            self._query_vecs.clear()

    def _inside_ranked(self, query: str, inside_query: str, vec, focus: tuple[str, ...], mode: str) -> list[Passage] | None:
        """Every chunk of the focus documents ranked by the fitted second stage (`assistant.inside_rank`); None
        without its weights or for another mode than hybrid (the first-stage order is kept then)."""
        from assistant.compose import answer_type
        from assistant.inside_rank import load_ranker, rank

        ranker = load_ranker() if self.settings.inside_rank else None
        if ranker is None or mode != "hybrid" or vec is None:
            return None
        kind = answer_type(query)
        index = self._keyword_index()
        out: list[Passage] = []
        for doc in focus:
            ranked = rank(inside_query, kind, self.inside_candidates(inside_query, vec, doc, index), ranker)
            out += [Passage(c.chunk, score, c.dense, c.keyword, 0) for c, score in ranked]
        out.sort(key=lambda p: -p.score)
        return _numbered(out)

    def inside_candidates(self, query: str, vec, doc: str, index=None) -> list:
        """Every chunk of document `doc` with its dense and BM25 scores for `query` (`inside_rank.Candidate`)."""
        from assistant.inside_rank import Candidate

        chunks = self.document_chunks(doc)
        if not chunks:
            return []
        dense = {c.id: s for c, s in self.store.dense(vec, len(chunks), where={"doc_id": doc})}
        index = index or self._keyword_index()
        keyword = dict(index.search(query, len(chunks), frozenset([doc])))
        last = len(chunks) - 1
        return [Candidate(c, dense.get(c.id), keyword.get(c.id), i == 0, i == last) for i, c in enumerate(chunks)]

    def document_chunks(self, doc: str) -> list[Chunk]:
        """A document's chunks in reading order, kept until the store changes."""
        count = self.store.cached_count()
        with self._lock:
            if self._doc_chunks_count != count:
                self._doc_chunks, self._doc_chunks_count = {}, count
            cached = self._doc_chunks.get(doc)
        if cached is None:
            cached = self.store.document_chunks(doc)
            with self._lock:
                if len(self._doc_chunks) > 64:
                    self._doc_chunks.pop(next(iter(self._doc_chunks)))
                self._doc_chunks[doc] = cached
        return cached

    def _candidates(self, query: str, vec, k: int, mode: str, documents: frozenset[str] | None,
                    english: str = "") -> dict[str, _Candidate]:
        """`english`: for the multilingual mode, the question's pseudo-English words, searched by BM25."""
        cands: dict[str, _Candidate] = {}
        if mode == "multilingual":
            where = {"doc_id": {"$in": sorted(documents)}} if documents is not None else None
            for rank, (chunk, score) in enumerate(self.store.multilingual_dense(query, k, where=where), 1):
                cands[chunk.id] = _Candidate(chunk, dense=score, dense_rank=rank)
            if not english:
                return cands
            query = english
        if vec is not None:
            where = {"doc_id": {"$in": sorted(documents)}} if documents is not None else None
            for rank, (chunk, score) in enumerate(self.store.dense(vec, k, where=where), 1):
                cands[chunk.id] = _Candidate(chunk, dense=score, dense_rank=rank)
        if mode in ("hybrid", "bm25", "multilingual"):
            index = self._keyword_index()
            hits = index.search(query, k, documents) if documents is not None else index.search(query, k)
            missing = [i for i, _ in hits if i not in cands]
            fetched = self.store.get_chunks(missing) if missing else {}
            for rank, (cid, score) in enumerate(hits, 1):
                c = cands.get(cid)
                if c is None:
                    if cid not in fetched:
                        continue  # deleted since the index was built
                    c = cands[cid] = _Candidate(fetched[cid])
                c.keyword, c.keyword_rank = score, rank
        return cands

    def _fuse(self, cands: list[_Candidate], mode: str) -> list[Passage]:
        if not cands:
            return []
        if mode == "dense" or (mode == "multilingual" and all(c.keyword is None for c in cands)):
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
        twin = next((i for i, kt in enumerate(kept_terms) if t and kt and len(t & kt) / len(t | kt) > 0.8), None)
        if twin is not None:
            # A near-copy of a library passage never pushes it out: the library text takes the upload's place.
            if c.origin == "library" and kept[twin].chunk.origin not in ("library", ""):
                kept[twin], kept_terms[twin] = p, t
            continue
        kept.append(p)
        kept_terms.append(t)
        if len(kept) == top_k:
            break
    return _numbered(kept)


def _focused(inside_fused: list[Passage], rest_fused: list[Passage], focus: tuple[str, ...], top_k: int,
             resolver, asked: str = "") -> list[Passage]:
    """Focus documents' passages first (each fused on its own, with the query without the documents' names),
    shared out round-robin between the focus documents; then the rest, those that only mention a focus
    document last, except the best passage of a page or brief that names one and holds a word of `asked`
    (`DESCRIBED_SLOT`). At most `top_k - REST_SLOTS` (less that one) focus passages when the rest has any."""
    per_doc: dict[str, list[Passage]] = {d: [] for d in focus}
    for p in _dedupe(inside_fused, len(inside_fused)):
        if p.chunk.document_id in per_doc:
            per_doc[p.chunk.document_id].append(p)
    rest = _dedupe(rest_fused, 2 * top_k)  # only these can still make the top k
    focus_set = set(focus)
    plain = [p for p in rest if not focus_set & set(resolver.mentions(p.chunk.text, loose=False))]
    rest = plain + [p for p in rest if p not in plain]
    inside: list[Passage] = []
    queues = [q for q in per_doc.values() if q]
    while queues:
        for q in queues:
            inside.append(q.pop(0))
        queues = [q for q in queues if q]
    # a page or brief that names a focus document says what is done under it ("UNESCO organizes a yearly World
    # Heritage Youth Forum" under the 1972 Convention): it is no preamble that only cites it. It must hold a word the
    # question asks with (`asked`: the query without the documents' names), other than a year or a type of document
    # ("Compare the 1972 Convention and the 2003 Convention" asks nothing of the brief that names both)
    pages = [p for p in rest if p not in plain and p.chunk.doc_type.casefold() not in INSTRUMENT_TYPES] \
        if DESCRIBED_SLOT else []
    words = {w for w in terms(asked) if not w.isdigit()} - _TYPE_TERMS if pages else set()
    described = [p for p in pages if words & set(terms(p.chunk.text))][:1]
    slots = REST_SLOTS + len(described)
    room = top_k - min(slots, len(rest)) if top_k > slots + 1 else top_k
    chosen = (inside[:room] + described)[:top_k]  # a top k of one or two keeps its focus passages
    chosen += [p for p in rest if p not in described][:top_k - len(chosen)]
    return _numbered(chosen)


def _with_count(query: str, asked: str, ranked: list[Passage], passages: list[Passage], top_k: int) -> list[Passage]:
    """For "How many members does the Commission have?", the focus documents' best-ranked passage whose sentence
    counts what is asked and holds another word of the question (`asked`: without the documents' names): "The
    Commission shall consist of eleven members". First, when no passage of the top k counts it
    (`COUNTING_CLAUSES`); the top k is not lengthened. "How many States have ratified the 2005 Convention?" is not
    answered by "It shall be composed of representatives of 18 States Parties": it says nothing of ratifying."""
    from assistant.compose import answer_type, counted_noun, counted_words, has_answer_type

    noun = counted_noun(query)
    if answer_type(query) != "number" or not noun:
        return passages
    words = {w for w in terms(asked) if not w.isdigit()} - set(counted_words(query)) - _TYPE_TERMS

    def counting(p: Passage, other_word: bool = False) -> bool:
        return any(has_answer_type(sentence, "number", query) and (not other_word or words & set(terms(sentence)))
                   for sentence in (p.chunk.text[a:b] for a, b in sentence_spans(p.chunk.text)))

    if any(counting(p) for p in passages):
        return passages
    found = next((p for p in ranked if counting(p, other_word=True)), None)
    if found is None:
        return passages
    return _numbered([replace(found, score=1.0)] + [p for p in passages if p.chunk.id != found.chunk.id][:top_k - 1])


def _overlap_share(a: Chunk, b: Chunk) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter / max(1, min(a.end - a.start, b.end - b.start))


def _numbered(passages: list[Passage]) -> list[Passage]:
    """The passages with their ranks renumbered 1, 2, ... in list order."""
    return [replace(p, rank=rank) for rank, p in enumerate(passages, 1)]
