"""The default answerer: grounded and extractive, no LLM.

It picks the sentences of the retrieved passages that answer the question and joins them, each ending with its
citation marker. Words come from the sources only. It refuses when no sentence is close enough to the question,
when the question names a number or year no passage has, or when the answer type the question asks for (a year
for "when", a number for "how many") is missing from the best sentences.

Sentence score = 0.55 * cosine(sentence, query) + 0.35 * share of the question's terms in the sentence's passage
+ 0.10 * passage prior, plus a bonus when the sentence holds the kind of answer asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.citations import build_answer, refusal
from assistant.settings import Settings
from assistant.textutil import fold, sentence_spans, terms
from assistant.types import Answer, Passage, Turn

_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_NUMBER = re.compile(r"\d")
_DATE = re.compile(r"\b(\d{1,2}\s+(January|February|March|April|May|June|July|August|September|October|"
                   r"November|December)|(January|February|March|April|May|June|July|August|September|October|"
                   r"November|December)\s+\d{1,2})\b")
_LIST_ITEM = re.compile(r"^(?:•|[ivx]{1,4}\.|\d{1,2}\.|[a-z]\))\s", re.IGNORECASE)
_LIST_Q = re.compile(r"\b(what are|which are|list|name the|enumerate|what kinds|which (ways|areas|advantages)|"
                     r"(two|three|four|five|six|several|main|key) [a-z -]+s\b)", re.IGNORECASE)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def answer_type(question: str) -> str:
    q = question.lower()
    if re.search(r"\b(when|what year|which year|in what year|in which year|what date|which date|what day)\b", q):
        return "date"
    if re.search(r"\b(how many|how much|what percentage|what share|what proportion|how large|how big)\b", q):
        return "number"
    return ""


def _has_type(sentence: str, kind: str) -> bool:
    if kind == "date":
        return bool(_YEAR.search(sentence) or _DATE.search(sentence))
    if kind == "number":
        return bool(_NUMBER.search(sentence)) or any(w in sentence.lower().split() for w in _NUMBER_WORDS)
    return True


@dataclass
class _Sentence:
    passage: Passage
    span: tuple[int, int]
    text: str
    sim: float = 0.0
    coverage: float = 0.0
    score: float = 0.0


class ExtractiveAnswerer:
    name = "extractive"

    def __init__(self, embedder, settings: Settings) -> None:
        self.embedder = embedder
        self.settings = settings

    def stream(self, question: str, query: str, passages: list[Passage], turns: list[Turn]) -> Iterator[str | Answer]:
        answer = self.answer(question, query, passages, turns)
        if answer.refused:
            yield answer.text
        else:
            pieces = answer.text.split("\n") if "\n" in answer.text else [answer.text]
            for i, piece in enumerate(pieces):
                yield ("\n" if i else "") + piece
        yield answer

    # -- the decision ----------------------------------------------------------------------
    def answer(self, question: str, query: str, passages: list[Passage], turns: list[Turn]) -> Answer:
        if not passages:
            return refusal(question, passages)
        sentences = self._score(question, query, passages)
        if not sentences:
            return refusal(question, passages)
        best = sentences[0]
        kind = answer_type(question)
        if self._refuse(question, passages, sentences, kind):
            return refusal(question, passages)
        if _LIST_Q.search(question):
            listed = self._list_answer(question, best, sentences, passages)
            if listed is not None:
                return listed
        chosen = self._choose(sentences, kind)
        chosen.sort(key=lambda s: (s.passage.rank, s.span[0]))
        parts = [(s.text, [(s.passage, s.span)], True, s.score) for s in chosen]
        return build_answer(question, parts, answerer=self.name, passages=passages)

    def _score(self, question: str, query: str, passages: list[Passage]) -> list[_Sentence]:
        cands: list[_Sentence] = []
        for p in passages:
            for s, e in sentence_spans(p.chunk.text):
                text = p.chunk.text[s:e]
                if len(text.split()) < 4 or (p.chunk.section and text.strip() == p.chunk.section.strip()):
                    continue
                cands.append(_Sentence(p, (s, e), text))
        if not cands:
            return []
        import numpy as np

        vecs = self.embedder.embed([c.text for c in cands] + [query])
        sims = vecs[:-1] @ vecs[-1]
        qterms = set(terms(query))
        kind = answer_type(question)
        for c, sim in zip(cands, sims):
            sterms = set(terms(c.text))
            pterms = set(terms(c.passage.chunk.title + " " + c.passage.chunk.text))
            c.sim = float(sim)
            c.coverage = len(qterms & pterms) / len(qterms) if qterms else 0.0
            local = len(qterms & sterms) / len(qterms) if qterms else 0.0
            prior = 1.0 / c.passage.rank
            bonus = (0.08 if _has_type(c.text, kind) else -0.12) if kind else 0.0
            c.score = 0.45 * c.sim + 0.2 * c.coverage + 0.25 * local + 0.1 * prior + bonus
        return sorted(cands, key=lambda c: -c.score)

    def _refuse(self, question: str, passages: list[Passage], sentences: list[_Sentence], kind: str) -> bool:
        best = sentences[0]
        # A year or number in the question that none of the passages has: the fact is not there.
        asked_numbers = set(re.findall(r"\b\d[\d,.]*\b", question))
        if asked_numbers:
            corpus = " ".join(p.chunk.text for p in passages)
            if any(n.strip(".,") not in corpus for n in asked_numbers):
                return True
        if kind and not any(_has_type(s.text, kind) for s in sentences[:3]):
            return True
        confidence = 0.6 * best.sim + 0.4 * best.coverage
        return confidence < self.settings.refusal_threshold

    def _choose(self, sentences: list[_Sentence], kind: str) -> list[_Sentence]:
        best = sentences[0]
        chosen = [best]
        limit = 1 if kind else self.settings.max_answer_sentences
        seen = {fold(best.text)}
        for s in sentences[1:]:
            if len(chosen) >= limit:
                break
            if s.score < 0.8 * best.score or s.sim < 0.35:
                break
            f = fold(s.text)
            if f in seen or any(_jaccard(f, x) > 0.6 for x in seen):
                continue
            seen.add(f)
            chosen.append(s)
        return chosen[: min(limit, 3)]

    def _list_answer(self, question: str, best: _Sentence, sentences: list[_Sentence],
                     passages: list[Passage]) -> Answer | None:
        """When the question asks for several things and the sources hold a list, answer with the list."""
        anchor = next((s for s in sentences[:5] if s.text.rstrip().endswith(":") or _in_list(s)), None)
        if anchor is None:
            return None
        p = anchor.passage
        doc_chunks = _neighbour_chunks(p, passages)
        # Lines of the document region covered by the anchor's passage and the ones after it.
        blocks: list[tuple[Passage, int, int, str]] = []
        for q in doc_chunks:
            start = 0
            for line in q.chunk.text.split("\n"):
                if line.strip():
                    blocks.append((q, start, start + len(line), line))
                start += len(line) + 1
        # Find the anchor's block, then the run of list items around/after it.
        idx = next((i for i, (q, s, e, _) in enumerate(blocks)
                    if q.chunk.id == p.chunk.id and s <= anchor.span[0] < e + 1), None)
        if idx is None:
            return None
        intro = None
        if anchor.text.rstrip().endswith(":"):
            intro, first = idx, idx + 1
        else:
            first = idx
            while first > 0 and _LIST_ITEM.match(blocks[first - 1][3]):
                first -= 1
            if first > 0 and blocks[first - 1][3].rstrip().endswith(":"):
                intro = first - 1
        items: list[tuple[Passage, int, int, str]] = []
        seen_text: set[str] = set()
        for b in blocks[first:]:
            if not _LIST_ITEM.match(b[3]):
                if items:
                    break
                continue
            key = fold(b[3])[:80]
            if key in seen_text:
                continue  # overlap between neighbouring chunks
            seen_text.add(key)
            items.append(b)
        if len(items) < 2:
            return None
        wanted = next((n for w, n in _NUMBER_WORDS.items() if re.search(rf"\b{w}\b", question.lower())), None)
        if wanted and len(items) > wanted:
            items = items[:wanted]
        parts = []
        joiner = []
        if intro is not None:
            q, s, e, line = blocks[intro]
            sent = _first_sentence_span(line)
            parts.append((line[: sent[1]], [(q, (s, s + sent[1]))], True, anchor.score))
            joiner.append("")
        for q, s, e, line in items:
            sent = _first_sentence_span(line, min_words=6)
            parts.append((line[: sent[1]], [(q, (s, s + sent[1]))], True, anchor.score))
            joiner.append("\n")
        return build_answer(question, parts, answerer=self.name, passages=passages, joiner=joiner)


def _first_sentence_span(line: str, min_words: int = 0) -> tuple[int, int]:
    """The first sentence of a line; for short list heads ("i. Supporting x.") take the next one too."""
    spans = sentence_spans(line) or [(0, len(line))]
    end = spans[0][1]
    k = 1
    while len(line[:end].split()) < min_words and k < len(spans):
        end = spans[k][1]
        k += 1
    return (0, end)


def _in_list(s: _Sentence) -> bool:
    text = s.passage.chunk.text
    line_start = text.rfind("\n", 0, s.span[0]) + 1
    return bool(_LIST_ITEM.match(text[line_start:]))


def _neighbour_chunks(p: Passage, passages: list[Passage]) -> list[Passage]:
    """The anchor's chunk and the retrieved chunks that follow it in the same document (list continuation)."""
    same = sorted((q for q in passages if q.chunk.document_id == p.chunk.document_id and q.chunk.end >= p.chunk.start),
                  key=lambda q: q.chunk.start)
    out = [p]
    for q in same:
        if q.chunk.start > out[-1].chunk.start and q.chunk.start <= out[-1].chunk.end + 2:
            out.append(q)
    return out


def _jaccard(a: str, b: str) -> float:
    x, y = set(a.split()), set(b.split())
    return len(x & y) / len(x | y) if x | y else 0.0
