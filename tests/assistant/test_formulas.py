"""The formulas that date and place an instrument (`assistant.formulas`), and what they answer on the library."""

from __future__ import annotations

import pytest

from assistant.formulas import asks_about_adoption, formula_chunks, is_formula
from core.types import Chunk


@pytest.mark.parametrize("question", [
    "When and where was UNESCO's Constitution adopted?",
    "In which city was the Recommendation concerning the Status of the Artist adopted?",
    "At which session of the General Conference was the Declaration of Principles on Tolerance adopted?",
    "When was the Hague Convention done, and where?",
    "On what date was the Universal Copyright Convention revised at Paris?",
    # a statement before the question: "When" starts the question's sentence, not the message
    "The science diplomacy page dates UNESCO's mandate from 1946. When was UNESCO's Constitution itself adopted?",
])
def test_questions_about_adoption(question):
    assert asks_about_adoption(question)


@pytest.mark.parametrize("question", [
    "What does the Convention say about the adoption of measures?",  # about adopting measures, not the text
    "Who adopted the Convention?",  # asks for a body, not a date or place
    "What is science diplomacy?",
    "Where must the defences of peace be constructed?",  # where, but nothing is adopted
    "What does the adopted text say about when to act?",
])
def test_other_questions(question):
    assert not asks_about_adoption(question)


@pytest.mark.parametrize("sentence", [
    "Done at The Hague, this fourteenth day of May, 1954, in English, French, Russian and Spanish.",
    "Adopted in London on 16 November 1945",
    "Adopts this Convention on 20 October 2005.",
    # numbered, as the operative paragraphs of four Recommendations are (2011, 2015 twice, 2019)
    "1.\tAdopts the present Recommendation on Adult Learning and Education, which supersedes the 1976 Recommendation, "
    "on this thirteenth day of November 2015;",
    # an adverb before the verb: the 1997 Declaration on future generations
    "Solemnly proclaims on this twelfth day of November 1997 this Declaration on the Responsibilities of the Present "
    "Generations Towards Future Generations",
    "The General Conference of the United Nations Educational, Scientific and Cultural Organization, meeting in "
    "Belgrade from 23 September to 28 October 1980, at its twenty-first session,",
    "The General Conference ..., meeting in Paris at its twenty-eighth session, from 25 October to 16 November 1995,",
    # the Member States' variant: "at the Nth session of the General Conference"
    "The Member States of the United Nations Educational, Scientific and Cultural Organization, meeting in Paris at "
    "the twenty-eighth session of the General Conference, from 25 October to 16 November 1995,",
])
def test_formulas(sentence):
    assert is_formula(sentence)


@pytest.mark.parametrize("sentence", [
    "Recalling that the Constitution of UNESCO was adopted in 1945,",
    "The Committee shall meet in ordinary session every two years.",
    "Member States are invited to consider the adoption of special means of financing social security for artists.",
    "1. The Committee adopts its own rules of procedure.",  # numbered, but "adopts" is not the opening verb
])
def test_not_formulas(sentence):
    assert not is_formula(sentence)


def _chunk(n: int, text: str) -> Chunk:
    return Chunk(id=f"d:{n}", document_id="d", text=text, source="d.txt", title="T", ordinal=n, start=n * 100,
                 end=n * 100 + len(text))


def test_formula_chunks_closing_first():
    chunks = [_chunk(0, "The General Conference ..., meeting in Sofia from 8 October to 9 November 1985, at its "
                        "twenty-third session,"),
              _chunk(1, "Article 1. The States shall report."),
              _chunk(2, "Done at Sofia, this ninth day of November 1985.")]
    assert [c.ordinal for c in formula_chunks(chunks)] == [2, 0]
    assert formula_chunks(chunks[1:2]) == []


def test_adoption_answered_from_the_formula(library):
    """On the whole library, "when and where" about a named instrument is answered from its dating formula,
    cited to that instrument (before: refused, "I found no passage that gives a date or year")."""
    answer = library.ask("When and where was UNESCO's Constitution adopted?")
    assert not answer.refused, answer.text
    assert "London" in answer.text and "16 November 1945" in answer.text
    assert {c.document_id for c in answer.citations} == {"CONSTITUTION_0201_015244_1945_london"}

    artist = library.ask("In which city was the Recommendation concerning the Status of the Artist adopted?")
    assert not artist.refused, artist.text
    assert "Belgrade" in artist.text
    assert artist.citations[0].document_id == "RECOMMENDATION_0201_013138_1980"


def test_a_session_named_in_a_description_asks_nothing_about_adoption(monkeypatch):
    from assistant import formulas

    described = ("Who bears the cost of transmitting the exchanges, and under the Convention concerning the "
                 "International Exchange of Publications adopted at the same session, do States pay for it?")
    assert not asks_about_adoption(described)
    assert asks_about_adoption("At which session was the Convention adopted?")
    assert asks_about_adoption("The Convention was adopted at what session?")
    monkeypatch.setattr(formulas, "SESSION_ASKED", False)
    assert asks_about_adoption(described)


