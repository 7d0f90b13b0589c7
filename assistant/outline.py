"""A document's outline: its headings, and which headings group which.

Instruments name what they set out in their headings, not in a sentence: the Universal Declaration on Bioethics
lists its principles as the titles of Articles 3 to 17 under a heading "Principles"; the 2015 Recommendation on
museums gives the primary functions of museums as four headings (Preservation, Research, Communication,
Education) under "II. PRIMARY FUNCTIONS OF MUSEUMS". No sentence says "the principles are ...", so sentence
scoring cannot answer "Which principles does the Declaration set out?". `headings` reads the heading lines of a
document's chunks; `children` gives the headings a group heading groups; `matching` finds the heading a
question names ("principles", "primary functions of museums").

The hierarchy comes from heading styles, not from a list of words: a group heading's children are the headings
that follow it in the style of the first one ("Article 3 – ...", or plain "Preservation"), up to the next
heading in the group's own style. A heading is a group only when its first child follows within GROUP_REACH
characters (a line of text at most); otherwise it is a leaf, a section with a body of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.textutil import terms
from core.types import Chunk

GROUP_REACH = 400  # characters between a group heading and its first child
MAX_CHILDREN = 24
_ARTICLE = re.compile(r"^(?:Article|ARTICLE|Art\.|Rule|RULE)\s*(?:\d+|[IVXLC]+)\b")
PART_NAMES = "Part|PART|Chapter|CHAPTER|Section|SECTION|Title|TITLE|Annex|ANNEX"  # what a part of a text is called
PART_NUMERAL = r"(?:\d+|[IVXLC]+|[A-Z])\b"  # and numbered: "Chapter II", "PART 4", "Annex A"
_PART = re.compile(rf"^(?:{PART_NAMES})\b")
_ROMAN = re.compile(r"^[IVXLC]{1,6}(?:\.|\)|\s+[–—-])\s+")
_ENUM = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,3}|[A-Za-z])[.)]\s+|^\((?:[ivxlc]{1,6}|\d{1,3}|[a-z])\)\s+")
_TERMINAL = tuple(".!?;:,\"”’)")
# "A. Composition", "B. Functions": a capital letter (not a roman numeral I, V, X) and a capitalised heading; "C. Voting"
# was read as the roman numeral 100, and "A." and "B." as no heading at all. False: no lettered headings
LETTERED_HEADINGS = True
_LETTERED = re.compile(r"^(?![IVX]\.)[A-Z]\.\s+[A-Z]")
# A heading's group heading says what it is part of: of two "B. Functions", the one under "Executive Board" is the
# one "What are the functions of the Executive Board?" names (`matching`). False: the first of them
PARENT_WORDS = True
# A leaf heading a list question names whose body leads in no list ("B. Functions" and its paragraphs 2 to 7) is
# answered by its paragraphs' first sentences (`ExtractiveAnswerer._outline_answer`); False: not answered from the
# outline
LEAF_PARAGRAPHS = True
LEAF_PARAGRAPHS_MAX = 8
# Words that name a heading's kind, not its subject: "Article", "Section II".
_FURNITURE = {"articl", "section", "part", "chapter", "titl", "annex", "rule"}


@dataclass(frozen=True)
class Heading:
    text: str
    chunk: Chunk
    span: tuple[int, int]  # in chunk.text
    style: str  # "article", "part", "roman", "numbered", "caps" or "plain"

    @property
    def offset(self) -> int:
        """Where the heading stands in the document's text."""
        return self.chunk.start + self.span[0]


def style_of(line: str) -> str:
    """The heading's style ("" when the line is not a heading): what decides its level in the outline."""
    s = line.strip()
    if not s or len(s) > 100:
        return ""
    if _ARTICLE.match(s):
        return "article"
    if len(s.split()) > 12 or s.endswith(_TERMINAL):
        return ""
    if _PART.match(s):
        return "part"
    if LETTERED_HEADINGS and _LETTERED.match(s):
        return "lettered"  # "A. Composition", "B. Functions", "C. Voting" under "The General Conference"
    if _ROMAN.match(s):
        return "roman"
    if _ENUM.match(s):
        # "2. Principle of sovereignty" under "Article 2 – Guiding principles": a numbered heading, short, capitalised
        # and unpunctuated; "(a) cultural property" or "2. museums" is a list item
        rest = _ENUM.sub("", s)
        return "numbered" if rest[:1].isupper() and len(rest.split()) >= 2 and _ENUM.match(s).group(0)[0].isdigit() \
            else ""
    letters = [c for c in s if c.isalpha()]
    if not letters or not s[0].isupper():
        return ""
    return "caps" if all(c.isupper() for c in letters) and len(letters) > 3 else "plain"


