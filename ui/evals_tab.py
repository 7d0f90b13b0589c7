"""Evals tab: run the gold questions against the current store; show metrics, plots, earlier reports.

It calls the same runner as `unesco-assistant eval gold` (`evals.runner.run_gold`), which asks through
the same API the chat uses, and writes the same report (`evals.report.write_report`: `report.md` and
PNG plots) into a time-stamped folder under `reports_root(settings)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import gradio as gr

from ui.errors import as_gr_error
from ui.escape import html_text

Progress = Callable[[int, int, str], None]
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
METRIC_LABELS = {
    "cases": "Cases", "answerable": "Answerable cases", "unanswerable": "Unanswerable cases",
    "hit_at_1": "Hit@1 (retrieval)", "hit_at_5": "Hit@5 (retrieval)", "mrr": "MRR (retrieval)",
    "ndcg_at_10": "nDCG@10 (retrieval)", "fact_recall": "Fact recall", "answer_correct": "Answer correct",
    "citation_precision": "Citation precision", "citation_recall": "Citation recall",
    "support_rate": "Supported sentences", "refusal_accuracy": "Refusal accuracy (unanswerable)",
    "false_refusal_rate": "False refusal rate", "latency_p50_ms": "Latency p50 (ms)",
    "latency_p95_ms": "Latency p95 (ms)",
}


def reports_root(settings) -> Path:
    """Where the UI keeps eval reports: beside the store (`<store parent>/eval-reports`)."""
    return Path(settings.store_dir).parent / "eval-reports"


def run_and_report(assistant, cases: Sequence, root: Path, progress: Progress | None = None) -> dict:
    """Run `cases`, write the report into a new folder under `root`; the results plus `report_dir`."""
    from evals.report import write_report
    from evals.runner import run_gold

    results = run_gold(assistant, cases, progress=progress)
    folder = root / datetime.now(UTC).strftime("gold-%Y%m%d-%H%M%S")
    n = 1
    while folder.exists():
        folder = folder.with_name(f"{folder.name.split('~')[0]}~{n}")
        n += 1
    write_report(results, folder, "Gold questions")
    return {**results, "report_dir": folder}


def metrics_table(results: dict) -> tuple[list[str], list[list]]:
    """Rows: one metric each; columns: all cases, then each split."""
    splits = results.get("splits") or {}
    headers = ["Metric", "All"] + [f"Split: {name}" for name in splits]
    rows = []
    for key, value in results["summary"].items():
        rows.append([METRIC_LABELS.get(key, key), _fmt(value)] + [_fmt(s.get(key)) for s in splits.values()])
    return headers, rows


def floor_html(results: dict) -> str:
    from evals.runner import check_floors

    splits = results.get("splits") or {}
    target, which = (splits["test"], "test split") if "test" in splits else (results["summary"], "all cases")
    failures = check_floors(dict(target))
    if not failures:
        return f'<p class="ua-muted">Agreed floors ({which}): <strong>all met</strong>.</p>'
    items = "".join(f"<li>{html_text(f)}</li>" for f in failures)
    return f'<div class="ua-lookup-none"><p>Agreed floors ({which}) missed:</p><ul>{items}</ul></div>'


def _fmt(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool | int):
        return str(value)
    return f"{value:.3f}" if abs(value) < 100 else f"{value:,.0f}"


def earlier_reports(root: Path) -> list[tuple[str, str]]:
    """(label, folder) for each report folder under `root`, newest first."""
    if not root.is_dir():
        return []
    found = sorted((p.parent for p in root.glob("*/report.md")), key=lambda p: p.stat().st_mtime, reverse=True)
    return [(p.name, str(p)) for p in found]


def report_view(root: Path, folder: str | None) -> tuple[str, list[str]]:
    """(Markdown of the report, its plot images) for a folder listed by `earlier_reports` only."""
    if not folder or folder not in {path for _, path in earlier_reports(root)}:
        return "", []
    path = Path(folder)
    text = (path / "report.md").read_text(encoding="utf-8", errors="replace")
    return inert_markdown(text), [str(p) for p in sorted(path.glob("*.png"))]


def inert_markdown(text: str) -> str:
    """A report as Markdown that loads nothing: raw HTML shown as text, images as their alt text
    (the plots are shown in the gallery instead)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _IMAGE.sub(lambda m: f"*[plot: {m.group(1) or 'image'}]*", text)


def build(assistant, settings) -> None:
    root = reports_root(settings)
    gr.HTML('<p class="ua-muted">Asks every gold question (with its earlier turns) through the same API '
            "as the chat and scores retrieval, answers, citations and refusals against the agreed floors. "
            "On the bundled corpus it takes about a minute.</p>", apply_default_css=False)
    run_btn = gr.Button("Run the gold eval", variant="primary", elem_id="ua-eval-run")
    floors = gr.HTML("", elem_id="ua-eval-floors", apply_default_css=False)
    table = gr.Dataframe(headers=["Metric", "All"], value=[], interactive=False, label="Metrics",
                         elem_id="ua-eval-table", wrap=True, max_height=720)
    plots = gr.Gallery(label="Plots", columns=2, height="auto", elem_id="ua-eval-plots", interactive=False,
                       object_fit="contain", allow_preview=True)
    with gr.Accordion("Reports (this run and earlier ones)", open=False):
        picker = gr.Dropdown(label="Report", choices=earlier_reports(root), value=None, elem_id="ua-eval-reports")
        report_md = gr.Markdown(sanitize_html=True, elem_id="ua-eval-report")

    def run(progress=gr.Progress()):  # noqa: B008 - Gradio's idiom
        try:
            from evals.gold import default_gold_paths, load_cases

            cases = load_cases(default_gold_paths())
            progress(0, desc="Asking the gold questions…")
            results = run_and_report(assistant, cases, root,
                                     lambda done, total, what: progress((done, max(total, 1)), desc=f"case {what}",
                                                                               unit="cases"))
        except Exception as exc:  # noqa: BLE001 - shown as a message
            raise as_gr_error(exc) from None
        headers, rows = metrics_table(results)
        folder = str(results["report_dir"])
        text, images = report_view(root, folder)
        return (floor_html(results), gr.update(value=rows, headers=headers), images, text,
                gr.update(choices=earlier_reports(root), value=folder))

    def show(folder: str | None):
        return report_view(root, folder)

    picker.change(show, picker, [report_md, plots], api_visibility="private")
    run_btn.click(run, None, [floors, table, plots, report_md, picker], api_name="eval_gold",
                  concurrency_limit=1, concurrency_id="evals", show_progress_on=table)
