"""Definitions: the clause where an instrument says what a term means, and the questions that ask for it.

Instruments define their terms in set clauses: "“Anti-doping rule violation” in sport means one or more of the
following:", "the following shall be considered as “cultural heritage”:", "the term ‘artist’ is taken to mean
any person who ...", "For the purpose of this Convention waterfowl are birds ecologically dependent on wetlands".
A question that asks what a term means ("How does it define an artist?", "What counts as an anti-doping rule
violation?", "What does the Convention consider as cultural heritage?") is answered by that clause, which often
shares only the term with the question, so retrieval ranks it below articles that use the term often.

`defined_term` reads the term from the question; `is_definition` recognises the clause that defines it;
`definition_chunks` finds those clauses in a document, for retrieval to put among the passages of a question
about a named document (as `assistant.formulas` does for dating formulas).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.textutil import fold
from core.types import Chunk

_QUOTES = "\"“”‘’'`"
# "define(s) X", "definition of X", "mean(s) by X", "meant by X", "count(s) as X", "consider(s/ed) as / to be X"
_ASKS = re.compile(
    r"\b(?:defin(?:e|es|ed|ition\s+of)|(?:mean|means)\s+by|meant\s+by|counts?\s+as|consider(?:s|ed)?\s+(?:as|to\s+be)"
    r"|understood\s+by)\s+(?:an?\s+|the\s+(?:term\s+|word\s+|expression\s+)?|the\s+)?[" + _QUOTES + r"]?"
    r"(?P<term>[^?,;:" + _QUOTES + r"]{3,60}?)[" + _QUOTES + r"]?"
    r"(?=\s+(?:under|in|according|by|for|differently|within|as\s+used)\b|\s*[?,.;]|\s*$)", re.IGNORECASE)
# "What is a wetland?" is not asked for here: a plain "what is" is answered by any sentence about the subject.
_VERBS = (r"(?:means?|shall\s+mean|is\s+taken\s+to\s+mean|(?:is|are)\s+(?:understood|defined|considered)\s+(?:as|to)|"
          r"shall\s+be\s+(?:considered|deemed|understood)\s+(?:as|to\s+be)|include[sd]?|refers?\s+to|signif(?:y|ies)|"
          r"(?:is|are)\s+(?:an?\s+|the\s+)?(?=\w))")
DEFINITION_LIMIT = 2  # definition chunks of a named document put among a question's passages


def defined_term(question: str) -> str:
    """The term a question asks the meaning of, folded ("" when it asks for none): "How does it define an
    artist?" -> "artist"."""
    m = _ASKS.search(question)
    if not m:
        return ""
    term = fold(m.group("term")).strip(" .")
    return term if len(term) >= 3 else ""


def _stem(term: str) -> str:
    """The term without a plural ending, so "artists" finds "artist"."""
    words = term.split()
    last = words[-1]
    if len(last) > 4 and last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def is_definition(sentence: str, term: str) -> bool:
    """Does the sentence define `term`? The term in quotes next to a defining verb, or "For the purpose(s) of
    this ..., <term> ... <verb>", or "the following shall be considered as <term>:"."""
    if not term:
        return False
    s = fold(sentence)
    t = re.escape(_stem(term))
    q = "[" + re.escape(_QUOTES) + "]"
    quoted = rf"{q}\s*(?:the\s+)?{t}\w{{0,3}}\s*{q}"
    if re.search(rf"{quoted}[^.;:]{{0,60}}?\b{_VERBS}", s) or re.search(rf"\b{_VERBS}[^.;]{{0,20}}{quoted}", s):
        return True
    if re.search(rf"\b(?:the\s+)?(?:term|expression|word)\s+{q}?\s*{t}", s) and re.search(rf"\b{_VERBS}", s):
        return True
    # "The digital heritage consists of ...": the term opens the sentence before a defining verb ("is" alone is
    # not one: "Tolerance is harmony in difference" is said of it, it does not define it)
    if re.match(rf"^(?:\(?\w{{1,3}}[.)]\s+)?(?:the\s+)?{t}\w{{0,3}}\s+(?:consists?\s+of|comprises?|means|"
                rf"is\s+taken\s+to\s+mean|refers?\s+to|is\s+defined\s+as|signifies)\b", s):
        return True
    if re.search(rf"\bfor\s+the\s+purposes?\s+of\s+th(?:is|e\s+present)\s+\w+,?\s+(?:the\s+)?{t}\w{{0,3}}\s+{_VERBS}", s):
        return True
    return False


def definition_chunks(chunks: Sequence[Chunk], term: str, limit: int = DEFINITION_LIMIT) -> list[Chunk]:
    """The chunks of one document (reading order) that hold a definition of `term`, the first first."""
    from core.textutil import sentence_spans

    found = []
    for c in chunks:
        if _stem(term) in fold(c.text) and any(is_definition(c.text[a:b], term) for a, b in sentence_spans(c.text)):
            found.append(c)
        if len(found) >= limit:
            break
    return found
