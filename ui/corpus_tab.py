"""Corpus tab: the stored documents, upload-and-ingest with a progress bar, delete a document.

Every problem (no file chosen, nothing to delete, a failed ingest) is a short message in the status line
and a toast; the table, the picker and the buttons stay usable (no handler raises into an error overlay).
Cancelling the delete confirmation does nothing. Progress counts real work: files read, then passages
embedded out of the total, as the embedding goes.

Uploads are copied into a fresh private folder under their base name only (`Path(name).name`), so a
name such as `../../etc/x.txt` cannot place a file anywhere else; ingest then reads that folder's files.
Control, bidi (right-to-left override) and other invisible format characters are removed from names, and a
long name is cut in its stem, keeping its extension.

Uploads go to a bounded queue worked by one thread (`assistant.upload_queue`): each file read in a child
process under a time and memory budget, the whole upload cancellable ("Cancel upload", or closing the page),
and a full queue refused with a message. The chat never waits for it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

import gradio as gr

from core.types import IngestReport
from ui.errors import info, user_message, warn
from ui.escape import html_text

FORMATS = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"]
MAX_FILE_SIZE = "20mb"  # for launch(max_file_size=...)
MAX_FILE_SIZE_LABEL = "20 MB"
HEADERS = ["Title", "Kind", "Year", "File", "Passages", "Ingested (UTC)", "Id"]
# The confirmation runs in the browser; its answer travels in a hidden checkbox, the picker keeps its value.
CONFIRM_JS = "(id, ok) => [id, id ? confirm('Delete this document and all its passages from the store?') : false]"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:]+")
MAX_NAME_CHARS = 180
MAX_NAME_BYTES = 240  # UTF-8, under the 255 bytes most file systems allow (room for a "-2" suffix)
UPLOAD_SECONDS_ENV = "UNESCO_ASSISTANT_UPLOAD_SECONDS"  # per file: reading, cleaning, chunking (default 180)
UPLOAD_MEMORY_ENV = "UNESCO_ASSISTANT_UPLOAD_MEMORY_MB"  # per file: the reading child's address space (2048)


def visible_name(name: str) -> str:
    """`name` without control, bidi (U+202E right-to-left override...) and other invisible format characters,
    NFC: what the store records and the page shows as an upload's original name."""
    text = unicodedata.normalize("NFC", str(name))
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Cs")).strip()


