"""Read files of the supported formats into raw text; say why when a file cannot be read.

Every loader returns a `RawText` or raises `Unreadable` with a one-line reason for the user.
"""

from __future__ import annotations

import html
import os
import threading
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
             ".pdf": "pdf", ".docx": "docx"}
SIDECAR_FILES = {"library.json"}  # a library's metadata (ingest.metadata), consumed rather than ingested
SIDECAR_SUFFIXES = (".csv.spec.json",)  # a CSV's column spec (ingest.csv_records)
TABLES = {".csv"}  # one document per row, mapped by a spec (ingest.csv_records)
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 2000
MAX_WALK_DEPTH = 32


class Unreadable(Exception):
    """A file we skip; the message is the reason shown to the user."""


@dataclass(frozen=True)
class RawText:
    text: str
    format: str
    title: str = ""  # from the file itself (HTML <title>, PDF/DOCX properties), if any


def discover(paths: list[Path]) -> tuple[list[tuple[Path, Path]], list[tuple[str, str]]]:
    """Expand files and folders (recursively) into (file, root) pairs; missing paths are reported.

    Symlink loops and overly deep trees are cut off rather than followed forever.
    """
    found: list[tuple[Path, Path]] = []
    problems: list[tuple[str, str]] = []
    for p in paths:
        if not p.exists():
            problems.append((str(p), "no such file or folder"))
        elif p.is_file():
            found.append((p, p.parent))
        else:
            seen: set[tuple[int, int]] = set()
            for dirpath, dirnames, filenames in os.walk(p, followlinks=True):
                st = os.stat(dirpath)
                key = (st.st_dev, st.st_ino)
                depth = len(Path(dirpath).relative_to(p).parts)
                if key in seen or depth > MAX_WALK_DEPTH:
                    problems.append((dirpath, "folder skipped: symlink loop or nested too deep"))
                    dirnames[:] = []
                    continue
                seen.add(key)
                dirnames.sort()
                for name in sorted(filenames):
                    if name.startswith(".") or name in SIDECAR_FILES or name.endswith(SIDECAR_SUFFIXES):
                        continue
                    found.append((Path(dirpath) / name, p))
    return found, problems


_isolation = threading.local()  # `.budget`: set by `ingest.isolated.isolated()` for the upload worker's thread


def load(path: Path) -> RawText:
    """The file's text. In a thread running under `ingest.isolated.isolated(budget)` (uploads), the file is
    read in a child process under that time and memory budget, and a cancel stops it at once."""
    budget = getattr(_isolation, "budget", None)
    if budget is not None:
        from ingest.isolated import load_isolated

        return load_isolated(path, budget)
    return load_direct(path)


def load_direct(path: Path) -> RawText:
    fmt = SUPPORTED.get(path.suffix.lower())
    if fmt is None:
        raise Unreadable(f"unsupported format {path.suffix or '(no extension)'!r}; supported: "
                         + ", ".join(sorted({s for s in SUPPORTED})))
    try:
        size = path.stat().st_size
    except OSError as e:
        raise Unreadable(f"cannot read file: {e.strerror or e}") from e
    if size == 0:
        raise Unreadable("empty file (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise Unreadable(f"file too large ({size / 1e6:.0f} MB; limit {MAX_FILE_BYTES / 1e6:.0f} MB)")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise Unreadable(f"cannot read file: {e.strerror or e}") from e
    return {"txt": _text, "md": _text, "html": _html, "pdf": _pdf, "docx": _docx}[fmt](data, fmt)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else a confident guess; binary data is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise Unreadable("broken UTF-16 text") from e
    sample = data[:65536]
    if b"\x00" in sample:
        raise Unreadable("binary content, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise Unreadable("unknown text encoding (not UTF-8, and no confident guess); save it as UTF-8")
    text = str(best)
    if best.encoding.startswith(("cp125", "iso8859", "latin", "mac_")):
        try:  # among single-byte Latin code pages, Windows-1252 (Western) is by far the likeliest
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > 0.01 * min(len(text), 65536):
        raise Unreadable("binary content, not text")
    return text


def _text(data: bytes, fmt: str) -> RawText:
    return RawText(decode(data), fmt)


_BLOCK_TAGS = ["p", "div", "section", "article", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "pre", "figcaption", "dd", "dt", "table", "ul", "ol"]


def _html(data: bytes, fmt: str) -> RawText:
    from bs4 import BeautifulSoup

    from ingest.hidden import drop_hidden

    soup = BeautifulSoup(decode(data), "html.parser")
    drop_hidden(soup)  # text a browser would not show (hidden, aria-hidden, display:none...) is not ingested
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    h1 = soup.find("h1")
    heading = h1.get_text(" ", strip=True) if h1 else ""
    if heading and (not title or heading.casefold() in title.casefold()):
        title = heading  # "Science Diplomacy | UNESCO": the page's own heading, without the site's name
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer", "header", "form", "svg",
                     "iframe", "button"]):
        tag.decompose()
    for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    for tag in soup.find_all("li"):
        tag.insert_before("\n• ")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_after("\n\n" if tag.name != "br" else "\n")
    body = soup.body or soup
    text = html.unescape(body.get_text(""))
    return RawText(text, fmt, title)


def _pdf(data: bytes, fmt: str) -> RawText:
    from ingest.limits import load_pdf  # in a worker process, under a time and memory budget

    return load_pdf(data, fmt)


def _docx(data: bytes, fmt: str) -> RawText:
    import io
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from ingest.limits import check_zip

    check_zip(data, "DOCX")  # entry count and decompressed size, before anything is decompressed
    try:
        d = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise Unreadable("corrupt or unreadable DOCX (not a Word 2007+ file?)") from e
    except Exception as e:  # lxml and zip errors of many kinds
        raise Unreadable(f"corrupt or unreadable DOCX ({type(e).__name__})") from e
    try:  # a damaged part (body, styles, properties) only shows when it is read
        lines = []
        for p in d.paragraphs:
            style = (p.style.name or "").lower() if p.style is not None else ""
            text = p.text.strip()
            if not text:
                continue
            if "list" in style:
                text = "• " + text
            lines.append(text)
        title = d.core_properties.title or ""
    except Exception as e:  # noqa: BLE001 - python-docx raises AttributeError, KeyError, ... on broken XML
        raise Unreadable(f"corrupt or unreadable DOCX ({type(e).__name__})") from e
    return RawText("\n\n".join(lines), fmt, title)
