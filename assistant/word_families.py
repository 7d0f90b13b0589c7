"""A noun and the verb it names the act of, read as one word when a question's words are matched with a sentence's.

The stemmer (Snowball English, shared with the BM25 index) leaves many such pairs apart: "entry" -> "entri" and
"enter" -> "enter", "denunciation" -> "denunci" and "denounce" -> "denounc". "Compare the entry into force of the
1972 Convention and the 2005 Convention" then matched "following the entry into force of this Convention" (a
sentence on the Committee's size) over "This Convention shall enter into force three months after ...".

The instruments regulate a small, fixed set of acts (entry into force, denunciation, inscription, seizure ...), so a
short table lists the pairs the stemmer splits. Left out, as measured on the library gold set (docs/answers.md,
session 27):
- the verbs of the final clauses and of everyday prose ("sign"/"signature", "ratify"/"ratification",
  "notify"/"notification", "apply"/"application", "decide"/"decision", "provide"/"provision", "include"/"inclusion"
  ...): a first table of 35 pairs fixed no gold question and broke three ("Besides African Member States ..., who
  else may sign and ratify ...?" was refused once every final clause matched);
- "define"/"definition": a "Definitions" article's every sentence then matched "how does it define X?";
- a noun whose stem is another word's ("publication" -> "public", "procedure"/"proceed", "access"/"accede"), and a
  form that is a stopword ("describe", an instruction like "explain").
`with_families(stems)` adds each stem's partner to a sentence's stems, so either form of the question matches
either form of the sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

WORD_FAMILIES = True  # off: stems match only as the stemmer leaves them

# (noun, verb) as written; their stems are linked both ways
_PAIRS = (
    ("entry", "enter"), ("denunciation", "denounce"), ("inscription", "inscribe"),
    ("destruction", "destroy"), ("restitution", "restore"), ("acquisition", "acquire"), ("dissolution", "dissolve"),
    ("suspension", "suspend"), ("seizure", "seize"), ("expenditure", "expend"), ("intervention", "intervene"),
)


@lru_cache(maxsize=1)
def _links() -> dict[str, frozenset[str]]:
    from core.textutil import terms

    links: dict[str, set[str]] = {}
    for noun, verb in _PAIRS:
        a, b = "".join(terms(noun)), "".join(terms(verb))  # "" for a stopword
        if a and b and a != b:
            links.setdefault(a, set()).add(b)
            links.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in links.items()}


def with_families(stems: Iterable[str]) -> set[str]:
    """`stems` (of `core.textutil.terms`) with the stem of each one's noun or verb partner; as they are when off."""
    out = set(stems)
    if not WORD_FAMILIES:
        return out
    links = _links()
    for stem in list(out):
        out |= links.get(stem, frozenset())
    return out
