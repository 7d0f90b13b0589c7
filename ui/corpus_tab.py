"""Corpus tab: the stored documents, upload-and-ingest with a progress bar, delete a document.

Uploads are copied into a fresh private folder under their base name only (`Path(name).name`), so a
name such as `../../etc/x.txt` cannot place a file anywhere else; ingest then reads that folder's files.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import gradio as gr

from assistant.types import IngestReport
from ui.errors import as_gr_error, info
from ui.escape import html_text

FORMATS = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"]
MAX_FILE_SIZE = "20mb"  # for launch(max_file_size=...)
MAX_FILE_SIZE_LABEL = "20 MB"
HEADERS = ["Title", "File", "Format", "Chunks", "Ingested (UTC)", "Id"]
CANCELLED = "__cancelled__"
CONFIRM_JS = (f"(id) => (id && !confirm('Delete this document and all its passages from the store?'))"
              f" ? '{CANCELLED}' : id")
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
    return [[d.title, d.source, d.format, d.chunks, d.ingested_at.replace("T", " ")[:19], d.id] for d in docs]


def document_choices(assistant) -> list[tuple[str, str]]:
    return [(f"{d.title} ({d.source})", d.id) for d in sorted(assistant.documents(), key=lambda d: d.title.casefold())]


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


def make_handlers(assistant):
    def refresh():
        try:
            return documents_table(assistant), gr.update(choices=document_choices(assistant), value=None)
        except Exception as exc:  # noqa: BLE001 - shown as a message
            raise as_gr_error(exc) from None

    def ingest(files: list[str] | None, progress=gr.Progress()):  # noqa: B008 - Gradio's idiom
        if not files:
            raise gr.Error("Choose one or more files to upload first.", print_exception=False)
        with tempfile.TemporaryDirectory(prefix="unesco-upload-") as tmp:
            staged = stage_uploads(list(files), Path(tmp))
            progress(0, desc="Starting…")

            def on_progress(done: int, total: int, what: str) -> None:
                progress((done, max(total, 1)), desc=what, unit="steps")

            try:
                report = assistant.ingest(staged, progress=on_progress)
            except Exception as exc:  # noqa: BLE001 - shown as a message
                raise as_gr_error(exc) from None
        info(f"Ingested {len(report.added) + len(report.updated)} file(s).")
        table, choices = refresh()
        return report_html(report, staged), table, choices, None

    def delete(document_id: str | None):
        if document_id == CANCELLED:
            return gr.skip(), gr.skip(), gr.skip()
        if not document_id:
            raise gr.Error("Choose a document to delete first.", print_exception=False)
        try:
            deleted = assistant.delete_document(document_id)
        except Exception as exc:  # noqa: BLE001 - shown as a message
            raise as_gr_error(exc) from None
        message = (f"<p>Deleted <code>{html_text(document_id)}</code>.</p>" if deleted
                   else f"<p>No document <code>{html_text(document_id)}</code> in the store.</p>")
        table, choices = refresh()
        return message, table, choices

    return refresh, ingest, delete


def build(assistant, demo: gr.Blocks) -> None:
    table = gr.Dataframe(headers=HEADERS, value=documents_table(assistant), interactive=False,
                         label="Documents in the store", wrap=True, elem_id="ua-docs", max_height=380,
                         column_widths=["30%", "22%", "7%", "7%", "16%", "18%"])
    with gr.Row(equal_height=False):
        with gr.Column():
            files = gr.File(label=f"Add documents ({', '.join(FORMATS)}; at most {MAX_FILE_SIZE_LABEL} each)",
                            file_count="multiple", file_types=FORMATS, elem_id="ua-upload")
            ingest_btn = gr.Button("Ingest uploaded files", variant="primary", elem_id="ua-ingest")
        with gr.Column():
            doc_picker = gr.Dropdown(label="Delete a document", choices=document_choices(assistant),
                                     value=None, elem_id="ua-delete-pick")
            delete_btn = gr.Button("Delete document", variant="stop", elem_id="ua-delete")
    status = gr.HTML("", elem_id="ua-corpus-status", apply_default_css=False)

    refresh, ingest, delete = make_handlers(assistant)
    ingest_btn.click(ingest, files, [status, table, doc_picker, files], api_name="ingest",
                     concurrency_limit=1, concurrency_id="corpus-write", show_progress_on=status)
    delete_btn.click(delete, doc_picker, [status, table, doc_picker], api_name="delete_document",
                     concurrency_limit=1, concurrency_id="corpus-write", js=CONFIRM_JS)
    demo.load(refresh, None, [table, doc_picker], api_visibility="private", show_progress="hidden")
