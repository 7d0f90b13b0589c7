"""A title for a document that no library.json describes (an upload, `ingest PATH`).

In order: the title the file declares (HTML <title> or first <h1>, PDF metadata title, DOCX core title) when it
is a real one; a title the text states near its top ("Convention concerning ..."); the first title-like line
(not a preamble clause); the instrument's adoption clause ("Convention adopted on 20 October 2005"); the file name. Never "Preamble", "Article 1" or a file stem while anything better exists.
"""

from __future__ import annotations

import re

from ingest.clean import CleanText

_INSTRUMENT = re.compile(
    r"^(?:(?:UNESCO|International|Universal|Regional|Revised|Multilateral)\s+)*"
    r"(?:Constitution|Convention|Recommendation|Declaration|Charter|Agreement|Protocol)\s+"
    r"(?:of|on|for|concerning|against|relating|to)\s")
# Not a title: structure words, and what office software and PDF producers write when the author did not.
_GENERIC = re.compile(
    r"^(?:preamble|introduction|contents|table of contents|summary|abstract|foreword|annex(?:es)?|appendix|scope|"
    r"definitions?|scope and definitions|general provisions|final (?:clauses|provisions)|[A-Z]\.\s.*|"
    r"(?:article|art\.|chapter|section|part|rule|title|annex|appendix)\s*[\dIVXLC]+\b.*|"
    r"[IVXLC]+\.\s?.*|\d+(?:\.\d+)*\.?\s.*|untitled(?:\s*\d*)?|document\d*|title|slide \d+|page \d+|presentation\d*|"
    r"microsoft (?:word|powerpoint)\b.*|.*\.(?:docx?|pdf|txt|html?|rtf|odt))$",
    re.IGNORECASE)
MAX_TITLE = 300
# The opening words of preamble clauses and resolutions: sentences, not titles.
_CLAUSE = re.compile(
    r"^(?:adopts?|proclaims?|have|has|desirous|persuaded|considering|recalling|noting|recogni[sz]ing|affirming|"
    r"being|conscious|taking|emphasi[sz]ing|celebrating|welcoming|bearing|convinced|aware|mindful|reaffirming|"
    r"deeming|acknowledging|the general conference|decides|invites|requests|approves)\b", re.IGNORECASE)
_TYPES = r"(?P<type>Convention|Recommendation|Declaration|Charter|Agreement|Protocol)"
_DATE = r"(?P<date>(?:the\s+)?[\w-]+(?:\s+day)?\s+of\s+[A-Z][a-z]+\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})"
_ADOPTED = (re.compile(rf"\bAdopts?,?\s+(?:this|the present)\s+(?:revised\s+)?{_TYPES},?\s+(?:on\s+|this\s+)*{_DATE}",
                       re.IGNORECASE),
            re.compile(rf"\bAdopts?,?\s+(?:on\s+)?(?:this\s+)?{_DATE},?\s+(?:this|the present)\s+(?:revised\s+)?"
                       rf"{_TYPES}", re.IGNORECASE))


def is_real_title(candidate: str, stem: str = "") -> bool:
    s = " ".join(candidate.split())
    if not s or len(s) > MAX_TITLE or not any(ch.isalpha() for ch in s):
        return False
    if _GENERIC.match(s):
        return False
    return not stem or s.casefold() != stem.casefold()


def _title_like(block: str) -> bool:
    words = block.split()
    return (2 <= len(words) <= 20 or (len(words) == 1 and len(block) >= 4)) and not block.endswith((",", ";", ":")) \
        and not _CLAUSE.match(block) \
        and not re.match(r"^(?:[•·\-–—*]|\(?[a-z0-9ivx]{1,4}[.)])\s", block) and block[0].isupper() \
        and sum(ch.isdigit() for ch in block) < len(block) / 3


def title_from_text(cleaned: CleanText, stem: str = "", scan: int = 12) -> str:
    """A title found in the first `scan` blocks of the cleaned text, or ""."""
    blocks = [b for b in cleaned.text.split("\n\n")[:scan] if b.strip()]
    for block in blocks:  # a stated instrument title anywhere near the top wins
        if _INSTRUMENT.match(block) and len(block) <= MAX_TITLE and not block.endswith((",", ";", ":")):
            return block.rstrip(".")
    for block in blocks:
        if _title_like(block) and is_real_title(block, stem):
            return block.rstrip(".")
    return ""


def title_from_adoption(cleaned: CleanText) -> str:
    """"Convention adopted on 20 October 2005", from the text's own "Adopts this Convention on 20 October 2005"
    (instruments whose text never states their title); "" when the text has no such clause."""
    for pattern in _ADOPTED:
        m = pattern.search(cleaned.text)
        if m:
            date = re.sub(r"^the\s+", "", " ".join(m.group("date").split()), flags=re.IGNORECASE)
            if not date[0].isdigit() or " day " in date:
                date = f"the {date}"
            return f"{m.group('type').capitalize()} adopted on {date}"
    return ""


def choose_title(declared: str, cleaned: CleanText, stem: str, file_name: str) -> str:
    """The best title available for a document without a library entry."""
    declared = " ".join(declared.split())
    if is_real_title(declared, stem):
        return declared[:MAX_TITLE]
    found = title_from_text(cleaned, stem) or title_from_adoption(cleaned)
    if found:
        return found[:MAX_TITLE]
    return (stem.replace("_", " ").strip() or file_name)[:MAX_TITLE]
