"""Turn extracted text into clean, citable blocks.

What a reader of the citations would notice, and what this fixes (both seeds show all of it):
- PDF text with a hard line break (and often a blank line) inside every sentence becomes flowing paragraphs;
- stray glyphs alone on a line (a lone ’ or •) disappear;
- headings, numbered (i., 1., a)) and bulleted items stay separate blocks;
- web boilerplate ("Back to top", "More information" link text, photo credit + caption) is dropped.

The result is blocks joined by a blank line; headings are recorded with their offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_BOILERPLATE = re.compile(
    r"^(back to top|more information|read more|learn more|skip to (main )?content|share( this)?( page)?|"
    r"print( this page)?|top of page|cookies? (settings|policy)|menu|search)\W*$",
    re.IGNORECASE,
)
_TRAILING_LINK_TEXT = re.compile(r"\s*(More information|Read more|Learn more)\s*$")
_CREDIT = re.compile(r"^(©|\(c\)\s|photo\s*:|credit\s*:|photo credit)", re.IGNORECASE)
_LIST_ITEM = re.compile(
    r"^(?:[•·▪◦‣●○■□➢►\-–—*]\s+|(?:[ivxlc]{1,6}|\d{1,3}|[a-z])[.)]\s+|\((?:[ivxlc]{1,6}|\d{1,3}|[a-z])\)\s+)",
    re.IGNORECASE,
)
_ARTICLE_HEADING = re.compile(r"^(Article|Chapter|Section|Part|Annex|Title)\s+([0-9IVXLC]+|[A-Z])\b.{0,100}$")
_TERMINAL = tuple(".!?:;\"”’)")
_ZW = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


@dataclass(frozen=True)
class CleanText:
    text: str
    headings: list[tuple[int, str]] = field(default_factory=list)  # (offset in text, heading)

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


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    if _ARTICLE_HEADING.match(s):
        return True
    if len(s) > 80 or s.endswith(_TERMINAL) or s.endswith(","):
        return False
    if _LIST_ITEM.match(s):
        return False
    first = s[0]
    return first.isupper() or first.isdigit()


def _drop_boilerplate(lines: list[str]) -> list[str]:
    out: list[str] = []
    skip_caption = False
    for line in lines:
        s = line.strip()
        if skip_caption:
            skip_caption = False
            if s and len(s) <= 120 and not s.endswith((".", "!", "?")):
                continue  # caption directly under a photo credit
        if _CREDIT.match(s) and len(s) <= 160:
            skip_caption = True
            continue
        if _BOILERPLATE.match(s) or _is_stray(s):
            out.append("")
            continue
        out.append(_TRAILING_LINK_TEXT.sub("", line.rstrip()) if s else "")
    return out


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


def clean(raw: str) -> CleanText:
    lines = _drop_boilerplate(_normalise(raw).split("\n"))
    blocks = _paragraphs(lines)
    text_parts: list[str] = []
    headings: list[tuple[int, str]] = []
    offset = 0
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else ""
        if _looks_like_heading(block) and (nxt and not _looks_like_heading(nxt) or _ARTICLE_HEADING.match(block)):
            if len(block.split()) <= 14:
                headings.append((offset, block))
        text_parts.append(block)
        offset += len(block) + 2
    return CleanText("\n\n".join(text_parts), headings)
