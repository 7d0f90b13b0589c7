"""Limits that hold against hostile files: zip-based formats (DOCX) and PDFs.

- **Zip containers** (`check_zip`): at most `MAX_ZIP_ENTRIES` entries, `MAX_ZIP_TOTAL` bytes once decompressed
  in all, and `MAX_ZIP_PART` bytes for any one part. The sizes are those the zip's directory declares; Python's
  `zipfile` (which python-docx reads through) never returns more than the declared size of an entry, so a
  lying header cannot get past them. A small DOCX pointing at a 1 GB zero-filled part is refused before any
  part is decompressed.
- **PDFs** (`load_pdf`): parsed in a separate process with an address-space limit (`PDF_MEMORY_BYTES`) and a
  time limit (`PDF_SECONDS`), killed when over either; pages that share one content stream are parsed once
  (and their text, the same, is kept once), and the decoded content of all pages together is capped (`PDF_CONTENT_BYTES`). A
  hostile PDF therefore costs at most that memory and time, and never blocks the ingest behind it.

Every refusal is an `Unreadable` with a one-line reason, like any other unreadable file.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile

from ingest.loaders import MAX_PDF_PAGES, RawText, Unreadable

MAX_ZIP_ENTRIES = 2000
MAX_ZIP_TOTAL = 100 * 1024 * 1024
MAX_ZIP_PART = 50 * 1024 * 1024
PDF_MEMORY_BYTES = 1536 * 1024 * 1024  # address space of the PDF worker (pypdf and Python itself included)
PDF_SECONDS = 120.0
PDF_CONTENT_BYTES = 64 * 1024 * 1024  # decoded page content streams, all distinct pages together


class LimitExceeded(Unreadable):
    """A file refused by a safety limit (the message names the limit)."""


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB"


def check_zip(data: bytes, what: str = "DOCX") -> None:
    """Refuse a zip container with too many entries or too much to decompress. Raises `LimitExceeded`;
    a file that is not a zip at all is left to the format's own reader (it says so)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with z:
        infos = z.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise LimitExceeded(f"{what} has {len(infos):,} parts inside (limit {MAX_ZIP_ENTRIES:,}); "
                                "it is not a normal document")
        total = 0
        for info in infos:
            if info.file_size > MAX_ZIP_PART:
                raise LimitExceeded(f"{what} part {info.filename[:60]!r} decompresses to {_mb(info.file_size)} "
                                    f"(limit {_mb(MAX_ZIP_PART)} per part)")
            total += info.file_size
        if total > MAX_ZIP_TOTAL:
            raise LimitExceeded(f"{what} decompresses to {_mb(total)} (limit {_mb(MAX_ZIP_TOTAL)})")


# -- PDF ------------------------------------------------------------------------------------------------
def extract_pdf(data: bytes) -> dict:
    """Text of each page and the title, with pypdf; pages sharing content streams are parsed once. Returns
    {"pages": [...], "title": str} or {"error": reason}. Runs inside the worker (see `load_pdf`)."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported crypto
                return {"error": "password-protected PDF"}
            if not ok:
                return {"error": "password-protected PDF"}
        n = len(reader.pages)
        if n > MAX_PDF_PAGES:
            return {"error": f"PDF has {n:,} pages (limit {MAX_PDF_PAGES:,})"}
        texts: dict[tuple, str] = {}
        pages: list[str] = []
        content_bytes = 0
        for page in reader.pages:
            key = _content_key(page)
            if key is not None and key in texts:  # same content streams and resources: the same page again
                pages.append("")  # its text is already in; a 6-page PDF of one 5 MB stream is read once
                continue
            contents = page.get_contents()
            content_bytes += len(contents.get_data()) if contents is not None else 0
            if content_bytes > PDF_CONTENT_BYTES:
                return {"error": f"PDF page content exceeds {_mb(PDF_CONTENT_BYTES)} once decoded"}
            text = page.extract_text() or ""
            if key is not None:
                texts[key] = text
            pages.append(text)
        title = str(reader.metadata.title) if reader.metadata and reader.metadata.title else ""
    except LimitReachedError as e:  # a page tree or stream built to exhaust the reader (PDF bomb)
        return {"error": f"PDF exceeds a safety limit of the reader ({e})"}
    except MemoryError:
        return {"error": f"PDF needs more than {_mb(PDF_MEMORY_BYTES)} of memory to read"}
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            OSError, AssertionError, ZeroDivisionError) as e:
        return {"error": f"corrupt or unreadable PDF ({type(e).__name__})"}
    return {"pages": pages, "title": title}


def _content_key(page) -> tuple | None:
    """The indirect references of a page's content streams and resources, or None when they are inline."""
    from pypdf.generic import ArrayObject, IndirectObject

    raw = page.get("/Contents")
    refs = list(raw) if isinstance(raw, ArrayObject) else [raw]
    if not refs or not all(isinstance(r, IndirectObject) for r in refs):
        return None
    res = page.get("/Resources")
    res_key = (res.idnum, res.generation) if isinstance(res, IndirectObject) else repr(res)[:2000]
    return tuple((r.idnum, r.generation) for r in refs) + (res_key,)


def load_pdf(data: bytes, fmt: str = "pdf", *, seconds: float | None = None,
             memory_bytes: int | None = None) -> RawText:
    """Read a PDF in a worker process under a memory and a time limit. Raises `Unreadable`."""
    seconds = PDF_SECONDS if seconds is None else seconds
    memory_bytes = PDF_MEMORY_BYTES if memory_bytes is None else memory_bytes
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "TMPDIR")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_project_root(), env.get("PYTHONPATH", "")) if p)
    try:
        proc = subprocess.run([sys.executable, "-m", "ingest.limits", "pdf", str(memory_bytes)], input=data,
                              capture_output=True, timeout=seconds, env=env)
    except subprocess.TimeoutExpired as e:
        raise LimitExceeded(f"PDF took longer than {seconds:.0f} s to read (a page too complex, or built to "
                            "stall the reader); refused") from e
    try:
        result = json.loads(proc.stdout.decode("utf-8"))
    except ValueError:
        result = {"error": (f"PDF needs more than {_mb(memory_bytes)} of memory to read" if proc.returncode
                            else "corrupt or unreadable PDF")}
    if "error" in result:
        raise (LimitExceeded if "limit" in result["error"] or "memory" in result["error"] else Unreadable)(
            result["error"])
    text = "\n\n".join(result["pages"])
    if not text.strip():
        raise Unreadable("PDF has no text layer (scanned images?); run OCR first")
    return RawText(text, fmt, result.get("title", ""))


def _project_root() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent)


def _worker(memory_bytes: int) -> None:
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:  # inside the upload worker's child: never above its own limit
        memory_bytes = min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    data = sys.stdin.buffer.read()
    try:
        result = extract_pdf(data)
    except MemoryError:
        result = {"error": f"PDF needs more than {_mb(memory_bytes)} of memory to read"}
    sys.stdout.write(json.dumps(result, ensure_ascii=True))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "pdf":
        _worker(int(sys.argv[2]))