def test_adoption_is_asked_by_the_question_sentences_not_by_a_statement_before_them(monkeypatch):
    from assistant import formulas

    described = "The two exchange conventions adopted by UNESCO in December 1958 differ. Where are exchanges sent?"
    assert not asks_about_adoption(described)
    assert asks_about_adoption("The two exchange conventions differ. Where was the second one adopted?")
    monkeypatch.setattr(formulas, "ASKED_SENTENCES", False)
    assert asks_about_adoption(described)


def test_a_date_place_or_session_is_asked_by_the_question_words_own_noun(monkeypatch):
    from assistant import formulas

    vote = "By what vote did the General Conference adopt the 2015 Recommendation on museums?"  # "Conference" is a name
    assert not asks_about_adoption(vote)
    assert asks_about_adoption("On what date was the 2015 Recommendation on museums adopted?")
    assert asks_about_adoption("At which session of the General Conference was it adopted?")
    monkeypatch.setattr(formulas, "NOUN_ASKED", False)
    assert asks_about_adoption(vote)


def test_a_dating_formula_is_no_answer_to_who_does_what(library, monkeypatch):
    from assistant import compose, formulas

    question = ("The two exchange conventions adopted by UNESCO in December 1958 cover different exchanges. Who "
                "exchanges what under the Convention concerning the Exchange of Official Publications and Government "
                "Documents between States, and who under the Convention concerning the International Exchange of "
                "Publications?")
    formula = "Adopts, this third day of December 1958, the present Convention."
    answer = library.ask(question)
    assert not answer.refused and formula not in answer.text, answer.text
    monkeypatch.setattr(compose, "FORMULA_ANY_KIND", False)
    monkeypatch.setattr(formulas, "ASKED_SENTENCES", False)
    library.clear_caches()
    assert formula in library.ask(question).text


@pytest.mark.parametrize("module, flag, question, wanted", [
    # "... adopted at the same session" describes the second Convention: the dating formula ("Done at Paris, ... in
    # two authentic copies bearing the signatures ...") was each part's answer
    ("formulas", "SESSION_ASKED", "Under the 1958 Convention concerning the Exchange of Official Publications and "
     "Government Documents between States, who bears the cost of transmitting the exchanges, and under the Convention "
     "concerning the International Exchange of Publications adopted at the same session, do States pay when exchange "
     "partners send material directly to each other?", "the exchange authority which undertakes the transmission"),
    # the third part asks with whom the Convention is deposited; its query's "When and where ... done" is not its own
    ("compose", "PART_OWN_ADOPTION", "When and where was the Multilateral Convention for the Avoidance of Double "
     "Taxation of Copyright Royalties done, and with whom is it deposited?", "deposited with the Secretary-General"),
    # the place is in the document's name, and the formula says it
    ("compose", "FORMULA_PLACES", "Where was the Madrid Convention on double taxation of copyright royalties done?",
     "Done at Madrid on December 13, 1979."),
])
def test_a_dating_formula_answers_only_what_is_asked_of_it(library, monkeypatch, module, flag, question, wanted):
    import importlib

    a = library.ask(question)
    assert wanted in a.text, a.text
    monkeypatch.setattr(importlib.import_module(f"assistant.{module}"), flag, False)
    library.clear_caches()
    assert wanted not in library.ask(question).text


@pytest.mark.parametrize("question, asks", [
    ("Which is older, the Hague Convention or the World Heritage Convention?", True),
    ("Which came first, the 1970 Convention or the Underwater Cultural Heritage Convention?", True),
    ("Was the Universal Declaration on Cultural Diversity adopted before the Convention on the Diversity of Cultural "
     "Expressions?", True),
    # a superlative asks for a thing; an "or" inside a title compares nothing
    ("What is the oldest exhibition site in Warsaw?", False),
    ("Which option should come first for heritage under the 2001 Underwater Cultural Heritage Convention and under "
     "the 1968 Recommendation on cultural property endangered by public or private works?", False),
])
def test_which_of_two_documents_came_first_asks_when_each_was_adopted(question, asks, monkeypatch):
    from assistant import formulas

    assert asks_about_adoption(question) is asks
    monkeypatch.setattr(formulas, "SEQUENCE_ASKED", False)
    assert not asks_about_adoption(question)


def test_which_of_two_documents_is_older_is_answered_by_their_dating_formulas(library, monkeypatch):
    """"Which is older, the Hague Convention or the World Heritage Convention?" quoted Article 36 of the Hague
    Convention on its relation to the Hague Conventions of 1899 and 1907 ("older" is in no article); each document's
    "Done at ..." says when it was adopted."""
    from assistant import formulas

    question = "Which is older, the Hague Convention or the World Heritage Convention?"
    answer = library.ask(question)
    assert not answer.refused, answer.text
    assert "Done at The Hague, this fourteenth day of May, 1954" in answer.text, answer.text
    assert "Done in Paris, this twenty-third day of November 1972" in answer.text, answer.text
    monkeypatch.setattr(formulas, "SEQUENCE_ASKED", False)
    library.clear_caches()
    before = library.ask(question)
    assert "Done in Paris, this twenty-third day of November 1972" not in before.text, before.text
