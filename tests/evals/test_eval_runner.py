"""The eval runners and the report.

Scoring is pinned down with a scripted assistant (exact numbers); then the real assistant is run on a
real store in tmp_path built from corpus/, and the gold test split must meet the agreed floor (the CI
gate of issue 5). The BEIR and SQuAD runners go through a real temporary store on tiny hand-made data.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from core.types import Answer, AnswerSentence, Chunk, Citation, Passage, Turn
from evals.beir import load_beir, run_beir, score_query
from evals.gold import gold_paths, load_cases
from evals.report import write_report
from evals.runner import FLOORS, SPLIT_FLOORS, SUMMARY_KEYS, Bound, check_floors, run_gold
from evals.squad import load_squad, run_squad, sample_questions, strip_markers

ROOT = Path(__file__).resolve().parents[2]
CUL = "002_9ad71af9260e04b4"
SCI = "000_ba9ac47ce8679b22"


# -- a scripted assistant: same public methods, answers chosen by the test --------------------------

def _chunk(doc: str, text: str, n: int = 0) -> Chunk:
    return Chunk(id=f"{doc}-{n}", document_id=doc, text=text, start=0, end=len(text), ordinal=n,
                 source=f"{doc}.txt")


def _citation(marker: int, chunk: Chunk) -> Citation:
    return Citation(marker=marker, citation_id=chunk.id, document_id=chunk.document_id, title="T", section="",
                    source=chunk.source, passage=chunk.text, passage_start=0, passage_end=len(chunk.text),
                    support_spans=((0, len(chunk.text)),), support_score=0.9)


MOSTAR = _chunk(CUL, "UNESCO led the reconstruction of the Mostar Bridge in Bosnia and Herzegovina in 2004.",
                1)
JAZZ = _chunk(CUL, "International Jazz Day, 30 April, brings together students and jazz enthusiasts.", 2)
CERN = _chunk(SCI, "One of its first success stories was the creation of CERN in the early 1950s.", 3)


class ScriptedAssistant:
    def __init__(self, script: dict[str, tuple[str, bool, tuple[Chunk, ...], tuple[bool, ...]]],
                 ranking: dict[str, list[Chunk]]):
        self.script = script  # question -> (text, refused, cited chunks, sentence support flags)
        self.ranking = ranking  # retrieval query -> ranked chunks
        self.calls: list[tuple[str, list[Turn]]] = []
        self.searches: list[tuple[str, int]] = []

    def ask(self, question: str, history=None) -> Answer:
        self.calls.append((question, list(history or [])))
        text, refused, cited, support = self.script[question]
        return Answer(
            question=question, text=text, refused=refused,
            citations=tuple(_citation(i + 1, c) for i, c in enumerate(cited)),
            sentences=tuple(AnswerSentence(f"s{i}", (1,), f, 0.5) for i, f in enumerate(support)),
            retrieval_query=f"{question} (resolved)",
        )

    def search(self, query: str, top_k: int | None = None) -> list[Passage]:
        self.searches.append((query, top_k))
        ranked = self.ranking.get(query, [])[:top_k]
        return [Passage(c, 1.0 / r, rank=r) for r, c in enumerate(ranked, start=1)]


def _write_cases(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "gold_mini.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


MINI = [
    {"id": "m1", "question": "Which bridge?", "history": [], "answerable": True,
     "expected_sources": [{"document": CUL, "quote": "Mostar Bridge"}], "expected_facts": ["Mostar", "2004"]},
    {"id": "m2", "question": "In which year?", "history": ["Which bridge?"], "answerable": True,
     "expected_sources": [{"document": CUL, "quote": "Mostar Bridge"}],
     "expected_facts": ["2004", "1950s", "peaceful coexistence"]},
    {"id": "m3", "question": "When is Jazz Day?", "history": [], "answerable": True,
     "expected_sources": [{"document": CUL, "quote": "Jazz Day"}], "expected_facts": ["30 April"]},
    {"id": "m4", "question": "Tell me a joke.", "history": [], "answerable": False,
     "expected_sources": [], "expected_facts": []},
    {"id": "m5", "question": "Capital of Australia?", "history": [], "answerable": False,
     "expected_sources": [], "expected_facts": []},
]


@pytest.fixture
def scripted(tmp_path):
    assistant = ScriptedAssistant(
        script={
            "Which bridge?": ("The Mostar Bridge was rebuilt in 2004 [1].", False, (MOSTAR,), (True,)),
            # cites the expected passage and one holding a fact; two of three facts; a sentence unsupported
            "In which year?": ("It was rebuilt in 2004 [1]. CERN dates from the early 1950s [2].", False,
                               (MOSTAR, CERN), (True, False)),
            # an answerable case refused
            "When is Jazz Day?": ("I could not find this.", True, (), ()),
            "Tell me a joke.": ("I only answer from the documents.", True, (), ()),
            "Capital of Australia?": ("Canberra [1].", False, (CERN,), (False,)),
        },
        ranking={
            "Which bridge? (resolved)": [MOSTAR, CERN],
            "In which year? (resolved)": [CERN, JAZZ, MOSTAR],
            "When is Jazz Day? (resolved)": [CERN, JAZZ],
        },
    )
    return assistant, load_cases([_write_cases(tmp_path, MINI)])


def test_run_gold_asks_history_first_and_feeds_answers_back(scripted):
    assistant, cases = scripted
    run_gold(assistant, cases)
    asked = [(q, [(t.question, t.answer) for t in h]) for q, h in assistant.calls]
    assert asked[1:3] == [
        ("Which bridge?", []),
        ("In which year?", [("Which bridge?", "The Mostar Bridge was rebuilt in 2004 [1].")]),
    ]
    # retrieval is scored on the resolved query, 10 deep, for answerable cases only
    assert [s for s in assistant.searches] == [
        ("Which bridge? (resolved)", 10), ("In which year? (resolved)", 10),
        ("When is Jazz Day? (resolved)", 10)]


def test_run_gold_scores_exactly(scripted):
    assistant, cases = scripted
    progress = []
    results = run_gold(assistant, cases, progress=lambda d, t, w: progress.append((d, t)))
    summary = results["summary"]
    assert tuple(summary) == SUMMARY_KEYS
    assert (summary["cases"], summary["answerable"], summary["unanswerable"]) == (5, 3, 2)
    assert summary["hit_at_1"] == pytest.approx(1 / 3)  # only m1 ranks the bridge first
    assert summary["hit_at_5"] == pytest.approx(1.0)
    assert summary["mrr"] == pytest.approx((1 + 1 / 3 + 1 / 2) / 3)
    assert summary["ndcg_at_10"] == pytest.approx((1 + 0.5 + 1 / 1.584962500721156) / 3)
    assert summary["fact_recall"] == pytest.approx((1 + 2 / 3 + 0) / 3)  # refused m3 scores 0
    assert summary["answer_correct"] == pytest.approx(1 / 3)
    # m2's CERN passage holds the fact 1950s but comes from a document the case does not expect: it no longer counts
    assert summary["citation_precision"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert summary["wrong_document_rate"] == pytest.approx((0 + 0.5) / 2)  # m1, m2 cite; m3 refused
    assert summary["citation_recall"] == pytest.approx(2 / 3)
    assert summary["support_rate"] == pytest.approx(2 / 4)  # pooled over answers given: m1, m2, m5
    assert summary["refusal_accuracy"] == pytest.approx(0.5)
    assert summary["false_refusal_rate"] == pytest.approx(1 / 3)
    assert summary["latency_p50_ms"] >= 0 and summary["latency_p95_ms"] >= summary["latency_p50_ms"]
    assert progress[0] == (0, 5) and progress[-1] == (5, 5)

    by_id = {c["id"]: c for c in results["cases"]}
    m2 = by_id["m2"]
    assert set(m2) >= {"id", "question", "history", "answer", "citations", "refused", "scores"}
    assert m2["history"] == ["Which bridge?"]
    assert [(c["marker"], c["document_id"], c["matches_expected"]) for c in m2["citations"]] == [
        (1, CUL, True), (2, SCI, False)]
    assert set(m2["citations"][0]) >= {"marker", "citation_id", "document_id", "title", "passage"}
    assert m2["scores"]["fact_recall"] == pytest.approx(2 / 3) and m2["scores"]["correct"] is False
    assert by_id["m4"]["scores"]["correct"] is True and by_id["m4"]["scores"]["hit_at_5"] is None
    assert by_id["m5"]["scores"]["correct"] is False
    assert results["splits"] == {"mini": summary}
    json.dumps(results)  # the CLI writes it as JSON


def test_check_floors_messages():
    good = {"hit_at_5": 1.0, "answer_correct": 0.9, "citation_precision": 0.95, "refusal_accuracy": 1.0,
            "false_refusal_rate": 0.0}
    assert check_floors(good) == []
    bad = {**good, "hit_at_5": 0.9, "false_refusal_rate": 0.2, "refusal_accuracy": None}
    assert check_floors(bad) == [
        "hit_at_5 = 0.900 is below the floor 0.95.",
        "refusal_accuracy was not measured (no cases of that kind); it must be >= 0.9.",
        "false_refusal_rate = 0.200 is above the ceiling 0.1.",
    ]
    assert check_floors({"x": 0.5}, {"x": Bound(">=", 0.4)}) == []
    assert FLOORS["false_refusal_rate"] == Bound("<=", 0.10)


def _is_png(path: Path) -> bool:
    data = path.read_bytes()
    return data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24])[0] > 100


def test_report_has_tables_plots_and_failures(scripted, tmp_path):
    assistant, cases = scripted
    results = run_gold(assistant, cases)
    path = write_report(results, tmp_path / "report", "Gold (scripted)", reference={"hit_at_5": 0.9})
    text = path.read_text(encoding="utf-8")
    assert path.name == "report.md"
    assert "# Gold (scripted)" in text
    assert "| hit_at_5 | 1.000 | >= 0.95 | 0.900 |" in text
    assert ("**Floor check (these cases):** answer_correct = 0.333 is below the floor 0.85. "
            "citation_precision = 0.500 is below the floor 0.9. "
            "refusal_accuracy = 0.500 is below the floor 0.9. "
            "false_refusal_rate = 0.333 is above the ceiling 0.1.") in text
    assert "### Failures (3 of 5 cases)" in text
    assert "| m5 | Capital of Australia? | answered, should refuse | Canberra [1]. |" in text
    assert "| m2 | Which bridge? → In which year? | facts 0.67, citation precision 0.50 |" in text
    assert "| m3 | When is Jazz Day? | refused |" in text
    for png in ("summary-metrics.png", "summary-latency.png"):
        assert f"]({png})" in text and _is_png(path.parent / png)


def test_report_for_several_runs_with_beir_reference(tmp_path):
    beir = {"results": [
                {"mode": "bm25", "ndcg_at_10": 0.67, "recall_at_100": 0.9, "mrr_at_10": 0.6, "queries": 300},
                {"mode": "hybrid", "ndcg_at_10": 0.73, "recall_at_100": 0.95, "mrr_at_10": 0.7,
                 "queries": 300}],
            "ablations": [{"bm25_weight": 0.3, "ndcg_at_10": 0.734},
                          {"bm25_weight": 0.5, "ndcg_at_10": 0.72}]}
    squad = {"summary": {"questions": 1000, "paragraph_recall_at_1": 0.8, "paragraph_recall_at_5": 0.93,
                         "answer_contains_gold": 0.7}}
    path = write_report({"runs": {"SciFact": beir, "SQuAD v1.1": squad}}, tmp_path, "Benchmarks",
                        reference={"SciFact": {"bm25": {"ndcg_at_10": 0.676}},
                                   "SQuAD v1.1": {"paragraph_recall_at_5": 0.932}})
    text = path.read_text(encoding="utf-8")
    assert "| bm25 | 0.670 | 0.900 | 0.600 | 300 | 0.676 |" in text
    assert "| hybrid | 0.730 | 0.950 | 0.700 | 300 |  |" in text
    assert "| bm25_weight | ndcg_at_10 |" in text and "| 0.300 | 0.734 |" in text
    assert "| paragraph_recall_at_5 | 0.930 | 0.932 |" in text
    assert "floor" not in text  # no floors for non-gold results
    assert _is_png(tmp_path / "scifact-modes.png") and _is_png(tmp_path / "squad-v1-1-metrics.png")


# -- BEIR and SQuAD on tiny hand-made data ------------------------------------------------------

BEIR_DOCS = {
    "101": ("Mostar Bridge",
            "The Mostar Bridge in Bosnia and Herzegovina was rebuilt with UNESCO help in 2004."),
    "102": ("Jazz", "International Jazz Day on 30 April brings together musicians and students worldwide."),
    "103": ("CERN", "CERN, the particle physics laboratory near Geneva, was created in the early 1950s."),
    "104": ("Coral reefs", "Coral reefs bleach when ocean temperatures rise for several weeks in a row."),
    "105": ("Timbuktu", "The mausoleums of Timbuktu in Mali were destroyed in 2012 and later rebuilt."),
}


def _beir_dir(tmp_path: Path) -> Path:
    root = tmp_path / "tiny"
    (root / "qrels").mkdir(parents=True)
    with (root / "corpus.jsonl").open("w") as f:
        for i, (title, text) in BEIR_DOCS.items():
            f.write(json.dumps({"_id": i, "title": title, "text": text}) + "\n")
    queries = {"1": "which bridge was rebuilt in 2004", "2": "when is the jazz day",
               "3": "why do coral reefs bleach", "9": "a query without judgements"}
    with (root / "queries.jsonl").open("w") as f:
        for i, text in queries.items():
            f.write(json.dumps({"_id": i, "text": text}) + "\n")
    (root / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n1\t101\t1\n2\t102\t2\n2\t105\t0\n3\t104\t1\n", encoding="utf-8")
    return root


def test_load_beir_keeps_judged_queries(tmp_path):
    data = load_beir(_beir_dir(tmp_path))
    assert list(data.queries) == ["1", "2", "3"]
    assert data.qrels["2"] == {"102": 2, "105": 0}
    assert data.corpus["103"][0] == "CERN"
    limited = load_beir(_beir_dir(tmp_path / "again"), limit=1)
    assert limited.queries == {"1": "which bridge was rebuilt in 2004"}
    # a document whose id equals the query id is ignored, as BEIR does
    assert score_query(["2", "102"], {"102": 1}, "2")["mrr_at_10"] == 1.0


def test_run_beir_through_a_real_temporary_store(tmp_path):
    out = run_beir(_beir_dir(tmp_path), modes=("bm25", "dense", "hybrid"), work_dir=tmp_path / "work")
    assert [r["mode"] for r in out["results"]] == ["bm25", "dense", "hybrid"]
    assert out["documents"] == 5 and out["skipped"] == 0
    for row in out["results"]:
        assert set(row) == {"mode", "ndcg_at_10", "recall_at_100", "mrr_at_10", "queries"}
        assert row["queries"] == 3
        assert row["recall_at_100"] == 1.0  # five documents: every relevant one is ranked
        assert row["mrr_at_10"] == 1.0, row  # each query names its document plainly


class _PagedRetriever:
    """Returns the first top_k of a fixed passage list (three chunks per document), like a corpus cut
    into many chunks per document."""

    def __init__(self, n_docs: int):
        self.passages = [Passage(_chunk(f"d{d:03d}", f"text {d} {c}", c), 1.0, rank=1)
                         for d in range(n_docs) for c in range(3)]
        self.calls: list[int] = []

    def search(self, query, top_k=None, mode=None):  # the Assistant.search the evals call
        self.calls.append(top_k)
        return self.passages[:top_k]


def test_rank_corpus_goes_deeper_when_documents_have_many_chunks():
    from evals.beir import DEPTH, rank_corpus

    retriever = _PagedRetriever(150)
    ranked = rank_corpus(retriever, "q", {}, "hybrid")
    assert len(ranked) == DEPTH + 1 and ranked[:3] == ["d000", "d001", "d002"]
    assert retriever.calls == [200, 400]  # 200 passages hold only 67 documents
    small = _PagedRetriever(10)  # the whole corpus: no deeper call can add anything
    assert len(rank_corpus(small, "q", {}, "bm25")) == 10 and small.calls == [200]


def test_kept_work_folder_serves_only_its_chunking(tmp_path):
    from core.settings import Settings
    from evals.tempstore import check_build

    check_build(tmp_path, Settings(chunk_size=200, chunk_overlap=30))
    check_build(tmp_path, Settings(chunk_size=200, chunk_overlap=30))  # same chunking: fine
    with pytest.raises(ValueError, match="chunk_size': 200.*chunk_size': 256"):
        check_build(tmp_path, Settings(chunk_size=256, chunk_overlap=30))


def test_refusal_sweep_decides_every_threshold_from_one_answer():
    """The SQuAD refusal sweep asks once at threshold 0 and reads each threshold's decision off the answer's
    calibrated confidence (no monkeypatching of the answerer)."""
    from benchmarks.ablations import threshold_decisions

    assert threshold_decisions(0.35, (0.2, 0.3, 0.4)) == (False, False, True)
    assert threshold_decisions(None, (0.2,)) == (True,)  # no confidence (refused before scoring): refused


def test_ablation_report_joins_the_studies(tmp_path):
    from benchmarks.ablations import _chunkings, write_ablation_report

    assert _chunkings(["128/0", "256"], []) == [(128, 0), (256, 0)]
    rows = [{"group": "fusion", "setting": "rrf, k 60", "mode": "hybrid", "ndcg_at_10": 0.72,
             "recall_at_100": 0.95, "mrr_at_10": 0.69}]
    (tmp_path / "ablations-scifact.json").write_text(json.dumps({"study": "scifact", "rows": rows}))
    sweep = [{"group": "refusal_threshold", "setting": f"{t:.3f}", "refusal_accuracy": r,
              "false_refusal_rate": f} for t, r, f in ((0.3, 0.8, 0.0), (0.35, 1.0, 0.05))]
    (tmp_path / "ablations-gold.json").write_text(json.dumps({"study": "gold", "rows": sweep}))
    text = write_ablation_report(tmp_path, notes=["a note"]).read_text(encoding="utf-8")
    assert "- a note" in text and "## SciFact (BEIR test, 300 queries)" in text
    assert "| rrf, k 60 | hybrid | 0.720 | 0.950 | 0.690 |" in text
    assert "| 0.350 | 1.000 | 0.050 |" in text
    assert _is_png(tmp_path / "ablations-gold-threshold.png")


def _squad_file(tmp_path: Path) -> Path:
    data = {"version": "v2.0", "data": [{"title": "Mostar_Bridge", "paragraphs": [
        {"context": BEIR_DOCS["101"][1], "qas": [
            {"id": "q1", "question": "In which year was the Mostar Bridge rebuilt?", "is_impossible": False,
             "answers": [{"text": "2004", "answer_start": 0}, {"text": "2004", "answer_start": 0}]},
            {"id": "q2", "question": "How long is the Mostar Bridge in metres?", "is_impossible": True,
             "answers": []}]},
        {"context": BEIR_DOCS["104"][1], "qas": [
            {"id": "q3", "question": "When do coral reefs bleach?", "is_impossible": False,
             "answers": [{"text": "when ocean temperatures rise", "answer_start": 0}]}]},
    ]}]}
    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_load_and_sample_squad(tmp_path):
    data = load_squad(_squad_file(tmp_path))
    assert list(data.paragraphs) == ["a000p000", "a000p001"]
    assert data.paragraphs["a000p000"][0] == "Mostar Bridge"
    assert [(q.id, q.paragraph, q.answers, q.impossible) for q in data.questions] == [
        ("q1", "a000p000", ("2004",), False), ("q2", "a000p000", (), True),
        ("q3", "a000p001", ("when ocean temperatures rise",), False)]
    assert data.has_unanswerable
    first = sample_questions(data.questions, 2, seed=7)
    assert first == sample_questions(data.questions, 2, seed=7) and len(first) == 2
    assert sample_questions(data.questions, None, seed=7) == data.questions
    assert strip_markers("Rebuilt in 2004 [1]. Since [2, 3] then.") == "Rebuilt in 2004. Since then."


def test_run_squad_through_a_real_temporary_store(tmp_path):
    out = run_squad(_squad_file(tmp_path), limit=None, work_dir=tmp_path / "work")
    summary = out["summary"]
    assert list(summary) == ["questions", "paragraph_recall_at_1", "paragraph_recall_at_5",
                             "answer_contains_gold", "refusal_rate_unanswerable",
                             "false_refusal_rate_answerable"]
    assert summary["questions"] == 3
    assert summary["paragraph_recall_at_5"] == 1.0
    assert summary["paragraph_recall_at_1"] == 1.0
    assert {c["id"] for c in out["cases"]} == {"q1", "q2", "q3"}
    # each case keeps the answer's confidence: the refusal curve at other thresholds is read from one run
    assert all(isinstance(c["confidence"], float) for c in out["cases"] if not c["error"]), out["cases"]


# -- the real assistant: the CI gates -----------------------------------------------------------------

@pytest.fixture(scope="module")
def gate_results(library):
    """Both built-in test splits (seed gold, library gold) asked of a seeds + instruments store; the results and
    a readable report are kept in test-artifacts/gold-gate/ (CI's record of the measured level)."""
    results = run_gold(library, load_cases(gold_paths("test")))
    out = ROOT / "test-artifacts" / "gold-gate"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    write_report(results, out, "Gold test splits on the library store")
    return results


def test_gold_run_on_the_library_has_the_agreed_shape(gate_results, library):
    summary = gate_results["summary"]
    assert tuple(summary) == SUMMARY_KEYS
    assert set(gate_results["splits"]) == {"test", "library_test"}
    assert set(gate_results["categories"]["library_test"]) >= {"fact", "list", "followup", "unanswerable"}
    known = {d.id for d in library.documents()}
    for case in gate_results["cases"]:
        assert case["refused"] or case["citations"], case["id"]  # an answer always cites
        for c in case["citations"]:
            assert c["document_id"] in known
    # whatever the answerer does, the seed pages' expected passages are retrievable among 81 documents
    assert gate_results["splits"]["test"]["hit_at_5"] >= 0.9


@pytest.mark.parametrize("split", ["test", "library_test"])
def test_gold_test_splits_meet_their_floors_on_the_library(gate_results, split):
    failures = check_floors(gate_results["splits"][split], SPLIT_FLOORS[split])
    bad = [f"{c['id']}: {c['question']} -> {c['answer'][:120]}" for c in gate_results["cases"]
           if c["split"] == split and not c["scores"]["correct"]]
    assert not failures, "\n".join(failures + ["failing cases:"] + bad)


# -- the CLI shell --------------------------------------------------------------------------------

def test_eval_gold_command_writes_json_and_report(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    runner = CliRunner()
    store = tmp_path / "store"
    result = runner.invoke(app, ["ingest", str(ROOT / "corpus" / "seeds"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    questions = _write_cases(tmp_path, [
        {"id": "c1", "question": "Which bridge in Bosnia and Herzegovina did UNESCO help reconstruct?",
         "history": [], "answerable": True, "expected_sources": [{"document": CUL, "quote": "Mostar Bridge"}],
         "expected_facts": ["Mostar Bridge"]},
        {"id": "c2", "question": "In which year was it rebuilt?",
         "history": ["Which bridge in Bosnia and Herzegovina did UNESCO help reconstruct?"],
         "answerable": True,
         "expected_sources": [{"document": CUL, "quote": "Mostar Bridge"}], "expected_facts": ["2004"]},
        {"id": "c3", "question": "What is the capital of Australia?", "history": [], "answerable": False,
         "expected_sources": [], "expected_facts": []},
    ])
    out = tmp_path / "out" / "gold.json"
    result = runner.invoke(app, ["eval", "gold", "--questions", str(questions), "--store", str(store),
                                 "--json", str(out), "--report", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert tuple(data["summary"]) == SUMMARY_KEYS and data["summary"]["cases"] == 3
    assert [c["id"] for c in data["cases"]] == ["c1", "c2", "c3"]
    assert (tmp_path / "report" / "report.md").is_file()
    assert "hit_at_5" in result.output

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "gold", "--questions", str(bad), "--store", str(store)])
    assert result.exit_code == 2
    assert "bad.jsonl, line 1: question: Field required" in " ".join(result.output.split())


# -- public benchmarks: `pytest -m slow tests/test_eval_runner.py` ------------------------------------
# The first run embeds each benchmark corpus (SciFact: tens of minutes on a CPU) into a kept store under
# $UA_BENCH_CACHE (default /tmp/ua-bench, the folders `python -m benchmarks.ablations` uses too); later runs
# embed nothing and take minutes.

BENCHMARKS = ROOT.parent / "shared" / "benchmarks"
ARTIFACTS = ROOT / "test-artifacts" / "benchmarks"


def _bench_work(name: str) -> Path:
    import os
    import tempfile

    from core.settings import Settings

    s = Settings()
    cache = Path(os.environ.get("UA_BENCH_CACHE") or Path(tempfile.gettempdir()) / "ua-bench")
    return cache / f"{name}-{s.chunk_size}-{s.chunk_overlap}"


@pytest.fixture
def only_when_selected(request):
    """Run only when asked for with `-m slow`, whatever the default marker expression is."""
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("public benchmark: run with -m slow")


@pytest.mark.slow
def test_scifact_reproduces_references_and_meets_target(only_when_selected):
    from evals.references import BEIR as REFERENCE

    if not (BENCHMARKS / "scifact" / "corpus.jsonl").is_file():
        pytest.skip(f"no SciFact at {BENCHMARKS / 'scifact'}")
    out = run_beir(BENCHMARKS / "scifact", work_dir=_bench_work("scifact"))
    write_report(out, ARTIFACTS / "scifact", "BEIR SciFact (test)", REFERENCE["scifact"])
    ndcg = {r["mode"]: r["ndcg_at_10"] for r in out["results"]}
    # MTEB's 0.645 embeds each abstract as one text, which the model cuts at 256 word pieces (71% of SciFact's
    # abstracts are longer: 29% of the text is never read). Ours chunks them, so nothing is cut: 0.662. Built
    # with 512-piece chunks (about one per abstract, cut by the model like MTEB's), ours gives 0.652.
    assert 0.645 <= ndcg["dense"] <= 0.675, ndcg
    assert 0.66 <= ndcg["bm25"] <= 0.69, ndcg  # bm25s 0.676, BEIR paper 0.665
    assert ndcg["hybrid"] >= 0.73, ndcg


@pytest.mark.slow
def test_squad_v1_meets_target(only_when_selected):
    from evals.references import SQUAD as REFERENCE

    name = "dev-v1.1"
    path = BENCHMARKS / "squad" / f"{name}.json"
    if not path.is_file():
        pytest.skip(f"no SQuAD file at {path}")
    out = run_squad(path, limit=1000, seed=7, work_dir=_bench_work(name))
    write_report(out, ARTIFACTS / name, f"SQuAD {name} (1,000 questions, seed 7)", REFERENCE[name])
    targets = {"paragraph_recall_at_5": Bound(">=", 0.93), "answer_contains_gold": Bound(">=", 0.75)}
    failures = check_floors(out["summary"], targets)
    assert not failures, failures


@pytest.mark.slow
def test_squad_v2_refusals_reach_the_target_operating_point(only_when_selected):
    """SQuAD 2.0's unanswerable questions are written to look answerable. The default threshold is the
    conservative end (chosen on dev to keep false refusals <= 0.10); the refusal curve just above it must pass
    through the target, >= 0.40 of unanswerable refused at <= 0.15 false refusals, and at the default the false
    refusals stay within 0.15 while refusing more than a similarity threshold alone does at 0.15 (0.21-0.28)."""
    from core.settings import Settings
    from benchmarks.ablations import squad_sweep

    path = BENCHMARKS / "squad" / "dev-v2.0-half.json"
    if not path.is_file():
        pytest.skip(f"no SQuAD file at {path}")
    default = Settings().refusal_threshold
    # Thresholds on the calibrated probability's scale (assistant/confidence.py), from the default upwards.
    sweep = squad_sweep(path, _bench_work("dev-v2.0-half").parent, limit=1000, seed=7,
                        thresholds=(default, default + 0.025, default + 0.05, default + 0.075))
    points = {float(r["setting"]): (r["refusal_rate_unanswerable"], r["false_refusal_rate_answerable"])
              for r in sweep["rows"]}
    print("threshold: (refusal of unanswerable, false refusal)", points)
    refused, false_refused = points[default]
    assert false_refused <= 0.15 and refused > 0.28, points
    assert any(r >= 0.40 and f <= 0.15 for r, f in points.values()), points
