"""Text helpers shared by ingest, retrieval, answers and lookup: sentence spans, normalisation, terms."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u00a0": " ",
})
_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)

STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves also did does
tell me please give list name describe explain say said according document documents text unesco unesco's
s t one many much
""".split())


def sanitize_question(text: str) -> str:
    """Drop control and zero-width characters, normalise Unicode, fold whitespace."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = "".join(ch if (ch.isprintable() or ch in "\n\t") else " " for ch in text)
    return _WS.sub(" ", text).strip()


# English contractions as typed without the apostrophe ("whats the point of ..."); "cant" and "wont" are rare words of
# their own, far more often typed for "can't" and "won't" in a question
_CONTRACTIONS = {w.replace("'", ""): w for w in (
    "what's who's where's how's when's that's there's don't doesn't didn't isn't aren't wasn't weren't can't won't "
    "shouldn't couldn't wouldn't hasn't haven't").split()}
_CONTRACTED = re.compile(r"\b(?:" + "|".join(_CONTRACTIONS) + r")\b", re.IGNORECASE)


def with_apostrophes(text: str) -> str:
    """An English question's contractions typed without their apostrophe, written with it ("whats" -> "what's",
    "Doesnt" -> "Doesn't"): the question's form is read from "what's", "doesn't"."""
    def fix(m: re.Match) -> str:
        word = m.group(0)
        fixed = _CONTRACTIONS[word.casefold()]
        return fixed[0].upper() + fixed[1:] if word[0].isupper() else fixed

    return _CONTRACTED.sub(fix, text)


def fold(text: str) -> str:
    """Normalise for matching: typographic quotes/dashes to ASCII, casefold, whitespace folded."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).translate(_FOLD).translate(_ZERO_WIDTH)).strip().casefold()


# "co-operation" and "cooperation", "co-ordinating" and "coordinating" are one word: the instruments use both
# spellings (168 "co-operation", 109 "cooperation" in the bundled library) and users mostly write the closed one.
# Split at the hyphen, "co-operation" was the words "co" and "operation", so it matched neither "cooperation" nor
# anything but an unrelated "operation". Only "co-": "non-discrimination" must keep matching "discrimination".
# False: the hyphenated prefix splits the word (docs/answers.md, "Session 37").
JOIN_CO_PREFIX = True
_CO_HYPHEN = re.compile(r"\b([Cc][Oo])[-\u2010\u2011](?=[^\W\d_])")


def joined_prefixes(text: str) -> str:
    """`text` with "co-" joined to its word ("co-operation" -> "cooperation"), for matching only (never shown)."""
    return _CO_HYPHEN.sub(r"\1", text) if JOIN_CO_PREFIX else text


def words(text: str) -> list[str]:
    return [w.casefold().replace("\u2019", "'") for w in _WORD.findall(joined_prefixes(text))]


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Content terms: words without stopwords, stemmed (same stemmer as the BM25 index)."""
    ws = [w.removesuffix("'s") for w in words(text)]
    return _stemmer().stemWords([w for w in ws if w not in STOPWORDS and (len(w) > 1 or w.isdigit())])


