"""Extractive answers to questions in other languages, quoted from the English passages (docs/languages.md).

The extractive answerer (`assistant.compose`) scores a passage's sentences by their cosine with the question
and by the question's (English, stemmed) words they share, and checks the question's names, numbers and the
kind of answer it asks for. For a French or Arabic question, the English model's cosine and the shared words say
little, and capitalised foreign words ("Fonds", "Consejo Ejecutivo") read as names the passages lack. So here the
same answerer runs with the multilingual model (its cosine compares a French question with an English sentence)
and reads only `checkable_question(question, language)`: the question's numbers and years, and "How many"/"When"
when it asks that. The answer quotes the English sentences with their citations, as for an English question.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from assistant.citations import refusal
from assistant.compose import NO_PASSAGE
from assistant.language import ENGLISH, checkable_question, detect_language
from core.types import Answer, Part, Passage, Turn


CROSSLINGUAL_EMBEDDED = 600  # candidate sentences embedded per answer (a whole instrument, in practice; cached)


class CrossLingualAnswerer:
    """The `Answerer` for non-English questions (the facade chooses it by the question's language)."""

    name = "extractive"

    def __init__(self, multilingual_embedder, settings, store=None) -> None:
        from assistant.compose import ExtractiveAnswerer

        # The inner answerer picks and cites the sentences; whether to answer is decided here (`confidence`): its
        # calibrated confidence reads English word overlap, which a French question never has.
        # Its words match no English sentence, so every candidate sentence is embedded (the multilingual model is
        # fast: docs/languages.md), not only the best few by words.
        self.inner = ExtractiveAnswerer(multilingual_embedder, settings.with_overrides(refusal_threshold=0.0), store,
                                        embedded_sentences=CROSSLINGUAL_EMBEDDED)
        self.threshold = settings.refusal_threshold

    def resolve(self, question: str, turns: Sequence[Turn]) -> list[str]:
        """The question alone: completing a follow-up from earlier turns reads English words."""
        return [question]

    def clear_cache(self) -> None:
        self.inner.clear_cache()

    def stream(self, question: str, query: str, passages: list[Passage], turns: list[Turn],
               parts: Sequence[Part] = ()) -> Iterator[str | Answer]:
        language = detect_language(question)
        checkable = checkable_question(question, language) if language != ENGLISH else question
        final = None
        passages = self._whole_document(passages)
        for piece in self.inner.stream(checkable, query, passages, [], parts=()):
            if isinstance(piece, Answer):
                final = piece
        assert final is not None
        if not final.refused:
            confidence = crosslingual_confidence(final.signals)
            if confidence < self.threshold:
                final = refusal(question, passages, reason=_reason(final.signals), confidence=confidence,
                                signals=final.signals, lacking=bool(final.signals.get("numbers_missing")))
            else:
                final = replace(final, confidence=confidence)
        yield final.text
        yield replace(final, question=question, language=language)


    def _whole_document(self, passages: list[Passage]) -> list[Passage]:
        """The retrieved passages, then every other chunk of the best passage's document: the multilingual index
        finds the right document for nearly every question but often not the chunk, and the sentences are compared
        one by one with the question anyway."""
        if not passages or self.inner.store is None or not WHOLE_DOCUMENT:
            return passages
        have = {p.chunk.id for p in passages}
        more = [c for c in self.inner.store.document_chunks(passages[0].chunk.document_id) if c.id not in have]
        return passages + [Passage(c, 0.0, rank=len(passages) + n) for n, c in enumerate(more, 1)]


WHOLE_DOCUMENT = True  # off: only the retrieved passages (languages.jsonl: 26 -> 30 of 63 right with it on)

# The multilingual cosine of a question and the English sentence that answers it: on evals/data/languages.jsonl
# (docs/languages.md) answered questions' best sentences mostly score above SIM_MID, questions the library cannot
# answer mostly below it. The confidence is a logistic of the cosine; a number or year of the question that no
# passage holds, or a missing answer type ("how many" without a number), lowers it as in the English answerer.
SIM_MID = 0.30
SIM_SCALE = 0.04


def crosslingual_confidence(signals: dict[str, float]) -> float:
    import math

    p = 1.0 / (1.0 + math.exp(-(signals.get("sim", 0.0) - SIM_MID) / SIM_SCALE))
    if signals.get("numbers_missing"):
        p *= 0.2
    if signals.get("asks_type") and not signals.get("type_ok", 1.0):
        p *= 0.5
    return p


def _reason(signals: dict[str, float]) -> str:
    if signals.get("numbers_missing"):
        return "None of the passages found mentions the number or year of your question, so I won't guess."
    if signals.get("asks_type") and not signals.get("type_ok", 1.0):
        return "I found no passage that gives the number or date your question asks for, so I won't guess."
    return NO_PASSAGE


def unsupported_answer(question: str, language: str) -> Answer | None:
    """For a language the multilingual model does not read, an explicit localised message instead of an answer
    (never "the documents don't say": the library may well hold the answer); None for a served language."""
    from assistant.language import is_supported, unsupported_message

    if is_supported(language):
        return None
    message = unsupported_message(language)
    return Answer(question=question, text=message, citations=(), refused=True, reason=message, language=language,
                  confidence=None)
