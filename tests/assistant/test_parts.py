"""Questions with several parts are split into questions of their own (`assistant.parts`)."""

from __future__ import annotations

import pytest

from assistant import parts as parts_module
from assistant.parts import split_question


@pytest.mark.parametrize("question, parts", [
    ("When and where was UNESCO's Constitution adopted?",
     ["When was UNESCO's Constitution adopted?", "Where was UNESCO's Constitution adopted?"]),
    ("When was the Hague Convention done, and where?",
     ["When was the Hague Convention done?", "Where was the Hague Convention done?"]),
    ("Who elects the World Heritage Committee, and who elects the Commission?",
     ["Who elects the World Heritage Committee?", "Who elects the Commission?"]),
    ("The brief mentions a Fund. How many projects has it financed? Which article established it?",
     ["The brief mentions a Fund. How many projects has it financed?",
      "The brief mentions a Fund. Which article established it?"]),
    # one question joining two, after a statement: the statement is context for each part
    ("The brief mentions a Fund. How many projects has it financed, and which Convention established it?",
     ["The brief mentions a Fund. How many projects has it financed?",
      "The brief mentions a Fund. Which Convention established it?"]),
    # a phrase that says where to look, or a preposition, before the second question word
    ("How many projects has the Fund financed according to the brief, and under the 2005 Convention who may "
     "contribute to it?", ["How many projects has the Fund financed according to the brief?",
                           "Under the 2005 Convention who may contribute to it?"]),
    ("How many States were to sit on the Committee at first, and to how many could it grow?",
     ["How many States were to sit on the Committee at first?", "To how many could it grow?"]),
    ("For how long is the Director-General appointed, and can they serve more than two terms?",
     ["For how long is the Director-General appointed?", "Can they serve more than two terms?"]),
    # a part without a verb takes the first part's
    ("When does the 2001 Convention enter into force, and for which States?",
     ["When does the 2001 Convention enter into force?", "For which States does the 2001 Convention enter into force?"]),
    # "..., compared with X?": the same question of X, put in place of the name with X's head word
    ("How many States sit on the Intergovernmental Committee of the 2005 Convention on the Diversity of Cultural "
     "Expressions, compared with the World Heritage Committee?",
     ["How many States sit on the Intergovernmental Committee of the 2005 Convention on the Diversity of Cultural "
      "Expressions?", "How many States sit on the World Heritage Committee?"]),
    ("How long must protection last under the 1971 Phonograms Convention, compared with the Rome Convention?",
     ["How long must protection last under the 1971 Phonograms Convention?",
      "How long must protection last under the Rome Convention?"]),
    ("What does the Hague Convention protect as opposed to that of the 1970 Convention?",
     ["What does the Hague Convention protect?", "What does the 1970 Convention protect?"]),
])
def test_several_parts(question, parts):
    assert split_question(question) == parts


@pytest.mark.parametrize("question", [
    "What is science diplomacy?",
    "What do the 1970 Convention and the 1972 Convention each protect?",  # split by documents, not by words
    "How do UNESCO and its partners work together?",
    "List the obligations of States and what they must report.",
    "What are the rights and duties of States and can be restricted?",  # no comma, no subject: one yes/no part
    "Is tolerance a virtue, compared with peace?",  # no question word first: nothing to ask again
    "How does the Committee work, compared with the Bureau?",  # no name with the head word "Bureau"
])
def test_one_part(question):
    assert split_question(question) == [question]


@pytest.mark.parametrize("flag, question, parts", [
    # a second part that is a question word and a phrase naming another thing asks the first part's question of it
    ("BORROWED_PREDICATES",
     "Who runs the day-to-day secretariat work of the Ramsar Convention, and who of the World Heritage Convention?",
     ["Who runs the day-to-day secretariat work of the Ramsar Convention?",
      "Who runs the day-to-day secretariat work of the World Heritage Convention?"]),
    # a question that opens with a clause ("If ..., when ...") is split after it
    ("OPENING_CLAUSES",
     "If a State wants out, when does withdrawal from UNESCO take effect, and when does a denunciation of the "
     "Convention against Doping in Sport take effect?",
     ["If a State wants out, when does withdrawal from UNESCO take effect?",
      "When does a denunciation of the Convention against Doping in Sport take effect?"]),
    # a pair of question words, then a later question
    ("WH_PAIR_AND_MORE", "When and where was the Madrid Convention done, and with whom is it deposited?",
     ["When was the Madrid Convention done?", "Where was the Madrid Convention done?", "With whom is it deposited?"]),
    # a yes/no part about a plain noun phrase, without a pronoun or an article
    ("BARE_YES_NO", "When would that take effect, and would recognition decisions already made still stand?",
     ["When would that take effect?", "Would recognition decisions already made still stand?"]),
    # a phrase that says where to look opens the question: each part keeps it
    ("OPENING_PLACES",
     "In the 1978 Recommendation on educational statistics, from what age is literacy counted, and from what age "
     "by statistics on educational attainment?",
     ["In the 1978 Recommendation on educational statistics, from what age is literacy counted?",
      "In the 1978 Recommendation on educational statistics, from what age by statistics on educational attainment?"]),
    # two yes/no questions joined by ", and"
    ("YES_NO_PAIRS",
     "Can a country take one of its own wetlands off the Ramsar List, and can a property be put on the World "
     "Heritage List without the agreement of the State?",
     ["Can a country take one of its own wetlands off the Ramsar List?",
      "Can a property be put on the World Heritage List without the agreement of the State?"]),
    # the opening clause stays in a second part that names nothing of its own
    ("CLAUSE_IN_EACH_PART",
     "If a country wants out of the 1989 Convention, how is it done, and how long till it kicks in?",
     ["If a country wants out of the 1989 Convention, how is it done?",
      "If a country wants out of the 1989 Convention, how long till it kicks in?"]),
    # a topic before a dash says where each part asks
    ("TOPIC_PARTS",
     "architecture competitions rec - how long are the entries on show, and do people pay to get in?",
     ["architecture competitions rec - how long are the entries on show?",
      "architecture competitions rec - do people pay to get in?"]),
    # an informal question without commas is split where the commas would be
    ("UNPUNCTUATED",
     "if a country wants out of the 1989 convention how do they do it and how long till it kicks in",
     ["if a country wants out of the 1989 convention, how do they do it?",
      "if a country wants out of the 1989 convention, how long till it kicks in?"]),
    ("UNPUNCTUATED",
     "how long do they have to put all the entries on show and do people pay to get in",
     ["how long do they have to put all the entries on show?", "Do people pay to get in?"]),
])
def test_parts_that_need_the_first_part_or_a_plainer_reading(flag, question, parts, monkeypatch):
    assert split_question(question) == parts
    monkeypatch.setattr(parts_module, flag, False)
    assert split_question(question) != parts


