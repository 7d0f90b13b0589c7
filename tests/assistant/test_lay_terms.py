"""Lay words for what treaties do are read as the treaties' own terms (`assistant.lay_terms`)."""

from __future__ import annotations

import pytest

from assistant import lay_terms
from assistant.lay_terms import legal_terms


@pytest.mark.parametrize("question, expected", [
    ("if a country wants out of the 1989 convention how do they do it", "denounce"),
    ("can a state just leave the 1972 convention?", "denounce"),
    ("How does a State join the Rome Convention?", "accession"),
    ("how many countries had to sign up before it started?", "accession"),
    ("how long till it kicks in", "enter into force"),
    ("Who can withdraw from the Ramsar Convention and how?", "denounce"),  # a treaty is denounced
    ("Can a State withdraw from the 1954 Hague Protocol?", "denounce"),
    ("translators - how shud they get paid acc to the unesco 1976 rec", "remuneration"),
    ("Can a university still let go someone who has it for money reasons?", "dismissal"),
    ("Can a university still let go someone who has it for money reasons?", "financial reasons"),
    ("can they fire a teacher who criticises the government", "dismissal"),
    ("how long do they have to put all the entries on show and do people pay to get in", "free of charge"),
    ("Who can ask the World Heritage Fund for help?", "request requests assistance"),  # session 35
    ("can a country apply for funding under the 2005 convention", "assistance"),
    ("Who can become a party to the Hague Convention of 1954?", "accession"),  # session 36
    ("Which States can become parties to the 2005 Convention?", "accession"),
])
def test_lay_wording_brings_the_instruments_terms(question, expected):
    assert expected in legal_terms(question)


@pytest.mark.parametrize("question", [
    "if my school leaving cert is recognised can a uni still say no",  # "leaving" leaves nothing
    "When did the United States last withdraw from UNESCO?",  # the Constitution's own word
    "How can a Member State withdraw from the Organization?",
    "What does the Convention protect?",
    "Who pays the expenses of the Conciliation and Good Offices Commission?",  # costs, not a person's pay
    "let me know what the 1972 Convention says about the Fund",
    "Does UNESCO pay for the expenses of the Committee?",  # who bears a cost, not what a visitor pays
    "What does the Convention ask for?",
    "Who can ask for the list to be changed?",
    "What does a State have to do once it has become a party?",  # what follows, not who may join
])
def test_other_wording_brings_nothing(question):
    assert legal_terms(question) == ""


def test_off(monkeypatch):
    monkeypatch.setattr(lay_terms, "LAY_TERMS", False)
    assert legal_terms("can a state just leave the 1972 convention?") == ""


def test_leaving_takes_effect_and_does_not_enter_into_force(monkeypatch):
    """A denunciation takes effect; "enter into force" would bring the treaty's own entry-into-force article."""
    question = "if a country wants out of the 1989 convention, how long till it kicks in?"
    assert "take effect" in legal_terms(question) and "enter into force" not in legal_terms(question)
    assert "enter into force" in legal_terms("how long till the 1989 convention kicks in?")
    monkeypatch.setattr(lay_terms, "LEAVING_TAKES_EFFECT", False)
    assert "enter into force" in legal_terms(question)


def test_pay_and_dismissal_off(monkeypatch):
    monkeypatch.setattr(lay_terms, "PAY_AND_DISMISSAL", False)
    assert legal_terms("translators - how shud they get paid acc to the unesco 1976 rec") == ""


@pytest.mark.parametrize("question, treaty, expected", [
    ("And how can it withdraw?", True, "denounce denunciation"),  # asked of a treaty in focus: it is denounced
    ("And how can it withdraw?", False, ""),  # of UNESCO's Constitution: "withdraw" is its own word
    ("Can a State withdraw from UNESCO?", True, ""),
    ("How can a Member State withdraw from the Organization?", True, ""),
    ("Who can withdraw from the Ramsar Convention and how?", True, "denounce denunciation"),  # once, not twice
])
def test_a_bare_withdraw_asked_of_a_treaty_is_its_denunciation(monkeypatch, question, treaty, expected):
    assert legal_terms(question, treaty=treaty) == expected
    monkeypatch.setattr(lay_terms, "WITHDRAW_FROM_FOCUS", False)
    assert "denounce" not in legal_terms("And how can it withdraw?", treaty=True)
