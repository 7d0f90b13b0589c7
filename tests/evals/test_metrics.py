"""Eval metrics on hand-made cases: exact numbers, so a wrong formula fails."""

from __future__ import annotations

import math

import pytest

from evals.gold import ExpectedSource
from evals.metrics import (
    answer_contains_gold,
    answer_correct,
    citation_precision,
    citation_recall,
    fact_present,
    fact_recall,
    hit_at_k,
    mean,
    mrr_at_k,
    ndcg_at_k,
    ndcg_at_k_graded,
    normalise,
    normalize_answer,
    percentile,
    recall_at_k,
    reciprocal_rank,
    source_matches,
    support_rate,
    wrong_document_rate,
)

SCI = "000_ba9ac47ce8679b22"
CUL = "002_9ad71af9260e04b4"


# -- normalise / source_matches -----------------------------------------------------------------

def test_normalise_casefolds_folds_whitespace_and_maps_typography_to_ascii():
    assert normalise("  The  MOSTAR\n\nBridge\t\u00a0– a “symbol” of UNESCO’s  ") == (
        "the mostar bridge - a \"symbol\" of unesco's"
    )
    assert normalise("Stra\u00dfe") == "strasse"  # casefold, not lower
    assert normalise("co\u00adoperation\u200b") == "cooperation"


def test_source_matches_needs_document_and_quote():
    expected = {"document": CUL, "quote": "Mostar Bridge"}
    text = "UNESCO led the reconstruction of the MOSTAR\n bridge – a powerful symbol"
    assert source_matches(CUL, f"{CUL}.txt", text, expected)
    assert not source_matches(SCI, f"{SCI}.txt", text, expected)  # right quote, wrong document
    assert not source_matches(CUL, f"{CUL}.txt", "the Mostar river", expected)  # wrong quote


def test_source_matches_on_source_file_name_and_pydantic_source():
    expected = ExpectedSource(document="cultural_brief.pdf", quote="97 projects in 54 countries")
    text = "financing 97 projects in 54\n\ncountries to date."
    assert source_matches("abc123", "briefs/Cultural_Brief.pdf", text, expected)
    assert not source_matches("abc123", "briefs/other.pdf", text, expected)


def test_source_matches_folds_curly_quotes_in_text_and_quote():
    expected = {"document": CUL, "quote": "UNESCO's International Fund"}
    assert source_matches(CUL, "", "iii. UNESCO\u2019s International Fund for Cultural Diversity", expected)


# -- ranks --------------------------------------------------------------------------------------

def test_hit_at_k():
    flags = [False, False, True, False]
    assert hit_at_k(flags, 1) == 0.0
    assert hit_at_k(flags, 2) == 0.0
    assert hit_at_k(flags, 3) == 1.0
    assert hit_at_k(flags, 10) == 1.0
    assert hit_at_k([], 5) == 0.0
    with pytest.raises(ValueError, match="k must be greater than 0. Currently, k is 0"):
        hit_at_k(flags, 0)


def test_reciprocal_rank():
    assert reciprocal_rank([True, True]) == 1.0
    assert reciprocal_rank([False, False, False, True]) == 0.25
    assert reciprocal_rank([False, False]) == 0.0
    assert reciprocal_rank([]) == 0.0


def test_ndcg_binary():
    # one relevant result at rank 3 of one relevant in all: 1/log2(4) = 0.5
    assert ndcg_at_k([False, False, True], 10, 1) == pytest.approx(0.5)
    # relevant at ranks 1 and 3, two relevant exist: (1 + 0.5) / (1 + 1/log2 3)
    assert ndcg_at_k([True, False, True], 10, 2) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    # the ideal uses min(n_relevant, k): three relevant exist but k = 2
    assert ndcg_at_k([True, True, False], 2, 3) == pytest.approx(1.0)
    # a relevant result beyond k does not count
    assert ndcg_at_k([False, False, True], 2, 1) == 0.0
    assert ndcg_at_k([True], 5, 0) == 0.0
    assert ndcg_at_k([True, False], 10, 1) == 1.0


