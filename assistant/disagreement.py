"""When the chosen sentences of different documents give different numbers or dates, say so and cite both.

    from assistant.disagreement import with_disagreement
    answer = with_disagreement(answer)   # in compose, after build_answer(...)

Two answer sentences are compared when they cite different documents, talk about the same thing (most of
their words other than numbers are shared) and each holds numbers (years, dates, counts): if their numbers
differ, the answer gets one more sentence, "The sources disagree: “Title A” (UNESCO library) gives 2004;
“Title B” (uploaded 2026-11-30) gives 1999. [1][2]", citing both, and a notice. Nothing is dropped: the reader sees both sources and their origins.
"""

from __future__ import annotations

import re
from dataclasses import replace

from core.textutil import terms
from core.types import Answer, AnswerSentence

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\w.])\d+(?:\.\d+)?(?![\w])")
_MONTHS = ("january february march april may june july august september october november december").split()


def numbers(sentence: str) -> frozenset[str]:
    """The numbers of a sentence, normalised ("1,000" -> "1000"); ordinals and list labels are left out."""
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(sentence))


def _words(sentence: str) -> set[str]:
    return {t for t in terms(sentence) if not t.isdigit() and t not in _MONTHS}


def same_subject(a: str, b: str, threshold: float = 0.5) -> bool:
    wa, wb = _words(a), _words(b)
    if len(wa) < 2 or len(wb) < 2:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= threshold


def find_disagreements(claims: list[tuple[str, frozenset[str], tuple[int, ...]]]) -> list[tuple[int, int]]:
    """Pairs (i, j) of claims (sentence, documents cited, markers) from different documents that talk about
    the same thing and give different numbers."""
    pairs = []
    for i, (a, docs_a, _) in enumerate(claims):
        na = numbers(a)
        for j in range(i + 1, len(claims)):
            b, docs_b, _ = claims[j]
            nb = numbers(b)
            if not na or not nb or na == nb or not docs_a or not docs_b or docs_a & docs_b:
                continue
            if same_subject(a, b):
                pairs.append((i, j))
    return pairs


def with_disagreement(answer: Answer) -> Answer:
    """`answer` plus a sentence saying which sources disagree on which numbers (unchanged when none do)."""
    if answer.refused or len(answer.sentences) < 2:
        return answer
    doc_of = {c.marker: c.document_id for c in answer.citations}
    claims = [(s.text, frozenset(doc_of[m] for m in s.markers if m in doc_of), s.markers) for s in answer.sentences]
    pairs = find_disagreements(claims)
    if not pairs:
        return answer
    i, j = pairs[0]
    (a, _, ma), (b, _, mb) = claims[i], claims[j]
    na, nb = sorted(numbers(a) - numbers(b)) or sorted(numbers(a)), sorted(numbers(b) - numbers(a)) or sorted(numbers(b))
    by_marker = {c.marker: c for c in answer.citations}
    text = (f"The sources disagree: {_source(by_marker, ma)} gives {', '.join(na)}; "
            f"{_source(by_marker, mb)} gives {', '.join(nb)}.")
    markers = tuple(dict.fromkeys(ma + mb))
    sentence = AnswerSentence(text, markers, True, 1.0)  # its markers follow it, like every answer sentence's
    notice = "The cited sources give different numbers; check both before relying on either."
    return replace(answer, text=f"{answer.text} {text} {''.join(f'[{m}]' for m in markers)}",
                   sentences=answer.sentences + (sentence,), notice=" ".join(n for n in (answer.notice, notice) if n))


def _source(by_marker: dict, markers: tuple[int, ...]) -> str:
    """"the UNESCO library's “Title”" or "“Title” (uploaded 2026-11-30)" for the first cited source."""
    from core.provenance import origin_label

    c = by_marker.get(markers[0]) if markers else None
    if c is None:
        return "one source"
    title = (c.title or c.source or c.document_id)[:80]
    label = origin_label(c.origin, c.added)
    return f"“{title}” ({label})" if label else f"“{title}”"
