"""`unesco-assistant eval gold | beir | squad`: parse flags, call the evals' runners, print and write results."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.app import (AnswererOpt, LlmUrlOpt, ModelOpt, StoreOpt, TopKOpt, UrlOpt, app, build_settings, console,
                     err, open_assistant, user_errors)

JsonOpt = Annotated[Optional[Path], typer.Option(
    "--json", help="Write the full results (summary and cases) here.")]
ReportOpt = Annotated[Optional[Path], typer.Option(
    "--report", help="Write report.md with tables and PNG plots into this folder.")]
WorkDirOpt = Annotated[Optional[Path], typer.Option(
    "--work-dir", help="Keep the benchmark's documents and store here (default: a temporary folder, removed). "
                       "A rerun with the same folder and chunking embeds nothing new.")]


@contextmanager
def progress_bar(description: str) -> Iterator:
    """A rich progress bar on stderr, fed by the runners' `(done, total, what)` callbacks."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total or None, description=f"{description}: {what}")

        yield update


def _print_summary(title: str, summary: dict) -> None:
    table = Table(title=title, show_header=True)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in summary.items():
        if value is None:
            shown = "n/a"
        elif isinstance(value, float):
            shown = f"{value:,.0f}" if key.endswith("_ms") else f"{value:.3f}"
        else:
            shown = f"{value:,}"
        table.add_row(key, shown)
    console.print(table)


def _print_categories(title: str, categories: dict[str, dict]) -> None:
    columns = ("cases", "hit_at_5", "answer_correct", "citation_precision", "wrong_document_rate",
               "refusal_accuracy", "false_refusal_rate")
    table = Table(title=title, show_header=True)
    table.add_column("category")
    for c in columns:
        table.add_column(c.replace("_", " "), justify="right")
    for name, summary in categories.items():
        table.add_row(name, *("–" if summary.get(c) is None else
                              (str(summary[c]) if c == "cases" else f"{summary[c]:.2f}") for c in columns))
    console.print(table)


def _write_json(results: dict, path: Path | None) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        err.print(f"Results written to {path}")


