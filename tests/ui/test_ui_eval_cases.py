"""The Evals tab's drill-down and comparison on hand-made results in the runner's shape.

Pins down: verdicts and the reasons a case failed; filtering by category and by failure; the detail of one
case shows question, answer, citations, expected facts and sources, each metric and why it failed; two runs
are compared case by case; results from an older runner (no categories, no `correct`) still work.
"""

from __future__ import annotations

from ui import eval_cases
from ui.evals_tab import _fmt


def case(cid: str, category: str, correct: bool, answerable: bool = True, refused: bool = False, **scores) -> dict:
    base = {"answer_correct": correct if answerable else None, "fact_recall": 1.0 if correct else 0.0,
            "citation_precision": 1.0, "hit_at_5": 1.0, "latency_ms": 12.3456, "correct": correct if answerable
            else refused}
    base.update(scores)
    return {"id": cid, "split": "test", "category": category, "answerable": answerable, "refused": refused,
            "question": f"Question {cid}?", "history": [], "answer": "UNESCO was founded in 1945. [1]",
            "citations": [{"marker": 1, "citation_id": f"doc:{cid}", "title": "Constitution <b>", "section": "",
                           "passage": "UNESCO was founded in 1945.", "matches_expected": correct}],
            "expected_facts": ["1945"] if correct else [["1946", "forty-six"]],
            "expected_sources": [{"document": "CONSTITUTION", "quote": "founded"}] if answerable else [],
            "scores": base}


RUN_A = {"summary": {"cases": 4, "answer_correct": 0.5, "latency_p50_ms": 12.3456},
         "cases": [case("a1", "fact", True), case("a2", "fact", False, citation_precision=0.5),
                   case("a3", "list", True), case("u1", "unanswerable", False, answerable=False, refused=False)]}
RUN_B = {"summary": {"cases": 4, "answer_correct": 0.75, "latency_p50_ms": 10.0},
         "cases": [case("a1", "fact", False), case("a2", "fact", True),
                   case("a3", "list", True), case("u1", "unanswerable", True, answerable=False, refused=True)]}


def test_filters_by_category_and_failure():
    assert [r[0] for r in eval_cases.case_rows(RUN_A)] == ["a1", "a2", "a3", "u1"]
    assert [r[0] for r in eval_cases.case_rows(RUN_A, "fact", "failures")] == ["a2"]
    assert [r[0] for r in eval_cases.case_rows(RUN_A, show="passes")] == ["a1", "a3"]
    assert eval_cases.categories(RUN_A) == ["fact", "list", "unanswerable"]
    row = eval_cases.case_rows(RUN_A, show="failures")[0]
    assert row[3] == "✗ fail" and "missing expected facts: 1946 / forty-six" in row[4]
    assert "citation precision 0.50" in row[4]
    assert "should refuse" in eval_cases.case_rows(RUN_A, "unanswerable")[0][4]


def test_case_detail_explains_every_verdict_and_escapes():
    html = eval_cases.case_detail_html(RUN_A["cases"][1])
    for part in ("Question a2?", "UNESCO was founded in 1945. [1]", "Constitution &lt;b&gt;", "doc:a2",
                 "Expected facts", "1946 / forty-six", "missing", "Expected sources", "CONSTITUTION", "Answer correct",
                 "Citation precision", "Why it failed", "not an expected source", "12 ms"):
        assert part in html, part
    assert "<b>" not in html
    assert "Pick a question" in eval_cases.case_detail_html(None)


def test_two_runs_compared_case_by_case():
    summary, changed, account = eval_cases.compare(RUN_A, RUN_B, {"answer_correct": "Answer correct"}, _fmt)
    assert ["Answer correct", "0.500", "0.750", "+0.250"] in summary
    assert ["latency_p50_ms", "12", "10", "-2"] in summary, "latencies in whole milliseconds"
    assert {r[0]: r[4] for r in changed} == {"a1": "broken", "a2": "fixed", "u1": "fixed"}
    assert account.startswith("3 questions changed verdict: 2 now pass, 1 now fail; 1 unchanged")


def test_older_results_without_categories_or_correct_still_show():
    old = {"summary": {"cases": 1}, "cases": [{"id": "x", "answerable": True, "refused": False, "answer": "a",
                                               "question": "q", "scores": {"answer_correct": True}}]}
    assert eval_cases.case_rows(old) == [["x", "", "uncategorised", "✓ pass", "", "q"]]
    assert eval_cases.category_rows(old, ["cases"], _fmt) == []
    nested = {"categories": {"test": {"fact": {"cases": 3}, "list": {"cases": 2}}}}
    assert eval_cases.category_rows(nested, ["cases"], _fmt) == [["test", "fact", "3"], ["test", "list", "2"]]
    assert _fmt(123.456, "latency_p95_ms") == "123" and _fmt(0.91234) == "0.912" and _fmt(None) == "n/a"