@pytest.mark.parametrize("question", [
    "What is the Fund, and is widely used where?",  # an adverb after the verb: no second question
    "How long is the term of office, and is it renewable?",  # the older reading still splits
])
def test_a_bare_yes_no_part_needs_a_noun_after_its_verb(question):
    assert len(split_question(question)) == (1 if "widely" in question else 2)


def test_parts_that_ask_one_question_phrase_of_different_things(monkeypatch):
    pieces = ["In the 1978 Recommendation, from what age is the population covered by literacy statistics?",
              "In the 1978 Recommendation, from what age by statistics on educational attainment?"]
    assert parts_module.parallel(pieces)
    # another question phrase, or nothing of its own in a part: one answer reads better
    assert not parts_module.parallel(["Why was the Fund created?", "What does the Fund finance?"])
    assert not parts_module.parallel(["Who elects the Committee?", "Who elects the Committee of the Convention?"])
    monkeypatch.setattr(parts_module, "PARALLEL_PARTS", False)
    assert not parts_module.parallel(pieces)



@pytest.mark.parametrize("question", [
    # the second part names a document of its own: the opening clause is not lent to it
    "When stolen property is returned under the 1970 Convention, who must compensate the buyer, and what should a "
    "buyer obtain under the 1964 Recommendation?",
])
def test_an_opening_clause_is_not_lent_to_a_part_that_names_its_own_thing(question):
    pieces = split_question(question)
    assert len(pieces) == 2 and not pieces[1].startswith("When stolen")


@pytest.mark.parametrize("question", [
    "bioethics declaration - can u withdraw consent for research??",  # a topic, one question: as asked
    "if my school leaving cert is recognised can a uni still say no",  # an unpunctuated clause, one question
    "1960 rec against discrimination in educ - r private schools ok or does that count as discrimination??",
])
def test_informal_questions_of_one_part_are_returned_as_asked(question):
    assert split_question(question) == [question]


@pytest.mark.parametrize("first, second, name, expected", [
    # the verb before the first part's name takes the other thing as it is
    ("What reservations can a State make when it joins the 1974 Brussels Convention on satellite signals?",
     "What about under the 1979 Madrid Convention?", "the 1974 Brussels Convention on satellite signals",
     "What reservations can a State make when it joins the 1979 Madrid Convention?"),
    # the second part's preposition takes the place of the first's
    ("How many States sit on the Committee of the 1952 Universal Copyright Convention?",
     "How many under the text revised at Paris in 1971?", "the 1952 Universal Copyright Convention",
     "How many States sit on the Committee under the text revised at Paris in 1971?"),
    # what follows the name stays
    ("Who pays the expenses of the 1970 Convention each year?", "What about for the 1972 Convention?",
     "the 1970 Convention", "Who pays the expenses for the 1972 Convention each year?"),
])
def test_a_part_that_only_names_another_thing_borrows_the_first_parts_question(first, second, name, expected):
    start = first.index(name)
    assert parts_module.borrowed_question(first, second, (start, start + len(name))) == expected


def test_a_part_with_a_verb_of_its_own_borrows_nothing(monkeypatch):
    first = "Who pays the expenses of the 1970 Convention?"
    name = (first.index("the 1970"), first.index("?"))
    assert parts_module.borrowed_question(first, "How many States may join the 1972 Convention?", name) == ""
    assert parts_module.borrowed_question(first, "What about the 1972 Convention?", name) == \
        "Who pays the expenses of the 1972 Convention?"
    monkeypatch.setattr(parts_module, "BORROWED_NAMES", False)
    assert parts_module.borrowed_question(first, "What about the 1972 Convention?", name) == ""