def gold(
    questions: Annotated[Optional[list[Path]], typer.Option(
        "--questions",
        help="A JSON Lines question file (repeatable). Default: the built-in gold set.")] = None,
    split: Annotated[Optional[str], typer.Option(
        "--split", help="Only this built-in split when no --questions is given: dev or test (of every set), or "
                        "library_dev, library_test.")] = None,
    gold_set: Annotated[Optional[str], typer.Option(
        "--set", help="Only this built-in gold set: seeds (the two seed pages) or library (seeds + legal "
                      "instruments). Default: both, reported separately.")] = None,
    store: StoreOpt = None, chroma_url: UrlOpt = None, model: ModelOpt = None, top_k: TopKOpt = None,
    answerer: AnswererOpt = None, llm_url: LlmUrlOpt = None,
    json_out: JsonOpt = None, report: ReportOpt = None,
    check: Annotated[bool, typer.Option(
        "--check-floors",
        help="Exit with status 1 when the test split (or all cases) misses the agreed floor.")] = False,
) -> None:
    """Ask the gold questions and score retrieval, answers, citations, refusals and latency."""
    from evals.gold import GoldDataError, gold_paths, load_cases
    from evals.runner import check_split_floors, run_gold

    settings = build_settings(store, chroma_url, model, top_k, answerer, llm_url)
    try:
        cases = load_cases(questions if questions else gold_paths(split, gold_set))
    except GoldDataError as e:
        err.print(f"[red]Error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    with user_errors(), open_assistant(settings) as a, progress_bar("gold questions") as update:
        results = run_gold(a, cases, progress=update)
    _print_summary(f"Gold questions ({len(cases)} cases)", results["summary"])
    if len(results["splits"]) > 1:
        for name, summary in results["splits"].items():
            _print_summary(f"split: {name}", summary)
    for name, categories in results.get("categories", {}).items():
        _print_categories(f"split {name}, per category", categories)
    _write_json(results, json_out)
    if report is not None:
        from evals.report import write_report

        err.print(f"Report written to {write_report(results, report, 'Gold questions')}")
    failures = check_split_floors(results["splits"])
    for f in failures:
        err.print(f"[yellow]Floor:[/yellow] {f}", highlight=False)
    if check and failures:
        raise typer.Exit(1)


def beir(
    data_dir: Annotated[Path, typer.Argument(
        help="A BEIR dataset folder: corpus.jsonl, queries.jsonl, qrels/.")],
    split: Annotated[str, typer.Option("--split", help="Which qrels/<split>.tsv to score.")] = "test",
    modes: Annotated[str, typer.Option(
        "--modes", help="Comma-separated retrieval modes.")] = "bm25,dense,hybrid",
    limit: Annotated[Optional[int], typer.Option("--limit", help="Only the first N judged queries.")] = None,
    model: ModelOpt = None, work_dir: WorkDirOpt = None,
    json_out: JsonOpt = None, report: ReportOpt = None,
) -> None:
    """Ingest a BEIR dataset into a temporary store; nDCG@10, Recall@100 and MRR@10 per retrieval mode."""
    from evals.beir import BeirDataError, run_beir
    from evals.references import BEIR, NOTES

    settings = build_settings(model=model)
    chosen = tuple(m.strip() for m in modes.split(",") if m.strip())
    try:
        with user_errors(), progress_bar(f"BEIR {data_dir.name}") as update:
            results = run_beir(data_dir, split=split, modes=chosen, settings=settings, limit=limit,
                               work_dir=work_dir, progress=update)
    except (BeirDataError, ValueError) as e:
        err.print(f"[red]Error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    table = Table(title=f"BEIR {results['dataset']} ({split})")
    for column in ("mode", "nDCG@10", "Recall@100", "MRR@10", "queries", "reference nDCG@10"):
        table.add_column(column, justify="left" if column == "mode" else "right")
    reference = BEIR.get(data_dir.name.lower(), {})
    for r in results["results"]:
        ref = reference.get(r["mode"], {}).get("ndcg_at_10")
        table.add_row(r["mode"], *(f"{r[m]:.3f}" for m in ("ndcg_at_10", "recall_at_100", "mrr_at_10")),
                      str(r["queries"]), "" if ref is None else f"{ref:.3f}")
    console.print(table)
    _write_json(results, json_out)
    if report is not None:
        from evals.report import write_report

        if data_dir.name.lower() in NOTES:
            results = {**results, "notes": [NOTES[data_dir.name.lower()]]}
        path = write_report(results, report, f"BEIR {results['dataset']}", reference)
        err.print(f"Report written to {path}")


def squad(
    file: Annotated[Path, typer.Argument(help="A SQuAD v1.1 or v2.0 JSON file.")],
    limit: Annotated[int, typer.Option("--limit", help="Questions to ask (a seeded sample).")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the sample.")] = 7,
    model: ModelOpt = None, top_k: TopKOpt = None, work_dir: WorkDirOpt = None,
    json_out: JsonOpt = None, report: ReportOpt = None,
) -> None:
    """The file's paragraphs become the corpus; paragraph recall, gold answer in the answer, refusals."""
    from evals.references import NOTES, SQUAD
    from evals.squad import SquadDataError, run_squad

    settings = build_settings(model=model, top_k=top_k)
    try:
        with user_errors(), progress_bar(f"SQuAD {file.stem}") as update:
            results = run_squad(file, limit=limit, seed=seed, settings=settings, work_dir=work_dir,
                                progress=update)
    except (SquadDataError, ValueError) as e:
        err.print(f"[red]Error:[/red] {e}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    _print_summary(f"SQuAD {results['dataset']} (seed {seed})", results["summary"])
    _write_json(results, json_out)
    if report is not None:
        from evals.report import write_report

        if file.stem in NOTES:
            results = {**results, "notes": [NOTES[file.stem]]}
        path = write_report(results, report, f"SQuAD {results['dataset']}", SQUAD.get(file.stem))
        err.print(f"Report written to {path}")


eval_app = typer.Typer(help="Measure retrieval, answers, citations and refusals.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
eval_app.command("gold")(gold)
eval_app.command("beir")(beir)
eval_app.command("squad")(squad)
