"""A pseudo-English query for a question in another language (docs/languages.md, issue 17).

A French or Spanish question shares no words with the English sentences, so the cross-lingual answerer
(`assistant.crosslingual`) ranked a document's sentences by the multilingual model's cosine alone, which is not
sharp between sentences of one document ("Tolerance is harmony in difference." beats "Tolerance is respect,
acceptance and appreciation ..." for "Comment la Déclaration ... définit-elle la tolérance ?"). Here each content
word of the question is mapped to its nearest English words of the library: the library's words are embedded once
by the same multilingual model (USE v3 puts "patrimoine" next to "heritage", "plafond" next to "ceiling"), and a
question word's neighbours are the English words within `NEIGHBOUR_MARGIN` of its best one, above `NEIGHBOUR_FLOOR`,
at most `NEIGHBOURS` distinct stems.
A sentence then scores by the question words it holds a translation of, each weighted by how distinctive its
translation is among the candidate sentences (IDF), as the English answerer scores shared words.

- `content_words(question, language)`: the question's words without the language's stopwords (bm25s's lists),
  elided articles ("l'", "d'") and verb-subject hyphens ("définit-elle").
- `EnglishVocabulary(embedder, store)`: the library's English words, their stems (the BM25 stemmer) and their
  vectors; built on first use and rebuilt when the store's chunks change. Word vectors are cached in memory by
  word, so a rebuild embeds only new words.
- `PseudoQuery`: the question words with their English stems; `match(sentence_terms, idf)` is the IDF-weighted
  share of question words a sentence translates.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

NEIGHBOURS = 4  # English neighbours (distinct stems) kept per question word
NEIGHBOUR_FLOOR = 0.72  # cosine below which an English word is no translation
NEIGHBOUR_MARGIN = 0.12  # neighbours within this of the word's best neighbour count (weighted by their cosine)
# Neighbours are counted by stem, not by surface word: the four nearest words of "considerarse" are "consider",
# "considers", "considering", "considered", one translation, and "regarded" (0.83, the Teachers' Recommendation's
# word) came fifth. Up to NEIGHBOURS x SURFACE_PER_STEM nearest words are looked at. False: the nearest NEIGHBOURS
# words (docs/languages.md, "Session 13").
DISTINCT_STEMS = True
SURFACE_PER_STEM = 4
MIN_COUNT = 1  # occurrences of an English word in the library for it to be in the vocabulary

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?")
# French/Italian elisions ("l'emblème", "qu'est-ce", "dell'") and verb-subject hyphens ("définit-elle", "a-t-il").
_ELISION = re.compile(r"^(?:[ldjmnst]|qu|jusqu|lorsqu|puisqu|dell|dall|nell|sull|all|un)['’]", re.IGNORECASE)
_HYPHEN_PRONOUN = re.compile(r"(?:-t)?-(?:il|elle|ils|elles|on|je|tu|nous|vous|ce|se|le|la|les|lui|leur|y|en)$",
                             re.IGNORECASE)
_STOPWORD_LISTS = {"fr": "STOPWORDS_FRENCH", "es": "STOPWORDS_SPANISH", "de": "STOPWORDS_GERMAN",
                   "pt": "STOPWORDS_PORTUGUESE", "it": "STOPWORDS_ITALIAN", "ru": "STOPWORDS_RUSSIAN"}
# Question words the stopword lists lack; "comment" would match the English word "comment".
_QUESTION_WORDS = {"fr": {"comment", "pourquoi", "quand", "combien", "quoi", "quel", "quelle", "quels", "quelles"},
                   "es": {"cómo", "cuándo", "dónde", "cuánto", "cuánta", "cuántos", "cuántas", "cuál", "cuáles",
                          "qué", "quién", "quiénes", "por qué"},
                   "pt": {"como", "quando", "onde", "quanto", "quantos", "qual", "quais", "quem"},
                   "it": {"come", "quando", "dove", "quanto", "quanti", "quale", "quali", "chi", "perché"},
                   "de": {"wie", "wann", "wo", "wieviel", "wie viele", "welche", "welcher", "welches", "warum"}}
# Languages written without spaces between words: their "words" are whole clauses, so no pseudo-query.
UNSPACED = frozenset({"zh", "ja", "th"})


def _stopwords(language: str) -> frozenset[str]:
    import bm25s.stopwords as lists

    name = _STOPWORD_LISTS.get(language)
    listed = getattr(lists, name, ()) if name else ()
    return frozenset(w.casefold() for w in listed) | frozenset(_QUESTION_WORDS.get(language, ()))


def content_words(question: str, language: str) -> dict[str, int]:
    """The question's content words, casefolded, in order, with how often each occurs (see the module docstring)."""
    if language in UNSPACED:
        return {}
    stop = _stopwords(language)
    out: dict[str, int] = {}
    for raw in _WORD.findall(question):
        w = _HYPHEN_PRONOUN.sub("", _ELISION.sub("", raw)).casefold()
        if len(w) < 3 or w in stop:
            continue
        out[w] = out.get(w, 0) + 1
    return out


@dataclass
class QuestionWord:
    word: str
    stems: dict[str, float]  # English stem -> cosine of its best surface word with the question word
    count: int = 1  # occurrences in the question
    english: str = ""  # the nearest English word that is no stopword


