"""Evals tab: run a gold question set against the current store; show its metrics, plots and every question,
and compare two runs.

It calls the same runner as `unesco-assistant eval gold` (`evals.runner.run_gold`), which asks through the
same API the chat uses, and writes the same report (`evals.report.write_report`: `report.md` and PNG plots)
plus the raw results (`results.json`, for the drill-down and comparisons) into a time-stamped folder under
`reports_root(settings)`. The page shows the plots as images read from those files (not as links to them), so
nothing outside Gradio's cache is served, wherever the store lives. The list of runs is read from disk each
time the tab is opened.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import gradio as gr

from ui import eval_cases
from ui.errors import user_message, warn
from ui.escape import html_text

log = logging.getLogger("unesco_assistant.ui")

Progress = Callable[[int, int, str], None]
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
RESULTS_FILE = "results.json"
METRIC_LABELS = {
    "cases": "Cases", "answerable": "Answerable cases", "unanswerable": "Unanswerable cases",
    "hit_at_1": "Hit@1 (retrieval)", "hit_at_5": "Hit@5 (retrieval)", "mrr": "MRR (retrieval)",
    "ndcg_at_10": "nDCG@10 (retrieval)", "fact_recall": "Fact recall", "answer_correct": "Answer correct",
    "citation_precision": "Citation precision", "citation_recall": "Citation recall",
    "wrong_document_rate": "Citations to a wrong document",
    "support_rate": "Supported sentences", "refusal_accuracy": "Refusal accuracy (unanswerable)",
    "false_refusal_rate": "False refusal rate", "latency_p50_ms": "Latency p50 (ms)",
    "latency_p95_ms": "Latency p95 (ms)",
}
CATEGORY_KEYS = ("cases", "answer_correct", "hit_at_5", "citation_precision", "refusal_accuracy")
# The question sets offered (label -> evals.gold set name); a set whose files are missing is left out.
GOLD_SETS = {"Seed questions (the two seed pages)": "seeds",
             "Library questions (seeds + UNESCO legal instruments)": "library"}


def reports_root(settings) -> Path:
    """Where the UI keeps eval reports: beside the store (`<store parent>/eval-reports`)."""
    return Path(settings.store_dir).parent / "eval-reports"


def gold_set_paths(name: str) -> list[Path]:
    """The files of a built-in gold set ("seeds", "library")."""
    from evals import gold

    try:
        return list(gold.default_gold_paths(name))
    except TypeError:  # an evals.gold without sets: the seed files
        return list(gold.default_gold_paths()) if name == "seeds" else []


def available_sets() -> list[tuple[str, str]]:
    return [(label, name) for label, name in GOLD_SETS.items()
            if gold_set_paths(name) and all(p.is_file() for p in gold_set_paths(name))]


def run_and_report(assistant, cases: Sequence, root: Path, progress: Progress | None = None,
                   title: str = "Gold questions", prefix: str = "gold") -> dict:
    """Run `cases`, write the report and results.json into a new folder under `root`; the results plus
    `report_dir`."""
    from evals.report import write_report
    from evals.runner import run_gold

    results = run_gold(assistant, cases, progress=progress)
    by_id = {c.id: getattr(c, "category", "") or ("followup" if c.history else "") for c in cases}
    for record in results.get("cases") or []:
        if not record.get("category"):
            record["category"] = by_id.get(record.get("id"), "")
    folder = root / datetime.now(UTC).strftime(f"{prefix}-%Y%m%d-%H%M%S")
    n = 1
    while folder.exists():
        folder = folder.with_name(f"{folder.name.split('~')[0]}~{n}")
        n += 1
    write_report(results, folder, title)
    meta = {"title": title, "finished": datetime.now(UTC).isoformat(timespec="seconds")}
    (folder / RESULTS_FILE).write_text(json.dumps({**results, "run": meta}, default=str), encoding="utf-8")
    return {**results, "report_dir": folder}


def metrics_table(results: dict) -> tuple[list[str], list[list]]:
    """Rows: one metric each; columns: all cases, then each split."""
    splits = results.get("splits") or {}
    headers = ["Metric", "All"] + [f"Split: {name}" for name in splits]
    rows = []
    for key, value in (results.get("summary") or {}).items():
        rows.append([METRIC_LABELS.get(key, key), _fmt(value, key)]
                    + [_fmt(s.get(key), key) for s in splits.values()])
    return headers, rows


def floor_html(results: dict) -> str:
    from evals import runner

    splits = results.get("splits") or {}
    if hasattr(runner, "check_split_floors") and any(s in splits for s in getattr(runner, "SPLIT_FLOORS", {})):
        failures = runner.check_split_floors(dict(splits))
        which = ", ".join(s for s in runner.SPLIT_FLOORS if s in splits) + " split"
    else:
        target, which = (splits["test"], "test split") if "test" in splits else (results["summary"], "all cases")
        failures = runner.check_floors(dict(target))
    if not failures:
        return f'<p class="ua-muted">Agreed floors ({html_text(which)}): <strong>all met</strong>.</p>'
    items = "".join(f"<li>{html_text(f)}</li>" for f in failures)
    return f'<div class="ua-lookup-none"><p>Agreed floors ({html_text(which)}) missed:</p><ul>{items}</ul></div>'


def _fmt(value, key: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if key.endswith("_ms") or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3f}"


def earlier_reports(root: Path) -> list[tuple[str, str]]:
    """(label, folder) for each report folder under `root`, newest first."""
    if not root.is_dir():
        return []
    found = sorted((p.parent for p in root.glob("*/report.md")), key=lambda p: p.stat().st_mtime, reverse=True)
    return [(_label(p), str(p)) for p in found]


def _label(folder: Path) -> str:
    """'Seed questions · 2025-06-01 14:02 UTC · 57/61 pass' (the folder name when there is no results.json)."""
    results = load_results(str(folder))
    if not results:
        return folder.name
    cases = results.get("cases") or []
    passed = sum(eval_cases.verdict(c) for c in cases)
    m = re.search(r"(\d{8})-(\d{6})", folder.name)
    when = (datetime.strptime("".join(m.groups()), "%Y%m%d%H%M%S").strftime("%Y-%m-%d %H:%M:%S UTC")
            if m else folder.name)
    title = (results.get("run") or {}).get("title") or "Gold questions"
    return f"{title} · {when} · {passed}/{len(cases)} pass"


def load_results(folder: str | None) -> dict | None:
    """The results.json of a report folder (None when it has none or it cannot be read)."""
    if not folder:
        return None
    path = Path(folder) / RESULTS_FILE
    try:
        return _read_results(str(path), path.stat().st_mtime)
    except (OSError, ValueError) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.warning("cannot read %s: %s", path, exc)
        return None


@lru_cache(maxsize=16)
def _read_results(path: str, mtime: float) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("results.json does not hold an object")
    return data


def report_view(root: Path, folder: str | None) -> tuple[str, list[str]]:
    """(Markdown of the report, its plot files) for a folder listed by `earlier_reports` only."""
    if not folder or folder not in {path for _, path in earlier_reports(root)}:
        return "", []
    path = Path(folder)
    text = (path / "report.md").read_text(encoding="utf-8", errors="replace")
    return inert_markdown(text), [str(p) for p in sorted(path.glob("*.png"))]


def plot_images(paths: Sequence[str]) -> list:
    """The plots as images in memory (Gradio caches and serves its own copies; the files stay private)."""
    from PIL import Image

    images = []
    for p in paths:
        try:
            with Image.open(p) as im:
                images.append((im.convert("RGB"), Path(p).stem.replace("-", " ")))
        except OSError as exc:
            log.warning("cannot read plot %s: %s", p, exc)
    return images


def inert_markdown(text: str) -> str:
    """A report as Markdown that loads nothing: raw HTML shown as text, images as their alt text
    (the plots are shown in the gallery instead)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _IMAGE.sub(lambda m: f"*[plot: {m.group(1) or 'image'}]*", text)


