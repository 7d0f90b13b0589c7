"""Corpus tab: the stored documents, upload-and-ingest with a progress bar, delete a document.

Every problem (no file chosen, nothing to delete, a failed ingest) is a short message in the status line
and a toast; the table, the picker and the buttons stay usable (no handler raises into an error overlay).
Cancelling the delete confirmation does nothing. Progress counts real work: files read, then passages
embedded out of the total, as the embedding goes.

Uploads are copied into a fresh private folder under their base name only (`Path(name).name`), so a
name such as `../../etc/x.txt` cannot place a file anywhere else; ingest then reads that folder's files.
"""

from __future__ import annotations

import re
import shutil
import tempfile
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


def safe_name(name: str) -> str:
    """A plain file name for an upload: its base name, no control characters, not hidden, not empty."""
    base = _UNSAFE.sub("_", Path(str(name).replace("\\", "/")).name).strip().lstrip(".")
    return base[:180] or "upload"


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


def report_html(report: IngestReport, staged: list[Path]) -> str:
    names = {str(p): p.name for p in staged}
    summary = (f"<p><strong>Ingest finished in {report.seconds:.1f} s.</strong> "
               f"{len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} unchanged, "
               f"{len(report.skipped)} skipped; {report.chunks_written} passages written.</p>")
    parts = [summary]
    if report.skipped:
        items = "".join(f"<li><code>{html_text(names.get(s.path, Path(s.path).name))}</code>: "
                        f"{html_text(s.reason)}</li>" for s in report.skipped)
        parts.append(f'<div class="ua-lookup-none"><p>Skipped files:</p><ul>{items}</ul></div>')
    return "".join(parts)


def progress_reporter(progress, n_files: int):
    """(done, total, what) from the ingest pipeline -> the progress bar: files read, then passages embedded."""
    files = f"{n_files} file{'s' if n_files != 1 else ''}"

    def on_progress(done: int, total: int, what: str) -> None:
        if what == "embedding":
            progress((done, max(total, 1)), desc=f"Embedding the passages of {files}", unit="passages")
        elif what == "read":
            progress(None, desc=f"Read {files}; cutting them into passages…")
        else:
            progress((done, max(total, 1)), desc="Reading files", unit="files")

    return on_progress


def make_handlers(assistant, also: list | None = None):
    """(refresh, ingest, delete). `also`: (component, fn) pairs refreshed after every change (the header...)."""
    extras = [fn for _, fn in also or []]

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
        with tempfile.TemporaryDirectory(prefix="unesco-upload-") as tmp:
            try:
                from core.provenance import Upload
                from ui.limits import check_uploads

                files = check_uploads(files)  # count and total size, on the server
                staged = stage_uploads(list(files), Path(tmp))
                names = {str(p): Path(f).name for p, f in zip(staged, files)} if len(staged) == len(files) else {}
                upload = Upload(by=str(getattr(request, "username", "") or ""), names=names)
                progress(0, desc="Starting…")
                report = assistant.ingest(staged, progress=progress_reporter(progress, len(staged)), upload=upload)
            except Exception as exc:  # noqa: BLE001 - shown as a message
                return (*unchanged(f"Nothing was ingested: {user_message(exc)}"), gr.skip())
        n = len(report.added) + len(report.updated)
        info(f"Ingested {n} file{'s' if n != 1 else ''}." if n else "No new documents were ingested.")
        return (report_html(report, staged), *lists(), None)

    def delete(document_id: str | None, confirmed: bool = True):
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

    return refresh, ingest, delete


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
            ingest_btn = gr.Button("Ingest uploaded files", variant="primary", elem_id="ua-ingest")
        with gr.Column():
            doc_picker = gr.Dropdown(label="Delete a document", choices=document_choices(assistant),
                                     value=None, elem_id="ua-delete-pick")
            confirmed = gr.Checkbox(value=False, visible=False)
            delete_btn = gr.Button("Delete document", variant="stop", elem_id="ua-delete")
    status = gr.HTML("", elem_id="ua-corpus-status", apply_default_css=False)

    refresh, ingest, delete = make_handlers(assistant, also)
    extra = [component for component, _ in also or []]
    ingest_btn.click(ingest, files, [status, table, doc_picker, *extra, files], api_name="ingest",
                     concurrency_limit=1, concurrency_id="corpus-write", show_progress_on=status)
    delete_btn.click(delete, [doc_picker, confirmed], [status, table, doc_picker, *extra], api_name="delete_document",
                     concurrency_limit=1, concurrency_id="corpus-write", js=CONFIRM_JS)
    demo.load(refresh, None, [table, doc_picker], api_visibility="private", show_progress="hidden")
