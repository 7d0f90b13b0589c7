"""Hostile-input scenarios run in a fresh process, so that their peak memory (RSS) can be measured and bounded.

    python -m tests.system.probe SCENARIO WORKDIR   # prints one JSON line: the scenario's figures + peak_rss_mb

`run_probe()` starts it, watches its RSS from outside (killing it above `kill_above_mb`, so a regression
cannot take the machine down) and returns the figures. The crafted files are generated under WORKDIR.
Times are reported, never asserted.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONE_LETTER_BYTES = 1_500_000


# -- crafted files ---------------------------------------------------------------------------------
def one_letter_text(path: Path, n: int = ONE_LETTER_BYTES) -> Path:
    """A title line, then `n` bytes of one letter: one 1.5 MB "word"."""
    path.write_text("Letters\n\n" + "A" * n + "\n", encoding="utf-8")
    return path


def docx_bomb(path: Path, inflated_mb: int = 100) -> Path:
    """A valid small DOCX whose body part is followed by a huge zero-filled part (compresses ~1000:1)."""
    import docx

    d = docx.Document()
    d.add_paragraph("A short report on heritage sites and their care, written for the bomb test.")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":  # valid XML: paragraphs of 100 kB of one letter each
                para = b"<w:p><w:r><w:t>" + b"A" * 100_000 + b"</w:t></w:r></w:p>"
                data = data.replace(b"<w:body>", b"<w:body>" + para * (inflated_mb * 10), 1)
            z.writestr(info, data)
        z.writestr("word/media/zeros.bin", b"\0" * (inflated_mb * 1_000_000))
    path.write_bytes(out.getvalue())
    return path


def docx_many_entries(path: Path, n: int = 20_000) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("A document with very many parts in its zip container.")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info.filename))
        for i in range(n):
            z.writestr(f"extra/item{i}.xml", b"<a/>")
    path.write_bytes(out.getvalue())
    return path


def pdf_shared_stream(path: Path, pages: int = 6, stream_mb: float = 5.0) -> Path:
    """A small PDF whose `pages` pages all point at one Flate content stream of `stream_mb` MB of text
    operators (the file is a few kB; each page would parse the whole stream)."""
    import zlib

    line = b"BT /F1 12 Tf 72 712 Td (heritage) Tj ET\n"
    content = line * int(stream_mb * 1_000_000 / len(line))
    comp = zlib.compress(content, 9)
    objs: list[bytes] = []
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream")
    font = 4 + pages
    for _ in range(pages):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                    f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def pdf_distinct_streams(path: Path, pages: int = 12, stream_mb: float = 5.0) -> Path:
    """A small PDF of `pages` pages, each with its own Flate content stream of `stream_mb` MB of text operators
    (a few kB per page; the reader parses each one, about 2 to 10 s per MB here, so the whole file takes
    minutes: up to the PDF worker's own limit of 120 s)."""
    import zlib

    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    font = 3 + 2 * pages
    for i in range(pages):
        line = f"BT /F1 12 Tf 72 712 Td (heritage page {i}) Tj ET\n".encode()
        comp = zlib.compress(line * int(stream_mb * 1_000_000 / len(line)), 9)
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
                    f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def cjk_text(path: Path, n: int = 160_000) -> Path:
    """`n` CJK characters without a space (a line break every 2,000 characters, like a pasted page)."""
    base = "联合国教育科学及文化组织致力于通过教育科学文化和传播促进和平与安全"
    body = (base * (n // len(base) + 1))[:n]
    path.write_text("\n".join(body[i:i + 2000] for i in range(0, n, 2000)), encoding="utf-8")
    return path


# -- scenarios (run in the child) ---------------------------------------------------------------
def _assistant(work: Path):
    from assistant.api import Assistant
    from core.settings import Settings

    return Assistant.open(Settings(store_dir=work / "store"))


def scenario_lookup_one_letter(work: Path) -> dict:
    folder = work / "docs"
    folder.mkdir(exist_ok=True)
    one_letter_text(folder / "letters.txt")
    out: dict = {}
    with _assistant(work) as a:
        t = time.perf_counter()
        report = a.ingest([folder])
        out["ingest_s"] = round(time.perf_counter() - t, 2)
        out["chunks"] = report.chunks_written
        out["skipped"] = [s.reason for s in report.skipped]
        for quote in ("A" * 10, "A" * 20, "A" * 2000):
            t = time.perf_counter()
            hits = a.lookup(quote)
            out[f"lookup_{len(quote)}"] = {"hits": len(hits), "seconds": round(time.perf_counter() - t, 2),
                                          "max_match_chars": max((len(h.match) for h in hits), default=0)}
        out["max_chunk_chars"] = max(len(c.text) for c in a.store.document_chunks(a.documents()[0].id))
    return out


def _load(path: Path) -> dict:
    from ingest.loaders import Unreadable, load

    t = time.perf_counter()
    try:
        raw = load(path)
        result = {"loaded_chars": len(raw.text)}
    except Unreadable as e:
        result = {"refused": str(e)}
    result["seconds"] = round(time.perf_counter() - t, 2)
    return result


def scenario_docx_bomb(work: Path) -> dict:
    p = work / "bomb.docx"  # made by the parent (PREPARE), so that making it does not count here
    return {"file_bytes": p.stat().st_size, **_load(p)}


def scenario_docx_many_entries(work: Path) -> dict:
    p = work / "many.docx"
    return {"file_bytes": p.stat().st_size, **_load(p)}


def scenario_pdf_shared_stream(work: Path) -> dict:
    p = work / "shared.pdf"
    return {"file_bytes": p.stat().st_size, **_load(p)}


def scenario_cjk_chunking(work: Path) -> dict:
    from core.types import Document
    from ingest.chunking import Chunker
    from ingest.clean import clean
    from store.embedder import load_embedder

    p = cjk_text(work / "cjk.txt")
    emb = load_embedder("all-MiniLM-L6-v2")
    cleaned = clean(p.read_text(encoding="utf-8"))
    doc = Document(id="cjk", title="CJK", source="cjk.txt", format="txt", text=cleaned.text, content_hash="x")
    chunker = Chunker(emb.tokenize, 200, 30)
    t = time.perf_counter()
    chunks = chunker.chunk(doc, cleaned)
    return {"chars": len(cleaned.text), "chunks": len(chunks), "chunk_s": round(time.perf_counter() - t, 2),
            "max_chunk_chars": max(len(c.text) for c in chunks)}


def scenario_upload_worker(work: Path) -> dict:
    """The upload worker (`assistant.upload_queue`) on hostile files under a 5 s budget per file: this process
    holds the store and the model; each file is read in a child limited to 2 GB of address space."""
    from assistant.upload_queue import UploadQueue

    files = [_hostile_upload(work, which) for which in ("pdf", "cjk", "html")]
    ok = work / "ok.txt"
    ok.write_text("Ferry records\n\nThe Mostar ferry ran in 1957. The archive is kept in the town library.\n")
    with _assistant(work) as a:
        a.ingest([ROOT / "corpus" / "seeds"])
        t = time.perf_counter()
        task = UploadQueue(a, budget=(5, 2048 << 20)).submit([*files, ok])
        task.wait()
        return {"upload_s": round(time.perf_counter() - t, 2), "added": len(task.report.added),
                "skipped": {Path(s.path).name: s.reason for s in task.report.skipped}, "state": task.state,
                "chunks": a.store.count(), "records": sum(d.chunks for d in a.documents())}


def scenario_upload_worker_pdf_default(work: Path) -> dict:
    """The stalling PDF through the upload worker with the default budget (180 s, 2 GB): when its reader finishes
    within the PDF worker's 120 s, 12 million characters come back to be cleaned and cut under the clock."""
    from assistant.upload_queue import UploadQueue

    with _assistant(work) as a:
        a.ingest([ROOT / "corpus" / "seeds"])
        t = time.perf_counter()
        task = UploadQueue(a).submit([_hostile_upload(work, "pdf")])
        task.wait()
        return {"upload_s": round(time.perf_counter() - t, 1), "added": len(task.report.added),
                "skipped": [s.reason for s in task.report.skipped], "state": task.state,
                "chunks": a.store.count(), "records": sum(d.chunks for d in a.documents())}


def scenario_upload_text_at_cap(work: Path) -> dict:
    """Cleaning and cutting a text just under the upload cap (`UPLOAD_TEXT_CHARS`): the parent's memory for an
    upload the reader lets through (the embedding that follows holds one batch at a time)."""
    from core.types import Document
    from ingest.chunking import Chunker
    from ingest.clean import clean
    from ingest.isolated import UPLOAD_TEXT_CHARS
    from store.embedder import load_embedder

    sentence = "The committee reviewed the state of conservation of heritage site number {} in its session. "
    parts, n, i = [], 0, 0
    while n < UPLOAD_TEXT_CHARS - 200:
        para = "".join(sentence.format(i * 7 + k) for k in range(7)) + "\n\n"
        parts.append(para)
        n += len(para)
        i += 1
    text = "".join(parts)[:UPLOAD_TEXT_CHARS - 100]
    emb = load_embedder("all-MiniLM-L6-v2")
    t = time.perf_counter()
    cleaned = clean(text)
    doc = Document(id="cap", title="Cap", source="cap.txt", format="txt", text=cleaned.text, content_hash="x")
    chunks = Chunker(emb.tokenize, 200, 30).chunk(doc, cleaned)
    return {"chars": len(text), "chunks": len(chunks), "clean_and_chunk_s": round(time.perf_counter() - t, 1)}


def _hostile_upload(work: Path, which: str) -> Path:
    """One of the upload worker's hostile files: a PDF of 12 pages with 5 MB content streams, 1,000,000 CJK characters
    without a space, a 13.6 MB HTML page of 400,000 tiny blocks."""
    if which == "pdf":
        return pdf_distinct_streams(work / "stall.pdf")
    if which == "cjk":
        return cjk_text(work / "cjk.txt", 1_000_000)
    big = work / "big.html"
    big.write_text("<html><body>" + "<div><p><b>heritage</b></p></div>" * 400_000 + "</body></html>")
    return big


def _upload_direct(work: Path, which: str) -> dict:
    """One hostile file through `Assistant.ingest` in this process: what an upload did before the worker (and
    what `unesco-assistant ingest` does with the operator's own files): no budget but the PDF reader's own."""
    f = _hostile_upload(work, which)
    with _assistant(work) as a:
        a.ingest([ROOT / "corpus" / "seeds"])
        t = time.perf_counter()
        report = a.ingest([f])
        return {"file": f.name, "seconds": round(time.perf_counter() - t, 1), "added": len(report.added),
                "chunks": report.chunks_written, "skipped": [s.reason for s in report.skipped]}


def scenario_upload_direct_pdf(work: Path) -> dict:
    return _upload_direct(work, "pdf")


def scenario_upload_direct_cjk(work: Path) -> dict:
    return _upload_direct(work, "cjk")


def scenario_upload_direct_html(work: Path) -> dict:
    return _upload_direct(work, "html")


PREPARE = {"docx_bomb": lambda w: docx_bomb(w / "bomb.docx"),
           "docx_many_entries": lambda w: docx_many_entries(w / "many.docx"),
           "pdf_shared_stream": lambda w: pdf_shared_stream(w / "shared.pdf")}
SCENARIOS = {name[len("scenario_"):]: fn for name, fn in globals().items() if name.startswith("scenario_")}


def main() -> None:
    name, work = sys.argv[1], Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    result = SCENARIOS[name](work)
    result["total_s"] = round(time.perf_counter() - t, 2)
    result["peak_rss_mb"] = round(_hwm_mb())
    # Worker processes (the PDF reader): the largest peak among them (an upper bound: it includes what the
    # worker inherited when forked from this process).
    result["worker_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    print(json.dumps(result), flush=True)


def _hwm_mb() -> float:
    """This process's peak RSS (VmHWM: reset at exec, unlike getrusage's ru_maxrss, which keeps the peak of the
    parent that forked it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- parent side ------------------------------------------------------------------------------------
def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_probe(name: str, work: Path, *, kill_above_mb: float = 4000, timeout_s: float = 900) -> dict:
    """Run a scenario in a fresh Python process; the returned dict has the scenario's figures, `peak_rss_mb`
    and `killed` (None, "memory" or "timeout": the watchdog stopped it)."""
    work.mkdir(parents=True, exist_ok=True)
    if name in PREPARE:
        PREPARE[name](work)
    env = dict(os.environ, HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tests.system.probe", name, str(work)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t0, peak, killed = time.monotonic(), 0.0, None
    while proc.poll() is None:
        peak = max(peak, _rss_mb(proc.pid))
        if peak > kill_above_mb:
            killed = "memory"
        elif time.monotonic() - t0 > timeout_s:
            killed = "timeout"
        if killed:
            proc.kill()
            break
        time.sleep(0.05)
    out, err = proc.communicate()
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    result = json.loads(lines[-1]) if lines and not killed else {"stderr_tail": err[-2000:]}
    result["killed"] = killed
    result["peak_rss_mb"] = max(result.get("peak_rss_mb", 0), round(peak))
    result["wall_s"] = round(time.monotonic() - t0, 1)
    result["rc"] = proc.returncode
    return result


if __name__ == "__main__":
    main()
