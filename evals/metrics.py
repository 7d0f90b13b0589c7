"""Eval metrics as plain functions, each tested on hand-made cases in `tests/test_metrics.py`.

Three families:
- gold questions: matching passages to expected sources, retrieval ranks (hit@k, MRR, binary nDCG),
  facts in the answer, citation precision/recall, sentence support, latency percentiles;
- BEIR: graded nDCG@k, recall@k and MRR@k computed as BEIR does (through pytrec_eval / its own MRR);
- SQuAD: the official answer normalisation and "the answer contains a gold answer".
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

Fact = str | Sequence[str]  # one string, or a list of alternatives


class ExpectedSourceLike(Protocol):
    document: str
    quote: str


# -- text normalisation -----------------------------------------------------------------------

_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u00ad": None,  # soft hyphen
    "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,  # zero-width characters
})
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Casefold, map curly quotes and dashes to ASCII, fold every whitespace run to one space."""
    return _WS.sub(" ", text.translate(_TRANSLATE).casefold()).strip()


def _get(expected: ExpectedSourceLike | Mapping[str, str], name: str) -> str:
    return expected[name] if isinstance(expected, Mapping) else getattr(expected, name)


def source_matches(document_id: str, source: str, text: str,
                   expected: ExpectedSourceLike | Mapping[str, str]) -> bool:
    """A passage matches an expected source when its document id or source file name contains the
    expected `document` and its text contains the expected `quote` (both normalised)."""
    document = normalise(_get(expected, "document"))
    quote = normalise(_get(expected, "quote"))
    in_document = document in normalise(document_id) or document in normalise(source)
    return in_document and quote in normalise(text)


def matches_any(document_id: str, source: str, text: str,
                expected: Iterable[ExpectedSourceLike | Mapping[str, str]]) -> bool:
    return any(source_matches(document_id, source, text, e) for e in expected)


# -- retrieval ranks (binary relevance, ranks 1-based in list order) ----------------------------

def _check_k(k: int) -> None:
    if k <= 0:
        raise ValueError(f"k must be greater than 0. Currently, k is {k}.")


def hit_at_k(relevant_flags: Sequence[bool], k: int) -> float:
    """1.0 when any of the first k results is relevant, else 0.0."""
    _check_k(k)
    return 1.0 if any(relevant_flags[:k]) else 0.0


def reciprocal_rank(relevant_flags: Sequence[bool]) -> float:
    """1 / rank of the first relevant result; 0.0 when none is relevant."""
    for rank, flag in enumerate(relevant_flags, start=1):
        if flag:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(relevant_flags: Sequence[bool], k: int, n_relevant: int) -> float:
    """Binary nDCG@k: DCG = sum of 1/log2(rank+1) over relevant results in the first k; the ideal
    DCG puts min(n_relevant, k) relevant results first. 0.0 when n_relevant is 0."""
    _check_k(k)
    if n_relevant < 0:
        raise ValueError(f"n_relevant must not be negative. Currently, n_relevant is {n_relevant}.")
    dcg = sum(1.0 / math.log2(rank + 1) for rank, flag in enumerate(relevant_flags[:k], start=1) if flag)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(n_relevant, k) + 1))
    return dcg / ideal if ideal > 0 else 0.0


# -- answers ------------------------------------------------------------------------------------

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december")
_MONTH_FIRST = re.compile(rf"\b({_MONTHS})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_ORDINAL_DAY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)\s+(?:of\s+)?({_MONTHS})\b")


def canonical(text: str) -> str:
    """`normalise`, then numbers written in words as digits ("one thousand nine hundred and forty-five" ->
    "1945", "six months" -> "6 months", via text2num) and dates in one order ("November 16, 1945" and
    "16th of November 1945" -> "16 november 1945")."""
    from text_to_num import alpha2digit

    text = normalise(text)
    try:
        text = alpha2digit(text, "en")
    except Exception:  # noqa: BLE001 - a parser failure leaves the text as it was
        pass
    text = _MONTH_FIRST.sub(r"\2 \1 \3", text)
    return _ORDINAL_DAY.sub(r"\1 \2", text)


def contains_phrase(text: str, phrase: str) -> bool:
    """`phrase` occurs in `text` as whole words ("cross borders" is not in "across borders"), after both
    are made `canonical`. Ends of the phrase that are not letters or digits need no boundary."""
    phrase, text = canonical(phrase), canonical(text)
    if not phrase:
        return False
    left = r"(?<!\w)" if phrase[0].isalnum() else ""
    right = r"(?!\w)" if phrase[-1].isalnum() else ""
    return re.search(left + re.escape(phrase) + right, text) is not None


def fact_present(answer_text: str, fact: Fact) -> bool:
    """The answer contains the fact, or one of its alternatives, as whole words (see `contains_phrase`)."""
    alternatives = [fact] if isinstance(fact, str) else list(fact)
    return any(contains_phrase(answer_text, alt) for alt in alternatives)


