"""Bounded pieces of text for the chunker: linear cost in any script, and a character cap per chunk.

llama-index's SentenceSplitter falls back from sentences to words to single characters when a text has no
break it knows, tokenizing each candidate piece: on CJK text without spaces (or a 3 MB "word") its cost grows
faster than the text. `windows()` first cuts a section into spans of at most `WINDOW_CHARS`, at the best break
available (paragraph, line, sentence end in any script, space, else anywhere), so the splitter only ever sees
bounded input and the whole costs O(text length). `cap()` then cuts any piece longer than `MAX_CHUNK_CHARS`
(a long token the tokenizer counts as one unknown word piece) so that no passage is larger than that.
"""

from __future__ import annotations

import re

WINDOW_CHARS = 6000
MAX_CHUNK_CHARS = 3000
# Windows are used only for text with a run this long without whitespace: ordinary text keeps exactly the
# splitter's chunks (and so its chunk ids).
LONG_RUN = re.compile(r"\S{200}")

# Preferred breaks, best first: a blank line, a line break, a sentence end (Latin, CJK, Arabic, Devanagari...),
# any whitespace. Without any, the window is cut at its limit.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?。！？؟।](?=\s|$)|[。！？]"),
           re.compile(r"\s"))


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the piece that starts at `start`: at most `limit` chars, at the best break in its second half."""
    end = start + limit
    if end >= len(text):
        return len(text)
    lo = start + limit // 2
    for pattern in _BREAKS:
        last = None
        for m in pattern.finditer(text, lo, end):
            last = m
        if last is not None:
            return last.end()
    return end


def windows(text: str, limit: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Consecutive (start, end) spans covering `text`, each at most `limit` characters."""
    spans, pos = [], 0
    while pos < len(text):
        end = _cut(text, pos, limit)
        spans.append((pos, end))
        pos = end
    return spans


def cap(piece: str, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """Spans of `piece` of at most `limit` characters (the whole piece when it is short enough)."""
    if len(piece) <= limit:
        return [(0, len(piece))]
    return windows(piece, limit)