# -- facts ----------------------------------------------------------------------------------------

ANSWER = ("UNESCO led the reconstruction of the Mostar Bridge \u2013 a powerful symbol of peaceful "
          "coexistence \u2013 in Bosnia and Herzegovina in 2004 [1].")


def test_fact_present_strings_and_alternatives():
    assert fact_present(ANSWER, "2004")
    assert fact_present(ANSWER, "mostar  BRIDGE")
    assert fact_present(ANSWER, "bridge - a powerful")  # en dash folded to hyphen
    assert not fact_present(ANSWER, "2012")
    assert fact_present(ANSWER, ["harmony", "peaceful coexistence"])
    assert not fact_present(ANSWER, ["harmony", "peace treaty"])
    assert not fact_present(ANSWER, [])


def test_fact_recall_and_answer_correct():
    facts = ["2004", ["coexistence", "harmony"], "Timbuktu"]
    assert fact_recall(ANSWER, facts) == pytest.approx(2 / 3)
    assert not answer_correct(ANSWER, facts)
    assert fact_recall(ANSWER, facts[:2]) == 1.0
    assert answer_correct(ANSWER, facts[:2])
    assert fact_recall(ANSWER, []) == 1.0
    assert answer_correct(ANSWER, [])
    assert fact_recall("", ["2004"]) == 0.0


# -- citations, support, latency ----------------------------------------------------------------

EXPECTED = [{"document": CUL, "quote": "Mostar Bridge"}]


def test_citation_precision_needs_an_expected_document_holding_the_quote_or_a_fact():
    cited = [
        (CUL, f"{CUL}.txt", "reconstruction of the Mostar Bridge"),  # matches the expected source
        (CUL, f"{CUL}.txt", "Timbuktu, destroyed by extremists in 2012"),  # neither
        (SCI, f"{SCI}.txt", "In 2004 something else happened"),  # the fact 2004, but another document
        (SCI, f"{SCI}.txt", "The Mostar Bridge, said another page"),  # quote, but wrong document
        (CUL, f"{CUL}.txt", "It was rebuilt in 2004."),  # the fact, in the expected document
    ]
    assert citation_precision(cited, EXPECTED, ["2004"]) == pytest.approx(2 / 5)
    assert citation_precision(cited, EXPECTED, []) == pytest.approx(1 / 5)
    assert citation_precision(cited[:1], EXPECTED, ["2004"]) == 1.0
    assert citation_precision([], EXPECTED, ["2004"]) == 0.0
    # a case that names no document (facts only): any passage holding a fact counts
    assert citation_precision(cited[2:3], [], ["2004"]) == 1.0


def test_wrong_document_rate():
    cited = [(CUL, "", "a"), (SCI, "", "b"), (SCI, "", "c"), (CUL, "", "d")]
    assert wrong_document_rate(cited, EXPECTED) == 0.5
    assert wrong_document_rate(cited[:1], EXPECTED) == 0.0
    assert wrong_document_rate([], EXPECTED) is None
    assert wrong_document_rate(cited, []) is None
    # the document is matched on the id or the source file name, as expected sources are
    assert wrong_document_rate([("upload-1", f"instruments/{CUL}.txt", "x")], EXPECTED) == 0.0


def test_facts_match_whole_words_only():
    assert not fact_present("Science knows no borders; it works across borders.", "cross borders")
    assert fact_present("Science works to cross borders.", "cross borders")
    assert not fact_present("In 20045 nothing happened", "2004")
    assert not fact_present("the Conventions", "Convention")
    assert fact_present("a share of 1 %.", "1 %")  # a non-word end needs no boundary
    assert fact_present("(c) to publicize this prohibition", "(c) to publicize")


def test_facts_accept_numbers_and_dates_written_out():
    assert fact_present("It was signed in one thousand nine hundred and forty-five.", "1945")
    assert fact_present("within six months of the deposit", "6 months")
    assert fact_present("within 6 months of the deposit", "six months")
    assert fact_present("adopted on November 16, 1945 in London", "16 November 1945")
    assert fact_present("adopted on the 16th of November 1945", "16 November 1945")
    assert not fact_present("adopted on November 6, 1945", "16 November 1945")
    assert not fact_present("one of the first laboratories", "1")


