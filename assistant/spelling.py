"""Misspelt words of an English question, read as the library's own words ("recomendation", "convension",
"responsibilty").

Informal questions are typed fast: "whats a document in the documentary heritage recomendation 2015". Their
misspelt words match no passage word, so BM25 and the answerer's word overlap lose them, and a question that asks
only what a document is about no longer reads as one ("convension" is no title word). Here a lowercase word of five
letters or more that no passage holds is replaced by the library word closest to it in edit distance (one edit up
to seven letters, two from eight), the most frequent among equals, provided that word occurs at least
`MIN_COUNT` times. A word of the embedding model's own vocabulary (its WordPiece `vocab.txt`: 20,000 common English
words) is never corrected, though the library lacks it ("count" is not "court"). Capitalised words are never
touched: they are names, and a name the library lacks ("What is the capital of Australia?") must stay missing.
The vocabulary is counted over the store's chunks once and again when they change; `rapidfuzz` computes the
distances.
"""

from __future__ import annotations

import re
import threading

MIN_LENGTH = 5  # shorter words are too often other words one edit away ("shud" -> "shed")
MIN_COUNT = 3  # a correction must be a word the library uses at least this often
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def library_word_counts(store, ids: list[str], word: re.Pattern = _WORD, step: int = 500) -> dict[str, int]:
    """How often each casefolded word (`word`: what a word is) occurs in the titles and texts of the chunks `ids`;
    the cross-lingual vocabulary (`assistant.pseudo_query`) counts its words here too."""
    counts: dict[str, int] = {}
    for start in range(0, len(ids), step):
        for chunk in store.get_chunks(ids[start:start + step]).values():
            for w in word.findall(chunk.title + " " + chunk.text):
                w = w.casefold().replace("’", "'")
                counts[w] = counts.get(w, 0) + 1
    return counts


class Speller:
    """Corrects an English question's misspelt lowercase words to the words of the library (module docstring)."""

    def __init__(self, store, known: frozenset[str] = frozenset()) -> None:
        self.store = store
        self.known = known  # English words that are right as they are (`model_words`)
        self._lock = threading.Lock()
        self._fingerprint: str | None = None
        self._counts: dict[str, int] = {}
        self._frequent: list[str] = []

    def _current(self) -> tuple[dict[str, int], list[str]]:
        from store.keyword import fingerprint

        ids = self.store.chunk_ids()
        fp = fingerprint(ids)
        with self._lock:
            if fp != self._fingerprint:
                self._counts = library_word_counts(self.store, ids)
                self._frequent = [w for w, n in self._counts.items() if n >= MIN_COUNT and len(w) >= MIN_LENGTH - 1]
                self._fingerprint = fp
            return self._counts, self._frequent

    def correct(self, question: str) -> str:
        """The question with its misspelt words replaced; the question itself when nothing needs correcting."""
        counts, frequent = self._current()
        if not frequent:
            return question

        def fix(m: re.Match) -> str:
            word = m.group(0)
            if len(word) < MIN_LENGTH or not word.isalpha() or not word.islower() or word in counts \
                    or word in self.known:  # short, a name, a contraction ("we're"), or a word as it should be
                return word
            return _closest(word.casefold(), frequent, counts) or word

        return _WORD.sub(fix, question)


def model_words(model_path: str) -> frozenset[str]:
    """The whole words of a WordPiece model's `vocab.txt` (empty when the model folder has none)."""
    from pathlib import Path

    vocab = Path(model_path) / "vocab.txt"
    if not vocab.is_file():
        return frozenset()
    lines = vocab.read_text(encoding="utf-8", errors="replace").split("\n")
    return frozenset(w for w in lines if w.isalpha() and w.islower())


def _closest(word: str, frequent: list[str], counts: dict[str, int]) -> str | None:
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    limit = 1 if len(word) < 8 else 2
    found = process.extract(word, frequent, scorer=Levenshtein.distance, score_cutoff=limit, limit=20)
    if not found:
        return None
    best = min(d for _, d, _ in found)
    return max((w for w, d, _ in found if d == best), key=lambda w: counts[w])
