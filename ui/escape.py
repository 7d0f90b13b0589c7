"""Make untrusted text (documents, questions, file names) safe to show.

Everything a user or a document can control goes through one of these two functions before it
reaches HTML (`gr.HTML`) or the chat's Markdown renderer:

- `html_text` escapes `& < > " '`, so tags and event handlers show as text.
- `md_text` also turns every character Markdown (or the chat's LaTeX and autolinking) would act on
  into a numeric character reference. The text then renders literally: no links, no images that
  would fetch from another host, no emphasis or headings smuggled in by a document.
"""

from __future__ import annotations

import html

_MARKDOWN_CHARS = "\\`*_{}[]()#+-.!|~=$:<>&\"'"
_MD_TABLE = {ord(c): f"&#{ord(c)};" for c in _MARKDOWN_CHARS}


def html_text(text: object) -> str:
    """Text for an HTML element's content or a quoted attribute value."""
    return html.escape(str(text), quote=True)


def md_text(text: object) -> str:
    """Text for a Markdown message (rendered with HTML allowed): shows literally, renders nothing.

    Newlines are kept (the chatbot turns them into line breaks); tabs and other whitespace too.
    """
    return str(text).translate(_MD_TABLE)
