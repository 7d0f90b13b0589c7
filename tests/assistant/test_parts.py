"""Questions with several parts are split into questions of their own (`assistant.parts`)."""

from __future__ import annotations

import pytest

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