# "The foregoing is the authentic text of the Recommendation ...", "IN FAITH WHEREOF we have appended our
# signatures ...": what follows is the signatures ("The President of the General Conference", "The Director-General"),
# not headings of the text; they were the last two "measures" of the 1964 Recommendation's list of its headings.
# False: every heading-styled line is a heading
SIGNATURES_END_OUTLINE = True
_AUTHENTICATION = re.compile(r"^\s*(?:The foregoing is the authentic text|IN FAITH WHEREOF|In faith whereof)\b")


def headings(chunks: Sequence[Chunk]) -> list[Heading]:
    """The heading lines of one document's chunks (in reading order), each once however the chunks overlap; none
    after the text's authentication (`SIGNATURES_END_OUTLINE`)."""
    found: dict[int, Heading] = {}
    signed = None  # where the authentication clause stands in the document
    for chunk in chunks:
        start = 0
        for line in chunk.text.split("\n"):
            if SIGNATURES_END_OUTLINE and _AUTHENTICATION.match(line):
                at = chunk.start + start
                signed = at if signed is None else min(signed, at)
            style = style_of(line)
            if style:
                lead = len(line) - len(line.lstrip())
                span = (start + lead, start + len(line.rstrip()))
                h = Heading(line.strip(), chunk, span, style)
                found.setdefault(h.offset, h)
            start += len(line) + 1
    return [found[k] for k in sorted(found) if signed is None or k < signed]


def children(outline: Sequence[Heading], i: int) -> list[Heading]:
    """The headings that heading i groups; [] when it is a leaf (it has a body of its own)."""
    group = outline[i]
    if i + 1 >= len(outline) or outline[i + 1].style == group.style:
        return []
    first = outline[i + 1]
    if first.offset - (group.offset + len(group.text)) > GROUP_REACH:
        return []
    out = []
    for h in outline[i + 1:]:
        if h.style == group.style or len(out) >= MAX_CHILDREN:
            break
        if h.style == first.style:
            out.append(h)
    return out if len(out) >= 2 else []


def parent(outline: Sequence[Heading], i: int) -> int | None:
    """The index of the heading that groups heading i (`children`), or None."""
    for j in range(i - 1, -1, -1):
        if outline[j].style != outline[i].style and any(h is outline[i] for h in children(outline, j)):
            return j
        if outline[j].style == "article":  # no group reaches past the article it is in
            break
    return None


def subject_terms(heading: Heading) -> set[str]:
    """What a heading is about: its words without its number and kind ("Article 2 – Aims" -> {"aim"})."""
    text = _ENUM.sub("", heading.text)
    text = re.sub(r"^(?:Article|ARTICLE|Art\.|Rule|RULE)\s*(?:\d+|[IVXLC]+)\s*[.:–—-]?", "", text)
    if PART_NUMBERS:  # "Chapter II. Special protection" -> {"special", "protect"}, not "ii" too
        text = _PART_NUMBER.sub("", text)
    return {t for t in terms(text) if t not in _FURNITURE and not t.isdigit()}


# A part's number is no subject word ("Chapter II.", "PART IV –", "Section 3:"); False: only an article's number is
# left out
PART_NUMBERS = True
_PART_NUMBER = re.compile(rf"^(?:{PART_NAMES})\s+{PART_NUMERAL}\s*[.:–—-]?")


# The plural noun a question asks for: "Which ethical principles ...", "What are the primary functions of ...",
# "List the objectives ...".
_ASKED = re.compile(r"\b(?:what|which)\s+(?:(?:are|were)\s+)?(?:the\s+|its\s+|their\s+)?(?:[a-z-]+\s+){0,2}?"
                    r"([a-z-]{3,}s)\b|\b(?:list|name|enumerate)\s+(?:the\s+|all\s+)?(?:[a-z-]+\s+){0,2}?"
                    r"([a-z-]{3,}s)\b", re.IGNORECASE)


# A preposition or a verb ends the question word's phrase: in "from what age by statistics on ...", "age" is what is
# asked, and "statistics" belongs to another phrase.
WH_PHRASE_ENDS = True
_AUXILIARIES = frozenset("is are was were be do does did has have had can could should must may will would "
                         "shall".split())
