"""The chat asides around a question, which ask nothing: "ok what's OER exactly, in plain words pls".

A user types to the assistant as to a person: an opening "ok" / "hey" / "so", a closing "please" / "thanks", a
hedge on what they ask ("exactly", "in plain words", "briefly"). None of it is a word the passages should match, and
it hides the question's form from the readers of that form: "what's OER exactly, in plain words pls" is the plain
"What is OER?" (`assistant.definitions.plain_term`), whose answer is the sentence that defines OER. `without_asides`
removes them from the start and the end of the question, and only there: "What exactly is covered?" keeps its words.
The answer still shows the user's own words (`Assistant.stream` keeps them).
"""

from __future__ import annotations

import re

ASIDES = True  # False: the question is read with its asides

# an opening interjection, then a space or a comma: "ok ", "hey, ", "so ", "um, "; "well" and "right" only with a
# comma ("Right to education" and "well-being" are words of the question)
_OPENING = re.compile(r"^\s*(?:(?:ok(?:ay)?|k|hey+|hi+|hello|um+|uh+|hmm+|so|quick question|question)\b[,:!.-]*\s+"
                      r"|(?:well|right|alright|thanks)\s*[,:!]\s*)", re.IGNORECASE)
# a closing courtesy or hedge, after the question's words (a comma or a space before it), at the very end
_CLOSING = re.compile(r"(?:[,;:-]\s*|\s+)(?:please|pls|plz|thanks|thank you|thx|ty|exactly|precisely|actually|really|"
                      r"again|briefly|in short|in brief|simply|in (?:plain|simple|layman'?s?|everyday) (?:words|terms|"
                      r"english|language)|in a nutshell|for (?:a )?(?:beginners?|dummies|a layperson)|(?:if )?you can|"
                      r"if possible|lol)\s*([?!.]*)\s*$", re.IGNORECASE)
_MIN_WORDS = 2  # what is left must still be a question of at least this many words


def without_asides(question: str) -> str:
    """The question without the interjections that open it and the courtesies and hedges that close it; none is
    removed that would leave fewer than `_MIN_WORDS` words."""
    if not ASIDES:
        return question
    out = question
    while (m := _OPENING.match(out)) and len(out[m.end():].split()) >= _MIN_WORDS:
        out = out[m.end():]
    while (m := _CLOSING.search(out)) and len(out[:m.start()].split()) >= _MIN_WORDS:
        kept = out[:m.start()]
        out = kept + ("" if kept.rstrip()[-1:] in "?!." else m.group(1) or "")
    return out.strip()
