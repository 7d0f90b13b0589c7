"""The built-in gold questions: valid schema, enough of each kind, and quotes/facts that really occur
in the corpus text (raw files, all whitespace runs folded to one space)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from evals.gold import GoldDataError, default_gold_paths, gold_paths, load_cases, split_name
from evals.metrics import fact_present, normalise

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"


@pytest.fixture(scope="module")
def cases():
    return load_cases(default_gold_paths("seeds"))


@pytest.fixture(scope="module")
def corpus_text() -> dict[str, str]:
    return {p.stem: normalise(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))}


def test_files_follow_the_schema_exactly():
    keys = ["id", "question", "history", "answerable", "expected_sources", "expected_facts"]
    for path in default_gold_paths("seeds"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert list(json.loads(line)) == keys


def test_enough_cases_of_each_kind(cases):
    assert len(cases) >= 40
    assert len({c.id for c in cases}) == len(cases)
    follow = [c for c in cases if c.history]
    unanswerable = [c for c in cases if not c.answerable]
    assert len(follow) >= 8
    assert len(unanswerable) >= 8
    for split in ("dev", "test"):
        in_split = [c for c in cases if c.split == split]
        assert len(in_split) >= 20, split
        assert sum(bool(c.history) for c in in_split) >= 4, split
        assert sum(not c.answerable for c in in_split) >= 4, split
        # follow-ups and answers from both documents in each split
        documents = {s.document for c in in_split for s in c.expected_sources}
        assert len(documents) == 2, split
        followup_documents = {s.document for c in in_split if c.history for s in c.expected_sources}
        assert len(followup_documents) == 2, split


def test_ids_are_prefixed_by_split(cases):
    for c in cases:
        assert c.id[0] == c.split[0], c.id


def test_unanswerable_cases_cover_injections_and_absent_facts(cases):
    questions = [c.question.lower() for c in cases if not c.answerable]
    assert sum("ignore" in q or "disregard" in q or "forget" in q for q in questions) >= 2
    assert any("sesame" in q for q in questions)  # on topic, fact absent
    assert any("australia" in q for q in questions)  # off topic


def test_expected_quotes_occur_in_their_documents(corpus_text):
    for c in load_cases(default_gold_paths("seeds")):
        for source in c.expected_sources:
            matching = [stem for stem in corpus_text if source.document in stem]
            assert matching, f"{c.id}: no corpus file named like {source.document!r}"
            assert any(normalise(source.quote) in corpus_text[stem] for stem in matching), (
                f"{c.id}: quote {source.quote!r} not found in {matching}"
            )
            quote_marks = set("'\"\u2018\u2019\u201c\u201d")
            assert not quote_marks & set(source.quote), f"{c.id}: quote holds quote marks"


@pytest.mark.parametrize("gold_set", ["seeds", "library"])
def test_expected_quotes_survive_cleaning(gold_set):
    """Passages are cut from the cleaned text (lines joined, glyphs and boilerplate dropped): every quote of
    both gold sets must still be there after cleaning (a rule that eats list items fails here)."""
    from ingest.clean import clean

    library = CORPUS.parent
    cleaned = {p.stem: normalise(clean(p.read_text(encoding="utf-8")).text) for p in library.rglob("*.txt")}
    missing = [f"{c.id}: {source.quote!r}" for c in load_cases(default_gold_paths(gold_set))
               for source in c.expected_sources if normalise(source.quote) not in cleaned[source.document]]
    assert not missing, "\n".join(missing)


def test_expected_facts_occur_in_the_expected_documents(corpus_text):
    for c in load_cases(default_gold_paths("seeds")):
        texts = " ".join(corpus_text[stem] for stem in corpus_text
                         if any(s.document in stem for s in c.expected_sources))
        for fact in c.expected_facts:
            assert fact_present(texts, fact), f"{c.id}: fact {fact!r} not in its documents"


def test_split_names():
    assert split_name("evals/data/gold_dev.jsonl") == "dev"
    assert split_name("x/my_questions.jsonl") == "my_questions"
    assert split_name("evals/data/library_test.jsonl") == "library_test"
    assert [split_name(p) for p in gold_paths("test")] == ["test", "library_test"]
    assert [split_name(p) for p in gold_paths("test", "seeds")] == ["test"]
    assert [split_name(p) for p in gold_paths("library_dev")] == ["library_dev"]
    with pytest.raises(GoldDataError, match="No built-in gold set named 'web'"):
        gold_paths(None, "web")
    with pytest.raises(GoldDataError, match="No built-in gold split named 'nope'"):
        gold_paths("nope")


# -- the loader rejects bad files with the file and line ------------------------------------------

GOOD = {"id": "x1", "question": "Q?", "history": [], "answerable": True,
        "expected_sources": [{"document": "d", "quote": "q"}], "expected_facts": ["f", ["a", "b"]]}


def _write(tmp_path: Path, *rows: object) -> Path:
    path = tmp_path / "extra.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
                    encoding="utf-8")
    return path


def test_loader_reads_an_external_file(tmp_path):
    path = _write(tmp_path, GOOD, "", {**GOOD, "id": "x2", "answerable": False,
                                       "expected_sources": [], "expected_facts": []})
    loaded = load_cases([path])
    assert [(c.id, c.split, c.line) for c in loaded] == [("x1", "extra", 1), ("x2", "extra", 3)]
    assert loaded[0].expected_facts == ("f", ("a", "b"))
    assert loaded[0].to_json() == GOOD


@pytest.mark.parametrize(("row", "message"), [
    ("{not json", "line 2: not valid JSON"),
    ("[1, 2]", "line 2: each line must be one JSON object"),
    ({**GOOD, "id": "x2", "extra": 1}, "line 2: extra"),
    ({**GOOD, "id": "x2", "answerable": "yes"}, "line 2: answerable"),
    ({**GOOD, "id": "x2", "history": "earlier"}, "line 2: history"),
    ({**GOOD, "id": "x2", "expected_sources": [{"document": "d"}]}, "line 2: expected_sources.0.quote"),
    ({**GOOD, "id": "x2", "expected_facts": [3]}, "line 2: expected_facts"),
    ({**GOOD, "id": "x2", "expected_facts": [[]]}, "line 2: .*empty fact"),
    ({**GOOD, "id": "x2", "answerable": False}, "line 2: .*must have empty expected_sources"),
    ({**GOOD, "id": "x2", "expected_sources": [], "expected_facts": []}, "line 2: .*needs expected_sources"),
    ({**{k: v for k, v in GOOD.items() if k != "question"}, "id": "x2"}, "line 2: question"),
    (GOOD, "line 2: duplicate id 'x1'"),
])
def test_loader_names_file_and_line_of_a_bad_case(tmp_path, row, message):
    path = _write(tmp_path, GOOD, row)
    with pytest.raises(GoldDataError, match=f"extra.jsonl, {message}"):
        load_cases([path])


def test_loader_reports_a_missing_file(tmp_path):
    with pytest.raises(GoldDataError, match="no such question file"):
        load_cases([tmp_path / "missing.jsonl"])


def test_split_counts_are_balanced(cases):
    counts = Counter(c.split for c in cases)
    assert set(counts) == {"dev", "test"}
    assert abs(counts["dev"] - counts["test"]) <= 4


# -- the library gold set (seeds + legal instruments) ---------------------------------------------

LIBRARY_CATEGORIES = {"fact", "explain", "list", "compare", "followup", "informal", "language", "unanswerable"}


def test_library_set_checks_against_the_texts():
    """Every quote and fact of the library set occurs in its documents (scripts/check_gold.py, the script the
    set was written with), and ids are unique across both splits."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, str(root / "scripts" / "check_gold.py"), "--strict",
                          *map(str, default_gold_paths("library"))], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 problems" in run.stdout


