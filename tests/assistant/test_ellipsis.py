"""Elliptical follow-ups ("And a pamphlet?") read as the earlier question with one noun phrase replaced."""

from __future__ import annotations

from assistant.conversation import elliptical_phrase, fill_ellipsis, noun_phrases
from core.types import cited_documents
from tests.assistant.test_library_answers import check_grounded

BOOK = ("What counts as a book under the 1964 Recommendation on the international standardization of statistics "
        "relating to book production and periodicals?")


def test_only_a_bare_noun_phrase_is_elliptical():
    assert elliptical_phrase("And a pamphlet?") == "a pamphlet"
    assert elliptical_phrase("What about the Executive Board?") == "the Executive Board"
    # a verb, a question word or a pronoun of its own: a question that is read as it is
    assert elliptical_phrase("And how does it define waterfowl?") == ""
    assert elliptical_phrase("And for how long are they elected?") == ""
    assert elliptical_phrase("What about the third one?") == ""
    assert elliptical_phrase("A pamphlet?") == ""


def test_noun_phrases_stop_before_prepositions_verbs_and_participles():
    def phrases(q):
        return [q[a:b] for a, b in noun_phrases(q)]

    assert phrases(BOOK) == ["a book", "the 1964 Recommendation", "the international standardization"]
    assert phrases("When was the 1970 Convention adopted?") == ["the 1970 Convention"]
    assert phrases("How many members does the United Nations have?") == ["the United Nations"]
    # the bare term a defining verb asks about (`conversation.BARE_DEFINED_TERMS`)
    assert phrases("How does the 2005 Convention define cultural expressions?") == ["the 2005 Convention",
                                                                                     "cultural expressions"]
    assert phrases("What is meant by cultural property under the 1970 Convention?") == ["cultural property",
                                                                                        "the 1970 Convention"]


def _words_shared(phrase, candidates):  # a stand-in for cosine: 1.0 for a shared word, else 0.3 for "a ..."
    return [1.0 if set(phrase.lower().split()[1:]) & set(c.lower().split()[1:]) else
            (0.5 if c.split()[0].lower() == phrase.split()[0].lower() else 0.1) for c in candidates]


def test_the_most_similar_phrase_of_the_earlier_question_is_replaced():
    assert fill_ellipsis("And a pamphlet?", BOOK, _words_shared, 0.25) == BOOK.replace("a book", "a pamphlet")
    # nothing similar enough, or nothing alike: no filled question
    assert fill_ellipsis("And a pamphlet?", BOOK, lambda p, c: [0.1] * len(c), 0.25) == ""
    assert fill_ellipsis("And a pamphlet?", BOOK, _words_shared, 0.25, alike=lambda p, c: False) == ""
    assert fill_ellipsis("And how about it?", BOOK, _words_shared, 0.25) == ""


def test_an_elliptical_follow_up_is_answered_as_the_earlier_question_about_its_noun(library, monkeypatch):
    """"And a pamphlet?" after "What counts as a book under the 1964 Recommendation ...?" is asked as "What counts as
    a pamphlet under ...?" (`api.ELLIPSES`), and answered by its definition. "And the 1972 Convention?" after "When
    does the 1970 Convention enter into force?" is "When does the 1972 Convention enter into force?"; read as its
    own words, it was refused."""
    import assistant.api as api

    def after(earlier, question):
        first = library.ask(earlier)
        turn = api.Turn(earlier, first.text, tuple(c.document_id for c in first.citations))
        return library.ask(question, history=[turn])

    a = after(BOOK, "And a pamphlet?")
    assert a.retrieval_query == BOOK.replace("a book", "a pamphlet")
    assert a.text.startswith("A pamphlet is a non-periodical printed publication of at least 5 but not more than 48")
    a = after("When does the 1970 Convention enter into force?", "And the 1972 Convention?")
    check_grounded(a)
    assert a.retrieval_query == "When does the 1972 Convention enter into force?"
    assert "CONVENTION_0201_013055_1972_paris" in cited_documents(a)
    assert "twentieth instrument of ratification" in a.text
    monkeypatch.setattr(api, "ELLIPSES", False)
    library.clear_caches()
    assert "twentieth instrument of ratification" not in after("When does the 1970 Convention enter into force?",
                                                                "And the 1972 Convention?").text


def test_a_follow_up_on_another_defined_term_is_asked_as_the_definition_question(library, monkeypatch):
    """"And cultural industries?" after "How does the 2005 Convention define cultural expressions?" asks for the next
    definition of Article 4; with no determiner before the term, no phrase stood for it and the follow-up was asked
    alone, quoting the definition and three sentences that only use the words."""
    import assistant.conversation as conversation
    import assistant.api as api

    earlier = "How does the 2005 Convention define cultural expressions?"
    first = library.ask(earlier)
    assert first.text.startswith("“Cultural expressions” are those expressions that result from the creativity")
    turn = api.Turn(earlier, first.text, cited_documents(first))
    a = library.ask("And cultural industries?", history=[turn])
    check_grounded(a)
    assert a.retrieval_query == "How does the 2005 Convention define cultural industries?"
    assert a.text.startswith("“Cultural industries” refers to industries producing and distributing cultural goods")
    assert cited_documents(a) == ("CONVENTION_0201_031038_2005_paris",) and len(a.citations) == 1
    monkeypatch.setattr(conversation, "BARE_DEFINED_TERMS", False)
    library.clear_caches()
    assert library.ask("And cultural industries?", history=[turn]).retrieval_query == "And cultural industries?"
