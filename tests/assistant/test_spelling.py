"""Misspelt words of an English question read as the library's own words (`assistant.spelling`, optional:
`UNESCO_ASSISTANT_SPELLING=1`)."""

from __future__ import annotations

import pytest

from assistant.spelling import Speller, model_words
from core.types import Chunk
from store.embedder import resolve_model_path


class _Chunks:
    """The two store calls the speller reads: a fake for the pure logic (the library test below uses the real store)."""

    def __init__(self, texts: list[str]) -> None:
        self.chunks = {f"c{i}": Chunk(id=f"c{i}", document_id="d", text=t, start=0, end=len(t), ordinal=i,
                                      title="A Recommendation") for i, t in enumerate(texts)}

    def chunk_ids(self) -> list[str]:
        return sorted(self.chunks)

    def get_chunks(self, ids: list[str]) -> dict[str, Chunk]:
        return {i: self.chunks[i] for i in ids}


@pytest.fixture(scope="module")
def speller():
    text = ("The Recommendation concerning the Convention and its heritage. " * 3 +
            "A responsibility of the present generations; a responsibility shared. " * 3)
    return Speller(_Chunks([text]), known=model_words(resolve_model_path("all-MiniLM-L6-v2")))


@pytest.mark.parametrize("question, read", [
    ("whats in the recomendation", "whats in the recommendation"),  # "whats": too short to correct
    ("wat does the world heritage convension protect", "wat does the world heritage convention protect"),
    ("the main responsibilty of present gens", "the main responsibility of present gens"),
    # names stay missing, contractions and real English words the library lacks stay as typed
    ("What is the capital of Australia?", "What is the capital of Australia?"),
    ("we're all one species", "we're all one species"),
    ("how old to count", "how old to count"),
])
def test_misspelt_words_are_read_as_the_librarys(speller, question, read):
    assert speller.correct(question) == read


def test_the_model_vocabulary_holds_common_english_words():
    words = model_words(resolve_model_path("all-MiniLM-L6-v2"))
    assert {"count", "species", "exactly"} <= words and "convension" not in words


def test_a_misspelt_question_gets_the_answer_of_the_spelt_one(library):
    """"wat does the world heritage convension protect": with the name spelt right it asks what the Convention is
    for, and gets its first article; the answer keeps the question as typed."""
    speller_on = library.variant(spelling=True)
    a = speller_on.ask("wat does the world heritage convension protect")
    assert not a.refused and a.question == "wat does the world heritage convension protect"
    assert a.text.startswith("For the purposes of this Convention, the following shall be considered as")
