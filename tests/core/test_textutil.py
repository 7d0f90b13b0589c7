"""Display helpers of `core.textutil` (pure logic)."""

from __future__ import annotations

import pytest

from core.textutil import asked_sentences, strip_enumerator, with_apostrophes


@pytest.mark.parametrize("text, shown", [
    ("1. The contracting States undertake", "The contracting States undertake"),
    ("9. (a) The Committee shall", "The Committee shall"),
    ("(iv) publications", "publications"),
    # a paragraph number the source glued to its first word
    ("1.The contracting States undertake", "The contracting States undertake"),
    ("12.Member States shall", "Member States shall"),
    # a paragraph number before its first item, glued or with no dot (the Constitution's "3.(a)", "14 (a)"; session 38)
    ("3.(a) The Director-General, or a deputy", "The Director-General, or a deputy"),
    ("14 (a) Each Member of the Executive Board shall have one vote.", "Each Member of the Executive Board shall have "
                                                                      "one vote."),
    ("12 (1970) figures", "12 (1970) figures"),
    # not a paragraph number: no capitalised word after it
    ("3.an item", "3.an item"),
    # a decimal paragraph number, and a decimal that is a number
    ("1.1 Tolerance is respect, acceptance and appreciation", "Tolerance is respect, acceptance and appreciation"),
    ("1.5 million people were displaced.", "1.5 million people were displaced."),
    ("2.5 % of the budget", "2.5 % of the budget"),
    ("The Committee shall meet.", "The Committee shall meet."),
])
def test_a_leading_enumerator_is_not_shown(text, shown):
    assert strip_enumerator(text) == shown


def test_a_reference_to_an_article_does_not_end_a_sentence():
    from core.textutil import sentence_spans

    text = ("Recalling that the purpose of Unesco is to contribute to peace (Art. I, para. 1 of the Constitution), "
            "and that it acts. Another sentence (Art. 5) here.\nIV. A heading")
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Recalling that the purpose of Unesco is to contribute to peace (Art. I, para. 1 of the Constitution), "
        "and that it acts.", "Another sentence (Art. 5) here.", "IV. A heading"]


def test_a_sentence_never_opens_in_lower_case_on_its_line(monkeypatch):
    # a stray full stop in the source, an abbreviation punkt does not know: the cut is glued back
    from core import textutil
    from core.textutil import sentence_spans

    text = ("Member States should accord to translators the protection accorded to authors under the provisions . of "
            "the international copyright conventions. Another sentence, e.g. this one.\nlower case after a line break")
    got = [text[a:b] for a, b in sentence_spans(text)]
    assert got == ["Member States should accord to translators the protection accorded to authors under the provisions"
                   " . of the international copyright conventions.", "Another sentence, e.g. this one.",
                   "lower case after a line break"]
    monkeypatch.setattr(textutil, "LOWER_CASE_GOES_ON", False)
    assert [text[a:b] for a, b in sentence_spans(text)][0].endswith("under the provisions .")


@pytest.mark.parametrize("text, read", [
    ("whats the point of the anti doping convention", "what's the point of the anti doping convention"),
    ("Whats a wetland? doesnt it cover rivers", "What's a wetland? doesn't it cover rivers"),
    ("What's in it?", "What's in it?"),  # already written with it
    ("the cant of the roof, the thats and whatsoever", "the can't of the roof, the that's and whatsoever"),
    ("Whatsapp and wontons", "Whatsapp and wontons"),  # whole words only
])
def test_a_contraction_typed_without_its_apostrophe_is_written_with_it(text, read):
    assert with_apostrophes(text) == read


@pytest.mark.parametrize("question, asked", [
    ("The two exchange conventions were adopted in December 1958. Who exchanges what under them?",
     "Who exchanges what under them?"),
    ("I teach in Kenya. My school is public. Can I apply?", "Can I apply?"),
    ("What did the U.S. Congress decide?", "What did the U.S. Congress decide?"),  # an abbreviation ends nothing
    ("Is it binding? And who decides?", "Is it binding? And who decides?"),
    ("tell me about the 1972 convention. thanks", "tell me about the 1972 convention. thanks"),  # no "?": all asked
])
def test_what_a_question_asks_leaves_out_the_statements_that_open_it(question, asked):
    assert asked_sentences(question) == asked