def test_citation_recall():
    good = (CUL, "", "the Mostar Bridge")
    bad = (SCI, "", "the Mostar Bridge")
    assert citation_recall([bad, good], EXPECTED)
    assert not citation_recall([bad], EXPECTED)
    assert not citation_recall([], EXPECTED)


def test_support_rate_and_mean():
    assert support_rate([True, False, True, True]) == 0.75
    assert support_rate([]) == 0.0
    assert mean([1.0, 0.0, 0.5]) == 0.5
    assert mean([]) == 0.0


def test_percentile_interpolates_like_numpy():
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 50) == 25.0
    assert percentile(values, 95) == pytest.approx(38.5)
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 40.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([40.0, 10.0, 30.0, 20.0], 50) == 25.0  # order does not matter
    assert percentile([], 50) == 0.0
    with pytest.raises(ValueError, match="p must be between 0 and 100"):
        percentile(values, 101)


# -- BEIR -----------------------------------------------------------------------------------------

def test_ndcg_graded_as_trec_eval():
    qrels = {"a": 2, "b": 1, "c": 0}
    # ranked: x, b, a -> DCG = 1/log2(3) + 2/log2(4) = 0.6309 + 1.0 ; ideal = 2/1 + 1/log2(3)
    expected = (1 / math.log2(3) + 2 / 2) / (2 + 1 / math.log2(3))
    assert ndcg_at_k_graded(["x", "b", "a"], qrels, 10) == pytest.approx(expected)
    assert ndcg_at_k_graded(["a", "b"], qrels, 10) == pytest.approx(1.0)
    # k cuts both the run and the ideal: only "b" at rank 1 counts, ideal is the grade 2
    assert ndcg_at_k_graded(["b", "a"], qrels, 1) == pytest.approx(0.5)
    assert ndcg_at_k_graded(["c", "x"], qrels, 10) == 0.0
    assert ndcg_at_k_graded(["a"], {"a": 0}, 10) == 0.0  # no relevant document
    assert ndcg_at_k_graded(["a", "z"], {"a": -1, "z": 1}, 10) == pytest.approx(1 / math.log2(3))


def test_recall_at_k_and_mrr_at_k():
    qrels = {"a": 1, "b": 1, "c": 0, "d": 2}
    ranked = ["c", "a", "x", "d"]
    assert recall_at_k(ranked, qrels, 2) == pytest.approx(1 / 3)
    assert recall_at_k(ranked, qrels, 4) == pytest.approx(2 / 3)
    assert recall_at_k(ranked, {"c": 0}, 4) == 0.0
    assert mrr_at_k(ranked, qrels, 10) == 0.5
    assert mrr_at_k(ranked, qrels, 1) == 0.0
    assert mrr_at_k(["x", "y", "z", "b"], qrels, 4) == 0.25


# -- SQuAD ----------------------------------------------------------------------------------------

def test_normalize_answer_is_squads():
    assert normalize_answer("The  Denver Broncos!") == "denver broncos"
    assert normalize_answer("an apple, a pear & the plum.") == "apple pear plum"
    assert normalize_answer("theatre") == "theatre"  # articles only as whole words
    assert normalize_answer("Saint-Denis") == "saintdenis"  # punctuation is dropped, not spaced


def test_answer_contains_gold():
    answer = "The game was played at Levi's Stadium in Santa Clara, California [1]."
    assert answer_contains_gold(answer, ["Santa Clara, California"])
    assert answer_contains_gold(answer, ["nowhere", "levis stadium"])
    assert not answer_contains_gold(answer, ["San Francisco"])
    assert not answer_contains_gold("It cost 100 dollars.", ["10"])  # whole words only
    assert not answer_contains_gold(answer, ["", "the"])  # empty after normalisation
