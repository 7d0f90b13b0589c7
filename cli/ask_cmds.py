"""`ask`, `chat`, `search`, `lookup`."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from cli.app import (AnswererOpt, LlmUrlOpt, ModelOpt, StoreOpt, TopKOpt, UrlOpt, app, build_settings,
                               console, err, open_assistant, user_errors)
from core.types import Answer, Scope, Turn, answer_to_dict, cited_documents

InOpt = Annotated[Optional[list[str]], typer.Option(
    "--in", help="Only this document: an id, title or alias such as 'the 1970 Convention' (repeatable).")]
TypeOpt = Annotated[Optional[list[str]], typer.Option(
    "--type", help="Only documents of this type: Convention, Recommendation, Declaration, ... (repeatable).")]
YearOpt = Annotated[Optional[list[int]], typer.Option("--year", help="Only documents of this year (repeatable).")]


def build_scope(documents: list[str] | None, types: list[str] | None, years: list[int] | None) -> Scope | None:
    scope = Scope(documents=tuple(documents or ()), types=tuple(types or ()), years=tuple(years or ()))
    return scope or None


def print_answer(answer: Answer, *, stream_done: bool = False) -> None:
    if not stream_done:
        console.print(escape(answer.text), highlight=False)
    if answer.notice:
        console.print(f"[yellow]{escape(answer.notice)}[/yellow]")
    for s in answer.sentences:
        if not s.supported:
            console.print(f"[red]⚠ unsupported by its sources:[/red] {escape(s.text)}", highlight=False)
    if answer.refused and answer.related:
        console.print("\n[bold]Related reading[/bold] (not an answer):")
        for p in answer.related:
            console.print(f"  • {escape(p.chunk.title)} — {escape(p.chunk.text[:160])}…", highlight=False)
    for c in answer.citations:
        s, e = c.support_spans[0] if c.support_spans else (0, len(c.passage))
        body = escape(c.passage[:s]) + "[bold yellow]" + escape(c.passage[s:e]) + "[/bold yellow]" + escape(c.passage[e:])
        title = f"[{c.marker}] {escape(c.title)}" + (f" › {escape(c.section)}" if c.section and c.section != c.title else "")
        console.print(Panel(body, title=title, subtitle=f"{escape(c.source)} · {c.citation_id}", title_align="left",
                            subtitle_align="right"), highlight=False)


def answer_json(answer: Answer) -> str:
    return json.dumps(answer_to_dict(answer), ensure_ascii=False, indent=2)


@app.command()
def ask(question: Annotated[str, typer.Argument(help="Your question.")],
        store: StoreOpt = None, chroma_url: UrlOpt = None, model: ModelOpt = None, top_k: TopKOpt = None,
        answerer: AnswererOpt = None, llm_url: LlmUrlOpt = None,
        in_: InOpt = None, type_: TypeOpt = None, year: YearOpt = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the Answer as JSON (for scripts).")] = False) -> None:
    """Answer one question with numbered citations (or say the documents don't say)."""
    settings = build_settings(store, chroma_url, model, top_k, answerer, llm_url)
    with user_errors(), open_assistant(settings) as a:
        answer = a.ask(question, scope=build_scope(in_, type_, year))
        if as_json:
            print(answer_json(answer))  # plain stdout: rich would wrap long strings and break the JSON
        else:
            print_answer(answer)


@app.command()
def chat(store: StoreOpt = None, chroma_url: UrlOpt = None, model: ModelOpt = None, top_k: TopKOpt = None,
         answerer: AnswererOpt = None, llm_url: LlmUrlOpt = None) -> None:
    """A conversation in the terminal: follow-up questions understand the earlier ones. Empty line or Ctrl-D ends."""
    settings = build_settings(store, chroma_url, model, top_k, answerer, llm_url)
    with user_errors(), open_assistant(settings) as a:
        turns: list[Turn] = []
        console.print("[dim]Ask about the UNESCO documents. /new starts over; an empty line quits.[/dim]")
        while True:
            try:
                q = console.input("[bold cyan]you ›[/bold cyan] ")
            except EOFError:
                break
            if not q.strip():
                break
            if q.strip() == "/new":
                turns = []
                continue
            try:
                final = None
                for piece in a.stream(q, turns):
                    if isinstance(piece, Answer):
                        final = piece
                    else:
                        console.print(escape(piece), end="", highlight=False)
                console.print()
                print_answer(final, stream_done=True)
                turns.append(Turn(q, final.text, cited_documents(final)))
            except Exception as e:  # keep the conversation alive
                from core.errors import AssistantError

                if not isinstance(e, AssistantError):
                    raise
                err.print(f"[red]Error:[/red] {escape(str(e))}")


@app.command()
def search(query: Annotated[str, typer.Argument(help="What to look for.")],
           store: StoreOpt = None, chroma_url: UrlOpt = None, model: ModelOpt = None, top_k: TopKOpt = None,
           mode: Annotated[str, typer.Option(help="hybrid, dense or bm25.")] = "hybrid",
           in_: InOpt = None, type_: TypeOpt = None, year: YearOpt = None) -> None:
    """Ranked passages with their scores (useful to debug answers)."""
    settings = build_settings(store, chroma_url, model, top_k)
    with user_errors(), open_assistant(settings) as a:
        scope = build_scope(in_, type_, year)
        passages = a.search(query, settings.top_k, mode=mode, scope=scope)
        if not passages and scope:
            console.print("No passage in the chosen documents matches (the filters allow "
                          f"{len(a.resolver.scope_ids(scope) or ())} documents).")
            return
        t = Table(title=f"{mode} search: {escape(query)}")
        for col in ("#", "fused", "dense", "bm25", "document › section", "passage"):
            t.add_column(col, overflow="fold")
        for p in passages:
            t.add_row(str(p.rank), f"{p.score:.3f}", "" if p.dense_score is None else f"{p.dense_score:.3f}",
                      "" if p.keyword_score is None else f"{p.keyword_score:.2f}",
                      escape(f"{p.chunk.document_id} › {p.chunk.section}"), escape(p.chunk.text[:240]))
        console.print(t)


@app.command()
def lookup(text: Annotated[str, typer.Argument(help="A quote (exact or approximate) or a citation id.")],
           store: StoreOpt = None, chroma_url: UrlOpt = None, model: ModelOpt = None,
           limit: Annotated[int, typer.Option(help="Most places to show.")] = 5,
           as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Where does this passage or quote come from?"""
    settings = build_settings(store, chroma_url, model)
    with user_errors(), open_assistant(settings) as a:
        hits = a.lookup(text, limit=limit)
        if as_json:
            print(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
            return
        if not hits:
            console.print(f"Not found in the stored documents: no passage matches “{escape(' '.join(text.split())[:200])}”. "
                          "Lookup finds quotes (exactly or nearly) and citation ids; to ask about a subject, use "
                          "`unesco-assistant ask`.")
            raise typer.Exit(1)
        for h in hits:
            body = (escape(h.context_before) + "[bold yellow]" + escape(h.match) + "[/bold yellow]"
                    + escape(h.context_after))
            kind = "exact" if h.score >= 1.0 else f"approximate ({h.score:.2f})"
            console.print(Panel(body, title=f"{escape(h.title)} › {escape(h.section)}", title_align="left",
                                subtitle=f"{escape(h.source)} chars {h.start}-{h.end} · {kind}"), highlight=False)
