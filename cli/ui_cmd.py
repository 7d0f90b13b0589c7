"""`ui`: the Gradio web app (and `run`: ingest the bundled corpus if needed, then the UI)."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from core.settings import AUTH_ENV, parse_auth
from cli.app import AnswererOpt, LlmUrlOpt, ModelOpt, StoreOpt, UrlOpt, app, build_settings, err, user_errors


def _auth(auth: str | None) -> tuple[str, str] | None:
    try:
        return parse_auth(auth or os.environ.get(AUTH_ENV))
    except ValueError:
        err.print("[red]Error:[/red] --auth must look like USER:PASSWORD")
        raise typer.Exit(2) from None


@app.command()
def ui(host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it on this machine.")] = "127.0.0.1",
       port: Annotated[int, typer.Option(help="Port.")] = 7860,
       store: StoreOpt = None, chroma_url: UrlOpt = None, model: ModelOpt = None,
       answerer: AnswererOpt = None, llm_url: LlmUrlOpt = None,
       auth: Annotated[Optional[str], typer.Option(help="USER:PASSWORD login (or env UNESCO_ASSISTANT_AUTH).")] = None,
       ingest_if_empty: Annotated[bool, typer.Option("--ingest-if-empty/--no-ingest", help="On a first run, ingest the bundled library: the seed pages before the app opens, the legal instruments in the background while it answers (resumed at the next start if interrupted).")] = True) -> None:
    """Open the chat web app (Chat, Lookup, Corpus and Evals tabs)."""
    from core.memory import tune_malloc

    tune_malloc()  # a long-running server: freed embedding buffers go back to the system (core/memory.py)
    settings = build_settings(store, chroma_url, model, None, answerer, llm_url)
    credentials = _auth(auth)
    with user_errors():
        from ui.app import launch

        if not ingest_if_empty:
            launch(settings, host=host, port=port, auth=credentials)
            return
        from cli.app import open_assistant

        a = open_assistant(settings)  # the app's own assistant: the background ingest shares its write lock
        job = None
        try:
            job = _first_run(a)
            launch(settings, host=host, port=port, auth=credentials, assistant=a, ingest_job=job)
            if job is not None and not job.finished:
                job.cancel()  # what is written stays; the next start resumes
                err.print("Finishing the batch of documents being written (Ctrl-C again to stop at once; "
                          "the next start resumes)…")
                try:
                    job.wait()
                except KeyboardInterrupt:  # leave now: native code must not run while Python shuts down
                    os._exit(130)  # the store is crash-safe: the next start repairs and resumes
        finally:
            if job is None or job.wait(0):
                a.close()


def _first_run(a):
    """Seeds now (so the first question is answered at once), the rest of the bundled library in a background
    thread with a progress bar on the terminal; None when the library was ingested on an earlier run."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from assistant.ingest_job import library_job
    from core.settings import BUNDLED_CORPUS

    bar = Progress(TextColumn("[bold]Library[/bold] {task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=err, transient=False)
    task = None

    def show(job) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task("files ingested", total=len(job.files))
        bar.update(task, completed=job.files_progress, description=job.status())
        if job.finished:
            if job.error is None and not job.cancelled:
                bar.update(task, completed=len(job.files))
            bar.stop()
            if job.error is not None:
                err.print(f"[red]Background ingest stopped:[/red] {job.error}. Restart to resume.")

    with err.status("Checking the bundled library (a first run adds the seed pages now)…"):
        job = library_job(a, BUNDLED_CORPUS, progress=show)
    if job is not None:
        show(job)
    return job
