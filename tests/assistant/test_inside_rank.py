"""The fitted second stage inside named documents (`assistant.inside_rank`, off by default)."""

from __future__ import annotations

from assistant.inside_rank import FEATURES, Candidate, InsideRanker, features, load_ranker, rank
from core.types import Chunk


def _chunk(n: int, text: str, section: str = "") -> Chunk:
    return Chunk(id=f"d:{n}", document_id="d", text=text, start=n * 100, end=n * 100 + len(text), ordinal=n,
                 section=section, title="T")


CANDIDATES = [
    Candidate(_chunk(0, "Noting the objectives of many texts adopted in 2005, and their diversity,"), 0.40, 4.0,
              True, False),
    Candidate(_chunk(1, "Article 1 – Objectives\n\nThe objectives of this Convention are:\n(a) to protect diversity;",
                     "Article 1 – Objectives"), 0.35, 1.7, False, False),
    Candidate(_chunk(2, "Done at Paris on 20 October 2005."), 0.10, None, False, True),
]


def test_features_read_headings_sentences_and_the_edges():
    rows = features("what are the objectives", "", CANDIDATES)
    assert [r["heading"] for r in rows] == [0.0, 1.0, 0.0]
    assert rows[0]["bm25"] == 1.0 and rows[2]["bm25"] == 0.0
    assert rows[0]["dense_gap"] == 0.0 and rows[1]["dense_gap"] < 0
    assert [r["first"] for r in rows] == [1.0, 0.0, 0.0] and rows[2]["last"] == 1.0
    dated = features("when was it done", "date", CANDIDATES)
    assert dated[2]["typed"] == 1.0 and dated[2]["edge_typed"] == 1.0
    assert dated[1]["typed"] == 0.0


def test_a_heading_weight_lifts_the_article_that_names_what_is_asked():
    only_heading = InsideRanker(tuple(1.0 if f == "heading" else 0.0 for f in FEATURES), 0.0,
                                (0.0,) * len(FEATURES), (1.0,) * len(FEATURES))
    ranked = rank("what are the objectives", "", CANDIDATES, only_heading)
    assert ranked[0][0].chunk.ordinal == 1


def test_committed_weights_load_and_round_trip():
    ranker = load_ranker()
    assert ranker is not None, "assistant/data/inside_rank.json is committed (scripts/train_inside_rank.py)"
    assert InsideRanker.from_json(ranker.to_json()) == ranker


def test_turned_on_it_finds_the_objectives_article(library):
    """Settings(inside_rank=True) on the whole library: the article whose heading is what is asked comes into
    the named document's top 5, where the first stage put a preamble mentioning "2005" first."""
    question = "What are the objectives of the 2005 Convention on the Diversity of Cultural Expressions?"
    focus = library.resolver.focus(question)
    assert focus == ("CONVENTION_0201_031038_2005_paris",)
    second = library.variant(inside_rank=True).retriever.retrieve(question, 5, focus=focus)
    assert "Article 1 – Objectives" in [p.chunk.section for p in second]
    others = [p for p in second if p.chunk.document_id not in focus]
    # at most the one place kept for a page or brief that names it (`retrieval.DESCRIBED_SLOT`)
    assert len(others) <= 1 and all(p.chunk.doc_type in ("web page", "policy brief") for p in others)
