"""Checks that a passage can answer a question at all, before an extractive answer is given.

A sentence can look like an answer (similar words, the right kind of answer) and still answer another
question: SQuAD 2.0's unanswerable questions are written that way, by swapping a name ("San Juan" for
"San Jose"), asking about a number the text does not give, or turning the question around ("what does
*not* compete ..."). Each check returns what is missing, so the refusal can say why.

- `missing_names`: names in the question (runs of capitalised words, not the first word of a sentence) that
  the passage does not contain. Spelling variants count as present: accents are ignored, hyphenated names
  are split, a word matches on its first four letters (Britain/British, China/Chinese), and initials match
  the words they stand for (US / U.S. / United States).
- `missing_numbers`: numbers in the question that the passage does not contain.
- `negation_unmatched`: the question asks what is *not* the case and the sentence states no negation or
  exception, so it would answer the opposite question.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

PREFIX = 4  # letters a question word and a passage word must share to count as the same name

_QUESTION_WORDS = frozenset([
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "in", "on", "at", "the", "a", "an",
    "of", "for", "after", "before", "during", "if", "until", "since", "to", "by", "from", "as", "with", "is", "are",
    "was", "were", "did", "does", "do", "i", "besides", "other", "and", "or", "but"])
_NAME_TOKEN = re.compile(r"[^\W_][\w'’.-]*")
_PUNCT = re.compile(r"[,;:?!()\"“”]")
_INITIALS = re.compile(r"\b(?:[A-Z]\.){2,}")
_CAPITALISED_RUN = re.compile(r"(?:\b[A-Z][\w'’-]*\s+(?:(?:of|the|and|for|de|du|la)\s+)*)*\b[A-Z][\w'’-]*")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_NEGATION = re.compile(r"\b(not|never|no|cannot|none|nothing|neither|nor|without)\b|n[’']t\b", re.IGNORECASE)
# "..., or not?", "whether or not ...", "... or doesn't it matter?": the negation of an alternative asks nothing
# negative; what it offers is the other answer of a yes/no question.
_ALTERNATIVE = re.compile(r"\bwhether\s+or\s+not\b|\bor\s+(?:not|no|never)\b[^,;:?!]*|\bor\s+(?:do|does|did|is|are|"
                          r"was|were|has|have|had|can|could|should|would|must|need|ca|wo)n[’']?t\b[^,;:?!]*",
                          re.IGNORECASE)
ALTERNATIVES = True
# What a sentence may say instead of "not": an exception, a lack, a limit.
_NEGATIVE_SENTENCE = re.compile(
    r"\b(not|never|no|cannot|none|nothing|neither|nor|without|lack\w*|except\w*|unable|fail\w*|instead|"
    r"absen\w+|exempt\w*)\b|n[’']t\b", re.IGNORECASE)


def plain(text: str) -> str:
    """Casefolded, without accents: "Möngke" and "Mongke" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def question_names(question: str, generic: Iterable[str] = ()) -> list[list[str]]:
    """Runs of capitalised words after the first word, each run a list of words (hyphenated names split,
    possessive "'s" and trailing dots removed). Question words and `generic` names are not names."""
    skip = {plain(g) for g in generic}
    runs: list[list[str]] = []
    current: list[str] = []
    tokens = [m.group() for m in re.finditer(rf"{_NAME_TOKEN.pattern}|{_PUNCT.pattern}", question)]
    for i, token in enumerate(tokens):
        word = re.sub(r"['’]s$", "", token).rstrip(".'’")
        parts = [p for p in re.split(r"-", word) if p and p[0].isupper()] if word[:1].isalnum() else []
        parts = [p for p in parts if len(p.replace(".", "")) > 1 or p.isdigit()]  # "problem C": not a name
        if i > 0 and not _sentence_start(tokens, i) and parts and plain(word) not in _QUESTION_WORDS \
                and plain(word) not in skip:
            current += parts
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _sentence_start(tokens: list[str], i: int) -> bool:
    """Whether tokens[i] starts a sentence after the first: "... rebuild? Please answer." ("Please" is not a
    name). A word ending in "." ends a sentence only if it is lower-case and not an abbreviation ("U.S.",
    "Mr." do not)."""
    before = tokens[i - 1]
    if before in ("?", "!"):
        return True
    return before.endswith(".") and before[:1].islower() and "." not in before[:-1]


