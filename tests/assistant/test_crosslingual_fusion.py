"""A non-English question's multilingual ranking fused with BM25 on its pseudo-English words (assistant/retrieval.py
`PSEUDO_BM25`, docs/languages.md, issue 17), on the whole bundled library with the real models."""

from __future__ import annotations

import pytest

import assistant.retrieval as retrieval

HERITAGE_1972 = "CONVENTION_0201_013055_1972_paris"


@pytest.mark.parametrize("question", [
    "Combien de membres compte le Comité du patrimoine mondial ?",
    "¿Cuántos miembros tiene el Comité del Patrimonio Mundial?",
])
def test_pseudo_english_bm25_finds_the_document_the_multilingual_index_misses(library, monkeypatch, question):
    # The multilingual index alone ranks the 2003 Declaration on the Intentional Destruction of Cultural Heritage
    # or the 2015 Recommendation first; "comité", "patrimoine", "mondial" -> "committee", "heritage", "world" in
    # BM25 point at the World Heritage Convention.
    fused = library.search(question, top_k=5)
    assert fused[0].chunk.document_id == HERITAGE_1972
    assert any(p.keyword_score for p in fused)  # BM25 took part
    monkeypatch.setattr(retrieval, "PSEUDO_BM25", False)
    alone = library.search(question, top_k=5)
    assert alone[0].chunk.document_id != HERITAGE_1972
    assert all(p.keyword_score is None for p in alone)


def test_an_english_question_is_ranked_the_same_with_or_without_it(library, monkeypatch):
    question = "How many members does the World Heritage Committee have?"
    on = [(p.chunk.id, p.score) for p in library.search(question, top_k=5)]
    monkeypatch.setattr(retrieval, "PSEUDO_BM25", False)
    assert [(p.chunk.id, p.score) for p in library.search(question, top_k=5)] == on