def safe_name(name: str) -> str:
    """A plain file name for an upload: its base name, no control or bidi characters, not hidden, not empty,
    at most MAX_NAME_CHARS characters (and MAX_NAME_BYTES in UTF-8), cut in the stem so the extension stays."""
    base = visible_name(_UNSAFE.sub("_", Path(str(name).replace("\\", "/")).name)).strip().lstrip(".")
    if not base:
        return "upload"
    suffix = Path(base).suffix if len(Path(base).suffix) <= 16 else ""
    stem = base[:len(base) - len(suffix)] if suffix else base
    while stem and (len(stem) + len(suffix) > MAX_NAME_CHARS
                    or len((stem + suffix).encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES):
        stem = stem[:-1]
    return (stem.rstrip() or "upload") + suffix


def stage_uploads(files: list[str], folder: Path) -> list[Path]:
    """Copy uploads into `folder` under safe, distinct names; return the new paths."""
    staged: list[Path] = []
    for f in files:
        name = safe_name(Path(f).name)
        target = folder / name
        n = 1
        while target.exists():
            target = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
            n += 1
        if target.resolve().parent != folder.resolve():  # belt and braces
            continue
        shutil.copyfile(f, target)
        staged.append(target)
    return staged


def documents_table(assistant) -> list[list]:
    docs = sorted(assistant.documents(), key=lambda d: d.title.casefold())
    return [[d.title, getattr(d, "doc_type", "") or "", str(getattr(d, "year", 0) or ""), d.source, d.chunks,
             d.ingested_at.replace("T", " ")[:19], d.id] for d in docs]


def document_choices(assistant) -> list[tuple[str, str]]:
    docs = sorted(assistant.documents(), key=lambda d: d.title.casefold())
    return [(f"{d.title} ({d.source})", d.id) for d in docs]


def status_html(text: str, ok: bool = True) -> str:
    return f'<div class="{"ua-status-ok" if ok else "ua-lookup-none"}">{html_text(text)}</div>'


def report_html(report: IngestReport, staged: list[Path], names: dict[str, str] | None = None) -> str:
    names = {**{str(p): p.name for p in staged}, **(names or {})}
    summary = (f"<p><strong>Ingest finished in {report.seconds:.1f} s.</strong> "
               f"{len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} unchanged, "
               f"{len(report.skipped)} skipped; {report.chunks_written} passages written.</p>")
    parts = [summary]
    if report.repaired:
        parts.append(f"<p>The store was repaired first: {report.repaired} passage{'s' if report.repaired != 1 else ''} "
                     "left by an interrupted ingest (no document record) were removed.</p>")
    if report.skipped:
        items = "".join(f"<li><code>{html_text(names.get(s.path, Path(s.path).name))}</code>: "
                        f"{html_text(s.reason)}</li>" for s in report.skipped)
        parts.append(f'<div class="ua-lookup-none"><p>Skipped files:</p><ul>{items}</ul></div>')
    return "".join(parts)


def upload_queue(assistant):
    """The app's upload queue, with the per-file budget from the environment (UPLOAD_SECONDS_ENV...)."""
    from assistant.upload_queue import UploadQueue
    from ingest.isolated import UPLOAD_MEMORY_BYTES, UPLOAD_SECONDS

    seconds = float(os.environ.get(UPLOAD_SECONDS_ENV) or UPLOAD_SECONDS)
    memory = int(float(os.environ.get(UPLOAD_MEMORY_ENV) or UPLOAD_MEMORY_BYTES / 2**20) * 2**20)
    return UploadQueue(assistant, budget=(seconds, memory))


def _owner(request) -> str:
    return str(getattr(request, "session_hash", "") or "")


WAIT_S = 0.5  # how often the handler reports the upload's progress while it waits for it
# The Cancel button's answer and the upload's own last message race to the page: "Cancelling your upload…" could land
# after "... it was not added." and stay there (a fresh-clone CI run waited 300 s for "not added"). The Cancel handler
# waits up to CANCEL_WAIT_S for the cancelled uploads to end, and then says how they ended in the upload's own words,
# so either order leaves the same status
CANCEL_WAIT_S = 5.0


def _cancelled_line(task) -> str:
    """How a cancelled upload ended, as its status says it: "Cancelled while working on x.pdf; it was not added. 0 files
    added before the cancel." (both the upload's handler and the Cancel button's)."""
    n = len(task.report.added) + len(task.report.updated)
    return f"{task.stage} {n} file{'s' if n != 1 else ''} added before the cancel."


def make_handlers(assistant, also: list | None = None, uploads=None):
    """(refresh, ingest, delete, cancel). `also`: (component, fn) pairs refreshed after every change (the
    header...). `uploads`: the `UploadQueue` (one is made when not given)."""
    extras = [fn for _, fn in also or []]
    uploads = uploads if uploads is not None else upload_queue(assistant)

    def lists():
        try:
            return [documents_table(assistant), gr.update(choices=document_choices(assistant), value=None),
                    *[fn() for fn in extras]]
        except Exception as exc:  # noqa: BLE001 - a message; the components keep what they show
            warn(user_message(exc))
            return [gr.skip(), gr.skip(), *[gr.skip() for _ in extras]]

    def refresh():
        return tuple(lists()[:2])

    def unchanged(message: str):
        warn(message)
        return (status_html(message, ok=False), gr.skip(), gr.skip(), *[gr.skip() for _ in extras])

    def ingest(files: list[str] | None, request: gr.Request = None, progress=gr.Progress()):  # noqa: B008
        if not files:
            return (*unchanged("Choose one or more files to upload first."), gr.skip())
        tmp = Path(tempfile.mkdtemp(prefix="unesco-upload-"))
        try:
            from core.provenance import Upload
            from ui.limits import check_uploads

            files = check_uploads(files)  # count and total size, on the server
            staged = stage_uploads(list(files), tmp)
            names = ({str(p): visible_name(Path(f).name) or p.name for p, f in zip(staged, files)}
                     if len(staged) == len(files) else {})
            upload = Upload(by=str(getattr(request, "username", "") or ""), names=names)
            task = uploads.submit(staged, upload=upload, owner=_owner(request), folder=tmp)  # the worker removes tmp
        except Exception as exc:  # noqa: BLE001 - shown as a message (a full queue included)
            shutil.rmtree(tmp, ignore_errors=True)
            return (*unchanged(f"Nothing was ingested: {user_message(exc)}"), gr.skip())
        while not task.wait(WAIT_S):
            waiting = uploads.position(task)
            if waiting:
                progress(None, desc=f"Waiting for {waiting} upload{'s' if waiting != 1 else ''} before this one…")
            else:
                progress(task.fraction, desc=task.stage)
        report = task.report
        if task.state == "failed":
            return (*unchanged(f"The upload stopped: {user_message(task.error)}"), gr.skip())
        n = len(report.added) + len(report.updated)
        if task.state == "cancelled":
            warn(f"Upload cancelled; {n} file{'s' if n != 1 else ''} added before the cancel." if n
                 else "Upload cancelled; nothing was added.")
            return (status_html(_cancelled_line(task), ok=False) + report_html(report, staged, names), *lists(), None)
        info(f"Ingested {n} file{'s' if n != 1 else ''}." if n else "No new documents were ingested.")
        return (report_html(report, staged, names), *lists(), None)

    def cancel(request: gr.Request = None):
        tasks = uploads.cancel_owner(_owner(request))
        if not tasks:
            return status_html("No upload of yours is in progress.", ok=True)
        deadline = time.monotonic() + CANCEL_WAIT_S
        if all(t.wait(max(0.0, deadline - time.monotonic())) for t in tasks):
            lines = [_cancelled_line(t) if t.state == "cancelled" else t.stage for t in tasks]
            return status_html(" ".join(lines), ok=False)
        return status_html("Cancelling your upload…", ok=False)

    def closed(request: gr.Request = None) -> None:  # the page was closed or reloaded: its uploads stop
        uploads.cancel_owner(_owner(request))

    def delete(document_id: str | None, confirmed: bool = True):
        if document_id is not None and not isinstance(document_id, str):  # a malformed API request
            from ui.request_log import PREFIX, log

            log.warning("%s: delete_document needs a document id (text), got %s", PREFIX, type(document_id).__name__)
            return unchanged("Choose a document to delete first.")
        if not document_id:
            return unchanged("Choose a document to delete first.")
        if not confirmed:  # the confirmation was cancelled: nothing happens
            return (gr.skip(), gr.skip(), gr.skip(), *[gr.skip() for _ in extras])
        titles = {d.id: d.title for d in assistant.documents()}
        try:
            deleted = assistant.delete_document(document_id)
        except Exception as exc:  # noqa: BLE001 - shown as a message
            return unchanged(f"Nothing was deleted: {user_message(exc)}")
        title = titles.get(document_id, "that document")
        if not deleted:
            return unchanged(f"“{title}” is no longer in the store.")
        info(f"Deleted “{title}”.")
        return (status_html(f"Deleted “{title}” and its passages."), *lists())

    delete.uploads, cancel.closed = uploads, closed
    return refresh, ingest, delete, cancel


def build(assistant, demo: gr.Blocks, also: list | None = None) -> None:
    """The tab. `also`: (component, fn) pairs to refresh after an ingest or a delete (the header, the
    chat's documents picker)."""
    table = gr.Dataframe(headers=HEADERS, value=documents_table(assistant), interactive=False,
                         label="Documents in the store", wrap=True, elem_id="ua-docs", max_height=380,
                         column_widths=["34%", "11%", "6%", "17%", "8%", "12%", "12%"])
    with gr.Row(equal_height=False):
        with gr.Column():
            files = gr.File(label=f"Add documents ({', '.join(FORMATS)}; at most {MAX_FILE_SIZE_LABEL} each)",
                            file_count="multiple", file_types=FORMATS, elem_id="ua-upload")
            with gr.Row():
                ingest_btn = gr.Button("Ingest uploaded files", variant="primary", elem_id="ua-ingest", scale=3)
                cancel_btn = gr.Button("Cancel upload", variant="secondary", elem_id="ua-upload-cancel", scale=1)
        with gr.Column():
            # Custom values: an id added after start-up (an API client's choices are the start-up ones) reaches
            # the handler, which checks it against the store, instead of Gradio's error listing every choice.
            doc_picker = gr.Dropdown(label="Delete a document", choices=document_choices(assistant),
                                     value=None, elem_id="ua-delete-pick", allow_custom_value=True)
            confirmed = gr.Checkbox(value=False, visible=False)
            delete_btn = gr.Button("Delete document", variant="stop", elem_id="ua-delete")
    status = gr.HTML("", elem_id="ua-corpus-status", apply_default_css=False)

    refresh, ingest, delete, cancel = make_handlers(assistant, also)
    demo.upload_queue = delete.uploads  # for tests and the operator: the queue's state
    extra = [component for component, _ in also or []]
    # Each ingest call only waits for its task in the upload queue: room for every waiting upload plus one
    # more, which the queue refuses with a message (Gradio's own queue would hold it silently).
    ingest_btn.click(ingest, files, [status, table, doc_picker, *extra, files], api_name="ingest",
                     concurrency_limit=delete.uploads.max_waiting + 2, concurrency_id="corpus-upload",
                     show_progress_on=status)
    cancel_btn.click(cancel, None, status, api_name="cancel_upload", queue=False)
    demo.unload(cancel.closed)
    delete_btn.click(delete, [doc_picker, confirmed], [status, table, doc_picker, *extra], api_name="delete_document",
                     concurrency_limit=1, concurrency_id="corpus-write", js=CONFIRM_JS)
    demo.load(refresh, None, [table, doc_picker], api_visibility="private", show_progress="hidden")