@dataclass
class PseudoQuery:
    words: list[QuestionWord] = field(default_factory=list)

    @property
    def text(self) -> str:
        """A readable form, for logs and tests: each word with its English stems."""
        return "; ".join(f"{w.word} -> {', '.join(sorted(w.stems, key=lambda s: -w.stems[s]))}" for w in self.words)

    @property
    def english(self) -> str:
        """The question in (broken) English: each word's nearest English word, in order."""
        return " ".join(w.english for w in self.words if w.english)

    def english_as_written(self, texts: list[str]) -> str:
        """The question in (broken) English as `texts` word it: each word's nearest translation that the texts
        write, in the form they write it most often; `english`'s word where they write none."""
        surface = _written(tuple(texts))
        out = []
        for w in self.words:
            written = [s for s in w.stems if s in surface]
            if written:
                out.append(surface[max(written, key=lambda s: w.stems[s])])
            elif w.english:
                out.append(w.english)
        return " ".join(out)

    def stems(self) -> set[str]:
        return {s for w in self.words for s in w.stems}

    def match(self, sentence_terms: set[str], idf: dict[str, float], title_terms: frozenset[str] = frozenset(),
              title_weight: float = 1.0) -> float:
        """IDF-weighted share of the question's words that the sentence holds a translation of (0..1). A word
        weighs as much as its most distinctive translation; a translation found counts by its cosine relative to
        the word's best one. A word said once whose translation is in `title_terms` (the document's title: the
        question names the document with it, "Selon la Convention ... dans le domaine de l'enseignement") weighs
        `title_weight` as much: it tells the document, not the sentence."""
        total = got = 0.0
        for w in self.words:
            if not w.stems:
                continue
            weight = max(idf.get(s, 0.0) for s in w.stems)
            if w.count == 1 and title_terms and not title_terms.isdisjoint(w.stems):
                weight *= title_weight
            best = max(w.stems.values())
            total += weight
            hits = [c for s, c in w.stems.items() if s in sentence_terms]
            if hits:
                got += weight * max(hits) / best
        return got / total if total else 0.0


@lru_cache(maxsize=8)
def _written(texts: tuple[str, ...]) -> dict[str, str]:
    """Each stem `texts` write -> its most frequent written form; kept for the last few documents (a document's
    sentences are the same tuple for every question on it)."""
    from collections import Counter

    from core.textutil import terms

    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for raw in _WORD.findall(text):
            for stem in terms(raw)[:1]:
                forms.setdefault(stem, Counter())[raw.casefold()] += 1
    return {s: c.most_common(1)[0][0] for s, c in forms.items()}


class EnglishVocabulary:
    """The library's English words and their multilingual vectors (see the module docstring)."""

    def __init__(self, embedder, store) -> None:
        self.embedder = embedder
        self.store = store
        self._lock = threading.Lock()
        self._vectors: dict[str, object] = {}  # word -> vector, kept across rebuilds
        self._fingerprint: str | None = None
        self._words: list[str] = []
        self._stems: list[str] = []
        self._matrix = None

    def _current(self):
        from store.keyword import fingerprint

        ids = self.store.chunk_ids()
        fp = fingerprint(ids)
        if fp != self._fingerprint:
            self._build(ids, fp)
        return self._words, self._stems, self._matrix

    def _build(self, ids: list[str], fp: str) -> None:
        import numpy as np

        from assistant.spelling import library_word_counts
        from core.textutil import terms

        counts = library_word_counts(self.store, ids, _WORD)
        words = sorted(w for w, n in counts.items() if n >= MIN_COUNT and len(w) >= 2)
        missing = [w for w in words if w not in self._vectors]
        if missing:
            for w, v in zip(missing, self.embedder.embed(missing, batch_size=256)):
                self._vectors[w] = v
        stems = [(terms(w) or [""])[0] for w in words]  # "" for an English stopword: no translation
        self._words, self._stems = words, stems
        self._matrix = np.stack([self._vectors[w] for w in words]) if words else np.zeros((0, self.embedder.dim))
        self._fingerprint = fp

    def pseudo_query(self, question: str, language: str, floor: float = NEIGHBOUR_FLOOR) -> PseudoQuery:
        """The question's content words with their English translations among the library's words (`floor`: the
        cosine below which an English word is no translation)."""
        counts = content_words(question, language)
        qwords = list(counts)
        if not qwords:
            return PseudoQuery()
        with self._lock:
            words, stems, matrix = self._current()
        if not words:
            return PseudoQuery()
        import numpy as np

        sims = self.embedder.embed(qwords) @ matrix.T
        out = []
        for qw, row in zip(qwords, sims):
            top = np.argsort(-row)[:NEIGHBOURS * SURFACE_PER_STEM if DISTINCT_STEMS else NEIGHBOURS]
            best = float(row[top[0]])
            found: dict[str, float] = {}
            english = ""
            for i in top:
                cos = float(row[i])
                if cos < floor or cos < best - NEIGHBOUR_MARGIN:
                    break
                if not stems[i]:  # nearest to an English stopword ("quel" -> "which"): a function word
                    if i == top[0]:
                        break
                    continue
                if DISTINCT_STEMS and stems[i] not in found and len(found) >= NEIGHBOURS:
                    break
                found[stems[i]] = max(found.get(stems[i], 0.0), cos)
                english = english or words[i]
            out.append(QuestionWord(qw, found, counts[qw], english))
        return PseudoQuery(out)