_PHRASE_END = frozenset("by of in on at to for from with into under over about between among is are was were be do "
                        "does did has have had can could should must may will would shall".split())


def asked_noun(question: str) -> str:
    """The stem of the plural noun the question asks for ("" when none): "principles" -> "principl"."""
    for m in _ASKED.finditer(question):
        between = m.group(0).lower().split()[1:-1]
        # "from what age by statistics": "what" asks for the noun after it, and a preposition or verb ends that
        # phrase; "what should teachers' salaries do?": "what" stands alone before its verb, and the noun is its
        # subject
        if WH_PHRASE_ENDS and between and between[0] not in _AUXILIARIES and _PHRASE_END & set(between):
            continue
        found = terms(m.group(1) or m.group(2))
        return found[0] if found else ""
    return ""


def matching(outline: Sequence[Heading], question: str) -> int | None:
    """The index of the heading that names what the question asks for: every subject word of it is in the
    question, among them the plural noun asked for; the one with most words (then the first). Else the first group
    heading (one with children) that ends with the plural noun and has one word the question lacks ("Guiding
    principles"). None when none."""
    noun = asked_noun(question)
    if not noun:
        return None
    asked = set(terms(question))
    best, best_n = None, 0
    for i, h in enumerate(outline):
        words = subject_terms(h)
        if COORDINATED_HEADINGS and noun in words:
            words -= _coordinated_with(h.text, noun)
        if noun in words and words <= asked:
            # the words of what it is part of that the question also says count too (`PARENT_WORDS`)
            n = len(words) + (len(subject_terms(outline[p]) & asked) / 100 if PARENT_WORDS and
                              (p := parent(outline, i)) is not None else 0)
            if n > best_n:
                best, best_n = i, n
    if best is None:  # "What are the principles ...?" and a group heading "Guiding principles": one word more
        best = next((i for i, h in enumerate(outline) if _ends_in_plural(h.text, noun)
                     and len(subject_terms(h) - asked) == 1 and children(outline, i)), None)
    return best


# "What are the obligations of States Parties under the 2005 Convention?": a heading that joins the noun asked for
# with another by "and"/"or" ("IV. Rights and obligations of Parties") names it whether or not the question says the
# other; False: every subject word of the heading must be in the question
COORDINATED_HEADINGS = True


def _coordinated_with(text: str, noun: str) -> set[str]:
    """The stems of the words a heading joins to the asked noun's stem by "and"/"or" ("Rights and obligations" ->
    {"right"} for "oblig")."""
    words = re.findall(r"[A-Za-z][\w-]*", text)
    stems = [(terms(w) or [""])[0] for w in words]
    out = set()
    for n, w in enumerate(words):
        if w.casefold() in ("and", "or") and 0 < n < len(words) - 1:
            left, right = stems[n - 1], stems[n + 1]
            if right == noun and left:
                out.add(left)
            elif left == noun and right:
                out.add(right)
    return out


def _ends_in_plural(text: str, noun: str) -> bool:
    """The heading ends with the plural noun asked for ("Guiding principles"; not "Organs of the Convention" for
    "Which conventions ...?")."""
    words = re.findall(r"[A-Za-z][\w-]*", text)
    return bool(words) and words[-1].lower().endswith("s") and terms(words[-1])[:1] == [noun]


def section_sentences(chunks: Sequence[Chunk], outline: Sequence[Heading], i: int) -> list[tuple[Chunk, tuple[int, int]]]:
    """The sentences of heading i's own text, up to the next heading, in reading order, each once however the
    chunks overlap: (chunk, span in chunk.text)."""
    from core.textutil import sentence_spans

    start = outline[i].offset + len(outline[i].text)
    end = outline[i + 1].offset if i + 1 < len(outline) else None
    out: list[tuple[Chunk, tuple[int, int]]] = []
    seen: list[int] = []
    for c in chunks:
        if c.end <= start or (end is not None and c.start >= end):
            continue
        for a, b in sentence_spans(c.text):
            at = c.start + a
            if at < start or (end is not None and at >= end) or any(abs(at - o) < 3 for o in seen):
                continue
            seen.append(at)
            out.append((c, (a, b)))
    out.sort(key=lambda x: x[0].start + x[1][0])
    return out

