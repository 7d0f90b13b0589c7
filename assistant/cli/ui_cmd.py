"""`ui`: the Gradio web app (and `run`: ingest the bundled corpus if needed, then the UI)."""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from assistant.cli.app import AnswererOpt, LlmUrlOpt, ModelOpt, StoreOpt, UrlOpt, app, build_settings, err, user_errors


def _auth(auth: str | None) -> tuple[str, str] | None:
    auth = auth or os.environ.get("UNESCO_ASSISTANT_AUTH")
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        err.print("[red]Error:[/red] --auth must look like USER:PASSWORD")
        raise typer.Exit(2)
    return user, password


@app.command()
def ui(host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it on this machine.")] = "127.0.0.1",
       port: Annotated[int, typer.Option(help="Port.")] = 7860,
       store: StoreOpt = None, chroma_url: UrlOpt = None, model: ModelOpt = None,
       answerer: AnswererOpt = None, llm_url: LlmUrlOpt = None,
       auth: Annotated[Optional[str], typer.Option(help="USER:PASSWORD login (or env UNESCO_ASSISTANT_AUTH).")] = None,
       ingest_if_empty: Annotated[bool, typer.Option("--ingest-if-empty/--no-ingest", help="Ingest the bundled corpus first when the store is empty.")] = True) -> None:
    """Open the chat web app (Chat, Lookup, Corpus and Evals tabs)."""
    settings = build_settings(store, chroma_url, model, None, answerer, llm_url)
    credentials = _auth(auth)
    with user_errors():
        if ingest_if_empty:
            from assistant.cli.app import open_assistant
            from assistant.cli.corpus_cmds import print_report
            from assistant.settings import BUNDLED_CORPUS

            with open_assistant(settings) as a:  # closed again before the app opens the store
                if a.store.count() == 0:
                    with err.status("First run: ingesting the bundled corpus…"):
                        print_report(a.ingest([BUNDLED_CORPUS]))
        from ui.app import launch

        launch(settings, host=host, port=port, auth=credentials)
