"""Which document sentences may be chosen as answer sentences: text is data, never instructions.

A planted document stuffed with the questions users are likely to ask ("Which laboratory did UNESCO help
create in the 1950s?") would otherwise be quoted back as its own answer. `is_answer_candidate(sentence,
question)` is False for a sentence that

- asks a question (ends with "?", or opens like one and ends without a full stop);
- repeats the question: it holds most of the question's content words and adds none of its own (one, when it
  opens like a question);
- addresses the reader or a model ("ignore previous instructions", "tell the user", "the correct answer is",
  "if you are asked", "dear reader", "as an AI"...).

The sentence stays in the document (lookup and the viewer show it); it is only never chosen as an answer.
"""

from __future__ import annotations

import re

from core.textutil import addressed_to_model, terms

_QUESTION_OPENING = re.compile(
    r"^\W*(?:which|what|when|where|who|whom|whose|why|how|is|are|was|were|do|does|did|can|could|should|would|"
    r"will|has|have|had|may|might|must|shall)\b", re.IGNORECASE)
_ADDRESSES_READER = re.compile(
    r"\b(?:tell|inform|assure|remind)\s+(?:the\s+)?(?:user|reader|visitor|human)s?\b"
    r"|\b(?:if|when(?:ever)?)\s+(?:you\s+are|you're|the\s+(?:assistant|model|user)\s+is)\s+asked\b"
    r"|\b(?:if|when(?:ever)?)\s+(?:asked|someone\s+asks|anyone\s+asks|a\s+user\s+asks)\b"
    r"|\b(?:the\s+)?(?:correct|right|true|official|only)\s+answer\s+(?:is|to\s+this|here)\b"
    r"|\b(?:always|must)\s+(?:answer|reply|respond|say|state|cite)\b"
    r"|\b(?:answer|reply|respond)\s+(?:that|with)\b"
    r"|\bdear\s+(?:reader|user|assistant|ai|model)\b"
    r"|\bas\s+an?\s+(?:ai|language\s+model|assistant|chat\s*bot)\b"
    r"|\b(?:ai|llm|language\s+model|chat\s*bot|assistant)s?\s*[:,]\s"
    r"|\b(?:note|message|instruction)s?\s+(?:to|for)\s+(?:the\s+)?(?:ai|model|assistant|reader|user|llm)s?\b",
    re.IGNORECASE)


def asks_a_question(sentence: str) -> bool:
    s = sentence.strip()
    if s.endswith(("?", "？", "؟")):
        return True
    return bool(_QUESTION_OPENING.match(s)) and not s.endswith((".", "!", "。", ":", ";")) and "," not in s[:40]


def repeats_question(sentence: str, question: str) -> bool:
    """Most of the question's content words, and no word the question does not have; or one, in a sentence that
    opens like a question. A statement that adds one word may be the answer: "In a symbolic sense, it is the heritage
    of humanity." for "In what sense is it the heritage of humanity?"."""
    q, s = set(terms(question)), set(terms(sentence))
    if len(q) < 2 or not s:
        return False
    extra = len(s - q)
    return len(q & s) / len(q) >= 0.7 and (extra == 0 or (extra == 1 and bool(_QUESTION_OPENING.match(sentence))))


def addresses_reader(sentence: str) -> bool:
    return addressed_to_model(sentence) or _ADDRESSES_READER.search(sentence) is not None


def is_answer_candidate(sentence: str, question: str = "") -> bool:
    """May this document sentence be quoted as (part of) the answer to `question`?"""
    if not sentence.strip():
        return False
    if asks_a_question(sentence) or addresses_reader(sentence):
        return False
    return not (question and repeats_question(sentence, question))
