"""The Evals tab's work against the real store: run gold cases, write the report, list and show it.

Pins down: the metrics table has one row per summary metric and a column per split; the report
folder holds report.md and plots; earlier reports are listed newest first and only those folders
can be shown; a report's Markdown loads nothing (no raw HTML, no images).
"""

from __future__ import annotations

from evals.gold import default_gold_paths, load_cases
from ui.evals_tab import (
    METRIC_LABELS,
    earlier_reports,
    floor_html,
    inert_markdown,
    metrics_table,
    report_view,
    run_and_report,
)


def test_run_writes_a_report_the_tab_can_show(ui_assistant, tmp_path):
    cases = load_cases(default_gold_paths())
    sample = [c for c in cases if c.split == "dev"][:2] + [c for c in cases if c.split == "test"][:2]
    results = run_and_report(ui_assistant, sample, tmp_path)
    headers, rows = metrics_table(results)
    assert headers == ["Metric", "All", "Split: dev", "Split: test"]
    assert [r[0] for r in rows] == [METRIC_LABELS[k] for k in results["summary"]]
    assert rows[0][1] == "4"
    folder = results["report_dir"]
    assert (folder / "report.md").is_file() and list(folder.glob("*.png"))
    label, listed = earlier_reports(tmp_path)[0]
    assert listed == str(folder) and label.startswith("Gold questions · ") and label.endswith(" pass")
    assert (folder / "results.json").is_file(), "the per-question data for the drill-down"
    text, images = report_view(tmp_path, str(folder))
    assert "Gold questions" in text and images and "![" not in text
    assert report_view(tmp_path, "/etc") == ("", []), "only listed report folders can be shown"
    assert "floors" in floor_html(results)


def test_report_markdown_is_inert():
    md = inert_markdown('# R\n<img src=x onerror="alert(1)"> ![plot](http://example.com/p.png) a & b')
    assert "<img" not in md and "http://example.com" not in md and "[plot: plot]" in md


def test_library_set_runs_the_same_way_with_categories(ui_assistant, tmp_path):
    """The library gold set through the tab's runner (on the seed store most of its questions fail, which is
    what the drill-down is for): categories reach the table, the filters and the per-category summary."""
    from ui import eval_cases
    from ui.evals_tab import CATEGORY_KEYS, _fmt, available_sets, gold_set_paths, load_results

    assert [name for _, name in available_sets()] == ["seeds", "library"]
    cases = load_cases(gold_set_paths("library"))
    sample = [next(c for c in cases if c.category == cat and c.split == split)
              for cat in ("fact", "unanswerable", "list") for split in ("library_dev", "library_test")]
    results = run_and_report(ui_assistant, sample, tmp_path, title="Library questions", prefix="gold-library")
    saved = load_results(str(results["report_dir"]))
    assert saved is not None and saved["run"]["title"] == "Library questions"
    assert eval_cases.categories(saved) == ["fact", "list", "unanswerable"]
    assert {r[2] for r in eval_cases.case_rows(saved, "fact")} == {"fact"}
    rows = eval_cases.category_rows(saved, CATEGORY_KEYS, _fmt)
    assert {(r[0], r[1]) for r in rows} >= {("library_test", "fact"), ("library_dev", "unanswerable")}
    assert "Library questions" in earlier_reports(tmp_path)[0][0]
