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
])
def test_several_parts(question, parts):
    assert split_question(question) == parts


@pytest.mark.parametrize("question", [
    "What is science diplomacy?",
    "What do the 1970 Convention and the 1972 Convention each protect?",  # split by documents, not by words
    "How do UNESCO and its partners work together?",
    "List the obligations of States and what they must report.",
])
def test_one_part(question):
    assert split_question(question) == [question]
