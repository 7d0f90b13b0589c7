"""The typer app, shared options and the one place where errors become messages."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from core.errors import AssistantError
from core.settings import Settings

app = typer.Typer(help="Cited, checkable answers over UNESCO documents.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
console = Console()
err = Console(stderr=True)

StoreOpt = Annotated[Optional[Path], typer.Option("--store", help="Embedded store folder (default: per-user data dir; env UNESCO_ASSISTANT_STORE_DIR).")]
UrlOpt = Annotated[Optional[str], typer.Option("--chroma-url", help="Use a Chroma server, e.g. http://127.0.0.1:8000 (env UNESCO_ASSISTANT_CHROMA_URL).")]
ModelOpt = Annotated[Optional[str], typer.Option("--model", help="Embedding model name or folder (default all-MiniLM-L6-v2, packaged).")]
TopKOpt = Annotated[Optional[int], typer.Option("--top-k", help="Passages to retrieve.")]
AnswererOpt = Annotated[Optional[str], typer.Option("--answerer", help="extractive (default, no LLM) or llm.")]
LlmUrlOpt = Annotated[Optional[str], typer.Option("--llm-url", help="OpenAI-compatible endpoint for --answerer llm, e.g. http://127.0.0.1:8080/v1.")]


def build_settings(store: Path | None = None, chroma_url: str | None = None, model: str | None = None,
                   top_k: int | None = None, answerer: str | None = None, llm_url: str | None = None,
                   **extra: object) -> Settings:
    try:
        return Settings().with_overrides(store_dir=store, chroma_url=chroma_url, model=model, top_k=top_k,
                                         answerer=answerer, llm_base_url=llm_url, **extra)
    except Exception as e:  # pydantic ValidationError: show the first problem only
        msg = getattr(e, "errors", lambda: [{"msg": str(e)}])()[0].get("msg", str(e))
        err.print(f"[red]Invalid setting:[/red] {msg}")
        raise typer.Exit(2) from None


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """AssistantError -> one red line and exit status 1; never a traceback."""
    try:
        yield
    except AssistantError as e:
        err.print(f"[red]Error:[/red] {escape(str(e))}", highlight=False, soft_wrap=True)  # may quote a path
        sys.exit(1)


def open_assistant(settings: Settings, *, rebuild: bool = False):
    from assistant.api import Assistant

    with err.status("Loading the embedding model and the store…"):
        return Assistant.open(settings, rebuild=rebuild)