HELP = ('<p class="ua-muted">Asks every question of a gold set (with its earlier turns) through the same API as '
        "the chat and scores retrieval, answers, citations and refusals against the agreed floors. The seed set "
        "(61 questions) takes a few seconds here; the bar shows how far it is. Every question can be opened "
        "below to see its answer, citations and verdicts, and two runs can be compared.</p>")


def build(assistant, settings, opened=None) -> None:
    """The tab. `opened`: the tab's select event, on which the list of runs is read again from disk."""
    root = reports_root(settings)
    sets = available_sets()
    gr.HTML(HELP, apply_default_css=False)
    with gr.Row(equal_height=True):
        gold_set = gr.Dropdown(label="Question set", choices=sets, value=sets[0][1] if sets else None,
                               scale=3, elem_id="ua-eval-set")
        run_btn = gr.Button("Run the eval", variant="primary", scale=1, elem_id="ua-eval-run")
    picker = gr.Dropdown(label="Run shown (this run and earlier ones)", choices=earlier_reports(root), value=None,
                         elem_id="ua-eval-reports")
    floors = gr.HTML("", elem_id="ua-eval-floors", apply_default_css=False)
    table = gr.Dataframe(headers=["Metric", "All"], value=[], interactive=False, label="Metrics",
                         elem_id="ua-eval-table", wrap=True, max_height=720)
    by_category = gr.Dataframe(headers=["Split", "Category", *[METRIC_LABELS[k] for k in CATEGORY_KEYS]], value=[],
                               interactive=False, label="By question category", elem_id="ua-eval-categories",
                               wrap=True, max_height=480)
    plots = gr.Gallery(label="Plots", columns=3, height="auto", elem_id="ua-eval-plots", interactive=False,
                       object_fit="contain", allow_preview=True, format="png")
    gr.Markdown("### Questions")
    with gr.Row():
        category = gr.Dropdown(label="Category", choices=[eval_cases.ALL], value=eval_cases.ALL,
                               elem_id="ua-eval-category")
        show = gr.Radio(label="Show", choices=[(v, k) for k, v in eval_cases.SHOW.items()], value="all",
                        elem_id="ua-eval-show")
    cases = gr.Dataframe(headers=eval_cases.CASE_HEADERS, value=[], interactive=False, wrap=True,
                         label="Questions (click one for its answer, citations and verdicts)", elem_id="ua-eval-cases",
                         max_height=420, column_widths=["7%", "10%", "11%", "8%", "30%", "34%"])
    detail = gr.HTML(eval_cases.case_detail_html(None), elem_id="ua-eval-case", apply_default_css=False)
    gr.Markdown("### Compare two runs")
    with gr.Row(equal_height=True):
        run_a = gr.Dropdown(label="Run A (before)", choices=earlier_reports(root), value=None, elem_id="ua-eval-a",
                            scale=3)
        run_b = gr.Dropdown(label="Run B (after)", choices=earlier_reports(root), value=None, elem_id="ua-eval-b",
                            scale=3)
        compare_btn = gr.Button("Compare", scale=1, elem_id="ua-eval-compare")
    compare_note = gr.HTML("", elem_id="ua-eval-compare-note", apply_default_css=False)
    compare_summary = gr.Dataframe(headers=["Metric", "Run A", "Run B", "Change"], value=[], interactive=False,
                                   label="Metrics side by side", elem_id="ua-eval-compare-summary", wrap=True)
    compare_cases = gr.Dataframe(headers=eval_cases.COMPARE_HEADERS, value=[], interactive=False, wrap=True,
                                 label="Questions whose verdict changed", elem_id="ua-eval-compare-cases")
    with gr.Accordion("Report (Markdown)", open=False):
        report_md = gr.Markdown(sanitize_html=True, elem_id="ua-eval-report")

    view_outputs = [floors, table, by_category, plots, report_md, category, cases, detail]

    def view(folder: str | None):
        """Everything shown for one run folder."""
        text, files = report_view(root, folder)
        results = load_results(folder)
        if not text:
            return ("", gr.update(value=[], headers=["Metric", "All"]), [], [], "",
                    gr.update(choices=[eval_cases.ALL], value=eval_cases.ALL), [], eval_cases.case_detail_html(None))
        if results is None:
            note = ('<p class="ua-muted">This report has no per-question data (it was written before the '
                    "drill-down existed); run the eval again to see each question.</p>")
            return (note, gr.update(value=[], headers=["Metric", "All"]), [], plot_images(files), text,
                    gr.update(choices=[eval_cases.ALL], value=eval_cases.ALL), [], eval_cases.case_detail_html(None))
        headers, rows = metrics_table(results)
        cat_rows = eval_cases.category_rows(results, CATEGORY_KEYS, _fmt)
        return (floor_html(results), gr.update(value=rows, headers=headers), cat_rows, plot_images(files), text,
                gr.update(choices=[eval_cases.ALL, *eval_cases.categories(results)], value=eval_cases.ALL),
                eval_cases.case_rows(results), eval_cases.case_detail_html(None))

    def on_open(current: str | None, a: str | None, b: str | None):
        found = earlier_reports(root)
        folders = {f for _, f in found}
        return tuple(gr.update(choices=found, value=v if v in folders else None) for v in (current, a, b))

    def run(name: str | None, request: gr.Request = None, progress=gr.Progress()):  # noqa: B008 - Gradio's idiom
        from ui.eval_policy import BUSY, OneRun, request_refusal

        skip = tuple(gr.skip() for _ in range(3 + len(view_outputs) - 1))
        if not name:
            warn("Choose a question set first.")
            return ('<div class="ua-lookup-none">Choose a question set first.</div>', *skip)
        refused = request_refusal(request)  # who may start a run (ui.eval_policy), and one run at a time
        if refused:
            warn(refused)
            return (f'<div class="ua-lookup-none">{html_text(refused)}</div>', *skip)
        with OneRun() as ok:
            if not ok:
                warn(BUSY)
                return (f'<div class="ua-lookup-none">{html_text(BUSY)}</div>', *skip)
            return run_set(name, progress, skip)

    def run_set(name: str, progress, skip: tuple):
        label = next((label for label, n in GOLD_SETS.items() if n == name), "Gold questions")
        try:
            from evals.gold import load_cases

            gold = load_cases(gold_set_paths(name))
            progress((0, len(gold)), desc="Asking the questions…", unit="questions")
            results = run_and_report(
                assistant, gold, root,
                lambda done, total, what: progress((done, max(total, 1)), desc=f"Question {what}", unit="questions"),
                title=label.split(" (")[0], prefix=f"gold-{name}")
        except Exception as exc:  # noqa: BLE001 - a message in place; the earlier results stay usable
            message = user_message(exc)
            warn(f"The eval did not run: {message}")
            return (f'<div class="ua-lookup-none">The eval did not run: {html_text(message)}</div>', *skip)
        folder = str(results["report_dir"])
        shown = view(folder)
        found = earlier_reports(root)
        return (shown[0], *shown[1:], gr.update(choices=found, value=folder), gr.update(choices=found),
                gr.update(choices=found))

    def filter_cases(folder: str | None, cat: str | None, which: str | None):
        results = load_results(folder)
        if not results:
            return [], eval_cases.case_detail_html(None)
        return eval_cases.case_rows(results, cat or eval_cases.ALL, which or "all"), eval_cases.case_detail_html(None)

    def pick_case(folder: str | None, evt: gr.SelectData):
        results = load_results(folder)
        row = evt.row_value or []
        case = eval_cases.find_case(results, row[0]) if results and row else None
        return eval_cases.case_detail_html(case)

    def compare(a: str | None, b: str | None):
        ra, rb = load_results(a), load_results(b)
        if not (ra and rb):
            message = "Choose two runs that have per-question data (runs made in this tab)."
            warn(message)
            return f'<div class="ua-lookup-none">{html_text(message)}</div>', [], []
        summary, changed, account = eval_cases.compare(ra, rb, METRIC_LABELS, _fmt)
        return f'<p class="ua-status-ok">{html_text(account)}</p>', summary, changed

    # Two slots: while a run holds one, a second request reaches `run` and is refused at once (ui.eval_policy),
    # instead of waiting in Gradio's queue to start another run.
    run_btn.click(run, gold_set, [*view_outputs, picker, run_a, run_b], api_name="eval_gold",
                  concurrency_limit=2, concurrency_id="evals", show_progress_on=floors)
    picker.input(view, picker, view_outputs, api_visibility="private")
    category.input(filter_cases, [picker, category, show], [cases, detail], api_visibility="private")
    show.input(filter_cases, [picker, category, show], [cases, detail], api_visibility="private")
    cases.select(pick_case, picker, detail, api_visibility="private")
    compare_btn.click(compare, [run_a, run_b], [compare_note, compare_summary, compare_cases],
                      api_visibility="private")
    if opened is not None:
        opened(on_open, [picker, run_a, run_b], [picker, run_a, run_b], api_visibility="private", queue=False,
               show_progress="hidden")