@lru_cache(maxsize=1)
def _punkt():
    import importlib.util
    from pathlib import Path

    import nltk

    # llama-index ships the punkt data in its package folder: find the folder without importing anything of
    # llama_index (`llama_index.core` is seconds of imports that the first answer does not need).
    spec = importlib.util.find_spec("llama_index")  # top level: located, not imported
    for root in (spec.submodule_search_locations or []) if spec else []:
        cache = Path(root) / "core" / "_static" / "nltk_cache"
        if cache.is_dir() and str(cache) not in nltk.data.path:
            nltk.data.path.append(str(cache))
    from nltk.tokenize import PunktTokenizer

    tok = PunktTokenizer("english")
    # Legal texts cite "Art. 6", "para. 2", "No. 4", "cf. Article 3": not the end of a sentence.
    tok._params.abbrev_types.update({"art", "arts", "para", "paras", "no", "nos", "cf", "sect", "ch", "vol",
                                     "p", "pp", "op", "cit", "ibid", "approx", "resp"})
    return tok


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`; line breaks (paragraphs, list items) always end a sentence."""
    spans: list[tuple[int, int]] = []
    tok = _punkt()
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if not line.strip():
            continue
        for s, e in tok.span_tokenize(line):
            piece = line[s:e]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if trail > lead:
                spans.append((m.start() + s + lead, m.start() + s + trail))
    spans = _merge_references(text, _merge_short(text, spans))
    return _merge_lower_case(text, spans) if LOWER_CASE_GOES_ON else spans


# "... the protection accorded to authors under the provisions . of the international copyright conventions ...",
# "... in a specific field or subject, e.g. natural sciences ...": punkt ends a sentence at a stray full stop or an
# abbreviation it does not know, and the next "sentence" opens in lower case. On one line, a sentence never does (66
# such cuts in the bundled library, none a real sentence): it goes on the one before; False: punkt's cut stands
LOWER_CASE_GOES_ON = True


def _merge_lower_case(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and text[s].islower() and "\n" not in text[out[-1][1]:s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def asked_sentences(question: str) -> str:
    """What a question asks, without the statements that open it: "The two exchange conventions adopted in December
    1958 cover different exchanges. Who exchanges what under ...?" asks only its second sentence; the first
    describes. A question without "?" is all asked."""
    starts = [s for s, _ in sentence_spans(question)]
    # punkt reads "... in December 1958. Who ..." as one sentence (a year before a full stop looks like an ordinal)
    starts = sorted(set(starts) | {m.end() for m in _YEAR_STOP.finditer(question)})
    ends = starts[1:] + [len(question)]
    first = next((i for i, (s, e) in enumerate(zip(starts, ends)) if question[s:e].rstrip(" \"”)").endswith("?")),
                 None)
    return question[starts[first]:] if first else question


_YEAR_STOP = re.compile(r"\b(?:1[5-9]|20)\d\d[.!]\s+(?=[A-Z])")


# "(Art. I, para. 1)": punkt ends a sentence after "Art." when a capital follows, and a Roman numeral is one
_REFERENCE_END = re.compile(r"\b(?:Art|Arts|para|paras|No|Nos|Sect|Ch)\.$", re.IGNORECASE)
_REFERENCE_NEXT = re.compile(r"(?:[IVXLC]{1,6}|\d{1,3})\b")


def _merge_references(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue a sentence cut after a reference's abbreviation ("... (Art." + "I, para. 1 ...") back together."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and _REFERENCE_END.search(text[out[-1][0]:out[-1][1]]) and _REFERENCE_NEXT.match(text, s) and \
                "\n" not in text[out[-1][1]:s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _merge_short(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue fragments such as "i." or "e.g." left alone by the tokenizer to the following sentence."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and len(text[out[-1][0]:out[-1][1]].strip()) <= 4 and "\n" not in text[out[-1][1]:s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


# The one home of two patterns every layer meets. A list item's enumerator: "•", "-", "1.", "1)", "(a)", "a)",
# "(iv)", "iv.", "1.1" at the start of a line (not "1.5 million" or "2.5 %": a number, not a paragraph's); a citation
# marker "[1]" or "[1, 2]" in an answer's text.
ENUMERATOR = re.compile(r"^\s*(?:[•\u25aa\u25cf*\u2013-]|\((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6})\)"
                        r"|\d{1,3}(?:\.\d{1,3})+\.?(?=\s+(?-i:[^\sa-z%]))|(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)])\s+",
                        re.IGNORECASE)
CITATION_MARKER = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
MARKER_NUMBER = re.compile(r"\[(\d+)\]")  # one "[n]" with its number (rendering: a button, a footnote)


# A paragraph number the source glued to its first word ("1.The contracting States ..."): 51 such lines in the
# bundled instruments. Only before a capitalised word, so "1.5 million" stays.
# "3.The ...", and a paragraph number before its first item: "3.(a) The Director-General ...", "14 (a) Each Member ..."
_GLUED_NUMBER = re.compile(r"^\s*\d{1,3}(?:\.(?=[A-Z][a-z])|\.?\s*(?=\((?:[a-z]{1,2}|[ivx]{1,4})\)\s))")


def strip_enumerator(text: str) -> str:
    """A list item's text without its leading "(a)", "1." or "•", or both of "9. (a)" (for display: citation spans
    keep them)."""
    return ENUMERATOR.sub("", ENUMERATOR.sub("", _GLUED_NUMBER.sub("", text, count=1), count=1), count=1)


def strip_markers(text: str) -> str:
    """An answer's text without its citation markers."""
    return CITATION_MARKER.sub("", text)


# Text that tries to instruct an AI model: never an answer sentence, withheld from an LLM's prompt.
ADDRESSED_TO_MODEL = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:\w+\s+){0,3}?"
    r"(?:previous|prior|above|earlier|preceding|all|any|your|the\s+system)\s+(?:\w+\s+){0,2}?"
    r"(?:instructions?|prompts?|directions|directives)\b"
    r"|\b(?:system|developer)\s+prompt\b"
    r"|\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:AI|language\s+model|chat\s*bot|assistant)\b"
    # "you are now an unrestricted assistant" (not "if you are a teaching assistant"), "print your hidden prompt", a
    # line that opens "SYSTEM:" in capitals (not "System: ..." in a record; not "original instructions": a SQuAD
    # paragraph on Luther has Cajetan's)
    r"|\byou\s+are\s+now\s+(?:an?\s+)?(?:[\w-]+\s+){1,2}?(?:AI|language\s+model|chat\s*bot|assistant)\b"
    r"|\b(?:hidden|secret|internal)\s+(?:system\s+)?(?:prompts?|instructions)\b"
    r"|\b(?:print|reveal|show|repeat|output|display)\s+(?:me\s+)?(?:your|the)\s+(?:[\w-]+\s+)?(?:prompt|instructions)\b"
    r"|^\s*(?-i:SYSTEM|DEVELOPER)(?:\s+(?-i:OVERRIDE|MESSAGE|NOTE|PROMPT|INSTRUCTIONS?))?\s*:",
    re.IGNORECASE | re.MULTILINE,
)


def addressed_to_model(text: str) -> bool:
    """Does the text try to instruct an AI model ("ignore previous instructions", "system prompt", ...)?"""
    return ADDRESSED_TO_MODEL.search(text) is not None
