"""Turn extracted text into clean, citable blocks.

What a reader of the citations would notice, and what this fixes (both seeds show all of it):
- PDF text with a hard line break (and often a blank line) inside every sentence becomes flowing paragraphs;
- stray glyphs alone on a line (a lone ’ or •) disappear;
- headings, numbered (i., 1., a)) and bulleted items stay separate blocks; an enumerator glued to its item's first word
  ("(a)by that State", "(iii)items resulting ...") gets its space back (`GLUED_ENUMERATORS`), so the item reads as one;
- web boilerplate ("Back to top", "More information" link text, photo credit + caption) is dropped.

The result is blocks joined by a blank line; headings are recorded with their offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# The named rules. Every line cleaning removes is removed by one of these, and recorded (see `Removal`).
RULES: dict[str, str] = {
    "boilerplate": "web navigation or link text alone on a line (Back to top, Read more, Share, Menu ...)",
    "photo credit": "a short line of '©' or '(c)' followed by a year or a capitalised name, or 'Photo:'/'Credit:' "
                    "(never '(c)' followed by lower-case text, never a '(c)' item of an (a) (b) (c) list)",
    "photo caption": "a short line without final punctuation directly under a photo credit",
    "stray glyph": "a line of at most three characters with no letter or digit (a lone ’ or • left by PDF extraction)",
    "page furniture": "a page number alone on a line ('Page 3', 'Page 3 of 12', '- 3 -')",
    "link text": "'More information', 'Read more' or 'Learn more' at the end of a line (only those words go)",
    "footnote mark": "one to four asterisks glued to the end of a word or a closing quote ('enjoyment”**', "
                     "'defined****'): a footnote's mark in the text (only the asterisks go; the footnote stays)",
    "stray hyphen": "a '-' glued to the front of a lower-case word after a space ('exceed 1 % of the -contribution', "
                    "'part -time'): left by PDF extraction (only the '-' goes; '- item', 'co-operation', '-5' and the "
                    "infix '-i-' stay)",
}
# Rules that remove part of a line, not the whole line (`Removal.text` is what went).
PARTIAL_RULES = frozenset({"link text", "footnote mark", "stray hyphen"})
_BOILERPLATE = re.compile(
    r"^(back to top|more information|read more|learn more|skip to (main )?content|share( this)?( page)?|"
    r"print( this page)?|top of page|cookies? (settings|policy)|menu|search)\W*$",
    re.IGNORECASE,
)
_TRAILING_LINK_TEXT = re.compile(r"\s*(More information|Read more|Learn more)\s*$")
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W_]|[”\"’)])\*{1,4}(?=[\s.,;:)]|$)")
_STRAY_HYPHEN = re.compile(r"(?<=[^\W\d_] )-(?=[a-z]+(?:['’][a-z]+)?(?![\w-]))")  # not "-i-" (an infix)
_CREDIT_LABEL = re.compile(r"^(photo\s*:|credit\s*:|photo credit)", re.IGNORECASE)
# "©" or "(c)" then a year or a capitalised name ("© UNESCO/M. Ravassard", "(c) 2019 Jane Doe").
_CREDIT_MARK = re.compile(r"^(?:©|\([cC]\))\s*(?:(?:19|20)\d\d\b|[A-Z])")
_LETTER_ITEM = re.compile(r"^\(?([a-z])\)")
_PAGE_FURNITURE = re.compile(r"^(?:page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—])$", re.IGNORECASE)
_LIST_ITEM = re.compile(
    r"^(?:[•·▪◦‣●○■□➢►\-–—*]\s+|(?:[ivxlc]{1,6}|\d{1,3}|[a-z])[.)]\s+|\((?:[ivxlc]{1,6}|\d{1,3}|[a-z])\)\s+)",
    re.IGNORECASE,
)
# Structural headings of legal texts: "Article 6", "Article IX.2", "Art. 2.7", "Article 5bis", "Article VI A:",
# "Rule 12.", "SECTION I – DEFINITIONS", "Chapter III: ...", "Annex", "APPENDIX". A reference must be followed by
# nothing, a separator or a capitalised word, so that a sentence ("Article 5 of this Convention applies") is not one.
_REF = r"(?:\d+(?:\.\d+)*|[IVXLC]+(?:\.\d+)*|[A-Z])(?:\s?(?:bis|ter|quater|quinquies)\b|\s[A-H](?=[:.–—-]))?"
_KEYWORD = (r"(?:Article|ARTICLE|Art\.|Rule|RULE|Chapter|CHAPTER|Section|SECTION|Part|PART|Annex|ANNEX|Appendix|"
            r"APPENDIX|Title|TITLE)")
_AFTER_REF = r"(?:\s*$|\s*[.:–—-]|\s+[A-Z(])"
_ARTICLE_HEADING = re.compile(rf"^(?:{_KEYWORD}\s*{_REF}{_AFTER_REF}.{{0,100}}$|(?:Annex|ANNEX|Appendix|APPENDIX)\.?$)")
# A provision that can be cited ("Article 6", "Art. 2.7", "Rule 12"), at the start of a block, and its reference.
_PROVISION = re.compile(rf"^(?P<ref>(?:Article|ARTICLE|Art\.|Rule|RULE)\s*{_REF}){_AFTER_REF}")
_BARE_PROVISION = re.compile(rf"^(?:Article|ARTICLE|Art\.|Rule|RULE)\s*{_REF}\s*[.:]?$")
_TERMINAL = tuple(".!?:;\"”’)")
_ZW = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


@dataclass(frozen=True)
class Removal:
    """What one rule took out: a whole line, or (rule "link text") the end of one."""

    line: int  # 1-based line number in the source text (after normalisation: a form feed counts as two breaks)
    rule: str  # a key of RULES
    text: str  # what was removed, as it stood in the source


@dataclass(frozen=True)
class CleanText:
    text: str
    headings: list[tuple[int, str]] = field(default_factory=list)  # (offset in text, heading)
    removed: tuple[Removal, ...] = ()  # everything cleaning removed, in source order, with its rule

    def removed_counts(self) -> dict[str, int]:
        """Lines removed per rule (only rules that removed something)."""
        counts: dict[str, int] = {}
        for r in self.removed:
            counts[r.rule] = counts.get(r.rule, 0) + 1
        return counts

    def section_at(self, offset: int) -> str:
        current = ""
        for start, heading in self.headings:
            if start > offset:
                break
            current = heading
        return current


def _normalise(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw).translate(_ZW)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").replace("\f", "\n\n")
    text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return "".join(ch for ch in text if ch == "\n" or ch.isprintable())


def _is_stray(line: str) -> bool:
    """A line with no letters or digits and at most a few characters: a glyph left by PDF extraction."""
    s = line.strip()
    return bool(s) and len(s) <= 3 and not any(ch.isalnum() for ch in s)


def _double_spaced(lines: list[str]) -> bool:
    """PDF extractions that put a blank line after every text line (the brief seed does)."""
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(nonblank) < 6:
        return False
    one_blank = [i for i in nonblank if i + 2 < len(lines) and not lines[i + 1].strip() and lines[i + 2].strip()]
    # ...and the text really is wrapped there: a line that stops mid-sentence, the next going on in lowercase.
    wrapped = sum(1 for i in one_blank
                  if not lines[i].rstrip().endswith(_TERMINAL) and lines[i + 2].strip()[:1].islower())
    return len(one_blank) >= 0.6 * len(nonblank) and wrapped >= 0.25 * len(one_blank)


# "I. DEFINITION AND SCOPE", "III. REPORTING OF STATISTICAL DATA": a roman-numbered line in capitals is the heading of
# a part, not a list item (42 lines of 9 bundled instruments; the 2019 OER Recommendation had no heading after
# "PREAMBLE", so every citation of it said "PREAMBLE"). False: read as a list item, as any "I." line
ROMAN_PART_HEADINGS = True
_ROMAN_PART = re.compile(r"^[IVX]{1,5}\.\s+[A-Z][A-Z0-9 ,;:’'()\-–]{3,}$")


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    if _ARTICLE_HEADING.match(s):
        return True
    if len(s) > 80 or s.endswith(_TERMINAL) or s.endswith(","):
        return False
    if ROMAN_PART_HEADINGS and _ROMAN_PART.match(s):
        return True
    if _LIST_ITEM.match(s):
        return False
    first = s[0]
    return first.isupper() or first.isdigit()


def _in_letter_list(lines: list[str], i: int, reach: int = 60) -> bool:
    """Whether line i, a "(c) ..." line, is the (c) item of an (a) (b) (c) list: an (a) or (b) item comes
    before it or a (d) item after it, within `reach` lines."""
    before = any((m := _LETTER_ITEM.match(ln.strip())) and m.group(1) in "ab" for ln in lines[max(0, i - reach):i])
    after = any((m := _LETTER_ITEM.match(ln.strip())) and m.group(1) == "d" for ln in lines[i + 1:i + 1 + reach])
    return before or after


def _is_credit(lines: list[str], i: int) -> bool:
    s = lines[i].strip()
    if len(s) > 160:
        return False
    if _CREDIT_LABEL.match(s):
        return True
    if not _CREDIT_MARK.match(s) or s.endswith((":", ";")):
        return False
    return s.startswith("©") or not _in_letter_list(lines, i)


# "(a)`phonogram' means ...", "(a)by that State ...", "(ii)Other capital expenditure.": an enumerator glued to its
# item's first word (PDF extraction; 18 lines of 9 bundled instruments) gets a space, so the line is an item of its list
# (it was read as a sentence of its own, and shown after the list's bullets). A single letter glued to a lower-case
# word only inside an (a) (b) (c) list ("(s)he" is a word); nothing is removed. False: left glued
GLUED_ENUMERATORS = True
_GLUED = re.compile(r"^(\s*\((?:[ivxlc]{1,6}|\d{1,3}|[a-z])\))(?=[A-Za-z`'‘“\"])")


# "Done in Paris this seventeenth day of November 1970 ...", "IN FAITH WHEREOF the undersigned ...", "The foregoing is
# the authentic text of the Convention duly adopted ...": the closing formula of 44 bundled instruments followed their
# last article with no heading of its own, so it was cited as "Article 26" (the 1970 Convention). After a heading, a
# block that opens so starts a section of its own, `CLOSING_LABEL` (a label the text does not write: it names where
# the words are). Nothing is removed. False: the formula stays in the last article's section
CLOSING_FORMULAS = True
CLOSING_LABEL = "Closing formula"
_CLOSING = re.compile(r"^(?:Done\s+(?:at|in)\b|DONE\s+(?:AT|IN)\b|IN\s+(?:FAITH|WITNESS)\s+WHEREOF\b|"
                      r"In\s+(?:faith|witness)\s+whereof\b|The\s+foregoing\s+is\s+the\s+authentic\s+text\b)")


def _unglued(lines: list[str], i: int, line: str) -> str:
    m = _GLUED.match(line) if GLUED_ENUMERATORS else None
    if m is None:
        return line
    rest = line[m.end():]
    single = len(m.group(1).strip()) == 3  # "(a)", "(s)": a letter, or a one-digit number
    if rest[0].islower() and single and m.group(1).strip()[1].isalpha() and not _in_letter_list(lines, i):
        return line
    return f"{m.group(1)} {rest}"


def _drop_lines(lines: list[str]) -> tuple[list[str], list[Removal]]:
    """Apply the named rules. Removed lines become blank (so paragraph breaks stay where they were)."""
    out: list[str] = []
    removed: list[Removal] = []
    after_credit = False
    for i, line in enumerate(lines):
        s = line.strip()
        rule = ""
        if after_credit and s and len(s) <= 120 and not s.endswith((".", "!", "?")):
            rule = "photo caption"
        elif _is_credit(lines, i):
            rule = "photo credit"
        elif _BOILERPLATE.match(s):
            rule = "boilerplate"
        elif _is_stray(s):
            rule = "stray glyph"
        elif _PAGE_FURNITURE.match(s):
            rule = "page furniture"
        after_credit = rule == "photo credit"  # a caption is the very next line
        if rule:
            removed.append(Removal(i + 1, rule, line))
            out.append("")
            continue
        kept = line.rstrip()
        if s and (m := _TRAILING_LINK_TEXT.search(kept)) and m.start() > 0 and kept[:m.start()].strip():
            removed.append(Removal(i + 1, "link text", kept[m.start():].strip()))
            kept = kept[:m.start()]
        if s and "*" in kept:
            kept = _without_footnote_marks(kept, i + 1, removed)
        if s and " -" in kept:
            kept, n = _STRAY_HYPHEN.subn("", kept)
            removed.extend(Removal(i + 1, "stray hyphen", "-") for _ in range(n))
        if s and "(" in kept[:8]:
            kept = _unglued(lines, i, kept)
        out.append(kept if s else "")
    return out, removed


def _without_footnote_marks(line: str, number: int, removed: list[Removal]) -> str:
    """The line without its footnote marks ("enjoyment”**"), each recorded; a run of asterisks that closes one
    opened before it on the line ("*emphasis*", "**bold**" in Markdown) is no footnote mark and stays."""
    out, last = [], 0
    for m in _FOOTNOTE_MARK.finditer(line):
        opened = re.search(r"(?:^|[\s(\[])" + re.escape(m.group()) + r"[^\s*]", line[last:m.start()])
        if opened:
            continue
        out.append(line[last:m.start()])
        removed.append(Removal(number, "footnote mark", m.group()))
        last = m.end()
    return "".join(out) + line[last:]


# "3.\tCultural expressions" over "“Cultural expressions” are those expressions ...", "(a) Programme costs" over "All
# real costs ...": a numbered line of NUMBERED_HEADING_WORDS words or fewer, with no end punctuation, directly above a
# line that opens in capitals or a quote, and does not end in a word that goes on ("the", "of"), is the heading of what
# follows, not its first words (5 such lines in the bundled library, all headings; up to 7 words: 4, up to 12: the same
# 5); False: it was joined to the next line as a wrapped line
NUMBERED_HEADING_LINES = True
NUMBERED_HEADING_WORDS = 10


def _numbered_heading(prev: str, line: str) -> bool:
    return NUMBERED_HEADING_LINES and bool(_LIST_ITEM.match(prev)) and len(prev.split()) <= NUMBERED_HEADING_WORDS \
        and not prev.endswith(_TERMINAL) and not prev.endswith(",") and (line[0].isupper() or line[0] in "“\"‘'") \
        and prev.split()[-1].casefold() not in _GOES_ON


_GOES_ON = frozenset("the a an of and or to in on for by with at from as than that which its their under".split())


def _paragraphs(lines: list[str]) -> list[str]:
    """Join wrapped lines into paragraphs; list items and headings start new ones."""
    double = _double_spaced(lines)
    blocks: list[str] = []
    current: list[str] = []
    gap = 0  # blank lines seen since the last text line
    for line in lines:
        s = line.strip()
        if not s:
            gap += 1
            continue
        s = re.sub(r" {2,}", " ", s)
        if current:
            prev = current[-1]
            soft = gap == 0 or (double and gap == 1)
            continues = (
                not _LIST_ITEM.match(s)
                and not _ARTICLE_HEADING.match(s)
                and (
                    (soft and not prev.endswith(_TERMINAL))
                    or (double and gap == 1)
                    or (soft and s[0].islower())
                )
                and not (gap == 0 and not double and _looks_like_heading(prev) and len(current) == 1
                         and not s[0].islower())
                and not (gap == 0 and not double and len(current) == 1 and _numbered_heading(prev, s))
            )
            if not continues:
                blocks.append(" ".join(current))
                current = []
        current.append(s)
        gap = 0
    if current:
        blocks.append(" ".join(current))
    return [_tidy(b) for b in blocks if b.strip()]


def _tidy(block: str) -> str:
    block = re.sub(r"\s+([,.;:!?])(?=\s|$)", r"\1", block)
    block = re.sub(r"^([•·▪◦‣●○■□➢►*])\s*", "• ", block)
    return re.sub(r"\s{2,}", " ", block).strip()


def _heading_label(block: str, nxt: str) -> str:
    """The section name a block starts, or "". A block that opens with a provision and goes on with its text
    ("Rule 1. The protection ... shall ...", "Article 3 – Relationship between ... [20 words]") starts the
    section of that provision ("Rule 1", "Article 3")."""
    m = _PROVISION.match(block)
    if m and re.match(r"\s*[.:–—-]\s+\S", block[m.end("ref"):]) \
            and (block.endswith(_TERMINAL) or len(block.split()) > 14):
        return m.group("ref")
    if _looks_like_heading(block) and (nxt and not _looks_like_heading(nxt) or _ARTICLE_HEADING.match(block)):
        if len(block.split()) <= 14:
            return block.rstrip(" .:") if _BARE_PROVISION.match(block) else block
    return ""


def source_lines(raw: str) -> list[str]:
    """The lines of `raw` as the rules see them (Removal.line numbers index this list from 1)."""
    return _normalise(raw).split("\n")


def clean(raw: str) -> CleanText:
    lines, removed = _drop_lines(source_lines(raw))
    blocks = _paragraphs(lines)
    text_parts: list[str] = []
    headings: list[tuple[int, str]] = []
    offset = 0
    previous_was_heading = False
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else ""
        label = _heading_label(block, nxt)
        if label and previous_was_heading and _BARE_PROVISION.match(headings[-1][1]) \
                and not _ARTICLE_HEADING.match(block) and not _PROVISION.match(block):
            # "Article I" then "Purposes and functions": one section, "Article I – Purposes and functions"
            headings[-1] = (headings[-1][0], f"{headings[-1][1]} – {label}")
        elif label:
            headings.append((offset, label))
        elif CLOSING_FORMULAS and headings and headings[-1][1] != CLOSING_LABEL and _CLOSING.match(block):
            headings.append((offset, CLOSING_LABEL))  # the formula that closes the articles (not a heading: no flag)
        previous_was_heading = bool(label)
        text_parts.append(block)
        offset += len(block) + 2
    return CleanText("\n\n".join(text_parts), headings, tuple(removed))
