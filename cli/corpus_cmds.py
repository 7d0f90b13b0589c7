"""`ingest` and `documents`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.app import ModelOpt, StoreOpt, UrlOpt, app, build_settings, console, err, open_assistant, user_errors
from core.settings import BUNDLED_CORPUS
from core.types import IngestReport


def print_report(report: IngestReport) -> None:
    t = Table(title="Ingest summary", show_header=False)
    t.add_row("added", str(len(report.added)))
    t.add_row("updated", str(len(report.updated)))
    t.add_row("unchanged", str(len(report.unchanged)))
    t.add_row("skipped", str(len(report.skipped)))
    t.add_row("chunks written", str(report.chunks_written))
    if report.repaired:
        t.add_row("stale chunks repaired", str(report.repaired))
    t.add_row("seconds", f"{report.seconds:.1f}")
    if report.chunks_written and report.seconds:
        t.add_row("chunks / second", f"{report.chunks_written / report.seconds:.1f}")
    from ingest.clean import PARTIAL_RULES

    for rule, count in sorted(report.removed_lines.items()):
        # "link text", "footnote mark": words or marks taken from a line that stays
        t.add_row(f"{'removed from lines' if rule in PARTIAL_RULES else 'lines removed'}: {rule}", str(count))
    console.print(t)
    for s in report.skipped:
        console.print(f"[yellow]skipped[/yellow] {escape(s.path)}: {escape(s.reason)}", highlight=False)
    for w in report.warnings:
        console.print(f"[yellow]metadata[/yellow] {escape(w)}", highlight=False)


def print_explained(paths: list[Path]) -> None:
    """`ingest --explain`: each line cleaning removes, with its rule (reads the files only)."""
    from ingest.clean import RULES
    from ingest.explain import explain

    totals: dict[str, int] = {}
    for item in explain(paths):
        if item.skipped:
            console.print(f"[yellow]skipped[/yellow] {escape(str(item.path))}: {escape(item.skipped)}", highlight=False)
            continue
        console.print(f"[bold]{escape(str(item.path))}[/bold]: {len(item.removed)} removed", highlight=False)
        for r in item.removed:
            totals[r.rule] = totals.get(r.rule, 0) + 1
            console.print(f"  line {r.line:>5}  {r.rule:<15} {escape(r.text.strip())}", highlight=False, soft_wrap=True)
    console.print("Removed per rule: " + (", ".join(f"{k} {v}" for k, v in sorted(totals.items())) or "nothing"),
                  highlight=False)
    for rule in sorted(totals):
        console.print(f"  {rule}: {escape(RULES[rule])}", highlight=False)


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (recursive). Default: the bundled corpus.")] = None,
    store: StoreOpt = None, chroma_url: UrlOpt = None, model: ModelOpt = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Empty the store first, then ingest.")] = False,
    delete: Annotated[Optional[list[str]], typer.Option("--delete", help="Remove a document (by id) instead of ingesting.")] = None,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Do nothing when the store already holds documents.")] = False,
    replace: Annotated[bool, typer.Option("--replace", help="Let these files replace the UNESCO library documents "
                                          "of the same name (refused otherwise).")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Print each line cleaning would remove from these "
                                          "files, with its rule; store nothing.")] = False,
    csv_spec: Annotated[Optional[Path], typer.Option("--csv-spec", help="Column spec (JSON) turning each row of the "
                                                     "CSV files given into a document; see docs/csv.md.")] = None,
) -> None:
    """Clean, chunk, embed and store documents (.txt .md .html .htm .pdf .docx; .csv with a column spec)."""
    if explain:
        print_explained(paths or [BUNDLED_CORPUS])
        return
    settings = build_settings(store, chroma_url, model)
    with user_errors():
        a = open_assistant(settings, rebuild=rebuild)
        with a:
            if delete:
                missing = [d for d in delete if not a.delete_document(d)]
                for doc_id in delete:
                    console.print(f"{'not found:' if doc_id in missing else 'deleted'} {doc_id}")
                if missing:
                    raise typer.Exit(1)
                return
            if if_empty and not a.is_empty():
                console.print(f"The store at {settings.store_label} already holds "
                              f"{len(a.documents())} documents; nothing to do.")
                return
            targets = paths or [BUNDLED_CORPUS]
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=err, transient=True) as bar:
                task = bar.add_task("reading files", total=None)

                def progress(done: int, total: int, what: str) -> None:
                    bar.update(task, completed=done, total=total, description=what[:40])

                report = a.ingest(targets, progress=progress, replace_library=replace, csv_spec=csv_spec)
            print_report(report)


WIDE_TABLE = 150  # characters the `documents` table needs for all its columns
# (name, the terminal width from which it is shown, Rich column options, its cell for a document)
_DOCUMENT_COLUMNS = (
    ("id", 0, {"no_wrap": True}, lambda d: d.id),  # ids are meant to be copied whole (`ingest --delete ID`)
    ("title", 0, {"overflow": "fold", "min_width": 16}, lambda d: escape(d.title)),
    ("short title", 110, {"overflow": "fold"},
     lambda d: escape(d.short_title) if d.short_title and d.short_title != d.title else ""),
    ("type", 110, {"overflow": "fold"}, lambda d: escape(d.doc_type)),
    ("year", 0, {"justify": "right"}, lambda d: str(d.year) if d.year else ""),
    ("file", WIDE_TABLE, {"overflow": "fold"}, lambda d: escape(d.source)),
    ("chunks", 0, {"justify": "right"}, lambda d: str(d.chunks)),
    ("ingested (UTC)", WIDE_TABLE, {"no_wrap": True}, lambda d: d.ingested_at),
)


@app.command()
def documents(store: StoreOpt = None, chroma_url: UrlOpt = None, model: ModelOpt = None) -> None:
    """List the stored documents."""
    settings = build_settings(store, chroma_url, model)
    with user_errors(), open_assistant(settings) as a:
        docs = a.documents()
        if not docs:
            console.print(f"No documents in {settings.store_label}. Run `unesco-assistant ingest`.")
            return
        # All eight columns need about 150 characters. In a narrower terminal (or a pipe, read as 80 wide) the
        # id, which is never wrapped, would squeeze the titles to nothing: the columns a narrower table can spare
        # give way, the file and ingest time first, then the short title and type
        columns = [c for c in _DOCUMENT_COLUMNS if c[1] <= console.width]
        left_out = [c[0] for c in _DOCUMENT_COLUMNS if c[1] > console.width]
        caption = f"Not shown at this width: {', '.join(left_out)} (a terminal {WIDE_TABLE} characters wide, or " \
            f"COLUMNS={WIDE_TABLE}, shows them)" if left_out else None
        t = Table(title=f"{len(docs)} documents in {settings.store_label}", caption=caption)
        for name, _, options, _ in columns:
            t.add_column(name, **options)
        for d in docs:  # names are not markup
            t.add_row(*(cell(d) for _, _, _, cell in columns))
        console.print(t)
