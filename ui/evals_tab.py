"""Evals tab: run the gold questions against the current store; show metrics, plots, earlier reports.

It calls the same runner as `unesco-assistant eval gold` (`evals.runner.run_gold`), which asks through
the same API the chat uses, and writes the same report files (`evals.report.write_report`).
"""

from __future__ import annotations

import re
from pathlib import Path

import gradio as gr

from ui.errors import as_gr_error

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


def metrics_table(results: dict) -> tuple[list[str], list[list]]:
    """Rows: one metric each; columns: all cases, then each split."""
    splits = results.get("splits", {})
    headers = ["Metric", "All"] + [f"Split: {name}" for name in splits]
    rows = []
    for key, value in results["summary"].items():
        row = [METRIC_LABELS.get(key, key), _fmt(value)]
        row += [_fmt(s.get(key)) for s in splits.values()]
        rows.append(row)
    return headers, rows


def _fmt(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool) or isinstance(value, int):
        return str(value)
    return f"{value:.3f}" if abs(value) < 100 else f"{value:,.0f}"


def reports_dir() -> Path:
    try:
        from evals.report import REPORTS_DIR

        return Path(REPORTS_DIR)
    except ImportError:
        return Path(__file__).resolve().parent.parent / "evals" / "reports"


def earlier_reports() -> list[tuple[str, str]]:
    """(label, folder) for each report folder holding a report.md, newest first."""
    root = reports_dir()
    if not root.is_dir():
        return []
    found = sorted((p.parent for p in root.glob("*/report.md")), key=lambda p: p.stat().st_mtime, reverse=True)
    return [(p.name, str(p)) for p in found]


def report_view(folder: str | None) -> tuple[str, list[str]]:
    """(Markdown of the report, its plot images) for a folder from `earlier_reports` only."""
    allowed = {path for _, path in earlier_reports()}
    if not folder or folder not in allowed:
        return "", []
    path = Path(folder)
    text = (path / "report.md").read_text(encoding="utf-8", errors="replace")
    return inert_markdown(text), [str(p) for p in sorted(path.glob("*.png"))]


def inert_markdown(text: str) -> str:
    """A report as Markdown that loads nothing: raw HTML shown as text, images as their alt text
    (the plots are shown in the gallery instead)."""
    text = text.replace("<", "&lt;")
    return _IMAGE.sub(lambda m: f"*[image: {m.group(1) or 'plot'}]*", text)


def make_run(assistant):
    def run(progress=gr.Progress()):
        try:
            from evals.gold import default_gold_paths, load_cases
            from evals.runner import run_gold

            cases = load_cases(default_gold_paths())
            progress(0, desc="Asking the gold questions…")
            results = run_gold(assistant, cases,
                               progress=lambda done, total, what: progress((done, max(total, 1)), desc=what))
            folder = _write_report(results, assistant)
        except Exception as exc:  # noqa: BLE001 - shown as a message
            raise as_gr_error(exc) from None
        headers, rows = metrics_table(results)
        text, plots = report_view(str(folder)) if folder else ("", [])
        return (gr.update(value=rows, headers=headers), plots, text,
                gr.update(choices=earlier_reports(), value=str(folder) if folder else None))

    return run


def _write_report(results: dict, assistant) -> Path | None:
    """Write the report files; the folder written, or None when the report module is unavailable."""
    try:
        from evals.report import write_report
    except ImportError:
        return None
    out = write_report(results, settings=getattr(assistant, "settings", None))
    return Path(out).parent if Path(out).is_file() else Path(out)


def build(assistant) -> None:
    gr.HTML('<p class="ua-muted">Asks every gold question (with its earlier turns) through the same API '
            "as the chat and scores retrieval, answers, citations and refusals. On the bundled corpus it "
            "takes a minute or so.</p>", apply_default_css=False)
    run_btn = gr.Button("Run the gold eval", variant="primary", elem_id="ua-eval-run")
    table = gr.Dataframe(headers=["Metric", "All"], value=[], interactive=False, label="Metrics",
                         elem_id="ua-eval-table", wrap=True)
    plots = gr.Gallery(label="Plots", columns=2, height=360, elem_id="ua-eval-plots", interactive=False)
    with gr.Accordion("Earlier reports", open=False):
        picker = gr.Dropdown(label="Report", choices=earlier_reports(), value=None, elem_id="ua-eval-reports")
        report_md = gr.Markdown(sanitize_html=True, elem_id="ua-eval-report")
    picker.change(report_view, picker, [report_md, plots], api_visibility="private")
    run_btn.click(make_run(assistant), None, [table, plots, report_md, picker], api_name="eval_gold",
                  concurrency_limit=1, concurrency_id="evals", show_progress_on=table)