def fact_recall(answer_text: str, facts: Sequence[Fact]) -> float:
    """Share of expected facts present in the answer; 1.0 when nothing is expected."""
    if not facts:
        return 1.0
    return sum(fact_present(answer_text, f) for f in facts) / len(facts)


def answer_correct(answer_text: str, facts: Sequence[Fact]) -> bool:
    """Every expected fact is present."""
    return all(fact_present(answer_text, f) for f in facts)


# -- citations and support ----------------------------------------------------------------------

Cited = tuple[str, str, str]  # (document id, source file name, passage text)
Expected = Sequence[ExpectedSourceLike | Mapping[str, str]]


def _expected_documents(expected_sources: Expected) -> list[str]:
    return [normalise(_get(e, "document")) for e in expected_sources]


def from_expected_document(document_id: str, source: str, expected_sources: Expected) -> bool:
    """The passage comes from one of the documents the case expects (id or file name contains it)."""
    return any(d in normalise(document_id) or d in normalise(source) for d in _expected_documents(expected_sources))


def citation_precision(cited: Sequence[Cited], expected_sources: Expected, facts: Sequence[Fact]) -> float:
    """Share of cited passages that come from an expected document AND hold its quote or an expected fact.
    With no expected sources (facts only), a passage holding an expected fact counts. 0.0 when nothing is
    cited."""
    if not cited:
        return 0.0
    good = 0
    for document_id, source, text in cited:
        holds = matches_any(document_id, source, text, expected_sources) or any(fact_present(text, f) for f in facts)
        right_document = not expected_sources or from_expected_document(document_id, source, expected_sources)
        good += holds and right_document
    return good / len(cited)


def wrong_document_rate(cited: Sequence[Cited], expected_sources: Expected) -> float | None:
    """Share of cited passages from a document the case does not expect; None when the case names no
    documents or nothing is cited."""
    if not cited or not expected_sources:
        return None
    return sum(not from_expected_document(d, s, expected_sources) for d, s, _ in cited) / len(cited)


def citation_recall(cited: Sequence[Cited], expected_sources: Expected) -> bool:
    """At least one cited passage matches an expected source."""
    return any(matches_any(d, s, t, expected_sources) for d, s, t in cited)


def support_rate(supported_flags: Sequence[bool]) -> float:
    """Share of answer sentences supported by the passages they cite; 0.0 for no sentences."""
    if not supported_flags:
        return 0.0
    return sum(bool(f) for f in supported_flags) / len(supported_flags)


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean; 0.0 for no values."""
    return sum(values) / len(values) if values else 0.0


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) with linear interpolation between closest ranks (numpy's default).
    0.0 for no values."""
    if not 0 <= p <= 100:
        raise ValueError(f"p must be between 0 and 100. Currently, p is {p}.")
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * p / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# -- BEIR (graded relevance; as pytrec_eval's ndcg_cut / recall and BEIR's MRR@k) ---------------

def ndcg_at_k_graded(ranked_ids: Sequence[str], qrels: Mapping[str, int], k: int) -> float:
    """nDCG@k as trec_eval's ndcg_cut (what BEIR reports): gain = relevance grade, discount
    log2(rank + 1), ideal DCG from the k highest grades in the qrels. Negative grades count as 0."""
    _check_k(k)
    dcg = sum(max(qrels.get(doc_id, 0), 0) / math.log2(rank + 1)
              for rank, doc_id in enumerate(ranked_ids[:k], start=1))
    ideal_gains = sorted((g for g in qrels.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(rank + 1) for rank, g in enumerate(ideal_gains, start=1))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at_k(ranked_ids: Sequence[str], qrels: Mapping[str, int], k: int) -> float:
    """Fraction of the relevant documents (grade > 0) found in the first k results."""
    _check_k(k)
    relevant = {doc_id for doc_id, grade in qrels.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked_ids[:k])) / len(relevant)


def mrr_at_k(ranked_ids: Sequence[str], qrels: Mapping[str, int], k: int) -> float:
    """1 / rank of the first relevant document (grade > 0) within the first k; else 0.0."""
    _check_k(k)
    for rank, doc_id in enumerate(ranked_ids[:k], start=1):
        if qrels.get(doc_id, 0) > 0:
            return 1.0 / rank
    return 0.0


# -- SQuAD ---------------------------------------------------------------------------------------

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_PUNCTUATION = set(string.punctuation)


def normalize_answer(s: str) -> str:
    """The official SQuAD v1.1 normalisation: lower case, drop punctuation and the articles
    a/an/the, fold whitespace."""
    s = s.lower()
    s = "".join(ch for ch in s if ch not in _PUNCTUATION)
    s = _ARTICLES.sub(" ", s)
    return " ".join(s.split())


def answer_contains_gold(answer: str, golds: Iterable[str]) -> bool:
    """Some gold answer, normalised as SQuAD does, occurs in the normalised answer (on word
    boundaries, so "10" is not found in "100")."""
    padded = f" {normalize_answer(answer)} "
    for gold in golds:
        g = normalize_answer(gold)
        if g and f" {g} " in padded:
            return True
    return False