def _passage_words(text: str) -> tuple[set[str], set[str], set[str]]:
    """(words, four-letter prefixes, initials of capitalised runs) of a passage."""
    joined = _INITIALS.sub(lambda m: m.group().replace(".", ""), text)  # U.S. -> US
    words = {plain(w) for w in re.findall(r"[^\W_]+", joined)}
    words |= {plain(w.replace(".", "")) for w in re.findall(r"[^\W_][\w.]*[^\W_]", joined)}  # X.25 as x25
    prefixes = {w[:PREFIX] for w in words if len(w) >= PREFIX}
    initials = set()
    for run in _CAPITALISED_RUN.findall(text):
        caps = [w for w in run.split() if w[:1].isupper()]
        if len(caps) >= 2:
            initials.add(plain("".join(w[0] for w in caps)))
    return words, prefixes, initials


def missing_names(question: str, passage_text: str, generic: Iterable[str] = ()) -> list[str]:
    """The question's names (as written) that `passage_text` does not contain."""
    words, prefixes, initials = _passage_words(passage_text)
    missing = []
    for run in question_names(question, generic):
        folded = [plain(w.replace(".", "")) for w in run]
        if all(w in words or (len(w) >= PREFIX and w[:PREFIX] in prefixes) for w in folded):
            continue
        if len(folded) >= 2 and "".join(w[0] for w in folded) in words:  # "United States" for "US"
            continue
        if len(folded) == 1 and folded[0].isalpha() and run[0].replace(".", "").isupper() and folded[0] in initials:
            continue  # "US" for "United States"
        missing.append(" ".join(run))
    return missing


# "shud museums pay ransom 4 stolen art", "good 2 know": a lone 2 or 4 between lower-case words, counting no plural
# noun after it, is a word written as a digit ("for", "to"), not a number the answer should hold
TEXT_SPEAK_DIGITS = True
_REFERENCE_WORDS = frozenset("article articles art paragraph paragraphs para section sections chapter part parts annex "
                             "rule rules no number principle principles item items page pages".split())
_TEXT_SPEAK = re.compile(r"(?<=[a-z][a-z] )[24](?= ([a-z]+)(?: ([a-z]+))?)")


def as_words(question: str) -> str:
    """The question with its text-speak digits ("4" for "for", `TEXT_SPEAK_DIGITS`) written as words."""
    if not TEXT_SPEAK_DIGITS:
        return question

    def word(m: re.Match) -> str:
        after = [w for w in m.groups() if w]
        before = m.string[:m.start()].split()[-1].casefold()
        if any(w.endswith("s") and not w.endswith("ss") for w in after) or before in _REFERENCE_WORDS:
            return m.group()  # "4 members", "2 years": a count; "article 4 of": a reference
        return "for" if m.group() == "4" else "to"
    return _TEXT_SPEAK.sub(word, question)


def missing_numbers(question: str, passage_text: str) -> list[str]:
    return [n.strip(".,") for n in _NUMBER.findall(question) if n.strip(".,") not in passage_text]


# What a question quotes is what it asks about, not what it asks: 'Who said, "Here I stand. I can do no other"?'
QUOTES_ASK_NOTHING = True
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def asks_negation(question: str) -> bool:
    """The question asks what is *not* the case ("Which States did not ratify ...?")."""
    if ALTERNATIVES:
        question = _ALTERNATIVE.sub(" ", question)
    if QUOTES_ASK_NOTHING:
        question = _QUOTED.sub(" ", question)
    return bool(_NEGATION.search(question))


def states_negation(sentence: str) -> bool:
    """The sentence states a negation, an exception, a lack or a limit."""
    return bool(_NEGATIVE_SENTENCE.search(sentence))


def negation_unmatched(question: str, sentence: str) -> bool:
    return asks_negation(question) and not states_negation(sentence)