def test_library_set_size_and_coverage():
    cases = load_cases(default_gold_paths("library"))
    assert len(cases) >= 150
    for split in ("library_dev", "library_test"):
        in_split = [c for c in cases if c.split == split]
        per_category = Counter(c.category for c in in_split)
        assert set(per_category) == LIBRARY_CATEGORIES, split
        assert min(per_category.values()) >= 12, (split, per_category)
        assert all(c.history for c in in_split if c.category == "followup"), split
        assert all(c.language != "en" for c in in_split if c.category == "language"), split
        assert all(not c.answerable for c in in_split if c.category == "unanswerable"), split
        instruments = {s.document for c in in_split for s in c.expected_sources if not s.document[:3].isdigit()}
        assert len(instruments) >= 30, (split, len(instruments))


def _checked_development_set(name: str) -> list:
    """The cases of evals/data/NAME after `scripts/check_gold.py --strict` finds 0 problems in it (every quote and
    fact in its documents)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    path = root / "evals" / "data" / name
    run = subprocess.run([sys.executable, str(root / "scripts" / "check_gold.py"), "--strict", str(path)], cwd=root,
                         capture_output=True, text=True)
    assert run.returncode == 0 and "0 problems" in run.stdout, run.stdout + run.stderr
    return load_cases([path])


def test_the_which_document_set_checks_against_the_texts():
    """evals/data/which_document.jsonl (session 37: "Which convention ...?" asked across the library, and such
    questions no held document is about) holds quotes and facts of its documents, both kinds of case, and loads."""
    cases = _checked_development_set("which_document.jsonl")
    assert sum(c.answerable for c in cases) >= 20 and sum(not c.answerable for c in cases) >= 5


def test_the_asked_as_user_set_checks_against_the_texts():
    """evals/data/asked_as_user.jsonl (session 38: questions asked of the library as a user, the ones that showed a
    failure and a few that did not; a development set, the mechanisms were fitted to it) holds quotes and facts of its
    documents, both kinds of case, several languages, and loads."""
    cases = _checked_development_set("asked_as_user.jsonl")
    assert sum(c.answerable for c in cases) >= 15 and sum(not c.answerable for c in cases) >= 3
    assert len({c.language for c in cases}) >= 3
