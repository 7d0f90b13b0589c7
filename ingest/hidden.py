"""Text a browser would not show is not ingested from HTML: it could only ever be read by a machine.

`drop_hidden(soup)` removes elements hidden by the `hidden` attribute, `aria-hidden="true"`, an inline style
(`display: none`, `visibility: hidden|collapse`, `opacity: 0`, `font-size: 0`, `clip: rect(0…)`), or a class or
id that a `<style>` block of the page hides with one of those (simple `.class`, `#id` and `tag.class`
selectors). Call it before the `<style>` blocks are removed.
"""

from __future__ import annotations

import re

_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)"
    r"|font-size\s*:\s*0(?:px|em|rem|pt|%)?\s*(?:;|$|!)|clip\s*:\s*rect\(\s*0", re.IGNORECASE)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE = re.compile(r"^([a-z0-9]*)([.#])([\w-]+)$", re.IGNORECASE)


def hides(style: str) -> bool:
    return bool(style) and _HIDING.search(style) is not None


def _hidden_selectors(soup) -> list[tuple[str, str, str]]:
    """(tag or "", "." or "#", name) for every simple selector a <style> block hides."""
    out = []
    for style in soup.find_all("style"):
        css = re.sub(r"/\*.*?\*/", "", style.get_text(), flags=re.S)
        for selectors, body in _RULE.findall(css):
            if not hides(body):
                continue
            for sel in selectors.split(","):
                m = _SIMPLE.match(sel.strip())
                if m:
                    out.append((m.group(1).lower(), m.group(2), m.group(3)))
    return out


def drop_hidden(soup) -> int:
    """Remove the hidden elements of `soup` (a BeautifulSoup tree); returns how many were removed."""
    selectors = _hidden_selectors(soup)
    doomed = []
    for tag in soup.find_all(True):
        attrs = tag.attrs or {}
        hidden = ("hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true"
                  or hides(str(attrs.get("style", ""))))
        if not hidden and selectors:
            classes = set(attrs.get("class") or [])
            for name, kind, value in selectors:
                if name and tag.name != name:
                    continue
                if (kind == "." and value in classes) or (kind == "#" and attrs.get("id") == value):
                    hidden = True
                    break
        if hidden:
            doomed.append(tag)
    removed = 0
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()
            removed += 1
    return removed
