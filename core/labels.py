"""Citation labels a reader can check against the printed instrument.

    citation_label(title, short_title, 1970, "Paris", "Article 6", full=True, item="(c)")
      -> "Convention on the Means of Prohibiting ... Ownership of Cultural Property (Paris, 1970), Article 6(c)"
    citation_label(..., full=False, ...)
      -> "1970 Convention, Art. 6(c)"

`section` is a chunk's section ("Article 6", "Article I – Purposes and functions", "Rule 12", "Preamble");
`item` the list item a quoted sentence sits in (`list_item_at`), "" for none.
"""

from __future__ import annotations

import re

_PROVISION = re.compile(
    r"^(?P<kind>Article|ARTICLE|Art\.|Rule|RULE)\s*"
    r"(?P<ref>(?:\d+(?:\.\d+)*|[IVXLC]+(?:\.\d+)*|[A-Z])(?:\s?(?:bis|ter|quater|quinquies)\b|\s[A-H]\b)?)")
_ITEM = re.compile(r"^\s*(?:\((?P<paren>[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3})\)|(?P<dot>\d{1,3})\.(?=\s))")
_ROMAN = re.compile(r"^[ivxlc]+$")


def provision(section: str, full: bool = True) -> str:
    """"Article 6 – Title" -> "Article 6" (full) or "Art. 6" (short); "Rule 12" -> "Rule 12"; other sections
    are returned as they are (full) or "" (short: a section name is not a pinpoint)."""
    m = _PROVISION.match(section.strip())
    if not m:
        return section.strip() if full else ""
    kind = m.group("kind").capitalize().rstrip(".")
    if kind == "Art":
        kind = "Article"
    ref = m.group("ref")
    if kind == "Article":
        return f"Article {ref}" if full else f"Art. {ref}"
    return f"{kind} {ref}"


def citation_label(title: str, short_title: str, year: int | str, city: str, section: str, full: bool = True,
                   item: str = "") -> str:
    """The full form (official title, place and year, provision) or the short form (short title, provision)."""
    year = str(year) if year and str(year) != "0" else ""
    where = provision(section, full)
    pinpoint = f"{where}{item}" if where and (where.startswith(("Article", "Art.", "Rule"))) else where
    if full:
        place = ", ".join(p for p in (city, year) if p)
        head = f"{title} ({place})" if place else title
    else:
        head = short_title or title
        if year and year not in head and not short_title:
            head = f"{head} ({year})"
    return f"{head}, {pinpoint}" if pinpoint else head


def list_item_at(text: str, offset: int) -> str:
    """The list item marker(s) of the paragraph of `text` that holds `offset`: "(c)", "(g)(i)" for a sub-item
    under a lead-in item ending in ":", "(2)" for a numbered paragraph "2. ..."; "" outside a list."""
    paragraphs: list[tuple[int, str]] = []
    pos = 0
    for block in text.split("\n\n"):
        paragraphs.append((pos, block))
        pos += len(block) + 2
    here = max((i for i, (start, _) in enumerate(paragraphs) if start <= offset), default=-1)
    if here < 0:
        return ""
    marker = _marker(paragraphs[here][1])
    if not marker:
        return ""
    if _ROMAN.match(marker.strip("()")):
        # maybe a sub-item: the first earlier paragraph that is not a roman item tells ("(g) ... such as:")
        for _, block in reversed(paragraphs[:here]):
            outer = _marker(block)
            if outer and _ROMAN.match(outer.strip("()")):
                continue
            if outer and block.rstrip().endswith(":"):
                return f"{outer}{marker}"
            break
    return marker


def _marker(block: str) -> str | None:
    """"(c)" for "(c) ...", "(2)" for "2. ...", "" for a paragraph that is no item, None for an empty one."""
    if not block.strip():
        return None
    m = _ITEM.match(block)
    if not m:
        return ""
    return f"({m.group('paren') or m.group('dot')})"
